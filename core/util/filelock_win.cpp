#include "filelock.h"

#include <QCoreApplication>

#include <windows.h>

namespace berth {

namespace {
// The locked byte lies far beyond the pid written at the start, so others can still read the pid.
constexpr DWORD lockOffsetHigh = 0x7fffffff;
} // namespace

FileLock::Attempt FileLock::tryLockOnce()
{
    if (m_handle == -1) {
        // Not inheritable: a VM started while the lock is held must not keep it after we end.
        const HANDLE handle = CreateFileW(reinterpret_cast<const wchar_t *>(m_path.utf16()),
            GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr, OPEN_ALWAYS,
            FILE_ATTRIBUTE_NORMAL, nullptr);
        if (handle == INVALID_HANDLE_VALUE) {
            m_error = QCoreApplication::translate("berth", "Cannot open the lock file %1 (error %2).")
                          .arg(m_path)
                          .arg(GetLastError());
            return Attempt::Failed;
        }
        m_handle = reinterpret_cast<qintptr>(handle);
    }
    const HANDLE handle = reinterpret_cast<HANDLE>(m_handle);
    OVERLAPPED overlapped = {};
    overlapped.OffsetHigh = lockOffsetHigh;
    if (!LockFileEx(handle, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &overlapped)) {
        if (GetLastError() == ERROR_LOCK_VIOLATION)
            return Attempt::Busy;
        m_error = QCoreApplication::translate("berth", "Cannot lock %1 (error %2).").arg(m_path).arg(GetLastError());
        return Attempt::Failed;
    }
    // For messages only: who holds it.
    const QByteArray pid = QByteArray::number(QCoreApplication::applicationPid()) + '\n';
    DWORD written = 0;
    SetFilePointer(handle, 0, nullptr, FILE_BEGIN);
    SetEndOfFile(handle);
    WriteFile(handle, pid.constData(), static_cast<DWORD>(pid.size()), &written, nullptr);
    return Attempt::Locked;
}

void FileLock::release()
{
    if (m_handle == -1)
        return;
    // Closing the handle drops the lock; the file stays, since a waiter may have it open already.
    CloseHandle(reinterpret_cast<HANDLE>(m_handle));
    m_handle = -1;
}

} // namespace berth
