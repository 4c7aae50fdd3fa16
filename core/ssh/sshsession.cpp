#include "sshsession.h"

#include "sshsession_p.h"
#include "terminal.h"
#include "util/atomicfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>

#include <algorithm>
#include <libssh/libssh.h>
#include <type_traits>

namespace berth::ssh {

Q_LOGGING_CATEGORY(lcSsh, "berth.ssh")

namespace {

// Where the system's known hosts would be: nothing.
#ifdef Q_OS_WIN
constexpr const char *nullDevice = "NUL";
#else
constexpr const char *nullDevice = "/dev/null";
#endif

// A connect failure said the way a user can act on: refused port, silent host, bad name, or other.
QString describeConnectFailure(const QString &reason, const Target &target, qint64 elapsedMs)
{
    const QString where = hostPort(target.host, target.port);
    const QString lower = reason.toLower();
    if (lower.contains(QLatin1String("refused")))
        return QCoreApplication::translate(
            "berth", "The connection to %1 was refused. Check the SSH port (%2) and that sshd runs on the host.")
            .arg(where)
            .arg(target.port);
    if (lower.contains(QLatin1String("timeout")) || lower.contains(QLatin1String("timed out"))
        || elapsedMs >= qint64(target.connectTimeoutSeconds) * 1000)
        return QCoreApplication::translate("berth",
            "%1 did not answer within %2 s. Check the address, that the host is running and that no firewall "
            "blocks port %3.")
            .arg(where)
            .arg(target.connectTimeoutSeconds)
            .arg(target.port);
    if (lower.contains(QLatin1String("unreachable")) || lower.contains(QLatin1String("no route")))
        return QCoreApplication::translate(
            "berth", "%1 cannot be reached (%2). Check the address and this computer's network connection.")
            .arg(where, reason);
    if (lower.contains(QLatin1String("resolve")) || lower.contains(QLatin1String("name or service"))
        || lower.contains(QLatin1String("getaddrinfo")))
        return QCoreApplication::translate(
            "berth", "The host name %1 cannot be resolved (%2). Check the name, or use the IP address.")
            .arg(target.host, reason);
    return QCoreApplication::translate(
        "berth", "Cannot open an SSH connection to %1: %2. Check that an SSH server answers on that port.")
        .arg(where, reason);
}

} // namespace

Session::Session()
    : d(std::make_unique<Private>())
{
}

Session::~Session()
{
    disconnect();
}

bool Session::connect(const Target &target, QString *error)
{
    return open(target, true, error);
}

bool Session::open(const Target &target, bool authenticate, QString *error)
{
    disconnect();
    d->target = target;
    d->fingerprint.clear();
    const QString where = d->where();

    if (target.host.isEmpty()) {
        setError(error, QCoreApplication::translate("berth", "No host address was given for the SSH connection."));
        return false;
    }
    if (target.knownHostsPath.isEmpty()) {
        setError(error,
            QCoreApplication::translate(
                "berth", "No known_hosts file was given for %1; the host key cannot be checked.")
                .arg(where));
        return false;
    }
    // The key is checked before any contact, so a bad key path changes nothing (not even known_hosts).
    Handle<ssh_key> key;
    if (!importPrivateKey(target.privateKeyPath, &key, error))
        return false;
    const QString knownHostsFolder = QFileInfo(target.knownHostsPath).absolutePath();
    if (!QDir().mkpath(knownHostsFolder)) {
        setError(error,
            QCoreApplication::translate("berth", "Cannot create the folder %1. Check that you may write there.")
                .arg(QDir::toNativeSeparators(knownHostsFolder)));
        return false;
    }

    d->session.reset(ssh_new());
    ssh_session session = d->session.get();
    if (!session) {
        setError(error, QCoreApplication::translate("berth", "Cannot start an SSH session (out of memory)."));
        return false;
    }
    const QByteArray host = target.host.toUtf8();
    const QByteArray user = target.user.toUtf8();
    // libssh expands %-tokens (%d, %u, ...) in the known_hosts path: a literal % is written %%.
    const QByteArray knownHosts = QFile::encodeName(target.knownHostsPath).replace('%', "%%");
    const unsigned int port = static_cast<unsigned int>(target.port);
    const long timeout = std::max(1, target.connectTimeoutSeconds);
    const bool processConfig = false;
    // The user's ~/.ssh/config and the system known_hosts must not leak into a machine's connection.
    if (ssh_options_set(session, SSH_OPTIONS_PROCESS_CONFIG, &processConfig) < 0
        || ssh_options_set(session, SSH_OPTIONS_HOST, host.constData()) < 0
        || ssh_options_set(session, SSH_OPTIONS_PORT, &port) < 0
        || ssh_options_set(session, SSH_OPTIONS_USER, user.constData()) < 0
        || ssh_options_set(session, SSH_OPTIONS_TIMEOUT, &timeout) < 0
        || ssh_options_set(session, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, nullDevice) < 0
        || ssh_options_set(session, SSH_OPTIONS_KNOWNHOSTS, knownHosts.constData()) < 0
        || (target.compression && ssh_options_set(session, SSH_OPTIONS_COMPRESSION, "yes") < 0)) {
        setError(error,
            QCoreApplication::translate("berth", "Cannot set up the SSH connection to %1: %2.")
                .arg(where, libsshError(session)));
        d->session.reset();
        return false;
    }

    QElapsedTimer timer;
    timer.start();
    if (ssh_connect(session) != SSH_OK) {
        const QString reason = libsshError(session);
        qCDebug(lcSsh) << "connect to" << where << "failed after" << timer.elapsed() << "ms:" << reason;
        setError(error, describeConnectFailure(reason, target, timer.elapsed()));
        d->session.reset();
        return false;
    }

    ssh_key rawServerKey = nullptr;
    if (ssh_get_server_publickey(session, &rawServerKey) != SSH_OK) {
        setError(
            error, QCoreApplication::translate("berth", "%1 sent no host key: %2.").arg(where, libsshError(session)));
        disconnect();
        return false;
    }
    const Handle<ssh_key> serverKey(rawServerKey);
    unsigned char *hash = nullptr;
    size_t hashLength = 0;
    if (ssh_get_publickey_hash(serverKey.get(), SSH_PUBLICKEY_HASH_SHA256, &hash, &hashLength) == 0) {
        char *text = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, hashLength);
        d->fingerprint = QString::fromLatin1(text);
        ssh_string_free_char(text);
        ssh_clean_pubkey_hash(&hash);
    }

    const QString shownKnownHosts = QDir::toNativeSeparators(target.knownHostsPath);
    switch (ssh_session_is_known_server(session)) {
    case SSH_KNOWN_HOSTS_OK:
        break;
    case SSH_KNOWN_HOSTS_UNKNOWN:
    case SSH_KNOWN_HOSTS_NOT_FOUND:
        // First contact: pin the key so a later change is noticed.
        if (ssh_session_update_known_hosts(session) != SSH_OK) {
            setError(error,
                QCoreApplication::translate("berth", "Cannot record the host key of %1 in %2: %3.")
                    .arg(where, shownKnownHosts, libsshError(session)));
            disconnect();
            return false;
        }
        // libssh creates it under the umask; the store's files are owner-only.
        applyPermissions(target.knownHostsPath, privateFilePermissions);
        qCInfo(lcSsh) << "pinned host key" << d->fingerprint << "of" << where << "in" << target.knownHostsPath;
        break;
    case SSH_KNOWN_HOSTS_CHANGED:
    case SSH_KNOWN_HOSTS_OTHER:
        setError(error,
            QCoreApplication::translate("berth",
                "The host key of %1 has changed: it is now %2, which is not the key recorded in %3. Someone may be "
                "intercepting the connection, so Berth refuses it. If the host was really reinstalled, delete %3 "
                "(or the line for %1 in it) and try again.")
                .arg(where, d->fingerprint, shownKnownHosts));
        disconnect();
        return false;
    case SSH_KNOWN_HOSTS_ERROR:
    default:
        setError(error,
            QCoreApplication::translate("berth", "Cannot check the host key of %1 against %2: %3.")
                .arg(where, shownKnownHosts, libsshError(session)));
        disconnect();
        return false;
    }

    if (!authenticate) {
        disconnect();
        return true;
    }
    const int auth = ssh_userauth_publickey(session, nullptr, key.get());
    if (auth != SSH_AUTH_SUCCESS) {
        const QString shownKey = QDir::toNativeSeparators(target.privateKeyPath);
        if (auth == SSH_AUTH_DENIED)
            setError(error,
                QCoreApplication::translate("berth",
                    "The host refused the SSH key %1 for user %2. Check that its public key is in "
                    "~%2/.ssh/authorized_keys on the host.")
                    .arg(shownKey, target.user));
        else if (auth == SSH_AUTH_PARTIAL)
            setError(error,
                QCoreApplication::translate("berth",
                    "The host accepted the SSH key %1 for user %2 but asks for more (such as a password). Berth "
                    "signs in with the key only: allow key authentication alone for this user.")
                    .arg(shownKey, target.user));
        else
            setError(error,
                QCoreApplication::translate("berth", "Signing in to %1 as %2 failed: %3.")
                    .arg(where, target.user, libsshError(session)));
        disconnect();
        return false;
    }
    d->connected = true;
    return true;
}

bool Session::isConnected() const
{
    return d->connected && d->session && ssh_is_connected(d->session.get());
}

void Session::disconnect()
{
    if (d->session && ssh_is_connected(d->session.get()))
        ssh_disconnect(d->session.get());
    d->session.reset();
    d->connected = false;
}

QString Session::hostKeyFingerprint() const
{
    return d->fingerprint;
}

bool Session::run(const QString &command, CommandResult *result, QString *error, const QByteArray &standardInput)
{
    CommandResult local;
    CommandResult &out = result ? *result : local;
    out = CommandResult();
    if (!d->requireConnection(error))
        return false;
    ssh_session session = d->session.get();
    const Handle<ssh_channel> channel(ssh_channel_new(session));
    if (!channel || ssh_channel_open_session(channel.get()) != SSH_OK
        || ssh_channel_request_exec(channel.get(), command.toUtf8().constData()) != SSH_OK) {
        setError(error, d->lostConnection());
        return false;
    }

    qsizetype written = 0;
    bool inputClosed = false;
    if (standardInput.isEmpty()) {
        ssh_channel_send_eof(channel.get());
        inputClosed = true;
    }
    QByteArray buffer(64 * 1024, Qt::Uninitialized);
    for (;;) {
        bool progress = false;
        // Never write more than the window: a blocking write could wait for a window adjust while the
        // remote side waits for us to read its output.
        if (!inputClosed) {
            const qsizetype window = static_cast<qsizetype>(ssh_channel_window_size(channel.get()));
            const qsizetype chunk = std::min({ standardInput.size() - written, window, qsizetype(transferChunk) });
            if (chunk > 0) {
                const int n = ssh_channel_write(
                    channel.get(), standardInput.constData() + written, static_cast<uint32_t>(chunk));
                if (n == SSH_ERROR) {
                    setError(error, d->lostConnection());
                    return false;
                }
                written += n;
                progress = n > 0;
            }
            if (written == standardInput.size()) {
                ssh_channel_send_eof(channel.get());
                inputClosed = true;
            }
        }
        const qint64 read = drainChannel(channel.get(), &buffer, [&out](const char *data, int n, bool isStderr) {
            (isStderr ? out.standardError : out.standardOutput).append(data, n);
        });
        if (read < 0) {
            setError(error, d->lostConnection());
            return false;
        }
        progress = progress || read > 0;
        if (ssh_channel_is_eof(channel.get()) || ssh_channel_is_closed(channel.get()))
            break;
        if (!progress) {
            const terminal::WaitResult wait = terminal::waitForInput(false, ssh_get_fd(session), pollIntervalMs);
            if (wait.failed || !ssh_is_connected(session)) {
                setError(error, d->lostConnection());
                return false;
            }
        }
    }
    out.exitCode = ssh_channel_get_exit_status(channel.get());
    if (out.exitCode < 0 && !ssh_is_connected(session)) {
        setError(error, d->lostConnection());
        return false;
    }
    ssh_channel_close(channel.get());
    return true;
}

bool Session::writeFile(const QString &remotePath, const QByteArray &data, int mode, QString *error)
{
    const QString target = shellQuote(remotePath);
    const QString temporary = shellQuote(remotePath + QStringLiteral(".tmp"));
    const QString octal = QStringLiteral("%1").arg(mode & 07777, 4, 8, QLatin1Char('0'));
    // umask 077 keeps the data private until chmod gives it the mode asked for; mv makes it appear whole.
    const QString script
        = QStringLiteral("umask 077; cat > %1 && chmod %2 %1 && mv -f %1 %3 || { rc=$?; rm -f %1; exit $rc; }")
              .arg(temporary, octal, target);
    CommandResult result;
    if (!run(QStringLiteral("sh -c ") + shellQuote(script), &result, error, data))
        return false;
    if (result.exitCode != 0) {
        QString reason = QString::fromUtf8(result.standardError).trimmed();
        if (reason.isEmpty())
            reason = QCoreApplication::translate("berth", "exit code %1").arg(result.exitCode);
        setError(error,
            QCoreApplication::translate("berth", "Cannot write %1 on %2: %3.").arg(remotePath, d->where(), reason));
        return false;
    }
    return true;
}

bool Session::checkHostKey(const Target &target, QString *error)
{
    return open(target, false, error);
}

QString shellQuote(const QString &value)
{
    QString quoted = value;
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

} // namespace berth::ssh
