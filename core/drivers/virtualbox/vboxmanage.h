#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace berth::vbox {

// What one VBoxManage run gave.
struct Result {
    bool ok = false;
    QByteArray standardOutput;
    QByteArray standardError;
    // What failed, in a line for messages ("VBoxManage createvm failed: Machine settings file ... already
    // exists"); empty when ok.
    QString error;
    bool machineNotFound = false; // "Could not find a registered machine named ..."
    bool timedOut = false;
};

// VBoxManage, found and run. Every call is an argv list; none goes through a shell.
class VBoxManage {
public:
    static constexpr int defaultTimeoutSeconds = 120;

    // Where VBoxManage is: in VBOX_MSI_INSTALL_PATH or VBOX_INSTALL_PATH (each may list folders), in the
    // folders VirtualBox installs it to (vboxhost.h), else on the PATH; empty when nowhere.
    static QString locate();

    explicit VBoxManage(const QString &path = locate(), int timeoutSeconds = defaultTimeoutSeconds);
    bool found() const { return !m_path.isEmpty(); }
    QString path() const { return m_path; }
    int timeoutSeconds() const { return m_timeoutSeconds; }
    // What to tell a user who has no VBoxManage.
    static QString notFoundMessage();

    // Runs VBoxManage with args, killed after the timeout (timeoutSeconds, or this object's when 0). "The object
    // is not ready" (VirtualBox holds a VM's session a moment after it changes state) is tried again, a few
    // times. A run fails when VBoxManage exits with an error or writes "error:" (some errors exit with 0).
    Result run(const QStringList &args, int timeoutSeconds = 0) const;
    // The same: true when it succeeded; otherwise *error is the result's error.
    bool run(const QStringList &args, QByteArray *output, QString *error, int timeoutSeconds = 0) const;

    // The message of a failed run from its output: VBoxManage's first "error:" line, without its prefix.
    static QString errorText(
        const QStringList &args, const QByteArray &standardError, const QByteArray &standardOutput);

private:
    QString m_path;
    int m_timeoutSeconds;
};

} // namespace berth::vbox
