#pragma once

// Where VBoxManage 7.0.14's sources make the calls whose failures the double reports: the call as the
// "Context:" line quotes it, its line and file.
#include "console.h"

namespace vboxdouble {

namespace site {
constexpr CallSite showVmInfoFind { "FindMachine(Bstr(VMNameOrUuid).raw(), machine.asOutParam())", 3138,
    "VBoxManageInfo.cpp" };
constexpr CallSite modifyVmFind { "FindMachine(Bstr(a->argv[0]).raw(), machine.asOutParam())", 632,
    "VBoxManageModifyVM.cpp" };
constexpr CallSite modifyVmLock { "LockMachine(a->session, LockType_Write)", 640, "VBoxManageModifyVM.cpp" };
constexpr CallSite storageAttachFind { "FindMachine(Bstr(a->argv[0]).raw(), machine.asOutParam())", 343,
    "VBoxManageStorageController.cpp" };
constexpr CallSite storageAttachLock { "LockMachine(a->session, LockType_Shared)", 345,
    "VBoxManageStorageController.cpp" };
constexpr CallSite storageCtlFind { "FindMachine(Bstr(a->argv[0]).raw(), machine.asOutParam())", 1053,
    "VBoxManageStorageController.cpp" };
constexpr CallSite storageCtlLock { "LockMachine(a->session, LockType_Write)", 1057,
    "VBoxManageStorageController.cpp" };
constexpr CallSite controlVmFind { "FindMachine(Bstr(a->argv[0]).raw(), machine.asOutParam())", 365,
    "VBoxManageControlVM.cpp" };
constexpr CallSite controlVmLock { "LockMachine(a->session, LockType_Shared)", 371, "VBoxManageControlVM.cpp" };
constexpr CallSite unregisterVmFind { "FindMachine(Bstr(VMName).raw(), machine.asOutParam())", 229,
    "VBoxManageMisc.cpp" };
constexpr CallSite startVmFind { "FindMachine(Bstr(pszVM).raw(), machine.asOutParam())", 867, "VBoxManageMisc.cpp" };
constexpr CallSite startVmLaunch { "LaunchVMProcess(a->session, sessionType.raw(), ComSafeArrayAsInParam(aBstrEnv), "
                                   "progress.asOutParam())",
    881, "VBoxManageMisc.cpp" };
constexpr CallSite setExtraDataFind { "FindMachine(Bstr(a->argv[0]).raw(), machine.asOutParam())", 1398,
    "VBoxManageMisc.cpp" };
constexpr CallSite setExtraDataLock { "LockMachine(a->session, LockType_Shared)", 1403, "VBoxManageMisc.cpp" };
constexpr CallSite sharedFolderAddFind { "FindMachine(Bstr(pszMachineName).raw(), ptrMachine.asOutParam())", 1647,
    "VBoxManageMisc.cpp" };
constexpr CallSite sharedFolderRemoveFind { "FindMachine(Bstr(pszMachineName).raw(), ptrMachine.asOutParam())", 1745,
    "VBoxManageMisc.cpp" };
constexpr CallSite guestPropertyGetFind { "FindMachine(Bstr(a->argv[0]).raw(), machine.asOutParam())", 77,
    "VBoxManageGuestProp.cpp" };
constexpr CallSite guestPropertySetFind { "FindMachine(Bstr(a->argv[0]).raw(), machine.asOutParam())", 140,
    "VBoxManageGuestProp.cpp" };
constexpr CallSite guestPropertyEnumerateFind { "FindMachine(Bstr(a->argv[0]).raw(), machine.asOutParam())", 461,
    "VBoxManageGuestProp.cpp" };
constexpr CallSite hostOnlyCreate { "RTEXITCODE handleCreate(HandlerArg*)", 105, "VBoxManageHostonly.cpp" };
constexpr CallSite hostOnlyFind { "FindHostNetworkInterfaceByName(Bstr(pszName).raw(), hif.asOutParam())", 242,
    "VBoxManageHostonly.cpp" };
constexpr CallSite hostOnlyRemoveFind { "FindHostNetworkInterfaceByName(Bstr(pszName).raw(), hif.asOutParam())", 150,
    "VBoxManageHostonly.cpp" };
constexpr CallSite hostOnlyIpConfig { "EnableStaticIPConfig(Bstr(pszIp).raw(), Bstr(pszNetmask).raw())", 252,
    "VBoxManageHostonly.cpp" };
} // namespace site

} // namespace vboxdouble
