#pragma once

#include "clientoptions.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>

namespace berth::ssh {

struct Target {
    QString host;
    int port = 22;
    QString user = QStringLiteral("root");
    QString privateKeyPath; // key authentication only
    QString knownHostsPath; // the machine's own known_hosts: the host key is pinned here on first contact
    int connectTimeoutSeconds = 10;
    bool compression = false; // zlib compression, as ssh -C
};

struct CommandResult {
    int exitCode = -1;
    QByteArray standardOutput;
    QByteArray standardError;
};

// One libssh session. Blocking: use it on a worker thread, never on a GUI thread.
// Not copyable; one session per thread.
class Session {
public:
    Session();
    ~Session();
    Session(const Session &) = delete;
    Session &operator=(const Session &) = delete;

    // Connects, checks the host key and authenticates with the private key.
    // First contact: the host key is written to target.knownHostsPath. A host key that differs
    // from the pinned one is refused; the error names the known_hosts file and the new
    // fingerprint and says how to accept it knowingly (remove the line, or `berth regenerate-certs`
    // is not enough: delete the file). Every failure (wrong key, closed port, unreachable address,
    // DNS) ends within the connect timeout with a message that says which of these it was.
    bool connect(const Target &target, QString *error);
    // The host-key half of connect, then disconnects: pins the key on first contact and refuses a
    // changed one with the same message, without signing in. For a client Berth hands the
    // connection to (OpenSSH), so both clients treat host keys alike.
    bool checkHostKey(const Target &target, QString *error);
    bool isConnected() const;
    void disconnect();

    // Runs command through the remote user's shell; stdin receives standardInput then EOF.
    // Returns false only when the command could not be run at all (a lost connection); a command
    // that ran and failed returns true with its exit code.
    bool run(const QString &command, CommandResult *result, QString *error, const QByteArray &standardInput = {});

    // Writes data to remotePath with the given mode (works with any POSIX shell: uses `cat`, no SFTP).
    bool writeFile(const QString &remotePath, const QByteArray &data, int mode, QString *error);

    // SFTP copies. Directories need recursive = true.
    bool upload(const QString &localPath, const QString &remotePath, bool recursive, QString *error);
    bool download(const QString &remotePath, const QString &localPath, bool recursive, QString *error);

    // Interactive session on the caller's terminal: a PTY when stdin is a terminal, raw mode
    // restored on exit. An empty command opens a login shell. Returns the remote exit code,
    // or -1 with error set.
    int interactive(const QString &command, QString *error);
    // The same with the built-in client's options: -L and -R forwards (pumped while the command
    // runs, or until the process is killed with noCommand), -t/-T for the PTY.
    int interactive(const QString &command, const ClientOptions &options, QString *error);

    // SHA256 fingerprint of the server's host key, as `ssh-keygen -lf` prints it ("SHA256:...").
    QString hostKeyFingerprint() const;

private:
    bool open(const Target &target, bool authenticate, QString *error);
    struct Private;
    std::unique_ptr<Private> d;
};

// Copies sourcePath on source's host to destinationPath on destination's host through this
// computer (a private temporary folder, removed afterwards), with scp's naming rules.
bool copyBetweenHosts(Session &source, const QString &sourcePath, Session &destination, const QString &destinationPath,
    bool recursive, QString *error);

// Generates a new RSA 2048 key pair: privatePath (PEM/OpenSSH, 0600) and privatePath + ".pub"
// (one authorized_keys line). Refuses to overwrite an existing file.
bool generateKeyPair(const QString &privatePath, QString *error);

// The public key for a private key file, as one authorized_keys line ("ssh-rsa AAAA... comment").
bool publicKeyFromPrivate(const QString &privatePath, QByteArray *publicKeyLine, QString *error);

// Quotes a string for a POSIX shell on the remote side: 'it'\''s'.
QString shellQuote(const QString &value);

} // namespace berth::ssh
