// End to end against a real host: sshd and dockerd in a network namespace (tests/host/testhost.sh),
// provisioned by `berth create -d generic`, used by the real docker CLI through `berth env`.
#include "support/testsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace berth::test;

class TestGeneric : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void createProvisionsDocker();
    void dockerCliWorksThroughEnv();
    void lsShowsRunningEngine();
    void lsResumesTlsSessions();
    void statusIpUrlConfigInspect();
    void sshRunsCommands();
    void scpCopiesBothWays();
    void regenerateCertsKeepsDockerWorking();
    void engineOptionsReachDockerLiterally();
    void daemonJsonSettingAFlagIsRefused();
    void noneDriverUsesExistingEngine();
    void changedHostKeyIsRefused();
    void wrongKeyFailsFast();
    void closedPortFailsFast();
    void unreachableAddressFailsInBoundedTime();
    void rmRemovesMachine();

private:
    berth::test::ProcessResult berth(const QStringList &args, int timeoutMs = 300000);
    QProcessEnvironment dockerEnv(const QString &machine);

    TestHost m_host;
    QTemporaryDir m_dir;
    QString m_store;
};

berth::test::ProcessResult TestGeneric::berth(const QStringList &args, int timeoutMs)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("SHELL"), QStringLiteral("/bin/bash"));
    env.remove(QStringLiteral("DOCKER_HOST"));
    return runBerth(QStringList { QStringLiteral("-s"), m_store } + args, env, timeoutMs);
}

QProcessEnvironment TestGeneric::dockerEnv(const QString &machine)
{
    const ProcessResult env = berth({ QStringLiteral("env"), machine });
    if (env.exitCode != 0)
        qWarning() << env.describe();
    QProcessEnvironment result = QProcessEnvironment::systemEnvironment();
    result.insert(QStringLiteral("HOME"), m_dir.path()); // no ~/.docker/config.json of the machine's user
    applyExports(env.standardOutput, &result);
    return result;
}

void TestGeneric::initTestCase()
{
    if (geteuid() != 0)
        QFAIL("integration tests need root: they start test hosts in network namespaces");
    QVERIFY(m_dir.isValid());
    m_store = m_dir.filePath(QStringLiteral("store"));
    QString error;
    QVERIFY2(m_host.start(QStringLiteral("gen"), 11, &error), qPrintable(error));
}

void TestGeneric::cleanupTestCase()
{
    m_host.stop();
}

void TestGeneric::createProvisionsDocker()
{
    const ProcessResult r = berth({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("generic"),
        QStringLiteral("--generic-ip-address"), m_host.ip, QStringLiteral("--generic-ssh-user"), QStringLiteral("root"),
        QStringLiteral("--generic-ssh-key"), m_host.sshKey, QStringLiteral("--engine-storage-driver"),
        QStringLiteral("overlay2"), QStringLiteral("--engine-label"), QStringLiteral("purpose=test"),
        QStringLiteral("--engine-env"), QStringLiteral("BERTH_TEST=yes it is"), QStringLiteral("--tls-san"),
        QStringLiteral("box.example.test"), QStringLiteral("box") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY2(r.standardOutput.contains("Docker is up and running!"), qPrintable(r.describe()));
    qInfo("create -d generic took %lld ms", r.elapsedMs);
    const QString dir = m_store + QStringLiteral("/machines/box/");
    for (const char *file :
        { "config.json", "id_rsa", "ca.pem", "cert.pem", "key.pem", "server.pem", "server-key.pem" })
        QVERIFY2(QFile::exists(dir + QLatin1String(file)), file);
    struct stat info { };
    QCOMPARE(::stat(QFile::encodeName(dir + QStringLiteral("id_rsa")).constData(), &info), 0);
    QCOMPARE(info.st_mode & 0777, 0600u);
}

void TestGeneric::dockerCliWorksThroughEnv()
{
    const QProcessEnvironment env = dockerEnv(QStringLiteral("box"));
    QCOMPARE(env.value(QStringLiteral("DOCKER_HOST")), QStringLiteral("tcp://%1:2376").arg(m_host.ip));
    QCOMPARE(env.value(QStringLiteral("DOCKER_TLS_VERIFY")), QStringLiteral("1"));
    ProcessResult r = runProcess(dockerCli(),
        { QStringLiteral("version"), QStringLiteral("--format"), QStringLiteral("{{.Server.Version}}") }, env, 60000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY(!r.standardOutput.trimmed().isEmpty());

    // The engine options reached dockerd: label and storage driver.
    r = runProcess(dockerCli(),
        { QStringLiteral("info"), QStringLiteral("--format"), QStringLiteral("{{.Driver}} {{json .Labels}}") }, env,
        60000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY2(r.standardOutput.startsWith("overlay2 "), r.standardOutput.constData());
    QVERIFY2(r.standardOutput.contains("purpose=test") && r.standardOutput.contains("provider=generic"),
        r.standardOutput.constData());

    r = loadTestImageAndEchoHello(env, 120000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(r.standardOutput, QByteArray("hello\n"));
}

void TestGeneric::lsShowsRunningEngine()
{
    ProcessResult r = berth({ QStringLiteral("ls") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const QList<QByteArray> lines = r.standardOutput.split('\n');
    QVERIFY(lines.first().startsWith("NAME   ACTIVE   DRIVER    STATE     URL"));
    const QByteArray row = lines.at(1);
    const QByteArray expected = QByteArray("box    -        generic   Running   tcp://") + m_host.ip.toUtf8() + ":2376";
    QVERIFY2(row.startsWith(expected), row.constData());
    QVERIFY2(row.contains(" v20.10."), row.constData());

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DOCKER_HOST"), QStringLiteral("tcp://%1:2376").arg(m_host.ip));
    r = runBerth({ QStringLiteral("-s"), m_store, QStringLiteral("ls"), QStringLiteral("--format"),
                     QStringLiteral("{{.Name}} {{.Active}} {{.State}}") },
        env);
    QCOMPARE(r.standardOutput, QByteArray("box * Running\n"));
    r = runBerth({ QStringLiteral("-s"), m_store, QStringLiteral("active") }, env);
    QCOMPARE(r.standardOutput, QByteArray("box\n"));
    r = berth({ QStringLiteral("version"), QStringLiteral("box") });
    QVERIFY2(r.exitCode == 0 && r.standardOutput.startsWith("20.10."), qPrintable(r.describe()));
}

// Each ls asks the engine over TLS; the session of the last connection is kept in the store, and dockerd
// resumes it (--debug names each request's handshake).
void TestGeneric::lsResumesTlsSessions()
{
    const QString kept = m_store + QStringLiteral("/.tls-sessions/box");
    QVERIFY(QFile::exists(kept));
    struct stat info { };
    QCOMPARE(::stat(QFile::encodeName(kept).constData(), &info), 0);
    QCOMPARE(info.st_mode & 0777, 0600u);
    ProcessResult r = berth({ QStringLiteral("--debug"), QStringLiteral("ls") });
    QVERIFY2(r.exitCode == 0 && r.standardOutput.contains(" v20.10."), qPrintable(r.describe()));
    QVERIFY2(r.standardError.contains("\"/_ping\" 200 0 resumed"), qPrintable(r.describe()));

    // Without it: a full handshake, and a session kept again.
    QVERIFY(QFile::remove(kept));
    r = berth({ QStringLiteral("--debug"), QStringLiteral("ls") });
    QVERIFY2(r.exitCode == 0 && r.standardOutput.contains(" v20.10."), qPrintable(r.describe()));
    QVERIFY2(r.standardError.contains("\"/_ping\" 200 0 full handshake"), qPrintable(r.describe()));
    QVERIFY(QFile::exists(kept));
}

void TestGeneric::statusIpUrlConfigInspect()
{
    QCOMPARE(berth({ QStringLiteral("status"), QStringLiteral("box") }).standardOutput, QByteArray("Running\n"));
    QCOMPARE(berth({ QStringLiteral("ip"), QStringLiteral("box") }).standardOutput, m_host.ip.toUtf8() + '\n');
    QCOMPARE(berth({ QStringLiteral("url"), QStringLiteral("box") }).standardOutput,
        QStringLiteral("tcp://%1:2376\n").arg(m_host.ip).toUtf8());
    const ProcessResult config = berth({ QStringLiteral("config"), QStringLiteral("box") });
    QCOMPARE(config.standardOutput,
        QStringLiteral("--tlsverify\n--tlscacert=\"%1/machines/box/ca.pem\"\n--tlscert=\"%1/machines/box/cert.pem\"\n"
                       "--tlskey=\"%1/machines/box/key.pem\"\n-H=tcp://%2:2376\n")
            .arg(m_store, m_host.ip)
            .toUtf8());
    const ProcessResult inspect = berth({ QStringLiteral("inspect"), QStringLiteral("-f"),
        QStringLiteral("{{.Driver.IPAddress}} {{.HostOptions.AuthOptions.ServerCertRemotePath}}"),
        QStringLiteral("box") });
    QCOMPARE(inspect.standardOutput, m_host.ip.toUtf8() + " /etc/docker/server.pem\n");
}

void TestGeneric::sshRunsCommands()
{
    ProcessResult r
        = berth({ QStringLiteral("ssh"), QStringLiteral("box"), QStringLiteral("uname"), QStringLiteral("-s") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(r.standardOutput, QByteArray("Linux\n"));
    r = berth({ QStringLiteral("ssh"), QStringLiteral("box"), QStringLiteral("exit 7") });
    QCOMPARE(r.exitCode, 7);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    r = runBerth({ QStringLiteral("-s"), m_store, QStringLiteral("ssh"), QStringLiteral("box"), QStringLiteral("cat") },
        env, 60000, "through stdin\n");
    QCOMPARE(r.standardOutput, QByteArray("through stdin\n"));
}

void TestGeneric::scpCopiesBothWays()
{
    const QString local = m_dir.filePath(QStringLiteral("payload.bin"));
    QByteArray payload;
    for (int i = 0; i < 200000; ++i)
        payload.append(static_cast<char>(i * 7));
    QFile file(local);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(payload);
    file.close();
    ProcessResult r = berth({ QStringLiteral("scp"), local, QStringLiteral("box:/tmp/payload.bin") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const QString back = m_dir.filePath(QStringLiteral("back.bin"));
    r = berth({ QStringLiteral("scp"), QStringLiteral("box:/tmp/payload.bin"), back });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QFile copy(back);
    QVERIFY(copy.open(QIODevice::ReadOnly));
    QCOMPARE(copy.readAll(), payload);

    // A folder needs -r, and then comes back whole.
    const QString tree = m_dir.filePath(QStringLiteral("tree"));
    QVERIFY(QDir().mkpath(tree + QStringLiteral("/sub")));
    QFile leaf(tree + QStringLiteral("/sub/leaf.txt"));
    QVERIFY(leaf.open(QIODevice::WriteOnly));
    leaf.write("leaf\n");
    leaf.close();
    r = berth({ QStringLiteral("scp"), tree, QStringLiteral("box:/tmp/tree") });
    QVERIFY2(r.exitCode != 0 && r.standardError.contains("-r"), qPrintable(r.describe()));
    r = berth({ QStringLiteral("scp"), QStringLiteral("-r"), tree, QStringLiteral("box:/tmp/tree") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    r = berth({ QStringLiteral("ssh"), QStringLiteral("box"), QStringLiteral("cat /tmp/tree/sub/leaf.txt") });
    QCOMPARE(r.standardOutput, QByteArray("leaf\n"));
    const QString treeBack = m_dir.filePath(QStringLiteral("treeback"));
    r = berth({ QStringLiteral("scp"), QStringLiteral("-r"), QStringLiteral("box:/tmp/tree"), treeBack });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QFile leafBack(treeBack + QStringLiteral("/sub/leaf.txt"));
    QVERIFY(leafBack.open(QIODevice::ReadOnly));
    QCOMPARE(leafBack.readAll(), QByteArray("leaf\n"));
}

void TestGeneric::regenerateCertsKeepsDockerWorking()
{
    const QString serverCert = m_store + QStringLiteral("/machines/box/server.pem");
    QFile before(serverCert);
    QVERIFY(before.open(QIODevice::ReadOnly));
    const QByteArray oldCert = before.readAll();
    before.close();
    QFile keptSession(m_store + QStringLiteral("/.tls-sessions/box"));
    QVERIFY(keptSession.open(QIODevice::ReadOnly));
    const QByteArray oldSession = keptSession.readAll();
    keptSession.close();
    const ProcessResult r = berth({ QStringLiteral("regenerate-certs"), QStringLiteral("-f"), QStringLiteral("box") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    qInfo("regenerate-certs took %lld ms", r.elapsedMs);
    QFile after(serverCert);
    QVERIFY(after.open(QIODevice::ReadOnly));
    QVERIFY(after.readAll() != oldCert);
    const ProcessResult version
        = runProcess(dockerCli(), { QStringLiteral("version") }, dockerEnv(QStringLiteral("box")), 60000);
    QVERIFY2(version.exitCode == 0, qPrintable(version.describe()));
    // The restarted engine no longer knows a session of before: ls makes a full handshake instead.
    QVERIFY(keptSession.open(QIODevice::WriteOnly));
    keptSession.write(oldSession);
    keptSession.close();
    ProcessResult ls = berth({ QStringLiteral("--debug"), QStringLiteral("ls") });
    QVERIFY2(ls.exitCode == 0 && ls.standardOutput.contains(" v20.10."), qPrintable(ls.describe()));
    QVERIFY2(ls.standardError.contains("\"/_ping\" 200 0 full handshake"), qPrintable(ls.describe()));

    // A machine whose address moved away from its certificate: env says so and what to run.
    const QString config = m_store + QStringLiteral("/machines/box/config.json");
    QFile file(config);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray original = file.readAll();
    file.close();
    QByteArray moved = original;
    const QByteArray address = QByteArray("\"IPAddress\": \"") + m_host.ip.toUtf8() + '"';
    moved.replace(address, "\"IPAddress\": \"10.213.11.1\"");
    QVERIFY(moved != original);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(moved);
    file.close();
    const ProcessResult env = berth({ QStringLiteral("env"), QStringLiteral("box") });
    QCOMPARE(env.exitCode, 1);
    QVERIFY2(env.standardError.contains("not valid for 10.213.11.1")
            && env.standardError.contains("berth regenerate-certs box"),
        qPrintable(env.describe()));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(original);
    file.close();
}

void TestGeneric::engineOptionsReachDockerLiterally()
{
    // The test host has no systemd: Debian's /etc/init.d/docker expands $DOCKER_OPTS unquoted, in
    // root's home, where these names exist, so a glob would become them.
    ProcessResult r = berth({ QStringLiteral("ssh"), QStringLiteral("box"), QStringLiteral("touch glob=match q=ab") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    // The labels as a config.json holds them (create would put them there).
    const QString config = m_store + QStringLiteral("/machines/box/config.json");
    QFile file(config);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
    file.close();
    const QJsonValue labels = json.value(QLatin1String("HostOptions"))
                                  .toObject()
                                  .value(QLatin1String("EngineOptions"))
                                  .toObject()
                                  .value(QLatin1String("Labels"));
    // config.json with these labels in HostOptions.EngineOptions.
    const auto writeLabels = [&](const QJsonValue &value) {
        QJsonObject host = json.value(QLatin1String("HostOptions")).toObject();
        QJsonObject engine = host.value(QLatin1String("EngineOptions")).toObject();
        engine.insert(QStringLiteral("Labels"), value);
        host.insert(QStringLiteral("EngineOptions"), engine);
        json.insert(QStringLiteral("HostOptions"), host);
        QFile out(config);
        return out.open(QIODevice::WriteOnly | QIODevice::Truncate) && out.write(QJsonDocument(json).toJson()) > 0;
    };
    QVERIFY(writeLabels(QJsonArray {
        QStringLiteral("purpose=test"), QStringLiteral("glob=*"), QStringLiteral("q=a?"), QStringLiteral("pct=a%z") }));

    r = berth({ QStringLiteral("provision"), QStringLiteral("box") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    r = runProcess(dockerCli(),
        { QStringLiteral("info"), QStringLiteral("--format"), QStringLiteral("{{json .Labels}}") },
        dockerEnv(QStringLiteral("box")), 60000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const QJsonArray seen = QJsonDocument::fromJson(r.standardOutput).array();
    for (const char *label : { "glob=*", "q=a?", "pct=a%z", "purpose=test" })
        QVERIFY2(seen.contains(QLatin1String(label)), r.standardOutput.constData());

    // A label the init script would run as a command is refused before the host is touched.
    QVERIFY(writeLabels(QJsonArray { QStringLiteral("x=1;reboot") }));
    r = berth({ QStringLiteral("provision"), QStringLiteral("box") });
    QVERIFY2(r.exitCode == 1 && r.standardError.contains("shell syntax"), qPrintable(r.describe()));

    writeLabels(labels);
}

// A daemon.json that sets what Berth's flags set would stop the engine from starting at its next start: provisioning
// refuses, says which key, and leaves the host's files as they were.
void TestGeneric::daemonJsonSettingAFlagIsRefused()
{
    const auto onHost = [this](const QString &command) {
        return berth({ QStringLiteral("ssh"), QStringLiteral("box"), command });
    };
    ProcessResult r = onHost(QStringLiteral("printf '{\"labels\": [\"site=lab\"]}\\n' >/etc/docker/daemon.json && "
                                            "md5sum /etc/default/docker"));
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const QByteArray defaultsBefore = r.standardOutput;
    // The real dockerd with that file and a label flag, as Berth starts it: it refuses, naming the key.
    r = onHost(QStringLiteral("timeout 20 dockerd --config-file /etc/docker/daemon.json --label provider=generic "
                              "-H unix:///tmp/conflict.sock --data-root /tmp/conflict --pidfile /tmp/conflict.pid"));
    QVERIFY2(
        r.exitCode != 0 && r.standardError.contains("specified both as a flag and in the configuration file: labels"),
        qPrintable(r.describe()));

    r = berth({ QStringLiteral("provision"), QStringLiteral("box") });
    QVERIFY2(r.exitCode == 1 && r.standardError.contains("/etc/docker/daemon.json on the host sets \"labels\""),
        qPrintable(r.describe()));
    r = onHost(QStringLiteral("md5sum /etc/default/docker"));
    QCOMPARE(r.standardOutput, defaultsBefore);
    // The engine still answers: nothing was restarted.
    r = runProcess(dockerCli(),
        { QStringLiteral("version"), QStringLiteral("--format"), QStringLiteral("{{.Server.Version}}") },
        dockerEnv(QStringLiteral("box")), 60000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));

    r = onHost(QStringLiteral("rm /etc/docker/daemon.json"));
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    r = berth({ QStringLiteral("provision"), QStringLiteral("box") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
}

void TestGeneric::noneDriverUsesExistingEngine()
{
    ProcessResult r = berth({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("none"),
        QStringLiteral("--url"), QStringLiteral("tcp://%1:2376").arg(m_host.ip), QStringLiteral("plain") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    r = runProcess(dockerCli(),
        { QStringLiteral("version"), QStringLiteral("--format"), QStringLiteral("{{.Server.Version}}") },
        dockerEnv(QStringLiteral("plain")), 60000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    r = berth({ QStringLiteral("ls"), QStringLiteral("--filter"), QStringLiteral("driver=none"),
        QStringLiteral("--format"), QStringLiteral("{{.Name}} {{.State}} {{.URL}}") });
    QCOMPARE(r.standardOutput, QStringLiteral("plain Running tcp://%1:2376\n").arg(m_host.ip).toUtf8());
    r = berth({ QStringLiteral("stop"), QStringLiteral("plain") });
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.standardError.contains("cannot be stopped"));
    r = berth({ QStringLiteral("rm"), QStringLiteral("-y"), QStringLiteral("plain") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
}

void TestGeneric::changedHostKeyIsRefused()
{
    // The host is reinstalled: new host keys (sshd re-reads them for each connection).
    ProcessResult r = berth({ QStringLiteral("ssh"), QStringLiteral("box"),
        QStringLiteral("rm -f /etc/ssh/ssh_host_* && ssh-keygen -A >/dev/null") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    r = berth({ QStringLiteral("ssh"), QStringLiteral("box"), QStringLiteral("true") }, 30000);
    QCOMPARE(r.exitCode, 1);
    const QString knownHosts = m_store + QStringLiteral("/machines/box/known_hosts");
    QVERIFY2(r.standardError.contains(knownHosts.toUtf8()), qPrintable(r.describe()));
    r = berth({ QStringLiteral("provision"), QStringLiteral("box") }, 30000);
    QCOMPARE(r.exitCode, 1);
    // Accepting it knowingly, as the message says: delete the pinned key.
    QVERIFY(QFile::remove(knownHosts));
    r = berth({ QStringLiteral("ssh"), QStringLiteral("box"), QStringLiteral("true") }, 30000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
}

void TestGeneric::wrongKeyFailsFast()
{
    const QString key = m_dir.filePath(QStringLiteral("stranger"));
    const ProcessResult gen = runProcess(QStringLiteral("ssh-keygen"),
        { QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"), QStringLiteral("-N"), QString(),
            QStringLiteral("-f"), key });
    QVERIFY2(gen.exitCode == 0, qPrintable(gen.describe()));
    const ProcessResult r = berth({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("generic"),
                                      QStringLiteral("--generic-ip-address"), m_host.ip,
                                      QStringLiteral("--generic-ssh-key"), key, QStringLiteral("wrongkey") },
        60000);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.standardError.contains("refused the SSH key"), qPrintable(r.describe()));
    QVERIFY2(r.elapsedMs < 15000, qPrintable(r.describe()));
    QVERIFY(!QDir(m_store + QStringLiteral("/machines/wrongkey")).exists());
}

void TestGeneric::closedPortFailsFast()
{
    const ProcessResult r = berth(
        { QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("generic"),
            QStringLiteral("--generic-ip-address"), m_host.ip, QStringLiteral("--generic-ssh-port"),
            QStringLiteral("2222"), QStringLiteral("--generic-ssh-key"), m_host.sshKey, QStringLiteral("closedport") },
        60000);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.standardError.contains("refused"), qPrintable(r.describe()));
    QVERIFY2(r.elapsedMs < 15000, qPrintable(r.describe()));
    QVERIFY(!QDir(m_store + QStringLiteral("/machines/closedport")).exists());
}

void TestGeneric::unreachableAddressFailsInBoundedTime()
{
    QString error;
    const QString unreachable = m_host.blackholeAddress(&error);
    QVERIFY2(!unreachable.isEmpty(), qPrintable(error));
    const ProcessResult r = berth({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("generic"),
                                      QStringLiteral("--generic-ip-address"), unreachable,
                                      QStringLiteral("--generic-ssh-key"), m_host.sshKey, QStringLiteral("nowhere") },
        90000);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.standardError.contains(QByteArray(unreachable.toUtf8() + ":22 did not answer within 10 s")),
        qPrintable(r.describe()));
    QVERIFY2(r.elapsedMs < 20000, qPrintable(r.describe()));

    // ls does not wait on it longer than its timeout.
    ProcessResult none = berth({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("none"),
        QStringLiteral("--url"), QStringLiteral("tcp://%1:2376").arg(unreachable), QStringLiteral("off") });
    QVERIFY2(none.exitCode == 0, qPrintable(none.describe()));
    none = berth({ QStringLiteral("ls"), QStringLiteral("-t"), QStringLiteral("2"), QStringLiteral("--filter"),
        QStringLiteral("name=^off$"), QStringLiteral("--format"), QStringLiteral("{{.DockerVersion}}|{{.Error}}") });
    QVERIFY2(none.standardOutput.startsWith("Unknown|Unable to query docker version: ")
            && none.standardOutput.contains("did not answer within 2 s"),
        qPrintable(none.describe()));
    QVERIFY2(none.elapsedMs < 6000, qPrintable(none.describe()));
    QCOMPARE(berth({ QStringLiteral("rm"), QStringLiteral("-y"), QStringLiteral("off") }).exitCode, 0);
    QVERIFY(!QDir(m_store + QStringLiteral("/machines/nowhere")).exists());
}

void TestGeneric::rmRemovesMachine()
{
    const ProcessResult r = berth({ QStringLiteral("rm"), QStringLiteral("-y"), QStringLiteral("box") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(r.standardOutput, QByteArray("Successfully removed box\n"));
    QVERIFY(!QDir(m_store + QStringLiteral("/machines/box")).exists());
    QVERIFY(!QFile::exists(m_store + QStringLiteral("/.tls-sessions/box")));
    const ProcessResult ls = berth({ QStringLiteral("ls"), QStringLiteral("-q") });
    QCOMPARE(ls.standardOutput, QByteArray());
}

QTEST_GUILESS_MAIN(TestGeneric)
#include "tst_generic.moc"
