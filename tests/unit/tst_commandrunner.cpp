// CommandRunner, the seam every driver starts programs through (qemu-img, qemu-system): what a
// child gets from Berth, seen from the child. The children are /bin/sh on POSIX, cmd.exe on Windows.
#include "process/commandrunner.h"
#include "support/inheritablepipe.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_WIN
#include <windows.h>
#else
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>
#endif

using namespace berth;
using berth::test::InheritablePipe;

class TestCommandRunner : public QObject {
    Q_OBJECT

private Q_SLOTS:
#ifdef Q_OS_UNIX
    // Descriptors by number; on Windows, handles are covered by the next test.
    void childDoesNotSeeCallersDescriptors();
#endif
    void pipeEndsWhileDaemonizedGrandchildLives();
    void failedStartIsStillReported();
    void outputAndExitCode();
};

#ifdef Q_OS_UNIX
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

#endif

// `qemu-system -daemonize`: the started program leaves a grandchild behind and exits. A caller
// reading Berth's output through an inherited pipe must see EOF when Berth is done, not when the
// grandchild (the VM) ends.
#ifdef Q_OS_WIN
void TestCommandRunner::pipeEndsWhileDaemonizedGrandchildLives()
{
    // On Windows a child given the handle passes it on to what it starts (start /b): the pipe stays
    // open as long as either lives. The grandchild lives 8 s and leaves a file when it ends.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString marker = QDir::toNativeSeparators(dir.filePath(QStringLiteral("grandchild-ended")));
    InheritablePipe pipe;
    QVERIFY(pipe.write);
    const CommandOutput output = CommandRunner::run(QStringLiteral("cmd.exe"),
        { QStringLiteral("/c"),
            QStringLiteral("start /b cmd /c ping -n 9 127.0.0.1 ^>NUL ^& echo done^>%1").arg(marker) },
        10000);
    QVERIFY2(output.startError.isEmpty(), qPrintable(output.startError));
    QCOMPARE(output.exitCode, 0);
    pipe.closeWrite();
    QElapsedTimer timer;
    timer.start();
    DWORD available = 0;
    bool ended = false;
    while (timer.elapsed() < 3000) {
        if (!PeekNamedPipe(pipe.read, nullptr, 0, nullptr, &available, nullptr)) {
            ended = GetLastError() == ERROR_BROKEN_PIPE;
            break;
        }
        QTest::qWait(50);
    }
    QVERIFY2(ended, "the pipe did not end while the grandchild lives: a child holds its write end");
    // The grandchild was started, and was still alive when the pipe ended.
    QVERIFY2(!QFile::exists(marker), "the grandchild had ended already");
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(marker), 20000);
}
#else
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
#endif

// QProcess reports a failed exec through a pipe of its own that must survive until exec.
void TestCommandRunner::failedStartIsStillReported()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
#ifdef Q_OS_WIN
    // Not a program, whatever its name says.
    const QString notExecutable = dir.filePath(QStringLiteral("tool.exe"));
#else
    const QString notExecutable = dir.filePath(QStringLiteral("tool"));
#endif
    QFile file(notExecutable);
    QVERIFY(file.open(QIODevice::WriteOnly));
#ifdef Q_OS_WIN
    // Text, not a PE image (a script would be run by Wine as a Unix program).
    file.write("This is not a program.\r\n");
#else
    file.write("#!/bin/sh\necho hi\n");
#endif
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
#ifdef Q_OS_WIN
    const CommandOutput output = CommandRunner::run(
        QStringLiteral("cmd.exe"), { QStringLiteral("/c"), QStringLiteral("echo out&echo err>&2&exit 7") }, 10000);
    const QByteArray newline = "\r\n";
#else
    const CommandOutput output = CommandRunner::run(
        QStringLiteral("/bin/sh"), { QStringLiteral("-c"), QStringLiteral("echo out; echo err >&2; exit 7") }, 10000);
    const QByteArray newline = "\n";
#endif
    QCOMPARE(output.exitCode, 7);
    QCOMPARE(output.standardOutput, "out" + newline);
    QCOMPARE(output.standardError, "err" + newline);
}

QTEST_GUILESS_MAIN(TestCommandRunner)
#include "tst_commandrunner.moc"
