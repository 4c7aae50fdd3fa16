// berth::ssh::Session against a real OpenSSH server started by the test on 127.0.0.1.
#include "ssh/externalclient.h"
#include "ssh/sshsession.h"
#include "support/eventually.h"
#include "support/testsupport.h"
#include "testconfig.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <poll.h>
#include <pty.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

using namespace berth::ssh;

namespace {

// The first bytes a server sends on port (an SSH server's banner), read through whatever forwards it.
QByteArray greetingOn(int port)
{
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(port));
    QByteArray data;
    if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0) {
        QElapsedTimer timer;
        timer.start();
        while (!data.contains('\n') && timer.elapsed() < 10000) {
            pollfd readable { fd, POLLIN, 0 };
            if (poll(&readable, 1, 500) <= 0)
                continue;
            char buffer[256];
            const ssize_t n = read(fd, buffer, sizeof buffer);
            if (n <= 0)
                break;
            data.append(buffer, n);
        }
    }
    close(fd);
    return data;
}

int freePort()
{
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    if (bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0
        || getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) != 0) {
        close(fd);
        return -1;
    }
    close(fd);
    return ntohs(address.sin_port);
}

bool portAccepts(int port)
{
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(port));
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0;
    close(fd);
    return ok;
}

// Runs a tool and returns its standard output; an empty result means it failed.
QByteArray tool(const QString &program, const QStringList &arguments)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        qWarning() << program << arguments << "failed:" << process.readAllStandardError();
        return {};
    }
    return process.readAllStandardOutput();
}

bool sshKeygen(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral("ssh-keygen"), arguments);
    return process.waitForFinished(60000) && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
}

// "256 SHA256:abc... comment (ED25519)" -> "SHA256:abc..."
QString fingerprintOf(const QString &publicKeyPath)
{
    const QByteArray line = tool(QStringLiteral("ssh-keygen"), { QStringLiteral("-lf"), publicKeyPath }).trimmed();
    const QList<QByteArray> fields = line.split(' ');
    return fields.size() > 1 ? QString::fromLatin1(fields.at(1)) : QString();
}

// "type base64" without the comment.
QByteArray keyBody(const QByteArray &line)
{
    const QList<QByteArray> fields = line.trimmed().split(' ');
    return fields.size() >= 2 ? fields.at(0) + ' ' + fields.at(1) : QByteArray();
}

uint modeOf(const QString &path)
{
    struct stat info { };
    if (stat(QFile::encodeName(path).constData(), &info) != 0)
        return 0xffffffff;
    return info.st_mode & 07777;
}

QByteArray randomBytes(qsizetype size)
{
    QByteArray data(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        data[i] = static_cast<char>(QRandomGenerator::global()->bounded(256));
    return data;
}

bool writeLocal(const QString &path, const QByteArray &data, uint mode)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(data) != data.size())
        return false;
    file.close();
    return chmod(QFile::encodeName(path).constData(), mode) == 0;
}

QByteArray readLocal(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<unreadable>");
}

// Every entry under root: relative path -> mode and content (folders: mode only).
QMap<QString, QPair<uint, QByteArray>> treeOf(const QString &root)
{
    QMap<QString, QPair<uint, QByteArray>> tree;
    QDirIterator it(
        root, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QFileInfo info(path);
        tree.insert(QDir(root).relativeFilePath(path),
            qMakePair(modeOf(path), info.isDir() ? QByteArray("<dir>") : readLocal(path)));
    }
    return tree;
}

struct ChildResult {
    int exitCode = -1;
    QByteArray output;
    QByteArray errorOutput;
};

// Reads the child's stdout/stderr pipes (or a PTY master, as stdout) until both end, then reaps it.
ChildResult collectChild(pid_t pid, int outFd, int errFd, int timeoutMs)
{
    ChildResult result;
    QElapsedTimer timer;
    timer.start();
    char buffer[65536];
    while ((outFd >= 0 || errFd >= 0) && timer.elapsed() < timeoutMs) {
        pollfd fds[2] = { { outFd, POLLIN, 0 }, { errFd, POLLIN, 0 } };
        if (poll(fds, 2, 200) <= 0)
            continue;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
            if (n > 0) {
                (i == 0 ? result.output : result.errorOutput).append(buffer, n);
            } else {
                close(fds[i].fd);
                (i == 0 ? outFd : errFd) = -1;
            }
        }
    }
    int status = 0;
    if (outFd >= 0 || errFd >= 0) {
        kill(pid, SIGKILL);
        if (outFd >= 0)
            close(outFd);
        if (errFd >= 0)
            close(errFd);
    }
    waitpid(pid, &status, 0);
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

} // namespace

class TestSsh : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void hostKeyPinnedOnFirstContact();
    void runCollectsOutputErrorAndExitCode();
    void runPassesStandardInput();
    void runReadsLargeOutputWhole();
    void runOutlivesConnectTimeout();
    void runNeedsConnection();
    void shellQuoteSurvivesTheShell();
    void writeFileSetsContentAndMode();
    void uploadAndDownloadFile();
    void uploadAndDownloadTree();
    void directoryNeedsRecursive();
    void wrongKeyRefused();
    void missingKeyFileNamed();
    void passphraseKeyRefusedWithoutPrompt();
    void closedPortFailsFast();
    void unreachableAddressTimesOut();
    void silentPortTimesOut();
    void generateKeyPairIsPrivateAndRefusesOverwrite();
    void publicKeyFromPrivateMatchesSshKeygen();
    void interactiveWithoutTerminalPumpsStdin();
    void interactiveWithTerminalGetsPty();
    void changedHostKeyRefused();

    // `berth ssh` as a user runs it, with the system's OpenSSH client and with --native-ssh.
    void cliDropsDoubleDashAndKeepsExitCode_data();
    void cliDropsDoubleDashAndKeepsExitCode();
    void cliCompressionOption_data();
    void cliCompressionOption();
    void cliForwardWithoutCommand_data();
    void cliForwardWithoutCommand();
    void cliLocalForwardWhileCommandRuns_data();
    void cliLocalForwardWhileCommandRuns();
    void cliChangedHostKeyRefused_data();
    void cliChangedHostKeyRefused();
    void cliNativeRefusesOptionsItLacks();
    void openSshChecksHostKeyStrictly();
    void cliScpMachineToMachine();

private:
    QString makeMachine();
    berth::test::ProcessResult berthSsh(
        bool native, const QString &machine, const QStringList &args, int timeoutMs = 60000);
    QStringList berthArguments(bool native, const QString &machine, const QStringList &args) const;
    bool startUntilPortAccepts(
        QProcess *berth, bool native, const QString &machine, const QStringList &args, int port) const;
    bool startSshd(const QString &hostKey);
    void stopSshd();
    Target target(const QString &key = {}) const;
    QString path(const QString &relative) const { return m_dir.filePath(relative); }
    // OpenSSH expands %-tokens in key and known_hosts paths and splits -o values at spaces: the store's
    // path has a %, a space and a comma, so a client given them unescaped fails.
    static QString storeName() { return QStringLiteral("st%ore x,y"); }
    ChildResult forkInteractive(const QString &command, const QByteArray &input);

    QTemporaryDir m_dir;
    QProcess m_sshd;
    int m_port = -1;
    QString m_user;
    QString m_hostKey;
    QString m_clientKey;
    QString m_knownHosts;
    int m_machines = 0;
};

bool TestSsh::startSshd(const QString &hostKey)
{
    QFile config(path(QStringLiteral("sshd_config")));
    if (!config.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    QByteArray text;
    text += "Port " + QByteArray::number(m_port) + '\n';
    text += "ListenAddress 127.0.0.1\n";
    text += "HostKey " + QFile::encodeName(hostKey) + '\n';
    text += "PidFile " + QFile::encodeName(path(QStringLiteral("sshd.pid"))) + '\n';
    text += "AuthorizedKeysFile " + QFile::encodeName(path(QStringLiteral("authorized_keys"))) + '\n';
    text += "StrictModes no\nUsePAM no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n";
    text += "Subsystem sftp internal-sftp\n";
    if (geteuid() == 0)
        text += "PermitRootLogin prohibit-password\n";
    config.write(text);
    config.close();

    QDir().mkpath(QStringLiteral("/run/sshd"));
    m_sshd.start(QStringLiteral("/usr/sbin/sshd"),
        { QStringLiteral("-D"), QStringLiteral("-e"), QStringLiteral("-f"), config.fileName() });
    if (!m_sshd.waitForStarted(5000))
        return false;
    for (int i = 0; i < 100; ++i) {
        if (m_sshd.state() != QProcess::Running) {
            qWarning() << "sshd exited:" << m_sshd.readAllStandardError();
            return false;
        }
        if (portAccepts(m_port))
            return true;
        QThread::msleep(50);
    }
    return false;
}

void TestSsh::stopSshd()
{
    if (m_sshd.state() == QProcess::NotRunning)
        return;
    m_sshd.terminate();
    if (!m_sshd.waitForFinished(5000)) {
        m_sshd.kill();
        m_sshd.waitForFinished(5000);
    }
}

Target TestSsh::target(const QString &key) const
{
    Target t;
    t.host = QStringLiteral("127.0.0.1");
    t.port = m_port;
    t.user = m_user;
    t.privateKeyPath = key.isEmpty() ? m_clientKey : key;
    t.knownHostsPath = m_knownHosts;
    t.connectTimeoutSeconds = 5;
    return t;
}

void TestSsh::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(QFileInfo::exists(QStringLiteral("/usr/sbin/sshd")), "needs openssh-server");
    const passwd *account = getpwuid(geteuid());
    QVERIFY(account);
    m_user = QString::fromLocal8Bit(account->pw_name);
    m_port = freePort();
    QVERIFY(m_port > 0);
    m_hostKey = path(QStringLiteral("host_ed25519"));
    m_clientKey = path(QStringLiteral("client_rsa"));
    m_knownHosts = path(QStringLiteral("known_hosts"));
    QVERIFY(sshKeygen({ QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"), QStringLiteral("-N"),
        QString(), QStringLiteral("-f"), m_hostKey }));
    QVERIFY(sshKeygen({ QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("rsa"), QStringLiteral("-b"),
        QStringLiteral("2048"), QStringLiteral("-m"), QStringLiteral("PEM"), QStringLiteral("-N"), QString(),
        QStringLiteral("-f"), m_clientKey }));
    QVERIFY(writeLocal(path(QStringLiteral("authorized_keys")), readLocal(m_clientKey + QStringLiteral(".pub")), 0600));
    QVERIFY2(startSshd(m_hostKey), m_sshd.readAllStandardError().constData());
}

void TestSsh::cleanupTestCase()
{
    stopSshd();
}

void TestSsh::hostKeyPinnedOnFirstContact()
{
    Target t = target();
    t.knownHostsPath = path(QStringLiteral("pin/deeper/known_hosts"));
    QVERIFY(!QFileInfo::exists(t.knownHostsPath));
    Session session;
    QString error;
    QVERIFY2(session.connect(t, &error), qPrintable(error));
    QVERIFY(session.isConnected());
    QCOMPARE(session.hostKeyFingerprint(), fingerprintOf(m_hostKey + QStringLiteral(".pub")));
    const QByteArray pinned = readLocal(t.knownHostsPath);
    QVERIFY2(pinned.startsWith(QByteArray("[127.0.0.1]:" + QByteArray::number(m_port) + " ssh-ed25519 ")),
        pinned.constData());
    QCOMPARE(pinned.count('\n'), 1);
    session.disconnect();
    QVERIFY(!session.isConnected());

    // Second contact: the pinned key matches, nothing is added.
    QVERIFY2(session.connect(t, &error), qPrintable(error));
    QCOMPARE(readLocal(t.knownHostsPath), pinned);
}

void TestSsh::runCollectsOutputErrorAndExitCode()
{
    Session session;
    QString error;
    QVERIFY2(session.connect(target(), &error), qPrintable(error));
    CommandResult result;
    QVERIFY2(session.run(QStringLiteral("echo hello; echo err >&2; exit 3"), &result, &error), qPrintable(error));
    QCOMPARE(result.standardOutput, QByteArray("hello\n"));
    QCOMPARE(result.standardError, QByteArray("err\n"));
    QCOMPARE(result.exitCode, 3);

    // The session stays usable for more commands.
    QVERIFY2(session.run(QStringLiteral("true"), &result, &error), qPrintable(error));
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.standardOutput.isEmpty());
}

void TestSsh::runPassesStandardInput()
{
    Session session;
    QString error;
    QVERIFY2(session.connect(target(), &error), qPrintable(error));
    CommandResult result;
    QVERIFY2(session.run(QStringLiteral("cat"), &result, &error, "line one\nline two\n"), qPrintable(error));
    QCOMPARE(result.standardOutput, QByteArray("line one\nline two\n"));
    QCOMPARE(result.exitCode, 0);

    // More than any SSH window, echoed back while it is still being sent: no deadlock.
    const QByteArray big = randomBytes(3 * 1024 * 1024 + 17);
    QVERIFY2(session.run(QStringLiteral("cat"), &result, &error, big), qPrintable(error));
    QCOMPARE(result.standardOutput.size(), big.size());
    QVERIFY(result.standardOutput == big);
}

void TestSsh::runReadsLargeOutputWhole()
{
    Session session;
    QString error;
    QVERIFY2(session.connect(target(), &error), qPrintable(error));
    CommandResult result;
    // 5 MB on stdout and 3 MB on stderr at the same time.
    QVERIFY2(session.run(
                 QStringLiteral("(yes err | head -c 3000000 >&2) & yes out | head -c 5242880; wait"), &result, &error),
        qPrintable(error));
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.standardOutput.size(), qsizetype(5242880));
    QCOMPARE(result.standardError.size(), qsizetype(3000000));
    QByteArray expected;
    while (expected.size() < 5242880)
        expected += "out\n";
    expected.truncate(5242880);
    QVERIFY(result.standardOutput == expected);
    QVERIFY(result.standardError.startsWith("err\nerr\n"));
}

void TestSsh::runOutlivesConnectTimeout()
{
    Target t = target();
    t.connectTimeoutSeconds = 1;
    Session session;
    QString error;
    QVERIFY2(session.connect(t, &error), qPrintable(error));
    CommandResult result;
    // The connect timeout bounds connecting, not a silent command.
    QVERIFY2(session.run(QStringLiteral("sleep 3; echo done"), &result, &error), qPrintable(error));
    QCOMPARE(result.standardOutput, QByteArray("done\n"));
    QCOMPARE(result.exitCode, 0);
}

void TestSsh::runNeedsConnection()
{
    Session session;
    CommandResult result;
    QString error;
    QVERIFY(!session.run(QStringLiteral("true"), &result, &error));
    QVERIFY(!error.isEmpty());
    QCOMPARE(session.interactive(QStringLiteral("true"), &error), -1);
    QVERIFY(!session.upload(m_clientKey, QStringLiteral("/tmp/x"), false, &error));
}

void TestSsh::shellQuoteSurvivesTheShell()
{
    QCOMPARE(shellQuote(QStringLiteral("it's")), QStringLiteral("'it'\\''s'"));
    QCOMPARE(shellQuote(QString()), QStringLiteral("''"));
    Session session;
    QString error;
    QVERIFY2(session.connect(target(), &error), qPrintable(error));
    const QString nasty = QStringLiteral("it's a \"test\" $HOME `id` \\ ; | & * ?\n\tend 'q'");
    CommandResult result;
    QVERIFY2(session.run(QStringLiteral("printf %s ") + shellQuote(nasty), &result, &error), qPrintable(error));
    QCOMPARE(QString::fromUtf8(result.standardOutput), nasty);
}

void TestSsh::writeFileSetsContentAndMode()
{
    Session session;
    QString error;
    QVERIFY2(session.connect(target(), &error), qPrintable(error));
    const QString folder = path(QStringLiteral("remote/write dir"));
    QVERIFY(QDir().mkpath(folder));
    const QString file = folder + QStringLiteral("/it's.conf");
    QByteArray data("first\n");
    data += randomBytes(100000);
    data += QByteArray(3, '\0');
    QVERIFY2(session.writeFile(file, data, 0640, &error), qPrintable(error));
    QVERIFY(readLocal(file) == data);
    QCOMPARE(modeOf(file), 0640u);

    // Overwriting replaces content and mode, and leaves no temporary file behind.
    QVERIFY2(session.writeFile(file, "second\n", 0600, &error), qPrintable(error));
    QCOMPARE(readLocal(file), QByteArray("second\n"));
    QCOMPARE(modeOf(file), 0600u);
    QCOMPARE(QDir(folder).entryList(QDir::Files), QStringList { QStringLiteral("it's.conf") });

    QVERIFY2(session.writeFile(folder + QStringLiteral("/empty"), QByteArray(), 0755, &error), qPrintable(error));
    QCOMPARE(readLocal(folder + QStringLiteral("/empty")), QByteArray());
    QCOMPARE(modeOf(folder + QStringLiteral("/empty")), 0755u);

    QVERIFY(!session.writeFile(QStringLiteral("/nonexistent-berth/folder/file"), "x", 0644, &error));
    QVERIFY2(error.contains(QLatin1String("/nonexistent-berth/folder/file")), qPrintable(error));
    // The session survives a failed write.
    QVERIFY(session.isConnected());
}

void TestSsh::uploadAndDownloadFile()
{
    Session session;
    QString error;
    QVERIFY2(session.connect(target(), &error), qPrintable(error));
    const QByteArray data = randomBytes(1024 * 1024 + 123);
    const QString local = path(QStringLiteral("local/source.bin"));
    QVERIFY(writeLocal(local, data, 0751));
    const QString remoteFolder = path(QStringLiteral("remote/files"));
    QVERIFY(QDir().mkpath(remoteFolder));

    const QString remote = remoteFolder + QStringLiteral("/uploaded.bin");
    QVERIFY2(session.upload(local, remote, false, &error), qPrintable(error));
    QVERIFY(readLocal(remote) == data);
    QCOMPARE(modeOf(remote), 0751u);

    // Onto an existing folder, the copy goes inside it (as scp does).
    QVERIFY2(session.upload(local, remoteFolder, false, &error), qPrintable(error));
    QVERIFY(readLocal(remoteFolder + QStringLiteral("/source.bin")) == data);

    // Overwriting an existing file also takes the new mode.
    QVERIFY(chmod(QFile::encodeName(remote).constData(), 0600) == 0);
    QVERIFY2(session.upload(local, remote, false, &error), qPrintable(error));
    QCOMPARE(modeOf(remote), 0751u);

    const QString back = path(QStringLiteral("local/back.bin"));
    QVERIFY2(session.download(remote, back, false, &error), qPrintable(error));
    QVERIFY(readLocal(back) == data);
    QCOMPARE(modeOf(back), 0751u);

    const QString into = path(QStringLiteral("local/into"));
    QVERIFY(QDir().mkpath(into));
    QVERIFY2(session.download(remote, into, false, &error), qPrintable(error));
    QVERIFY(readLocal(into + QStringLiteral("/uploaded.bin")) == data);

    QVERIFY(!session.download(remoteFolder + QStringLiteral("/missing"), back, false, &error));
    QVERIFY2(
        error.contains(QLatin1String("missing")) && error.contains(QLatin1String("no such file")), qPrintable(error));
}

void TestSsh::uploadAndDownloadTree()
{
    Session session;
    QString error;
    QVERIFY2(session.connect(target(), &error), qPrintable(error));
    const QString source = path(QStringLiteral("tree/src"));
    QVERIFY(writeLocal(source + QStringLiteral("/a.txt"), "alpha\n", 0644));
    QVERIFY(writeLocal(source + QStringLiteral("/.hidden"), "hidden\n", 0640));
    QVERIFY(writeLocal(source + QStringLiteral("/sub/b.bin"), randomBytes(300000), 0600));
    QVERIFY(writeLocal(source + QStringLiteral("/sub/deeper/c.sh"), "#!/bin/sh\necho c\n", 0755));
    QVERIFY(writeLocal(source + QStringLiteral("/sub/deeper/empty"), QByteArray(), 0644));
    QVERIFY(QDir().mkpath(source + QStringLiteral("/empty-folder")));
    QVERIFY(chmod(QFile::encodeName(source + QStringLiteral("/sub")).constData(), 0750) == 0);
    const auto expected = treeOf(source);
    QCOMPARE(expected.size(), 8);

    // A new remote path becomes the copy.
    const QString remote = path(QStringLiteral("remote/tree-copy"));
    QVERIFY2(session.upload(source, remote, true, &error), qPrintable(error));
    QCOMPARE(treeOf(remote), expected);
    QCOMPARE(modeOf(remote), modeOf(source));

    // An existing remote folder receives the copy inside it.
    const QString remoteParent = path(QStringLiteral("remote/tree-parent"));
    QVERIFY(QDir().mkpath(remoteParent));
    QVERIFY2(session.upload(source, remoteParent, true, &error), qPrintable(error));
    QCOMPARE(treeOf(remoteParent + QStringLiteral("/src")), expected);

    const QString back = path(QStringLiteral("tree/back"));
    QVERIFY2(session.download(remote, back, true, &error), qPrintable(error));
    QCOMPARE(treeOf(back), expected);

    const QString backParent = path(QStringLiteral("tree/back-parent"));
    QVERIFY(QDir().mkpath(backParent));
    QVERIFY2(session.download(remote, backParent, true, &error), qPrintable(error));
    QCOMPARE(treeOf(backParent + QStringLiteral("/tree-copy")), expected);
}

void TestSsh::directoryNeedsRecursive()
{
    Session session;
    QString error;
    QVERIFY2(session.connect(target(), &error), qPrintable(error));
    const QString folder = path(QStringLiteral("norecurse"));
    QVERIFY(writeLocal(folder + QStringLiteral("/f"), "f", 0644));
    QVERIFY(!session.upload(folder, path(QStringLiteral("remote/norecurse")), false, &error));
    QCOMPARE(error, QStringLiteral("%1 is a directory (use -r).").arg(folder));
    QVERIFY(!QFileInfo::exists(path(QStringLiteral("remote/norecurse"))));
    QVERIFY(!session.download(folder, path(QStringLiteral("norecurse-back")), false, &error));
    QCOMPARE(error, QStringLiteral("%1 is a directory (use -r).").arg(folder));
    QVERIFY(!QFileInfo::exists(path(QStringLiteral("norecurse-back"))));
}

void TestSsh::wrongKeyRefused()
{
    const QString otherKey = path(QStringLiteral("other_ed25519"));
    QVERIFY(sshKeygen({ QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"), QStringLiteral("-N"),
        QString(), QStringLiteral("-f"), otherKey }));
    Session session;
    QString error;
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!session.connect(target(otherKey), &error));
    QVERIFY(timer.elapsed() < 5000);
    QVERIFY(!session.isConnected());
    QCOMPARE(error,
        QStringLiteral("The host refused the SSH key %1 for user %2. Check that its public key is in "
                       "~%2/.ssh/authorized_keys on the host.")
            .arg(otherKey, m_user));
}

void TestSsh::missingKeyFileNamed()
{
    Target t = target(path(QStringLiteral("no-such-key")));
    t.knownHostsPath = path(QStringLiteral("missing-key/known_hosts"));
    Session session;
    QString error;
    QVERIFY(!session.connect(t, &error));
    QVERIFY2(error.contains(t.privateKeyPath) && error.contains(QLatin1String("does not exist")), qPrintable(error));
    // Refused before any contact: nothing was pinned.
    QVERIFY(!QFileInfo::exists(t.knownHostsPath));

    // A file that is no key at all.
    QVERIFY(writeLocal(path(QStringLiteral("not-a-key")), "hello\n", 0600));
    QVERIFY(!session.connect(target(path(QStringLiteral("not-a-key"))), &error));
    QVERIFY2(
        error.contains(path(QStringLiteral("not-a-key"))) && error.contains(QLatin1String("not a private SSH key")),
        qPrintable(error));
}

void TestSsh::passphraseKeyRefusedWithoutPrompt()
{
    for (const QString &format : { QStringLiteral("PEM"), QStringLiteral("RFC4716") }) {
        const QString key = path(QStringLiteral("locked_") + format);
        QVERIFY(sshKeygen({ QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("rsa"), QStringLiteral("-b"),
            QStringLiteral("2048"), QStringLiteral("-m"), format, QStringLiteral("-N"), QStringLiteral("secret"),
            QStringLiteral("-f"), key }));
        Session session;
        QString error;
        QVERIFY(!session.connect(target(key), &error));
        QVERIFY2(error.contains(key) && error.contains(QLatin1String("passphrase")), qPrintable(error));
    }
}

void TestSsh::closedPortFailsFast()
{
    Target t = target();
    t.port = freePort();
    Session session;
    QString error;
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!session.connect(t, &error));
    QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
    const QString where = QStringLiteral("127.0.0.1:%1").arg(t.port);
    QCOMPARE(error,
        QStringLiteral("The connection to %1 was refused. Check the SSH port (%2) and that sshd runs on the host.")
            .arg(where)
            .arg(t.port));
}

void TestSsh::unreachableAddressTimesOut()
{
    // TEST-NET-1 (RFC 5737): normally nothing answers there and only the timeout ends the attempt. Where it is
    // routed to a gateway that refuses (some sandboxes), the failure must still be quick and name the address.
    Target t = target();
    t.host = QStringLiteral("192.0.2.1");
    t.port = 22;
    t.connectTimeoutSeconds = 2;
    t.knownHostsPath = path(QStringLiteral("unreachable/known_hosts"));
    Session session;
    QString error;
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!session.connect(t, &error));
    QVERIFY2(timer.elapsed() < 6000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY2(error.startsWith(QLatin1String("192.0.2.1:22 did not answer within 2 s."))
            || error.startsWith(QLatin1String("192.0.2.1:22 cannot be reached"))
            || error.startsWith(QLatin1String("The connection to 192.0.2.1:22 was refused.")),
        qPrintable(error));
    QVERIFY(!QFileInfo::exists(t.knownHostsPath));
    qInfo() << "after" << timer.elapsed() << "ms:" << error;
}

void TestSsh::silentPortTimesOut()
{
    // A port that takes the connection but never speaks SSH (a hung server, a proxy): only the timeout helps.
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    QVERIFY(bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0);
    QVERIFY(getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) == 0);
    QVERIFY(listen(fd, 4) == 0);
    Target t = target();
    t.port = ntohs(address.sin_port);
    t.connectTimeoutSeconds = 2;
    Session session;
    QString error;
    QElapsedTimer timer;
    timer.start();
    const bool connected = session.connect(t, &error);
    const qint64 elapsed = timer.elapsed();
    close(fd);
    QVERIFY(!connected);
    QVERIFY2(elapsed >= 1500 && elapsed < 6000, qPrintable(QString::number(elapsed)));
    QCOMPARE(error,
        QStringLiteral("127.0.0.1:%1 did not answer within 2 s. Check the address, that the host is running and "
                       "that no firewall blocks port %1.")
            .arg(t.port));
}

void TestSsh::generateKeyPairIsPrivateAndRefusesOverwrite()
{
    const QString key = path(QStringLiteral("generated/deeper/id_rsa"));
    const QString pub = key + QStringLiteral(".pub");
    QString error;
    QVERIFY2(generateKeyPair(key, &error), qPrintable(error));
    QCOMPARE(modeOf(key), 0600u);
    const QByteArray publicLine = readLocal(pub);
    QVERIFY2(publicLine.startsWith("ssh-rsa ") && publicLine.endsWith(" berth\n"), publicLine.constData());
    QCOMPARE(publicLine.count('\n'), 1);
    // OpenSSH reads the private key and derives the same public key.
    QCOMPARE(keyBody(tool(QStringLiteral("ssh-keygen"), { QStringLiteral("-y"), QStringLiteral("-f"), key })),
        keyBody(publicLine));
    QVERIFY(tool(QStringLiteral("ssh-keygen"), { QStringLiteral("-lf"), pub }).startsWith("2048 SHA256:"));

    // The new key signs in once its public half is authorized.
    QFile authorized(path(QStringLiteral("authorized_keys")));
    QVERIFY(authorized.open(QIODevice::Append));
    authorized.write(publicLine);
    authorized.close();
    Session session;
    QVERIFY2(session.connect(target(key), &error), qPrintable(error));

    const QByteArray privateBefore = readLocal(key);
    QVERIFY(!generateKeyPair(key, &error));
    QVERIFY2(error.contains(key) && error.contains(QLatin1String("already exists")), qPrintable(error));
    QVERIFY(readLocal(key) == privateBefore);
    QCOMPARE(readLocal(pub), publicLine);

    // A stray .pub alone also blocks, and the private key is not created.
    const QString other = path(QStringLiteral("generated/other"));
    QVERIFY(writeLocal(other + QStringLiteral(".pub"), "keep me\n", 0644));
    QVERIFY(!generateKeyPair(other, &error));
    QVERIFY2(error.contains(other + QStringLiteral(".pub")), qPrintable(error));
    QVERIFY(!QFileInfo::exists(other));
    QCOMPARE(readLocal(other + QStringLiteral(".pub")), QByteArray("keep me\n"));
}

void TestSsh::publicKeyFromPrivateMatchesSshKeygen()
{
    const QString ecdsa = path(QStringLiteral("pk_ecdsa"));
    const QString ed25519 = path(QStringLiteral("pk_ed25519"));
    QVERIFY(sshKeygen({ QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ecdsa"), QStringLiteral("-N"),
        QString(), QStringLiteral("-f"), ecdsa }));
    QVERIFY(sshKeygen({ QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"), QStringLiteral("-N"),
        QString(), QStringLiteral("-f"), ed25519 }));
    for (const QString &key : { m_clientKey, ecdsa, ed25519 }) {
        QByteArray line;
        QString error;
        QVERIFY2(publicKeyFromPrivate(key, &line, &error), qPrintable(error));
        QVERIFY(!line.contains('\n'));
        const QByteArray expected
            = keyBody(tool(QStringLiteral("ssh-keygen"), { QStringLiteral("-y"), QStringLiteral("-f"), key }));
        QVERIFY(!expected.isEmpty());
        QCOMPARE(keyBody(line), expected);
    }
    QByteArray line;
    QString error;
    QVERIFY(!publicKeyFromPrivate(path(QStringLiteral("no-such-key")), &line, &error));
    QVERIFY2(error.contains(path(QStringLiteral("no-such-key"))), qPrintable(error));
}

// Runs Session::interactive in a child whose stdin/stdout/stderr are pipes, as `echo x | berth ssh m cmd`.
ChildResult TestSsh::forkInteractive(const QString &command, const QByteArray &input)
{
    int in[2], out[2], err[2];
    if (pipe(in) != 0 || pipe(out) != 0 || pipe(err) != 0)
        return {};
    fflush(stdout);
    fflush(stderr);
    const Target t = target();
    const pid_t pid = fork();
    if (pid == 0) {
        dup2(in[0], STDIN_FILENO);
        dup2(out[1], STDOUT_FILENO);
        dup2(err[1], STDERR_FILENO);
        for (int fd : { in[0], in[1], out[0], out[1], err[0], err[1] })
            close(fd);
        Session session;
        QString error;
        if (!session.connect(t, &error)) {
            const QByteArray text = error.toUtf8();
            (void)!write(STDERR_FILENO, text.constData(), static_cast<size_t>(text.size()));
            _exit(100);
        }
        const int code = session.interactive(command, &error);
        _exit(code < 0 ? 101 : code);
    }
    close(in[0]);
    close(out[1]);
    close(err[1]);
    // Feed stdin from a thread so a large input cannot block against the child's output.
    const int inFd = in[1];
    QThread *feeder = QThread::create([inFd, input] {
        qsizetype done = 0;
        while (done < input.size()) {
            const ssize_t n = write(inFd, input.constData() + done, static_cast<size_t>(input.size() - done));
            if (n <= 0)
                break;
            done += n;
        }
        close(inFd);
    });
    feeder->start();
    ChildResult result = collectChild(pid, out[0], err[0], 30000);
    feeder->wait();
    delete feeder;
    return result;
}

void TestSsh::interactiveWithoutTerminalPumpsStdin()
{
    const QByteArray input = randomBytes(2 * 1024 * 1024 + 5);
    ChildResult result = forkInteractive(QStringLiteral("cat; echo to-err >&2; exit 4"), input);
    QCOMPARE(result.exitCode, 4);
    QCOMPARE(result.errorOutput, QByteArray("to-err\n"));
    QCOMPARE(result.output.size(), input.size());
    QVERIFY(result.output == input);

    // No command: a shell reads its commands from stdin.
    result = forkInteractive(QString(), "echo from-shell; test -t 0 || echo no-tty; exit 6\n");
    QCOMPARE(result.exitCode, 6);
    QCOMPARE(result.output, QByteArray("from-shell\nno-tty\n"));

    // Empty stdin: the command sees EOF at once.
    result = forkInteractive(QStringLiteral("wc -c"), QByteArray());
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.output.trimmed(), QByteArray("0"));
}

void TestSsh::interactiveWithTerminalGetsPty()
{
    winsize size {};
    size.ws_col = 100;
    size.ws_row = 30;
    int master = -1;
    fflush(stdout);
    fflush(stderr);
    const Target t = target();
    const pid_t pid = forkpty(&master, nullptr, nullptr, &size);
    QVERIFY(pid >= 0);
    if (pid == 0) {
        termios before {};
        tcgetattr(STDIN_FILENO, &before);
        Session session;
        QString error;
        if (!session.connect(t, &error))
            _exit(100);
        const int code = session.interactive(
            QStringLiteral("test -t 0 && echo IS-TTY; stty size; echo TERM=$TERM; cat; exit 5"), &error);
        termios after {};
        tcgetattr(STDIN_FILENO, &after);
        // The caller's terminal must come back exactly as it was.
        if (before.c_lflag != after.c_lflag || before.c_iflag != after.c_iflag || before.c_oflag != after.c_oflag)
            _exit(102);
        _exit(code < 0 ? 101 : code);
    }

    QByteArray output;
    QElapsedTimer timer;
    timer.start();
    auto readUntil = [&](const QByteArray &marker) {
        while (!output.contains(marker) && timer.elapsed() < 20000) {
            pollfd fd { master, POLLIN, 0 };
            if (poll(&fd, 1, 200) <= 0)
                continue;
            char buffer[4096];
            const ssize_t n = read(master, buffer, sizeof buffer);
            if (n <= 0)
                return false;
            output.append(buffer, n);
        }
        return output.contains(marker);
    };
    const QByteArray term = qEnvironmentVariableIsEmpty("TERM") ? QByteArray("xterm") : qgetenv("TERM");
    QVERIFY2(readUntil(QByteArray("TERM=" + term + "\r\n")), output.constData());
    QVERIFY2(output.contains("IS-TTY\r\n30 100\r\n"), output.constData());
    // Seen once: the remote PTY echoes, the local terminal (raw) does not.
    QVERIFY(write(master, "typed-line\n", 11) == 11);
    QVERIFY2(readUntil("typed-line\r\ntyped-line\r\n"), output.constData());
    QCOMPARE(output.count("typed-line"), 2);
    // Ctrl-D travels raw to the remote PTY, which gives cat its EOF.
    QVERIFY(write(master, "\x04", 1) == 1);
    readUntil("never-printed");
    int status = 0;
    QCOMPARE(waitpid(pid, &status, 0), pid);
    close(master);
    QVERIFY(WIFEXITED(status));
    QCOMPARE(WEXITSTATUS(status), 5);
}

void TestSsh::changedHostKeyRefused()
{
    Target t = target();
    t.knownHostsPath = path(QStringLiteral("changed/known_hosts"));
    Session session;
    QString error;
    QVERIFY2(session.connect(t, &error), qPrintable(error));
    session.disconnect();
    const QByteArray pinned = readLocal(t.knownHostsPath);
    const QString where = QStringLiteral("127.0.0.1:%1").arg(m_port);

    // Same key type, new key (CHANGED), then a key of another type (OTHER): both refused the same way.
    const QList<QPair<QString, QString>> newKeys = { { QStringLiteral("host_ed25519_new"), QStringLiteral("ed25519") },
        { QStringLiteral("host_rsa_new"), QStringLiteral("rsa") } };
    for (const auto &[name, type] : newKeys) {
        const QString newKey = path(name);
        QVERIFY(sshKeygen({ QStringLiteral("-q"), QStringLiteral("-t"), type, QStringLiteral("-N"), QString(),
            QStringLiteral("-f"), newKey }));
        stopSshd();
        QVERIFY2(startSshd(newKey), m_sshd.readAllStandardError().constData());
        QElapsedTimer timer;
        timer.start();
        QVERIFY(!session.connect(t, &error));
        QVERIFY(timer.elapsed() < 5000);
        QVERIFY(!session.isConnected());
        const QString fingerprint = fingerprintOf(newKey + QStringLiteral(".pub"));
        QVERIFY(fingerprint.startsWith(QLatin1String("SHA256:")));
        QCOMPARE(error,
            QStringLiteral("The host key of %1 has changed: it is now %2, which is not the key recorded in %3. Someone "
                           "may be intercepting the connection, so Berth refuses it. If the host was really "
                           "reinstalled, delete %3 (or the line for %1 in it) and try again.")
                .arg(where, fingerprint, t.knownHostsPath));
        QCOMPARE(session.hostKeyFingerprint(), fingerprint);
        // The pin stays as it was.
        QCOMPARE(readLocal(t.knownHostsPath), pinned);
    }

    // Deleting the file, as the message says, accepts the new key.
    QVERIFY(QFile::remove(t.knownHostsPath));
    QVERIFY2(session.connect(t, &error), qPrintable(error));
    session.disconnect();

    stopSshd();
    QVERIFY2(startSshd(m_hostKey), m_sshd.readAllStandardError().constData());
}

// A generic machine in a store of its own whose host is the test's sshd; each call makes a new one,
// so the first `berth ssh` to it is a first contact (no pinned host key yet).
QString TestSsh::makeMachine()
{
    const QString name = QStringLiteral("m%1").arg(++m_machines);
    const QString store = path(storeName());
    const QString folder = store + QStringLiteral("/machines/") + name;
    QFile fixture(QStringLiteral(BERTH_TEST_DATA_DIR "/docker-machine-0.16/machines/box/config.json"));
    if (!QDir().mkpath(folder) || !fixture.open(QIODevice::ReadOnly))
        return {};
    QByteArray text = fixture.readAll();
    text.replace("/home/alice/.docker/machine/machines/box", QFile::encodeName(folder));
    text.replace("/home/alice/.docker/machine", QFile::encodeName(store));
    text.replace("\"box\"", QByteArray("\"" + name.toUtf8() + "\""));
    QJsonObject config = QJsonDocument::fromJson(text).object();
    QJsonObject driver = config.value(QLatin1String("Driver")).toObject();
    driver.insert(QLatin1String("IPAddress"), QStringLiteral("127.0.0.1"));
    driver.insert(QLatin1String("SSHPort"), m_port);
    driver.insert(QLatin1String("SSHUser"), m_user);
    driver.insert(QLatin1String("SSHKeyPath"), QString(folder + QStringLiteral("/id_rsa")));
    config.insert(QLatin1String("Driver"), driver);
    if (!writeLocal(folder + QStringLiteral("/config.json"), QJsonDocument(config).toJson(), 0600)
        || !writeLocal(folder + QStringLiteral("/id_rsa"), readLocal(m_clientKey), 0600))
        return {};
    return name;
}

QStringList TestSsh::berthArguments(bool native, const QString &machine, const QStringList &args) const
{
    QStringList all;
    if (native)
        all << QStringLiteral("--native-ssh");
    return all + QStringList { QStringLiteral("-s"), path(storeName()), QStringLiteral("ssh"), machine } + args;
}

berth::test::ProcessResult TestSsh::berthSsh(
    bool native, const QString &machine, const QStringList &args, int timeoutMs)
{
    return berth::test::runBerth(
        berthArguments(native, machine, args), QProcessEnvironment::systemEnvironment(), timeoutMs);
}

// Starts `berth ssh MACHINE ARGS` and waits until port accepts; false when berth ended first.
bool TestSsh::startUntilPortAccepts(
    QProcess *berth, bool native, const QString &machine, const QStringList &args, int port) const
{
    berth->start(QStringLiteral(BERTH_CLI_PATH), berthArguments(native, machine, args));
    if (!berth->waitForStarted(5000))
        return false;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 15000 && berth->state() == QProcess::Running) {
        if (portAccepts(port))
            return true;
        QThread::msleep(100);
    }
    return false;
}

// Each of a few connections to port gets an SSH server's greeting.
static bool greetsAsSshServer(int port)
{
    for (int i = 0; i < 3; ++i) {
        const QByteArray greeting = greetingOn(port);
        if (!greeting.startsWith("SSH-2.0-OpenSSH")) {
            qWarning() << "port" << port << "answered" << greeting;
            return false;
        }
    }
    return true;
}

static void addClients()
{
    QTest::addColumn<bool>("native");
    QTest::newRow("openssh") << false;
    QTest::newRow("native-ssh") << true;
}

void TestSsh::cliDropsDoubleDashAndKeepsExitCode_data()
{
    addClients();
}

// docker-machine: `ssh NAME -- ls -lah /` runs `ls -lah /`; the `--` never reaches the remote shell.
void TestSsh::cliDropsDoubleDashAndKeepsExitCode()
{
    QFETCH(bool, native);
    const QString machine = makeMachine();
    QVERIFY(!machine.isEmpty());
    auto r = berthSsh(
        native, machine, { QStringLiteral("--"), QStringLiteral("echo"), QStringLiteral("a"), QStringLiteral("-lah") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(r.standardOutput, QByteArray("a -lah\n"));
    r = berthSsh(
        native, machine, { QStringLiteral("--"), QStringLiteral("ls"), QStringLiteral("-d"), QStringLiteral("/") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(r.standardOutput, QByteArray("/\n"));
    // The remote command's exit code is berth's.
    r = berthSsh(native, machine, { QStringLiteral("--"), QStringLiteral("exit"), QStringLiteral("3") });
    QCOMPARE(r.exitCode, 3);
    r = berthSsh(native, machine, { QStringLiteral("exit 4") });
    QCOMPARE(r.exitCode, 4);
}

void TestSsh::cliCompressionOption_data()
{
    addClients();
}

void TestSsh::cliCompressionOption()
{
    QFETCH(bool, native);
    const QString machine = makeMachine();
    QVERIFY(!machine.isEmpty());
    const auto r = berthSsh(native, machine, { QStringLiteral("-C"), QStringLiteral("echo"), QStringLiteral("foo") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(r.standardOutput, QByteArray("foo\n"));
    QVERIFY2(!r.standardError.contains("-C"), qPrintable(r.describe()));
    // Clustered, as ssh takes them: -T (no terminal) with -C.
    const auto clustered = berthSsh(native, machine, { QStringLiteral("-TC"), QStringLiteral("echo bar") });
    QVERIFY2(clustered.exitCode == 0, qPrintable(clustered.describe()));
    QCOMPARE(clustered.standardOutput, QByteArray("bar\n"));
    // Any other option of ssh's reaches OpenSSH's client; the built-in one says it lacks it.
    const auto other = berthSsh(native, machine,
        { QStringLiteral("-o"), QStringLiteral("ServerAliveCountMax=2"), QStringLiteral("echo"),
            QStringLiteral("baz") });
    if (native) {
        QCOMPARE(other.exitCode, 1);
        QVERIFY2(other.standardError.contains("-o ServerAliveCountMax=2"), qPrintable(other.describe()));
    } else {
        QVERIFY2(other.exitCode == 0, qPrintable(other.describe()));
        QCOMPARE(other.standardOutput, QByteArray("baz\n"));
    }
}

void TestSsh::cliForwardWithoutCommand_data()
{
    QTest::addColumn<bool>("native");
    QTest::addColumn<QString>("option");
    QTest::newRow("openssh -L") << false << QStringLiteral("-L");
    QTest::newRow("native-ssh -L") << true << QStringLiteral("-L");
    QTest::newRow("openssh -R") << false << QStringLiteral("-R");
    QTest::newRow("native-ssh -R") << true << QStringLiteral("-R");
}

// Toolbox users: `docker-machine ssh default -L 8080:localhost:8080 -N`. Here the forwarded port
// leads to the host's own sshd, whose banner comes back through the tunnel; with -R the host
// listens and the connection comes back to this side first.
void TestSsh::cliForwardWithoutCommand()
{
    QFETCH(bool, native);
    QFETCH(QString, option);
    const QString machine = makeMachine();
    QVERIFY(!machine.isEmpty());
    const int port = freePort();
    QProcess berth;
    QVERIFY2(startUntilPortAccepts(&berth, native, machine,
                 { QStringLiteral("-N"), option, QStringLiteral("%1:127.0.0.1:%2").arg(port).arg(m_port) }, port),
        berth.readAllStandardError().constData());
    QVERIFY(greetsAsSshServer(port));
    // A whole SSH session through the forward, megabytes both ways: what goes in comes back whole.
    const QByteArray data = randomBytes(4 * 1024 * 1024 + 11);
    const auto through = berth::test::runProcess(QStringLiteral("ssh"),
        { QStringLiteral("-F"), QStringLiteral("/dev/null"), QStringLiteral("-o"),
            QStringLiteral("StrictHostKeyChecking=no"), QStringLiteral("-o"),
            QStringLiteral("UserKnownHostsFile=/dev/null"), QStringLiteral("-o"), QStringLiteral("LogLevel=ERROR"),
            QStringLiteral("-i"), m_clientKey, QStringLiteral("-p"), QString::number(port),
            m_user + QStringLiteral("@127.0.0.1"), QStringLiteral("cat") },
        QProcessEnvironment::systemEnvironment(), 60000, data);
    QVERIFY2(through.exitCode == 0, qPrintable(through.describe()));
    QCOMPARE(through.standardOutput.size(), data.size());
    QVERIFY(through.standardOutput == data);
    // -N: no command, so nothing ends it but being killed.
    QVERIFY(!berth.waitForFinished(2000));
    berth.terminate();
    QVERIFY(berth.waitForFinished(5000));
    BERTH_TRY_VERIFY(!portAccepts(port), 5000);
}

void TestSsh::cliLocalForwardWhileCommandRuns_data()
{
    addClients();
}

void TestSsh::cliLocalForwardWhileCommandRuns()
{
    QFETCH(bool, native);
    const QString machine = makeMachine();
    QVERIFY(!machine.isEmpty());
    const int local = freePort();
    QProcess berth;
    QVERIFY2(
        startUntilPortAccepts(&berth, native, machine,
            { QStringLiteral("-L"), QStringLiteral("%1:localhost:%2").arg(local).arg(m_port), QStringLiteral("sleep"),
                QStringLiteral("4"), QStringLiteral(";"), QStringLiteral("echo"), QStringLiteral("done") },
            local),
        berth.readAllStandardError().constData());
    QVERIFY(greetsAsSshServer(local));
    QVERIFY(berth.waitForFinished(15000));
    QCOMPARE(berth.exitCode(), 0);
    QCOMPARE(berth.readAllStandardOutput(), QByteArray("done\n"));
}

void TestSsh::cliChangedHostKeyRefused_data()
{
    addClients();
}

void TestSsh::cliChangedHostKeyRefused()
{
    QFETCH(bool, native);
    const QString machine = makeMachine();
    QVERIFY(!machine.isEmpty());
    // A pin made for another key of the same host and port, as after a man in the middle took over.
    const QString otherKey = path(QStringLiteral("pinned_other_%1").arg(machine));
    QVERIFY(sshKeygen({ QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"), QStringLiteral("-N"),
        QString(), QStringLiteral("-f"), otherKey }));
    const QString knownHosts = path(storeName() + QStringLiteral("/machines/%1/known_hosts").arg(machine));
    QVERIFY(writeLocal(knownHosts,
        "[127.0.0.1]:" + QByteArray::number(m_port) + ' ' + keyBody(readLocal(otherKey + QStringLiteral(".pub")))
            + '\n',
        0600));
    const QByteArray pinned = readLocal(knownHosts);
    const auto r = berthSsh(native, machine, { QStringLiteral("echo"), QStringLiteral("reached") });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(!r.standardOutput.contains("reached"), qPrintable(r.describe()));
    // Berth's own message with either client: the file to look at and the new fingerprint.
    QVERIFY2(r.standardError.contains("has changed") && r.standardError.contains(knownHosts.toUtf8())
            && r.standardError.contains(fingerprintOf(m_hostKey + QStringLiteral(".pub")).toUtf8()),
        qPrintable(r.describe()));
    QCOMPARE(readLocal(knownHosts), pinned);
}

// OpenSSH on its own, with the arguments Berth gives it: the machine's pin decides, strictly.
void TestSsh::openSshChecksHostKeyStrictly()
{
    const QString ssh = findOpenSshClient();
    QVERIFY2(!ssh.isEmpty(), "needs openssh-client");
    Target t = target();
    t.knownHostsPath = path(QStringLiteral("openssh/known_hosts"));
    QString error;
    QVERIFY2(Session().checkHostKey(t, &error), qPrintable(error));
    QVERIFY(QFileInfo::exists(t.knownHostsPath));
    auto r = berth::test::runProcess(ssh, openSshArguments(t, { QStringLiteral("echo"), QStringLiteral("pinned") }));
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(r.standardOutput, QByteArray("pinned\n"));

    const QString otherKey = path(QStringLiteral("openssh_other"));
    QVERIFY(sshKeygen({ QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"), QStringLiteral("-N"),
        QString(), QStringLiteral("-f"), otherKey }));
    QVERIFY(writeLocal(t.knownHostsPath,
        "[127.0.0.1]:" + QByteArray::number(m_port) + ' ' + keyBody(readLocal(otherKey + QStringLiteral(".pub")))
            + '\n',
        0600));
    r = berth::test::runProcess(ssh, openSshArguments(t, { QStringLiteral("echo"), QStringLiteral("reached") }));
    QCOMPARE(r.exitCode, 255);
    QVERIFY(!r.standardOutput.contains("reached"));
    QVERIFY2(r.standardError.contains("Host key verification failed"), qPrintable(r.describe()));

    // No pin at all is no pin to trust: OpenSSH refuses too (Berth pins first, over libssh).
    QVERIFY(QFile::remove(t.knownHostsPath));
    r = berth::test::runProcess(ssh, openSshArguments(t, { QStringLiteral("echo"), QStringLiteral("reached") }));
    QCOMPARE(r.exitCode, 255);
    QVERIFY(!r.standardOutput.contains("reached"));
}

void TestSsh::cliNativeRefusesOptionsItLacks()
{
    const QString machine = makeMachine();
    QVERIFY(!machine.isEmpty());
    const auto r = berthSsh(true, machine, { QStringLiteral("-D"), QStringLiteral("1080"), QStringLiteral("true") });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.standardError.contains("-D 1080") && r.standardError.contains("OpenSSH"), qPrintable(r.describe()));
    const auto bad
        = berthSsh(true, machine, { QStringLiteral("-L"), QStringLiteral("nonsense"), QStringLiteral("true") });
    QCOMPARE(bad.exitCode, 1);
    QVERIFY2(bad.standardError.contains("-L nonsense"), qPrintable(bad.describe()));

    // MACHINE_NATIVE_SSH=1 chooses the built-in client as --native-ssh does (docker-machine's variable).
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QStringList withOption = berthArguments(
        false, machine, { QStringLiteral("-o"), QStringLiteral("BatchMode=yes"), QStringLiteral("true") });
    env.insert(QStringLiteral("MACHINE_NATIVE_SSH"), QStringLiteral("1"));
    const auto byEnvironment = berth::test::runBerth(withOption, env, 30000);
    QCOMPARE(byEnvironment.exitCode, 1);
    QVERIFY2(byEnvironment.standardError.contains("-o BatchMode=yes"), qPrintable(byEnvironment.describe()));
    env.insert(QStringLiteral("MACHINE_NATIVE_SSH"), QStringLiteral("false"));
    const auto notNative = berth::test::runBerth(withOption, env, 30000);
    QVERIFY2(notNative.exitCode == 0, qPrintable(notNative.describe()));
}

// docker-machine: `scp m1:foo.txt m2:foo.txt`. Both machines' host here is the test's sshd, so
// their "remote" files are under this test's folder.
void TestSsh::cliScpMachineToMachine()
{
    const QString from = makeMachine();
    const QString to = makeMachine();
    QVERIFY(!from.isEmpty() && !to.isEmpty());
    const QString staging = path(QStringLiteral("scp-tmp"));
    QVERIFY(QDir().mkpath(staging));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("TMPDIR"), staging);
    const auto scp = [&](const QStringList &args) {
        return berth::test::runBerth(
            QStringList { QStringLiteral("-s"), path(storeName()), QStringLiteral("scp") } + args, env, 60000);
    };
    const auto stagingIsEmpty
        = [&] { return QDir(staging).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).isEmpty(); };

    const QByteArray data = randomBytes(300 * 1024 + 3);
    const QString source = path(QStringLiteral("m2m/a/foo.txt"));
    QVERIFY(writeLocal(source, data, 0640));
    QVERIFY(QDir().mkpath(path(QStringLiteral("m2m/b"))));
    const QString target = path(QStringLiteral("m2m/b/foo.txt"));
    auto r = scp({ from + QLatin1Char(':') + source, to + QLatin1Char(':') + target });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY(readLocal(target) == data);
    QCOMPARE(modeOf(target), 0640u);
    QVERIFY(stagingIsEmpty());

    // Onto an existing folder: the copy goes inside it, under its own name.
    QVERIFY(QFile::remove(target));
    r = scp({ from + QLatin1Char(':') + source, to + QLatin1Char(':') + path(QStringLiteral("m2m/b")) });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY(readLocal(target) == data);

    // Folders need -r, as with scp.
    const QString tree = path(QStringLiteral("m2m/tree"));
    QVERIFY(writeLocal(tree + QStringLiteral("/top.txt"), "top\n", 0600));
    QVERIFY(writeLocal(tree + QStringLiteral("/sub/leaf.bin"), randomBytes(70000), 0755));
    QVERIFY(QFile::setPermissions(tree + QStringLiteral("/sub"),
        QFileDevice::ReadOwner | QFileDevice::ExeOwner | QFileDevice::ReadGroup | QFileDevice::ExeGroup));
    r = scp({ from + QLatin1Char(':') + tree, to + QLatin1Char(':') + path(QStringLiteral("m2m/b")) });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.standardError.contains("use -r"), qPrintable(r.describe()));
    r = scp({ QStringLiteral("-r"), from + QLatin1Char(':') + tree,
        to + QLatin1Char(':') + path(QStringLiteral("m2m/b")) });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(treeOf(path(QStringLiteral("m2m/b/tree"))), treeOf(tree));
    // The staging copy is gone, read-only folder and all.
    QVERIFY(stagingIsEmpty());

    // A missing source: the path in the message, nothing left behind.
    r = scp({ from + QStringLiteral(":/nonexistent-berth/x.txt"), to + QLatin1Char(':') + target });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.standardError.contains("/nonexistent-berth/x.txt"), qPrintable(r.describe()));
    QVERIFY(stagingIsEmpty());
    QFile::setPermissions(
        tree + QStringLiteral("/sub"), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
}

QTEST_GUILESS_MAIN(TestSsh)
#include "tst_ssh.moc"
