#include "testsupport.h"

#include "testconfig.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>

#include <csignal>
#include <sched.h>

namespace berth::test {

QString ProcessResult::describe() const
{
    return QStringLiteral("exit %1 after %2 ms\nstdout:\n%3\nstderr:\n%4")
        .arg(exitCode)
        .arg(elapsedMs)
        .arg(QString::fromUtf8(standardOutput), QString::fromUtf8(standardError));
}

ProcessResult runProcess(const QString &program, const QStringList &args, const QProcessEnvironment &env, int timeoutMs,
    const QByteArray &standardInput)
{
    ProcessResult result;
    QProcess process;
    process.setProcessEnvironment(env);
    QElapsedTimer timer;
    timer.start();
    process.start(program, args);
    if (!process.waitForStarted(10000)) {
        result.standardError = process.errorString().toUtf8();
        return result;
    }
    if (!standardInput.isEmpty())
        process.write(standardInput);
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        result.standardError = "timed out\n" + process.readAllStandardError();
        result.standardOutput = process.readAllStandardOutput();
        result.elapsedMs = timer.elapsed();
        return result;
    }
    result.elapsedMs = timer.elapsed();
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.standardOutput = process.readAllStandardOutput();
    result.standardError = process.readAllStandardError();
    return result;
}

QString berthCliPath()
{
    return QStringLiteral(BERTH_CLI_PATH);
}

ProcessResult runBerth(
    const QStringList &args, const QProcessEnvironment &env, int timeoutMs, const QByteArray &standardInput)
{
    return runProcess(berthCliPath(), args, env, timeoutMs, standardInput);
}

void applyExports(const QByteArray &exports, QProcessEnvironment *env)
{
    static const QRegularExpression line(QStringLiteral("^export ([A-Z_a-z]+)=\"(.*)\"$"));
    for (const QByteArray &raw : exports.split('\n')) {
        const QRegularExpressionMatch m = line.match(QString::fromUtf8(raw));
        if (m.hasMatch())
            env->insert(m.captured(1), m.captured(2));
    }
}

static QString testHostScript()
{
    return QStringLiteral(BERTH_TEST_HOST_DIR) + QStringLiteral("/testhost.sh");
}

TestHost::~TestHost()
{
    stop();
}

bool TestHost::start(const QString &name, int index, QString *error)
{
    // A host left by a crashed run of this test would block the name.
    runProcess(testHostScript(), { QStringLiteral("stop"), name }, QProcessEnvironment::systemEnvironment(), 60000);
    const ProcessResult r = runProcess(testHostScript(), { QStringLiteral("start"), name, QString::number(index) },
        QProcessEnvironment::systemEnvironment(), 120000);
    if (r.exitCode != 0) {
        *error = QStringLiteral("testhost.sh start failed: ") + r.describe();
        return false;
    }
    m_name = name;
    m_index = index;
    for (const QByteArray &raw : r.standardOutput.split('\n')) {
        const QString l = QString::fromUtf8(raw);
        if (l.startsWith(QLatin1String("HOST_IP=")))
            ip = l.mid(8);
        else if (l.startsWith(QLatin1String("SSH_KEY=")))
            sshKey = l.mid(8);
        else if (l.startsWith(QLatin1String("STATE_DIR=")))
            stateDir = l.mid(10);
    }
    if (ip.isEmpty() || sshKey.isEmpty()) {
        *error = QStringLiteral("testhost.sh start printed no HOST_IP/SSH_KEY: ") + r.describe();
        return false;
    }
    return true;
}

void TestHost::stop()
{
    if (m_name.isEmpty())
        return;
    runProcess(testHostScript(), { QStringLiteral("stop"), m_name }, QProcessEnvironment::systemEnvironment(), 60000);
    m_name.clear();
}

QString TestHost::imageTarball(QString *imageName, QString *error)
{
    static QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("busybox.tar"));
    if (!QFileInfo::exists(path)) {
        const ProcessResult r = runProcess(testHostScript(), { QStringLiteral("docker-image"), path });
        if (r.exitCode != 0) {
            *error = QStringLiteral("testhost.sh docker-image failed: ") + r.describe();
            return {};
        }
    }
    *imageName = QStringLiteral("berth-test/busybox:latest");
    return path;
}

QString TestHost::blackholeAddress(QString *error)
{
    const QString net = QStringLiteral("10.213.%1.0/24").arg(100 + m_index);
    const ProcessResult r = runProcess(
        QStringLiteral("ip"), { QStringLiteral("route"), QStringLiteral("replace"), net, QStringLiteral("via"), ip });
    if (r.exitCode != 0) {
        *error = QStringLiteral("ip route replace failed: ") + r.describe();
        return {};
    }
    return QStringLiteral("10.213.%1.9").arg(100 + m_index);
}

QByteArray httpGet(const QString &host, quint16 port, const QByteArray &path, int waitMs)
{
    QTcpSocket socket;
    socket.connectToHost(host, port);
    if (!socket.waitForConnected(waitMs))
        return {};
    socket.write("GET " + path + " HTTP/1.0\r\nHost: " + host.toUtf8() + "\r\n\r\n");
    QByteArray answer;
    while (socket.waitForReadyRead(waitMs))
        answer += socket.readAll();
    return answer + socket.readAll();
}

qint64 runningQemuPid(const QString &machineDir)
{
    QFile file(machineDir + QStringLiteral("/qemu.pid"));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const qint64 pid = file.readAll().trimmed().toLongLong();
    return pid > 0 && ::kill(static_cast<pid_t>(pid), 0) == 0 ? pid : 0;
}

QString dockerCli()
{
    return QStringLiteral("/usr/bin/docker");
}

ProcessResult loadTestImageAndEchoHello(const QProcessEnvironment &env, int timeoutMs)
{
    QString image, error;
    const QString tarball = TestHost::imageTarball(&image, &error);
    if (tarball.isEmpty()) {
        ProcessResult failed;
        failed.standardError = error.toUtf8();
        return failed;
    }
    const ProcessResult load
        = runProcess(dockerCli(), { QStringLiteral("load"), QStringLiteral("-i"), tarball }, env, timeoutMs);
    if (load.exitCode != 0)
        return load;
    return runProcess(dockerCli(),
        { QStringLiteral("run"), QStringLiteral("--rm"), image, QStringLiteral("echo"), QStringLiteral("hello") }, env,
        timeoutMs);
}

QProcessEnvironment hypervDoubleEnvironment(QProcessEnvironment env, const QString &hypervHome, const QString &home)
{
    env.insert(QStringLiteral("BERTH_HYPERV_DOUBLE_HOME"), hypervHome);
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("PATH"),
        QStringLiteral(BERTH_POWERSHELL_DOUBLE_DIR) + QLatin1Char(':') + env.value(QStringLiteral("PATH")));
    env.remove(QStringLiteral("DOCKER_HOST"));
    return env;
}

ProcessResult runPowerShellDouble(const QString &command, const QProcessEnvironment &env)
{
    return runProcess(QStringLiteral(BERTH_POWERSHELL_DOUBLE_DIR "/powershell"),
        { QStringLiteral("-NoProfile"), QStringLiteral("-NonInteractive"), QStringLiteral("-Command"), command }, env,
        120000);
}

namespace {
QString builtVmImage(const char *override, const QString &suite, QString *error)
{
    // A developer may point the tests at an image folder of their own.
    if (qEnvironmentVariableIsSet(override))
        return qEnvironmentVariable(override);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("BERTH_IMAGE_SUITE"));
    if (!suite.isEmpty())
        env.insert(QStringLiteral("BERTH_IMAGE_SUITE"), suite);
    const ProcessResult r
        = runProcess(QStringLiteral(BERTH_SOURCE_DIR "/installer/vm-image/build.sh"), {}, env, 1800000);
    const QList<QByteArray> lines = r.standardOutput.trimmed().split('\n');
    if (r.exitCode != 0 || lines.isEmpty() || lines.constLast().isEmpty()) {
        *error = QStringLiteral("installer/vm-image/build.sh failed: ") + r.describe();
        return {};
    }
    return QString::fromUtf8(lines.constLast());
}
} // namespace

QString vmImageDir(QString *error)
{
    return builtVmImage("BERTH_VM_IMAGE", QString(), error);
}

QString bookwormVmImageDir(QString *error)
{
    return builtVmImage("BERTH_VM_IMAGE_BOOKWORM", QStringLiteral("bookworm"), error);
}

QString boot2dockerIso(const QString &imageDir, QString *error)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("BERTH_VM_IMAGE"), imageDir);
    const ProcessResult r
        = runProcess(QStringLiteral(BERTH_SOURCE_DIR "/tests/fixtures/boot2docker/build.sh"), {}, env, 900000);
    const QList<QByteArray> lines = r.standardOutput.trimmed().split('\n');
    if (r.exitCode != 0 || lines.isEmpty() || !QFileInfo::exists(QString::fromUtf8(lines.constLast()))) {
        *error = QStringLiteral("tests/fixtures/boot2docker/build.sh failed: ") + r.describe();
        return {};
    }
    return QString::fromUtf8(lines.constLast());
}

QString isolateNetwork(QString *imageDir)
{
    QString error;
    *imageDir = vmImageDir(&error);
    if (imageDir->isEmpty())
        return error;
    if (::unshare(CLONE_NEWNET) != 0)
        return QStringLiteral("unshare(CLONE_NEWNET) failed: run the integration tests as root");
    const ProcessResult up = runProcess(QStringLiteral("ip"),
        { QStringLiteral("link"), QStringLiteral("set"), QStringLiteral("lo"), QStringLiteral("up") });
    if (up.exitCode != 0)
        return QStringLiteral("ip link set lo up failed in the test's network namespace: ") + up.describe();
    return {};
}

QString makeNewerImage(const QString &imageDir, const QString &dir, QString *version, QString *error)
{
    const ProcessResult copied = runProcess(QStringLiteral("cp"), { QStringLiteral("-al"), imageDir, dir });
    if (copied.exitCode != 0) {
        *error = copied.describe();
        return {};
    }
    const QString manifestPath = dir + QStringLiteral("/manifest.json");
    QFile manifestFile(manifestPath);
    if (!manifestFile.open(QIODevice::ReadOnly)) {
        *error = manifestPath + QStringLiteral(": ") + manifestFile.errorString();
        return {};
    }
    QJsonObject manifest = QJsonDocument::fromJson(manifestFile.readAll()).object();
    manifestFile.close();
    *version = manifest.value(QLatin1String("version")).toString() + QStringLiteral("-next");
    manifest.insert(QStringLiteral("version"), *version);
    QFile::remove(manifestPath); // a hard link to the original: write a new file
    if (!manifestFile.open(QIODevice::WriteOnly) || manifestFile.write(QJsonDocument(manifest).toJson()) < 0) {
        *error = manifestPath + QStringLiteral(": ") + manifestFile.errorString();
        return {};
    }
    return dir;
}

QStringList processesMentioning(const QString &text)
{
    QStringList found;
    const QByteArray needle = text.toUtf8();
    const QStringList pids = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &pid : pids) {
        bool numeric = false;
        const qint64 number = pid.toLongLong(&numeric);
        if (!numeric || number == QCoreApplication::applicationPid())
            continue;
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (cmdline.open(QIODevice::ReadOnly)) {
            QByteArray args = cmdline.readAll();
            if (args.contains(needle))
                found << pid + QLatin1Char(' ') + QString::fromLocal8Bit(args.replace('\0', ' '));
        }
    }
    return found;
}

SecretService::~SecretService()
{
    stop();
}

QProcessEnvironment SecretService::environment(QProcessEnvironment env) const
{
    env.insert(QStringLiteral("HOME"), m_root + QStringLiteral("/home"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_root + QStringLiteral("/home/.local/share"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_root + QStringLiteral("/home/.config"));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), m_root + QStringLiteral("/home/.cache"));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_root + QStringLiteral("/run"));
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("XDG_CURRENT_DESKTOP"));
    env.remove(QStringLiteral("DESKTOP_SESSION"));
    if (!m_busAddress.isEmpty())
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), m_busAddress);
    return env;
}

bool SecretService::keyringAnswers() const
{
    const ProcessResult r = runProcess(QStringLiteral("dbus-send"),
        { QStringLiteral("--session"), QStringLiteral("--dest=org.freedesktop.DBus"), QStringLiteral("--print-reply"),
            QStringLiteral("/org/freedesktop/DBus"), QStringLiteral("org.freedesktop.DBus.NameHasOwner"),
            QStringLiteral("string:org.freedesktop.secrets") },
        environment(QProcessEnvironment::systemEnvironment()), 10000);
    return r.exitCode == 0 && r.standardOutput.contains("boolean true");
}

bool SecretService::start(const QString &root, QString *error)
{
    for (const char *tool : { "dbus-daemon", "dbus-send", "gnome-keyring-daemon", "secret-tool" }) {
        if (QStandardPaths::findExecutable(QLatin1String(tool)).isEmpty()) {
            *error = QLatin1String(tool) + QStringLiteral(" is missing: run scripts/setup.sh --test");
            return false;
        }
    }
    m_root = root;
    for (const char *dir : { "home/.local/share", "home/.config", "home/.cache", "run" })
        QDir().mkpath(root + QLatin1Char('/') + QLatin1String(dir));
    QFile::setPermissions(root + QStringLiteral("/run"), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);

    // A session bus of the test's own: a socket in root, no activatable services.
    const QString config = root + QStringLiteral("/bus.conf");
    QFile file(config);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write ") + config;
        return false;
    }
    file.write("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
               " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
               "<busconfig>\n  <type>session</type>\n  <listen>unix:path="
        + QFile::encodeName(root + QStringLiteral("/bus"))
        + "</listen>\n  <auth>EXTERNAL</auth>\n"
          "  <policy context=\"default\">\n    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
          "    <allow eavesdrop=\"true\"/>\n    <allow own=\"*\"/>\n  </policy>\n</busconfig>\n");
    file.close();
    const ProcessResult bus = runProcess(QStringLiteral("dbus-daemon"),
        { QStringLiteral("--config-file=") + config, QStringLiteral("--fork"), QStringLiteral("--print-address=1"),
            QStringLiteral("--print-pid=1") },
        environment(QProcessEnvironment::systemEnvironment()), 20000);
    const QList<QByteArray> lines = bus.standardOutput.trimmed().split('\n');
    if (bus.exitCode != 0 || lines.size() != 2) {
        *error = bus.describe();
        return false;
    }
    m_busAddress = QString::fromUtf8(lines.at(0).trimmed());
    m_busPid = lines.at(1).trimmed().toLongLong();

    // gnome-keyring with its login keyring made and unlocked by the password on its standard input.
    m_keyring.setProcessEnvironment(environment(QProcessEnvironment::systemEnvironment()));
    m_keyring.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_keyring.start(QStringLiteral("gnome-keyring-daemon"),
        { QStringLiteral("--foreground"), QStringLiteral("--unlock"), QStringLiteral("--components=secrets") });
    if (!m_keyring.waitForStarted(10000)) {
        *error = m_keyring.errorString();
        return false;
    }
    m_keyring.write(keyringPassword);
    m_keyring.waitForBytesWritten(10000);
    m_keyring.closeWriteChannel();
    QElapsedTimer timer;
    timer.start();
    while (!keyringAnswers() && timer.elapsed() < 20000 && m_keyring.state() == QProcess::Running)
        QThread::msleep(100);
    if (!keyringAnswers()) {
        *error = QStringLiteral("gnome-keyring-daemon did not take org.freedesktop.secrets on the test's bus (%1, "
                                "exit code %2): %3")
                     .arg(m_keyring.state() == QProcess::Running ? QStringLiteral("running") : QStringLiteral("ended"))
                     .arg(m_keyring.exitCode())
                     .arg(QString::fromUtf8(m_keyring.readAllStandardOutput()));
        return false;
    }
    return true;
}

void SecretService::stopKeyring()
{
    if (m_keyring.state() != QProcess::NotRunning) {
        m_keyring.terminate();
        if (!m_keyring.waitForFinished(10000)) {
            m_keyring.kill();
            m_keyring.waitForFinished(5000);
        }
    }
}

void SecretService::stop()
{
    stopKeyring();
    if (m_busPid > 0) {
        ::kill(static_cast<pid_t>(m_busPid), SIGTERM);
        m_busPid = 0;
    }
}

} // namespace berth::test
