// QemuProcess, the platform part of the QEMU driver: a program started detached is seen alive, is
// not taken for QEMU, dies when killed and is seen gone; what a failed QEMU said comes back; and
// QmpClient speaks QMP over a loopback TCP port as it does over a Unix socket (Windows uses the port).
// Run on Linux and, cross-built, on Windows (Wine): the programs are each system's own.
#include "drivers/qemu/qemuprocess.h"
#include "drivers/qemu/qmpclient.h"
#include "process/detachedprocess.h"
#include "support/inheritablepipe.h"
#include "support/qemustandin.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QMutex>
#include <QScopeGuard>
#include <QSemaphore>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#endif

using namespace berth;

namespace {

// A program that runs about 30 s and can be killed.
void longRunning(QString *program, QStringList *arguments)
{
#if defined(Q_OS_WIN)
    // Itself, not through cmd: killing cmd would leave its ping running.
    *program = QStandardPaths::findExecutable(QStringLiteral("ping"));
    *arguments = { QStringLiteral("-n"), QStringLiteral("30"), QStringLiteral("127.0.0.1") };
#else
    *program = QStandardPaths::findExecutable(QStringLiteral("sleep"));
    *arguments = { QStringLiteral("30") };
#endif
}

// A program that writes "out" to stdout and "qemu: no such option" to stderr, then fails.
void failing(QString *program, QStringList *arguments)
{
#if defined(Q_OS_WIN)
    *program = QStandardPaths::findExecutable(QStringLiteral("cmd"));
    *arguments = { QStringLiteral("/c"), QStringLiteral("echo out& echo qemu: no such option 1>&2& exit 1") };
#else
    *program = QStandardPaths::findExecutable(QStringLiteral("sh"));
    *arguments = { QStringLiteral("-c"), QStringLiteral("echo out; echo 'qemu: no such option' >&2; exit 1") };
#endif
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A QMP server on a loopback port, in its own thread: greets, then answers each line with the next
// scripted message, as QEMU would.
class TcpQmpServer : public QThread {
public:
    explicit TcpQmpServer(const QList<QByteArray> &script)
        : m_script(script)
    {
    }
    ~TcpQmpServer() override
    {
        quit();
        wait();
    }
    quint16 startServer()
    {
        start();
        m_ready.acquire();
        return m_port;
    }

protected:
    void run() override
    {
        QTcpServer server;
        m_port = server.listen(QHostAddress(QHostAddress::LocalHost), 0) ? server.serverPort() : 0;
        QObject::connect(&server, &QTcpServer::newConnection, &server, [&] {
            while (QTcpSocket *socket = server.nextPendingConnection()) {
                auto next = std::make_shared<int>(0);
                const QList<QByteArray> script = m_script;
                auto sendNext = [socket, script, next] {
                    if (*next < script.size())
                        socket->write(script.at((*next)++));
                };
                sendNext();
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket, sendNext] {
                    if (socket->readAll().contains('\n'))
                        sendNext();
                });
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
        m_ready.release();
        exec();
    }

private:
    QList<QByteArray> m_script;
    quint16 m_port = 0;
    QSemaphore m_ready;
};

const QByteArray greeting = "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7}}, "
                            "\"capabilities\": [\"oob\"]}}\r\n";
const QByteArray capabilitiesOk = "{\"return\": {}, \"id\": 1}\r\n";

// A loopback port nothing listens on (just freed).
quint16 closedPort()
{
    QTcpServer server;
    return server.listen(QHostAddress(QHostAddress::LocalHost), 0) ? server.serverPort() : 0;
}

} // namespace

class TestQemuProcess : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void detachedProgramIsAliveUntilKilled();
    void detachedProgramWritesItsLog();
    void detachedProgramHoldsNoneOfBerthsDescriptors();
#ifdef Q_OS_UNIX
    // virtiofsd is handed its listening socket so.
    void detachedProgramHoldsThePassedDescriptorOnly();
#endif
    void qemuIsTheOneThatWroteThePidFile();
    void nonsensePids();
    void failedStartSaysWhy();
    void qmpOverLoopbackTcp();
    void qmpPortWithNothingListening();
};

void TestQemuProcess::detachedProgramIsAliveUntilKilled()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString program;
    QStringList arguments;
    longRunning(&program, &arguments);
    QVERIFY2(!program.isEmpty(), "no long-running program on this system");
    qint64 pid = 0;
    QString error;
    QVERIFY2(DetachedProcess::start(program, arguments, dir.path(), dir.filePath(QStringLiteral("log")), &pid, &error),
        qPrintable(error));
    QVERIFY(pid > 0);
    QVERIFY(DetachedProcess::isAlive(pid));
    QVERIFY(!DetachedProcess::waitForExit(pid, 300));
    QVERIFY(DetachedProcess::isAlive(pid));
    // Alive, but not a QEMU that wrote this pid file: a reused pid must not be taken for the VM.
    const QString pidFile = dir.filePath(QStringLiteral("qemu.pid"));
    QFile file(pidFile);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray::number(pid) + '\n');
    file.close();
    QVERIFY(!QemuProcess::isOurQemu(pid, pidFile));

    QElapsedTimer timer;
    timer.start();
    QVERIFY(DetachedProcess::killHard(pid));
    QVERIFY(DetachedProcess::waitForExit(pid, 10000));
    QVERIFY(!DetachedProcess::isAlive(pid));
    QVERIFY2(timer.elapsed() < 10000, "the killed program was seen gone only after the timeout");
}

void TestQemuProcess::detachedProgramWritesItsLog()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString program;
    QStringList arguments;
    failing(&program, &arguments);
    const QString log = dir.filePath(QStringLiteral("program.log"));
    qint64 pid = 0;
    QString error;
    QVERIFY2(DetachedProcess::start(program, arguments, dir.path(), log, &pid, &error), qPrintable(error));
    QVERIFY(DetachedProcess::waitForExit(pid, 20000));
    // Both streams, in the log; detached, so Berth's own output stays clean.
    QTRY_VERIFY_WITH_TIMEOUT(readFile(log).contains("qemu: no such option"), 5000);
    QVERIFY(readFile(log).contains("out"));
}

// A program that outlives Berth must not keep what Berth had open: a script reading `berth start`'s output through a
// pipe would wait for the end of it as long as the agent runs. The program here (sleep, ping) closes nothing itself.
void TestQemuProcess::detachedProgramHoldsNoneOfBerthsDescriptors()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    berth::test::InheritablePipe pipe;
    QVERIFY(pipe.isValid());
    QString program;
    QStringList arguments;
    longRunning(&program, &arguments);
    qint64 pid = 0;
    QString error;
    QVERIFY2(DetachedProcess::start(program, arguments, dir.path(), dir.filePath(QStringLiteral("log")), &pid, &error),
        qPrintable(error));
    const auto kill = qScopeGuard([pid] {
        DetachedProcess::killHard(pid);
        DetachedProcess::waitForExit(pid, 10000);
    });
    QVERIFY(DetachedProcess::isAlive(pid));
#ifdef Q_OS_UNIX
    // Berth's own descriptor is as it was: inheritable, for Berth's purposes.
    QCOMPARE(fcntl(pipe.write, F_GETFD) & FD_CLOEXEC, 0);
#endif
    pipe.closeWrite();
    QVERIFY2(pipe.ends(3000), "the detached program holds the pipe's write end");
    QVERIFY(DetachedProcess::isAlive(pid));
}

#ifdef Q_OS_UNIX
void TestQemuProcess::detachedProgramHoldsThePassedDescriptorOnly()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    berth::test::InheritablePipe passed;
    berth::test::InheritablePipe other;
    QVERIFY(passed.isValid() && other.isValid());
    // Close-on-exec in Berth, as the socket made for virtiofsd is.
    QCOMPARE(fcntl(passed.write, F_SETFD, FD_CLOEXEC), 0);
    QString program;
    QStringList arguments;
    longRunning(&program, &arguments);
    qint64 pid = 0;
    QString error;
    QVERIFY2(DetachedProcess::start(
                 program, arguments, dir.path(), dir.filePath(QStringLiteral("log")), &pid, &error, passed.write),
        qPrintable(error));
    const auto kill = qScopeGuard([pid] {
        DetachedProcess::killHard(pid);
        DetachedProcess::waitForExit(pid, 10000);
    });
    QVERIFY(DetachedProcess::isAlive(pid));
    // Both as they were in Berth.
    QCOMPARE(fcntl(passed.write, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
    QCOMPARE(fcntl(other.write, F_GETFD) & FD_CLOEXEC, 0);
    passed.closeWrite();
    other.closeWrite();
    QVERIFY2(other.ends(3000), "the detached program holds a descriptor it was not given");
    QVERIFY2(!passed.ends(1000), "the detached program does not hold the descriptor it was given");
    DetachedProcess::killHard(pid);
    QVERIFY2(passed.ends(10000), "the passed descriptor stayed open after the program ended");
}
#endif

void TestQemuProcess::nonsensePids()
{
    for (const qint64 pid : { qint64(0), qint64(-1) }) {
        QVERIFY(!DetachedProcess::isAlive(pid));
        QVERIFY(!DetachedProcess::killHard(pid));
    }
    // A pid no process has: gone at once.
    const qint64 unused = 0x7ffffff0;
    QVERIFY(!DetachedProcess::isAlive(unused));
    QVERIFY(DetachedProcess::waitForExit(unused, 5000));
}

void TestQemuProcess::failedStartSaysWhy()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString program;
    QStringList arguments;
    failing(&program, &arguments);
    const QmpEndpoint endpoint = QemuProcess::qmpOverTcp()
        ? QmpEndpoint::loopbackPort(closedPort())
        : QmpEndpoint::unixSocket(dir.filePath(QStringLiteral("qmp.sock")));
    QString error;
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!QemuProcess::start(program, arguments, endpoint, dir.filePath(QStringLiteral("qemu.log")), 30000, &error));
    QVERIFY2(error.contains(QLatin1String("qemu: no such option")), qPrintable(error));
    QVERIFY2(timer.elapsed() < 25000, "a QEMU that exited was waited for until the timeout");
}

void TestQemuProcess::qmpOverLoopbackTcp()
{
    const QByteArray status
        = "{\"return\": {\"status\": \"running\", \"singlestep\": false, \"running\": true}, \"id\": 2}\r\n";
    TcpQmpServer server({ greeting, capabilitiesOk, status });
    const quint16 port = server.startServer();
    QVERIFY(port != 0);
    QmpClient client(QmpEndpoint::loopbackPort(port));
    QString error;
    QVERIFY2(client.connect(5000, &error), qPrintable(error));
    QCOMPARE(client.status(&error), QStringLiteral("running"));
}

void TestQemuProcess::qmpPortWithNothingListening()
{
    const quint16 port = closedPort();
    QVERIFY(port != 0);
    QmpClient client(QmpEndpoint::loopbackPort(port));
    QString error;
    QVERIFY(!client.connect(5000, &error));
    QVERIFY2(error.contains(QStringLiteral("127.0.0.1:%1").arg(port)), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("not running")), qPrintable(error));
}

void TestQemuProcess::qemuIsTheOneThatWroteThePidFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString pidFile = dir.filePath(QStringLiteral("qemu.pid"));
    // This test program under QEMU's name stands in for QEMU (support/qemustandin.h).
    const QString qemu = berth::test::copyAsQemu(dir.path());
    QVERIFY(!qemu.isEmpty());
    qint64 pid = 0;
    QString error;
    // Started in this program's folder, where its libraries are (Windows looks there for DLLs too).
    QVERIFY2(DetachedProcess::start(qemu, { QStringLiteral("--sleep"), QStringLiteral("30"), pidFile },
                 QCoreApplication::applicationDirPath(), dir.filePath(QStringLiteral("qemu.log")), &pid, &error),
        qPrintable(error));
    const auto kill = qScopeGuard([pid] {
        DetachedProcess::killHard(pid);
        DetachedProcess::waitForExit(pid, 10000);
    });
    QFile file(pidFile);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray::number(pid) + '\n');
    file.close();
    QTRY_VERIFY_WITH_TIMEOUT(DetachedProcess::isAlive(pid), 5000);
    QVERIFY(QemuProcess::isOurQemu(pid, pidFile));
    // A pid file written before that process started was another QEMU's, whose pid it got.
    QVERIFY(file.open(QIODevice::Append));
    QVERIFY(file.setFileTime(QDateTime::currentDateTime().addSecs(-3600), QFileDevice::FileModificationTime));
    file.close();
#if defined(Q_OS_WIN)
    QVERIFY(!QemuProcess::isOurQemu(pid, pidFile));
#else
    // Linux knows from the command line which pid file a QEMU writes.
    QVERIFY(!QemuProcess::isOurQemu(pid, dir.filePath(QStringLiteral("other.pid"))));
#endif
}

BERTH_QEMU_STANDIN_MAIN(TestQemuProcess)
#include "tst_qemuprocess.moc"
