#include "shell/autostart.h"
#include "support/scopedenvironment.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#ifdef Q_OS_WIN
// shellapi.h needs windows.h first.
// clang-format off
#include <windows.h>
#include <shellapi.h>
// clang-format on
#endif

using namespace berth;

class TestAutostart : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void desktopEntryPath();
    void desktopEntry();
    void execQuoting_data();
    void execQuoting();
    void execRoundTrip();
    void launchAgentPlist();
    void runCommand_data();
    void runCommand();
    void refusesLineBreaks();
#ifdef Q_OS_UNIX
    void desktopEntryLaunchedByGio();
#endif
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    void enableDisableXdg();
#endif
#ifdef Q_OS_WIN
    void enableDisableRunKey();
#endif
};

namespace {

// Arguments with every character the Desktop Entry spec reserves, a percent sign and non-ASCII letters.
const QStringList trickyArguments { QStringLiteral("--autostart"), QStringLiteral("a b"), QStringLiteral("\"q\" 'q'"),
    QStringLiteral("$HOME `id` \\ \\\\"), QStringLiteral("100% %f"), QStringLiteral("<>~|&;*?#()"), QString(),
    QString::fromUtf8("\xc3\xbc\xe2\x82\xac") };

QString value(const QString &text, const QString &key)
{
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        if (line.startsWith(key + QLatin1Char('=')))
            return line.mid(key.size() + 1);
    }
    return {};
}

// The Exec line read back as the Desktop Entry spec says, written here apart from the code under test:
// the string escapes first, then the quoting, then %% for a percent sign.
QStringList parseExec(const QString &exec)
{
    QString unescaped;
    for (qsizetype i = 0; i < exec.size(); ++i) {
        if (exec.at(i) == QLatin1Char('\\') && i + 1 < exec.size()) {
            const QChar next = exec.at(++i);
            unescaped += next == QLatin1Char('s') ? QChar(QLatin1Char(' '))
                : next == QLatin1Char('n')        ? QChar(QLatin1Char('\n'))
                : next == QLatin1Char('t')        ? QChar(QLatin1Char('\t'))
                : next == QLatin1Char('r')        ? QChar(QLatin1Char('\r'))
                                                  : next;
        } else {
            unescaped += exec.at(i);
        }
    }
    QStringList arguments;
    qsizetype i = 0;
    while (i < unescaped.size()) {
        if (unescaped.at(i) == QLatin1Char(' ')) {
            ++i;
            continue;
        }
        QString argument;
        if (unescaped.at(i) == QLatin1Char('"')) {
            for (++i; i < unescaped.size() && unescaped.at(i) != QLatin1Char('"'); ++i) {
                if (unescaped.at(i) == QLatin1Char('\\') && i + 1 < unescaped.size())
                    ++i;
                argument += unescaped.at(i);
            }
            ++i;
        } else {
            for (; i < unescaped.size() && unescaped.at(i) != QLatin1Char(' '); ++i)
                argument += unescaped.at(i);
        }
        arguments << argument.replace(QStringLiteral("%%"), QStringLiteral("%"));
    }
    return arguments;
}

} // namespace

void TestAutostart::desktopEntryPath()
{
    QProcessEnvironment environment;
    QCOMPARE(Autostart::desktopEntryPath(environment), QString());
    environment.insert(QStringLiteral("HOME"), QStringLiteral("/home/jane"));
    QCOMPARE(
        Autostart::desktopEntryPath(environment), QStringLiteral("/home/jane/.config/autostart/berth-desktop.desktop"));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), QStringLiteral("/srv/conf"));
    QCOMPARE(Autostart::desktopEntryPath(environment), QStringLiteral("/srv/conf/autostart/berth-desktop.desktop"));
    // The XDG Base Directory spec: a relative path is invalid and ignored; empty is unset.
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), QStringLiteral("conf"));
    QCOMPARE(
        Autostart::desktopEntryPath(environment), QStringLiteral("/home/jane/.config/autostart/berth-desktop.desktop"));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), QString());
    QCOMPARE(
        Autostart::desktopEntryPath(environment), QStringLiteral("/home/jane/.config/autostart/berth-desktop.desktop"));
}

void TestAutostart::desktopEntry()
{
    QString text;
    QString error;
    QVERIFY2(Autostart::desktopEntry(
                 QStringLiteral("/opt/berth/bin/berth-desktop"), { QStringLiteral("--autostart") }, &text, &error),
        qPrintable(error));
    QCOMPARE(text,
        QStringLiteral("[Desktop Entry]\n"
                       "Type=Application\n"
                       "Name=Berth\n"
                       "Comment=Docker machines in the tray\n"
                       "Icon=berth\n"
                       "TryExec=/opt/berth/bin/berth-desktop\n"
                       "Exec=/opt/berth/bin/berth-desktop --autostart\n"
                       "Terminal=false\n"
                       "X-GNOME-Autostart-enabled=true\n"));
}

// The spec's own examples: quotes around reserved characters, and inside them a backslash is four.
void TestAutostart::execQuoting_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("exec");
    QTest::newRow("space") << QStringLiteral("/opt/My Apps/berth-desktop") << QStringList()
                           << QStringLiteral("\"/opt/My Apps/berth-desktop\"");
    QTest::newRow("backslash") << QStringLiteral("/opt/a\\b") << QStringList() << QStringLiteral("\"/opt/a\\\\\\\\b\"");
    QTest::newRow("dollar") << QStringLiteral("/opt/$x") << QStringList() << QStringLiteral("\"/opt/\\\\$x\"");
    QTest::newRow("quote and backtick") << QStringLiteral("/opt/\"a\"`b`") << QStringList()
                                        << QStringLiteral("\"/opt/\\\\\"a\\\\\"\\\\`b\\\\`\"");
    QTest::newRow("percent") << QStringLiteral("/opt/100%") << QStringList { QStringLiteral("%u") }
                             << QStringLiteral("/opt/100%% %%u");
    QTest::newRow("single quote") << QStringLiteral("/opt/it's") << QStringList() << QStringLiteral("\"/opt/it's\"");
    QTest::newRow("empty argument") << QStringLiteral("/opt/b") << QStringList { QString() }
                                    << QStringLiteral("/opt/b \"\"");
}

void TestAutostart::execQuoting()
{
    QFETCH(QString, program);
    QFETCH(QStringList, arguments);
    QFETCH(QString, exec);
    QString text;
    QString error;
    QVERIFY2(Autostart::desktopEntry(program, arguments, &text, &error), qPrintable(error));
    QCOMPARE(value(text, QStringLiteral("Exec")), exec);
}

void TestAutostart::execRoundTrip()
{
    QString text;
    QString error;
    const QString program = QStringLiteral("/home/j \"a\" $ne/Apps/berth\\desk`top`%");
    QVERIFY2(Autostart::desktopEntry(program, trickyArguments, &text, &error), qPrintable(error));
    QCOMPARE(parseExec(value(text, QStringLiteral("Exec"))), QStringList { program } + trickyArguments);
    // TryExec is a plain string: only the string escape.
    QCOMPARE(
        value(text, QStringLiteral("TryExec")), QString(program).replace(QStringLiteral("\\"), QStringLiteral("\\\\")));
}

void TestAutostart::launchAgentPlist()
{
    QString text;
    QString error;
    const QString program = QStringLiteral("/Applications/Berth & Co <1>.app/Contents/MacOS/berth-desktop");
    QVERIFY2(Autostart::launchAgentPlist(program, trickyArguments, &text, &error), qPrintable(error));
    QVERIFY(text.startsWith(QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE plist")));
    QCOMPARE(Autostart::launchAgentPath(QStringLiteral("/Users/jane")),
        QStringLiteral("/Users/jane/Library/LaunchAgents/") + Autostart::launchAgentLabel() + QStringLiteral(".plist"));

    // Read back as launchd does: the dict's keys and values.
    QXmlStreamReader xml(text);
    QMap<QString, QStringList> dict;
    QString key;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        const QString name = xml.name().toString();
        if (name == QLatin1String("key")) {
            key = xml.readElementText();
        } else if (name == QLatin1String("string")) {
            dict[key] << xml.readElementText();
        } else if (name == QLatin1String("true")) {
            dict[key] << QStringLiteral("true");
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(dict.value(QStringLiteral("Label")), QStringList { Autostart::launchAgentLabel() });
    QCOMPARE(dict.value(QStringLiteral("ProgramArguments")), QStringList { program } + trickyArguments);
    QCOMPARE(dict.value(QStringLiteral("RunAtLoad")), QStringList { QStringLiteral("true") });

    const QString xmllint = QStandardPaths::findExecutable(QStringLiteral("xmllint"));
    if (!xmllint.isEmpty()) {
        QProcess check;
        check.start(xmllint, { QStringLiteral("--noout"), QStringLiteral("-") });
        check.write(text.toUtf8());
        check.closeWriteChannel();
        QVERIFY(check.waitForFinished(20000));
        QVERIFY2(check.exitCode() == 0, check.readAllStandardError().constData());
    }
}

// Windows' command line rules: quotes around spaces, backslashes doubled only before a quote.
void TestAutostart::runCommand_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("command");
    QTest::newRow("program files") << QStringLiteral("C:\\Program Files\\Berth\\berth-desktop.exe")
                                   << QStringList { QStringLiteral("--autostart") }
                                   << QStringLiteral("\"C:\\Program Files\\Berth\\berth-desktop.exe\" --autostart");
    QTest::newRow("forward slashes") << QStringLiteral("C:/Berth/berth-desktop.exe") << QStringList()
                                     << QStringLiteral("\"C:\\Berth\\berth-desktop.exe\"");
    QTest::newRow("space, quote, trailing backslash")
        << QStringLiteral("C:\\b.exe")
        << QStringList { QStringLiteral("a b"), QStringLiteral("say \"hi\""), QStringLiteral("C:\\dir x\\"),
               QStringLiteral("C:\\no\\space\\"), QString() }
        << QStringLiteral("\"C:\\b.exe\" \"a b\" \"say \\\"hi\\\"\" \"C:\\dir x\\\\\" C:\\no\\space\\ \"\"");
    QTest::newRow("backslashes before a quote")
        << QStringLiteral("C:\\b.exe") << QStringList { QStringLiteral("a\\\\\"b") }
        << QStringLiteral("\"C:\\b.exe\" \"a\\\\\\\\\\\"b\"");
}

void TestAutostart::runCommand()
{
    QFETCH(QString, program);
    QFETCH(QStringList, arguments);
    QFETCH(QString, command);
    QString text;
    QString error;
    QVERIFY2(Autostart::runCommand(program, arguments, &text, &error), qPrintable(error));
    QCOMPARE(text, command);
#ifdef Q_OS_WIN
    // As Windows itself splits it.
    int count = 0;
    LPWSTR *argv = CommandLineToArgvW(reinterpret_cast<LPCWSTR>(text.utf16()), &count);
    QVERIFY(argv);
    const auto release = qScopeGuard([&] { LocalFree(argv); });
    QStringList split;
    for (int i = 0; i < count; ++i)
        split << QString::fromWCharArray(argv[i]);
    QCOMPARE(split, QStringList { QDir::toNativeSeparators(program) } + arguments);
#endif
}

void TestAutostart::refusesLineBreaks()
{
    QString text = QStringLiteral("untouched");
    QString error;
    QVERIFY(!Autostart::desktopEntry(QStringLiteral("/opt/a\nb"), {}, &text, &error));
    QVERIFY2(error.contains(QStringLiteral("line break")), qPrintable(error));
    QVERIFY(!Autostart::launchAgentPlist(QStringLiteral("/opt/b"), { QStringLiteral("x\ty") }, &text, &error));
    QVERIFY(!Autostart::runCommand(QStringLiteral("C:\\b.exe"), { QStringLiteral("x\r\ny") }, &text, &error));
    QVERIFY(!Autostart::runCommand(QStringLiteral("C:\\a\"b.exe"), {}, &text, &error));
    QCOMPARE(text, QStringLiteral("untouched"));
}

#ifdef Q_OS_UNIX
// The entry as a desktop starts it: GLib's launcher (GNOME's, XFCE's) runs the Exec line of the file.
void TestAutostart::desktopEntryLaunchedByGio()
{
    const QString gio = QStandardPaths::findExecutable(QStringLiteral("gio"));
    if (gio.isEmpty())
        QSKIP("gio (libglib2.0-bin) is not installed");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // No '%' in it: GLib looks the program up before it turns "%%" back into "%".
    const QString folder = dir.filePath(QStringLiteral("My \"Apps\" $x `y` \\z"));
    QVERIFY(QDir().mkpath(folder));
    const QString program = folder + QStringLiteral("/berth-desktop");
    QFile recorder(program);
    QVERIFY(recorder.open(QIODevice::WriteOnly));
    recorder.write("#!/bin/sh\nfor a in \"$@\"; do printf '%s\\0' \"$a\"; done > \"$0.argv\"\n");
    recorder.close();
    QVERIFY(recorder.setPermissions(recorder.permissions() | QFileDevice::ExeOwner));
    QString text;
    QString error;
    QVERIFY2(Autostart::desktopEntry(program, trickyArguments, &text, &error), qPrintable(error));
    const QString entry = dir.filePath(QStringLiteral("berth-desktop.desktop"));
    QFile file(entry);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text.toUtf8());
    file.close();

    QProcess launch;
    launch.start(gio, { QStringLiteral("launch"), entry });
    QVERIFY(launch.waitForFinished(20000));
    QVERIFY2(launch.exitCode() == 0, launch.readAllStandardError().constData());
    QFile argv(program + QStringLiteral(".argv"));
    for (int i = 0; i < 100 && !argv.exists(); ++i)
        QTest::qWait(100);
    QTest::qWait(200);
    QVERIFY(argv.open(QIODevice::ReadOnly));
    QStringList got;
    for (const QByteArray &argument : argv.readAll().split('\0'))
        got << QString::fromUtf8(argument);
    got.removeLast();
    QCOMPARE(got, trickyArguments);
}
#endif

#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
void TestAutostart::enableDisableXdg()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    berth::test::ScopedEnvironment environment;
    environment.set("HOME", dir.filePath(QStringLiteral("home")).toLocal8Bit());
    environment.set("XDG_CONFIG_HOME", dir.filePath(QStringLiteral("config dir")).toLocal8Bit());
    const QString path = dir.filePath(QStringLiteral("config dir/autostart/berth-desktop.desktop"));

    const Autostart autostart(QStringLiteral("/opt/Berth/berth-desktop"), { QStringLiteral("--autostart") });
    QCOMPARE(autostart.location(), path);
    QVERIFY(!autostart.isEnabled());
    QString error;
    QVERIFY2(autostart.disable(&error), qPrintable(error)); // nothing to remove
    QVERIFY2(autostart.enable(&error), qPrintable(error));
    QVERIFY(autostart.isEnabled());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QString expected;
    QVERIFY(Autostart::desktopEntry(
        QStringLiteral("/opt/Berth/berth-desktop"), { QStringLiteral("--autostart") }, &expected, &error));
    QCOMPARE(QString::fromUtf8(file.readAll()), expected);
    file.close();
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("home/.config"))));

    // A desktop's own switch (GNOME's Startup Applications) turns it off without removing it.
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(expected
                   .replace(QStringLiteral("X-GNOME-Autostart-enabled=true"),
                       QStringLiteral("X-GNOME-Autostart-enabled=false"))
                   .toUtf8());
    file.close();
    QVERIFY(!autostart.isEnabled());
    QVERIFY2(autostart.enable(&error), qPrintable(error));
    QVERIFY(autostart.isEnabled());

    QVERIFY2(autostart.disable(&error), qPrintable(error));
    QVERIFY(!QFile::exists(path));
    QVERIFY(!autostart.isEnabled());

    // Without XDG_CONFIG_HOME: ~/.config.
    environment.unset("XDG_CONFIG_HOME");
    QVERIFY2(autostart.enable(&error), qPrintable(error));
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("home/.config/autostart/berth-desktop.desktop"))));
    QVERIFY(autostart.isEnabled());

    // A path that cannot be written: nothing changes, and the message says what to do.
    const Autostart bad(QStringLiteral("/opt/a\nb"));
    QVERIFY(!bad.enable(&error));
    QVERIFY2(error.contains(QStringLiteral("Move Berth")), qPrintable(error));
    QVERIFY(autostart.isEnabled());
}
#endif

#ifdef Q_OS_WIN
// Wine's registry stands for the user's: the value written, read back by Qt, and removed.
void TestAutostart::enableDisableRunKey()
{
    const QString program = QCoreApplication::applicationFilePath();
    const Autostart autostart(program, { QStringLiteral("--autostart"), QStringLiteral("a b") });
    QString error;
    QVERIFY2(autostart.disable(&error), qPrintable(error));
    QVERIFY(!autostart.isEnabled());
    QVERIFY2(autostart.enable(&error), qPrintable(error));
    QVERIFY(autostart.isEnabled());
    QSettings run(QStringLiteral("HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run"),
        QSettings::NativeFormat);
    QCOMPARE(run.value(QStringLiteral("Berth")).toString(),
        QLatin1Char('"') + QDir::toNativeSeparators(program) + QStringLiteral("\" --autostart \"a b\""));
    QCOMPARE(autostart.location(), Autostart::runKeyPath() + QStringLiteral("\\Berth"));

    QVERIFY2(autostart.disable(&error), qPrintable(error));
    QVERIFY(!autostart.isEnabled());
    run.sync();
    QVERIFY(!run.contains(QStringLiteral("Berth")));
}
#endif

QTEST_GUILESS_MAIN(TestAutostart)
#include "tst_autostart.moc"
