#include "vboxhost.h"

namespace berth::vbox {

QStringList installFolders()
{
#if defined(Q_OS_MACOS)
    return { QStringLiteral("/Applications/VirtualBox.app/Contents/MacOS"), QStringLiteral("/usr/local/bin") };
#else
    // Oracle's packages link /usr/bin/VBoxManage to /usr/lib/virtualbox; its .run installer uses /opt.
    return { QStringLiteral("/usr/bin"), QStringLiteral("/usr/local/bin"), QStringLiteral("/usr/lib/virtualbox"),
        QStringLiteral("/opt/VirtualBox") };
#endif
}

QString registryInstallDir()
{
    return {};
}

bool hyperVRunning()
{
    return false;
}

bool hostOnlyRangesLimited()
{
    return true;
}

QByteArray outputAsUtf8(const QByteArray &output)
{
    return output;
}

} // namespace berth::vbox
