#pragma once

#include "docker/dockerclient.h"
#include "drivers/driver.h"

#include <QDateTime>
#include <QMap>
#include <QString>
#include <QStringList>

#include <memory>

namespace berth {

struct Host;
class MachineApi;
class PortRelay;
namespace ssh {
class Session;
}

// What a machine's agent says of itself (agent.json in the machine folder, rewritten as it changes), for `ls` and
// the desktop app: the ports it forwards, and those it could not with why.
struct AgentReport {
    qint64 pid = 0;
    QStringList forwarded; // "8080/tcp"
    QMap<QString, QString> skipped; // "80/tcp" -> why, and that it is tried again
    // The file's, when the agent that wrote it still runs (holds its lock); false otherwise (nothing is set then).
    static bool read(const QString &machineDir, AgentReport *report);
    // One line for ls's ERRORS column; empty when every port is forwarded.
    QString problems() const;
};

// The machine's agent (the berth-agent program, started with the VM and ending with it): while a VM behind NAT runs,
// every port its containers publish answers on this computer's loopback at the same port (127.0.0.1 through the
// hypervisor's forward, ::1 through a relay in the agent). It follows the engine's
// container events over TLS (no polling), adds and removes the hypervisor's forwards (Driver::addPortForward), makes
// the guest hand forwarded connections to what listens on its own loopback too (`docker run -p 127.0.0.1:...`),
// retries a port that is taken here until it frees, and sets the guest's clock from this computer's when it has
// fallen behind (a VM paused while the computer slept). Its log and agent.json are in the machine folder.
class MachineAgent {
public:
    MachineAgent(const QString &storePath, const QString &name);
    ~MachineAgent();
    MachineAgent(const MachineAgent &) = delete;
    MachineAgent &operator=(const MachineAgent &) = delete;

    // Runs until the VM is gone, or at once when another agent runs for the machine: the process's exit code.
    int run();
    // First thing in the agent's main(), before Qt opens anything: what it inherited from the Berth that started it
    // is closed (DetachedProcess::closeInheritedDescriptors).
    static void closeInheritedDescriptors();

    // The files in the machine folder.
    static QString lockPath(const QString &machineDir) { return machineDir + QStringLiteral("/agent.lock"); }
    static QString logPath(const QString &machineDir) { return machineDir + QStringLiteral("/agent.log"); }
    static QString reportPath(const QString &machineDir) { return machineDir + QStringLiteral("/agent.json"); }

private:
    // The forwards the containers' published ports call for, made and removed to match.
    void syncForwards();
    // The same port on this computer's IPv6 loopback (every IPv6 address when the forward listens on every IPv4
    // one), relayed in this process to the hypervisor's forward: its NAT listens on IPv4 only.
    void relayIpv6(const PortForward &forward);
    // Why a forward could not be made, in words for the user.
    QString whyNotForwarded(const PortForward &forward, const QString &driverSaid) const;
    // The guest's half of the forwards, once per boot (over SSH).
    bool prepareGuest();
    void checkClock();
    bool runInGuest(const QString &command, QString *output, QString *error);
    void writeReport();
    void log(const QString &line) const;

    QString m_storePath;
    QString m_name;
    QString m_dir;
    std::unique_ptr<MachineApi> m_api;
    std::unique_ptr<Host> m_host;
    std::unique_ptr<ssh::Session> m_ssh;
    QList<PortForward> m_made;
    QMap<PortForward, QString> m_skipped;
    std::unique_ptr<PortRelay> m_relay;
    QMap<PortForward, QString> m_relayRefused; // forwarded on IPv4 only, for now: why, as the log said
    bool m_noIpv6 = false; // this computer has no IPv6 loopback
    // The engine: its events on a connection of their own; what the agent asks every few seconds (the clock, the
    // published ports) over one kept connection.
    std::unique_ptr<DockerClient> m_engine;
    bool m_guestReady = false;
    QByteArray m_lastReport;
};

} // namespace berth
