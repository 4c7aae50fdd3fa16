#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

// What VBoxManage prints: its stdout, its "VBoxManage: error: " lines on stderr, the logo that syntax errors
// start with, and the three-part COM error report (message, Details, Context).
namespace vboxdouble {

enum ExitCode { ExitSuccess = 0, ExitFailure = 1, ExitSyntax = 2 };

// The version --version reports: 7.0.14r161095, or BERTH_VBOX_DOUBLE_VERSION.
QString versionString();
// The version the logo names (without the revision).
QString productVersion();

void printOut(const QString &text);
void printErr(const QString &text);
// RTMsgError: every line of text gets the program's "VBoxManage: error: " prefix.
void msgError(const QString &text);

// The command and subcommand whose usage a syntax error shows.
void setCurrentCommand(const QString &command, const QString &subcommand = {});

// errorSyntax(): logo, the message, a blank line, the command's usage; exit code 2.
int syntaxError(const QString &message);
// errorGetOpt() for an option or parameter the command does not know; exit code 2.
int unknownOption(const QString &option);
int invalidParameter(const QString &parameter);
int invalidArgumentFormat(const QString &value);
// errorGetOpt() for another RTGetOpt status: "--option: <status text>".
int optionStatusError(const QString &option, const QString &status);
// errorArgument(): the message alone; exit code 2.
int argumentError(const QString &message);

// A call in VBoxManage's sources whose failure it reports: the "Context:" line quotes it with its line and file.
struct CallSite {
    const char *call;
    int line;
    const char *file;
};

// An HRESULT as VBoxManage names it.
struct ComStatus {
    const char *name;
    quint32 value;
};
constexpr ComStatus E_InvalidArg { "E_INVALIDARG", 0x80070057 };
constexpr ComStatus E_AccessDenied { "E_ACCESSDENIED", 0x80070005 };
constexpr ComStatus E_Fail { "NS_ERROR_FAILURE", 0x80004005 };
constexpr ComStatus E_ObjectNotFound { "VBOX_E_OBJECT_NOT_FOUND", 0x80bb0001 };
constexpr ComStatus E_InvalidVmState { "VBOX_E_INVALID_VM_STATE", 0x80bb0002 };
constexpr ComStatus E_FileError { "VBOX_E_FILE_ERROR", 0x80bb0004 };
constexpr ComStatus E_IprtError { "VBOX_E_IPRT_ERROR", 0x80bb0005 };
constexpr ComStatus E_InvalidObjectState { "VBOX_E_INVALID_OBJECT_STATE", 0x80bb0007 };
constexpr ComStatus E_ObjectInUse { "VBOX_E_OBJECT_IN_USE", 0x80bb000c };

// A failed COM call as GlueHandleComError prints it; context and file may be empty (a progress error).
struct ComError {
    QString message;
    ComStatus status = E_Fail;
    QString component; // e.g. VirtualBoxWrap
    QString interfaceName; // e.g. IVirtualBox
    bool withCallee = true; // "callee nsISupports" (errors of API calls, not of progress objects)
    QString context; // e.g. FindMachine(Bstr(VMNameOrUuid).raw(), machine.asOutParam())
    int line = 0;
    QString file; // e.g. VBoxManageInfo.cpp
};
int comError(const ComError &error);
// The usual case: an API call's error (with "callee nsISupports") at a call site.
int comErrorAt(const CallSite &where, const QString &message, ComStatus status, const QString &component,
    const QString &interfaceName);
// "Code E_ACCESSDENIED (0x80070005) - Access denied (extended info not available)" and the context.
int comErrorWithoutInfo(ComStatus status, const QString &description, const CallSite &where);

// FindMachine's failure for a name or UUID nobody registered, with the caller's context.
int machineNotFound(const QString &nameOrUuid, const CallSite &where);
// LockMachine's failure on a machine a session (a running VM) holds.
int machineLocked(const QString &machineName, const CallSite &where);

// The 0%...10%...100% a progress object shows on stderr.
void progressDone();

} // namespace vboxdouble
