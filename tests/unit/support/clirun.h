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

// Waits for a started process to end; one that takes longer than timeoutMs is killed.
inline CliResult finishCli(QProcess &process, int timeoutMs = 60000)
{
    CliResult result;
    if (!process.waitForFinished(timeoutMs)) {
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
