#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace berth {

// An exclusive lock on a file that the operating system holds for this process and drops when the
// process ends, however it ends (flock on POSIX, LockFileEx on Windows): a killed command cannot
// leave it held, so no stale-lock guessing is needed. The holder writes its pid into the file for
// messages only; the lock is the OS's, not the file's content. Not inherited by child processes.
class FileLock {
public:
    explicit FileLock(const QString &path);
    ~FileLock();
    FileLock(const FileLock &) = delete;
    FileLock &operator=(const FileLock &) = delete;

    // Tries until timeoutMs has passed (0: once). On false, errorString() says why when it was not
    // only held by another process.
    bool tryLock(int timeoutMs);
    bool isLocked() const { return m_locked; }
    void unlock();

    // What the holder is doing ("start"), written into the file with its pid when it takes the lock, so
    // a watcher can tell a machine being started from one being stopped. Set before tryLock.
    void setPurpose(const QString &purpose) { m_purpose = purpose; }
    // The pid the current holder wrote into the file; 0 when unknown.
    qint64 holderPid() const;
    // The purpose the current holder wrote; empty when none or unknown.
    QString holderPurpose() const;
    QString path() const { return m_path; }
    QString errorString() const { return m_error; }

private:
    enum class Attempt { Locked, Busy, Failed };
    // Platform parts (filelock_unix.cpp, filelock_win.cpp).
    Attempt tryLockOnce();
    void release();
    // "PID PURPOSE\n", what the holder writes.
    QByteArray holderLine() const;
    // The holder's line, split: pid, purpose.
    QList<QByteArray> readHolder() const;

    QString m_path;
    QString m_error;
    QString m_purpose;
    qintptr m_handle = -1;
    bool m_locked = false;
};

} // namespace berth
