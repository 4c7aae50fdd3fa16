// SSH keys: reading a private key without ever prompting, making a key pair, the public key's
// authorized_keys line.
#include "sshsession_p.h"
#include "util/atomicfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace berth::ssh {

namespace {

// Never let OpenSSL prompt on the terminal for a passphrase: note that one was wanted and refuse.
int refusePassphrase(const char *, char *, size_t, int, int, void *userdata)
{
    *static_cast<bool *>(userdata) = true;
    return -1;
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

} // namespace

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

} // namespace berth::ssh
