// Published ports of a real Berth VM under QEMU on this computer's loopback, through the machine's agent (berth-agent):
// TCP and UDP, published on every address or on the VM's loopback, gone when the container stops, a port taken here
// reported and picked up once free, a port below 1024 reported (berth runs without the right to bind one, as a user's
// does), back after a restart of the machine or of the agent, no agent left by kill; the VM's clock set right after
// the VM was paused; and the space the VM frees given back to this computer's disk.
#include "api/machinewatcher.h"
#include "drivers/qemu/qmpclient.h"
#include "support/eventually.h"
#include "support/testsupport.h"
#include "testconfig.h"

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <QUdpSocket>
#include <QtTest>

#include <csignal>
#include <sys/stat.h>
#include <unistd.h>

using namespace berth::test;

namespace {

// A port nothing on this computer uses now.
quint16 freePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

// The test's network namespace: its loopback (127.0.0.1, ::1) and an address on a network (a bridge of its own), which
// other computers would reach.
const QString ipv4Loopback = QStringLiteral("127.0.0.1");
const QString ipv6Loopback = QStringLiteral("::1");
const QString lanAddress = QStringLiteral("192.0.2.10");
QString g_setupError;
QString g_imageDir;

// The container's busybox httpd answers GET /passwd (served from /etc) on address:port.
bool httpAnswers(quint16 port, const QString &address = ipv4Loopback)
{
    return httpGet(address, port, "/passwd", 2000).contains("root:x:0:0");
}

// The test image's busybox httpd serving /etc on the container's port 80, in the foreground.
QStringList httpdServingEtc()
{
    return { QStringLiteral("berth-test/busybox"), QStringLiteral("httpd"), QStringLiteral("-f"), QStringLiteral("-p"),
        QStringLiteral("80"), QStringLiteral("-h"), QStringLiteral("/etc") };
}

// Nothing listens on address:port any more: the connection is refused.
bool refused(quint16 port, const QString &address = ipv4Loopback)
{
    QTcpSocket socket;
    socket.connectToHost(address, port);
    if (socket.waitForConnected(2000)) {
        // QEMU accepts for a forward whose guest side is gone, then closes: still a forward.
        return false;
    }
    return socket.error() == QAbstractSocket::ConnectionRefusedError;
}

// udp-echo (the test image's) sends the datagram back.
bool udpAnswers(quint16 port, const QString &address = ipv4Loopback)
{
    QUdpSocket socket;
    const QByteArray ping = "berth-udp-" + QByteArray::number(port);
    socket.writeDatagram(ping, QHostAddress(address), port);
    if (!socket.waitForReadyRead(1000))
        return false;
    QByteArray answer(2048, '\0');
    answer.truncate(socket.readDatagram(answer.data(), answer.size()));
    return answer == ping;
}

} // namespace

class TestPorts : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void createStartsAnAgent();
    void publishedPortsAnswerHere();
    void stoppedContainerStopsAnswering();
    void takenPortIsReportedAndPickedUp();
    void privilegedPortIsReported();
    void portsComeBackAfterTheAgentRestarts();
    void desktopAppRestartsAMissingAgent();
    void portsComeBackAfterRestart();
    void clockIsSetAfterAPause();
    void freedSpaceGoesBackToTheHost();
    void killLeavesNoAgent();

private:
    ProcessResult berth(const QStringList &args, int timeoutMs = 600000);
    ProcessResult docker(const QStringList &args, int timeoutMs = 300000);
    QString machineDir() const { return m_store + QStringLiteral("/machines/vm"); }
    qint64 qemuPid() const { return runningQemuPid(machineDir()); }
    // The agents of this store's machine that run now.
    QStringList agents() const;
    // The process ID in a line of agents().
    static qint64 pidOf(const QString &agent);
    // Whether one agent runs, and it is not the process pid.
    bool anotherAgentRuns(qint64 pid) const;
    QJsonObject agentReport() const;
    // The agent's log (agent.log in the machine folder), empty when there is none.
    QByteArray agentLog() const;
    // Whether Docker says the container runs.
    bool containerRuns(const QString &name);
    QString lsErrors();
    // The guest's clock less this computer's, in seconds.
    qint64 guestClockSkew();

    QTemporaryDir m_dir;
    QString m_store;
    QString m_image;
    QProcessEnvironment m_docker;
    quint16 m_web = 0; // TCP, published on every address
    quint16 m_local = 0; // TCP, published on the VM's loopback (-p 127.0.0.1:...)
    quint16 m_udp = 0;
};

ProcessResult TestPorts::berth(const QStringList &args, int timeoutMs)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("BERTH_VM_IMAGE"), m_image);
    env.remove(QStringLiteral("DOCKER_HOST"));
    // The tests run as root (their network namespace needs it); a user may not bind a port below 1024. Berth, and the
    // agent and QEMU it starts, run without that right (CAP_NET_BIND_SERVICE) here.
    return runProcess(QStringLiteral("setpriv"),
        QStringList { QStringLiteral("--bounding-set"), QStringLiteral("-net_bind_service"), QStringLiteral("--"),
            berthCliPath(), QStringLiteral("-s"), m_store }
            + args,
        env, timeoutMs);
}

ProcessResult TestPorts::docker(const QStringList &args, int timeoutMs)
{
    return runProcess(dockerCli(), args, m_docker, timeoutMs);
}

QStringList TestPorts::agents() const
{
    QStringList found;
    for (const QString &line : processesMentioning(m_store)) {
        // "PID /.../berth-agent -s STORE vm " (the arguments' NULs are spaces).
        if (line.contains(QLatin1String("/berth-agent -s ")) && line.trimmed().endsWith(QLatin1String(" vm")))
            found << line.trimmed();
    }
    return found;
}

qint64 TestPorts::pidOf(const QString &agent)
{
    return agent.section(QLatin1Char(' '), 0, 0).toLongLong();
}

bool TestPorts::anotherAgentRuns(qint64 pid) const
{
    const QStringList running = agents();
    return running.size() == 1 && pidOf(running.first()) != pid;
}

QJsonObject TestPorts::agentReport() const
{
    QFile file(machineDir() + QStringLiteral("/agent.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

QByteArray TestPorts::agentLog() const
{
    QFile file(machineDir() + QStringLiteral("/agent.log"));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool TestPorts::containerRuns(const QString &name)
{
    const ProcessResult r
        = docker({ QStringLiteral("inspect"), QStringLiteral("-f"), QStringLiteral("{{.State.Running}}"), name });
    return r.exitCode == 0 && r.standardOutput.trimmed() == "true";
}

QString TestPorts::lsErrors()
{
    return QString::fromUtf8(
        berth({ QStringLiteral("ls"), QStringLiteral("--format"), QStringLiteral("{{.Error}}") }).standardOutput)
        .trimmed();
}

qint64 TestPorts::guestClockSkew()
{
    const ProcessResult r = berth({ QStringLiteral("ssh"), QStringLiteral("vm"), QStringLiteral("date +%s") }, 60000);
    if (r.exitCode != 0)
        return std::numeric_limits<qint64>::max();
    return r.standardOutput.trimmed().toLongLong() - QDateTime::currentSecsSinceEpoch();
}

void TestPorts::initTestCase()
{
    QVERIFY2(g_setupError.isEmpty(), qPrintable(g_setupError));
    QVERIFY(m_dir.isValid());
    m_store = m_dir.filePath(QStringLiteral("store"));
    qputenv("DOCKER_CONFIG", QFile::encodeName(m_dir.filePath(QStringLiteral("docker"))));
    m_image = g_imageDir;
    m_web = freePort();
    m_local = freePort();
    m_udp = freePort();
    QVERIFY(m_web && m_local && m_udp && m_web != m_local);
}

void TestPorts::cleanupTestCase()
{
    // Whatever a failed test left running.
    if (const qint64 pid = qemuPid())
        ::kill(static_cast<pid_t>(pid), SIGKILL);
    BERTH_TRY_VERIFY(agents().isEmpty(), 5000);
}

void TestPorts::createStartsAnAgent()
{
    // Two processors: containers start in half the time under TCG.
    const ProcessResult r = berth(
        { QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("qemu"), QStringLiteral("--qemu-cpu-count"),
            QStringLiteral("2"), QStringLiteral("--qemu-no-share"), QStringLiteral("vm") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    // One agent, its report and its log in the machine folder.
    BERTH_TRY_COMPARE(agents().size(), 1, 10000);
    BERTH_TRY_VERIFY(agentReport().value(QLatin1String("Pid")).toInteger() > 0, 30000);
    QVERIFY(QFile::exists(machineDir() + QStringLiteral("/agent.log")));

    const ProcessResult env
        = berth({ QStringLiteral("env"), QStringLiteral("--shell"), QStringLiteral("bash"), QStringLiteral("vm") });
    QVERIFY2(env.exitCode == 0, qPrintable(env.describe()));
    m_docker = QProcessEnvironment::systemEnvironment();
    applyExports(env.standardOutput, &m_docker);
    QString image, error;
    const QString tarball = TestHost::imageTarball(&image, &error);
    QVERIFY2(!tarball.isEmpty(), qPrintable(error));
    const ProcessResult load = docker({ QStringLiteral("load"), QStringLiteral("-i"), tarball });
    QVERIFY2(load.exitCode == 0, qPrintable(load.describe()));
}

void TestPorts::publishedPortsAnswerHere()
{
    // On every address of the VM (docker's default), on its loopback only, and UDP.
    const QList<QStringList> runs {
        QStringList { QStringLiteral("--name"), QStringLiteral("web"), QStringLiteral("--stop-timeout"),
            QStringLiteral("1"), QStringLiteral("-p"), QStringLiteral("%1:80").arg(m_web) }
            + httpdServingEtc(),
        // busybox httpd as a container's first process ignores SIGTERM: Docker would wait 10 s for it when the VM
        // shuts down.
        QStringList { QStringLiteral("--name"), QStringLiteral("local"), QStringLiteral("--restart"),
            QStringLiteral("always"), QStringLiteral("--stop-timeout"), QStringLiteral("1"), QStringLiteral("-p"),
            QStringLiteral("127.0.0.1:%1:80").arg(m_local) }
            + httpdServingEtc(),
        { QStringLiteral("--name"), QStringLiteral("echo"), QStringLiteral("-p"),
            QStringLiteral("%1:9999/udp").arg(m_udp), QStringLiteral("berth-test/busybox"), QStringLiteral("udp-echo"),
            QStringLiteral("9999") },
    };
    for (const QStringList &run : runs) {
        const ProcessResult r = docker(QStringList { QStringLiteral("run"), QStringLiteral("-d") } + run);
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    }
    BERTH_TRY_VERIFY(httpAnswers(m_web), 10000);
    BERTH_TRY_VERIFY(httpAnswers(m_local), 30000);
    BERTH_TRY_VERIFY(udpAnswers(m_udp), 10000);
    // On the IPv6 loopback too (the agent's relay), and not on the network.
    BERTH_TRY_VERIFY(httpAnswers(m_web, ipv6Loopback), 5000);
    QVERIFY(httpAnswers(m_local, ipv6Loopback));
    BERTH_TRY_VERIFY(udpAnswers(m_udp, ipv6Loopback), 5000);
    QVERIFY(refused(m_web, lanAddress));
    QVERIFY(!udpAnswers(m_udp, lanAddress));
    const QJsonArray forwarded = agentReport().value(QLatin1String("Forwarded")).toArray();
    for (const QString &port : { QStringLiteral("%1/tcp").arg(m_web), QStringLiteral("%1/tcp").arg(m_local),
             QStringLiteral("%1/udp").arg(m_udp) })
        QVERIFY2(forwarded.contains(port), qPrintable(port));
    QCOMPARE(lsErrors(), QString());
}

void TestPorts::stoppedContainerStopsAnswering()
{
    ProcessResult r = docker({ QStringLiteral("stop"), QStringLiteral("-t"), QStringLiteral("1"), QStringLiteral("web"),
        QStringLiteral("echo") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    BERTH_TRY_VERIFY(refused(m_web), 10000);
    BERTH_TRY_VERIFY(!udpAnswers(m_udp), 10000);
    QVERIFY(refused(m_web, ipv6Loopback));
    QVERIFY(!udpAnswers(m_udp, ipv6Loopback));
    const QJsonArray forwarded = agentReport().value(QLatin1String("Forwarded")).toArray();
    QVERIFY(!forwarded.contains(QStringLiteral("%1/tcp").arg(m_web)));
    QVERIFY(!forwarded.contains(QStringLiteral("%1/udp").arg(m_udp)));
    // A port of this computer again: a program here may take it.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, m_web));
}

void TestPorts::takenPortIsReportedAndPickedUp()
{
    auto *taken = new QTcpServer(this);
    QVERIFY(taken->listen(QHostAddress::LocalHost, m_web));
    const ProcessResult r = docker({ QStringLiteral("start"), QStringLiteral("web") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    // The container runs; its port waits, and ls says why.
    const QString expected = QStringLiteral("port %1/tcp not forwarded: another program on this computer uses port %1; "
                                            "it is forwarded once that port is free")
                                 .arg(m_web);
    BERTH_TRY_COMPARE(lsErrors(), expected, 20000);
    QVERIFY(containerRuns(QStringLiteral("web")));
    QVERIFY(agentLog().contains(QStringLiteral("Port %1/tcp not forwarded: another program").arg(m_web).toUtf8()));

    delete taken;
    BERTH_TRY_VERIFY(httpAnswers(m_web), 15000);
    QCOMPARE(lsErrors(), QString());
}

void TestPorts::privilegedPortIsReported()
{
    // Port 80 here needs the right to bind it, which this computer's users lack: the container runs, and ls says what
    // to do instead.
    ProcessResult r = docker(QStringList { QStringLiteral("run"), QStringLiteral("-d"), QStringLiteral("--name"),
                                 QStringLiteral("low"), QStringLiteral("-p"), QStringLiteral("80:80") }
        + httpdServingEtc());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    BERTH_TRY_COMPARE(lsErrors(),
        QStringLiteral("port 80/tcp not forwarded: this computer lets only administrators use port 80; publish the "
                       "container on a port above 1023 (docker run -p 8080:80)"),
        20000);
    QVERIFY(containerRuns(QStringLiteral("low")));
    QVERIFY(refused(80));
    QVERIFY(agentLog().contains("Port 80/tcp not forwarded: this computer lets only administrators use port 80"));
    // The error goes with the container.
    r = docker({ QStringLiteral("rm"), QStringLiteral("-f"), QStringLiteral("low") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    BERTH_TRY_COMPARE(lsErrors(), QString(), 20000);
    QVERIFY(httpAnswers(m_web));
}

void TestPorts::portsComeBackAfterTheAgentRestarts()
{
    // An agent that died (killed here) takes no forward with it: they are QEMU's. A new container's port waits for
    // the next agent, which `start` starts on a running machine (that is still the error it was).
    const QStringList running = agents();
    QCOMPARE(running.size(), 1);
    const qint64 pid = pidOf(running.first());
    QCOMPARE(::kill(static_cast<pid_t>(pid), SIGKILL), 0);
    BERTH_TRY_VERIFY(agents().isEmpty(), 5000);
    // Its arguments are gone from /proc before its lock: the kernel closes a dying process's files after it freed
    // its memory.
    BERTH_TRY_COMPARE(lsErrors(),
        QStringLiteral("Published ports are not forwarded to this computer: the machine's agent is not running. "
                       "\"berth start vm\" starts it."),
        10000);
    QVERIFY(httpAnswers(m_web));
    ProcessResult r = docker({ QStringLiteral("start"), QStringLiteral("echo") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY(!udpAnswers(m_udp));
    r = berth({ QStringLiteral("start"), QStringLiteral("vm") });
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.standardError, QByteArray("Machine \"vm\" is already running.\n"));
    BERTH_TRY_COMPARE(agents().size(), 1, 10000);
    BERTH_TRY_VERIFY(udpAnswers(m_udp), 15000);
    QVERIFY(httpAnswers(m_web));
    QVERIFY(httpAnswers(m_local));
    // The IPv6 relays went with the agent that held them; the new one makes them again.
    BERTH_TRY_VERIFY(httpAnswers(m_web, ipv6Loopback), 5000);
    QVERIFY(udpAnswers(m_udp, ipv6Loopback));
}

void TestPorts::desktopAppRestartsAMissingAgent()
{
    // The desktop app's watcher, where nobody types `berth start`: an agent killed while it watches is started
    // again at its next look, and the published ports answer again.
    qputenv("BERTH_AGENT", QByteArrayLiteral(BERTH_AGENT_PATH));
    berth::MachineWatcher watcher(m_store);
    watcher.setRestartsMissingAgents(true);
    watcher.start();
    QSignalSpy looked(&watcher, &berth::MachineWatcher::looked);
    QVERIFY(looked.wait(10000));
    const QStringList running = agents();
    QCOMPARE(running.size(), 1);
    const qint64 pid = pidOf(running.first());
    QCOMPARE(::kill(static_cast<pid_t>(pid), SIGKILL), 0);
    BERTH_TRY_VERIFY(anotherAgentRuns(pid), 10000);
    BERTH_TRY_VERIFY(udpAnswers(m_udp), 15000);
    QVERIFY(httpAnswers(m_web));
    BERTH_TRY_COMPARE(lsErrors(), QString(), 5000);
    watcher.stop();
}

void TestPorts::portsComeBackAfterRestart()
{
    const QString agentBefore = agents().value(0);
    const ProcessResult r = berth({ QStringLiteral("restart"), QStringLiteral("vm") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    qInfo("restart took %lld ms", r.elapsedMs);
    // A new agent for the new VM; the container that restarts by itself has its port here again.
    BERTH_TRY_COMPARE(agents().size(), 1, 10000);
    QVERIFY(agents().first() != agentBefore);
    BERTH_TRY_VERIFY(httpAnswers(m_local), 60000);
    // Those that did not restart are not forwarded.
    QVERIFY(refused(m_web));
}

void TestPorts::clockIsSetAfterAPause()
{
    // QEMU's process stopped for a minute (as a laptop's lid closed on it): under TCG the guest's clock follows this
    // computer's, and is right when it runs again.
    const qint64 pid = qemuPid();
    QVERIFY(pid > 0);
    QCOMPARE(::kill(static_cast<pid_t>(pid), SIGSTOP), 0);
    QThread::sleep(60);
    QCOMPARE(::kill(static_cast<pid_t>(pid), SIGCONT), 0);
    BERTH_TRY_VERIFY(qAbs(guestClockSkew()) <= 2, 15000);

    // The VM paused by QEMU (as a hypervisor pauses it while the computer sleeps): its clock stood still, 30 s behind
    // when it runs again, until the agent sets it.
    {
        QString error;
        // QEMU serves one QMP client at a time: this one goes before anything else needs QMP.
        berth::QmpClient qmp(machineDir() + QStringLiteral("/qmp.sock"));
        QJsonObject reply;
        QVERIFY2(
            qmp.connect(5000, &error) && qmp.execute(QStringLiteral("stop"), {}, &reply, &error), qPrintable(error));
        QThread::sleep(30);
        QVERIFY2(qmp.execute(QStringLiteral("cont"), {}, &reply, &error), qPrintable(error));
    }
    BERTH_TRY_VERIFY(qAbs(guestClockSkew()) <= 2, 30000);
    QVERIFY(agentLog().contains("The VM's clock was"));
}

void TestPorts::freedSpaceGoesBackToTheHost()
{
    // The data disk file's blocks on this computer, in MB.
    const QByteArray disk = QFile::encodeName(machineDir() + QStringLiteral("/data.qcow2"));
    const auto allocatedMb = [&]() -> qint64 {
        struct stat st { };
        return ::stat(disk.constData(), &st) == 0 ? qint64(st.st_blocks) * 512 / (1024 * 1024) : -1;
    };
    // 200 MB that do not compress, in an image of their own.
    ProcessResult r = docker({ QStringLiteral("run"), QStringLiteral("--name"), QStringLiteral("fill"),
        QStringLiteral("berth-test/busybox:latest"), QStringLiteral("dd"), QStringLiteral("if=/dev/urandom"),
        QStringLiteral("of=/fill"), QStringLiteral("bs=1M"), QStringLiteral("count=200") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    r = docker({ QStringLiteral("commit"), QStringLiteral("fill"), QStringLiteral("berth-test/fill") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    r = docker({ QStringLiteral("rm"), QStringLiteral("fill") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY(berth({ QStringLiteral("ssh"), QStringLiteral("vm"), QStringLiteral("sync") }).exitCode == 0);
    const qint64 with = allocatedMb();
    qInfo("data.qcow2 holds %lld MB with the image", with);
    QVERIFY(with >= 200);
    r = docker({ QStringLiteral("rmi"), QStringLiteral("berth-test/fill") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    // The image's layer went (the committed copy at least): the file shrinks within a minute.
    const bool shrank = eventually([&] { return allocatedMb() <= with - 150; }, 60000);
    QVERIFY2(shrank,
        qPrintable(QStringLiteral("data.qcow2 holds %1 MB, %2 MB before docker rmi").arg(allocatedMb()).arg(with)));
    qInfo("data.qcow2 holds %lld MB after docker rmi", allocatedMb());
}

void TestPorts::killLeavesNoAgent()
{
    QCOMPARE(agents().size(), 1);
    ProcessResult r = berth({ QStringLiteral("kill"), QStringLiteral("vm") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY2(agents().isEmpty(), qPrintable(agents().join(QLatin1Char('\n'))));
    QVERIFY(!QFile::exists(machineDir() + QStringLiteral("/agent.json")));
    QVERIFY(refused(m_local));
    QVERIFY(refused(m_local, ipv6Loopback));
    r = berth({ QStringLiteral("rm"), QStringLiteral("-y"), QStringLiteral("vm") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
}

int main(int argc, char **argv)
{
    // The image first (building it needs Debian's mirror), then a network namespace of the test's own, with a
    // network address besides the loopback.
    g_setupError = isolateNetwork(&g_imageDir);
    if (g_setupError.isEmpty()) {
        const QString lan = QStringLiteral("berth-lan");
        const QList<QStringList> steps {
            { QStringLiteral("link"), QStringLiteral("add"), lan, QStringLiteral("type"), QStringLiteral("bridge") },
            { QStringLiteral("addr"), QStringLiteral("add"), lanAddress + QStringLiteral("/24"), QStringLiteral("dev"),
                lan },
            { QStringLiteral("link"), QStringLiteral("set"), lan, QStringLiteral("up") },
        };
        for (const QStringList &args : steps) {
            const ProcessResult r = runProcess(QStringLiteral("ip"), args);
            if (r.exitCode != 0) {
                g_setupError = QStringLiteral("ip in the test's network namespace: ") + r.describe();
                break;
            }
        }
    }
    QCoreApplication app(argc, argv);
    TestPorts test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_ports.moc"
