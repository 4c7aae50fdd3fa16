#pragma once

// Windows only (detachedprocess_win.cpp, qemuprocess_win.cpp).
#include <QtGlobal>

#include <windows.h>

namespace berth {

// A process handle, closed when it goes out of scope; null when the process cannot be opened (gone,
// or not this user's).
class ProcessHandle {
public:
    ProcessHandle(qint64 pid, DWORD access)
        : m_handle(pid > 0 && pid <= qint64(MAXDWORD) ? OpenProcess(access, FALSE, static_cast<DWORD>(pid)) : nullptr)
    {
    }
    ~ProcessHandle()
    {
        if (m_handle)
            CloseHandle(m_handle);
    }
    ProcessHandle(const ProcessHandle &) = delete;
    ProcessHandle &operator=(const ProcessHandle &) = delete;
    HANDLE get() const { return m_handle; }

private:
    HANDLE m_handle;
};

} // namespace berth
