#pragma once

// Test support: what a run of the berth CLI left, once it has ended (or been killed for taking too long).

#include "printedtext.h"

#include <QProcess>
#include <QString>

namespace berth::test {

struct CliResult {
    int exitCode = -1; // -1: it did not end by itself
    QString out;
    QString err;
};

// Starts again, once, a process that could not be made at all, and says so. Wine 8 now and then makes no
// process ("wine: failed to map the shared user data": 4 starts of 12,600 when 3 started at once); a
// program that never ran is started again, as a user would. One that ran is never run twice.
inline bool startedAgainIfItNeverRan(QProcess &process)
{
    if (process.error() != QProcess::FailedToStart || process.state() != QProcess::NotRunning)
        return false;
    qWarning("Started again: %s", qPrintable(process.errorString()));
    process.start(); // the same program and arguments
    return true;
}

// Waits for a started process to end; one that takes longer than timeoutMs is killed.
inline CliResult finishCli(QProcess &process, int timeoutMs = 60000)
{
    CliResult result;
    bool ended = process.waitForFinished(timeoutMs);
    if (!ended && startedAgainIfItNeverRan(process))
        ended = process.waitForFinished(timeoutMs);
    if (!ended) {
        process.kill();
        process.waitForFinished(5000);
        result.err = QStringLiteral("berth did not finish");
        return result;
    }
    result.out = printedText(process.readAllStandardOutput());
    result.err = printedText(process.readAllStandardError());
    if (process.exitStatus() == QProcess::NormalExit)
        result.exitCode = process.exitCode();
    return result;
}

} // namespace berth::test
