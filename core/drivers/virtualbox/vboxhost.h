#pragma once

// What the VirtualBox driver needs to know of this computer that each platform tells its own way
// (vboxhost_unix.cpp, vboxhost_win.cpp).

#include <QByteArray>
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
// What VBoxManage wrote, as UTF-8 (what the driver reads). On Windows it writes to a pipe in the ANSI code page
// (Shift_JIS on a Japanese Windows, cp1252 on a Western one: a VM or path named in Japanese comes out so); here it
// writes in the locale's charset, UTF-8.
QByteArray outputAsUtf8(const QByteArray &output);

} // namespace berth::vbox
