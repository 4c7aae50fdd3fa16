#pragma once

// What the VirtualBox driver needs to know of this computer that each platform tells its own way
// (vboxhost_unix.cpp, vboxhost_win.cpp).

#include <QString>
#include <QStringList>

namespace berth::vbox {

// The folders VirtualBox's installers put VBoxManage in here: on Windows first the one its registry key
// names (HKLM\SOFTWARE\Oracle\VirtualBox, InstallDir), then Program Files; on macOS the application's
// bundle; on Linux the packages' folders.
QStringList installFolders();
// Windows: the folder VirtualBox's registry key names; empty when none (and on other systems).
QString registryInstallDir();
// Windows: Hyper-V (Windows's own hypervisor) runs, so VirtualBox cannot have VT-x or AMD-V to itself.
// Always false elsewhere.
bool hyperVRunning();
// Whether VirtualBox (6.1.28 and later) keeps host-only networks to the ranges of /etc/vbox/networks.conf
// here: on Linux and macOS, not on Windows.
bool hostOnlyRangesLimited();

} // namespace berth::vbox
