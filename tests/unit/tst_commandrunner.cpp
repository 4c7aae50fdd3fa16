// CommandRunner, the seam every driver starts programs through (qemu-img, qemu-system): what a
// child gets from Berth, seen from the child.
#include "process/commandrunner.h"

#include <QElapsedTimer>
#include <QFile>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

using namespace berth;

namespace {

// A pipe as a test runner or build tool hands it down: inheritable (no FD_CLOEXEC), beyond 0/1/2.
struct InheritablePipe {
    int read = -1;
    int write = -1;
    InheritablePipe()
    {
        int fds[2];
        if (pipe(fds) == 0) {
            read = fds[0];
            write = fds[1];
        }
    }
    ~InheritablePipe()
    {
        closeWrite();
        if (read >= 0)
            close(read);
    }
    void closeWrite()
    {
        if (write >= 0)
            close(write);
        write = -1;
    }
};

} // namespace

class TestCommandRunner : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void childDoesNotSeeCallersDescriptors();
    void pipeEndsWhileDaemonizedGrandchildLives();
    void failedStartIsStillReported();
    void outputAndExitCode();
};

void TestCommandRunner::childDoesNotSeeCallersDescriptors()
{
    InheritablePipe pipe;
    QVERIFY(pipe.write > 2);
    QCOMPARE(fcntl(pipe.write, F_GETFD) & FD_CLOEXEC, 0);
    const QString fd = QString::number(pipe.write);
    // The child writes to the descriptor if it has it; the shell fails on a descriptor it lacks.
    const CommandOutput output = CommandRunner::run(
        QStringLiteral("/bin/sh"), { QStringLiteral("-c"), QStringLiteral("echo leaked >&%1").arg(fd) }, 10000);
    QVERIFY2(output.startError.isEmpty(), qPrintable(output.startError));
    QVERIFY2(
        output.exitCode != 0, qPrintable(QStringLiteral("the child could write to the caller's descriptor ") + fd));
    // The caller's own descriptor is untouched: still open, still inheritable for the caller's purposes.
    QCOMPARE(fcntl(pipe.write, F_GETFD) & FD_CLOEXEC, 0);
}

// `qemu-system -daemonize`: the started program leaves a grandchild behind and exits. A caller
// reading Berth's output through an inherited pipe must see EOF when Berth is done, not when the
// grandchild (the VM) ends.
void TestCommandRunner::pipeEndsWhileDaemonizedGrandchildLives()
{
    InheritablePipe pipe;
    QVERIFY(pipe.write > 2);
    const CommandOutput output = CommandRunner::run(QStringLiteral("/bin/sh"),
        { QStringLiteral("-c"), QStringLiteral("sleep 60 </dev/null >/dev/null 2>&1 & echo $!") }, 10000);
    QCOMPARE(output.exitCode, 0);
    const pid_t grandchild = output.standardOutput.trimmed().toInt();
    QVERIFY(grandchild > 0);
    const auto reap = qScopeGuard([grandchild] { kill(grandchild, SIGKILL); });
    QCOMPARE(kill(grandchild, 0), 0); // still alive
    pipe.closeWrite();
    pollfd readable { pipe.read, POLLIN, 0 };
    QElapsedTimer timer;
    timer.start();
    const int ready = poll(&readable, 1, 3000);
    QVERIFY2(ready == 1, "the pipe did not reach EOF while the daemonized grandchild lives: it holds the write end");
    char byte = 0;
    QCOMPARE(::read(pipe.read, &byte, 1), ssize_t(0));
    QVERIFY(timer.elapsed() < 3000);
}

// QProcess reports a failed exec through a pipe of its own that must survive until exec.
void TestCommandRunner::failedStartIsStillReported()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString notExecutable = dir.filePath(QStringLiteral("tool"));
    QFile file(notExecutable);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("#!/bin/sh\necho hi\n");
    file.close();
    const CommandOutput output = CommandRunner::run(notExecutable, {}, 10000);
    QCOMPARE(output.exitCode, -1);
    QVERIFY2(!output.startError.isEmpty(), "a program that cannot be executed was not reported");
    const CommandOutput missing = CommandRunner::run(dir.filePath(QStringLiteral("missing")), {}, 10000);
    QCOMPARE(missing.exitCode, -1);
    QVERIFY(!missing.startError.isEmpty());
}

void TestCommandRunner::outputAndExitCode()
{
    const CommandOutput output = CommandRunner::run(
        QStringLiteral("/bin/sh"), { QStringLiteral("-c"), QStringLiteral("echo out; echo err >&2; exit 7") }, 10000);
    QCOMPARE(output.exitCode, 7);
    QCOMPARE(output.standardOutput, QByteArray("out\n"));
    QCOMPARE(output.standardError, QByteArray("err\n"));
}

QTEST_GUILESS_MAIN(TestCommandRunner)
#include "tst_commandrunner.moc"
