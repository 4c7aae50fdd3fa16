#include "commands.h"
#include "translations.h"

#include <QCoreApplication>

#ifdef Q_OS_WIN
#include <cstdio>
#include <fcntl.h>
#include <io.h>
#include <windows.h>
#endif

int main(int argc, char *argv[])
{
#ifdef Q_OS_WIN
    // Bytes as they are, as docker-machine (Go) writes them: \n, not the C runtime's \r\n.
    _setmode(_fileno(stdout), _O_BINARY);
    _setmode(_fileno(stderr), _O_BINARY);
#endif
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("berth"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BERTH_VERSION));
    // Messages in the user's language (LANGUAGE, LC_ALL, LC_MESSAGES, LANG; Windows: the display
    // language); what scripts read (ls, status, env, inspect, config, url, ip, version) stays English.
    berth::installTranslations(&app);
    const int code = berth::cli::run(QCoreApplication::arguments());
#ifdef Q_OS_WIN
    // Ends here, everything written: under Wine 8 the usual exit hangs for good in the libraries'
    // detach once worker threads have used TLS (`ls`); whether Windows itself would is untested.
    std::fflush(stdout);
    std::fflush(stderr);
    ::TerminateProcess(::GetCurrentProcess(), static_cast<UINT>(code));
#endif
    return code;
}
