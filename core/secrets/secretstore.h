#pragma once

#include <QFuture>
#include <QString>

namespace berth {

// What a keychain operation came to.
struct SecretResult {
    enum class Status {
        Ok,
        NotFound, // read: nothing is stored under the key (remove of a missing key is Ok)
        Unavailable, // no keychain answers, or it is locked: message says how to get one going
        Denied, // the user or the system refused Berth access
        Failed, // anything else, with the keychain's own words
    };
    Status status = Status::Failed;
    QString secret; // read: what is stored
    QString message; // what failed and what the user can do; empty when Ok

    bool ok() const { return status == Status::Ok; }
};

// Secrets the user types (a proxy password) in the operating system's keychain, through QtKeychain: the
// Secret Service (GNOME Keyring, KWallet) on Linux, the Credential Manager on Windows, the login Keychain on
// macOS. Berth never writes a secret to a file: where no keychain answers, the operation fails and says how
// to start one. Entries belong to the service "Berth".
//
// Every operation runs on one thread kept for the keychain (QtKeychain queues its jobs in one object per
// process that is not thread-safe); a QCoreApplication must exist.
class SecretStore {
public:
    static constexpr int defaultTimeoutMs = 120000; // a locked keychain may first ask the user to unlock it

    // The key of a proxy's password: "proxy/HOST".
    static QString proxyKey(const QString &host);
    // The key of a Windows account's password, which a VM logs on to a shared folder with: "windows-account/NAME"
    // (Windows compares account names ignoring case: so does the key).
    static QString windowsAccountKey(const QString &account);

    // Asynchronous: returns at once; watch the future (QFutureWatcher parented to the receiver).
    static QFuture<SecretResult> writeAsync(const QString &key, const QString &secret);
    static QFuture<SecretResult> readAsync(const QString &key);
    static QFuture<SecretResult> removeAsync(const QString &key);

    // Blocking, for a worker thread or a command-line program: waits in a local event loop for up to
    // timeoutMs.
    static SecretResult write(const QString &key, const QString &secret, int timeoutMs = defaultTimeoutMs);
    static SecretResult read(const QString &key, int timeoutMs = defaultTimeoutMs);
    static SecretResult remove(const QString &key, int timeoutMs = defaultTimeoutMs);

private:
    // Platform parts (secretstore_unix.cpp, secretstore_win.cpp): why no keychain can answer before one is
    // asked (empty: ask it), and how to get one going when it does not.
    static QString keychainMissing();
    static QString unavailableAdvice();
    friend struct SecretJobs;
};

} // namespace berth
