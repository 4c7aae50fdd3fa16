// A bounded random mutator over what Berth reads from files and hosts, and over every value that
// reaches a systemd or shell file: no crash, no hang, and no written file that means something else
// than what was meant (re-parsed here, by the real sh, and by systemd-analyze verify on a sample).
// The seed comes from the clock and is printed; BERTH_FUZZ_SEED=N replays a run, BERTH_FUZZ_SCALE=N
// runs N times as many cases.
#include "api/machineapi.h"
#include "drivers/driverregistry.h"
#include "drivers/qemu/qmpclient.h"
#include "format/gotemplate.h"
#include "format/tabwriter.h"
#include "machine/machine.h"
#include "provision/engineconfig.h"
#include "provision/osrelease.h"
#include "shell/envrenderer.h"
#include "support/unitparse.h"
#include "testconfig.h"
#include "util/text.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalServer>
#include <QLocalSocket>
#include <QMutex>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSemaphore>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <array>
#include <memory>

using namespace berth;

namespace {

// Characters that mean something to systemd, sh, PowerShell, cmd, JSON or a URL, line breaks and
// controls, non-ASCII letters, a pair and a lone half of UTF-16.
const QList<QString> &pieces()
{
    static const QList<QString> all = [] {
        QList<QString> p;
        for (const char *s : { "a", "Z", "0", "9", "-", "_", ".", "/", ":", "=", ",", "@", "+", " ", "  ", "\t", "\"",
                 "'", "\\", "$", "`", "%", "%%", "%n", ";", "&", "|", "<", ">", "(", ")", "*", "?", "[", "]", "{", "}",
                 "#", "~", "!", "^", "\r", "\n", "\r\n", "$(id)", "${HOME}", "$$", "\\;", "..", "tcp://", "2376",
                 "127.0.0.1", "::1", "[", "localhost", "ExecStartPre=/bin/x", "--", "-H" })
            p << QString::fromUtf8(s);
        p << QString(QChar(0)) << QString(QChar(0x7f)) << QString(QChar(0x85)) << QString(QChar(0x2028))
          << QString(QChar(0x2029)) << QString(QChar(0x201C)) << QString::fromUtf8("\xc3\xa9")
          << QString::fromUtf8("\xf0\x9f\x98\x80") << QString(QChar(0xd800)) << QString(QChar(0xfeff));
        return p;
    }();
    return all;
}

class Fuzzer {
public:
    explicit Fuzzer(quint32 seed)
        : m_random(seed)
    {
    }
    int below(int n) { return n <= 0 ? 0 : int(m_random.bounded(quint32(n))); }
    bool chance(int percent) { return below(100) < percent; }
    QString text(int maxPieces = 8)
    {
        QString out;
        const int n = below(maxPieces + 1);
        for (int i = 0; i < n; ++i)
            out += chance(60) ? QString(QChar(char16_t('a' + below(26)))) : pieces().at(below(int(pieces().size())));
        return out;
    }
    // A word that often passes validation, so the renderers are reached.
    QString word()
    {
        QString out = QStringLiteral("k");
        const int n = 1 + below(6);
        for (int i = 0; i < n; ++i) {
            if (chance(88))
                out += QChar(char16_t('a' + below(26)));
            else
                out += pieces().at(below(int(pieces().size())));
        }
        return out;
    }
    QJsonValue value()
    {
        switch (below(9)) {
        case 0:
            return QJsonValue::Null;
        case 1:
            return chance(50);
        case 2:
            return below(70000) - 100;
        case 3:
            return double(below(100000)) / 7.0;
        case 4:
            return QJsonArray { text(), text() };
        case 5:
            return QJsonObject { { text(3), text() } };
        case 6:
            return 1e300;
        default:
            return text();
        }
    }
    // Replaces, removes or adds one leaf somewhere in the tree.
    QJsonValue mutate(const QJsonValue &in, int depth = 0)
    {
        if (in.isObject()) {
            QJsonObject o = in.toObject();
            const QStringList keys = o.keys();
            if (keys.isEmpty() || chance(10)) {
                o.insert(chance(50) && !keys.isEmpty() ? keys.at(below(int(keys.size()))) : text(3), value());
                return o;
            }
            const QString key = keys.at(below(int(keys.size())));
            if (chance(8))
                o.remove(key);
            else
                o.insert(key, mutate(o.value(key), depth + 1));
            return o;
        }
        if (in.isArray()) {
            QJsonArray a = in.toArray();
            if (a.isEmpty() || chance(30))
                a.append(text());
            else
                a[below(int(a.size()))] = mutate(a.at(below(int(a.size()))), depth + 1);
            return a;
        }
        if (in.isString() && chance(60)) {
            QString s = in.toString();
            s.insert(below(int(s.size()) + 1), text(3));
            return s;
        }
        return value();
    }
    QByteArray bytes(const QByteArray &in)
    {
        QByteArray out = in;
        const int edits = 1 + below(4);
        for (int i = 0; i < edits && !out.isEmpty(); ++i) {
            const int at = below(int(out.size()));
            switch (below(4)) {
            case 0:
                out[at] = char(below(256));
                break;
            case 1:
                out.remove(at, 1 + below(8));
                break;
            case 2:
                out.insert(at, text(3).toUtf8());
                break;
            default:
                out.truncate(at);
                break;
            }
        }
        return out;
    }

private:
    QRandomGenerator m_random;
};

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(data) == data.size();
}

// A QMP server in its own thread that answers each line with the next scripted message.
class QmpServer : public QThread {
public:
    explicit QmpServer(const QString &path)
        : m_path(path)
    {
    }
    ~QmpServer() override
    {
        quit();
        wait();
    }
    void setScript(const QList<QByteArray> &script)
    {
        QMutexLocker lock(&m_mutex);
        m_script = script;
    }
    bool startServer()
    {
        start();
        m_ready.acquire();
        return m_listening;
    }

protected:
    void run() override
    {
        QLocalServer server;
        m_listening = server.listen(m_path);
        QObject::connect(&server, &QLocalServer::newConnection, &server, [&] {
            while (QLocalSocket *socket = server.nextPendingConnection()) {
                QList<QByteArray> script;
                {
                    QMutexLocker lock(&m_mutex);
                    script = m_script;
                }
                auto next = std::make_shared<int>(0);
                auto sendNext = [socket, script, next] {
                    if (*next < script.size())
                        socket->write(script.at((*next)++));
                    if (*next >= script.size())
                        socket->disconnectFromServer();
                };
                sendNext(); // the greeting
                QObject::connect(socket, &QLocalSocket::readyRead, socket, [socket, sendNext] {
                    if (socket->readAll().contains('\n'))
                        sendNext();
                });
                QObject::connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
        m_ready.release();
        exec();
    }

private:
    QString m_path;
    QMutex m_mutex;
    QList<QByteArray> m_script;
    QSemaphore m_ready;
    bool m_listening = false;
};

} // namespace

class TestFuzz : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void engineOptionsMeanWhatWasMeant();
    void configJsonNeverCrashesOrLeaks();
    void osRelease();
    void createFlagLimits();
    void templatesAndTabwriter();
    void qmpReplies();
    void envOutput();

private:
    int cases(int base) const { return base * m_scale; }

    quint32 m_seed = 0;
    int m_scale = 1;
    QTemporaryDir m_dir;
};

void TestFuzz::initTestCase()
{
    QVERIFY(m_dir.isValid());
    bool ok = false;
    m_seed = qEnvironmentVariable("BERTH_FUZZ_SEED").toUInt(&ok);
    if (!ok)
        m_seed = quint32(QDateTime::currentMSecsSinceEpoch());
    m_scale = qMax(1, qEnvironmentVariableIntValue("BERTH_FUZZ_SCALE"));
    qInfo("fuzz seed %u (replay with BERTH_FUZZ_SEED=%u), scale %d", m_seed, m_seed, m_scale);
}

void TestFuzz::engineOptionsMeanWhatWasMeant()
{
    Fuzzer f(m_seed);
    // On Windows the drop-ins are re-parsed here only: systemd-analyze and sh, which read the texts
    // meant for the Linux host, run on POSIX.
#ifdef Q_OS_UNIX
    const QString analyze = QStandardPaths::findExecutable(QStringLiteral("systemd-analyze"));
    if (analyze.isEmpty())
        QFAIL("systemd-analyze is missing: scripts/setup.sh --test installs it (package systemd)");
    // Where the sh checks run: names a glob would match.
    const QString shDir = m_dir.filePath(QStringLiteral("sh"));
    QVERIFY(QDir().mkpath(shDir));
    for (const char *name : { "a", "k", "kk", "glob=match", "x" })
        QVERIFY(writeFile(shDir + QLatin1Char('/') + QLatin1String(name), {}));
    // A root for systemd-analyze with a docker.service and an executable dockerd.
    const QString root = m_dir.filePath(QStringLiteral("root"));
    const QString units = root + QStringLiteral("/etc/systemd/system");
    QVERIFY(
        QDir().mkpath(units + QStringLiteral("/docker.service.d")) && QDir().mkpath(root + QStringLiteral("/usr/bin")));
    QVERIFY(QFile::copy(QStringLiteral("/bin/true"), root + QStringLiteral("/usr/bin/dockerd")));
    QVERIFY(writeFile(units + QStringLiteral("/docker.service"),
        "[Unit]\nDescription=Docker\nDefaultDependencies=no\n[Service]\nType=notify\nExecStart=/usr/bin/dockerd\n"));
#endif
    int refused = 0, controlRefused = 0, unitsChecked = 0, verified = 0, shChecked = 0, profilesChecked = 0;
    const int total = cases(400);
    for (int i = 0; i < total; ++i) {
        EngineConfig c;
        c.caCertPath = QStringLiteral("/etc/docker/ca.pem");
        c.serverCertPath = QStringLiteral("/etc/docker/server.pem");
        c.serverKeyPath = QStringLiteral("/etc/docker/server-key.pem");
        c.driverName = QStringLiteral("generic");
        for (QStringList *list :
            { &c.options.labels, &c.options.arbitraryFlags, &c.options.insecureRegistry, &c.options.registryMirror }) {
            const int n = f.below(3);
            for (int k = 0; k < n; ++k)
                list->append(f.word());
        }
        const int envs = f.below(4);
        for (int k = 0; k < envs; ++k)
            c.options.env << QStringLiteral("N%1=").arg(k) + f.text(10);
        if (f.chance(30))
            c.options.storageDriver = f.word();
        bool hasControl = containsLineBreakOrControl(c.options.storageDriver);
        for (const QStringList &list : { c.options.labels, c.options.arbitraryFlags, c.options.insecureRegistry,
                 c.options.registryMirror, c.options.env })
            for (const QString &v : list)
                hasControl = hasControl || containsLineBreakOrControl(v);

        const InitSystem init
            = std::array { InitSystem::Systemd, InitSystem::SysVinit, InitSystem::Boot2Docker }[f.below(3)];
        c.initSystem = init;
        QString error;
        if (!validateEngineOptions(init, c.options, &error)) {
            ++refused;
            controlRefused += hasControl ? 1 : 0;
            QVERIFY2(!error.isEmpty(), "refused without a reason");
            continue;
        }
        QVERIFY2(!hasControl,
            qPrintable(QStringLiteral("a control character passed: ")
                + visibleText(c.options.env.join(QLatin1Char('|')) + c.options.labels.join(QLatin1Char('|')))));
        const QStringList args = dockerdArguments(c);
        const QString context = QStringLiteral("seed %1 case %2").arg(m_seed).arg(i);
        if (init == InitSystem::Systemd) {
            const QString dropIn = systemdDropIn(c);
            const test::ParsedUnit unit = test::parseUnit(dropIn);
            QVERIFY2(unit.ok, qPrintable(context + QLatin1Char(' ') + unit.error + QLatin1Char('\n') + dropIn));
            QVERIFY2(unit.otherKeys.isEmpty(), qPrintable(context + QLatin1Char('\n') + dropIn));
            QCOMPARE(unit.execStart, QList<QStringList> { QStringList(c.dockerdPath) + args });
            QCOMPARE(unit.environment, c.options.env);
            ++unitsChecked;
            // systemd itself on a sample (each run costs about 50 ms).
#ifdef Q_OS_UNIX
            if (verified < 4 * m_scale || i % 97 == 0) {
                QVERIFY(writeFile(units + QStringLiteral("/docker.service.d/10-machine.conf"), dropIn.toUtf8()));
                QProcess verify;
                verify.start(analyze,
                    { QStringLiteral("verify"), QStringLiteral("--man=no"), QStringLiteral("--root=") + root,
                        QStringLiteral("docker.service") });
                QVERIFY(verify.waitForFinished(30000));
                const QByteArray output = verify.readAllStandardOutput() + verify.readAllStandardError();
                QVERIFY2(verify.exitCode() == 0 && output.trimmed().isEmpty(),
                    qPrintable(context + QLatin1Char(' ') + QString::fromUtf8(output) + dropIn));
                ++verified;
            }
#endif
#ifdef Q_OS_WIN
        } else {
            QVERIFY(!(init == InitSystem::SysVinit ? sysvDefaults(c) : boot2dockerProfile(c)).isEmpty());
        }
#else
        } else if (init == InitSystem::SysVinit) {
            if (shChecked >= 60 * m_scale)
                continue;
            QVERIFY(writeFile(shDir + QStringLiteral("/defaults"), sysvDefaults(c).toUtf8()));
            QString script = QStringLiteral(". ./defaults; set -- $DOCKER_OPTS @@env");
            for (const QString &env : c.options.env)
                script += QStringLiteral(" \"$%1\"").arg(env.section(QLatin1Char('='), 0, 0));
            QStringList expected = args + QStringList { QStringLiteral("@@env") };
            for (const QString &env : c.options.env)
                expected << env.section(QLatin1Char('='), 1);
            QStringList words = test::shWords(script, shDir, &error);
            QVERIFY2(error.isEmpty(), qPrintable(context + QLatin1Char(' ') + error + sysvDefaults(c)));
            QCOMPARE(words, expected);
            // OpenRC passes it through eval.
            words = test::shWords(QStringLiteral(". ./defaults; eval \"set -- $DOCKER_OPTS\""), shDir, &error);
            QVERIFY2(error.isEmpty(), qPrintable(context + QLatin1Char(' ') + error));
            QCOMPARE(words, args);
            ++shChecked;
        } else {
            if (profilesChecked >= 60 * m_scale)
                continue;
            QVERIFY(writeFile(shDir + QStringLiteral("/profile"), boot2dockerProfile(c).toUtf8()));
            QStringList expected { QStringLiteral("--label"), QStringLiteral("provider=generic") };
            for (const QString &label : c.options.labels)
                expected << QStringLiteral("--label") << label;
            for (const QString &r : c.options.insecureRegistry)
                expected << QStringLiteral("--insecure-registry") << r;
            for (const QString &m : c.options.registryMirror)
                expected << QStringLiteral("--registry-mirror") << m;
            for (const QString &flag : c.options.arbitraryFlags)
                expected << QStringLiteral("--") + flag;
            QString script = QStringLiteral(". ./profile; set -- $EXTRA_ARGS @@ \"$DOCKER_STORAGE\"");
            for (const QString &env : c.options.env)
                script += QStringLiteral(" \"$%1\"").arg(env.section(QLatin1Char('='), 0, 0));
            expected << QStringLiteral("@@")
                     << (c.options.storageDriver.isEmpty() ? QStringLiteral("overlay2") : c.options.storageDriver);
            for (const QString &env : c.options.env)
                expected << env.section(QLatin1Char('='), 1);
            const QStringList words = test::shWords(script, shDir, &error);
            QVERIFY2(error.isEmpty(), qPrintable(context + QLatin1Char(' ') + error + boot2dockerProfile(c)));
            QCOMPARE(words, expected);
            ++profilesChecked;
        }
#endif
    }
    qInfo("engine options: %d cases, %d refused (%d for a control character), %d drop-ins re-parsed, %d verified "
          "by systemd-analyze, %d /etc/default/docker and %d boot2docker profiles read by sh",
        total, refused, controlRefused, unitsChecked, verified, shChecked, profilesChecked);
    QVERIFY(unitsChecked > 0);
#ifdef Q_OS_UNIX
    QVERIFY(verified > 0 && shChecked > 0 && profilesChecked > 0);
#endif
}

void TestFuzz::configJsonNeverCrashesOrLeaks()
{
    Fuzzer f(m_seed + 1);
    const QString store = m_dir.filePath(QStringLiteral("store"));
    MachineApi api(store);
    // Seeds: docker-machine 0.16's own files and one machine of each Berth driver.
    QList<QJsonObject> seeds;
    for (const char *name : { "default", "box" })
        seeds << QJsonDocument::fromJson(readFile(QStringLiteral(BERTH_TEST_DATA_DIR "/docker-machine-0.16/machines/")
                                             + QLatin1String(name) + QStringLiteral("/config.json")))
                     .object();
    QVERIFY(!seeds.first().isEmpty());
    for (const char *driver : { "none", "generic", "qemu" }) {
        QJsonObject json = seeds.last();
        json.insert(QStringLiteral("DriverName"), QLatin1String(driver));
        QJsonObject d = json.value(QLatin1String("Driver")).toObject();
        d.insert(QStringLiteral("URL"), QStringLiteral("tcp://192.168.1.50:2376"));
        d.insert(QStringLiteral("DockerPort"), 40000);
        json.insert(QStringLiteral("Driver"), d);
        seeds << json;
    }
    static const QRegularExpression safeUrl(QStringLiteral("\\A[A-Za-z0-9.:/\\[\\]-]*\\z"));
    int loaded = 0, refused = 0, textMutations = 0;
    const int total = cases(600);
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < total; ++i) {
        QJsonObject json = seeds.at(f.below(int(seeds.size())));
        const int edits = 1 + f.below(3);
        for (int k = 0; k < edits; ++k)
            json = f.mutate(json).toObject();
        const QString name = f.chance(90) ? json.value(QLatin1String("Name")).toString() : f.text(3);
        QByteArray data = QJsonDocument(json).toJson();
        if (f.chance(20)) {
            data = f.bytes(data);
            ++textMutations;
        }
        // Machine::fromJson directly, then through the store and every driver.
        Machine machine;
        QString error;
        Machine::fromJson(json, &machine, &error);
        const QString dir = store + QStringLiteral("/machines/") + name;
        const bool validName = isValidMachineName(name, nullptr);
        if (validName) {
            QDir().mkpath(dir);
            QVERIFY2(writeFile(dir + QStringLiteral("/config.json"), data),
                qPrintable(QStringLiteral("seed %1 case %2: cannot write the config.json of \"%3\"")
                               .arg(m_seed)
                               .arg(i)
                               .arg(name)));
        }
        Host host;
        Error loadError;
        if (!api.loadHost(name, &host, &loadError)) {
            ++refused;
            QVERIFY2(!loadError.message.isEmpty(), "refused without a reason");
        } else {
            ++loaded;
            QString message;
            const QString url = host.driver->url(&message);
            QVERIFY2(safeUrl.match(url).hasMatch(),
                qPrintable(QStringLiteral("seed %1 case %2: URL %3").arg(m_seed).arg(i).arg(visibleText(url))));
            const QString ip = host.driver->ip(&message);
            QVERIFY2(!containsLineBreakOrControl(ip) && !ip.contains(QLatin1Char(' ')), qPrintable(visibleText(ip)));
            host.driver->sshPort();
            host.driver->toJson(host.machine.driver);
            EnvSettings settings;
            Error envError;
            if (api.envSettings(name, &settings, &envError)) {
                settings.shell = QStringLiteral("bash");
                QString problem;
                if (envPrintable(settings, &problem))
                    renderEnv(settings);
            }
        }
        if (validName)
            QDir(dir).removeRecursively();
    }
    qInfo("config.json: %d cases (%d with damaged text), %d loaded, %d refused, %lld ms", total, textMutations, loaded,
        refused, timer.elapsed());
    QVERIFY(loaded > 0 && refused > 0);
}

// Every Int create flag of every driver: the driver takes exactly what the flag's limits allow (the wizard
// offers those), and refuses the rest before anything is made, naming the limits.
void TestFuzz::createFlagLimits()
{
    Fuzzer f(m_seed + 7);
    int accepted = 0, refused = 0;
    for (const DriverDescription &driver : MachineApi::drivers()) {
        const DriverInfo *info = DriverRegistry::find(driver.name);
        QVERIFY(info);
        for (const DriverFlag &flag : driver.flags) {
            if (flag.kind != DriverFlag::Kind::Int)
                continue;
            for (int i = 0; i < cases(60); ++i) {
                // Around each limit, inside, far outside, or not a number at all.
                const qint64 around = f.chance(50) ? flag.minimum : flag.maximum;
                qint64 number = around + f.below(7) - 3;
                if (f.chance(20))
                    number = flag.minimum + f.below(qMax(1, qMin(flag.maximum - flag.minimum, 1 << 30)));
                if (f.chance(10))
                    number = (f.chance(50) ? -1 : 1) * (qint64(f.below(1 << 30)) << f.below(20));
                const bool canonical = !f.chance(15);
                const QString text = canonical ? QString::number(number) : f.text(4);
                int value = -1;
                QString error;
                const bool taken = flag.parseInt(text, &value, &error);
                const bool extra
                    = number == static_cast<int>(number) && flag.extraValues.contains(static_cast<int>(number));
                if (canonical)
                    QCOMPARE(taken, (number >= flag.minimum && number <= flag.maximum) || extra);
                if (taken) {
                    QVERIFY((value >= flag.minimum && value <= flag.maximum) || flag.extraValues.contains(value));
                    ++accepted;
                } else {
                    QVERIFY2(error.contains(QStringLiteral("from %1 to %2").arg(flag.minimum).arg(flag.maximum)),
                        qPrintable(error));
                    ++refused;
                }
                // The driver reads the flag through the same limits.
                FlagValues values { { flag.name, { text } } };
                if (driver.name == QLatin1String("generic"))
                    values.insert(QStringLiteral("generic-ip-address"), { QStringLiteral("192.0.2.1") });
                const std::unique_ptr<Driver> d
                    = info->factory(QStringLiteral("x"), m_dir.filePath(QStringLiteral("s")));
                QString driverError;
                QCOMPARE(d->setConfigFromFlags(values, &driverError), taken);
                if (!taken)
                    QCOMPARE(driverError, error);
            }
        }
    }
    qInfo("create flag limits: %d values taken, %d refused", accepted, refused);
    QVERIFY(accepted > 0 && refused > 0);
}

void TestFuzz::osRelease()
{
    Fuzzer f(m_seed + 2);
    const QByteArray debian = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n"
                              "VERSION_ID=\"12\"\nID=debian\nID_LIKE=\"debian ubuntu\"\n# comment\n";
    const int total = cases(3000);
    int parsed = 0;
    for (int i = 0; i < total; ++i) {
        QByteArray text = debian;
        if (f.chance(50))
            text = f.bytes(text);
        else
            text += f.text(12).toUtf8() + "=" + f.text(12).toUtf8() + (f.chance(50) ? "\n" : "");
        const OsRelease r = OsRelease::parse(text);
        for (const QString &field : { r.id, r.name, r.prettyName, r.versionId })
            QVERIFY2(!field.contains(QLatin1Char('\n')), qPrintable(visibleText(field)));
        r.isLike(QStringLiteral("debian"));
        parsed += r.id.isEmpty() ? 0 : 1;
    }
    qInfo("os-release: %d cases, %d with an ID", total, parsed);
}

void TestFuzz::templatesAndTabwriter()
{
    Fuzzer f(m_seed + 3);
    const QJsonObject data { { QStringLiteral("Name"), QStringLiteral("box") },
        { QStringLiteral("Driver"), QJsonObject { { QStringLiteral("IPAddress"), QStringLiteral("1.2.3.4") } } },
        { QStringLiteral("Labels"), QJsonArray { QStringLiteral("a=b") } }, { QStringLiteral("N"), 3 } };
    static const char *const tokens[] = { "{{", "}}", ".", "Name", "Driver", "IPAddress", "Labels", "N", " ", "json",
        "prettyjson", "upper", "lower", "|", "\\t", "\"", "(", ")", "$", "$x", ":=", "=", "range", "end", "if", "else",
        "with", "and", "or", "not", "len", "index", "printf", "print", "eq", "lt", "js", "html", "urlquery", "-", "/*",
        "*/", "`", "'a'", "1", "-2.5", "true", "nil", "{{.}}", "{{.Name}}", "x" };
    int parsed = 0, rendered = 0;
    const int total = cases(3000);
    for (int i = 0; i < total; ++i) {
        QString text;
        const int n = f.below(10);
        for (int k = 0; k < n; ++k)
            text += f.chance(85) ? QLatin1String(tokens[f.below(int(std::size(tokens)))]) : f.text(2);
        GoTemplate tmpl;
        QString error, out;
        if (tmpl.parse(text, &error)) {
            ++parsed;
            rendered += tmpl.render(data, &out, &error) ? 1 : 0;
            rendered += tmpl.render(data, &out, &error, GoTemplate::Data::Map) ? 1 : 0;
        }
        const QString table = f.text(20).replace(QLatin1Char('x'), QLatin1Char('\t'));
        const QString aligned = alignColumns(table + QLatin1Char('\n') + table, f.below(8), f.below(5));
        QVERIFY(aligned.count(QLatin1Char('\n')) >= table.count(QLatin1Char('\n')));
    }
    qInfo("templates: %d cases, %d parsed, %d rendered; %d tables aligned", total, parsed, rendered, total);
}

void TestFuzz::qmpReplies()
{
    Fuzzer f(m_seed + 4);
    const QString path = m_dir.filePath(QStringLiteral("qmp.sock"));
    QmpServer server(path);
    QVERIFY(server.startServer());
    const QByteArray greeting = "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7}}, "
                                "\"capabilities\": [\"oob\"]}}\r\n";
    // QEMU echoes the request's id; the client numbers its requests from 1.
    const QByteArray ok = "{\"return\": {}, \"id\": 1}\r\n";
    const QByteArray event = "{\"timestamp\": {\"seconds\": 1, \"microseconds\": 2}, \"event\": \"RESUME\"}\r\n";
    const QByteArray status
        = "{\"return\": {\"status\": \"running\", \"singlestep\": false, \"running\": true}, \"id\": 2}\r\n";
    int answered = 0, failed = 0;
    const int total = cases(50);
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < total; ++i) {
        QList<QByteArray> script { greeting, ok, status };
        const bool intact = f.chance(25);
        if (!intact) {
            const int at = f.below(3);
            if (f.chance(30))
                script.insert(at, event);
            else if (f.chance(50))
                script[at] = f.bytes(script.at(at));
            else
                script[at] = QJsonDocument(f.mutate(QJsonDocument::fromJson(script.at(at)).object()).toObject())
                                 .toJson(QJsonDocument::Compact)
                    + "\r\n";
        }
        server.setScript(script);
        QmpClient client(path);
        QString error;
        QString state;
        QElapsedTimer call;
        call.start();
        QJsonObject reply;
        if (client.connect(150, &error) && client.execute(QStringLiteral("query-status"), {}, &reply, &error, 150))
            state = reply.value(QLatin1String("status")).toString();
        if (state.isEmpty() && error.isEmpty())
            error = QStringLiteral("no status in the reply");
        QVERIFY2(call.elapsed() < 2000, "a QMP call was not bounded by its timeout");
        if (intact)
            QVERIFY2(state == QLatin1String("running"), qPrintable(QStringLiteral("case %1: ").arg(i) + error));
        if (state.isEmpty()) {
            ++failed;
            QVERIFY2(!error.isEmpty(), "failed without a reason");
        } else {
            ++answered;
        }
    }
    qInfo("QMP: %d conversations, %d answered a status, %d failed with a reason, %lld ms", total, answered, failed,
        timer.elapsed());
}

void TestFuzz::envOutput()
{
    Fuzzer f(m_seed + 5);
#ifdef Q_OS_UNIX
    const QString bash = QStandardPaths::findExecutable(QStringLiteral("bash"));
    const QString dash = QStandardPaths::findExecutable(QStringLiteral("dash"));
    QVERIFY(!bash.isEmpty() && !dash.isEmpty());
#endif
    int refused = 0, evaluated = 0, rendered = 0;
    const int total = cases(400);
    for (int i = 0; i < total; ++i) {
        EnvSettings s;
        s.shell = supportedShells().at(f.below(int(supportedShells().size())));
        s.dockerHost = QStringLiteral("tcp://127.0.0.1:2376");
        s.certPath = QStringLiteral("/tmp/") + f.text(10) + QStringLiteral("/machines/box");
        s.machineName = QStringLiteral("box");
        s.noProxyVar = QStringLiteral("NO_PROXY");
        s.noProxyValue = f.text(6);
        s.commandLine = { QStringLiteral("berth"), QStringLiteral("env"), QStringLiteral("box") };
        QString problem;
        if (!envPrintable(s, &problem)) {
            ++refused;
            QVERIFY(!problem.isEmpty());
            continue;
        }
        const QString text = renderEnv(s);
        QVERIFY(text.contains(s.machineName));
        ++rendered;
#ifdef Q_OS_UNIX
        // bash and dash evaluate what the POSIX shells are given (POSIX only: Windows has neither).
        const bool posix
            = s.shell == QLatin1String("bash") || s.shell == QLatin1String("sh") || s.shell == QLatin1String("zsh");
        if (!posix || evaluated >= 80 * m_scale)
            continue;
        for (const QString &shell : { bash, dash }) {
            QProcess process;
            process.setWorkingDirectory(m_dir.path());
            process.start(shell,
                { QStringLiteral("-c"),
                    QStringLiteral("eval \"$1\" && printf '%s\\0' \"$DOCKER_CERT_PATH\" \"$NO_PROXY\""),
                    QStringLiteral("sh"), text });
            QVERIFY(process.waitForFinished(10000));
            QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
            const QList<QByteArray> values = process.readAllStandardOutput().split('\0');
            QVERIFY(values.size() == 3);
            QCOMPARE(values.at(0), s.certPath.toUtf8());
            QCOMPARE(values.at(1), s.noProxyValue.toUtf8());
        }
        ++evaluated;
#endif
    }
    QVERIFY2(!QFile::exists(m_dir.filePath(QStringLiteral("id"))), "a value ran a command");
    qInfo("env: %d cases, %d refused, %d rendered, %d evaluated by bash and dash", total, refused, rendered, evaluated);
    QVERIFY(rendered > 0 && refused > 0);
#ifdef Q_OS_UNIX
    QVERIFY(evaluated > 0);
#endif
}

QTEST_GUILESS_MAIN(TestFuzz)

#include "tst_fuzz.moc"
