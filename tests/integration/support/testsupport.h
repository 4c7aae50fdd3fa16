#pragma once

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace berth::test {

struct ProcessResult {
    int exitCode = -1;
    QByteArray standardOutput;
    QByteArray standardError;
    qint64 elapsedMs = 0;
    QString describe() const; // for failure messages
};

// Runs program with an argv list; kills it after timeoutMs.
ProcessResult runProcess(const QString &program, const QStringList &args,
    const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(), int timeoutMs = 300000,
    const QByteArray &standardInput = {});

// The built `berth` binary, and a run of it.
QString berthCliPath();
ProcessResult runBerth(const QStringList &args,
    const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(), int timeoutMs = 300000,
    const QByteArray &standardInput = {});

// Parses bash `export NAME="value"` lines (berth env output) into env.
void applyExports(const QByteArray &exports, QProcessEnvironment *env);

// A real Docker host in a network namespace (tests/host/testhost.sh): sshd answering, Docker
// installed but not configured. Stopped when destroyed.
class TestHost {
public:
    TestHost() = default;
    ~TestHost();
    TestHost(const TestHost &) = delete;
    TestHost &operator=(const TestHost &) = delete;

    bool start(const QString &name, int index, QString *error);
    void stop();
    // A `docker load` tarball of a busybox image, written once per process.
    static QString imageTarball(QString *imageName, QString *error);
    // An address routed to this host that nothing answers: the host does not forward, so a SYN is
    // dropped without a reply, as for a machine that is off. The route goes with the host's veth.
    QString blackholeAddress(QString *error);

    QString ip;
    QString sshKey;
    QString stateDir;

private:
    QString m_name;
    int m_index = 0;
};

// The PowerShell + Hyper-V double (tests/doubles/powershell) where Berth finds it: first on PATH, its Hyper-V
// in hypervHome, the user's home in home, no DOCKER_HOST.
QProcessEnvironment hypervDoubleEnvironment(QProcessEnvironment env, const QString &hypervHome, const QString &home);
// `powershell -NoProfile -NonInteractive -Command COMMAND` of the double.
ProcessResult runPowerShellDouble(const QString &command, const QProcessEnvironment &env);

// `GET path` over HTTP/1.0 at host:port, as a browser would ask a published port: the whole answer (head and body),
// empty when nothing accepted the connection within waitMs (each read waits as long).
QByteArray httpGet(const QString &host, quint16 port, const QByteArray &path, int waitMs);

// The pid in a QEMU machine's folder (qemu.pid) while that process lives; 0 otherwise.
qint64 runningQemuPid(const QString &machineDir);

// Debian's docker CLI (the docker.io package).
QString dockerCli();

// Loads the test image (TestHost::imageTarball) into the engine env points at and runs
// `echo hello` in a container of it, both with the real docker CLI: the result of the step that
// failed, else of the run.
ProcessResult loadTestImageAndEchoHello(const QProcessEnvironment &env, int timeoutMs);

// The Berth VM image folder: installer/vm-image/build.sh's output (built once, then cached), or BERTH_VM_IMAGE.
QString vmImageDir(QString *error);
// The Debian 12 image machines of Berth 0.1 were made from (BERTH_IMAGE_SUITE=bookworm installer/vm-image/build.sh),
// or BERTH_VM_IMAGE_BOOKWORM.
QString bookwormVmImageDir(QString *error);
// The first two parts of the Docker engine's version in the image installer/vm-image/build.sh makes ("26.1."), as
// `docker version` and `berth ls` give it.
inline constexpr char imageDockerSeries[] = "26.1.";

// The boot2docker stand-in's ISO (tests/fixtures/boot2docker/build.sh, built once from the VM image in
// imageDir, then cached); empty with what went wrong in *error.
QString boot2dockerIso(const QString &imageDir, QString *error);

// For a test whose VMs need networks of their own (host-only adapters, switches): call it from main(),
// before QCoreApplication and any thread. It finds the VM image first (building it needs Debian's mirror),
// then moves the process into a new network namespace with only lo up, so the bridges, DHCP servers, VMs
// and forwarded ports the test makes exist only there. Empty when all went well, else what went wrong.
QString isolateNetwork(QString *imageDir);

// A newer VM image as the next build would be: imageDir's files hard-linked into dir, the manifest's version with
// "-next" added (in *version). Empty, with *error, when it could not be made.
QString makeNewerImage(const QString &imageDir, const QString &dir, QString *version, QString *error);

// A Secret Service of the test's own, as a desktop session has one: a private D-Bus session bus (its own
// configuration: no service is activated behind the test's back) with gnome-keyring-daemon in it, its login keyring
// made and unlocked with keyringPassword, its files under root/home. Stopped when destroyed.
class SecretService {
public:
    static constexpr char keyringPassword[] = "keyring-unlock-pw";

    SecretService() = default;
    ~SecretService();
    SecretService(const SecretService &) = delete;
    SecretService &operator=(const SecretService &) = delete;

    // false with why (a missing tool: run scripts/setup.sh --test).
    bool start(const QString &root, QString *error);
    // env on this session's bus, with root's HOME and XDG folders and no desktop (QtKeychain then asks the
    // Secret Service, as on a desktop without KWallet).
    QProcessEnvironment environment(QProcessEnvironment env) const;
    // Whether the keyring answers on the bus (owns org.freedesktop.secrets).
    bool keyringAnswers() const;
    void stopKeyring();
    // The keyring, then the bus.
    void stop();

private:
    QString m_root;
    QString m_busAddress;
    qint64 m_busPid = 0;
    QProcess m_keyring;
};

// This machine's processes (but the test's own) whose command line holds text, as "PID ARGS..." lines: what a
// test left running.
QStringList processesMentioning(const QString &text);

} // namespace berth::test
