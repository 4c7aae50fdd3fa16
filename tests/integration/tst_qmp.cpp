// QmpClient against a real QEMU (-machine none: no guest, no disk, starts in milliseconds).
#include "drivers/qemu/qemudriver.h"
#include "drivers/qemu/qmpclient.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonObject>
#include <QLocalSocket>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

using namespace berth;

namespace {

// One QEMU with its QMP socket in a folder of its own; killed at the end if still running.
class Qemu {
public:
    // socket: where QMP listens (default: a folder of its own); extra: more of QEMU's arguments.
    Qemu(const QString &binary, bool paused, const QString &socket = QString(), const QStringList &extra = {})
    {
        m_socket = socket.isEmpty() ? m_dir.filePath(QStringLiteral("qmp.sock")) : socket;
        QStringList args { QStringLiteral("-machine"), QStringLiteral("none"), QStringLiteral("-display"),
            QStringLiteral("none"), QStringLiteral("-nodefaults"), QStringLiteral("-qmp"),
            QStringLiteral("unix:%1,server=on,wait=off").arg(m_socket) };
        if (paused)
            args << QStringLiteral("-S");
        args << extra;
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start(binary, args);
    }
    ~Qemu()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    // QEMU creates the socket while it starts; wait=off means it does not wait for a client. The
    // file is there (bind) a moment before QEMU listens: ready is when a connection is taken.
    bool waitForSocket()
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 5000) {
            if (QFileInfo::exists(m_socket)) {
                QLocalSocket probe;
                probe.connectToServer(m_socket);
                if (probe.waitForConnected(200)) {
                    probe.disconnectFromServer();
                    return true;
                }
            }
            if (m_process.state() == QProcess::NotRunning)
                return false;
            QThread::msleep(20);
        }
        return false;
    }

    QString socket() const { return m_socket; }
    QProcess &process() { return m_process; }

private:
    QTemporaryDir m_dir;
    QString m_socket;
    QProcess m_process;
};

} // namespace

class TestQmp : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void pausedThenRunning();
    void runningThenStopped();
    void argumentsAndNonObjectReturn();
    void unknownCommandIsReportedWithQemuText();
    void quitEndsQemu();
    void missingSocketFailsFast();
    void staleSocketSaysNotRunning();
    void busySocketTimesOut();
    void reconnectReplacesConnection();
    void executeWithoutConnectionFails();
    void worksOnAWorkerThread();
    void forwardsListenWhereTheMachineSays();

private:
    QString m_qemu;
};

void TestQmp::initTestCase()
{
    m_qemu = QStandardPaths::findExecutable(QStringLiteral("qemu-system-x86_64"));
    QVERIFY2(!m_qemu.isEmpty(), "qemu-system-x86_64 not found: install qemu-system-x86");
}

void TestQmp::pausedThenRunning()
{
    Qemu qemu(m_qemu, true);
    QVERIFY(qemu.waitForSocket());
    QmpClient qmp(qemu.socket());
    QString error;
    QVERIFY2(qmp.connect(3000, &error), qPrintable(error));

    const QString before = qmp.status(&error);
    QVERIFY2(before == QLatin1String("prelaunch") || before == QLatin1String("paused"), qPrintable(before + error));

    // QEMU sends a RESUME event before cont's reply: the client skips it.
    QJsonObject reply { { QStringLiteral("stale"), true } };
    QVERIFY2(qmp.execute(QStringLiteral("cont"), {}, &reply, &error), qPrintable(error));
    QVERIFY(reply.isEmpty());
    QCOMPARE(qmp.status(&error), QStringLiteral("running"));

    QJsonObject version;
    QVERIFY2(qmp.execute(QStringLiteral("query-version"), {}, &version, &error), qPrintable(error));
    const QJsonObject qemuVersion = version.value(QLatin1String("qemu")).toObject();
    QVERIFY2(qemuVersion.value(QLatin1String("major")).toInt() >= 7,
        qPrintable(QString::number(qemuVersion.value(QLatin1String("major")).toInt())));
    QVERIFY(qemuVersion.contains(QLatin1String("minor")));
}

void TestQmp::runningThenStopped()
{
    Qemu qemu(m_qemu, false);
    QVERIFY(qemu.waitForSocket());
    QmpClient qmp(qemu.socket());
    QString error;
    QVERIFY2(qmp.connect(3000, &error), qPrintable(error));
    QCOMPARE(qmp.status(&error), QStringLiteral("running"));

    QJsonObject ignored;
    QVERIFY2(qmp.execute(QStringLiteral("stop"), {}, &ignored, &error), qPrintable(error));
    QCOMPARE(qmp.status(&error), QStringLiteral("paused"));

    // -machine none has no ACPI, but QEMU still takes the request and sends a POWERDOWN event first.
    QVERIFY2(qmp.powerdown(&error), qPrintable(error));
    QCOMPARE(qmp.status(&error), QStringLiteral("paused"));
}

void TestQmp::argumentsAndNonObjectReturn()
{
    Qemu qemu(m_qemu, true);
    QVERIFY(qemu.waitForSocket());
    QmpClient qmp(qemu.socket());
    QString error;
    QVERIFY2(qmp.connect(3000, &error), qPrintable(error));

    // human-monitor-command takes an argument and returns a string, not an object.
    QJsonObject reply;
    QVERIFY2(qmp.execute(QStringLiteral("human-monitor-command"),
                 { { QStringLiteral("command-line"), QStringLiteral("info version") } }, &reply, &error),
        qPrintable(error));
    const QString text = reply.value(QLatin1String("return")).toString();
    QVERIFY2(
        text.startsWith(QLatin1Char('7')) || text.startsWith(QLatin1Char('8')) || text.startsWith(QLatin1Char('9')),
        qPrintable(text));

    // A bad argument is QEMU's error, with its words.
    QVERIFY(!qmp.execute(
        QStringLiteral("human-monitor-command"), { { QStringLiteral("no-such-argument"), 1 } }, &reply, &error));
    QVERIFY2(error.contains(QLatin1String("GenericError")), qPrintable(error));
}

void TestQmp::unknownCommandIsReportedWithQemuText()
{
    Qemu qemu(m_qemu, true);
    QVERIFY(qemu.waitForSocket());
    QmpClient qmp(qemu.socket());
    QString error;
    QVERIFY2(qmp.connect(3000, &error), qPrintable(error));

    QJsonObject reply;
    QVERIFY(!qmp.execute(QStringLiteral("no-such-command"), {}, &reply, &error));
    QVERIFY2(error.contains(QLatin1String("CommandNotFound")), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("The command no-such-command has not been found")), qPrintable(error));

    // The connection is still good after an error.
    error.clear();
    QCOMPARE(qmp.status(&error), QStringLiteral("prelaunch"));
    QVERIFY(error.isEmpty());
}

void TestQmp::quitEndsQemu()
{
    Qemu qemu(m_qemu, false);
    QVERIFY(qemu.waitForSocket());
    QmpClient qmp(qemu.socket());
    QString error;
    QVERIFY2(qmp.connect(3000, &error), qPrintable(error));
    QVERIFY2(qmp.quit(&error), qPrintable(error));
    QVERIFY2(qemu.process().waitForFinished(5000), "QEMU still runs after quit");
    QCOMPARE(qemu.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(qemu.process().exitCode(), 0);

    // Nothing is left to talk to.
    QVERIFY(qmp.status(&error).isEmpty());
    QVERIFY(!error.isEmpty());
    QVERIFY(!qmp.connect(1000, &error));
    QVERIFY2(error.contains(QLatin1String("QEMU is not running")), qPrintable(error));
}

void TestQmp::missingSocketFailsFast()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("qmp.sock"));
    QmpClient qmp(path);
    QString error;
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!qmp.connect(5000, &error));
    QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(error, QStringLiteral("QEMU is not running: no QMP socket at %1.").arg(path));
    QVERIFY(qmp.status(&error).isEmpty());
    QVERIFY2(error.contains(QLatin1String("Not connected")), qPrintable(error));
}

void TestQmp::staleSocketSaysNotRunning()
{
    Qemu qemu(m_qemu, true);
    QVERIFY(qemu.waitForSocket());
    // SIGKILL leaves the socket file behind, as a crash or power loss does.
    qemu.process().kill();
    QVERIFY(qemu.process().waitForFinished(5000));
    QVERIFY(QFileInfo::exists(qemu.socket()));

    QmpClient qmp(qemu.socket());
    QString error;
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!qmp.connect(5000, &error));
    QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY2(
        error.startsWith(QLatin1String("QEMU is not running")) && error.contains(qemu.socket()), qPrintable(error));
}

void TestQmp::busySocketTimesOut()
{
    Qemu qemu(m_qemu, true);
    QVERIFY(qemu.waitForSocket());
    QmpClient first(qemu.socket());
    QString error;
    QVERIFY2(first.connect(3000, &error), qPrintable(error));

    // QEMU serves one client at a time: the second waits for a greeting that does not come.
    QmpClient second(qemu.socket());
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!second.connect(500, &error));
    QVERIFY2(timer.elapsed() >= 400 && timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY2(error.contains(QLatin1String("did not greet")) && error.contains(QLatin1String("another client")),
        qPrintable(error));
    QCOMPARE(first.status(&error), QStringLiteral("prelaunch"));
}

void TestQmp::reconnectReplacesConnection()
{
    Qemu qemu(m_qemu, true);
    QVERIFY(qemu.waitForSocket());
    QmpClient qmp(qemu.socket());
    QString error;
    QVERIFY2(qmp.connect(3000, &error), qPrintable(error));
    QCOMPARE(qmp.status(&error), QStringLiteral("prelaunch"));
    // Connecting again drops the first connection, so QEMU takes the new one.
    QVERIFY2(qmp.connect(3000, &error), qPrintable(error));
    QCOMPARE(qmp.status(&error), QStringLiteral("prelaunch"));
}

void TestQmp::executeWithoutConnectionFails()
{
    QmpClient qmp(QStringLiteral("/nonexistent/qmp.sock"));
    QString error;
    QJsonObject reply;
    QVERIFY(!qmp.execute(QStringLiteral("query-status"), {}, &reply, &error));
    QVERIFY2(error.contains(QLatin1String("Not connected")), qPrintable(error));
    QVERIFY(!qmp.powerdown(&error));
    QVERIFY(!qmp.quit(&error));
}

void TestQmp::worksOnAWorkerThread()
{
    Qemu qemu(m_qemu, false);
    QVERIFY(qemu.waitForSocket());
    QString status;
    QString error;
    // A plain thread without an event loop, as QtConcurrent::run gives the driver.
    std::unique_ptr<QThread> worker(QThread::create([&] {
        QmpClient qmp(qemu.socket());
        if (qmp.connect(3000, &error))
            status = qmp.status(&error);
        if (!status.isEmpty())
            qmp.quit(&error);
    }));
    worker->start();
    QVERIFY(worker->wait(10000));
    QVERIFY2(status == QLatin1String("running"), qPrintable(error));
    QVERIFY(qemu.process().waitForFinished(5000));
}

void TestQmp::forwardsListenWhereTheMachineSays()
{
    // QemuDriver's forwards of published ports (hostfwd_add over QMP), on a QEMU with a machine's user network: on
    // the loopback, or on every interface for a machine made with --qemu-publish-all-interfaces (which it keeps).
    for (const bool everyInterface : { false, true }) {
        QTemporaryDir store;
        const QString dir = store.filePath(QStringLiteral("machines/vm"));
        QVERIFY(QDir().mkpath(dir));
        Qemu qemu(m_qemu, false, dir + QStringLiteral("/qmp.sock"),
            { QStringLiteral("-netdev"), QStringLiteral("user,id=net0") });
        QVERIFY(qemu.waitForSocket());
        QemuDriver made(QStringLiteral("vm"), store.path());
        FlagValues flags { { QStringLiteral("qemu-no-share"), { QStringLiteral("true") } } };
        if (everyInterface)
            flags.insert(QStringLiteral("qemu-publish-all-interfaces"), { QStringLiteral("true") });
        QString error;
        QVERIFY2(made.setConfigFromFlags(flags, &error), qPrintable(error));
        QemuDriver driver(QStringLiteral("vm"), store.path());
        QVERIFY2(driver.fromJson(made.toJson({}), &error), qPrintable(error));
        const QString address = everyInterface ? QStringLiteral("0.0.0.0") : QStringLiteral("127.0.0.1");
        QCOMPARE(driver.forwardAddress(), address);

        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const int port = probe.serverPort();
        probe.close();
        QVERIFY2(driver.addPortForward({ QStringLiteral("tcp"), port }, &error), qPrintable(error));
        QVERIFY2(driver.addPortForward({ QStringLiteral("udp"), port }, &error), qPrintable(error));
        QList<PortForward> forwards;
        QVERIFY2(driver.portForwards(&forwards, &error), qPrintable(error));
        QCOMPARE(forwards.size(), 2);
        // Where QEMU listens, as its monitor shows it (every address: "*").
        const QString shown = everyInterface ? QStringLiteral("*") : address;
        {
            QmpClient qmp(qemu.socket());
            QJsonObject reply;
            QVERIFY2(qmp.connect(3000, &error)
                    && qmp.execute(QStringLiteral("human-monitor-command"),
                        QJsonObject { { QStringLiteral("command-line"), QStringLiteral("info usernet") } }, &reply,
                        &error),
                qPrintable(error));
            const QString table = reply.value(QLatin1String("return")).toString();
            for (const char *protocol : { "TCP", "UDP" }) {
                const QRegularExpression row(QStringLiteral("%1\\[HOST_FORWARD\\]\\s+\\d+\\s+%2\\s+%3\\s")
                                                 .arg(QLatin1String(protocol), QRegularExpression::escape(shown))
                                                 .arg(port));
                QVERIFY2(row.match(table).hasMatch(), qPrintable(table));
            }
        }
        // Taken there: it cannot be listened on by another program.
        QVERIFY(!probe.listen(QHostAddress(address), quint16(port)));
        QVERIFY2(driver.removePortForward({ QStringLiteral("tcp"), port }, &error), qPrintable(error));
        QVERIFY2(driver.removePortForward({ QStringLiteral("udp"), port }, &error), qPrintable(error));
        QVERIFY2(driver.portForwards(&forwards, &error), qPrintable(error));
        QVERIFY(forwards.isEmpty());
        QVERIFY2(probe.listen(QHostAddress(address), quint16(port)), qPrintable(probe.errorString()));
    }
}

QTEST_GUILESS_MAIN(TestQmp)

#include "tst_qmp.moc"
