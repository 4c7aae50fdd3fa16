#pragma once

#include "testsupport.h"

#include <QByteArray>
#include <QJsonValue>
#include <QString>
#include <QStringList>

namespace berth::test {

// docker-machine 0.16's part in making a Docker Toolbox machine, whatever its hypervisor (libmachine): the
// store's CA and client certificate, the machine's RSA key and boot2docker.iso, the tar its data disk starts
// with, the boot2docker provisioner over SSH, and config.json around the driver's own fields. The hypervisor's
// part (the disk, the VM, its start) is the test's.
class ToolboxMachine {
public:
    // workDir: a scratch folder of the test's; store: docker-machine's store; home: the user's home.
    ToolboxMachine(const QString &workDir, const QString &store, const QString &name, const QString &home);

    QString name() const { return m_name; }
    QString dir() const { return m_dir; }
    QString ip() const { return m_ip; }

    // libmachine/cert's CA and client certificate in certs/ with copies in the machine's folder, the machine's
    // SSH key (ssh.GenerateSSHKey: RSA 2048, PEM) and boot2docker.iso (from isoPath, also in cache/).
    bool makeFiles(const QString &isoPath, QString *error);
    // mcnutils.MakeDiskImage's tar: an entry named as the magic itself, then .ssh and the public key twice.
    QByteArray userdataTar(QString *error) const;

    // docker-machine's external SSH client, as its provisioner runs it, to host:port with the machine's key.
    void setSshTarget(const QString &host, int port);
    ProcessResult ssh(const QString &command, int timeoutMs = 120000) const;
    // WaitForSSH: `exit 0` until it works, within timeoutMs.
    bool waitForSsh(int timeoutMs, QString *error) const;
    // The IPv4 address of the guest's NIC with this MAC (12 hex digits), as `ip addr show` there says it.
    bool waitForAddress(const QString &mac, int timeoutMs, QString *error);

    // libmachine/provision/boot2docker.go Provision: the hostname, then ConfigureAuth: a server certificate for
    // ip() (and localhost), Docker stopped, docker0 gone, the certificates and the profile (with
    // `--label provider=PROVIDER`) written with `printf | sudo tee`, Docker started; then Docker over TLS.
    bool provision(const QString &provider, QString *error);

    // libmachine/host.Host (ConfigVersion 3) as docker-machine 0.16 writes it: json.MarshalIndent with four
    // spaces, the fields in the structs' order; driverFields are the driver's, each line indented by 8.
    bool writeConfig(const QString &driverName, const QString &driverFields, QString *error);
    QByteArray configWritten() const { return m_configWritten; }
    QJsonObject readConfig() const;
    // What changed in config.json since writeConfig, but the fields in mayChange (dotted paths): every field
    // docker-machine wrote must still be there with its JSON type and value.
    QStringList configChanges(const QStringList &mayChange) const;

private:
    ProcessResult openssl(const QStringList &args) const;

    QString m_work;
    QString m_store;
    QString m_name;
    QString m_home;
    QString m_dir;
    QString m_sshHost;
    int m_sshPort = 22;
    QString m_ip;
    QByteArray m_configWritten;
};

} // namespace berth::test
