#include "commands.h"
#include "translations.h"
#include "util/hardexit.h"

#include <QCoreApplication>

#ifdef Q_OS_WIN
#include <cstdio>
#include <fcntl.h>
#include <io.h>
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
    return berth::endProcessNow(berth::cli::run(QCoreApplication::arguments()));
}
