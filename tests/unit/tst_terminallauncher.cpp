#include "shell/envrenderer.h"
#include "shell/terminallauncher.h"
#include "support/printedtext.h"
#include "support/scopedenvironment.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <unistd.h>
#endif

using namespace berth;

Q_DECLARE_METATYPE(berth::TerminalKind)
Q_DECLARE_METATYPE(berth::TerminalPlatform)

class TestTerminalLauncher : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void ids();
    void kindsInPreferenceOrder();
#ifdef Q_OS_UNIX
    // Executables without .exe are found by their mode bits: POSIX only.
    void findOnLinux();
#endif
    void findOnWindows();
    void findOnMac();
    void choose();
    void nothingFound_data();
    void nothingFound();
    void shellVariables();
    void linuxPlans_data();
    void linuxPlans();
    void macPlans();
    void windowsPlans();
    void cmdPlan();
    void cmdRefuses_data();
    void cmdRefuses();
    void badVariableName();
    void launchFailureSaysWhatToDo();
#ifdef Q_OS_UNIX
    // The shells and the fake terminal are POSIX programs; cmd's run is tested under Wine below.
    void posixPlanInRealShells_data();
    void posixPlanInRealShells();
    void macTypedCommandInRealShells_data();
    void macTypedCommandInRealShells();
    void openShellStartsTerminal();
#endif
#ifdef Q_OS_WIN
    void cmdPlanUnderCmd();
    void launchCmdDetached();
#endif
};

namespace {

// Values a storage path or proxy setting may hold: spaces, both quotes, '$', backticks, a command
// substitution, a backslash, '!', '%', '&', non-ASCII letters.
QMap<QString, QString> trickyVariables()
{
    return {
        { QStringLiteral("DOCKER_TLS_VERIFY"), QStringLiteral("1") },
        { QStringLiteral("DOCKER_HOST"), QStringLiteral("tcp://192.168.99.100:2376") },
        { QStringLiteral("DOCKER_CERT_PATH"),
            QStringLiteral("/tmp/st o're \"q\" $HOME `id` $(touch pwned) \\ ! % a&b ;x ")
                + QString::fromUtf8("\xc3\xbc\xe2\x82\xac") + QStringLiteral("/machines/box") },
        { QStringLiteral("DOCKER_MACHINE_NAME"), QStringLiteral("box") },
        { QStringLiteral("NO_PROXY"), QStringLiteral("localhost,'$(touch pwned)',%PATH%") },
    };
}

ShellSession session(const QString &shell = QStringLiteral("/bin/bash"))
{
    ShellSession s;
    s.variables = trickyVariables();
    s.banner = TerminalLauncher::shellBanner(QStringLiteral("box"));
    s.shell = shell;
    return s;
}

QProcessEnvironment baseEnvironment()
{
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin:/bin"));
    environment.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
    return environment;
}

bool makeFile(const QString &path, bool executable = true)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write("#!/bin/sh\n");
    file.close();
    return !executable || file.setPermissions(file.permissions() | QFileDevice::ExeOwner);
}

QList<TerminalKind> kindsOf(const QList<Terminal> &terminals)
{
    QList<TerminalKind> kinds;
    for (const Terminal &terminal : terminals)
        kinds << terminal.kind;
    return kinds;
}

QString programOf(const QList<Terminal> &terminals, TerminalKind kind)
{
    for (const Terminal &terminal : terminals) {
        if (terminal.kind == kind)
            return terminal.program;
    }
    return {};
}

// The UTF-16LE text PowerShell's -EncodedCommand carries.
QString decodePowerShell(const QString &base64)
{
    const QByteArray bytes = QByteArray::fromBase64(base64.toLatin1());
    QString text;
    for (qsizetype i = 0; i + 1 < bytes.size(); i += 2)
        text += QChar(char16_t(uchar(bytes.at(i)) | uchar(bytes.at(i + 1)) << 8));
    return text;
}

// NAME=VALUE entries as env -0 writes them (values may hold line breaks), or as cmd's set does, one a line.
QMap<QString, QString> parseEnvironment(const QByteArray &data, char separator)
{
    QMap<QString, QString> values;
    for (const QByteArray &entry : data.split(separator)) {
        const qsizetype eq = entry.indexOf('=');
        if (eq > 0)
            values.insert(
                QString::fromUtf8(entry.left(eq)), QString::fromUtf8(entry.mid(eq + 1)).remove(QLatin1Char('\r')));
    }
    return values;
}

// Waits for a file that a detached process writes, until it stops growing.
QByteArray waitForFile(const QString &path, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    qint64 lastSize = -1;
    while (timer.elapsed() < timeoutMs) {
        const QFileInfo info(path);
        if (info.exists() && info.size() > 0 && info.size() == lastSize) {
            QFile file(path);
            if (file.open(QIODevice::ReadOnly))
                return file.readAll();
        }
        lastSize = info.exists() ? info.size() : -1;
        QTest::qWait(200);
    }
    return {};
}

void compareVariables(const QMap<QString, QString> &got, const QMap<QString, QString> &expected)
{
    for (auto it = expected.cbegin(); it != expected.cend(); ++it)
        QCOMPARE(got.value(it.key()), it.value());
}

} // namespace

void TestTerminalLauncher::ids()
{
    for (const TerminalPlatform platform :
        { TerminalPlatform::Linux, TerminalPlatform::Windows, TerminalPlatform::MacOS }) {
        for (const TerminalKind kind : TerminalLauncher::kindsFor(platform)) {
            TerminalKind back = kind == TerminalKind::XTerm ? TerminalKind::Cmd : TerminalKind::XTerm;
            QVERIFY(TerminalLauncher::kindFromId(TerminalLauncher::id(kind), &back));
            QCOMPARE(back, kind);
            QVERIFY(!TerminalLauncher::displayName(kind).isEmpty());
        }
    }
    TerminalKind kind = TerminalKind::XTerm;
    QVERIFY(!TerminalLauncher::kindFromId(QStringLiteral("hyper"), &kind));
    QVERIFY(!TerminalLauncher::kindFromId(QString(), &kind));
    QCOMPARE(TerminalLauncher::id(TerminalKind::WindowsTerminal), QStringLiteral("windows-terminal"));
    QCOMPARE(TerminalLauncher::id(TerminalKind::GnomeTerminal), QStringLiteral("gnome-terminal"));
}

// The issue's order: Linux $TERMINAL, x-terminal-emulator, gnome-terminal, konsole, xterm; Windows
// Windows Terminal, PowerShell, cmd, Git Bash; macOS Terminal.app, iTerm2.
void TestTerminalLauncher::kindsInPreferenceOrder()
{
    QCOMPARE(TerminalLauncher::kindsFor(TerminalPlatform::Linux),
        (QList<TerminalKind> { TerminalKind::Custom, TerminalKind::XTerminalEmulator, TerminalKind::GnomeTerminal,
            TerminalKind::Konsole, TerminalKind::XTerm }));
    QCOMPARE(TerminalLauncher::kindsFor(TerminalPlatform::Windows),
        (QList<TerminalKind> {
            TerminalKind::WindowsTerminal, TerminalKind::PowerShell, TerminalKind::Cmd, TerminalKind::GitBash }));
    QCOMPARE(TerminalLauncher::kindsFor(TerminalPlatform::MacOS),
        (QList<TerminalKind> { TerminalKind::TerminalApp, TerminalKind::ITerm2 }));
#ifdef Q_OS_WIN
    QCOMPARE(TerminalLauncher::hostPlatform(), TerminalPlatform::Windows);
#elif defined(Q_OS_MACOS)
    QCOMPARE(TerminalLauncher::hostPlatform(), TerminalPlatform::MacOS);
#else
    QCOMPARE(TerminalLauncher::hostPlatform(), TerminalPlatform::Linux);
#endif
}

#ifdef Q_OS_UNIX
void TestTerminalLauncher::findOnLinux()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString bin = dir.filePath(QStringLiteral("bin"));
    const QString other = dir.filePath(QStringLiteral("other bin"));
    QVERIFY(makeFile(bin + QStringLiteral("/xterm")));
    QVERIFY(makeFile(other + QStringLiteral("/konsole")));
    QVERIFY(makeFile(bin + QStringLiteral("/gnome-terminal"), false)); // not executable: not a terminal
    QVERIFY(makeFile(other + QStringLiteral("/kitty")));

    QProcessEnvironment environment;
    environment.insert(QStringLiteral("PATH"), bin + QLatin1Char(':') + other);
    QList<Terminal> found = TerminalLauncher::findTerminals(TerminalPlatform::Linux, environment);
    QCOMPARE(kindsOf(found), (QList<TerminalKind> { TerminalKind::Konsole, TerminalKind::XTerm }));
    QCOMPARE(programOf(found, TerminalKind::XTerm), bin + QStringLiteral("/xterm"));
    QCOMPARE(programOf(found, TerminalKind::Konsole), other + QStringLiteral("/konsole"));

    // TERMINAL, by name in PATH or by path, comes first.
    environment.insert(QStringLiteral("TERMINAL"), QStringLiteral("kitty"));
    found = TerminalLauncher::findTerminals(TerminalPlatform::Linux, environment);
    QCOMPARE(
        kindsOf(found), (QList<TerminalKind> { TerminalKind::Custom, TerminalKind::Konsole, TerminalKind::XTerm }));
    QCOMPARE(programOf(found, TerminalKind::Custom), other + QStringLiteral("/kitty"));
    environment.insert(QStringLiteral("TERMINAL"), other + QStringLiteral("/kitty"));
    QCOMPARE(programOf(TerminalLauncher::findTerminals(TerminalPlatform::Linux, environment), TerminalKind::Custom),
        other + QStringLiteral("/kitty"));
    // A TERMINAL that is not there is left out, not started.
    environment.insert(QStringLiteral("TERMINAL"), QStringLiteral("alacritty"));
    QCOMPARE(kindsOf(TerminalLauncher::findTerminals(TerminalPlatform::Linux, environment)),
        (QList<TerminalKind> { TerminalKind::Konsole, TerminalKind::XTerm }));

    environment.insert(QStringLiteral("PATH"), QString());
    QVERIFY(TerminalLauncher::findTerminals(TerminalPlatform::Linux, environment).isEmpty());
}
#endif

// A Windows drive laid out in a folder: the environment names its folders as Windows would.
void TestTerminalLauncher::findOnWindows()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = dir.path();
    const QString programFiles = root + QStringLiteral("/Program Files");
    const QString localAppData = root + QStringLiteral("/Users/Jane Doe/AppData/Local");
    const QString systemRoot = root + QStringLiteral("/Windows");
    QVERIFY(makeFile(systemRoot + QStringLiteral("/System32/cmd.exe")));
    QVERIFY(makeFile(systemRoot + QStringLiteral("/System32/WindowsPowerShell/v1.0/powershell.exe")));
    QVERIFY(makeFile(localAppData + QStringLiteral("/Microsoft/WindowsApps/wt.exe")));
    QVERIFY(makeFile(localAppData + QStringLiteral("/Programs/Git/bin/bash.exe")));

    QProcessEnvironment environment;
    environment.insert(
        QStringLiteral("PATH"), root + QStringLiteral("/empty;") + systemRoot + QStringLiteral("/System32"));
    environment.insert(QStringLiteral("ProgramFiles"), programFiles);
    environment.insert(QStringLiteral("LOCALAPPDATA"), localAppData);
    environment.insert(QStringLiteral("SystemRoot"), systemRoot);
    QList<Terminal> found = TerminalLauncher::findTerminals(TerminalPlatform::Windows, environment);
    QCOMPARE(kindsOf(found), TerminalLauncher::kindsFor(TerminalPlatform::Windows));
    QCOMPARE(programOf(found, TerminalKind::WindowsTerminal),
        localAppData + QStringLiteral("/Microsoft/WindowsApps/wt.exe"));
    QCOMPARE(programOf(found, TerminalKind::PowerShell),
        systemRoot + QStringLiteral("/System32/WindowsPowerShell/v1.0/powershell.exe"));
    QCOMPARE(programOf(found, TerminalKind::GitBash), localAppData + QStringLiteral("/Programs/Git/bin/bash.exe"));
    QCOMPARE(programOf(found, TerminalKind::Cmd), systemRoot + QStringLiteral("/System32/cmd.exe"));

    // PowerShell 7 before Windows PowerShell; ComSpec before the usual cmd.exe; Git next to git.exe in PATH.
    QVERIFY(makeFile(programFiles + QStringLiteral("/PowerShell/7/pwsh.exe")));
    QVERIFY(makeFile(root + QStringLiteral("/tools/cmd2.exe")));
    environment.insert(QStringLiteral("ComSpec"), root + QStringLiteral("/tools/cmd2.exe"));
    QVERIFY(QDir(localAppData + QStringLiteral("/Programs/Git")).removeRecursively());
    QVERIFY(makeFile(root + QStringLiteral("/Git/cmd/git.exe")));
    QVERIFY(makeFile(root + QStringLiteral("/Git/bin/bash.exe")));
    environment.insert(QStringLiteral("PATH"),
        environment.value(QStringLiteral("PATH")) + QLatin1Char(';') + root + QStringLiteral("/Git/cmd"));
    found = TerminalLauncher::findTerminals(TerminalPlatform::Windows, environment);
    QCOMPARE(programOf(found, TerminalKind::PowerShell), programFiles + QStringLiteral("/PowerShell/7/pwsh.exe"));
    QCOMPARE(programOf(found, TerminalKind::Cmd), root + QStringLiteral("/tools/cmd2.exe"));
    QCOMPARE(QFileInfo(programOf(found, TerminalKind::GitBash)).canonicalFilePath(),
        QFileInfo(root + QStringLiteral("/Git/bin/bash.exe")).canonicalFilePath());

    // Without Windows Terminal, PowerShell and Git: cmd alone.
    QVERIFY(QFile::remove(localAppData + QStringLiteral("/Microsoft/WindowsApps/wt.exe")));
    QVERIFY(QDir(programFiles).removeRecursively());
    QVERIFY(QDir(systemRoot + QStringLiteral("/System32/WindowsPowerShell")).removeRecursively());
    QVERIFY(QDir(root + QStringLiteral("/Git")).removeRecursively());
    QCOMPARE(kindsOf(TerminalLauncher::findTerminals(TerminalPlatform::Windows, environment)),
        (QList<TerminalKind> { TerminalKind::Cmd }));
}

void TestTerminalLauncher::findOnMac()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = dir.path();
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("HOME"), root + QStringLiteral("/Users/jane"));
    QVERIFY(QDir().mkpath(root + QStringLiteral("/System/Applications/Utilities/Terminal.app/Contents")));
    // Without osascript nothing can drive either terminal.
    QVERIFY(TerminalLauncher::findTerminals(TerminalPlatform::MacOS, environment, root).isEmpty());
    QVERIFY(makeFile(root + QStringLiteral("/usr/bin/osascript")));
    QList<Terminal> found = TerminalLauncher::findTerminals(TerminalPlatform::MacOS, environment, root);
    QCOMPARE(kindsOf(found), (QList<TerminalKind> { TerminalKind::TerminalApp }));
    QCOMPARE(found.first().program, root + QStringLiteral("/usr/bin/osascript"));
    // iTerm2 in the user's own Applications folder.
    QVERIFY(QDir().mkpath(root + QStringLiteral("/Users/jane/Applications/iTerm.app")));
    found = TerminalLauncher::findTerminals(TerminalPlatform::MacOS, environment, root);
    QCOMPARE(kindsOf(found), (QList<TerminalKind> { TerminalKind::TerminalApp, TerminalKind::ITerm2 }));
}

void TestTerminalLauncher::choose()
{
    const QList<Terminal> found { { TerminalKind::GnomeTerminal, QStringLiteral("/usr/bin/gnome-terminal") },
        { TerminalKind::XTerm, QStringLiteral("/usr/bin/xterm") } };
    Terminal terminal;
    QString error;
    QVERIFY(TerminalLauncher::choose(found, QString(), TerminalPlatform::Linux, &terminal, &error));
    QCOMPARE(terminal.kind, TerminalKind::GnomeTerminal);
    QVERIFY(TerminalLauncher::choose(found, QStringLiteral("xterm"), TerminalPlatform::Linux, &terminal, &error));
    QCOMPARE(terminal.kind, TerminalKind::XTerm);
    QCOMPARE(terminal.program, QStringLiteral("/usr/bin/xterm"));
    // The choice is gone (uninstalled): the first found.
    QVERIFY(TerminalLauncher::choose(found, QStringLiteral("konsole"), TerminalPlatform::Linux, &terminal, &error));
    QCOMPARE(terminal.kind, TerminalKind::GnomeTerminal);
    QVERIFY(error.isEmpty());
}

void TestTerminalLauncher::nothingFound_data()
{
    QTest::addColumn<TerminalPlatform>("platform");
    QTest::addColumn<QString>("advice");
    QTest::newRow("linux") << TerminalPlatform::Linux << QStringLiteral("set TERMINAL");
    QTest::newRow("windows") << TerminalPlatform::Windows << QStringLiteral("ComSpec");
    QTest::newRow("macos") << TerminalPlatform::MacOS << QStringLiteral("install iTerm2");
}

void TestTerminalLauncher::nothingFound()
{
    QFETCH(TerminalPlatform, platform);
    QFETCH(QString, advice);
    Terminal terminal;
    QString error;
    QVERIFY(!TerminalLauncher::choose({}, QStringLiteral("xterm"), platform, &terminal, &error));
    QVERIFY2(error.contains(advice), qPrintable(error));
}

void TestTerminalLauncher::shellVariables()
{
    EnvSettings settings;
    settings.dockerHost = QStringLiteral("tcp://10.0.2.15:2376");
    settings.certPath = QStringLiteral("/home/jane/.docker/machine/machines/box");
    settings.machineName = QStringLiteral("box");
    QMap<QString, QString> expected { { QStringLiteral("DOCKER_TLS_VERIFY"), QStringLiteral("1") },
        { QStringLiteral("DOCKER_HOST"), settings.dockerHost },
        { QStringLiteral("DOCKER_CERT_PATH"), settings.certPath },
        { QStringLiteral("DOCKER_MACHINE_NAME"), QStringLiteral("box") } };
    QCOMPARE(TerminalLauncher::shellVariables(settings), expected);
    settings.noProxyVar = QStringLiteral("no_proxy");
    settings.noProxyValue = QStringLiteral("localhost,10.0.2.15");
    settings.composeWindowsPaths = true;
    expected.insert(QStringLiteral("no_proxy"), settings.noProxyValue);
    expected.insert(QStringLiteral("COMPOSE_CONVERT_WINDOWS_PATHS"), QStringLiteral("true"));
    QCOMPARE(TerminalLauncher::shellVariables(settings), expected);
    QCOMPARE(TerminalLauncher::shellBanner(QStringLiteral("dev")),
        QStringLiteral("Docker machine dev: docker commands here use it."));
}

void TestTerminalLauncher::linuxPlans_data()
{
    QTest::addColumn<TerminalKind>("kind");
    QTest::addColumn<QStringList>("before"); // the terminal's own arguments, before /bin/sh -c
    const QString title = QStringLiteral("Docker: box");
    QTest::newRow("TERMINAL") << TerminalKind::Custom << QStringList { QStringLiteral("-e") };
    QTest::newRow("x-terminal-emulator") << TerminalKind::XTerminalEmulator << QStringList { QStringLiteral("-e") };
    QTest::newRow("gnome-terminal") << TerminalKind::GnomeTerminal << QStringList { QStringLiteral("--") };
    QTest::newRow("konsole") << TerminalKind::Konsole << QStringList { QStringLiteral("-e") };
    QTest::newRow("xterm") << TerminalKind::XTerm << QStringList { QStringLiteral("-T"), title, QStringLiteral("-e") };
}

void TestTerminalLauncher::linuxPlans()
{
    QFETCH(TerminalKind, kind);
    QFETCH(QStringList, before);
    ShellSession s = session(QStringLiteral("/usr/bin/fish"));
    s.command = QStringLiteral("docker version");
    s.workingDirectory = QStringLiteral("/home/jane/my project");
    LaunchPlan plan;
    QString error;
    QVERIFY2(TerminalLauncher::plan({ kind, QStringLiteral("/usr/bin/term") }, s, baseEnvironment(), &plan, &error),
        qPrintable(error));
    QCOMPARE(plan.program, QStringLiteral("/usr/bin/term"));
    QCOMPARE(plan.arguments.mid(0, before.size()), before);
    // Every value is an argument of its own after the fixed script: none is parsed as shell text.
    const QStringList rest = plan.arguments.mid(before.size());
    QCOMPARE(rest.size(), 8);
    QCOMPARE(rest.mid(0, 2), (QStringList { QStringLiteral("/bin/sh"), QStringLiteral("-c") }));
    QCOMPARE(rest.mid(3),
        (QStringList { QStringLiteral("berth-shell"), QStringLiteral("/usr/bin/fish"), s.banner, s.command,
            QStringLiteral("keep") }));
    ShellSession other = s;
    other.variables.insert(QStringLiteral("DOCKER_HOST"), QStringLiteral("tcp://[::1]:1"));
    other.banner = QStringLiteral("other");
    LaunchPlan otherPlan;
    QVERIFY(TerminalLauncher::plan(
        { kind, QStringLiteral("/usr/bin/term") }, other, baseEnvironment(), &otherPlan, &error));
    QCOMPARE(otherPlan.arguments.at(before.size() + 2), rest.at(2));
    QCOMPARE(plan.workingDirectory, s.workingDirectory);
    QCOMPARE(plan.environment.value(QStringLiteral("PATH")), QStringLiteral("/usr/bin:/bin"));
    for (auto it = s.variables.cbegin(); it != s.variables.cend(); ++it)
        QCOMPARE(plan.environment.value(it.key()), it.value());
    QVERIFY(plan.nativeArguments.isEmpty());

    // Line breaks reach a POSIX shell through the environment unchanged.
    s.variables.insert(QStringLiteral("DOCKER_CERT_PATH"), QStringLiteral("/a\nb"));
    QVERIFY2(TerminalLauncher::plan({ kind, QStringLiteral("/usr/bin/term") }, s, baseEnvironment(), &plan, &error),
        qPrintable(error));
    QCOMPARE(plan.environment.value(QStringLiteral("DOCKER_CERT_PATH")), QStringLiteral("/a\nb"));
}

void TestTerminalLauncher::macPlans()
{
    for (const TerminalKind kind : { TerminalKind::TerminalApp, TerminalKind::ITerm2 }) {
        LaunchPlan plan;
        QString error;
        QVERIFY2(TerminalLauncher::plan(
                     { kind, QStringLiteral("/usr/bin/osascript") }, session(), baseEnvironment(), &plan, &error),
            qPrintable(error));
        QCOMPARE(plan.program, QStringLiteral("/usr/bin/osascript"));
        // -e LINE pairs, then the command typed into the terminal's shell, handed to the run handler.
        QVERIFY(plan.arguments.size() % 2 == 1);
        QStringList lines;
        for (qsizetype i = 0; i + 1 < plan.arguments.size(); i += 2) {
            QCOMPARE(plan.arguments.at(i), QStringLiteral("-e"));
            lines << plan.arguments.at(i + 1);
        }
        QCOMPARE(lines.first(), QStringLiteral("on run argv"));
        QCOMPARE(lines.last(), QStringLiteral("end run"));
        const QString application
            = kind == TerminalKind::TerminalApp ? QStringLiteral("\"Terminal\"") : QStringLiteral("\"iTerm\"");
        QCOMPARE(lines.at(1), QStringLiteral("tell application ") + application);
        QVERIFY(lines.join(QLatin1Char('\n')).contains(QStringLiteral("(item 1 of argv)")));
        // The typed command holds nothing any shell reads into between single quotes.
        const QString typed = plan.arguments.last();
        static const QRegularExpression safe(QStringLiteral("^exec /bin/sh -c 'eval \"\\$\\(echo [A-Za-z0-9+/=]+ \\| "
                                                            "/usr/bin/base64 -D\\)\"'$"));
        QVERIFY2(safe.match(typed).hasMatch(), qPrintable(typed));
    }
}

void TestTerminalLauncher::windowsPlans()
{
    ShellSession s = session(QStringLiteral("powershell"));
    s.variables = { { QStringLiteral("DOCKER_HOST"), QStringLiteral("tcp://10.0.2.15:2376") },
        { QStringLiteral("DOCKER_CERT_PATH"), QStringLiteral("C:\\Users\\Jane \"J\" Doe\\$x `y`") },
        { QStringLiteral("DOCKER_MACHINE_NAME"), QStringLiteral("box") } };
    s.workingDirectory = QStringLiteral("C:\\Users\\Jane Doe");
    s.command = QStringLiteral("docker version");
    LaunchPlan plan;
    QString error;
    QVERIFY2(
        TerminalLauncher::plan({ TerminalKind::PowerShell, QStringLiteral("C:/Program Files/PowerShell/7/pwsh.exe") },
            s, QProcessEnvironment(), &plan, &error),
        qPrintable(error));
    QCOMPARE(plan.arguments.mid(0, 3),
        (QStringList { QStringLiteral("-NoLogo"), QStringLiteral("-NoExit"), QStringLiteral("-EncodedCommand") }));
    QCOMPARE(plan.arguments.size(), 4);
    const QString script = QStringLiteral("Set-Location -LiteralPath \"C:\\Users\\Jane Doe\"\n"
                                          "$Env:DOCKER_CERT_PATH = \"C:\\Users\\Jane `\"J`\" Doe\\`$x ``y``\"\n"
                                          "$Env:DOCKER_HOST = \"tcp://10.0.2.15:2376\"\n"
                                          "$Env:DOCKER_MACHINE_NAME = \"box\"\n"
                                          "Write-Host \"Docker machine box: docker commands here use it.\"\n"
                                          "docker version\n");
    QCOMPARE(decodePowerShell(plan.arguments.at(3)), script);
    QCOMPARE(plan.environment.value(QStringLiteral("DOCKER_HOST")), QStringLiteral("tcp://10.0.2.15:2376"));

    // Windows Terminal hosts the same PowerShell in a new window; ';' in its title is escaped for wt.exe.
    s.variables.insert(QStringLiteral("DOCKER_MACHINE_NAME"), QStringLiteral("a;b"));
    s.keepShell = false;
    s.shell = QStringLiteral("C:\\Program Files\\PowerShell\\7\\pwsh.exe");
    QVERIFY2(TerminalLauncher::plan(
                 { TerminalKind::WindowsTerminal, QStringLiteral("wt.exe") }, s, QProcessEnvironment(), &plan, &error),
        qPrintable(error));
    QCOMPARE(plan.arguments.mid(0, 8),
        (QStringList { QStringLiteral("-w"), QStringLiteral("new"), QStringLiteral("new-tab"),
            QStringLiteral("--title"), QStringLiteral("Docker: a\\;b"), QStringLiteral("pwsh.exe"),
            QStringLiteral("-NoLogo"), QStringLiteral("-EncodedCommand") }));
    QVERIFY(decodePowerShell(plan.arguments.at(8)).contains(QStringLiteral("$Env:DOCKER_MACHINE_NAME = \"a;b\"\n")));

    // Git Bash: the same POSIX run as on Linux, in a login shell that keeps the working folder.
    QVERIFY2(TerminalLauncher::plan({ TerminalKind::GitBash, QStringLiteral("C:/Program Files/Git/bin/bash.exe") }, s,
                 QProcessEnvironment(), &plan, &error),
        qPrintable(error));
    QCOMPARE(plan.arguments.size(), 8);
    QCOMPARE(plan.arguments.mid(0, 2), (QStringList { QStringLiteral("--login"), QStringLiteral("-c") }));
    QCOMPARE(plan.arguments.mid(3),
        (QStringList {
            QStringLiteral("berth-shell"), QStringLiteral("bash"), s.banner, s.command, QStringLiteral("end") }));
    QCOMPARE(plan.environment.value(QStringLiteral("CHERE_INVOKING")), QStringLiteral("1"));
}

void TestTerminalLauncher::cmdPlan()
{
    ShellSession s = session(QStringLiteral("cmd"));
    s.variables.insert(QStringLiteral("DOCKER_CERT_PATH"), QStringLiteral("C:\\Users\\A&B \"x\" %PATH% ^!"));
    s.banner = QStringLiteral("Machine <a|b> (\"c\") & ^d");
    LaunchPlan plan;
    QString error;
    QVERIFY2(TerminalLauncher::plan({ TerminalKind::Cmd, QStringLiteral("C:\\Windows\\system32\\cmd.exe") }, s,
                 QProcessEnvironment(), &plan, &error),
        qPrintable(error));
    QCOMPARE(plan.program, QStringLiteral("C:\\Windows\\system32\\cmd.exe"));
    QVERIFY(plan.arguments.isEmpty());
    QCOMPARE(plan.nativeArguments, QStringLiteral("/S /K \"echo:Machine ^<a^|b^> ^(^\"c^\"^) ^& ^^d\""));
    // Values reach cmd through its environment, never its command line.
    QCOMPARE(
        plan.environment.value(QStringLiteral("DOCKER_CERT_PATH")), QStringLiteral("C:\\Users\\A&B \"x\" %PATH% ^!"));

    s.command = QStringLiteral("set > out.txt");
    s.keepShell = false;
    QVERIFY(TerminalLauncher::plan(
        { TerminalKind::Cmd, QStringLiteral("cmd.exe") }, s, QProcessEnvironment(), &plan, &error));
    QCOMPARE(plan.nativeArguments, QStringLiteral("/S /C \"echo:Machine ^<a^|b^> ^(^\"c^\"^) ^& ^^d&set > out.txt\""));
}

void TestTerminalLauncher::cmdRefuses_data()
{
    QTest::addColumn<QString>("banner");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("message");
    const QString banner = TerminalLauncher::shellBanner(QStringLiteral("box"));
    QTest::newRow("percent in banner") << QStringLiteral("100% %PATH%") << QStringLiteral("x")
                                       << QStringLiteral("cannot show");
    QTest::newRow("line break in banner")
        << QStringLiteral("a\nb") << QStringLiteral("x") << QStringLiteral("cannot show");
    QTest::newRow("line break in value") << banner << QStringLiteral("C:\\a\nb") << QStringLiteral("line break");
    QTest::newRow("tab in value") << banner << QStringLiteral("C:\\a\tb") << QStringLiteral("control character");
}

void TestTerminalLauncher::cmdRefuses()
{
    QFETCH(QString, banner);
    QFETCH(QString, value);
    QFETCH(QString, message);
    ShellSession s = session(QStringLiteral("cmd"));
    s.banner = banner;
    s.variables.insert(QStringLiteral("DOCKER_CERT_PATH"), value);
    LaunchPlan plan;
    plan.program = QStringLiteral("untouched");
    QString error;
    QVERIFY(!TerminalLauncher::plan(
        { TerminalKind::Cmd, QStringLiteral("cmd.exe") }, s, QProcessEnvironment(), &plan, &error));
    QVERIFY2(error.contains(message), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("Choose another terminal")), qPrintable(error));
    QCOMPARE(plan.program, QStringLiteral("untouched"));
}

void TestTerminalLauncher::badVariableName()
{
    for (const QString &name : { QStringLiteral("A B"), QStringLiteral("1X"), QStringLiteral("X=Y"), QString() }) {
        ShellSession s = session();
        s.variables.insert(name, QStringLiteral("v"));
        for (const TerminalKind kind : { TerminalKind::XTerm, TerminalKind::TerminalApp, TerminalKind::PowerShell }) {
            LaunchPlan plan;
            QString error;
            QVERIFY(!TerminalLauncher::plan({ kind, QStringLiteral("x") }, s, QProcessEnvironment(), &plan, &error));
            QVERIFY2(error.contains(QStringLiteral("is not a name")), qPrintable(error));
        }
    }
}

void TestTerminalLauncher::launchFailureSaysWhatToDo()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    LaunchPlan plan;
    plan.program = dir.filePath(QStringLiteral("no-such-terminal"));
    plan.environment = QProcessEnvironment::systemEnvironment();
    QString error;
    QVERIFY(!TerminalLauncher::launch(plan, &error));
    QVERIFY2(error.contains(QDir::toNativeSeparators(plan.program)), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("Choose another terminal in Settings")), qPrintable(error));
#ifdef Q_OS_UNIX
    // Why, from the failed exec.
    QVERIFY2(error.contains(QStringLiteral("No such file or directory")), qPrintable(error));
    // A folder given as the working directory that is not there.
    plan.program = QStringLiteral("/bin/sh");
    plan.workingDirectory = dir.filePath(QStringLiteral("gone"));
    QVERIFY(!TerminalLauncher::launch(plan, &error));
    QVERIFY2(error.contains(QStringLiteral("No such file or directory")), qPrintable(error));
#endif
}

#ifdef Q_OS_UNIX
namespace {

// A session for a real shell: values with a line break too, and a command that writes the environment.
ShellSession envSession(const QString &shell)
{
    ShellSession s = session(shell);
    s.variables.insert(QStringLiteral("DOCKER_CERT_PATH"),
        s.variables.value(QStringLiteral("DOCKER_CERT_PATH")) + QStringLiteral("\nsecond line"));
    s.command = QStringLiteral("env -0 > \"$BERTH_TEST_OUT\"");
    return s;
}

// Runs argv in dir with no input as a terminal runs its command; checks the banner it printed first and
// the session's values in the environment its command wrote. got: that environment.
void runInShell(const QStringList &argv, QProcessEnvironment environment, const QString &dir, const ShellSession &s,
    QMap<QString, QString> *got)
{
    environment.insert(QStringLiteral("HOME"), dir); // no rc file of the user's
    environment.insert(QStringLiteral("BERTH_TEST_OUT"), dir + QStringLiteral("/env.out"));
    QProcess process;
    process.setProcessEnvironment(environment);
    process.setWorkingDirectory(dir);
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(argv.first(), argv.mid(1));
    QVERIFY(process.waitForFinished(20000));
    QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
    QCOMPARE(QString::fromUtf8(process.readAllStandardOutput()).section(QLatin1Char('\n'), 0, 0), s.banner);
    QFile out(dir + QStringLiteral("/env.out"));
    QVERIFY(out.open(QIODevice::ReadOnly));
    *got = parseEnvironment(out.readAll(), '\0');
    compareVariables(*got, s.variables);
    QVERIFY2(!QFile::exists(dir + QStringLiteral("/pwned")), "a value ran a command");
}

// Missing shells fail the test: scripts/setup.sh --test installs them all.
QString missing(const QString &shell)
{
    return shell + QStringLiteral(" is missing: scripts/setup.sh --test installs it");
}

} // namespace

void TestTerminalLauncher::posixPlanInRealShells_data()
{
    QTest::addColumn<QString>("shell");
    QTest::addColumn<bool>("keep");
    QTest::newRow("bash") << QStringLiteral("bash") << true;
    QTest::newRow("sh") << QStringLiteral("sh") << true;
    QTest::newRow("bash, command only") << QStringLiteral("bash") << false;
    QTest::newRow("zsh") << QStringLiteral("zsh") << true;
    QTest::newRow("fish") << QStringLiteral("fish") << true;
    QTest::newRow("tcsh") << QStringLiteral("tcsh") << true;
}

// What the terminal runs after its -e: the user's shell runs the command, then stays until its input ends.
void TestTerminalLauncher::posixPlanInRealShells()
{
    QFETCH(QString, shell);
    QFETCH(bool, keep);
    const QString path = QStandardPaths::findExecutable(shell);
    QVERIFY2(!path.isEmpty(), qPrintable(missing(shell)));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ShellSession s = envSession(path);
    s.banner = QStringLiteral("Docker machine 'b\"o$x`: \\ %s");
    s.keepShell = keep;
    LaunchPlan plan;
    QString error;
    QVERIFY2(TerminalLauncher::plan({ TerminalKind::XTerm, QStringLiteral("xterm") }, s,
                 QProcessEnvironment::systemEnvironment(), &plan, &error),
        qPrintable(error));
    QMap<QString, QString> got;
    runInShell(
        plan.arguments.mid(plan.arguments.indexOf(QStringLiteral("-e")) + 1), plan.environment, dir.path(), s, &got);
}

void TestTerminalLauncher::macTypedCommandInRealShells_data()
{
    QTest::addColumn<QString>("shell");
    for (const char *shell : { "bash", "sh", "zsh", "fish", "tcsh" })
        QTest::newRow(shell) << QString::fromLatin1(shell);
}

// What Terminal.app or iTerm2 types into the user's login shell, whichever it is, run by that shell here:
// its environment is not the plan's (osascript's environment does not reach the terminal).
void TestTerminalLauncher::macTypedCommandInRealShells()
{
    QFETCH(QString, shell);
    const QString path = QStandardPaths::findExecutable(shell);
    QVERIFY2(!path.isEmpty(), qPrintable(missing(shell)));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString work = dir.filePath(QStringLiteral("my \"work\" $dir `x`"));
    QVERIFY(QDir().mkpath(work));
    ShellSession s = envSession(path);
    s.workingDirectory = work;
    LaunchPlan plan;
    QString error;
    QVERIFY2(TerminalLauncher::plan({ TerminalKind::TerminalApp, QStringLiteral("/usr/bin/osascript") }, s,
                 QProcessEnvironment(), &plan, &error),
        qPrintable(error));
    // GNU base64 decodes with -d; macOS's with -D.
    QString typed = plan.arguments.last();
    QCOMPARE(typed.count(QStringLiteral("/usr/bin/base64 -D")), 1);
    typed.replace(QStringLiteral("/usr/bin/base64 -D"), QStringLiteral("base64 -d"));

    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (auto it = s.variables.cbegin(); it != s.variables.cend(); ++it)
        environment.remove(it.key());
    QMap<QString, QString> got;
    runInShell({ path, QStringLiteral("-c"), typed }, environment, dir.path(), s, &got);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(QFileInfo(got.value(QStringLiteral("PWD"))).canonicalFilePath(), QFileInfo(work).canonicalFilePath());
}

// The desktop app's call, with a stand-in for xterm first in PATH: it records its arguments, then runs
// what follows -e as xterm does, so the whole chain down to the user's shell runs.
void TestTerminalLauncher::openShellStartsTerminal()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString bin = dir.filePath(QStringLiteral("bin"));
    QVERIFY(QDir().mkpath(bin));
    QFile fake(bin + QStringLiteral("/xterm"));
    QVERIFY(fake.open(QIODevice::WriteOnly));
    fake.write("#!/bin/sh\n"
               "for f in /proc/$$/fd/*; do readlink \"$f\"; done > \"$BERTH_TEST_DIR/fds\"\n"
               "for a in \"$@\"; do printf '%s\\0' \"$a\"; done > \"$BERTH_TEST_DIR/argv\"\n"
               "while [ \"$1\" != -e ]; do shift; done\n"
               "shift\n"
               "exec \"$@\" < /dev/null > \"$BERTH_TEST_DIR/stdout\"\n");
    fake.close();
    QVERIFY(fake.setPermissions(fake.permissions() | QFileDevice::ExeOwner));

    berth::test::ScopedEnvironment environment;
    QString error;
    // No shell named: the user's login shell, SHELL.
    ShellSession s = session(QString());
    environment.set("SHELL", "/bin/bash");
    s.command = QStringLiteral("env -0 > \"$BERTH_TEST_DIR/env\"");
    s.keepShell = false;
    s.workingDirectory = dir.path();

    // No terminal at all: what to do.
    environment.set("PATH", dir.filePath(QStringLiteral("empty")).toLocal8Bit());
    environment.unset("TERMINAL");
    QVERIFY(!TerminalLauncher::openShell(s, QString(), &error));
    QVERIFY2(error.contains(QStringLiteral("Install one of them")), qPrintable(error));

    // The user chose xterm in Settings: a real x-terminal-emulator or gnome-terminal later in PATH is not taken.
    // A file the app holds open, as it holds a store lock: the terminal does not get it.
    const QString held = dir.filePath(QStringLiteral("held-by-app"));
    QVERIFY(makeFile(held));
    const int fd = ::open(QFile::encodeName(held).constData(), O_RDONLY);
    QVERIFY(fd >= 0);
    const auto closeHeld = qScopeGuard([fd] { ::close(fd); });
    environment.set("PATH", bin.toLocal8Bit() + ":/usr/bin:/bin");
    environment.set("BERTH_TEST_DIR", dir.path().toLocal8Bit());
    error.clear();
    QVERIFY2(TerminalLauncher::openShell(s, QStringLiteral("xterm"), &error), qPrintable(error));
    const QByteArray argv = waitForFile(dir.filePath(QStringLiteral("argv")), 20000);
    QVERIFY2(!argv.isEmpty(), "the terminal was not started");
    QStringList arguments;
    for (const QByteArray &argument : argv.split('\0'))
        arguments << QString::fromUtf8(argument);
    arguments.removeLast(); // after the last NUL
    QCOMPARE(arguments.mid(0, 5),
        (QStringList { QStringLiteral("-T"), QStringLiteral("Docker: box"), QStringLiteral("-e"),
            QStringLiteral("/bin/sh"), QStringLiteral("-c") }));
    QCOMPARE(arguments.mid(6),
        (QStringList {
            QStringLiteral("berth-shell"), QStringLiteral("/bin/bash"), s.banner, s.command, QStringLiteral("end") }));
    const QByteArray fds = waitForFile(dir.filePath(QStringLiteral("fds")), 5000);
    QVERIFY(fds.contains("/dev/") || fds.contains("/tmp") || fds.contains("pipe:"));
    QVERIFY2(!fds.contains(QFile::encodeName(held)), fds.constData());
    const QByteArray env = waitForFile(dir.filePath(QStringLiteral("env")), 20000);
    QVERIFY2(!env.isEmpty(), "the shell did not run the command");
    const QMap<QString, QString> got = parseEnvironment(env, '\0');
    compareVariables(got, s.variables);
    QCOMPARE(
        QFileInfo(got.value(QStringLiteral("PWD"))).canonicalFilePath(), QFileInfo(dir.path()).canonicalFilePath());
    QCOMPARE(
        QString::fromUtf8(waitForFile(dir.filePath(QStringLiteral("stdout")), 5000)), s.banner + QLatin1Char('\n'));
}
#endif

#ifdef Q_OS_WIN
namespace {

ShellSession cmdSession(const QString &outFile)
{
    ShellSession s;
    s.variables = trickyVariables();
    s.variables.insert(
        QStringLiteral("DOCKER_CERT_PATH"), QStringLiteral("C:\\Users\\Jane \"J\" Doe\\a&b|c<d>e^f!g %PATH% `id` $x"));
    s.banner = QStringLiteral("Docker machine box <a|b> (\"c\") & ^d: docker commands here use it.");
    s.shell = QStringLiteral("cmd");
    s.command = QStringLiteral("set > \"") + QDir::toNativeSeparators(outFile) + QLatin1Char('"');
    s.keepShell = false;
    return s;
}

bool cmdTerminal(Terminal *terminal)
{
    for (const Terminal &found :
        TerminalLauncher::findTerminals(TerminalPlatform::Windows, QProcessEnvironment::systemEnvironment())) {
        if (found.kind == TerminalKind::Cmd) {
            *terminal = found;
            return true;
        }
    }
    return false;
}

} // namespace

// The plan's command line as Wine's cmd.exe reads it: the banner shown as it is, the values in its set.
void TestTerminalLauncher::cmdPlanUnderCmd()
{
    Terminal cmd;
    QVERIFY2(cmdTerminal(&cmd), "cmd.exe (ComSpec) was not found");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const ShellSession s = cmdSession(dir.filePath(QStringLiteral("set.txt")));
    LaunchPlan plan;
    QString error;
    QVERIFY2(
        TerminalLauncher::plan(cmd, s, QProcessEnvironment::systemEnvironment(), &plan, &error), qPrintable(error));
    QProcess process;
    process.setProgram(QDir::toNativeSeparators(plan.program));
    process.setNativeArguments(plan.nativeArguments);
    process.setProcessEnvironment(plan.environment);
    process.start();
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 0);
    QCOMPARE(berth::test::printedText(process.readAllStandardOutput()), s.banner + QLatin1Char('\n'));
    QFile out(dir.filePath(QStringLiteral("set.txt")));
    QVERIFY(out.open(QIODevice::ReadOnly));
    // set writes in the console's code page: the values here are ASCII.
    compareVariables(parseEnvironment(out.readAll(), '\n'), s.variables);
}

void TestTerminalLauncher::launchCmdDetached()
{
    Terminal cmd;
    QVERIFY2(cmdTerminal(&cmd), "cmd.exe (ComSpec) was not found");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ShellSession s = cmdSession(dir.filePath(QStringLiteral("set.txt")));
    s.workingDirectory = dir.path();
    LaunchPlan plan;
    QString error;
    QVERIFY2(
        TerminalLauncher::plan(cmd, s, QProcessEnvironment::systemEnvironment(), &plan, &error), qPrintable(error));
    QVERIFY2(TerminalLauncher::launch(plan, &error), qPrintable(error));
    const QByteArray set = waitForFile(dir.filePath(QStringLiteral("set.txt")), 30000);
    QVERIFY2(!set.isEmpty(), "cmd did not run the command");
    const QMap<QString, QString> got = parseEnvironment(set, '\n');
    QCOMPARE(got.value(QStringLiteral("DOCKER_CERT_PATH")), s.variables.value(QStringLiteral("DOCKER_CERT_PATH")));
    QCOMPARE(got.value(QStringLiteral("DOCKER_HOST")), s.variables.value(QStringLiteral("DOCKER_HOST")));
    QCOMPARE(got.value(QStringLiteral("DOCKER_MACHINE_NAME")), QStringLiteral("box"));
}
#endif

QTEST_GUILESS_MAIN(TestTerminalLauncher)
#include "tst_terminallauncher.moc"
