#include "ssh/forwardsocket.h"
#include "ssh/terminal.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace berth::ssh;

namespace {

constexpr char childVariable[] = "BERTH_TST_TERMINAL_CHILD";

// The child: what Session::interactive does with standard input when there is no terminal (echo cmd |
// berth ssh m): wait for it together with a socket in libssh's place, read, write it out, until its end.
// Standard error gets one line per wait that found nothing, so the parent sees that waits end.
int childMain()
{
    QString error;
    const net::Socket listener = net::listenTcp(QStringLiteral("127.0.0.1"), 0, &error);
    const net::Socket ssh = net::connectTcp(QStringLiteral("127.0.0.1"), net::localPort(listener), &error);
    if (ssh == net::invalidSocket) {
        const QByteArray text = error.toUtf8() + '\n';
        terminal::writeOutput(text.constData(), text.size(), true);
        return 2;
    }
    if (terminal::standardInputIsTerminal())
        return 3;
    int columns = 0;
    int rows = 0;
    if (terminal::size(&columns, &rows))
        return 4;
    char buffer[4096];
    for (;;) {
        const terminal::WaitResult wait = terminal::waitForInput(true, ssh, 100);
        if (wait.failed)
            return 5;
        if (wait.socketReady)
            return 6;
        if (!wait.inputReady) {
            terminal::writeOutput("idle\n", 5, true);
            continue;
        }
        const qint64 n = terminal::readInput(buffer, sizeof buffer);
        if (n < 0)
            return 7;
        if (n == 0)
            return 0;
        if (!terminal::writeOutput(buffer, n, false))
            return 8;
    }
}

} // namespace

// The caller's standard input and output as the SSH client pumps them, in a child process whose
// standard input is a pipe or a file.
class TestTerminal : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void pipeInput();
    void pipeInputArrivingLater();
    void fileInput();
    void emptyInput();

private:
    void startChild(QProcess *process);
};

void TestTerminal::startChild(QProcess *process)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QString::fromLatin1(childVariable), QStringLiteral("1"));
    process->setProcessEnvironment(environment);
    process->setProgram(QCoreApplication::applicationFilePath());
}

void TestTerminal::pipeInput()
{
    QProcess child;
    startChild(&child);
    child.start();
    QVERIFY(child.waitForStarted());
    // More than one read's worth, and bytes that are not text.
    QByteArray data;
    for (int i = 0; i < 5000; ++i)
        data += "line " + QByteArray::number(i) + " \x01\xff\r\n";
    child.write(data);
    child.closeWriteChannel();
    QVERIFY(child.waitForFinished(30000));
    QCOMPARE(child.exitCode(), 0);
    QCOMPARE(child.readAllStandardOutput(), data);
}

void TestTerminal::pipeInputArrivingLater()
{
    QProcess child;
    startChild(&child);
    child.start();
    QVERIFY(child.waitForStarted());
    // Nothing for a while: waits end with nothing ready, and the child keeps waiting.
    QElapsedTimer timer;
    timer.start();
    // waitForReadyRead() waits for the read channel only (on Windows it reads no other).
    child.setReadChannel(QProcess::StandardError);
    while (!child.readAllStandardError().contains("idle") && timer.elapsed() < 10000)
        child.waitForReadyRead(200);
    QVERIFY2(timer.elapsed() < 10000, "no wait ended empty");
    child.setReadChannel(QProcess::StandardOutput);
    child.write("ls -l\n");
    QVERIFY(child.waitForBytesWritten(5000));
    QByteArray out;
    while (!out.contains("ls -l\n") && timer.elapsed() < 20000) {
        child.waitForReadyRead(200);
        out += child.readAllStandardOutput();
    }
    QCOMPARE(out, QByteArray("ls -l\n"));
    child.write("exit\n");
    child.closeWriteChannel();
    QVERIFY(child.waitForFinished(30000));
    QCOMPARE(child.exitCode(), 0);
    QCOMPARE(out + child.readAllStandardOutput(), QByteArray("ls -l\nexit\n"));
}

void TestTerminal::fileInput()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("input"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QByteArray data;
    for (int i = 0; i < 3000; ++i)
        data += "echo " + QByteArray::number(i) + '\n';
    file.write(data);
    file.close();
    QProcess child;
    startChild(&child);
    child.setStandardInputFile(path);
    child.start();
    QVERIFY(child.waitForFinished(30000));
    QCOMPARE(child.exitCode(), 0);
    QCOMPARE(child.readAllStandardOutput(), data);
}

void TestTerminal::emptyInput()
{
    QProcess child;
    startChild(&child);
    child.setStandardInputFile(QProcess::nullDevice());
    child.start();
    QVERIFY(child.waitForFinished(30000));
    QCOMPARE(child.exitCode(), 0);
    QCOMPARE(child.readAllStandardOutput(), QByteArray());
}

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsSet(childVariable))
        return childMain();
    QCoreApplication app(argc, argv);
    TestTerminal test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_terminal.moc"
