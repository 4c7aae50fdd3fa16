// A real Berth VM under QEMU (TCG where there is no KVM): create, the docker CLI through env, data
// that survives stop/start, the shared home folder, a machine of an older Berth (vmlinuz and the generic
// initrd), upgrade, and the faults a user meets.
#include "support/testsupport.h"
#include "testconfig.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <csignal>
#include <unistd.h>

using namespace berth::test;

class TestQemu : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void missingQemuFailsPreCreateCheck();
    void createBootsADockerVm();
    void dockerRunsThroughEnv();
    void dockerContextFollowsTheMachine();
    void sharedFolderIsVisibleInContainers();
    void lsAndStatusShowTheVm();
    void sshCommandsFindSbinTools();
    void idleVmGivesItsFileCacheBack();
    void panickedGuestStartsAgain();
    void stopEndsTheVm();
    void deletedDiskIsReported();
    void wrongKeyIsDiagnosed();
    void killedOlderMachineStartsAgain();
    void upgradeKeepsData();
    void killAndRmLeaveNothing();

private:
    ProcessResult berth(const QStringList &args, int timeoutMs = 600000);
    QProcessEnvironment dockerEnv();
    // The real docker CLI as a shell without `berth env` runs it: the current context, or --context's.
    ProcessResult dockerWithoutEnv(const QStringList &args);
    QString machineDir() const { return m_store + QStringLiteral("/machines/vm"); }
    QJsonObject driverConfig() const;
    // How the VM mounts the shared folder: virtiofs or 9p.
    QByteArray sharedFolderType();
    // The virtiofsd processes serving the shared folder: QEMU's (-o source=) or the Rust one (--shared-dir=).
    QStringList virtiofsdsOfTheShare() const
    {
        return processesMentioning(QStringLiteral("source=") + m_share)
            + processesMentioning(QStringLiteral("--shared-dir=") + m_share);
    }
    qint64 qemuPid() const { return runningQemuPid(machineDir()); }

    QTemporaryDir m_dir;
    QString m_store;
    QString m_share;
    QString m_image;
};

ProcessResult TestQemu::berth(const QStringList &args, int timeoutMs)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("SHELL"), QStringLiteral("/bin/bash"));
    env.insert(QStringLiteral("BERTH_VM_IMAGE"), m_image);
    env.remove(QStringLiteral("DOCKER_HOST"));
    return runBerth(QStringList { QStringLiteral("-s"), m_store } + args, env, timeoutMs);
}

QProcessEnvironment TestQemu::dockerEnv()
{
    const ProcessResult env = berth({ QStringLiteral("env"), QStringLiteral("vm") });
    if (env.exitCode != 0)
        qWarning() << env.describe();
    QProcessEnvironment result = QProcessEnvironment::systemEnvironment();
    result.insert(QStringLiteral("HOME"), m_dir.path());
    applyExports(env.standardOutput, &result);
    return result;
}

ProcessResult TestQemu::dockerWithoutEnv(const QStringList &args)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DOCKER_HOST"));
    env.remove(QStringLiteral("DOCKER_CONTEXT"));
    return runProcess(dockerCli(), args, env, 120000);
}

QJsonObject TestQemu::driverConfig() const
{
    QFile file(machineDir() + QStringLiteral("/config.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object().value(QLatin1String("Driver")).toObject();
}

void TestQemu::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // A comma ends a value in QEMU's option lists and a space splits shell words: the store path has both.
    m_store = m_dir.filePath(QStringLiteral("my store, with a comma"));
    m_share = m_dir.filePath(QStringLiteral("share"));
    QVERIFY(QDir().mkpath(m_share));
    // The machine's Docker context goes to the test's folder (every berth and docker the test runs reads it).
    qputenv("DOCKER_CONFIG", QFile::encodeName(m_dir.filePath(QStringLiteral("docker"))));
    QString error;
    m_image = vmImageDir(&error);
    QVERIFY2(!m_image.isEmpty(), qPrintable(error));
}

void TestQemu::cleanupTestCase()
{
    // Whatever a failed test left running.
    if (const qint64 pid = qemuPid())
        ::kill(static_cast<pid_t>(pid), SIGKILL);
}

void TestQemu::missingQemuFailsPreCreateCheck()
{
    const ProcessResult r = berth({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("qemu"),
        QStringLiteral("--qemu-binary"), QStringLiteral("/nonexistent/qemu-system-x86_64"), QStringLiteral("noqemu") });
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.standardError.contains("/nonexistent/qemu-system-x86_64"), qPrintable(r.describe()));
    QVERIFY(!QDir(m_store + QStringLiteral("/machines/noqemu")).exists());
}

void TestQemu::createBootsADockerVm()
{
    const ProcessResult r = berth({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("qemu"),
        QStringLiteral("--qemu-cpu-count"), QStringLiteral("2"), QStringLiteral("--qemu-memory"),
        QStringLiteral("1024"), QStringLiteral("--qemu-disk-size"), QStringLiteral("8000"),
        QStringLiteral("--qemu-share-folder"), m_share, QStringLiteral("vm") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY2(r.standardOutput.contains("Docker is up and running!"), qPrintable(r.describe()));
    qInfo("create -d qemu took %lld ms", r.elapsedMs);
    QVERIFY(qemuPid() > 0);
    for (const char *file : { "system.qcow2", "data.qcow2", "seed.iso", "serial.log", "id_rsa", "server.pem" })
        QVERIFY2(QFile::exists(machineDir() + QLatin1Char('/') + QLatin1String(file)), file);
    // Every folder of the store, the image cache's too, is the owner's only whatever the umask.
    const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
        | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    QDirIterator folders(m_store, QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    int checked = 0;
    while (folders.hasNext()) {
        const QString folder = folders.next();
        QVERIFY2((QFile::permissions(folder) & others) == QFileDevice::Permissions(), qPrintable(folder));
        ++checked;
    }
    QVERIFY(checked >= 5);
    // QEMU boots the kernel and initrd the image's manifest names for the direct boot.
    QFile manifestFile(m_image + QStringLiteral("/manifest.json"));
    QVERIFY(manifestFile.open(QIODevice::ReadOnly));
    const QJsonObject manifest = QJsonDocument::fromJson(manifestFile.readAll()).object();
    const QString initrd = manifest.value(QLatin1String("initrdFile")).toString(QStringLiteral("initrd.img"));
    QCOMPARE(driverConfig().value(QLatin1String("InitrdFile")).toString(), initrd);
    QFile qemuCmdline(QStringLiteral("/proc/%1/cmdline").arg(qemuPid()));
    QVERIFY(qemuCmdline.open(QIODevice::ReadOnly));
    const QByteArray qemuArgs = qemuCmdline.readAll();
    QVERIFY2(qemuArgs.contains(QByteArray('/' + initrd.toUtf8() + '\0')), qPrintable(initrd));
    // Emulated (TCG): the guest's processes without address-space randomization, which would make QEMU translate
    // their libraries again for each of them, and 128 MB of translation cache per virtual processor.
    const bool emulated = driverConfig().value(QLatin1String("Accelerator")).toString() == QLatin1String("tcg");
    // An argument as /proc/PID/cmdline holds it: ended by a NUL, as the one before it (a "\0..." literal would be an
    // empty QByteArray, which every array contains).
    const auto argument = [](const char *text) -> QByteArray { return QByteArray(1, '\0') + text + '\0'; };
    QVERIFY(qemuArgs.contains(argument("tcg,tb-size=256")));
    // The guest's memory comes from a memfd, which Linux backs without transparent huge pages.
    QVERIFY(qemuArgs.contains(argument("memory-backend-memfd,id=berth-ram,size=1024M")));
    QVERIFY(qemuArgs.contains(argument("q35,memory-backend=berth-ram")));
    QCOMPARE(qemuArgs.contains(QByteArray(QByteArray(1, '\0') + "norandmaps ")), emulated);
    const ProcessResult aslr = berth(
        { QStringLiteral("ssh"), QStringLiteral("vm"), QStringLiteral("cat /proc/sys/kernel/randomize_va_space") });
    QCOMPARE(aslr.standardOutput, emulated ? QByteArray("0\n") : QByteArray("2\n"));
    // The image's own switch for emulated boots (berth-emulated.service) is not started where norandmaps did it.
    const ProcessResult emulatedUnit = berth({ QStringLiteral("ssh"), QStringLiteral("vm"),
        QStringLiteral("systemctl show -p ConditionResult --value berth-emulated.service") });
    QCOMPARE(emulatedUnit.standardOutput, emulated ? QByteArray("no\n") : QByteArray("yes\n"));
    // Docker started configured from the seed on the first boot: the provisioning did not restart
    // it (one start of dockerd in this boot's journal), and no certificate stays on the seed.
    const ProcessResult starts = berth({ QStringLiteral("ssh"), QStringLiteral("vm"),
        QStringLiteral("sudo journalctl -b -u docker -o cat | grep -c 'Starting up'") });
    QVERIFY2(starts.exitCode == 0 && starts.standardOutput == "1\n", qPrintable(starts.describe()));
    // dockerd starts beside containerd, not after it is ready (the image's containerd.service.d): it waits for the
    // system's containerd, never starting one of its own.
    const ProcessResult containerds = berth({ QStringLiteral("ssh"), QStringLiteral("vm"),
        QStringLiteral("pgrep -cx containerd; sudo journalctl -b -u docker -o cat | grep -c 'managed containerd'") });
    QCOMPARE(containerds.standardOutput, QByteArray("1\n0\n"));
    QFile seed(machineDir() + QStringLiteral("/seed.iso"));
    QVERIFY(seed.open(QIODevice::ReadOnly));
    const QByteArray seedBytes = seed.readAll();
    QVERIFY(seedBytes.contains("ssh_authorized_keys"));
    QVERIFY(!seedBytes.contains("write_files"));
    QCOMPARE(seed.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
}

void TestQemu::dockerRunsThroughEnv()
{
    const QProcessEnvironment env = dockerEnv();
    QVERIFY(env.value(QStringLiteral("DOCKER_HOST")).startsWith(QStringLiteral("tcp://127.0.0.1:")));
    const ProcessResult r = loadTestImageAndEchoHello(env, 300000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(r.standardOutput, QByteArray("hello\n"));
}

void TestQemu::dockerContextFollowsTheMachine()
{
    const QStringList inspect { QStringLiteral("--context"), QStringLiteral("vm"), QStringLiteral("image"),
        QStringLiteral("inspect"), QStringLiteral("berth-test/busybox:latest") };
    ProcessResult r = dockerWithoutEnv(inspect);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    // A new CA and client certificate: the context has them, and still reaches the engine.
    r = berth({ QStringLiteral("regenerate-certs"), QStringLiteral("-f"), QStringLiteral("--client-certs"),
        QStringLiteral("vm") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    qInfo("regenerate-certs took %lld ms", r.elapsedMs);
    r = dockerWithoutEnv(inspect);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    // `use`: the machine is the Docker CLI's current context, no --context needed.
    r = berth({ QStringLiteral("use"), QStringLiteral("vm") });
    QVERIFY2(r.exitCode == 0 && r.standardOutput == "vm\n", qPrintable(r.describe()));
    r = dockerWithoutEnv(inspect.mid(2));
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
}

void TestQemu::sharedFolderIsVisibleInContainers()
{
    QFile file(m_share + QStringLiteral("/from-host.txt"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("shared\n");
    file.close();
    const ProcessResult r = runProcess(dockerCli(),
        { QStringLiteral("run"), QStringLiteral("--rm"), QStringLiteral("-v"), m_share + QStringLiteral(":/data"),
            QStringLiteral("berth-test/busybox:latest"), QStringLiteral("cat"), QStringLiteral("/data/from-host.txt") },
        dockerEnv(), 300000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(r.standardOutput, QByteArray("shared\n"));
    // Berth runs as root here, and the image mounts virtiofs: the folder goes through virtiofs, whose virtiofsd acts
    // as the container's user (root here) on this computer.
    QCOMPARE(sharedFolderType(), QByteArray("virtiofs"));
    QVERIFY2(!virtiofsdsOfTheShare().isEmpty(), "no virtiofsd serves the folder");
    // A user of the VM other than root creates a file in a folder everybody may write to: it is that user's here.
    QVERIFY(QFile::setPermissions(m_share,
        QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner | QFileDevice::ReadGroup
            | QFileDevice::WriteGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::WriteOther
            | QFileDevice::ExeOther));
    const ProcessResult write = runProcess(dockerCli(),
        { QStringLiteral("run"), QStringLiteral("--rm"), QStringLiteral("-u"), QStringLiteral("1000:1000"),
            QStringLiteral("-v"), m_share + QStringLiteral(":/data"), QStringLiteral("berth-test/busybox:latest"),
            QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("echo back > /data/from-vm.txt") },
        dockerEnv(), 300000);
    QVERIFY2(write.exitCode == 0, qPrintable(write.describe()));
    QFile back(m_share + QStringLiteral("/from-vm.txt"));
    QVERIFY(back.open(QIODevice::ReadOnly));
    QCOMPARE(back.readAll(), QByteArray("back\n"));
    QCOMPARE(QFileInfo(back).ownerId(), 1000u);
}

QByteArray TestQemu::sharedFolderType()
{
    const ProcessResult r
        = berth({ QStringLiteral("ssh"), QStringLiteral("vm"), QStringLiteral("findmnt -no FSTYPE ") + m_share });
    return r.standardOutput.trimmed();
}

void TestQemu::lsAndStatusShowTheVm()
{
    QCOMPARE(berth({ QStringLiteral("status"), QStringLiteral("vm") }).standardOutput, QByteArray("Running\n"));
    QCOMPARE(berth({ QStringLiteral("ip"), QStringLiteral("vm") }).standardOutput, QByteArray("127.0.0.1\n"));
    const ProcessResult ls = berth({ QStringLiteral("ls"), QStringLiteral("--format"),
        QStringLiteral("{{.Name}} {{.DriverName}} {{.State}} {{.URL}} {{.DockerVersion}}") });
    const QByteArray expected = "vm qemu Running tcp://127.0.0.1:"
        + QByteArray::number(driverConfig().value(QLatin1String("DockerPort")).toInt()) + " v" + imageDockerSeries;
    QVERIFY2(ls.standardOutput.startsWith(expected), qPrintable(ls.describe()));
    const ProcessResult ssh = berth({ QStringLiteral("ssh"), QStringLiteral("vm"), QStringLiteral("hostname") });
    QCOMPARE(ssh.standardOutput, QByteArray("vm\n"));
}

void TestQemu::sshCommandsFindSbinTools()
{
    // Scripts written for boot2docker run `pgrep -f $(which dockerd)` as the docker user.
    const ProcessResult which = berth({ QStringLiteral("ssh"), QStringLiteral("vm"), QStringLiteral("which dockerd") });
    QVERIFY2(which.exitCode == 0, qPrintable(which.describe()));
    QCOMPARE(which.standardOutput, QByteArray("/usr/sbin/dockerd\n"));
    // A login shell (berth ssh without a command) reads /etc/profile, which sets its own PATH.
    const ProcessResult login
        = berth({ QStringLiteral("ssh"), QStringLiteral("vm"), QStringLiteral("bash -lc 'which dockerd'") });
    QVERIFY2(login.exitCode == 0, qPrintable(login.describe()));
    QCOMPARE(login.standardOutput, QByteArray("/usr/sbin/dockerd\n"));
}

namespace {
qint64 residentKb(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    return -1;
}
} // namespace

void TestQemu::idleVmGivesItsFileCacheBack()
{
    // berth-reclaim in the guest: after half a minute with its processors idle, the VM's file cache is reclaimed;
    // free page reporting hands the pages to QEMU, which gives them back to this computer. The guest's journal
    // says how much (one line per reclaim); looked at every 5 s, which keeps the VM idle. First 12 s of work, so that
    // one of its 10-second rounds is busy: a reclaim before this test would otherwise be the last until there was.
    const QString lines = QStringLiteral("sudo journalctl -b -u berth-reclaim -o cat | grep 'berth-reclaim: idle'");
    const ProcessResult earlier = berth({ QStringLiteral("ssh"), QStringLiteral("vm"),
        QStringLiteral("timeout 12 sh -c 'while :; do :; done'; ") + lines + QStringLiteral(" | wc -l") });
    QVERIFY2(earlier.exitCode == 0, qPrintable(earlier.describe()));
    const int seen = earlier.standardOutput.trimmed().toInt();
    const qint64 before = residentKb(qemuPid());
    QVERIFY(before > 0);
    const ProcessResult r = berth({ QStringLiteral("ssh"), QStringLiteral("vm"),
        QStringLiteral(
            "for i in $(seq 36); do sleep 5; n=$(%1 | wc -l); [ \"$n\" -gt %2 ] && { %1 | tail -1; exit 0; }; "
            "done; exit 1")
            .arg(lines)
            .arg(seen) });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    // "berth-reclaim: idle; file cache 171 MB -> 30 MB"
    const QList<QByteArray> words = r.standardOutput.trimmed().split(' ');
    QVERIFY2(words.size() == 9, qPrintable(r.describe()));
    const qint64 cachedMb = words.at(4).toLongLong();
    const qint64 leftMb = words.at(7).toLongLong();
    QVERIFY2(leftMb < cachedMb / 2, qPrintable(r.describe()));
    // Reported in blocks of 64 KB, of which the freed pages fill only some: a part of them reaches QEMU.
    const qint64 expectedKb = before - (cachedMb - leftMb) * 1024 / 4;
    QTRY_VERIFY2_WITH_TIMEOUT(residentKb(qemuPid()) < expectedKb,
        qPrintable(QStringLiteral("QEMU holds %1 kB, held %2 kB before; %3")
                       .arg(residentKb(qemuPid()))
                       .arg(before)
                       .arg(QString::fromUtf8(r.standardOutput))),
        20000);
    qInfo("QEMU's resident memory %lld MB -> %lld MB (guest's file cache %lld MB -> %lld MB)", before / 1024,
        residentKb(qemuPid()) / 1024, cachedMb, leftMb);
}

void TestQemu::panickedGuestStartsAgain()
{
    // A guest kernel that panics starts again (the image's panic=1; QEMU resets the VM), in the same QEMU, with its
    // data disk: nobody has to notice a hung VM and kill it. Its engine answers with the certificates regenerate-certs
    // made (dockerContextFollowsTheMachine), although the seed QEMU keeps open has the first boot's: the image writes
    // a seed's files once on a system disk.
    const qint64 pid = qemuPid();
    QFile console(machineDir() + QStringLiteral("/serial.log"));
    QVERIFY(console.open(QIODevice::ReadOnly));
    const int boots = console.readAll().count("berth: sshd is listening");
    QVERIFY(boots >= 1);
    // The SSH command ends with the guest (or at its timeout).
    berth({ QStringLiteral("ssh"), QStringLiteral("vm"), QStringLiteral("echo c | sudo tee /proc/sysrq-trigger") },
        30000);
    QTRY_VERIFY_WITH_TIMEOUT(console.seek(0) && console.readAll().count("berth: sshd is listening") > boots, 180000);
    QVERIFY(console.seek(0));
    QVERIFY(console.readAll().contains("Kernel panic - not syncing: sysrq triggered crash"));
    QCOMPARE(qemuPid(), pid);
    QCOMPARE(berth({ QStringLiteral("status"), QStringLiteral("vm") }).standardOutput, QByteArray("Running\n"));
    // Docker starts after sshd, with the images of the data disk.
    const QStringList inspect { QStringLiteral("image"), QStringLiteral("inspect"),
        QStringLiteral("berth-test/busybox:latest") };
    QTRY_VERIFY_WITH_TIMEOUT(runProcess(dockerCli(), inspect, dockerEnv(), 60000).exitCode == 0, 90000);
}

void TestQemu::stopEndsTheVm()
{
    // A guest may not hear the first press of its power button: one still booting, whose button driver is not
    // loaded yet or which logind does not watch yet. Here the driver lets go of the button while stop presses it,
    // and takes it again 3 s later: stop presses it again, and the guest powers off (not QEMU's quit 90 s later).
    const QString button = QStringLiteral("echo LNXPWRBN:00 | sudo tee /sys/bus/acpi/drivers/button/%1 >/dev/null");
    ProcessResult r = berth({ QStringLiteral("ssh"), QStringLiteral("vm"), button.arg(QStringLiteral("unbind")) });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QProcess stop;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DOCKER_HOST"));
    stop.setProcessEnvironment(env);
    QElapsedTimer stopTime;
    stopTime.start();
    stop.start(berthCliPath(), { QStringLiteral("-s"), m_store, QStringLiteral("stop"), QStringLiteral("vm") });
    QVERIFY(stop.waitForStarted());
    QThread::sleep(3);
    QVERIFY2(qemuPid() > 0, "the guest powered off without its button");
    r = berth({ QStringLiteral("ssh"), QStringLiteral("vm"), button.arg(QStringLiteral("bind")) });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY(stop.waitForFinished(120000));
    QVERIFY2(stop.exitCode() == 0, stop.readAllStandardError().constData());
    qInfo("stop took %lld ms", stopTime.elapsed());
    QVERIFY2(stopTime.elapsed() < 60000, "stop did not press the power button again");
    QFile console(machineDir() + QStringLiteral("/serial.log"));
    QVERIFY(console.open(QIODevice::ReadOnly));
    QVERIFY2(console.readAll().contains("reboot: Power down"), "the guest did not power itself off");
    QCOMPARE(berth({ QStringLiteral("status"), QStringLiteral("vm") }).standardOutput, QByteArray("Stopped\n"));
    QCOMPARE(qemuPid(), 0);
    // A stopped VM has no URL, as docker-machine says (its state comes from the QEMU process).
    r = berth({ QStringLiteral("url"), QStringLiteral("vm") });
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.standardError, QByteArray("Host is not running\n"));
}

// One boot for four things a start meets:
// - QEMU killed from outside: the machine reads Stopped and starts again;
// - its Docker port taken meanwhile: start chooses another, and env follows;
// - a machine an older Berth made: its config.json names no kernel or initrd, and its copy of the image has
//   vmlinuz and the generic initrd.img (the boot ISO's), which boot with the virtio disks (boot-check.sh's
//   boot 2), keeping the host key and the data;
// - a reader of its pipes: bats reads a test's output through fd 3, a build tool through its pipes; once berth
//   exits, the reader must see EOF although the VM berth started runs on.
void TestQemu::killedOlderMachineStartsAgain()
{
    const qint64 pid = qemuPid();
    QVERIFY(pid > 0);
    QCOMPARE(::kill(static_cast<pid_t>(pid), SIGKILL), 0);
    QTRY_COMPARE_WITH_TIMEOUT(qemuPid(), 0, 10000);
    QCOMPARE(berth({ QStringLiteral("status"), QStringLiteral("vm") }).standardOutput, QByteArray("Stopped\n"));
    const int oldPort = driverConfig().value(QLatin1String("DockerPort")).toInt();
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, static_cast<quint16>(oldPort)));

    QFile config(machineDir() + QStringLiteral("/config.json"));
    QVERIFY(config.open(QIODevice::ReadOnly));
    QJsonObject root = QJsonDocument::fromJson(config.readAll()).object();
    config.close();
    QJsonObject driver = root.value(QLatin1String("Driver")).toObject();
    QVERIFY(driver.contains(QLatin1String("KernelFile")) && driver.contains(QLatin1String("InitrdFile")));
    QVERIFY(driver.value(QLatin1String("InitrdFile")).toString() != QLatin1String("initrd.img"));
    driver.remove(QStringLiteral("KernelFile"));
    driver.remove(QStringLiteral("InitrdFile"));
    // Nor did it know of virtiofs: its folder goes through 9p, which every image mounts.
    QVERIFY(driver.value(QLatin1String("ImageMountsVirtiofs")).toBool());
    driver.remove(QStringLiteral("ImageMountsVirtiofs"));
    driver.remove(QStringLiteral("ShareProtocol"));
    root.insert(QStringLiteral("Driver"), driver);
    QVERIFY(config.open(QIODevice::WriteOnly | QIODevice::Truncate));
    config.write(QJsonDocument(root).toJson());
    config.close();
    const QString storeImage = driver.value(QLatin1String("ImageDir")).toString();
    for (const QString &name : { QStringLiteral("vmlinuz"), QStringLiteral("initrd.img") }) {
        QFile::remove(storeImage + QLatin1Char('/') + name);
        QVERIFY(QFile::copy(m_image + QLatin1Char('/') + name, storeImage + QLatin1Char('/') + name));
    }

    const QString exitFile = m_dir.filePath(QStringLiteral("start-exit"));
    const QString logFile = m_dir.filePath(QStringLiteral("start-log"));
    QFile::remove(exitFile);
    // berth's fd 3 is the write end of the pipe `cat` reads; `cat` ends at that pipe's EOF.
    const QString script
        = QStringLiteral("{ \"$0\" -s \"$1\" start vm 3>&1 >\"$2\" 2>&1; echo $? >\"$3\"; } | cat >/dev/null");
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("BERTH_VM_IMAGE"), m_image);
    QProcess shell;
    shell.setProcessEnvironment(env);
    shell.start(QStringLiteral("/bin/sh"),
        { QStringLiteral("-c"), script, QStringLiteral(BERTH_CLI_PATH), m_store, logFile, exitFile });
    QVERIFY(shell.waitForStarted(10000));
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(exitFile) || shell.state() == QProcess::NotRunning, 480000);
    QFile log(logFile);
    const QByteArray output = log.open(QIODevice::ReadOnly) ? log.readAll() : QByteArray();
    QFile exitCode(exitFile);
    QVERIFY2(exitCode.open(QIODevice::ReadOnly), QByteArray("berth start did not end: " + output).constData());
    QVERIFY2(exitCode.readAll().trimmed() == "0", output.constData());
    // berth has exited: only a descriptor held elsewhere keeps the pipe open now.
    // The shell may have been reaped already while QTRY spun the event loop; waitForFinished() then
    // returns false at once.
    const bool ended = shell.state() == QProcess::NotRunning || shell.waitForFinished(15000);
    if (!ended)
        shell.kill();
    QVERIFY2(ended, "berth start ended, but the pipe on its fd 3 stayed open: QEMU inherited it");
    QVERIFY2(qemuPid() > 0, "the VM is not running after start");

    // Another Docker port, which env gives.
    const int newPort = driverConfig().value(QLatin1String("DockerPort")).toInt();
    QVERIFY(newPort != oldPort && newPort > 0);
    const QProcessEnvironment docker = dockerEnv();
    QCOMPARE(docker.value(QStringLiteral("DOCKER_HOST")), QStringLiteral("tcp://127.0.0.1:%1").arg(newPort));
    // The generic pair booted, with the host key (berth ssh holds it to the one it pinned) and the data kept.
    QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(qemuPid()));
    QVERIFY(cmdline.open(QIODevice::ReadOnly));
    const QByteArray qemuArgs = cmdline.readAll();
    const auto argument = [&](const char *file) {
        return qemuArgs.contains(QByteArray(QString(storeImage + QLatin1Char('/')).toUtf8() + file + '\0'));
    };
    QVERIFY2(argument("vmlinuz") && argument("initrd.img"), qemuArgs.constData());
    QVERIFY2(
        qemuArgs.contains(QByteArray(QByteArray(1, '\0') + "-virtfs" + '\0')) && !qemuArgs.contains("vhost-user-fs"),
        qemuArgs.constData());
    QCOMPARE(sharedFolderType(), QByteArray("9p"));
    const ProcessResult read = berth({ QStringLiteral("ssh"), QStringLiteral("vm"),
        QStringLiteral("cat ") + m_share + QStringLiteral("/from-host.txt") });
    QCOMPARE(read.standardOutput, QByteArray("shared\n"));
    const ProcessResult ssh = berth({ QStringLiteral("ssh"), QStringLiteral("vm"), QStringLiteral("uname -r") });
    QVERIFY2(ssh.exitCode == 0, qPrintable(ssh.describe()));
    const ProcessResult image = runProcess(dockerCli(),
        { QStringLiteral("image"), QStringLiteral("inspect"), QStringLiteral("berth-test/busybox:latest") }, docker,
        120000);
    QVERIFY2(image.exitCode == 0, qPrintable(image.describe()));
    // The machine's context follows the new port: the current context (set by `use` before) reaches it.
    const ProcessResult current = dockerWithoutEnv(
        { QStringLiteral("image"), QStringLiteral("inspect"), QStringLiteral("berth-test/busybox:latest") });
    QVERIFY2(current.exitCode == 0, qPrintable(current.describe()));
}

void TestQemu::deletedDiskIsReported()
{
    // Stopped by stopEndsTheVm.
    QCOMPARE(qemuPid(), 0);
    const QString data = machineDir() + QStringLiteral("/data.qcow2");
    QVERIFY(QFile::rename(data, data + QStringLiteral(".aside")));
    const ProcessResult r = berth({ QStringLiteral("start"), QStringLiteral("vm") }, 60000);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.standardError.contains("data.qcow2 is missing"), qPrintable(r.describe()));
    QCOMPARE(qemuPid(), 0);
    QVERIFY(QFile::rename(data + QStringLiteral(".aside"), data));
}

void TestQemu::wrongKeyIsDiagnosed()
{
    // The machine's key no longer matches what the guest accepts (as with a seed carrying a wrong key).
    const QString key = machineDir() + QStringLiteral("/id_rsa");
    QVERIFY(QFile::rename(key, key + QStringLiteral(".aside")));
    const ProcessResult gen = runProcess(QStringLiteral("ssh-keygen"),
        { QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("rsa"), QStringLiteral("-N"), QString(),
            QStringLiteral("-m"), QStringLiteral("PEM"), QStringLiteral("-f"), key });
    QVERIFY2(gen.exitCode == 0, qPrintable(gen.describe()));
    ProcessResult r = berth({ QStringLiteral("start"), QStringLiteral("vm") }, 300000);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.standardError.contains("refuses the machine's key"), qPrintable(r.describe()));
    QVERIFY2(r.standardError.contains("console"), qPrintable(r.describe()));
    QVERIFY(QFile::remove(key));
    QVERIFY(QFile::remove(key + QStringLiteral(".pub")));
    QVERIFY(QFile::rename(key + QStringLiteral(".aside"), key));

    // That start booted the VM and left it running: starting it again is an error, as in docker-machine. Its images
    // were kept on the data disk through the stop and that boot.
    r = berth({ QStringLiteral("start"), QStringLiteral("vm") });
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.standardError, QByteArray("Machine \"vm\" is already running.\n"));
    r = runProcess(dockerCli(),
        { QStringLiteral("image"), QStringLiteral("inspect"), QStringLiteral("berth-test/busybox:latest") },
        dockerEnv(), 120000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
}

void TestQemu::upgradeKeepsData()
{
    // A newer image: the same files under another version, as the next build would be.
    QString newVersion;
    QString error;
    const QString newer = makeNewerImage(driverConfig().value(QLatin1String("ImageDir")).toString(),
        m_dir.filePath(QStringLiteral("newer-image")), &newVersion, &error);
    QVERIFY2(!newer.isEmpty(), qPrintable(error));

    // Running since killedOlderMachineStartsAgain.
    ProcessResult r
        = berth({ QStringLiteral("ssh"), QStringLiteral("vm"), QStringLiteral("echo kept > /home/docker/note") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    // A running machine is stopped for its new system disk, and started again (tst_vboxlifecycle and
    // tst_hypervlifecycle upgrade stopped machines, which are started as docker-machine starts them, so that Docker on
    // the new system disk is configured right away).

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("BERTH_VM_IMAGE"), newer);
    r = runBerth({ QStringLiteral("-s"), m_store, QStringLiteral("upgrade"), QStringLiteral("vm") }, env, 900000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY2(r.standardOutput.contains("Stopping the VM to replace its system disk"), qPrintable(r.describe()));
    qInfo("upgrade took %lld ms", r.elapsedMs);
    QCOMPARE(driverConfig().value(QLatin1String("ImageVersion")).toString(), newVersion);
    r = berth({ QStringLiteral("status"), QStringLiteral("vm") });
    QCOMPARE(r.standardOutput, QByteArray("Running\n"));
    // Same host key (kept on the data disk), same home, same Docker images.
    r = berth({ QStringLiteral("ssh"), QStringLiteral("vm"), QStringLiteral("cat /home/docker/note") });
    QVERIFY2(r.exitCode == 0 && r.standardOutput == "kept\n", qPrintable(r.describe()));
    // The older machine's folder went through 9p; its new image mounts virtiofs, which it now goes through.
    QCOMPARE(driverConfig().value(QLatin1String("ImageMountsVirtiofs")).toBool(), true);
    QCOMPARE(sharedFolderType(), QByteArray("virtiofs"));
    r = runProcess(dockerCli(),
        { QStringLiteral("image"), QStringLiteral("inspect"), QStringLiteral("berth-test/busybox:latest") },
        dockerEnv(), 120000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    // Nothing newer: nothing to do.
    r = runBerth({ QStringLiteral("-s"), m_store, QStringLiteral("upgrade"), QStringLiteral("vm") }, env, 60000);
    QVERIFY2(r.exitCode == 0 && r.standardOutput.contains("already runs the newest image"), qPrintable(r.describe()));
}

void TestQemu::killAndRmLeaveNothing()
{
    ProcessResult r = berth({ QStringLiteral("kill"), QStringLiteral("vm") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(qemuPid(), 0);
    r = berth({ QStringLiteral("rm"), QStringLiteral("-y"), QStringLiteral("vm") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY(!QDir(machineDir()).exists());
    // Its Docker context went with it, and the Docker CLI's own default is current again.
    const ProcessResult contexts = dockerWithoutEnv(
        { QStringLiteral("context"), QStringLiteral("ls"), QStringLiteral("--format"), QStringLiteral("{{.Name}}") });
    QCOMPARE(contexts.standardOutput, QByteArray("default\n"));
    // No QEMU of this store is left, nor a virtiofsd of its folder.
    const ProcessResult ps = runProcess(QStringLiteral("pgrep"), { QStringLiteral("-f"), m_store });
    QVERIFY2(ps.standardOutput.trimmed().isEmpty(), ps.standardOutput.constData());
    const QStringList virtiofsd = virtiofsdsOfTheShare();
    QVERIFY2(virtiofsd.isEmpty(), qPrintable(virtiofsd.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TestQemu)
#include "tst_qemu.moc"
