#pragma once

// Test support: SecretStore asked as a desktop app asks it, from several worker threads at once (its
// blocking form) and from the test's own thread (its asynchronous form, watched); each key is written,
// read back and removed. Used against the Credential Manager (unit, Windows) and a real Secret Service
// (integration).

#include "secrets/secretstore.h"

#include <QFutureWatcher>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <memory>
#include <vector>

namespace berth::test {

inline void secretsFromWorkersAndAsync(const QString &hostPrefix, int workerCount)
{
    const auto key = [&hostPrefix](int i) { return SecretStore::proxyKey(hostPrefix + QString::number(i)); };
    std::vector<SecretResult> results(static_cast<size_t>(workerCount));
    std::vector<std::unique_ptr<QThread>> workers;
    for (int i = 0; i < workerCount; ++i) {
        workers.emplace_back(QThread::create([i, &key, &results] {
            results[static_cast<size_t>(i)] = SecretStore::write(key(i), QStringLiteral("secret-%1").arg(i));
        }));
        workers.back()->start();
    }
    for (auto &worker : workers)
        QVERIFY(worker->wait(60000));
    for (const SecretResult &r : results)
        QVERIFY2(r.ok(), qPrintable(r.message));
    QFutureWatcher<SecretResult> watcher;
    QSignalSpy finished(&watcher, &QFutureWatcherBase::finished);
    watcher.setFuture(SecretStore::readAsync(key(workerCount - 1)));
    QVERIFY(finished.wait(30000));
    QVERIFY2(watcher.result().ok(), qPrintable(watcher.result().message));
    QCOMPARE(watcher.result().secret, QStringLiteral("secret-%1").arg(workerCount - 1));
    for (int i = 0; i < workerCount; ++i) {
        const SecretResult r = SecretStore::remove(key(i));
        QVERIFY2(r.ok(), qPrintable(r.message));
    }
}

} // namespace berth::test
