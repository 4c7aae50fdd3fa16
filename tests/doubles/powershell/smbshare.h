#pragma once

#include "hyperv.h"
#include "interpreter.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace berth::psdouble {

// A folder New-SmbShare shared, kept in $BERTH_HYPERV_DOUBLE_HOME/smb/shares.json.
struct ShareRecord {
    QString name;
    QString path;
    QString description;
};

// The SmbShare module's New-, Get- and Remove-SmbShare and NetTCPIP's Get-NetIPAddress, for the host's side of a
// shared folder. The shares are served by Debian's Samba: a switch that a running VM uses gets an smbd on its
// bridge (VmRunner starts and stops it with the switch's dnsmasq), which the guest reaches at the host's address
// on that switch and logs on to as the double's user (HostConfig::userName, HostConfig::password).
class SmbShares {
public:
    static QList<CmdletSpec> cmdlets();
    static QList<ShareRecord> shares();
    // The switch's smbd, serving every share; started once, told of new shares by New-SmbShare.
    static bool startServer(const SwitchConfig &sw, const HostConfig &config, QString *error);
    static void stopServer(const SwitchConfig &sw);
};

} // namespace berth::psdouble
