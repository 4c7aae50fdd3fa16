#pragma once

// What sshsession.cpp and the files split from it share; not for use outside core/ssh.
#include "sshsession.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QSet>

#include <libssh/libssh.h>
#include <libssh/sftp.h>
#include <memory>
#include <type_traits>

namespace berth::ssh {

Q_DECLARE_LOGGING_CATEGORY(lcSsh)

struct LibsshDeleter {
    void operator()(ssh_session session) const { ssh_free(session); }
    void operator()(ssh_channel channel) const { ssh_channel_free(channel); }
    void operator()(ssh_key key) const { ssh_key_free(key); }
    void operator()(sftp_session sftp) const { sftp_free(sftp); }
    void operator()(sftp_file file) const { sftp_close(file); }
    void operator()(sftp_dir dir) const { sftp_closedir(dir); }
    void operator()(sftp_attributes attributes) const { sftp_attributes_free(attributes); }
};

template <typename T> using Handle = std::unique_ptr<std::remove_pointer_t<T>, LibsshDeleter>;

// The same chunk size both ways stays below every server's SFTP packet limit.
constexpr int transferChunk = 32 * 1024;
// How long one wait for the socket lasts before the loop looks again; the loops end on EOF, not on it.
constexpr int pollIntervalMs = 200;

inline void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

inline QString hostPort(const QString &host, int port)
{
    // IPv6 addresses get brackets, as in known_hosts and URLs.
    if (host.contains(QLatin1Char(':')))
        return QLatin1Char('[') + host + QLatin1String("]:") + QString::number(port);
    return host + QLatin1Char(':') + QString::number(port);
}

inline QString libsshError(void *object)
{
    return QString::fromUtf8(ssh_get_error(object)).trimmed();
}

// Reads all that channel holds now, standard output then standard error, handing each piece to
// sink(data, length, isStderr). The bytes read, or -1 when the connection is lost.
template <typename Sink> qint64 drainChannel(ssh_channel channel, QByteArray *buffer, Sink sink)
{
    qint64 total = 0;
    for (int isStderr = 0; isStderr <= 1; ++isStderr) {
        for (;;) {
            const int n = ssh_channel_read_nonblocking(
                channel, buffer->data(), static_cast<uint32_t>(buffer->size()), isStderr);
            if (n == SSH_ERROR)
                return -1;
            if (n <= 0)
                break;
            sink(buffer->constData(), n, isStderr != 0);
            total += n;
        }
    }
    return total;
}

// Reads the private key at path (OpenSSH or PEM); a key that wants a passphrase is refused, never prompted for.
bool importPrivateKey(const QString &path, Handle<ssh_key> *key, QString *error);

struct Session::Private {
    Handle<ssh_session> session;
    Target target;
    QString fingerprint;
    bool connected = false;

    QString where() const { return hostPort(target.host, target.port); }
    QString lostConnection() const
    {
        return QCoreApplication::translate("berth", "The SSH connection to %1 was lost: %2.")
            .arg(where(), libsshError(session.get()));
    }
    bool requireConnection(QString *error) const
    {
        if (connected)
            return true;
        setError(error, QCoreApplication::translate("berth", "Not connected over SSH. Connect first."));
        return false;
    }
    Handle<sftp_session> openSftp(QString *error) const;
    bool uploadFile(
        sftp_session sftp, const QString &localPath, const QString &remotePath, uint mode, QString *error) const;
    bool uploadFolder(sftp_session sftp, const QString &localPath, const QString &remotePath, QSet<QString> *visited,
        QString *error) const;
    bool downloadFile(
        sftp_session sftp, const QString &remotePath, const QString &localPath, uint mode, QString *error) const;
    bool downloadFolder(
        sftp_session sftp, const QString &remotePath, const QString &localPath, uint mode, QString *error) const;
};

} // namespace berth::ssh
