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
#include <QSet>

#include <algorithm>
#include <fcntl.h>
#include <libssh/libssh.h>
#include <libssh/sftp.h>
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

QFileDevice::Permissions permissionsFromMode(uint mode)
{
    QFileDevice::Permissions permissions;
    if (mode & 0400)
        permissions |= QFileDevice::ReadOwner | QFileDevice::ReadUser;
    if (mode & 0200)
        permissions |= QFileDevice::WriteOwner | QFileDevice::WriteUser;
    if (mode & 0100)
        permissions |= QFileDevice::ExeOwner | QFileDevice::ExeUser;
    if (mode & 040)
        permissions |= QFileDevice::ReadGroup;
    if (mode & 020)
        permissions |= QFileDevice::WriteGroup;
    if (mode & 010)
        permissions |= QFileDevice::ExeGroup;
    if (mode & 04)
        permissions |= QFileDevice::ReadOther;
    if (mode & 02)
        permissions |= QFileDevice::WriteOther;
    if (mode & 01)
        permissions |= QFileDevice::ExeOther;
    return permissions;
}

uint modeFromPermissions(QFileDevice::Permissions permissions)
{
    uint mode = 0;
    if (permissions & QFileDevice::ReadOwner)
        mode |= 0400;
    if (permissions & QFileDevice::WriteOwner)
        mode |= 0200;
    if (permissions & QFileDevice::ExeOwner)
        mode |= 0100;
    if (permissions & QFileDevice::ReadGroup)
        mode |= 040;
    if (permissions & QFileDevice::WriteGroup)
        mode |= 020;
    if (permissions & QFileDevice::ExeGroup)
        mode |= 010;
    if (permissions & QFileDevice::ReadOther)
        mode |= 04;
    if (permissions & QFileDevice::WriteOther)
        mode |= 02;
    if (permissions & QFileDevice::ExeOther)
        mode |= 01;
    return mode;
}

// Never let OpenSSL prompt on the terminal for a passphrase: note that one was wanted and refuse.
int refusePassphrase(const char *, char *, size_t, int, int, void *userdata)
{
    *static_cast<bool *>(userdata) = true;
    return -1;
}

bool importPrivateKey(const QString &path, Handle<ssh_key> *key, QString *error)
{
    const QFileInfo info(path);
    const QString shown = QDir::toNativeSeparators(path);
    if (path.isEmpty()) {
        setError(
            error, QCoreApplication::translate("berth", "No SSH key file was given. Give the path of a private key."));
        return false;
    }
    if (!info.exists()) {
        setError(error,
            QCoreApplication::translate(
                "berth", "The SSH key file %1 does not exist. Check the path of the private key.")
                .arg(shown));
        return false;
    }
    if (!info.isFile() || !info.isReadable()) {
        setError(error,
            QCoreApplication::translate(
                "berth", "The SSH key file %1 cannot be read. Check that it is a file you own with mode 0600.")
                .arg(shown));
        return false;
    }
    bool wantedPassphrase = false;
    ssh_key raw = nullptr;
    const int rc = ssh_pki_import_privkey_file(
        QFile::encodeName(path).constData(), nullptr, refusePassphrase, &wantedPassphrase, &raw);
    if (rc != SSH_OK) {
        if (wantedPassphrase)
            setError(error,
                QCoreApplication::translate("berth",
                    "The SSH key file %1 is protected by a passphrase. Berth needs a key without one: use another "
                    "key, or remove the passphrase with `ssh-keygen -p -f %1`.")
                    .arg(shown));
        else if (rc == SSH_EOF)
            setError(error,
                QCoreApplication::translate(
                    "berth", "The SSH key file %1 cannot be read. Check that it is a file you own with mode 0600.")
                    .arg(shown));
        else
            setError(error,
                QCoreApplication::translate("berth",
                    "The file %1 is not a private SSH key Berth can read. Use an RSA, ECDSA or Ed25519 key in "
                    "OpenSSH or PEM format.")
                    .arg(shown));
        return false;
    }
    key->reset(raw);
    return true;
}

QByteArray authorizedKeysLine(ssh_key key, QString *error)
{
    char *base64 = nullptr;
    if (ssh_pki_export_pubkey_base64(key, &base64) != SSH_OK || !base64) {
        setError(error, QCoreApplication::translate("berth", "Cannot export the public half of the SSH key."));
        return {};
    }
    const QByteArray body(base64);
    ssh_string_free_char(base64);
    const ssh_keytypes_e type = ssh_key_type(key);
    const bool ecdsa
        = type == SSH_KEYTYPE_ECDSA_P256 || type == SSH_KEYTYPE_ECDSA_P384 || type == SSH_KEYTYPE_ECDSA_P521;
    const char *name = ecdsa ? ssh_pki_key_ecdsa_name(key) : ssh_key_type_to_char(type);
    return QByteArray(name ? name : "ssh-unknown") + ' ' + body + " berth";
}

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

QString sftpStatusText(sftp_session sftp, ssh_session session)
{
    switch (sftp_get_error(sftp)) {
    case SSH_FX_NO_SUCH_FILE:
    case SSH_FX_NO_SUCH_PATH:
        return QCoreApplication::translate("berth", "no such file or folder");
    case SSH_FX_PERMISSION_DENIED:
        return QCoreApplication::translate("berth", "permission denied");
    case SSH_FX_FILE_ALREADY_EXISTS:
        return QCoreApplication::translate("berth", "it already exists");
    case SSH_FX_WRITE_PROTECT:
        return QCoreApplication::translate("berth", "the file system is read-only");
    case SSH_FX_NO_MEDIA:
        return QCoreApplication::translate("berth", "no medium");
    default:
        return libsshError(session);
    }
}

QString remoteBaseName(const QString &remotePath)
{
    QString path = remotePath;
    while (path.size() > 1 && path.endsWith(QLatin1Char('/')))
        path.chop(1);
    return path.mid(path.lastIndexOf(QLatin1Char('/')) + 1);
}

QString remoteJoin(const QString &folder, const QString &name)
{
    if (folder.endsWith(QLatin1Char('/')))
        return folder + name;
    return folder + QLatin1Char('/') + name;
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

Handle<sftp_session> Session::Private::openSftp(QString *error) const
{
    Handle<sftp_session> sftp(sftp_new(session.get()));
    if (!sftp) {
        setError(error, lostConnection());
        return {};
    }
    if (sftp_init(sftp.get()) != SSH_OK) {
        setError(error,
            QCoreApplication::translate(
                "berth", "%1 does not offer SFTP (%2). Check that its sshd_config has a Subsystem sftp line.")
                .arg(where(), libsshError(session.get())));
        return {};
    }
    return sftp;
}

bool Session::Private::uploadFile(
    sftp_session sftp, const QString &localPath, const QString &remotePath, uint mode, QString *error) const
{
    QFile source(localPath);
    if (!source.open(QIODevice::ReadOnly)) {
        setError(error,
            QCoreApplication::translate("berth", "Cannot read %1: %2.")
                .arg(QDir::toNativeSeparators(localPath), source.errorString()));
        return false;
    }
    const QByteArray remote = remotePath.toUtf8();
    {
        const Handle<sftp_file> file(
            sftp_open(sftp, remote.constData(), O_WRONLY | O_CREAT | O_TRUNC, static_cast<mode_t>(mode)));
        if (!file) {
            setError(error,
                QCoreApplication::translate("berth", "Cannot create %1 on %2: %3.")
                    .arg(remotePath, where(), sftpStatusText(sftp, session.get())));
            return false;
        }
        QByteArray buffer(transferChunk, Qt::Uninitialized);
        for (;;) {
            const qint64 n = source.read(buffer.data(), buffer.size());
            if (n < 0) {
                setError(error,
                    QCoreApplication::translate("berth", "Cannot read %1: %2.")
                        .arg(QDir::toNativeSeparators(localPath), source.errorString()));
                return false;
            }
            if (n == 0)
                break;
            if (sftp_write(file.get(), buffer.constData(), static_cast<size_t>(n)) != n) {
                setError(error,
                    QCoreApplication::translate("berth", "Cannot write %1 on %2: %3.")
                        .arg(remotePath, where(), sftpStatusText(sftp, session.get())));
                return false;
            }
        }
    }
    // An existing file keeps its old mode on open, and the server's umask trims a new one.
    if (sftp_chmod(sftp, remote.constData(), static_cast<mode_t>(mode)) != 0) {
        setError(error,
            QCoreApplication::translate("berth", "Cannot set the mode of %1 on %2: %3.")
                .arg(remotePath, where(), sftpStatusText(sftp, session.get())));
        return false;
    }
    return true;
}

bool Session::Private::uploadFolder(sftp_session sftp, const QString &localPath, const QString &remotePath,
    QSet<QString> *visited, QString *error) const
{
    const QFileInfo info(localPath);
    // A symbolic link back up the tree would otherwise copy forever.
    if (visited->contains(info.canonicalFilePath()))
        return true;
    visited->insert(info.canonicalFilePath());
    const uint mode = modeFromPermissions(info.permissions());
    const QByteArray remote = remotePath.toUtf8();
    if (sftp_mkdir(sftp, remote.constData(), static_cast<mode_t>(mode | 0700)) != 0) {
        const Handle<sftp_attributes> existing(sftp_stat(sftp, remote.constData()));
        if (!existing || existing->type != SSH_FILEXFER_TYPE_DIRECTORY) {
            setError(error,
                QCoreApplication::translate("berth", "Cannot create the folder %1 on %2: %3.")
                    .arg(remotePath, where(), sftpStatusText(sftp, session.get())));
            return false;
        }
    }
    const QFileInfoList entries = QDir(localPath).entryInfoList(
        QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System, QDir::Name);
    for (const QFileInfo &entry : entries) {
        const QString remoteEntry = remoteJoin(remotePath, entry.fileName());
        if (entry.isDir()) {
            if (!uploadFolder(sftp, entry.filePath(), remoteEntry, visited, error))
                return false;
        } else if (entry.isFile()) {
            if (!uploadFile(sftp, entry.filePath(), remoteEntry, modeFromPermissions(entry.permissions()), error))
                return false;
        } else {
            qCInfo(lcSsh) << "skipping" << entry.filePath() << "(not a file or folder)";
        }
    }
    // Set last, so a read-only folder still receives its contents first.
    if (sftp_chmod(sftp, remote.constData(), static_cast<mode_t>(mode)) != 0) {
        setError(error,
            QCoreApplication::translate("berth", "Cannot set the mode of %1 on %2: %3.")
                .arg(remotePath, where(), sftpStatusText(sftp, session.get())));
        return false;
    }
    return true;
}

bool Session::upload(const QString &localPath, const QString &remotePath, bool recursive, QString *error)
{
    if (!d->requireConnection(error))
        return false;
    const QFileInfo info(localPath);
    const QString shown = QDir::toNativeSeparators(localPath);
    if (!info.exists()) {
        setError(error, QCoreApplication::translate("berth", "%1 does not exist. Check the path.").arg(shown));
        return false;
    }
    if (info.isDir() && !recursive) {
        setError(error, QCoreApplication::translate("berth", "%1 is a directory (use -r).").arg(shown));
        return false;
    }
    if (!info.isDir() && !info.isFile()) {
        setError(error,
            QCoreApplication::translate("berth", "%1 is neither a file nor a directory; only those can be copied.")
                .arg(shown));
        return false;
    }
    const Handle<sftp_session> sftp = d->openSftp(error);
    if (!sftp)
        return false;
    // Like scp: copying onto an existing folder puts the copy inside it.
    QString target = remotePath;
    {
        const Handle<sftp_attributes> existing(sftp_stat(sftp.get(), remotePath.toUtf8().constData()));
        if (existing && existing->type == SSH_FILEXFER_TYPE_DIRECTORY)
            target = remoteJoin(remotePath, info.fileName());
    }
    if (info.isDir()) {
        QSet<QString> visited;
        return d->uploadFolder(sftp.get(), info.absoluteFilePath(), target, &visited, error);
    }
    return d->uploadFile(sftp.get(), info.absoluteFilePath(), target, modeFromPermissions(info.permissions()), error);
}

bool Session::Private::downloadFile(
    sftp_session sftp, const QString &remotePath, const QString &localPath, uint mode, QString *error) const
{
    const Handle<sftp_file> file(sftp_open(sftp, remotePath.toUtf8().constData(), O_RDONLY, 0));
    if (!file) {
        setError(error,
            QCoreApplication::translate("berth", "Cannot read %1 on %2: %3.")
                .arg(remotePath, where(), sftpStatusText(sftp, session.get())));
        return false;
    }
    QFile destination(localPath);
    if (!destination.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        setError(error,
            QCoreApplication::translate("berth", "Cannot write %1: %2.")
                .arg(QDir::toNativeSeparators(localPath), destination.errorString()));
        return false;
    }
    QByteArray buffer(transferChunk, Qt::Uninitialized);
    for (;;) {
        const ssize_t n = sftp_read(file.get(), buffer.data(), static_cast<size_t>(buffer.size()));
        if (n < 0) {
            setError(error,
                QCoreApplication::translate("berth", "Cannot read %1 on %2: %3.")
                    .arg(remotePath, where(), sftpStatusText(sftp, session.get())));
            return false;
        }
        if (n == 0)
            break;
        if (destination.write(buffer.constData(), n) != n) {
            setError(error,
                QCoreApplication::translate("berth", "Cannot write %1: %2.")
                    .arg(QDir::toNativeSeparators(localPath), destination.errorString()));
            return false;
        }
    }
    if (!destination.flush()) {
        setError(error,
            QCoreApplication::translate("berth", "Cannot write %1: %2.")
                .arg(QDir::toNativeSeparators(localPath), destination.errorString()));
        return false;
    }
    destination.close();
    QFile::setPermissions(localPath, permissionsFromMode(mode));
    return true;
}

bool Session::Private::downloadFolder(
    sftp_session sftp, const QString &remotePath, const QString &localPath, uint mode, QString *error) const
{
    if (!QDir().mkpath(localPath)) {
        setError(error,
            QCoreApplication::translate("berth", "Cannot create the folder %1. Check that you may write there.")
                .arg(QDir::toNativeSeparators(localPath)));
        return false;
    }
    // Owner access while filling it; the remote mode comes last.
    QFile::setPermissions(localPath, permissionsFromMode(mode | 0700));
    {
        const Handle<sftp_dir> dir(sftp_opendir(sftp, remotePath.toUtf8().constData()));
        if (!dir) {
            setError(error,
                QCoreApplication::translate("berth", "Cannot list the folder %1 on %2: %3.")
                    .arg(remotePath, where(), sftpStatusText(sftp, session.get())));
            return false;
        }
        for (;;) {
            Handle<sftp_attributes> entry(sftp_readdir(sftp, dir.get()));
            if (!entry)
                break;
            const QString name = QString::fromUtf8(entry->name);
            if (name == QLatin1String(".") || name == QLatin1String(".."))
                continue;
            const QString remoteEntry = remoteJoin(remotePath, name);
            const QString localEntry = QDir(localPath).filePath(name);
            if (entry->type == SSH_FILEXFER_TYPE_SYMLINK) {
                Handle<sftp_attributes> resolved(sftp_stat(sftp, remoteEntry.toUtf8().constData()));
                if (!resolved) {
                    qCInfo(lcSsh) << "skipping dangling link" << remoteEntry;
                    continue;
                }
                entry = std::move(resolved);
            }
            if (entry->type == SSH_FILEXFER_TYPE_DIRECTORY) {
                if (!downloadFolder(sftp, remoteEntry, localEntry, entry->permissions & 07777, error))
                    return false;
            } else if (entry->type == SSH_FILEXFER_TYPE_REGULAR) {
                if (!downloadFile(sftp, remoteEntry, localEntry, entry->permissions & 07777, error))
                    return false;
            } else {
                qCInfo(lcSsh) << "skipping" << remoteEntry << "(not a file or folder)";
            }
        }
        if (!sftp_dir_eof(dir.get())) {
            setError(error,
                QCoreApplication::translate("berth", "Cannot list the folder %1 on %2: %3.")
                    .arg(remotePath, where(), sftpStatusText(sftp, session.get())));
            return false;
        }
    }
    QFile::setPermissions(localPath, permissionsFromMode(mode));
    return true;
}

bool Session::download(const QString &remotePath, const QString &localPath, bool recursive, QString *error)
{
    if (!d->requireConnection(error))
        return false;
    const Handle<sftp_session> sftp = d->openSftp(error);
    if (!sftp)
        return false;
    const Handle<sftp_attributes> attributes(sftp_stat(sftp.get(), remotePath.toUtf8().constData()));
    if (!attributes) {
        setError(error,
            QCoreApplication::translate("berth", "Cannot copy %1 from %2: %3.")
                .arg(remotePath, d->where(), sftpStatusText(sftp.get(), d->session.get())));
        return false;
    }
    const bool isFolder = attributes->type == SSH_FILEXFER_TYPE_DIRECTORY;
    if (isFolder && !recursive) {
        setError(error, QCoreApplication::translate("berth", "%1 is a directory (use -r).").arg(remotePath));
        return false;
    }
    if (!isFolder && attributes->type != SSH_FILEXFER_TYPE_REGULAR) {
        setError(error,
            QCoreApplication::translate("berth", "%1 is neither a file nor a directory; only those can be copied.")
                .arg(remotePath));
        return false;
    }
    // Like scp: copying onto an existing folder puts the copy inside it.
    QString target = localPath;
    const QString name = remoteBaseName(remotePath);
    if (QFileInfo(localPath).isDir() && !name.isEmpty() && name != QLatin1String(".") && name != QLatin1String("/"))
        target = QDir(localPath).filePath(name);
    const uint mode = attributes->permissions & 07777;
    if (isFolder)
        return d->downloadFolder(sftp.get(), remotePath, target, mode, error);
    return d->downloadFile(sftp.get(), remotePath, target, mode, error);
}

bool Session::checkHostKey(const Target &target, QString *error)
{
    return open(target, false, error);
}

bool generateKeyPair(const QString &privatePath, QString *error)
{
    const QString publicPath = privatePath + QStringLiteral(".pub");
    for (const QString &path : { privatePath, publicPath }) {
        if (QFileInfo::exists(path)) {
            setError(error,
                QCoreApplication::translate("berth",
                    "%1 already exists. Berth does not overwrite keys: choose another path or move that file away.")
                    .arg(QDir::toNativeSeparators(path)));
            return false;
        }
    }
    const QString folder = QFileInfo(privatePath).absolutePath();
    if (!QDir().mkpath(folder)) {
        setError(error,
            QCoreApplication::translate("berth", "Cannot create the folder %1. Check that you may write there.")
                .arg(QDir::toNativeSeparators(folder)));
        return false;
    }
    ssh_key rawKey = nullptr;
    if (ssh_pki_generate(SSH_KEYTYPE_RSA, 2048, &rawKey) != SSH_OK || !rawKey) {
        setError(error, QCoreApplication::translate("berth", "Cannot generate an RSA key pair (libssh failed)."));
        return false;
    }
    const Handle<ssh_key> key(rawKey);
    char *privateText = nullptr;
    if (ssh_pki_export_privkey_base64(key.get(), nullptr, nullptr, nullptr, &privateText) != SSH_OK || !privateText) {
        setError(error, QCoreApplication::translate("berth", "Cannot export the new private key (libssh failed)."));
        return false;
    }
    const QByteArray privateData(privateText);
    ssh_string_free_char(privateText);
    const QByteArray publicData = authorizedKeysLine(key.get(), error);
    if (publicData.isEmpty())
        return false;

    // Created 0600 from the start (never 0644 for a moment) and never over an existing file.
    auto writeNew = [error](const QString &path, const QByteArray &data, QFileDevice::Permissions permissions) {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, permissions)) {
            setError(error,
                QCoreApplication::translate("berth", "Cannot create %1: %2.")
                    .arg(QDir::toNativeSeparators(path), file.errorString()));
            return false;
        }
        if (file.write(data) != data.size() || !file.flush()) {
            setError(error,
                QCoreApplication::translate("berth", "Cannot write %1: %2.")
                    .arg(QDir::toNativeSeparators(path), file.errorString()));
            file.close();
            file.remove();
            return false;
        }
        file.close();
        applyPermissions(path, permissions);
        return true;
    };
    if (!writeNew(privatePath, privateData, privateFilePermissions))
        return false;
    if (!writeNew(publicPath, publicData + '\n', publicFilePermissions)) {
        QFile::remove(privatePath);
        return false;
    }
    return true;
}

bool publicKeyFromPrivate(const QString &privatePath, QByteArray *publicKeyLine, QString *error)
{
    Handle<ssh_key> key;
    if (!importPrivateKey(privatePath, &key, error))
        return false;
    const QByteArray line = authorizedKeysLine(key.get(), error);
    if (line.isEmpty())
        return false;
    if (publicKeyLine)
        *publicKeyLine = line;
    return true;
}

QString shellQuote(const QString &value)
{
    QString quoted = value;
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

} // namespace berth::ssh
