#include "filelock.h"

#include <QCoreApplication>
#include <QFile>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace berth {

FileLock::Attempt FileLock::tryLockOnce()
{
    if (m_handle < 0) {
        // O_CLOEXEC: a VM or helper started while the lock is held must not keep it after we end.
        const int fd = ::open(QFile::encodeName(m_path).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0) {
            m_error = QCoreApplication::translate("berth", "Cannot open the lock file %1: %2.")
                          .arg(m_path, QString::fromLocal8Bit(std::strerror(errno)));
            return Attempt::Failed;
        }
        m_handle = fd;
    }
    const int fd = static_cast<int>(m_handle);
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK || errno == EINTR)
            return Attempt::Busy;
        m_error = QCoreApplication::translate("berth", "Cannot lock %1: %2.")
                      .arg(m_path, QString::fromLocal8Bit(std::strerror(errno)));
        return Attempt::Failed;
    }
    // The holder removes the file when it is done: a lock taken on a file that is no longer at the path
    // (or another one is) locks nothing; start again with the file that is there.
    struct stat held = {}, named = {};
    if (::fstat(fd, &held) != 0 || ::stat(QFile::encodeName(m_path).constData(), &named) != 0
        || held.st_ino != named.st_ino || held.st_dev != named.st_dev) {
        release();
        return Attempt::Busy;
    }
    // For messages and watchers only: who holds it, doing what.
    const QByteArray holder = holderLine();
    [[maybe_unused]] const bool written
        = ::ftruncate(fd, 0) == 0 && ::pwrite(fd, holder.constData(), static_cast<size_t>(holder.size()), 0) > 0;
    return Attempt::Locked;
}

void FileLock::release()
{
    if (m_handle < 0)
        return;
    // Removed while still held, so nobody locks it after us; a waiter that has it open already sees that
    // it is gone and opens the next one. Closing drops the lock.
    if (m_locked)
        ::unlink(QFile::encodeName(m_path).constData());
    ::close(static_cast<int>(m_handle));
    m_handle = -1;
}

} // namespace berth
