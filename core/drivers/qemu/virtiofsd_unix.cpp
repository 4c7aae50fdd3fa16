#include "process/detachedprocess.h"
#include "util/atomicfile.h"
#include "util/text.h"
#include "util/translate.h"
#include "virtiofsd.h"

#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace berth {

namespace {

// A process's start time in clock ticks since boot (field 22 of /proc/PID/stat): with the pid it names one
// process, not another that got the same pid later. Empty where there is no /proc.
QByteArray startTime(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return {};
    const QByteArray line = stat.readAll();
    // The program's name, in parentheses, may hold spaces: the fields are counted after its last ')'.
    const int end = line.lastIndexOf(')');
    const QList<QByteArray> fields = line.mid(end + 2).split(' ');
    return fields.size() > 19 ? fields.at(19) : QByteArray();
}

// The pid of pidPath's virtiofsd while that process runs, else 0.
qint64 runningPid(const QString &pidPath)
{
    QFile file(pidPath);
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> words = file.readAll().trimmed().split(' ');
    const qint64 pid = words.value(0).toLongLong();
    if (pid <= 0 || words.size() != 2 || !DetachedProcess::isAlive(pid) || startTime(pid) != words.at(1))
        return 0;
    return pid;
}

// A value of one of virtiofsd's "-o" options: a backslash and a comma are escaped (fuse_opt's rules).
QString optionValue(const QString &value)
{
    QString escaped;
    for (const QChar c : value) {
        if (c == QLatin1Char('\\') || c == QLatin1Char(','))
            escaped += QLatin1Char('\\');
        escaped += c;
    }
    return escaped;
}

} // namespace

QString Virtiofsd::find()
{
#if defined(Q_OS_LINUX)
    for (const QString &path :
        { QStringLiteral("/usr/lib/qemu/virtiofsd"), QStringLiteral("/usr/libexec/virtiofsd") }) {
        if (QFileInfo(path).isExecutable())
            return path;
    }
    return QStandardPaths::findExecutable(QStringLiteral("virtiofsd"));
#else
    // QEMU for macOS has no vhost-user-fs device.
    return {};
#endif
}

bool Virtiofsd::actsAsEveryGuestUser()
{
    return ::geteuid() == 0;
}

bool Virtiofsd::start(const QString &program, const QString &folder, const QString &socketPath, const QString &logPath,
    const QString &pidPath, QString *error)
{
    QString launcher = program;
    QStringList arguments;
    if (!actsAsEveryGuestUser()) {
        // virtiofsd needs root's capabilities: a user namespace gives them over this user's own files.
        launcher = QStandardPaths::findExecutable(QStringLiteral("unshare"));
        if (launcher.isEmpty()) {
            *error = tr("Cannot start virtiofsd for the shared folder: util-linux's unshare is not on the PATH.");
            return false;
        }
        arguments << QStringLiteral("--user") << QStringLiteral("--map-root-user") << QStringLiteral("--") << program;
    }
    const QByteArray path = QFile::encodeName(socketPath);
    sockaddr_un address {};
    if (static_cast<size_t>(path.size()) >= sizeof address.sun_path) {
        *error = tr("The socket path %1 is too long.").arg(nativePath(socketPath));
        return false;
    }
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, path.constData(), static_cast<size_t>(path.size()));
    QFile::remove(socketPath);
    // Made here and handed over listening (virtiofsd's --fd): QEMU can connect at once, and virtiofsd keeps no pid
    // file of its own in /run, where only root may write.
#if defined(SOCK_CLOEXEC)
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
#else
    // macOS has no SOCK_CLOEXEC (nor a virtiofsd: find() names none there).
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd >= 0)
        ::fcntl(fd, F_SETFD, FD_CLOEXEC);
#endif
    if (fd < 0 || ::bind(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0
        || ::chmod(path.constData(), S_IRUSR | S_IWUSR) != 0 || ::listen(fd, 1) != 0) {
        *error = tr("Cannot make the socket %1 for virtiofsd: %2")
                     .arg(nativePath(socketPath), QString::fromLocal8Bit(std::strerror(errno)));
        if (fd >= 0)
            ::close(fd);
        QFile::remove(socketPath);
        return false;
    }
    arguments << QStringLiteral("--fd=%1").arg(fd) << QStringLiteral("-o")
              << QStringLiteral("source=") + optionValue(folder);
    qint64 pid = 0;
    const bool started
        = DetachedProcess::start(launcher, arguments, QFileInfo(logPath).absolutePath(), logPath, &pid, error, fd);
    ::close(fd);
    if (!started) {
        QFile::remove(socketPath);
        return false;
    }
    if (!writeFileAtomic(
            pidPath, QByteArray::number(pid) + ' ' + startTime(pid) + '\n', privateFilePermissions, error, false)) {
        DetachedProcess::killHard(pid);
        QFile::remove(socketPath);
        return false;
    }
    return true;
}

void Virtiofsd::stop(const QString &pidPath, const QString &socketPath)
{
    if (const qint64 pid = runningPid(pidPath)) {
        DetachedProcess::killHard(pid);
        DetachedProcess::waitForExit(pid, 10000);
    }
    QFile::remove(pidPath);
    QFile::remove(socketPath);
}

bool Virtiofsd::isRunning(const QString &pidPath, const QString &logPath, QString *lastWords)
{
    if (runningPid(pidPath) > 0)
        return true;
    *lastWords = lastLineOfFile(logPath);
    return false;
}

} // namespace berth
