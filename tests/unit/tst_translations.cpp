// Berth's messages in Simplified Chinese: the translation compiled into the program loads for zh_CN and
// not for English, and the real CLI follows LANG for what a person reads while what scripts read stays
// English.
#include "support/clirun.h"
#include "testconfig.h"
#include "translations.h"

#include <QCoreApplication>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

namespace {

using berth::test::CliResult;

QString engine(const char *text)
{
    return QCoreApplication::translate("berth", text);
}

} // namespace

class TestTranslations : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void chineseLoads();
    void chineseForSimplifiedVariants();
    void englishLoadsNone_data();
    void englishLoadsNone();
    void cliFollowsLang();
    void cliIsEnglishUnderC();

private:
    CliResult run(const QStringList &args, const QString &lang) const;

    QTemporaryDir m_tmp;
    QString m_store;
};

void TestTranslations::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    m_store = m_tmp.path() + QStringLiteral("/store");
}

void TestTranslations::cleanup()
{
    berth::installTranslations(QCoreApplication::instance(), QStringLiteral("en"));
}

void TestTranslations::chineseLoads()
{
    QVERIFY(berth::installTranslations(QCoreApplication::instance(), QStringLiteral("zh_CN")));
    // The engine's context (berth::tr), the CLI's, and a class with its own (TerminalLauncher).
    QCOMPARE(engine("Docker machine \"%1\" does not exist.").arg(QStringLiteral("box")),
        QStringLiteral("Docker 机器 \"box\" 不存在。"));
    QCOMPARE(engine("Are you sure? (y/n): "), QStringLiteral("确定吗？(y/n): "));
    QCOMPARE(QCoreApplication::translate("berth::TerminalLauncher", "GNOME Terminal"), QStringLiteral("GNOME 终端"));
    // Calling it again replaces the translation rather than stacking another.
    QVERIFY(!berth::installTranslations(QCoreApplication::instance(), QStringLiteral("en")));
    QCOMPARE(engine("Are you sure? (y/n): "), QStringLiteral("Are you sure? (y/n): "));
}

void TestTranslations::chineseForSimplifiedVariants()
{
    QVERIFY(berth::installTranslations(QCoreApplication::instance(), QStringLiteral("zh_SG")));
    QCOMPARE(engine("Are you sure? (y/n): "), QStringLiteral("确定吗？(y/n): "));
    // Traditional Chinese is another language: no Simplified text for zh_TW.
    QVERIFY(!berth::installTranslations(QCoreApplication::instance(), QStringLiteral("zh_TW")));
    QCOMPARE(engine("Are you sure? (y/n): "), QStringLiteral("Are you sure? (y/n): "));
}

void TestTranslations::englishLoadsNone_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("en") << QStringLiteral("en");
    QTest::newRow("en_US") << QStringLiteral("en_US");
    QTest::newRow("C") << QStringLiteral("C");
}

void TestTranslations::englishLoadsNone()
{
    QFETCH(QString, language);
    QVERIFY(!berth::installTranslations(QCoreApplication::instance(), language));
    QCOMPARE(engine("Docker machine \"%1\" does not exist."), QStringLiteral("Docker machine \"%1\" does not exist."));
}

CliResult TestTranslations::run(const QStringList &args, const QString &lang) const
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name : { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "DOCKER_HOST", "MACHINE_STORAGE_PATH" })
        environment.remove(QLatin1String(name));
    environment.insert(QStringLiteral("LANG"), lang);
    environment.insert(QStringLiteral("HOME"), m_tmp.path());
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(BERTH_CLI_PATH), QStringList { QStringLiteral("-s"), m_store } + args);
    process.closeWriteChannel();
    return berth::test::finishCli(process);
}

void TestTranslations::cliFollowsLang()
{
#ifdef Q_OS_WIN
    QSKIP("Windows takes the language from the user's settings, not LANG");
#endif
    const QString zh = QStringLiteral("zh_CN.UTF-8");
    CliResult r = run({ QStringLiteral("rm"), QStringLiteral("-y"), QStringLiteral("nosuchmachine") }, zh);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.startsWith(QStringLiteral("Docker 机器 \"nosuchmachine\" 不存在。")), qPrintable(r.err));

    // A machine whose engine is a closed local port: ls reports it at once.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    const QString url = QStringLiteral("tcp://127.0.0.1:%1").arg(server.serverPort());
    server.close();
    r = run({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("none"), QStringLiteral("--url"), url,
                QStringLiteral("box") },
        zh);
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QVERIFY2(r.out.contains(QStringLiteral("正在运行创建前检查...\n")), qPrintable(r.out));

    // What scripts read is docker-machine's English.
    r = run({ QStringLiteral("ls") }, zh);
    const QStringList lines = r.out.split(QLatin1Char('\n'));
    QVERIFY2(lines.first().simplified() == QStringLiteral("NAME ACTIVE DRIVER STATE URL SWARM DOCKER ERRORS"),
        qPrintable(r.out));
    QVERIFY2(lines.value(1).simplified().startsWith(QStringLiteral("box - none Running ") + url), qPrintable(r.out));
    QCOMPARE(run({ QStringLiteral("status"), QStringLiteral("box") }, zh).out, QStringLiteral("Running\n"));
    QCOMPARE(run({ QStringLiteral("url"), QStringLiteral("box") }, zh).out, url + QLatin1Char('\n'));
    QCOMPARE(run({ QStringLiteral("ip"), QStringLiteral("box") }, zh).out, QStringLiteral("127.0.0.1\n"));
    QCOMPARE(run({ QStringLiteral("inspect"), QStringLiteral("-f"), QStringLiteral("{{.DriverName}}"),
                     QStringLiteral("box") },
                 zh)
                 .out,
        QStringLiteral("none\n"));
    QVERIFY(run({ QStringLiteral("version") }, zh).out.startsWith(QStringLiteral("berth version ")));
    const QString env
        = run({ QStringLiteral("env"), QStringLiteral("--shell"), QStringLiteral("bash"), QStringLiteral("box") }, zh)
              .out;
    QVERIFY2(env.contains(QStringLiteral("\n# Run this command to configure your shell: \n")), qPrintable(env));

    // Help is for people.
    r = run({ QStringLiteral("help") }, zh);
    QVERIFY2(r.out.startsWith(QStringLiteral("用法：berth [OPTIONS] COMMAND [arg...]\n")), qPrintable(r.out));
    // The drivers' flags too: their texts are marked in the engine and translated by the CLI.
    r = run({ QStringLiteral("create"), QStringLiteral("--help") }, zh);
    QVERIFY2(r.out.contains(QStringLiteral("--qemu-cpu-count")) && r.out.contains(QStringLiteral("机器的 CPU 数量")),
        qPrintable(r.out));
}

void TestTranslations::cliIsEnglishUnderC()
{
#ifdef Q_OS_WIN
    QSKIP("Windows takes the language from the user's settings, not LANG");
#endif
    for (const QString &lang : { QStringLiteral("C"), QStringLiteral("C.UTF-8"), QStringLiteral("en_US.UTF-8") }) {
        const CliResult r = run({ QStringLiteral("rm"), QStringLiteral("-y"), QStringLiteral("nosuchmachine") }, lang);
        QVERIFY2(r.err.startsWith(QStringLiteral("Docker machine \"nosuchmachine\" does not exist.")),
            qPrintable(lang + QLatin1Char(' ') + r.err));
    }
}

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
