#include "shell/envrenderer.h"
#include "testconfig.h"

#include <QDir>
#include <QProcess>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace berth;

// Expected texts are docker-machine 0.16's commands/env.go output, written out by hand.
class TestEnvRenderer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void renderEnv_data();
    void renderEnv();
    void usageHintQuotesProgramPath_data();
    void usageHintQuotesProgramPath();
    void addToNoProxy_data();
    void addToNoProxy();
    void detectShell();
    void shellFromAncestors_data();
    void shellFromAncestors();
    void detectShellFromParentProcess_data();
    void detectShellFromParentProcess();
    void windowsPaths_data();
    void windowsPaths();
    void supportedShells();
#ifdef Q_OS_UNIX
    // POSIX shells (bash, dash, zsh, fish, tcsh) are not there on Windows; the cmd and PowerShell
    // texts are pinned by the tests below.
    void realShellsReadValuesBack_data();
    void realShellsReadValuesBack();
#endif
    void quotingWithoutRealShell_data();
    void quotingWithoutRealShell();
    void unprintableValuesRefused();
};

namespace {

EnvSettings settingsFor(const QString &shell, bool unset)
{
    EnvSettings s;
    s.shell = shell;
    s.unset = unset;
    s.dockerHost = QStringLiteral("tcp://192.168.99.100:2376");
    s.certPath = QStringLiteral("/home/alice/.docker/machine/machines/box");
    s.machineName = QStringLiteral("box");
    s.commandLine = unset ? QStringList { QStringLiteral("berth"), QStringLiteral("env"), QStringLiteral("-u") }
                          : QStringList { QStringLiteral("berth"), QStringLiteral("env"), QStringLiteral("box") };
    return s;
}

} // namespace

void TestEnvRenderer::renderEnv_data()
{
    QTest::addColumn<QString>("shell");
    QTest::addColumn<bool>("unset");
    QTest::addColumn<bool>("noProxy");
    QTest::addColumn<bool>("compose");
    QTest::addColumn<QString>("expected");

    // --- set ---
    QTest::newRow("bash") << QStringLiteral("bash") << false << false << false
                          << QStringLiteral("export DOCKER_TLS_VERIFY=\"1\"\n"
                                            "export DOCKER_HOST=\"tcp://192.168.99.100:2376\"\n"
                                            "export DOCKER_CERT_PATH=\"/home/alice/.docker/machine/machines/box\"\n"
                                            "export DOCKER_MACHINE_NAME=\"box\"\n"
                                            "# Run this command to configure your shell: \n"
                                            "# eval $(berth env box)\n");
    QTest::newRow("zsh is bash") << QStringLiteral("zsh") << false << false << false
                                 << QStringLiteral(
                                        "export DOCKER_TLS_VERIFY=\"1\"\n"
                                        "export DOCKER_HOST=\"tcp://192.168.99.100:2376\"\n"
                                        "export DOCKER_CERT_PATH=\"/home/alice/.docker/machine/machines/box\"\n"
                                        "export DOCKER_MACHINE_NAME=\"box\"\n"
                                        "# Run this command to configure your shell: \n"
                                        "# eval $(berth env box)\n");
    QTest::newRow("fish") << QStringLiteral("fish") << false << false << false
                          << QStringLiteral("set -gx DOCKER_TLS_VERIFY \"1\";\n"
                                            "set -gx DOCKER_HOST \"tcp://192.168.99.100:2376\";\n"
                                            "set -gx DOCKER_CERT_PATH \"/home/alice/.docker/machine/machines/box\";\n"
                                            "set -gx DOCKER_MACHINE_NAME \"box\";\n"
                                            "# Run this command to configure your shell: \n"
                                            "# eval (berth env box)\n");
    QTest::newRow("powershell") << QStringLiteral("powershell") << false << false << false
                                << QStringLiteral(
                                       "$Env:DOCKER_TLS_VERIFY = \"1\"\n"
                                       "$Env:DOCKER_HOST = \"tcp://192.168.99.100:2376\"\n"
                                       "$Env:DOCKER_CERT_PATH = \"/home/alice/.docker/machine/machines/box\"\n"
                                       "$Env:DOCKER_MACHINE_NAME = \"box\"\n"
                                       "# Run this command to configure your shell: \n"
                                       "# & berth env box | Invoke-Expression\n");
    QTest::newRow("cmd") << QStringLiteral("cmd") << false << false << false
                         << QStringLiteral("SET DOCKER_TLS_VERIFY=1\n"
                                           "SET DOCKER_HOST=tcp://192.168.99.100:2376\n"
                                           "SET DOCKER_CERT_PATH=/home/alice/.docker/machine/machines/box\n"
                                           "SET DOCKER_MACHINE_NAME=box\n"
                                           "REM Run this command to configure your shell: \n"
                                           "REM \t@FOR /f \"tokens=*\" %i IN ('berth env box') DO @%i\n");
    QTest::newRow("tcsh") << QStringLiteral("tcsh") << false << false << false
                          << QStringLiteral("setenv DOCKER_TLS_VERIFY \"1\";\n"
                                            "setenv DOCKER_HOST \"tcp://192.168.99.100:2376\";\n"
                                            "setenv DOCKER_CERT_PATH \"/home/alice/.docker/machine/machines/box\";\n"
                                            "setenv DOCKER_MACHINE_NAME \"box\";\n"
                                            ": Run this command to configure your shell: \n"
                                            ": eval `berth env box`\n");
    QTest::newRow("emacs")
        << QStringLiteral("emacs") << false << false << false
        << QStringLiteral("(setenv \"DOCKER_TLS_VERIFY\" \"1\")\n"
                          "(setenv \"DOCKER_HOST\" \"tcp://192.168.99.100:2376\")\n"
                          "(setenv \"DOCKER_CERT_PATH\" \"/home/alice/.docker/machine/machines/box\")\n"
                          "(setenv \"DOCKER_MACHINE_NAME\" \"box\")\n"
                          ";; Run this command to configure your shell: \n"
                          ";; (with-temp-buffer (shell-command \"berth env box\" (current-buffer)) (eval-buffer))\n");

    // --- set, with no-proxy (NO_PROXY=localhost,192.168.99.100) ---
    QTest::newRow("bash no-proxy") << QStringLiteral("bash") << false << true << false
                                   << QStringLiteral(
                                          "export DOCKER_TLS_VERIFY=\"1\"\n"
                                          "export DOCKER_HOST=\"tcp://192.168.99.100:2376\"\n"
                                          "export DOCKER_CERT_PATH=\"/home/alice/.docker/machine/machines/box\"\n"
                                          "export DOCKER_MACHINE_NAME=\"box\"\n"
                                          "export NO_PROXY=\"localhost,192.168.99.100\"\n"
                                          "# Run this command to configure your shell: \n"
                                          "# eval $(berth env box)\n");
    QTest::newRow("fish no-proxy") << QStringLiteral("fish") << false << true << false
                                   << QStringLiteral(
                                          "set -gx DOCKER_TLS_VERIFY \"1\";\n"
                                          "set -gx DOCKER_HOST \"tcp://192.168.99.100:2376\";\n"
                                          "set -gx DOCKER_CERT_PATH \"/home/alice/.docker/machine/machines/box\";\n"
                                          "set -gx DOCKER_MACHINE_NAME \"box\";\n"
                                          "set -gx NO_PROXY \"localhost,192.168.99.100\";\n"
                                          "# Run this command to configure your shell: \n"
                                          "# eval (berth env box)\n");
    QTest::newRow("cmd no-proxy") << QStringLiteral("cmd") << false << true << false
                                  << QStringLiteral("SET DOCKER_TLS_VERIFY=1\n"
                                                    "SET DOCKER_HOST=tcp://192.168.99.100:2376\n"
                                                    "SET DOCKER_CERT_PATH=/home/alice/.docker/machine/machines/box\n"
                                                    "SET DOCKER_MACHINE_NAME=box\n"
                                                    "SET NO_PROXY=localhost,192.168.99.100\n"
                                                    "REM Run this command to configure your shell: \n"
                                                    "REM \t@FOR /f \"tokens=*\" %i IN ('berth env box') DO @%i\n");

    // --- set, Windows: COMPOSE_CONVERT_WINDOWS_PATHS before the proxy line ---
    QTest::newRow("powershell compose") << QStringLiteral("powershell") << false << false << true
                                        << QStringLiteral(
                                               "$Env:DOCKER_TLS_VERIFY = \"1\"\n"
                                               "$Env:DOCKER_HOST = \"tcp://192.168.99.100:2376\"\n"
                                               "$Env:DOCKER_CERT_PATH = \"/home/alice/.docker/machine/machines/box\"\n"
                                               "$Env:DOCKER_MACHINE_NAME = \"box\"\n"
                                               "$Env:COMPOSE_CONVERT_WINDOWS_PATHS = \"true\"\n"
                                               "# Run this command to configure your shell: \n"
                                               "# & berth env box | Invoke-Expression\n");
    QTest::newRow("cmd compose no-proxy")
        << QStringLiteral("cmd") << false << true << true
        << QStringLiteral("SET DOCKER_TLS_VERIFY=1\n"
                          "SET DOCKER_HOST=tcp://192.168.99.100:2376\n"
                          "SET DOCKER_CERT_PATH=/home/alice/.docker/machine/machines/box\n"
                          "SET DOCKER_MACHINE_NAME=box\n"
                          "SET COMPOSE_CONVERT_WINDOWS_PATHS=true\n"
                          "SET NO_PROXY=localhost,192.168.99.100\n"
                          "REM Run this command to configure your shell: \n"
                          "REM \t@FOR /f \"tokens=*\" %i IN ('berth env box') DO @%i\n");

    // --- unset ---
    QTest::newRow("bash unset") << QStringLiteral("bash") << true << false << false
                                << QStringLiteral("unset DOCKER_TLS_VERIFY\n"
                                                  "unset DOCKER_HOST\n"
                                                  "unset DOCKER_CERT_PATH\n"
                                                  "unset DOCKER_MACHINE_NAME\n"
                                                  "# Run this command to configure your shell: \n"
                                                  "# eval $(berth env -u)\n");
    QTest::newRow("fish unset") << QStringLiteral("fish") << true << false << false
                                << QStringLiteral("set -e DOCKER_TLS_VERIFY;\n"
                                                  "set -e DOCKER_HOST;\n"
                                                  "set -e DOCKER_CERT_PATH;\n"
                                                  "set -e DOCKER_MACHINE_NAME;\n"
                                                  "# Run this command to configure your shell: \n"
                                                  "# eval (berth env -u)\n");
    QTest::newRow("powershell unset") << QStringLiteral("powershell") << true << false << false
                                      << QStringLiteral("Remove-Item Env:\\\\DOCKER_TLS_VERIFY\n"
                                                        "Remove-Item Env:\\\\DOCKER_HOST\n"
                                                        "Remove-Item Env:\\\\DOCKER_CERT_PATH\n"
                                                        "Remove-Item Env:\\\\DOCKER_MACHINE_NAME\n"
                                                        "# Run this command to configure your shell: \n"
                                                        "# & berth env -u | Invoke-Expression\n");
    QTest::newRow("cmd unset") << QStringLiteral("cmd") << true << false << false
                               << QStringLiteral("SET DOCKER_TLS_VERIFY=\n"
                                                 "SET DOCKER_HOST=\n"
                                                 "SET DOCKER_CERT_PATH=\n"
                                                 "SET DOCKER_MACHINE_NAME=\n"
                                                 "REM Run this command to configure your shell: \n"
                                                 "REM \t@FOR /f \"tokens=*\" %i IN ('berth env -u') DO @%i\n");
    QTest::newRow("tcsh unset") << QStringLiteral("tcsh") << true << false << false
                                << QStringLiteral("unsetenv DOCKER_TLS_VERIFY;\n"
                                                  "unsetenv DOCKER_HOST;\n"
                                                  "unsetenv DOCKER_CERT_PATH;\n"
                                                  "unsetenv DOCKER_MACHINE_NAME;\n"
                                                  ": Run this command to configure your shell: \n"
                                                  ": eval `berth env -u`\n");
    QTest::newRow("emacs unset")
        << QStringLiteral("emacs") << true << false << false
        << QStringLiteral("(setenv \"DOCKER_TLS_VERIFY\" nil)\n"
                          "(setenv \"DOCKER_HOST\" nil)\n"
                          "(setenv \"DOCKER_CERT_PATH\" nil)\n"
                          "(setenv \"DOCKER_MACHINE_NAME\" nil)\n"
                          ";; Run this command to configure your shell: \n"
                          ";; (with-temp-buffer (shell-command \"berth env -u\" (current-buffer)) (eval-buffer))\n");
    // Unsetting with --no-proxy names the variable only (docker-machine 0.16 glued the old value to the
    // name, "unset NO_PROXYlocalhost", which no shell accepts).
    QTest::newRow("bash unset no-proxy") << QStringLiteral("bash") << true << true << false
                                         << QStringLiteral("unset DOCKER_TLS_VERIFY\n"
                                                           "unset DOCKER_HOST\n"
                                                           "unset DOCKER_CERT_PATH\n"
                                                           "unset DOCKER_MACHINE_NAME\n"
                                                           "unset NO_PROXY\n"
                                                           "# Run this command to configure your shell: \n"
                                                           "# eval $(berth env -u)\n");
    QTest::newRow("fish unset no-proxy") << QStringLiteral("fish") << true << true << false
                                         << QStringLiteral("set -e DOCKER_TLS_VERIFY;\n"
                                                           "set -e DOCKER_HOST;\n"
                                                           "set -e DOCKER_CERT_PATH;\n"
                                                           "set -e DOCKER_MACHINE_NAME;\n"
                                                           "set -e NO_PROXY;\n"
                                                           "# Run this command to configure your shell: \n"
                                                           "# eval (berth env -u)\n");
    QTest::newRow("cmd unset no-proxy") << QStringLiteral("cmd") << true << true << false
                                        << QStringLiteral("SET DOCKER_TLS_VERIFY=\n"
                                                          "SET DOCKER_HOST=\n"
                                                          "SET DOCKER_CERT_PATH=\n"
                                                          "SET DOCKER_MACHINE_NAME=\n"
                                                          "SET NO_PROXY=\n"
                                                          "REM Run this command to configure your shell: \n"
                                                          "REM \t@FOR /f \"tokens=*\" %i IN ('berth env -u') DO @%i\n");
}

void TestEnvRenderer::renderEnv()
{
    QFETCH(QString, shell);
    QFETCH(bool, unset);
    QFETCH(bool, noProxy);
    QFETCH(bool, compose);
    QFETCH(QString, expected);

    EnvSettings s = settingsFor(shell, unset);
    if (noProxy) {
        s.noProxyVar = QStringLiteral("NO_PROXY");
        s.noProxyValue = QStringLiteral("localhost,192.168.99.100");
    }
    s.composeWindowsPaths = compose;
    QCOMPARE(berth::renderEnv(s), expected);
}

void TestEnvRenderer::usageHintQuotesProgramPath_data()
{
    QTest::addColumn<QString>("shell");
    QTest::addColumn<QStringList>("argv");
    QTest::addColumn<QString>("hint");

    QTest::newRow("bash space") << QStringLiteral(
        "bash") << QStringList { QStringLiteral("/opt/my tools/berth"), QStringLiteral("env"), QStringLiteral("box") }
                                << QStringLiteral("# Run this command to configure your shell: \n"
                                                  "# eval $(\"/opt/my tools/berth\" env box)\n");
    QTest::newRow("powershell space")
        << QStringLiteral("powershell")
        << QStringList { QStringLiteral("C:\\Program Files\\Berth\\berth.exe"), QStringLiteral("env"),
               QStringLiteral("box") }
        << QStringLiteral("# Run this command to configure your shell: \n"
                          "# & \"C:\\Program Files\\Berth\\berth.exe\" env box | Invoke-Expression\n");
    QTest::newRow("cmd space") << QStringLiteral("cmd")
                               << QStringList { QStringLiteral("C:\\Program Files\\Berth\\berth.exe"),
                                      QStringLiteral("env"), QStringLiteral("--shell"), QStringLiteral("cmd"),
                                      QStringLiteral("box") }
                               << QStringLiteral("REM Run this command to configure your shell: \n"
                                                 "REM \t@FOR /f \"tokens=*\" %i IN ('\"C:\\Program "
                                                 "Files\\Berth\\berth.exe\" env --shell cmd box') DO @%i\n");
    QTest::newRow("bash plain path") << QStringLiteral(
        "bash") << QStringList { QStringLiteral("/usr/bin/berth"), QStringLiteral("env"), QStringLiteral("box") }
                                     << QStringLiteral("# Run this command to configure your shell: \n"
                                                       "# eval $(/usr/bin/berth env box)\n");
    // Only argv[0] is quoted; later arguments are joined as given, as docker-machine does.
    QTest::newRow("fish space in argument")
        << QStringLiteral("fish")
        << QStringList { QStringLiteral("berth"), QStringLiteral("-s"), QStringLiteral("/my store"),
               QStringLiteral("env"), QStringLiteral("box") }
        << QStringLiteral("# Run this command to configure your shell: \n"
                          "# eval (berth -s /my store env box)\n");
}

void TestEnvRenderer::usageHintQuotesProgramPath()
{
    QFETCH(QString, shell);
    QFETCH(QStringList, argv);
    QFETCH(QString, hint);

    EnvSettings s = settingsFor(shell, false);
    s.commandLine = argv;
    const QString text = berth::renderEnv(s);
    QVERIFY2(text.endsWith(hint), qPrintable(text));
    // The hint follows the DOCKER_MACHINE_NAME line directly.
    QCOMPARE(text.mid(text.size() - hint.size() - 1, 1), QStringLiteral("\n"));
}

void TestEnvRenderer::addToNoProxy_data()
{
    QTest::addColumn<QString>("ip");
    QTest::addColumn<QString>("lower");
    QTest::addColumn<QString>("upper");
    QTest::addColumn<QString>("var");
    QTest::addColumn<QString>("value");

    QTest::newRow("lower preferred") << QStringLiteral("192.168.99.100") << QStringLiteral("localhost")
                                     << QStringLiteral("example.com") << QStringLiteral("no_proxy")
                                     << QStringLiteral("localhost,192.168.99.100");
    QTest::newRow("upper when lower empty")
        << QStringLiteral("192.168.99.100") << QString() << QStringLiteral("example.com") << QStringLiteral("NO_PROXY")
        << QStringLiteral("example.com,192.168.99.100");
    QTest::newRow("neither set") << QStringLiteral("192.168.99.100") << QString() << QString()
                                 << QStringLiteral("NO_PROXY") << QStringLiteral("192.168.99.100");
    QTest::newRow("already in lower") << QStringLiteral("192.168.99.100") << QStringLiteral("localhost,192.168.99.100")
                                      << QString() << QStringLiteral("no_proxy")
                                      << QStringLiteral("localhost,192.168.99.100");
    QTest::newRow("already in upper") << QStringLiteral("10.0.0.5") << QString() << QStringLiteral("10.0.0.5,localhost")
                                      << QStringLiteral("NO_PROXY") << QStringLiteral("10.0.0.5,localhost");
}

void TestEnvRenderer::addToNoProxy()
{
    QFETCH(QString, ip);
    QFETCH(QString, lower);
    QFETCH(QString, upper);
    QFETCH(QString, var);
    QFETCH(QString, value);

    QString gotVar, gotValue;
    berth::addToNoProxy(ip, lower, upper, &gotVar, &gotValue);
    QCOMPARE(gotVar, var);
    QCOMPARE(gotValue, value);

    // Applying it again changes nothing.
    QString againVar, againValue;
    berth::addToNoProxy(ip, gotVar == QLatin1String("no_proxy") ? gotValue : QString(),
        gotVar == QLatin1String("NO_PROXY") ? gotValue : QString(), &againVar, &againValue);
    QCOMPARE(againVar, gotVar);
    QCOMPARE(againValue, gotValue);
}

void TestEnvRenderer::detectShell()
{
    const bool wasSet = qEnvironmentVariableIsSet("SHELL");
    const QByteArray saved = qgetenv("SHELL");
    const auto restore = qScopeGuard([&] {
        if (wasSet)
            qputenv("SHELL", saved);
        else
            qunsetenv("SHELL");
        qunsetenv("__fish_bin_dir");
    });

    qputenv("SHELL", "/usr/bin/zsh");
    QString error;
    QCOMPARE(berth::detectShell(&error), QStringLiteral("zsh"));
    QVERIFY(error.isEmpty());

    qputenv("SHELL", "/bin/bash");
    QCOMPARE(berth::detectShell(&error), QStringLiteral("bash"));

#ifdef Q_OS_WIN
    // Git Bash and Cygwin export SHELL; docker-machine's Windows code also tells fish by __fish_bin_dir.
    qputenv("SHELL", "C:\\Program Files\\Git\\usr\\bin\\bash.exe");
    QCOMPARE(berth::detectShell(&error), QStringLiteral("bash"));
    qputenv("__fish_bin_dir", "/usr/bin");
    QCOMPARE(berth::detectShell(&error), QStringLiteral("fish"));
    qunsetenv("__fish_bin_dir");

    // Without SHELL the parent processes tell it (whatever started this test: cmd at worst).
    qunsetenv("SHELL");
    error.clear();
    const QString shell = berth::detectShell(&error);
    QVERIFY2(shell == QLatin1String("cmd") || shell == QLatin1String("powershell"), qPrintable(shell));
    QVERIFY2(error.isEmpty(), qPrintable(error));
#else
    // docker-machine on Linux and macOS: SHELL only (no __fish_bin_dir).
    qputenv("__fish_bin_dir", "/usr/bin");
    QCOMPARE(berth::detectShell(&error), QStringLiteral("bash"));
    qunsetenv("__fish_bin_dir");

    qunsetenv("SHELL");
    QCOMPARE(berth::detectShell(&error), QString());
    QVERIFY2(error.contains(QStringLiteral("Unknown shell")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("--shell")), qPrintable(error));
#endif
}

void TestEnvRenderer::shellFromAncestors_data()
{
    QTest::addColumn<QStringList>("ancestors");
    QTest::addColumn<QString>("shell");
    QTest::addColumn<bool>("notice");

    QTest::newRow("powershell") << QStringList { QStringLiteral("powershell.exe") } << QStringLiteral("powershell")
                                << false;
    QTest::newRow("powershell 7") << QStringList { QStringLiteral("pwsh.exe") } << QStringLiteral("powershell")
                                  << false;
    QTest::newRow("cmd") << QStringList { QStringLiteral("cmd.exe"), QStringLiteral("explorer.exe") }
                         << QStringLiteral("cmd") << false;
    QTest::newRow("case") << QStringList { QStringLiteral("CMD.EXE") } << QStringLiteral("cmd") << false;
    QTest::newRow("powershell_ise") << QStringList { QStringLiteral("PowerShell_ISE.exe") }
                                    << QStringLiteral("powershell") << false;
    // docker-machine's own test: go.exe, then powershell.exe.
    QTest::newRow("grandparent powershell")
        << QStringList { QStringLiteral("go.exe"), QStringLiteral("powershell.exe") } << QStringLiteral("powershell")
        << false;
    QTest::newRow("grandparent cmd") << QStringList { QStringLiteral("make.exe"), QStringLiteral("cmd.exe") }
                                     << QStringLiteral("cmd") << false;
    // Only two levels, as docker-machine: then cmd, with advice.
    QTest::newRow("too far") << QStringList { QStringLiteral("make.exe"), QStringLiteral("bash.exe"),
        QStringLiteral("powershell.exe") }
                             << QStringLiteral("cmd") << true;
    QTest::newRow("other") << QStringList { QStringLiteral("explorer.exe") } << QStringLiteral("cmd") << true;
    QTest::newRow("none") << QStringList() << QStringLiteral("cmd") << true;
}

void TestEnvRenderer::shellFromAncestors()
{
    QFETCH(QStringList, ancestors);
    QFETCH(QString, shell);
    QFETCH(bool, notice);
    QString advice;
    QCOMPARE(berth::shellFromAncestors(ancestors, &advice), shell);
    QCOMPARE(advice,
        notice ? QStringLiteral(
            "You can further specify your shell with either 'cmd' or 'powershell' with the --shell flag.\n\n")
               : QString());
}

// The real CLI started by shells: cmd.exe itself, and copies of it under other names, which is all
// the detection looks at (PowerShell is not there under Wine).
void TestEnvRenderer::detectShellFromParentProcess_data()
{
    QTest::addColumn<QStringList>("chain"); // the programs, outermost first, that start berth env -u
    QTest::addColumn<QString>("firstLine");
    QTest::addColumn<bool>("advice");

    QTest::newRow("cmd") << QStringList { QStringLiteral("cmd.exe") } << QStringLiteral("SET DOCKER_TLS_VERIFY=")
                         << false;
    QTest::newRow("pwsh") << QStringList { QStringLiteral("pwsh.exe") }
                          << QStringLiteral("Remove-Item Env:\\\\DOCKER_TLS_VERIFY") << false;
    QTest::newRow("powershell grandparent")
        << QStringList { QStringLiteral("powershell-copy.exe"), QStringLiteral("make.exe") }
        << QStringLiteral("Remove-Item Env:\\\\DOCKER_TLS_VERIFY") << false;
    // make.exe, then this test: neither is a shell.
    QTest::newRow("neither") << QStringList { QStringLiteral("make.exe") } << QStringLiteral("SET DOCKER_TLS_VERIFY=")
                             << true;
}

void TestEnvRenderer::detectShellFromParentProcess()
{
#ifndef Q_OS_WIN
    QSKIP("Windows only: elsewhere SHELL alone names the shell (detectShell covers it)");
#else
    QFETCH(QStringList, chain);
    QFETCH(QString, firstLine);
    QFETCH(bool, advice);

    const QString cmd = QStandardPaths::findExecutable(QStringLiteral("cmd"));
    QVERIFY(!cmd.isEmpty());
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // Each program runs the next as cmd /S /C does: the outer quotes go, the inner ones guard spaces.
    QString line
        = QLatin1Char('"') + QDir::toNativeSeparators(QStringLiteral(BERTH_CLI_PATH)) + QStringLiteral("\" env -u");
    for (qsizetype i = chain.size() - 1; i >= 0; --i) {
        const QString copy = dir.filePath(chain.at(i));
        QVERIFY(chain.at(i) == QLatin1String("cmd.exe") || QFile::copy(cmd, copy));
        const QString program = QDir::toNativeSeparators(chain.at(i) == QLatin1String("cmd.exe") ? cmd : copy);
        if (i == 0) {
            QProcess process;
            QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
            environment.remove(QStringLiteral("SHELL"));
            environment.remove(QStringLiteral("__fish_bin_dir"));
            process.setProcessEnvironment(environment);
            process.setProgram(program);
            process.setNativeArguments(QStringLiteral("/S /C \"") + line + QLatin1Char('"'));
            process.start();
            QVERIFY(process.waitForFinished(60000));
            const QString out = QString::fromUtf8(process.readAllStandardOutput());
            const QString err = QString::fromUtf8(process.readAllStandardError());
            QVERIFY2(process.exitCode() == 0, qPrintable(err));
            QVERIFY2(out.startsWith(firstLine), qPrintable(out));
            QCOMPARE(err.contains(QStringLiteral("with the --shell flag")), advice);
        } else {
            line = QLatin1Char('"') + program + QStringLiteral("\" /S /C \"") + line + QLatin1Char('"');
        }
    }
#endif
}

// docker-machine 0.16 on Windows: the storage path under a user name with a space, the program under
// Program Files; the value as is (cmd reads SET literally, backslashes mean nothing to PowerShell),
// the program quoted because it holds a space or a backslash.
void TestEnvRenderer::windowsPaths_data()
{
    QTest::addColumn<QString>("shell");
    QTest::addColumn<bool>("unset");
    QTest::addColumn<QString>("program");
    QTest::addColumn<QString>("expected");

    const QString programFiles = QStringLiteral("C:\\Program Files\\Berth\\berth.exe");
    QTest::newRow("cmd") << QStringLiteral("cmd") << false << programFiles
                         << QStringLiteral(
                                "SET DOCKER_TLS_VERIFY=1\n"
                                "SET DOCKER_HOST=tcp://192.168.99.100:2376\n"
                                "SET DOCKER_CERT_PATH=C:\\Users\\Jane Doe\\.docker\\machine\\machines\\box\n"
                                "SET DOCKER_MACHINE_NAME=box\n"
                                "SET COMPOSE_CONVERT_WINDOWS_PATHS=true\n"
                                "REM Run this command to configure your shell: \n"
                                "REM \t@FOR /f \"tokens=*\" %i IN ('\"C:\\Program Files\\Berth\\berth.exe\" env "
                                "box') DO @%i\n");
    QTest::newRow("powershell")
        << QStringLiteral("powershell") << false << programFiles
        << QStringLiteral("$Env:DOCKER_TLS_VERIFY = \"1\"\n"
                          "$Env:DOCKER_HOST = \"tcp://192.168.99.100:2376\"\n"
                          "$Env:DOCKER_CERT_PATH = \"C:\\Users\\Jane Doe\\.docker\\machine\\machines\\box\"\n"
                          "$Env:DOCKER_MACHINE_NAME = \"box\"\n"
                          "$Env:COMPOSE_CONVERT_WINDOWS_PATHS = \"true\"\n"
                          "# Run this command to configure your shell: \n"
                          "# & \"C:\\Program Files\\Berth\\berth.exe\" env box | Invoke-Expression\n");
    // A backslash alone is enough for the quotes; a bare name typed at the prompt gets none.
    QTest::newRow("cmd backslash")
        << QStringLiteral("cmd") << false << QStringLiteral("C:\\tools\\berth.exe")
        << QStringLiteral("SET DOCKER_TLS_VERIFY=1\n"
                          "SET DOCKER_HOST=tcp://192.168.99.100:2376\n"
                          "SET DOCKER_CERT_PATH=C:\\Users\\Jane Doe\\.docker\\machine\\machines\\box\n"
                          "SET DOCKER_MACHINE_NAME=box\n"
                          "SET COMPOSE_CONVERT_WINDOWS_PATHS=true\n"
                          "REM Run this command to configure your shell: \n"
                          "REM \t@FOR /f \"tokens=*\" %i IN ('\"C:\\tools\\berth.exe\" env box') DO @%i\n");
    QTest::newRow("powershell bare name")
        << QStringLiteral("powershell") << false << QStringLiteral("berth")
        << QStringLiteral("$Env:DOCKER_TLS_VERIFY = \"1\"\n"
                          "$Env:DOCKER_HOST = \"tcp://192.168.99.100:2376\"\n"
                          "$Env:DOCKER_CERT_PATH = \"C:\\Users\\Jane Doe\\.docker\\machine\\machines\\box\"\n"
                          "$Env:DOCKER_MACHINE_NAME = \"box\"\n"
                          "$Env:COMPOSE_CONVERT_WINDOWS_PATHS = \"true\"\n"
                          "# Run this command to configure your shell: \n"
                          "# & berth env box | Invoke-Expression\n");
    // -u: no COMPOSE line (docker-machine never unsets it), cmd sets each variable empty.
    QTest::newRow("cmd unset") << QStringLiteral("cmd") << true << programFiles
                               << QStringLiteral(
                                      "SET DOCKER_TLS_VERIFY=\n"
                                      "SET DOCKER_HOST=\n"
                                      "SET DOCKER_CERT_PATH=\n"
                                      "SET DOCKER_MACHINE_NAME=\n"
                                      "REM Run this command to configure your shell: \n"
                                      "REM \t@FOR /f \"tokens=*\" %i IN ('\"C:\\Program Files\\Berth\\berth.exe\" env "
                                      "-u') DO @%i\n");
    QTest::newRow("powershell unset")
        << QStringLiteral("powershell") << true << programFiles
        << QStringLiteral("Remove-Item Env:\\\\DOCKER_TLS_VERIFY\n"
                          "Remove-Item Env:\\\\DOCKER_HOST\n"
                          "Remove-Item Env:\\\\DOCKER_CERT_PATH\n"
                          "Remove-Item Env:\\\\DOCKER_MACHINE_NAME\n"
                          "# Run this command to configure your shell: \n"
                          "# & \"C:\\Program Files\\Berth\\berth.exe\" env -u | Invoke-Expression\n");
}

void TestEnvRenderer::windowsPaths()
{
    QFETCH(QString, shell);
    QFETCH(bool, unset);
    QFETCH(QString, program);
    QFETCH(QString, expected);

    EnvSettings s = settingsFor(shell, unset);
    s.commandLine.first() = program;
    if (!unset) {
        s.certPath = QStringLiteral("C:\\Users\\Jane Doe\\.docker\\machine\\machines\\box");
        s.composeWindowsPaths = true;
    }
    QString error;
    QVERIFY2(envPrintable(s, &error), qPrintable(error));
    QCOMPARE(berth::renderEnv(s), expected);
}

void TestEnvRenderer::supportedShells()
{
    const QStringList shells = berth::supportedShells();
    for (const char *name : { "bash", "zsh", "fish", "powershell", "cmd", "tcsh", "emacs" })
        QVERIFY2(shells.contains(QLatin1String(name)), name);
}

#ifdef Q_OS_UNIX
namespace {

// A storage path a user may choose: spaces, both quotes, '$', backticks, a backslash, '!', '%', '&',
// a command substitution and non-ASCII letters.
EnvSettings trickySettings(const QString &shell)
{
    EnvSettings s = settingsFor(shell, false);
    s.certPath = QStringLiteral("/tmp/st o're \"q\" $HOME `id` $(touch pwned) \\ ! % a&b ;x ")
        + QString::fromUtf8("\xc3\xbc\xe2\x82\xac") + QStringLiteral("/machines/box");
    s.dockerHost = QStringLiteral("tcp://[::1]:2376");
    s.noProxyVar = QStringLiteral("NO_PROXY");
    s.noProxyValue = QStringLiteral("localhost,'$(touch pwned)'");
    return s;
}

} // namespace

void TestEnvRenderer::realShellsReadValuesBack_data()
{
    QTest::addColumn<QString>("shell");
    QTest::addColumn<QString>("program");
    QTest::addColumn<QStringList>("arguments"); // the file comes last
    // Each as the usage hint says (eval of the output), then the exported environment printed by env -0.
    QTest::newRow("bash") << QStringLiteral("bash") << QStringLiteral("bash")
                          << QStringList { QStringLiteral("--norc"), QStringLiteral("--noprofile"),
                                 QStringLiteral("-c"), QStringLiteral("eval \"$(cat \"$1\")\" && env -0"),
                                 QStringLiteral("bash") };
    QTest::newRow("sh (dash)") << QStringLiteral("sh") << QStringLiteral("dash")
                               << QStringList { QStringLiteral("-c"),
                                      QStringLiteral("eval \"$(cat \"$1\")\" && env -0"), QStringLiteral("sh") };
    QTest::newRow("zsh") << QStringLiteral("zsh") << QStringLiteral("zsh")
                         << QStringList { QStringLiteral("-f"), QStringLiteral("-c"),
                                QStringLiteral("eval \"$(cat \"$1\")\" && env -0"), QStringLiteral("zsh") };
    QTest::newRow("fish") << QStringLiteral("fish") << QStringLiteral("fish")
                          << QStringList { QStringLiteral("--no-config"), QStringLiteral("-c"),
                                 QStringLiteral("eval (cat $argv[1]); and env -0") };
    QTest::newRow("tcsh") << QStringLiteral("tcsh") << QStringLiteral("tcsh")
                          << QStringList { QStringLiteral("-f"), QStringLiteral("-c"),
                                 QStringLiteral("eval `cat $1:q` && env -0") };
}

void TestEnvRenderer::realShellsReadValuesBack()
{
    QFETCH(QString, shell);
    QFETCH(QString, program);
    QFETCH(QStringList, arguments);
    const QString path = QStandardPaths::findExecutable(program);
    if (path.isEmpty())
        QFAIL(qPrintable(program + QStringLiteral(" is missing: scripts/setup.sh --test installs it")));
    const EnvSettings s = trickySettings(shell);
    QString error;
    QVERIFY2(envPrintable(s, &error), qPrintable(error));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile file(dir.filePath(QStringLiteral("env.out")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(berth::renderEnv(s).toUtf8());
    file.close();

    QProcess process;
    process.setWorkingDirectory(dir.path());
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HOME"), dir.path());
    process.setProcessEnvironment(environment);
    process.start(path, arguments + QStringList { file.fileName() });
    QVERIFY(process.waitForFinished(20000));
    const QByteArray err = process.readAllStandardError();
    QVERIFY2(process.exitCode() == 0, err.constData());
    QMap<QString, QString> exported;
    for (const QByteArray &entry : process.readAllStandardOutput().split('\0')) {
        const qsizetype eq = entry.indexOf('=');
        if (eq > 0)
            exported.insert(QString::fromUtf8(entry.left(eq)), QString::fromUtf8(entry.mid(eq + 1)));
    }
    QCOMPARE(exported.value(QStringLiteral("DOCKER_CERT_PATH")), s.certPath);
    QCOMPARE(exported.value(QStringLiteral("DOCKER_HOST")), s.dockerHost);
    QCOMPARE(exported.value(QStringLiteral("DOCKER_MACHINE_NAME")), s.machineName);
    QCOMPARE(exported.value(QStringLiteral("DOCKER_TLS_VERIFY")), QStringLiteral("1"));
    QCOMPARE(exported.value(QStringLiteral("NO_PROXY")), s.noProxyValue);
    QVERIFY2(!QFile::exists(dir.filePath(QStringLiteral("pwned"))), "a value ran a command");
}
#endif

void TestEnvRenderer::quotingWithoutRealShell_data()
{
    QTest::addColumn<QString>("shell");
    QTest::addColumn<QString>("line");
    // What PowerShell and emacs read (neither is packaged here): each special character escaped.
    QTest::newRow("powershell") << QStringLiteral("powershell")
                                << QStringLiteral("$Env:DOCKER_CERT_PATH = \"C:\\a `$HOME ``id`` `\"q`\" `")
            + QChar(0x201C) + QStringLiteral("x`") + QChar(0x201D) + QStringLiteral("\"\n");
    QTest::newRow("emacs") << QStringLiteral("emacs")
                           << QStringLiteral("(setenv \"DOCKER_CERT_PATH\" \"C:\\\\a $HOME `id` \\\"q\\\" ")
            + QChar(0x201C) + QStringLiteral("x") + QChar(0x201D) + QStringLiteral("\")\n");
}

void TestEnvRenderer::quotingWithoutRealShell()
{
    QFETCH(QString, shell);
    QFETCH(QString, line);
    EnvSettings s = settingsFor(shell, false);
    s.certPath = QStringLiteral("C:\\a $HOME `id` \"q\" ") + QChar(0x201C) + QStringLiteral("x") + QChar(0x201D);
    QString error;
    QVERIFY2(envPrintable(s, &error), qPrintable(error));
    const QString text = berth::renderEnv(s);
    QVERIFY2(text.contains(line), qPrintable(text));
}

void TestEnvRenderer::unprintableValuesRefused()
{
    for (const QString &shell : berth::supportedShells()) {
        EnvSettings s = settingsFor(shell, false);
        s.certPath = QStringLiteral("/tmp/a\nexport X=1/machines/box");
        QString error;
        QVERIFY2(!envPrintable(s, &error), qPrintable(shell));
        QVERIFY2(error.contains(QStringLiteral("/tmp/a\\nexport")) && error.contains(QStringLiteral("line break")),
            qPrintable(error));
    }
    EnvSettings s = settingsFor(QStringLiteral("cmd"), false);
    s.certPath = QStringLiteral("C:\\Users\\A & B\\machines\\box");
    QString error;
    QVERIFY(!envPrintable(s, &error));
    QVERIFY2(error.contains(QStringLiteral("'&'")), qPrintable(error));
    s.shell = QStringLiteral("powershell");
    QVERIFY2(envPrintable(s, &error), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestEnvRenderer)
#include "tst_envrenderer.moc"
