#include "commandrunner.h"

#include <QProcess>

#include <algorithm>
#include <memory>
#include <vector>
#include <windows.h>

namespace berth {

namespace {

// What CreateProcess reads through the STARTUPINFOEX it is given: it must outlive the modifier,
// so the modifier owns it (and QProcess owns the modifier).
struct ExtendedStartup {
    STARTUPINFOEXW info = {};
    std::vector<char> attributes;
    std::vector<HANDLE> handles;
    ~ExtendedStartup()
    {
        if (info.lpAttributeList)
            DeleteProcThreadAttributeList(info.lpAttributeList);
    }
};

} // namespace

// CreateProcess with bInheritHandles passes every inheritable handle of the process: Qt's are not
// inheritable, but libssh's sockets are. A handle list limits what the child gets to its standard
// handles.
void CommandRunner::closeInheritedDescriptors(QProcess *process, int keptDescriptor)
{
    Q_UNUSED(keptDescriptor)
    auto startup = std::make_shared<ExtendedStartup>();
    process->setCreateProcessArgumentsModifier([startup](QProcess::CreateProcessArguments *args) {
        if (!args->inheritHandles || !args->startupInfo || !(args->startupInfo->dwFlags & STARTF_USESTDHANDLES))
            return;
        if (startup->info.lpAttributeList) { // started again
            DeleteProcThreadAttributeList(startup->info.lpAttributeList);
            startup->info.lpAttributeList = nullptr;
        }
        startup->handles.clear();
        for (HANDLE handle :
            { args->startupInfo->hStdInput, args->startupInfo->hStdOutput, args->startupInfo->hStdError }) {
            // The list takes each handle once and only real ones.
            if (handle && handle != INVALID_HANDLE_VALUE
                && std::find(startup->handles.begin(), startup->handles.end(), handle) == startup->handles.end())
                startup->handles.push_back(handle);
        }
        if (startup->handles.empty())
            return;
        SIZE_T size = 0;
        InitializeProcThreadAttributeList(nullptr, 1, 0, &size);
        startup->attributes.assign(size, 0);
        auto *list = reinterpret_cast<LPPROC_THREAD_ATTRIBUTE_LIST>(startup->attributes.data());
        if (!InitializeProcThreadAttributeList(list, 1, 0, &size))
            return;
        if (!UpdateProcThreadAttribute(list, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, startup->handles.data(),
                startup->handles.size() * sizeof(HANDLE), nullptr, nullptr)) {
            DeleteProcThreadAttributeList(list);
            return;
        }
        startup->info.StartupInfo = *args->startupInfo;
        startup->info.StartupInfo.cb = sizeof(STARTUPINFOEXW);
        startup->info.lpAttributeList = list;
        args->startupInfo = &startup->info.StartupInfo;
        args->flags |= EXTENDED_STARTUPINFO_PRESENT;
    });
}

} // namespace berth
