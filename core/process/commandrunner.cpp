#include "commandrunner.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QProcess>
#include <QStandardPaths>

Q_LOGGING_CATEGORY(lcProcess, "berth.process")

namespace berth {

CommandOutput CommandRunner::run(const QString &program, const QStringList &args, int timeoutMs)
{
    return run(program, args, timeoutMs, QProcessEnvironment(), {});
}

CommandOutput CommandRunner::run(const QString &program, const QStringList &args, int timeoutMs,
    const QProcessEnvironment &environment, const std::function<bool()> &canceled)
{
    CommandOutput output;
    QProcess process;
    QElapsedTimer timer;
    timer.start();
    closeInheritedDescriptors(&process);
    if (!environment.isEmpty())
        process.setProcessEnvironment(environment);
    process.start(program, args);
    if (!process.waitForStarted(10000)) {
        output.startError = process.errorString();
        qCDebug(lcProcess) << "could not start" << program << args << output.startError;
        return output;
    }
    process.closeWriteChannel();
    bool finished = false;
    if (!canceled) {
        finished = process.waitForFinished(timeoutMs);
    } else {
        const QDeadlineTimer deadline(timeoutMs);
        while (!finished && !deadline.hasExpired() && !output.canceled) {
            const qint64 left = deadline.isForever() ? 200 : qBound<qint64>(1, deadline.remainingTime(), qint64(200));
            finished = process.waitForFinished(static_cast<int>(left));
            output.canceled = !finished && canceled();
        }
    }
    if (!finished) {
        output.timedOut = !output.canceled;
        process.kill();
        process.waitForFinished(5000);
    } else if (process.exitStatus() == QProcess::NormalExit) {
        output.exitCode = process.exitCode();
    }
    output.standardOutput = process.readAllStandardOutput();
    output.standardError = process.readAllStandardError();
    qCDebug(lcProcess) << program << args << "->" << output.exitCode << "in" << timer.elapsed() << "ms"
                       << output.standardError.trimmed().left(500);
    return output;
}

QString CommandRunner::findProgram(const QString &name, const QStringList &extraCandidates)
{
    for (const QString &candidate : extraCandidates) {
        const QFileInfo info(candidate);
        if (info.isFile() && info.isExecutable())
            return info.absoluteFilePath();
    }
    return QStandardPaths::findExecutable(name);
}

QString CommandRunner::lastLine(const CommandOutput &output)
{
    if (!output.startError.isEmpty())
        return output.startError;
    const QByteArray text = output.standardError.trimmed().isEmpty() ? output.standardOutput : output.standardError;
    const QList<QByteArray> lines = text.trimmed().split('\n');
    return lines.isEmpty() ? QString() : QString::fromUtf8(lines.constLast()).trimmed();
}

} // namespace berth
