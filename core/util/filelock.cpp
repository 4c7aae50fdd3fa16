#include "filelock.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QThread>

namespace berth {

FileLock::FileLock(const QString &path)
    : m_path(path)
{
}

FileLock::~FileLock()
{
    unlock();
}

bool FileLock::tryLock(int timeoutMs)
{
    if (m_locked)
        return true;
    const QDeadlineTimer deadline(qMax(0, timeoutMs));
    while (true) {
        switch (tryLockOnce()) {
        case Attempt::Locked:
            m_locked = true;
            return true;
        case Attempt::Failed:
            return false;
        case Attempt::Busy:
            break;
        }
        if (deadline.hasExpired())
            return false;
        QThread::msleep(static_cast<unsigned long>(qBound(qint64(1), deadline.remainingTime(), qint64(20))));
    }
}

void FileLock::unlock()
{
    release();
    m_locked = false;
}

QByteArray FileLock::holderLine() const
{
    QByteArray line = QByteArray::number(QCoreApplication::applicationPid());
    if (!m_purpose.isEmpty())
        line += ' ' + m_purpose.toUtf8();
    return line + '\n';
}

QList<QByteArray> FileLock::readHolder() const
{
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.read(128).trimmed().split(' ');
}

qint64 FileLock::holderPid() const
{
    return readHolder().value(0).toLongLong();
}

QString FileLock::holderPurpose() const
{
    return QString::fromUtf8(readHolder().value(1));
}

} // namespace berth
