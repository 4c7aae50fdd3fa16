// berth-desktop: the tray app. Everything it does is in ui/ (berth_ui) over the engine's front door.
#include "desktopapp.h"
#include "mainwindow.h"
#include "settings.h"
#include "singleinstance.h"
#include "translations.h"
#include "util/hardexit.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QTimer>

#include <cstdio>

int main(int argc, char *argv[])
{
    QElapsedTimer sinceStart;
    sinceStart.start();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Berth Desktop"));
    QApplication::setOrganizationName(QStringLiteral("Berth"));
    QApplication::setApplicationVersion(QStringLiteral(BERTH_VERSION));
    QApplication::setQuitOnLastWindowClosed(false);
    // The engine's debug lines only when asked for (BERTH_DEBUG=1), as the CLI's --debug.
    if (!qEnvironmentVariableIsSet("BERTH_DEBUG"))
        QLoggingCategory::setFilterRules(QStringLiteral("berth.*.debug=false\nberth.*.info=false"));

    berth::ui::SingleInstance instance;
    if (instance.otherIsRunning())
        return 0;
    instance.listen();

    berth::ui::Settings settings;
    // The language Settings chose, else the system's.
    berth::installTranslations(&app, settings.language());
    berth::ui::DesktopApp desktop(berth::ui::Settings::storePath(), &settings);
    QObject::connect(
        &instance, &berth::ui::SingleInstance::raiseRequested, &desktop, &berth::ui::DesktopApp::showWindow);
    QObject::connect(&desktop, &berth::ui::DesktopApp::quitRequested, &app, &QApplication::quit);
    // --hidden (the login autostart's): the tray only; started by the user, the window shows too.
    const bool hidden = QApplication::arguments().contains(QStringLiteral("--hidden"));
    desktop.start(!hidden);
    // For bench/desktop.sh: when the tray and the window are up, once the event loop has shown them.
    if (qEnvironmentVariableIsSet("BERTH_DESKTOP_REPORT")) {
        QTimer::singleShot(0, &desktop, [&] {
            std::fprintf(stderr, "berth-desktop: shown after %lld ms (tray %s, window %s)\n",
                static_cast<long long>(sinceStart.elapsed()), desktop.hasTray() ? "yes" : "no",
                desktop.window()->isVisible() ? "yes" : "no");
            std::fflush(stderr);
        });
    }
    // Without a tray the window is the app: closing it ends it.
    if (!desktop.hasTray())
        QApplication::setQuitOnLastWindowClosed(true);
    return berth::endProcessNow(QApplication::exec());
}
