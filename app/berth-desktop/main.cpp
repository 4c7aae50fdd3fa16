// berth-desktop: the tray app. Everything it does is in ui/ (berth_ui) over the engine's front door.
#include "desktopapp.h"
#include "settings.h"
#include "singleinstance.h"
#include "util/hardexit.h"

#include <QApplication>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Berth Desktop"));
    QApplication::setOrganizationName(QStringLiteral("Berth"));
    QApplication::setApplicationVersion(QStringLiteral(BERTH_VERSION));
    QApplication::setQuitOnLastWindowClosed(false);

    berth::ui::SingleInstance instance;
    if (instance.otherIsRunning())
        return 0;
    instance.listen();

    berth::ui::Settings settings;
    berth::ui::DesktopApp desktop(berth::ui::Settings::storePath(), &settings);
    QObject::connect(
        &instance, &berth::ui::SingleInstance::raiseRequested, &desktop, &berth::ui::DesktopApp::showWindow);
    QObject::connect(&desktop, &berth::ui::DesktopApp::quitRequested, &app, &QApplication::quit);
    desktop.start();
    // Without a tray the window is the app: closing it ends it.
    if (!desktop.hasTray())
        QApplication::setQuitOnLastWindowClosed(true);
    return berth::endProcessNow(QApplication::exec());
}
