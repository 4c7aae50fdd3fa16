#include "filelock.h"

#include <QCoreApplication>

#include <windows.h>

namespace berth {

namespace {
// The locked byte lies far beyond the pid written at the start, so others can still read the pid.
constexpr DWORD lockOffsetHigh = 0x7fffffff;

// Whether the file open as `held` is still the one at `path`: the holder deletes it when done, and a waiter
// that had it open already may lock a file that has no name any more (or another file has it by then).
bool isFileAtPath(HANDLE held, const QString &path)
{
    const HANDLE named = CreateFileW(reinterpret_cast<const wchar_t *>(path.utf16()), 0,
        FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (named == INVALID_HANDLE_VALUE)
        return false;
    BY_HANDLE_FILE_INFORMATION a = {}, b = {};
    const bool same = GetFileInformationByHandle(held, &a) && GetFileInformationByHandle(named, &b)
        && a.dwVolumeSerialNumber == b.dwVolumeSerialNumber && a.nFileIndexHigh == b.nFileIndexHigh
        && a.nFileIndexLow == b.nFileIndexLow;
    CloseHandle(named);
    return same;
}
} // namespace

FileLock::Attempt FileLock::tryLockOnce()
{
    if (m_handle == -1) {
        // Not inheritable: a VM started while the lock is held must not keep it after we end.
        const HANDLE handle = CreateFileW(reinterpret_cast<const wchar_t *>(m_path.utf16()),
            GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr, OPEN_ALWAYS,
            FILE_ATTRIBUTE_NORMAL, nullptr);
        if (handle == INVALID_HANDLE_VALUE) {
            const DWORD code = GetLastError();
            m_error = QCoreApplication::translate("berth", "Cannot open the lock file %1 (error %2).")
                          .arg(m_path)
                          .arg(code);
            // A file its holder has just deleted cannot be opened until its last handle is closed: try
            // again, and say why if it stays so.
            return code == ERROR_ACCESS_DENIED ? Attempt::Busy : Attempt::Failed;
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
    if (!isFileAtPath(handle, m_path)) {
        release();
        return Attempt::Busy;
    }
    m_error.clear();
    // For messages and watchers only: who holds it, doing what.
    const QByteArray holder = holderLine();
    DWORD written = 0;
    SetFilePointer(handle, 0, nullptr, FILE_BEGIN);
    SetEndOfFile(handle);
    WriteFile(handle, holder.constData(), static_cast<DWORD>(holder.size()), &written, nullptr);
    return Attempt::Locked;
}

void FileLock::release()
{
    if (m_handle == -1)
        return;
    // Deleted while still held, so nobody locks it after us; a waiter that has it open already sees that it
    // is gone and opens the next one. Closing the handle drops the lock.
    if (m_locked)
        DeleteFileW(reinterpret_cast<const wchar_t *>(m_path.utf16()));
    CloseHandle(reinterpret_cast<HANDLE>(m_handle));
    m_handle = -1;
}

} // namespace berth
