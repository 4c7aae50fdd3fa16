// Each machine as a Docker CLI context: the real `berth` CLI (none driver, offline) writes them into a DOCKER_CONFIG
// of the test's own, and Debian's real docker CLI reads them (natively; under Wine, where there is no docker CLI, the
// files it would read are checked instead). A context Berth did not make for the machine is never changed.
#include "support/clirun.h"
#include "testconfig.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using berth::test::CliResult;

namespace {

// What the Docker CLI knows of a context: its endpoint's host and its TLS files (empty Host: no such context).
struct SeenContext {
    QString host;
    QStringList tlsFiles;
    QString description;
};

} // namespace

class TestDockerContexts : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_store;
    QString m_config;
    int m_port = 0;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DOCKER_CONFIG"), m_config);
        env.remove(QStringLiteral("DOCKER_HOST"));
        env.remove(QStringLiteral("DOCKER_CONTEXT"));
        return env;
    }

    CliResult berth(const QStringList &args, const QString &store = QString()) const
    {
        QProcess process;
        process.setProcessEnvironment(environment());
        process.start(QStringLiteral(BERTH_CLI_PATH),
            QStringList { QStringLiteral("-s"), store.isEmpty() ? m_store : store } + args);
        return berth::test::finishCli(process);
    }

    // A machine of the none driver at a port of its own (nothing answers there).
    void createMachine(const QString &name, const QString &store = QString())
    {
        const CliResult r = berth({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("none"),
                                      QStringLiteral("--url"), url(++m_port), name },
            store);
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    }

    static QString url(int port) { return QStringLiteral("tcp://127.0.0.1:%1").arg(20000 + port); }

#ifndef Q_OS_WIN
    CliResult docker(const QStringList &args) const
    {
        QProcess process;
        process.setProcessEnvironment(environment());
        process.start(QStringLiteral("/usr/bin/docker"), args);
        return berth::test::finishCli(process);
    }
#endif

    SeenContext seen(const QString &name) const
    {
        SeenContext context;
#ifndef Q_OS_WIN
        const CliResult r = docker({ QStringLiteral("context"), QStringLiteral("inspect"), name });
        if (r.exitCode != 0)
            return context;
        const QJsonObject object = QJsonDocument::fromJson(r.out.toUtf8()).array().first().toObject();
        for (const QJsonValue &file :
            object.value(QStringLiteral("TLSMaterial")).toObject().value(QStringLiteral("docker")).toArray())
            context.tlsFiles << file.toString();
#else
        // The files `docker context inspect` reads.
        const QString id
            = QString::fromLatin1(QCryptographicHash::hash(name.toUtf8(), QCryptographicHash::Sha256).toHex());
        QFile file(m_config + QStringLiteral("/contexts/meta/") + id + QStringLiteral("/meta.json"));
        if (!file.open(QIODevice::ReadOnly))
            return context;
        const QJsonObject object = QJsonDocument::fromJson(file.readAll()).object();
        context.tlsFiles = QDir(m_config + QStringLiteral("/contexts/tls/") + id + QStringLiteral("/docker"))
                               .entryList(QDir::Files, QDir::Name);
#endif
        context.host = object.value(QStringLiteral("Endpoints"))
                           .toObject()
                           .value(QStringLiteral("docker"))
                           .toObject()
                           .value(QStringLiteral("Host"))
                           .toString();
        context.description
            = object.value(QStringLiteral("Metadata")).toObject().value(QStringLiteral("Description")).toString();
        context.tlsFiles.sort();
        return context;
    }

    QString currentContext() const
    {
#ifndef Q_OS_WIN
        // Debian 12's docker CLI (20.10) has no `context show`.
        return docker({ QStringLiteral("context"), QStringLiteral("ls"), QStringLiteral("--format"),
                          QStringLiteral("{{if .Current}}{{.Name}}{{end}}") })
            .out.trimmed();
#else
        QFile file(m_config + QStringLiteral("/config.json"));
        if (!file.open(QIODevice::ReadOnly))
            return QStringLiteral("default");
        const QString name
            = QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("currentContext")).toString();
        return name.isEmpty() ? QStringLiteral("default") : name;
#endif
    }

    // A context as another tool makes it (`docker context create NAME --docker host=HOST`).
    void createForeignContext(const QString &name, const QString &host)
    {
#ifndef Q_OS_WIN
        const CliResult r = docker({ QStringLiteral("context"), QStringLiteral("create"), name,
            QStringLiteral("--docker"), QStringLiteral("host=") + host });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
#else
        const QString id
            = QString::fromLatin1(QCryptographicHash::hash(name.toUtf8(), QCryptographicHash::Sha256).toHex());
        const QString dir = m_config + QStringLiteral("/contexts/meta/") + id;
        QVERIFY(QDir().mkpath(dir));
        QFile file(dir + QStringLiteral("/meta.json"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            QStringLiteral(R"({"Name":"%1","Metadata":{},"Endpoints":{"docker":{"Host":"%2","SkipTLSVerify":false}}})")
                .arg(name, host)
                .toUtf8());
#endif
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        static int round = 0;
        ++round;
        m_store = m_dir.filePath(QStringLiteral("store%1").arg(round));
        m_config = m_dir.filePath(QStringLiteral("docker%1").arg(round));
    }

    void contextFollowsTheMachine()
    {
        createMachine(QStringLiteral("dev"));
        SeenContext context = seen(QStringLiteral("dev"));
        QCOMPARE(context.host, url(m_port));
        QCOMPARE(context.tlsFiles,
            QStringList({ QStringLiteral("ca.pem"), QStringLiteral("cert.pem"), QStringLiteral("key.pem") }));
        QCOMPARE(context.description, QStringLiteral("Berth machine \"dev\""));
        // Creating a machine does not change which context the Docker CLI uses.
        QCOMPARE(currentContext(), QStringLiteral("default"));

        CliResult r = berth({ QStringLiteral("use"), QStringLiteral("dev") });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out, QStringLiteral("dev\n"));
        QVERIFY2(r.err.contains(QStringLiteral("Current context is now \"dev\"")), qPrintable(r.err));
        QCOMPARE(currentContext(), QStringLiteral("dev"));

        // The context's TLS files are the machine's client certificate, CA and key: new ones follow.
        r = berth({ QStringLiteral("regenerate-certs"), QStringLiteral("-f"), QStringLiteral("--client-certs"),
            QStringLiteral("dev") });
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        const QString id = QString::fromLatin1(
            QCryptographicHash::hash(QByteArrayLiteral("dev"), QCryptographicHash::Sha256).toHex());
        for (const QString &file :
            { QStringLiteral("ca.pem"), QStringLiteral("cert.pem"), QStringLiteral("key.pem") }) {
            QFile machineCopy(m_store + QStringLiteral("/machines/dev/") + file);
            QFile contextCopy(m_config + QStringLiteral("/contexts/tls/") + id + QStringLiteral("/docker/") + file);
            QVERIFY(machineCopy.open(QIODevice::ReadOnly) && contextCopy.open(QIODevice::ReadOnly));
            QCOMPARE(contextCopy.readAll(), machineCopy.readAll());
        }

        // rm takes the context away, and the Docker CLI's own default is current again.
        r = berth({ QStringLiteral("rm"), QStringLiteral("-y"), QStringLiteral("dev") });
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QCOMPARE(seen(QStringLiteral("dev")).host, QString());
        QCOMPARE(currentContext(), QStringLiteral("default"));
        QVERIFY(!QFileInfo::exists(m_config + QStringLiteral("/contexts/tls/") + id));
    }

    void namesTheDockerCliRefusesGetAPrefix()
    {
        // "default" is the Docker CLI's built-in context; a context name has two characters at least.
        createMachine(QStringLiteral("default"));
        createMachine(QStringLiteral("a"));
        QCOMPARE(seen(QStringLiteral("berth-default")).host, url(m_port - 1));
        QCOMPARE(seen(QStringLiteral("berth-a")).host, url(m_port));
        // `use` without a name is the default machine's, as every command.
        const CliResult r = berth({ QStringLiteral("use") });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out, QStringLiteral("berth-default\n"));
        QCOMPARE(currentContext(), QStringLiteral("berth-default"));
        QVERIFY(berth({ QStringLiteral("use"), QStringLiteral("--unset") }).exitCode == 0);
        QCOMPARE(currentContext(), QStringLiteral("default"));
    }

    void anotherToolsContextIsLeftAlone()
    {
        createForeignContext(QStringLiteral("dev"), QStringLiteral("tcp://192.0.2.7:2376"));
        const CliResult created = berth({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("none"),
            QStringLiteral("--url"), url(++m_port), QStringLiteral("dev") });
        // The machine is made; the context is not its to change, and the user reads why.
        QVERIFY2(created.exitCode == 0, qPrintable(created.out + created.err));
        QVERIFY2(
            created.out.contains(QStringLiteral("The Docker context \"dev\" (no description) is not Berth's for this "
                                                "machine; Berth left it as it is.")),
            qPrintable(created.out));
        QCOMPARE(seen(QStringLiteral("dev")).host, QStringLiteral("tcp://192.0.2.7:2376"));

        CliResult r = berth({ QStringLiteral("use"), QStringLiteral("dev") });
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("docker context rm dev")), qPrintable(r.err));
        QCOMPARE(currentContext(), QStringLiteral("default"));

        r = berth({ QStringLiteral("rm"), QStringLiteral("-y"), QStringLiteral("dev") });
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QCOMPARE(seen(QStringLiteral("dev")).host, QStringLiteral("tcp://192.0.2.7:2376"));
    }

    void anotherStoresMachineKeepsItsContext()
    {
        const QString otherStore = m_dir.filePath(QStringLiteral("other-store"));
        createMachine(QStringLiteral("box"), otherStore);
        const QString otherUrl = url(m_port);
        const CliResult r = berth({ QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("none"),
            QStringLiteral("--url"), url(++m_port), QStringLiteral("box") });
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(QStringLiteral("is not Berth's for this machine")), qPrintable(r.out));
        QCOMPARE(seen(QStringLiteral("box")).host, otherUrl);

        // Once that store's machine is gone, what Berth left for it is nobody's: the next machine of the name has it.
        QVERIFY(QDir(otherStore).removeRecursively());
        QVERIFY(berth({ QStringLiteral("use"), QStringLiteral("box") }).exitCode == 0);
        QCOMPARE(seen(QStringLiteral("box")).host, url(m_port));
        QCOMPARE(currentContext(), QStringLiteral("box"));
    }

    void configJsonKeepsWhatItHolds()
    {
        createMachine(QStringLiteral("dev"));
        QVERIFY(QDir().mkpath(m_config));
        const QByteArray original
            = R"({"auths":{"registry.example:5000":{"auth":"dXNlcjpwYXNz"}},"psFormat":"{{.ID}}"})";
        const QString path = m_config + QStringLiteral("/config.json");
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(original);
        }
        QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner));
        QVERIFY(berth({ QStringLiteral("use"), QStringLiteral("dev") }).exitCode == 0);
        QCOMPARE(currentContext(), QStringLiteral("dev"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QJsonObject expected = QJsonDocument::fromJson(original).object();
        expected.insert(QStringLiteral("currentContext"), QStringLiteral("dev"));
        QCOMPARE(QJsonDocument::fromJson(file.readAll()).object(), expected);
        file.close();
#ifndef Q_OS_WIN
        // Still 0600: user, group, others (Qt's ReadUser..ExeOther bits).
        QCOMPARE(int(QFile::permissions(path) & 0x0fff), 0x0600);
#endif

        // A config.json Berth cannot read is not replaced.
        const QByteArray broken = "{\"auths\": {";
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(broken);
        file.close();
        const CliResult r = berth({ QStringLiteral("use"), QStringLiteral("dev") });
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("is not a JSON object")), qPrintable(r.err));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), broken);
    }
};

QTEST_GUILESS_MAIN(TestDockerContexts)
#include "tst_dockercontexts.moc"
