#include "process/commandrunner.h"
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
#include <utility>

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

bool Virtiofsd::available()
{
#if defined(Q_OS_LINUX)
    return true;
#else
    return false;
#endif
}

QString Virtiofsd::find(const QString &explicitPath)
{
#if defined(Q_OS_LINUX)
    if (!explicitPath.isEmpty())
        return CommandRunner::findProgram(QString(), { explicitPath });
    // One on the PATH first: one the user put there (a newer one) is meant to be used.
    const QString onPath = QStandardPaths::findExecutable(QStringLiteral("virtiofsd"));
    if (!onPath.isEmpty())
        return onPath;
    for (const QString &path : { QStringLiteral("/usr/libexec/virtiofsd"), QStringLiteral("/usr/lib/virtiofsd"),
             QStringLiteral("/usr/lib/qemu/virtiofsd") }) {
        if (QFileInfo(path).isFile() && QFileInfo(path).isExecutable())
            return path;
    }
    return {};
#else
    // QEMU for macOS has no vhost-user-fs device.
    Q_UNUSED(explicitPath)
    return {};
#endif
}

Virtiofsd::Program Virtiofsd::inspect(const QString &path)
{
    Program program { path };
    if (path.isEmpty())
        return program;
    // Both print their options with --help and exit 0; QEMU 7's names the folder "-o source=PATH".
    const CommandOutput help = CommandRunner::run(path, { QStringLiteral("--help") }, 15000);
    const QByteArray text = help.standardOutput + help.standardError;
    program.rust = text.contains("--shared-dir");
    program.translatesIds = program.rust && text.contains("--translate-uid");
    return program;
}

bool Virtiofsd::actsAsEveryGuestUser(const Program &program)
{
    return ::geteuid() == 0 || program.translatesIds;
}

bool Virtiofsd::start(const Program &program, const QString &folder, const QString &socketPath, const QString &logPath,
    const QString &pidPath, QString *error)
{
    QString launcher = program.path;
    QStringList arguments;
    if (!actsAsEveryGuestUser(program)) {
        // virtiofsd needs root's capabilities: a user namespace gives them over this user's own files.
        launcher = QStandardPaths::findExecutable(QStringLiteral("unshare"));
        if (launcher.isEmpty()) {
            *error = tr("Cannot start virtiofsd for the shared folder: util-linux's unshare is not on the PATH.");
            return false;
        }
        arguments << QStringLiteral("--user") << QStringLiteral("--map-root-user") << QStringLiteral("--")
                  << program.path;
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
    arguments << QStringLiteral("--fd=%1").arg(fd);
    if (!program.rust) {
        arguments << QStringLiteral("-o") << QStringLiteral("source=") + optionValue(folder);
    } else {
        arguments << QStringLiteral("--shared-dir=") + folder;
        if (::geteuid() != 0 && program.translatesIds) {
            // Not root, it makes a user namespace of its own where only this user's ids are (its sandbox): every
            // user and group of the VM is this user and this user's group here, and this user's files keep their
            // ids in the VM, as through 9p.
            for (const auto &[option, id] :
                { std::pair { "--translate-uid=", ::getuid() }, std::pair { "--translate-gid=", ::getgid() } })
                arguments << QLatin1String(option) + QStringLiteral("squash-guest:0:%1:4294967295").arg(id);
        }
    }
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
