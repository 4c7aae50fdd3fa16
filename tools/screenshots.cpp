// Renders the desktop app's windows into PNGs for the README: each page of the first-run wizard, the main
// window and the tray menu, in the language given. Run by scripts/screenshots.sh under Xvfb.
//   berth-screenshots OUT_DIR LANGUAGE STORE

#include "api/machinewatcher.h"
#include "desktopapp.h"
#include "machinemodel.h"
#include "mainwindow.h"
#include "settings.h"
#include "translations.h"
#include "traycontroller.h"
#include "wizard/checkpage.h"
#include "wizard/createpage.h"
#include "wizard/setupwizard.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPixmap>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>

using namespace berth::ui;

namespace {
void settle(int ms)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < ms) {
        QApplication::processEvents(QEventLoop::AllEvents, 50);
        QThread::msleep(10);
    }
}

bool save(QWidget *widget, const QString &path)
{
    settle(300);
    const bool ok = widget->grab().save(path);
    std::printf("%s %s\n", ok ? "wrote" : "FAILED", qPrintable(path));
    return ok;
}

template <typename Condition> bool waitFor(Condition condition, int ms)
{
    QElapsedTimer timer;
    timer.start();
    while (!condition() && timer.elapsed() < ms)
        settle(50);
    return condition();
}
} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const QStringList args = QApplication::arguments();
    if (args.size() != 4) {
        std::fprintf(stderr, "usage: berth-screenshots OUT_DIR LANGUAGE STORE\n");
        return 2;
    }
    const QString out = args.at(1);
    const QString language = args.at(2);
    const QString store = args.at(3);
    QDir().mkpath(out);
    berth::installTranslations(&app, language);
    QTemporaryDir settingsDir;
    Settings settings(settingsDir.filePath(QStringLiteral("settings.ini")));
    const QString suffix = QLatin1Char('-') + language + QStringLiteral(".png");
    bool ok = true;

    // The wizard, page by page, as on a first run (its own empty store).
    QTemporaryDir emptyStore;
    {
        DesktopApp first(emptyStore.filePath(QStringLiteral("store")), &settings);
        first.showWizard();
        SetupWizard *wizard = first.wizard();
        wizard->move(40, 40);
        ok &= save(wizard, out + QStringLiteral("/wizard-1-welcome") + suffix);
        wizard->next();
        auto *check = qobject_cast<CheckPage *>(wizard->currentPage());
        waitFor([check] { return check->isChecked(); }, 30000);
        ok &= save(wizard, out + QStringLiteral("/wizard-2-check") + suffix);
        wizard->next();
        ok &= save(wizard, out + QStringLiteral("/wizard-3-resources") + suffix);
        wizard->next();
        ok &= save(wizard, out + QStringLiteral("/wizard-4-network") + suffix);
        // A create that fails shows the Create page with everything on it: the engine's steps, its
        // message, and Retry / Delete and retry / Close. (The SSH key named is not there.)
        wizard->back();
        wizard->back();
        check->choose(QStringLiteral("generic"));
        wizard->next();
        wizard->findChild<QLineEdit *>(QStringLiteral("address"))->setText(QStringLiteral("192.0.2.10"));
        wizard->findChild<QLineEdit *>(QStringLiteral("sshKey"))->setText(QStringLiteral("/nonexistent/id_rsa"));
        wizard->next();
        wizard->next();
        auto *create = qobject_cast<CreatePage *>(wizard->currentPage());
        waitFor([create] { return create->errorLabel()->isVisible(); }, 60000);
        ok &= save(wizard, out + QStringLiteral("/wizard-5-create-failed") + suffix);
        // The last page, as it looks once a machine is made.
        wizard->setStartId(SetupWizard::DonePage);
        wizard->restart();
        ok &= save(wizard, out + QStringLiteral("/wizard-6-done") + suffix);
        delete wizard;
    }

    // The window and the tray menu over the store given (the script fills it).
    DesktopApp desktop(store, &settings);
    desktop.watcher()->setIntervals(500, 2000);
    desktop.start(true);
    waitFor([&desktop] { return desktop.watcher()->hasLooked() && desktop.model()->rowCount() > 0; }, 20000);
    settle(4000); // the engines' versions
    desktop.window()->move(40, 40);
    desktop.window()->resize(1000, 420);
    ok &= save(desktop.window(), out + QStringLiteral("/main-window") + suffix);
    QMenu *menu = desktop.tray()->menu();
    menu->popup(QPoint(900, 30));
    ok &= save(menu, out + QStringLiteral("/tray-menu") + suffix);
    menu->hide();
    return ok ? 0 : 1;
}
