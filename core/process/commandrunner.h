#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <functional>

class QProcess;

namespace berth {

struct CommandOutput {
    int exitCode = -1; // -1: did not start, crashed or timed out
    QByteArray standardOutput;
    QByteArray standardError;
    bool timedOut = false;
    bool canceled = false; // ended because the caller canceled
    QString startError; // set when the program could not be started
};

// The one seam over QProcess that drivers use for qemu-img, qemu-system, VBoxManage, PowerShell:
// an argv list (never a shell string), a timeout, output and exit code, and a debug log of each call.
class CommandRunner {
public:
    // Runs program with args and waits up to timeoutMs. Blocking: for a worker thread.
    static CommandOutput run(const QString &program, const QStringList &args, int timeoutMs = 60000);
    // The same with the program's own environment, ended early (as on a timeout, but canceled is set) when
    // canceled() says so; it is asked every fifth of a second.
    static CommandOutput run(const QString &program, const QStringList &args, int timeoutMs,
        const QProcessEnvironment &environment, const std::function<bool()> &canceled = {});
    // The first of program's candidate paths that exists and is executable, then PATH; empty if none.
    static QString findProgram(const QString &name, const QStringList &extraCandidates = {});
    // One line for messages: the last line of stderr, else of stdout.
    static QString lastLine(const CommandOutput &output);
    // Keeps the caller's descriptors beyond stdin/stdout/stderr out of process: a daemon it starts
    // (QEMU) would otherwise hold the caller's pipes open, and whoever reads them never sees EOF.
    // Platform part (commandrunner_unix.cpp, commandrunner_win.cpp). On POSIX keptDescriptor, when not -1, is left
    // as it is (DetachedProcess's passed descriptor).
    static void closeInheritedDescriptors(QProcess *process, int keptDescriptor = -1);
};

} // namespace berth
