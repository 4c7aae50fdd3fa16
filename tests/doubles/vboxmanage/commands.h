#pragma once

#include <QString>
#include <QStringList>

// One handler per VBoxManage command; each takes the arguments after the command's name and returns the exit
// code. Faults armed for the invocation (faults.h) that a command itself acts out are in activeFault().
namespace vboxdouble {

int handleList(const QStringList &args);
int handleShowVmInfo(const QStringList &args);
int handleCreateVm(const QStringList &args);
int handleUnregisterVm(const QStringList &args);
int handleModifyVm(const QStringList &args);
int handleStorageCtl(const QStringList &args);
int handleStorageAttach(const QStringList &args);
int handleCreateMedium(const QStringList &args, bool legacyCreateHd);
int handleCloneMedium(const QStringList &args, bool legacyCloneHd);
int handleCloseMedium(const QStringList &args);
int handleSharedFolder(const QStringList &args);
int handleSetExtraData(const QStringList &args);
int handleGuestProperty(const QStringList &args);
int handleStartVm(const QStringList &args);
int handleControlVm(const QStringList &args);
int handleHostOnlyIf(const QStringList &args);
int handleDhcpServer(const QStringList &args);
int handleConvertFromRaw(const QStringList &args);

QString activeFault();
void setActiveFault(const QString &fault);

} // namespace vboxdouble
