#include "util/translate.h"
#include "virtiofsd.h"

namespace berth {

bool Virtiofsd::available()
{
    return false;
}

QString Virtiofsd::find(const QString &)
{
    // QEMU for Windows has no vhost-user devices.
    return {};
}

Virtiofsd::Program Virtiofsd::inspect(const QString &path)
{
    return { path };
}

bool Virtiofsd::actsAsEveryGuestUser(const Program &)
{
    return false;
}

bool Virtiofsd::start(
    const Program &, const QString &, const QString &, const QString &, const QString &, QString *error)
{
    *error = tr("QEMU on Windows cannot share a folder through virtiofs.");
    return false;
}

void Virtiofsd::stop(const QString &, const QString &) { }

bool Virtiofsd::isRunning(const QString &, const QString &, QString *)
{
    return false;
}

} // namespace berth
