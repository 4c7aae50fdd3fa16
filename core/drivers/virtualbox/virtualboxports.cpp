// Published ports of a VirtualBox VM on this computer: NAT rules of its first NIC, added and removed while it runs.

#include "util/network.h"
#include "util/translate.h"
#include "vboxcommands.h"
#include "vboxinfo.h"
#include "virtualboxdriver.h"

namespace berth {

using namespace vbox;

namespace {
// The agent's rules, apart from the machine's own ("ssh", "docker") and the user's.
const QString rulePrefix = QStringLiteral("berth-");

QString ruleName(const PortForward &forward)
{
    return rulePrefix + forward.protocol + QLatin1Char('-') + QString::number(forward.port);
}
} // namespace

bool VirtualBoxDriver::portForwards(QList<PortForward> *forwards, QString *error)
{
    VmInfo info;
    if (!vmInfo(vboxManage(), &info, error))
        return false;
    forwards->clear();
    for (const NatRule &rule : info.forwards()) {
        if (rule.nic == 1 && rule.name.startsWith(rulePrefix))
            forwards->append({ rule.protocol, rule.hostPort });
    }
    return true;
}

bool VirtualBoxDriver::addPortForward(const PortForward &forward, QString *error)
{
    // VirtualBox takes a rule for a port that is taken here without a word (its NAT only logs that it could not
    // listen, in VBox.log), and does not listen once the port frees: the port is tried first.
    if (probeLocalPort(forward.protocol, forwardAddress(), forward.port) != PortUse::Free) {
        *error = tr("Port %1 cannot be used on this computer now.").arg(forward.name());
        return false;
    }
    // VirtualBox's manual: a rule without a host address listens on every interface.
    const QString hostIp = publishesOnEveryInterface() ? QString() : forwardAddress();
    return vboxManage().run(
        args::addRunningPortForward(m_machineName, ruleName(forward), forward.protocol, hostIp, forward.port), nullptr,
        error);
}

bool VirtualBoxDriver::removePortForward(const PortForward &forward, QString *error)
{
    return vboxManage().run(args::removeRunningPortForward(m_machineName, ruleName(forward)), nullptr, error);
}

bool VirtualBoxDriver::vmExists()
{
    const MachineState now = state(nullptr);
    return now == MachineState::Running || now == MachineState::Paused;
}

} // namespace berth
