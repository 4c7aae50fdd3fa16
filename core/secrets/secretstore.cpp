#include "secretstore.h"

#include "util/translate.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFutureWatcher>
#include <QLoggingCategory>
#include <QMutex>
#include <QPromise>
#include <QThread>
#include <QTimer>
#include <qt6keychain/keychain.h>

#include <memory>

Q_LOGGING_CATEGORY(lcSecrets, "berth.secrets")

namespace berth {

namespace {

enum class Operation { Write, Read, Remove };

// The keychain's thread, started on first use and ended with the application (a thread still running
// when the program exits is a crash).
QMutex threadMutex;
QThread *keychainThread = nullptr;
QObject *keychainContext = nullptr; // lives in keychainThread: jobs are made and run there
bool keychainStopped = false;

void stopKeychainThread()
{
    const QMutexLocker lock(&threadMutex);
    keychainStopped = true;
    if (!keychainThread)
        return;
    keychainThread->quit();
    keychainThread->wait();
    delete keychainContext;
    delete keychainThread;
    keychainContext = nullptr;
    keychainThread = nullptr;
}

QObject *keychainObject()
{
    const QMutexLocker lock(&threadMutex);
    if (keychainStopped || !QCoreApplication::instance())
        return nullptr;
    if (!keychainThread) {
        keychainThread = new QThread;
        keychainThread->setObjectName(QStringLiteral("berth-keychain"));
        keychainContext = new QObject;
        keychainContext->moveToThread(keychainThread);
        keychainThread->start();
        qAddPostRoutine(stopKeychainThread);
    }
    return keychainContext;
}

// The Credential Manager has one list of names for every program: Berth's are prefixed there. The Secret
// Service and the macOS Keychain file them under the service already.
QString keychainKey(const QString &key)
{
#ifdef Q_OS_WIN
    return QStringLiteral("Berth/") + key;
#else
    return key;
#endif
}

SecretResult failure(SecretResult::Status status, const QString &message)
{
    SecretResult result;
    result.status = status;
    result.message = message;
    return result;
}

QString failedText(Operation operation, const QString &key, const QString &reason)
{
    switch (operation) {
    case Operation::Write:
        return tr("The system keychain could not store the secret for %1: %2").arg(key, reason);
    case Operation::Read:
        return tr("The system keychain could not read the secret for %1: %2").arg(key, reason);
    case Operation::Remove:
        break;
    }
    return tr("The system keychain could not remove the secret for %1: %2").arg(key, reason);
}

} // namespace

// What a finished QtKeychain job came to, in the user's words.
struct SecretJobs {
    static SecretResult resultOf(Operation operation, const QString &key, QKeychain::Job *job)
    {
        const QString reason = job->errorString();
        qCDebug(lcSecrets) << "keychain job for" << key << "ended with" << job->error() << reason;
        switch (job->error()) {
        case QKeychain::NoError: {
            SecretResult result;
            result.status = SecretResult::Status::Ok;
            if (operation == Operation::Read)
                result.secret = static_cast<QKeychain::ReadPasswordJob *>(job)->textData();
            return result;
        }
        case QKeychain::EntryNotFound:
            if (operation == Operation::Remove)
                return failure(SecretResult::Status::Ok, QString());
            return failure(SecretResult::Status::NotFound, tr("The system keychain holds no secret for %1.").arg(key));
        case QKeychain::AccessDeniedByUser:
        case QKeychain::AccessDenied:
            return failure(SecretResult::Status::Denied,
                failedText(operation, key, reason) + QLatin1Char('\n')
                    + tr("Allow Berth to use the keychain when it asks, then try again."));
        case QKeychain::NoBackendAvailable:
        case QKeychain::OtherError:
            // Linux: no D-Bus, no Secret Service, or a locked keyring all come as OtherError.
            return failure(SecretResult::Status::Unavailable,
                failedText(operation, key, reason) + QLatin1Char('\n') + SecretStore::unavailableAdvice());
        case QKeychain::CouldNotDeleteEntry:
        case QKeychain::NotImplemented:
            break;
        }
        return failure(SecretResult::Status::Failed, failedText(operation, key, reason));
    }

    static QFuture<SecretResult> start(Operation operation, const QString &key, const QString &secret)
    {
        auto promise = std::make_shared<QPromise<SecretResult>>();
        QFuture<SecretResult> future = promise->future();
        promise->start();
        const auto finish = [promise](const SecretResult &result) {
            promise->addResult(result);
            promise->finish();
        };
        const QString missing = SecretStore::keychainMissing();
        QObject *context = missing.isEmpty() ? keychainObject() : nullptr;
        if (!missing.isEmpty()) {
            finish(failure(SecretResult::Status::Unavailable,
                failedText(operation, key, missing) + QLatin1Char('\n') + SecretStore::unavailableAdvice()));
            return future;
        }
        if (!context) {
            finish(failure(SecretResult::Status::Failed,
                failedText(operation, key, tr("the program is not running its event loop, or is ending."))));
            return future;
        }
        QMetaObject::invokeMethod(
            context,
            [operation, key, secret, finish] {
                const QString service = QStringLiteral("Berth");
                QKeychain::Job *job = nullptr;
                if (operation == Operation::Write) {
                    auto *write = new QKeychain::WritePasswordJob(service);
                    write->setTextData(secret);
                    job = write;
                } else if (operation == Operation::Read) {
                    job = new QKeychain::ReadPasswordJob(service);
                } else {
                    job = new QKeychain::DeletePasswordJob(service);
                }
                // Never a file in place of the keychain (QtKeychain's fallback is plain text).
                job->setInsecureFallback(false);
                job->setAutoDelete(true);
                job->setKey(keychainKey(key));
                QObject::connect(job, &QKeychain::Job::finished, job,
                    [operation, key, finish](QKeychain::Job *done) { finish(resultOf(operation, key, done)); });
                job->start();
            },
            Qt::QueuedConnection);
        return future;
    }

    static SecretResult wait(QFuture<SecretResult> future, int timeoutMs)
    {
        if (!future.isFinished()) {
            QEventLoop loop;
            QFutureWatcher<SecretResult> watcher;
            QTimer timer;
            timer.setSingleShot(true);
            QObject::connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
            QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
            watcher.setFuture(future);
            timer.start(timeoutMs);
            if (!future.isFinished())
                loop.exec();
        }
        if (!future.isFinished())
            return failure(SecretResult::Status::Unavailable,
                tr("The system keychain did not answer within %1 seconds. If it asks to be unlocked, unlock it, "
                   "then try again.")
                    .arg(timeoutMs / 1000));
        if (future.resultCount() == 0)
            return failure(SecretResult::Status::Failed, tr("The keychain's work ended before it answered."));
        return future.result();
    }
};

QString SecretStore::proxyKey(const QString &host)
{
    return QStringLiteral("proxy/") + host;
}

QString SecretStore::windowsAccountKey(const QString &account)
{
    return QStringLiteral("windows-account/") + account.toLower();
}

QFuture<SecretResult> SecretStore::writeAsync(const QString &key, const QString &secret)
{
    return SecretJobs::start(Operation::Write, key, secret);
}

QFuture<SecretResult> SecretStore::readAsync(const QString &key)
{
    return SecretJobs::start(Operation::Read, key, QString());
}

QFuture<SecretResult> SecretStore::removeAsync(const QString &key)
{
    return SecretJobs::start(Operation::Remove, key, QString());
}

SecretResult SecretStore::write(const QString &key, const QString &secret, int timeoutMs)
{
    return SecretJobs::wait(writeAsync(key, secret), timeoutMs);
}

SecretResult SecretStore::read(const QString &key, int timeoutMs)
{
    return SecretJobs::wait(readAsync(key), timeoutMs);
}

SecretResult SecretStore::remove(const QString &key, int timeoutMs)
{
    return SecretJobs::wait(removeAsync(key), timeoutMs);
}

} // namespace berth
