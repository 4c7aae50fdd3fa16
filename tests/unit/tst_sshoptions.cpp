// ssh's own options after `berth ssh NAME`, as the built-in client reads them, and the arguments
// OpenSSH's client is given.
#include "ssh/clientoptions.h"
#include "ssh/externalclient.h"

#include <QTest>

using namespace berth::ssh;

class TestSshOptions : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void commandAfterDoubleDash();
    void optionsThenCommand();
    void clusteredAndJoinedValues();
    void forwardSpecs();
    void refusedOptionsAreNamed();
    void openSshArgumentsPinTheMachinesKey();
};

void TestSshOptions::commandAfterDoubleDash()
{
    ClientOptions options;
    QString error;
    QVERIFY(parseClientOptions(
        { QStringLiteral("--"), QStringLiteral("ls"), QStringLiteral("-lah"), QStringLiteral("/") }, &options, &error));
    QCOMPARE(options.command, QStringList({ QStringLiteral("ls"), QStringLiteral("-lah"), QStringLiteral("/") }));
    QCOMPARE(remoteCommand(options.command), QStringLiteral("ls -lah /"));
    // Only the first `--` ends the options; a later one is the command's.
    QVERIFY(parseClientOptions({ QStringLiteral("--"), QStringLiteral("--"), QStringLiteral("x") }, &options, &error));
    QCOMPARE(options.command, QStringList({ QStringLiteral("--"), QStringLiteral("x") }));
}

void TestSshOptions::optionsThenCommand()
{
    ClientOptions options;
    QString error;
    QVERIFY(
        parseClientOptions({ QStringLiteral("-C"), QStringLiteral("echo"), QStringLiteral("-N") }, &options, &error));
    QVERIFY(options.compression);
    QVERIFY(!options.noCommand); // -N after the command word belongs to the command
    QCOMPARE(options.command, QStringList({ QStringLiteral("echo"), QStringLiteral("-N") }));
    QVERIFY(parseClientOptions({}, &options, &error));
    QVERIFY(options.command.isEmpty());
    QVERIFY(!options.compression);
}

void TestSshOptions::clusteredAndJoinedValues()
{
    ClientOptions options;
    QString error;
    QVERIFY(parseClientOptions(
        { QStringLiteral("-NCTL8080:localhost:80"), QStringLiteral("-R"), QStringLiteral("0:127.0.0.1:22") }, &options,
        &error));
    QVERIFY(options.noCommand && options.compression);
    QCOMPARE(options.tty, ClientOptions::Tty::Never);
    QCOMPARE(options.localForwards.size(), 1);
    QCOMPARE(options.localForwards.first().port, 8080);
    QCOMPARE(options.localForwards.first().host, QStringLiteral("localhost"));
    QCOMPARE(options.localForwards.first().hostPort, 80);
    QCOMPARE(options.remoteForwards.size(), 1);
    QCOMPARE(options.remoteForwards.first().port, 0);
}

void TestSshOptions::forwardSpecs()
{
    Forward forward;
    QString error;
    QVERIFY(parseForward(QStringLiteral("0.0.0.0:8080:web:80"), false, &forward, &error));
    QCOMPARE(forward.bindAddress, QStringLiteral("0.0.0.0"));
    QCOMPARE(forward.port, 8080);
    QVERIFY(parseForward(QStringLiteral("[::1]:8080:[fe80::1]:80"), false, &forward, &error));
    QCOMPARE(forward.bindAddress, QStringLiteral("::1"));
    QCOMPARE(forward.host, QStringLiteral("fe80::1"));
    for (const QString &bad : { QStringLiteral("8080"), QStringLiteral("8080:web"), QStringLiteral("x:web:80"),
             QStringLiteral("8080:web:0"), QStringLiteral("70000:web:80"), QStringLiteral("8080::80") }) {
        QVERIFY2(!parseForward(bad, false, &forward, &error), qPrintable(bad));
        QVERIFY2(error.contains(bad), qPrintable(error));
    }
    QVERIFY(!parseForward(QStringLiteral("0:web:80"), false, &forward, &error)); // -L needs a port
    QVERIFY(parseForward(QStringLiteral("0:web:80"), true, &forward, &error)); // -R: the server chooses
}

void TestSshOptions::refusedOptionsAreNamed()
{
    ClientOptions options;
    QString error;
    QVERIFY(!parseClientOptions({ QStringLiteral("-D"), QStringLiteral("1080") }, &options, &error));
    QVERIFY2(error.contains(QLatin1String("-D 1080")), qPrintable(error));
    QVERIFY(!parseClientOptions({ QStringLiteral("-X") }, &options, &error));
    QVERIFY2(error.contains(QLatin1String("-X")), qPrintable(error));
    QVERIFY(!parseClientOptions({ QStringLiteral("-Z") }, &options, &error));
    QVERIFY2(error.contains(QLatin1String("Unknown ssh option -Z")), qPrintable(error));
    QVERIFY(!parseClientOptions({ QStringLiteral("-L") }, &options, &error));
    QVERIFY2(error.contains(QLatin1String("-L needs a value")), qPrintable(error));
}

void TestSshOptions::openSshArgumentsPinTheMachinesKey()
{
    Target target;
    target.host = QStringLiteral("127.0.0.1");
    target.port = 2222;
    target.user = QStringLiteral("docker");
    target.privateKeyPath = QStringLiteral("/store/machines/m/id_rsa");
    target.knownHostsPath = QStringLiteral("/store/machines/m/known_hosts");
    const QStringList args = openSshArguments(
        target, { QStringLiteral("-L"), QStringLiteral("1:h:2"), QStringLiteral("--"), QStringLiteral("ls") });
    const QString joined = args.join(QLatin1Char(' '));
#ifdef Q_OS_WIN
    const QString nullDevice = QStringLiteral("NUL");
    // Windows paths, their backslashes escaped for OpenSSH's configuration syntax.
    const QString knownHosts = QStringLiteral("\\\\store\\\\machines\\\\m\\\\known_hosts");
    const QString key = QStringLiteral("\\\\store\\\\machines\\\\m\\\\id_rsa");
#else
    const QString nullDevice = QStringLiteral("/dev/null");
    const QString knownHosts = QStringLiteral("/store/machines/m/known_hosts");
    const QString key = QStringLiteral("/store/machines/m/id_rsa");
#endif
    QVERIFY2(joined.startsWith(QStringLiteral("-F ") + nullDevice + QLatin1Char(' ')), qPrintable(joined));
    for (const QString &expected : QStringList { QStringLiteral("-o StrictHostKeyChecking=yes"),
             QStringLiteral("-o UserKnownHostsFile=\"") + knownHosts + QLatin1Char('"'),
             QStringLiteral("-o GlobalKnownHostsFile=") + nullDevice, QStringLiteral("-o PasswordAuthentication=no"),
             QStringLiteral("-o IdentitiesOnly=yes"), QStringLiteral("-o IdentityFile=\"") + key + QLatin1Char('"'),
             QStringLiteral("-p 2222"), QStringLiteral("docker@127.0.0.1") })
        QVERIFY2(joined.contains(expected), qPrintable(expected + QStringLiteral(" in ") + joined));
    QVERIFY(!joined.contains(QLatin1String("StrictHostKeyChecking=no")));
    // The user's arguments come last and unchanged: ssh itself reads options, `--` and the command.
    QCOMPARE(args.mid(args.size() - 4),
        QStringList({ QStringLiteral("-L"), QStringLiteral("1:h:2"), QStringLiteral("--"), QStringLiteral("ls") }));
}

QTEST_GUILESS_MAIN(TestSshOptions)
#include "tst_sshoptions.moc"
