#include "api/machineapi.h"
#include "drivers/driverregistry.h"
#include "machine/machine.h"
#include "machine/machinestore.h"
#include "support/privateaccess.h"
#include "testconfig.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace berth;

namespace {

const QString placeholderStore = QStringLiteral("/home/alice/.docker/machine");

QString fixtureDir()
{
    return QStringLiteral(BERTH_TEST_DATA_DIR "/docker-machine-0.16");
}

bool copyTree(const QString &from, const QString &to)
{
    QDirIterator it(from, QDir::Files | QDir::NoDotAndDotDot | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString source = it.next();
        const QString target = to + source.mid(from.size());
        if (!QDir().mkpath(QFileInfo(target).absolutePath()) || !QFile::copy(source, target))
            return false;
        QFile::setPermissions(
            target, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther);
    }
    return true;
}

QJsonObject readJson(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

// Every leaf of a JSON tree as "path" -> value; objects and arrays recurse, so key sets and values
// are compared everywhere. An empty object or array is a leaf of its own.
void flatten(const QJsonValue &value, const QString &path, QMap<QString, QJsonValue> *out)
{
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        if (object.isEmpty())
            out->insert(path + QStringLiteral("{}"), value);
        for (auto it = object.begin(); it != object.end(); ++it)
            flatten(it.value(), path + QLatin1Char('/') + it.key(), out);
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        if (array.isEmpty())
            out->insert(path + QStringLiteral("[]"), value);
        for (int i = 0; i < array.size(); ++i)
            flatten(array.at(i), path + QLatin1Char('[') + QString::number(i) + QLatin1Char(']'), out);
    } else {
        out->insert(path, value);
    }
}

QMap<QString, QJsonValue> flatten(const QJsonObject &object)
{
    QMap<QString, QJsonValue> out;
    flatten(object, QString(), &out);
    return out;
}

void writeFile(const QString &path, const QByteArray &data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(data), data.size());
}

// The JSON Berth writes for a stored one: the local paths docker-machine's config.json holds in
// the platform's form (backslashes on Windows, as docker-machine writes them there), all else as
// it was. Remote paths (*RemotePath) stay POSIX paths.
// Without driverToo, the Driver section is left as it is (Machine keeps it as read; the driver
// writes it).
QJsonValue asWritten(const QJsonValue &value, const QString &key = {}, bool driverToo = true)
{
    static const QStringList localPaths
        = { QStringLiteral("SSHKeyPath"), QStringLiteral("StorePath"), QStringLiteral("CertDir"),
              QStringLiteral("CaCertPath"), QStringLiteral("CaPrivateKeyPath"), QStringLiteral("ServerCertPath"),
              QStringLiteral("ServerKeyPath"), QStringLiteral("ClientKeyPath"), QStringLiteral("ClientCertPath") };
    if (value.isObject()) {
        QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (driverToo || it.key() != QLatin1String("Driver"))
                it.value() = asWritten(it.value(), it.key(), driverToo);
        }
        return object;
    }
    if (value.isString() && localPaths.contains(key))
        return QDir::toNativeSeparators(value.toString());
    return value;
}

} // namespace

class TestMachineStore : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();

    void loadsGenericMachine();
    void loadsVirtualBoxMachine();
    void toJsonKeepsEveryKey_data();
    void toJsonKeepsEveryKey();
    void saveThenLoadRoundTrips();
    void saveIsAtomicWithMode0600();
    void corruptConfigFailsWithPath();
    void wrongConfigVersionFails();
    void nameMismatchFails();
    void missingMachineIsNotFound();
    void removeDeletesFolder();
    void lockTimesOutThenSucceedsAfterRelease();
    void releasedLockLeavesNoFileAndWaiterHoldsItAlone();
    void machineNames();
    void isValidMachineName_data();
    void isValidMachineName();
    void defaultRootPathHonoursEnvironment();
    void virtualBoxDriverReadsToolboxFixture();
    void genericDriverKeepsItsSection();
    void qemuDriverWritesLocalPathsNatively();
    void activeIsTheUrlTheCallerNames();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_root;
};

void TestMachineStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_root = m_dir->path() + QStringLiteral("/store");
    QVERIFY(copyTree(fixtureDir(), m_root));
    QVERIFY(QFile::exists(m_root + QStringLiteral("/machines/box/config.json")));
    QVERIFY(QFile::exists(m_root + QStringLiteral("/machines/default/config.json")));
}

void TestMachineStore::loadsGenericMachine()
{
    MachineStore store(m_root);
    Machine machine;
    Error error;
    QVERIFY2(store.load(QStringLiteral("box"), &machine, &error), qPrintable(error.message));
    QCOMPARE(machine.name, QStringLiteral("box"));
    QCOMPARE(machine.driverName, QStringLiteral("generic"));
    QCOMPARE(machine.driver.value(QLatin1String("IPAddress")).toString(), QStringLiteral("192.168.1.50"));
    QCOMPARE(machine.driver.value(QLatin1String("SSHPort")).toInt(), 2222);

    QCOMPARE(machine.engine.arbitraryFlags, QStringList { QStringLiteral("log-opt=max-size=10m") });
    QVERIFY(machine.engine.dns.isEmpty());
    QCOMPARE(machine.engine.env, QStringList { QStringLiteral("HTTP_PROXY=http://proxy:3128") });
    QCOMPARE(machine.engine.insecureRegistry, QStringList { QStringLiteral("registry.local:5000") });
    QCOMPARE(machine.engine.labels, QStringList { QStringLiteral("env=test") });
    QCOMPARE(machine.engine.storageDriver, QStringLiteral("overlay2"));
    QCOMPARE(machine.engine.tlsVerify, true);
    QCOMPARE(machine.engine.ipv6, false);
    QVERIFY(machine.engine.registryMirror.isEmpty());
    QCOMPARE(machine.engine.installUrl, QStringLiteral("https://get.docker.com"));

    QCOMPARE(machine.auth.certDir, placeholderStore + QStringLiteral("/certs"));
    QCOMPARE(machine.auth.caCertPath, placeholderStore + QStringLiteral("/certs/ca.pem"));
    QCOMPARE(machine.auth.caPrivateKeyPath, placeholderStore + QStringLiteral("/certs/ca-key.pem"));
    QCOMPARE(machine.auth.clientCertPath, placeholderStore + QStringLiteral("/certs/cert.pem"));
    QCOMPARE(machine.auth.clientKeyPath, placeholderStore + QStringLiteral("/certs/key.pem"));
    QCOMPARE(machine.auth.serverCertPath, placeholderStore + QStringLiteral("/machines/box/server.pem"));
    QCOMPARE(machine.auth.serverKeyPath, placeholderStore + QStringLiteral("/machines/box/server-key.pem"));
    QCOMPARE(machine.auth.storePath, placeholderStore + QStringLiteral("/machines/box"));
    QCOMPARE(machine.auth.caCertRemotePath, QString());
    QVERIFY(machine.auth.serverCertSans.isEmpty());
}

void TestMachineStore::loadsVirtualBoxMachine()
{
    MachineStore store(m_root);
    Machine machine;
    Error error;
    QVERIFY2(store.load(QStringLiteral("default"), &machine, &error), qPrintable(error.message));
    QCOMPARE(machine.name, QStringLiteral("default"));
    QCOMPARE(machine.driverName, QStringLiteral("virtualbox"));
    QCOMPARE(machine.driver.value(QLatin1String("SSHUser")).toString(), QStringLiteral("docker"));
    QCOMPARE(machine.driver.value(QLatin1String("Memory")).toInt(), 1024);
    QCOMPARE(machine.driver.value(QLatin1String("HostOnlyCIDR")).toString(), QStringLiteral("192.168.99.1/24"));
    QVERIFY(machine.engine.labels.isEmpty());
    QVERIFY(machine.engine.env.isEmpty());
    QCOMPARE(machine.engine.storageDriver, QString());
    QCOMPARE(machine.engine.installUrl,
        QStringLiteral("https://github.com/boot2docker/boot2docker/releases/download/v18.09.1/boot2docker.iso"));
    QCOMPARE(machine.auth.storePath, placeholderStore + QStringLiteral("/machines/default"));
    QCOMPARE(machine.auth.serverCertPath, placeholderStore + QStringLiteral("/machines/default/server.pem"));
}

void TestMachineStore::toJsonKeepsEveryKey_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("generic") << QStringLiteral("box");
    QTest::newRow("virtualbox") << QStringLiteral("default");
}

void TestMachineStore::toJsonKeepsEveryKey()
{
    QFETCH(QString, name);
    MachineStore store(m_root);
    const QJsonObject original = readJson(store.configPath(name));
    QVERIFY(!original.isEmpty());
    Machine machine;
    Error error;
    QVERIFY2(store.load(name, &machine, &error), qPrintable(error.message));

    const QMap<QString, QJsonValue> before = flatten(asWritten(original, {}, false).toObject());
    const QMap<QString, QJsonValue> after = flatten(machine.toJson());
    QCOMPARE(after.keys(), before.keys());
    for (auto it = before.begin(); it != before.end(); ++it)
        QVERIFY2(after.value(it.key()) == it.value(), qPrintable(QStringLiteral("value differs at ") + it.key()));
    if (name == QLatin1String("box")) {
        QVERIFY(before.contains(QStringLiteral("/SomePluginField")));
        QVERIFY(before.contains(QStringLiteral("/Driver/SomePluginField/Nested[1]")));
    }
    // Go's json.Marshal writes the Dns and SwarmOptions.Env null, not [].
    QVERIFY(after.value(QStringLiteral("/HostOptions/EngineOptions/Dns")).isNull());
    QVERIFY(after.value(QStringLiteral("/HostOptions/SwarmOptions/Env")).isNull());
}

void TestMachineStore::saveThenLoadRoundTrips()
{
    MachineStore store(m_root);
    Machine machine;
    Error error;
    QVERIFY2(store.load(QStringLiteral("box"), &machine, &error), qPrintable(error.message));
    machine.engine.labels << QStringLiteral("tier=web");
    machine.engine.dns << QStringLiteral("1.1.1.1");
    machine.auth.serverCertSans << QStringLiteral("box.example.com");
    machine.driver.insert(QStringLiteral("IPAddress"), QStringLiteral("192.168.1.51"));
    QVERIFY2(store.save(machine, &error), qPrintable(error.message));

    Machine reloaded;
    QVERIFY2(store.load(QStringLiteral("box"), &reloaded, &error), qPrintable(error.message));
    QCOMPARE(reloaded.engine.labels, (QStringList { QStringLiteral("env=test"), QStringLiteral("tier=web") }));
    QCOMPARE(reloaded.engine.dns, QStringList { QStringLiteral("1.1.1.1") });
    QCOMPARE(reloaded.auth.serverCertSans, QStringList { QStringLiteral("box.example.com") });
    QCOMPARE(reloaded.driver.value(QLatin1String("IPAddress")).toString(), QStringLiteral("192.168.1.51"));
    QCOMPARE(reloaded.toJson(), machine.toJson());

    const QJsonObject onDisk = readJson(store.configPath(QStringLiteral("box")));
    QCOMPARE(onDisk.value(QLatin1String("SomePluginField")).toString(), QStringLiteral("kept"));
    QCOMPARE(onDisk.value(QLatin1String("ConfigVersion")).toInt(), 3);

    // A new machine with nothing read: docker-machine's sections are all there.
    Machine fresh;
    fresh.name = QStringLiteral("fresh");
    fresh.driverName = QStringLiteral("none");
    fresh.driver.insert(QStringLiteral("URL"), QStringLiteral("tcp://10.0.0.1:2376"));
    fresh.auth = Machine::defaultAuthOptions(m_root, fresh.name);
    // save writes into the machine's folder; it never makes one (a removed machine stays removed).
    QVERIFY(!store.save(fresh, &error));
    QVERIFY(!QFileInfo::exists(store.machineDir(fresh.name)));
    QVERIFY(QDir().mkpath(store.machineDir(fresh.name)));
    QVERIFY2(store.save(fresh, &error), qPrintable(error.message));
    Machine freshLoaded;
    QVERIFY2(store.load(QStringLiteral("fresh"), &freshLoaded, &error), qPrintable(error.message));
    QCOMPARE(freshLoaded.auth.storePath, m_root + QStringLiteral("/machines/fresh"));
    QCOMPARE(freshLoaded.auth.caCertPath, m_root + QStringLiteral("/certs/ca.pem"));
    const QJsonObject freshJson = readJson(store.configPath(QStringLiteral("fresh")));
    const QJsonObject hostOptions = freshJson.value(QLatin1String("HostOptions")).toObject();
    QCOMPARE(hostOptions.value(QLatin1String("SwarmOptions")).toObject(), Machine::defaultSwarmOptions());
    QVERIFY(hostOptions.value(QLatin1String("EngineOptions")).toObject().contains(QLatin1String("InstallURL")));
    QCOMPARE(hostOptions.value(QLatin1String("Memory")).toInt(-1), 0);
}

void TestMachineStore::saveIsAtomicWithMode0600()
{
    MachineStore store(m_root);
    Machine machine;
    Error error;
    QVERIFY2(store.load(QStringLiteral("default"), &machine, &error), qPrintable(error.message));
    // A wider mode on the old file must not carry over.
    QFile::setPermissions(store.configPath(QStringLiteral("default")),
        QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther | QFileDevice::WriteOther);
    for (int i = 0; i < 3; ++i)
        QVERIFY2(store.save(machine, &error), qPrintable(error.message));

    const QStringList entries = QDir(store.machineDir(QStringLiteral("default")))
                                    .entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
    QCOMPARE(entries, QStringList { QStringLiteral("config.json") });
    QVERIFY_PRIVATE(store.configPath(QStringLiteral("default")), 0600);
    const QByteArray data = [&] {
        QFile f(store.configPath(QStringLiteral("default")));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }();
    // Four-space indent, as Go's json.MarshalIndent(..., "", "    ").
    QVERIFY(data.startsWith("{\n    \""));
    QVERIFY(data.contains("\n        \"Memory\": 1024,\n"));
}

void TestMachineStore::corruptConfigFailsWithPath()
{
    MachineStore store(m_root);
    const QString path = store.configPath(QStringLiteral("box"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray truncated = file.readAll().left(200);
    file.close();
    writeFile(path, truncated);

    Machine machine;
    Error error;
    QVERIFY(!store.load(QStringLiteral("box"), &machine, &error));
    QVERIFY2(error.message.contains(QDir::toNativeSeparators(path)), qPrintable(error.message));
    QVERIFY2(error.message.contains(QStringLiteral("JSON")), qPrintable(error.message));

    QCOMPARE(store.machineNames(), (QStringList { QStringLiteral("box"), QStringLiteral("default") }));
    Machine other;
    QVERIFY2(store.load(QStringLiteral("default"), &other, &error), qPrintable(error.message));
}

void TestMachineStore::wrongConfigVersionFails()
{
    MachineStore store(m_root);
    const QString path = store.configPath(QStringLiteral("default"));
    QJsonObject json = readJson(path);
    json.insert(QStringLiteral("ConfigVersion"), 2);
    writeFile(path, QJsonDocument(json).toJson());

    Machine machine;
    Error error;
    QVERIFY(!store.load(QStringLiteral("default"), &machine, &error));
    QVERIFY2(error.message.contains(QDir::toNativeSeparators(path)), qPrintable(error.message));
    QVERIFY2(error.message.contains(QStringLiteral("ConfigVersion 2")), qPrintable(error.message));
}

void TestMachineStore::nameMismatchFails()
{
    MachineStore store(m_root);
    QVERIFY(QDir().rename(store.machineDir(QStringLiteral("box")), store.machineDir(QStringLiteral("crate"))));
    Machine machine;
    Error error;
    QVERIFY(!store.load(QStringLiteral("crate"), &machine, &error));
    QVERIFY2(error.message.contains(QStringLiteral("\"box\"")), qPrintable(error.message));
    QVERIFY2(error.message.contains(QStringLiteral("\"crate\"")), qPrintable(error.message));
}

void TestMachineStore::missingMachineIsNotFound()
{
    MachineStore store(m_root);
    Machine machine;
    Error error;
    QVERIFY(!store.load(QStringLiteral("nothere"), &machine, &error));
    QCOMPARE(error.kind, ErrorKind::NotFound);
    QVERIFY2(error.message.contains(QStringLiteral("does not exist")), qPrintable(error.message));
    // What to do is said apart, for each front end to name in its own words; the engine names no command.
    QCOMPARE(error.remedy, Remedy::ListOrCreate);
    QCOMPARE(error.machine, QStringLiteral("nothere"));
    QVERIFY2(!error.message.contains(QStringLiteral("berth")), qPrintable(error.message));
    QVERIFY(!store.exists(QStringLiteral("nothere")));

    // A config.json that is not JSON: the machine can only be removed from the store by force.
    QVERIFY(QDir().mkpath(store.machineDir(QStringLiteral("broken"))));
    QFile broken(store.configPath(QStringLiteral("broken")));
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("{ \"Name\": ");
    broken.close();
    QVERIFY(!store.load(QStringLiteral("broken"), &machine, &error));
    QCOMPARE(error.remedy, Remedy::ForceRemove);
    QCOMPARE(error.machine, QStringLiteral("broken"));
    // (" -f" with its space: the temporary folder's random name may hold "-f".)
    QVERIFY2(!error.message.contains(QStringLiteral("berth ")) && !error.message.contains(QStringLiteral(" -f")),
        qPrintable(error.message));
    // A later plain failure carries no remedy of the earlier one.
    QVERIFY(!store.load(QStringLiteral("../certs"), &machine, &error));
    QCOMPARE(error.remedy, Remedy::None);

    // A name that would leave machines/ is refused before the file system is touched.
    QVERIFY(!store.load(QStringLiteral("../certs"), &machine, &error));
    QCOMPARE(error.kind, ErrorKind::InvalidInput);
}

void TestMachineStore::removeDeletesFolder()
{
    MachineStore store(m_root);
    Error error;
    QVERIFY2(store.remove(QStringLiteral("box"), &error), qPrintable(error.message));
    QVERIFY(!QFileInfo::exists(store.machineDir(QStringLiteral("box"))));
    QCOMPARE(store.machineNames(), QStringList { QStringLiteral("default") });
    // Removing what is not there is no error; a bad name is.
    QVERIFY(store.remove(QStringLiteral("box"), &error));
    QVERIFY(!store.remove(QStringLiteral(".."), &error));
    QVERIFY(QFileInfo(store.machinesDir()).isDir());
}

void TestMachineStore::lockTimesOutThenSucceedsAfterRelease()
{
    MachineStore store(m_root);
    Error error;
    std::unique_ptr<FileLock> first = store.lock(QStringLiteral("box"), 1000, &error);
    QVERIFY2(first, qPrintable(error.message));
    QVERIFY(first->isLocked());

    QElapsedTimer timer;
    timer.start();
    Error secondError;
    std::unique_ptr<FileLock> second = store.lock(QStringLiteral("box"), 300, &secondError);
    QVERIFY(!second);
    QVERIFY(timer.elapsed() >= 250);
    QVERIFY2(secondError.message.contains(QStringLiteral("\"box\"")), qPrintable(secondError.message));
    QVERIFY2(secondError.message.contains(QString::number(QCoreApplication::applicationPid())),
        qPrintable(secondError.message));

    // Another key is independent.
    std::unique_ptr<FileLock> other = store.lock(QStringLiteral("default"), 300, &error);
    QVERIFY2(other, qPrintable(error.message));

    first.reset();
    std::unique_ptr<FileLock> third = store.lock(QStringLiteral("box"), 300, &error);
    QVERIFY2(third, qPrintable(error.message));
}

void TestMachineStore::releasedLockLeavesNoFileAndWaiterHoldsItAlone()
{
    MachineStore store(m_root);
    const QString file = m_root + QStringLiteral("/.locks/box.lock");
    Error error;
    std::unique_ptr<FileLock> first = store.lock(QStringLiteral("box"), 1000, &error);
    QVERIFY2(first, qPrintable(error.message));
    QVERIFY(QFileInfo(file).isFile());

    // A waiter opens the lock file before the holder deletes it on release; it must end up holding the
    // lock of the file at the path, not of the deleted one, or a third taker would hold it too.
    std::unique_ptr<FileLock> second;
    Error secondError;
    std::unique_ptr<QThread> waiter(
        QThread::create([&] { second = store.lock(QStringLiteral("box"), 10000, &secondError); }));
    waiter->start();
    QTest::qWait(300);
    first.reset();
    QVERIFY(waiter->wait(15000));
    QVERIFY2(second, qPrintable(secondError.message));
    Error thirdError;
    QVERIFY(!store.lock(QStringLiteral("box"), 0, &thirdError));
    QVERIFY2(thirdError.message.contains(QStringLiteral("Another Berth process")), qPrintable(thirdError.message));

    second.reset();
    QVERIFY(!QFileInfo::exists(file));
    QVERIFY(store.lock(QStringLiteral("box"), 0, &error));
}

void TestMachineStore::machineNames()
{
    MachineStore store(m_root);
    QVERIFY(QDir().mkpath(store.machinesDir() + QStringLiteral("/.tmp-folder")));
    writeFile(store.machinesDir() + QStringLiteral("/stray-file"), "x");
    QCOMPARE(store.machineNames(), (QStringList { QStringLiteral("box"), QStringLiteral("default") }));
    QVERIFY(store.exists(QStringLiteral("box")));

    MachineStore empty(m_dir->path() + QStringLiteral("/nothing"));
    QVERIFY(empty.machineNames().isEmpty());
    QCOMPARE(empty.configPath(QStringLiteral("x")), m_dir->path() + QStringLiteral("/nothing/machines/x/config.json"));
    QCOMPARE(empty.certsDir(), m_dir->path() + QStringLiteral("/nothing/certs"));
}

void TestMachineStore::isValidMachineName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");
    QTest::newRow("default") << QStringLiteral("default") << true;
    QTest::newRow("box-1") << QStringLiteral("box-1") << true;
    QTest::newRow("a.b") << QStringLiteral("a.b") << true;
    QTest::newRow("digit first") << QStringLiteral("1box") << true;
    QTest::newRow("63 chars") << QString(63, QLatin1Char('a')) << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("shell") << QStringLiteral("a;rm -rf ~") << false;
    QTest::newRow("parent") << QStringLiteral("../x") << false;
    QTest::newRow("dash first") << QStringLiteral("-x") << false;
    QTest::newRow("dot first") << QStringLiteral(".x") << false;
    QTest::newRow("space") << QStringLiteral("a b") << false;
    QTest::newRow("slash") << QStringLiteral("a/b") << false;
    QTest::newRow("underscore") << QStringLiteral("a_b") << false;
    QTest::newRow("64 chars") << QString(64, QLatin1Char('a')) << true;
    QTest::newRow("65 chars") << QString(65, QLatin1Char('a')) << false;
    QTest::newRow("trailing newline") << QStringLiteral("box\n") << false;
    QTest::newRow("300 chars") << QString(300, QLatin1Char('a')) << false;
    // Windows would store "box." as box's folder, and CON or nul.x are devices there: refused on Windows
    // only, since a POSIX store may hold such machines already (and must be able to remove them).
#ifdef Q_OS_WIN
    const bool posix = false;
#else
    const bool posix = true;
#endif
    QTest::newRow("trailing dot") << QStringLiteral("box.") << posix;
    QTest::newRow("two trailing dots") << QStringLiteral("iv..") << posix;
    QTest::newRow("device con") << QStringLiteral("con") << posix;
    QTest::newRow("device NUL.x") << QStringLiteral("NUL.x") << posix;
    QTest::newRow("device com1") << QStringLiteral("com1") << posix;
    QTest::newRow("lpt9.a.b") << QStringLiteral("lpt9.a.b") << posix;
    QTest::newRow("console") << QStringLiteral("console") << true;
    QTest::newRow("com10") << QStringLiteral("com10") << true;
    QTest::newRow("auxiliary.x") << QStringLiteral("auxiliary.x") << true;
}

void TestMachineStore::isValidMachineName()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    QString error;
    QCOMPARE(berth::isValidMachineName(name, &error), valid);
    if (valid) {
        QVERIFY(error.isEmpty());
    } else {
        QVERIFY(!error.isEmpty());
        if (name.size() > 64)
            QVERIFY2(error.contains(QStringLiteral("64")), qPrintable(error));
        else if (QRegularExpression(QStringLiteral("\\A[a-zA-Z0-9][a-zA-Z0-9.-]*\\z")).match(name).hasMatch())
            QVERIFY2(error.contains(QStringLiteral("cannot be a folder's name here")), qPrintable(error));
        else if (!name.isEmpty())
            QVERIFY2(error.contains(QStringLiteral("Allowed characters")), qPrintable(error));
        else
            QVERIFY2(error.contains(QStringLiteral("empty")), qPrintable(error));
    }
    QCOMPARE(berth::isValidMachineName(name, nullptr), valid);
}

void TestMachineStore::defaultRootPathHonoursEnvironment()
{
    const QByteArray saved = qgetenv("MACHINE_STORAGE_PATH");
    const bool wasSet = qEnvironmentVariableIsSet("MACHINE_STORAGE_PATH");
    qputenv("MACHINE_STORAGE_PATH", m_root.toLocal8Bit());
    QCOMPARE(MachineStore::defaultRootPath(), m_root);
    qunsetenv("MACHINE_STORAGE_PATH");
    QCOMPARE(MachineStore::defaultRootPath(), QDir::homePath() + QStringLiteral("/.docker/machine"));
    if (wasSet)
        qputenv("MACHINE_STORAGE_PATH", saved);

    // The root is made absolute and clean.
    MachineStore relative(m_root + QStringLiteral("/machines/../"));
    QCOMPARE(relative.rootPath(), m_root);
}

void TestMachineStore::virtualBoxDriverReadsToolboxFixture()
{
    MachineStore store(m_root);
    Machine machine;
    Error error;
    QVERIFY2(store.load(QStringLiteral("default"), &machine, &error), qPrintable(error.message));
    std::unique_ptr<Driver> driver = DriverRegistry::forStoredMachine(machine.driverName, machine.name, m_root);
    QVERIFY(driver);
    QString loadMessage;
    QVERIFY2(driver->fromJson(machine.driver, &loadMessage), qPrintable(loadMessage));
    QCOMPARE(driver->driverName(), QStringLiteral("virtualbox"));
    // What docker-machine stored: the host-only address, SSH through the NAT rule on 127.0.0.1.
    QString message;
    QCOMPARE(driver->ip(&message), QStringLiteral("192.168.99.100"));
    QCOMPARE(driver->url(&message), QStringLiteral("tcp://192.168.99.100:2376"));
    QCOMPARE(driver->sshHostname(&message), QStringLiteral("127.0.0.1"));
    QCOMPARE(driver->sshUsername(), QStringLiteral("docker"));
    QCOMPARE(driver->sshPort(), 41853);
    QVERIFY(driver->stateIsLocal());
    const MachineResources resources = driver->resources();
    QCOMPARE(resources.cpus, 1);
    QCOMPARE(resources.memoryMb, 1024);
    QCOMPARE(resources.diskMb, 20000);
    QVERIFY(resources.imageVersion.isEmpty());
    // Every field docker-machine wrote keeps its value (its local paths in the platform's form); Berth's own
    // are added under their own names.
    const QJsonObject written = driver->toJson(machine.driver);
    const QJsonObject original = asWritten(machine.driver).toObject();
    for (auto it = original.begin(); it != original.end(); ++it)
        QVERIFY2(written.value(it.key()) == it.value(), qPrintable(it.key()));
    for (const char *berthField : { "ImageVersion", "DockerPort", "BootTimeout", "CommandTimeout", "StopTimeout" })
        QVERIFY2(written.contains(QLatin1String(berthField)), berthField);
    QCOMPARE(written.value(QLatin1String("VBoxManager")), QJsonValue(QJsonObject()));
    // And read back, the same.
    std::unique_ptr<Driver> again = DriverRegistry::forStoredMachine(machine.driverName, machine.name, m_root);
    QVERIFY2(again->fromJson(written, &loadMessage), qPrintable(loadMessage));
    QCOMPARE(again->toJson(written), written);
}

void TestMachineStore::genericDriverKeepsItsSection()
{
    MachineStore store(m_root);
    Machine machine;
    Error error;
    QVERIFY2(store.load(QStringLiteral("box"), &machine, &error), qPrintable(error.message));
    std::unique_ptr<Driver> driver = DriverRegistry::forStoredMachine(machine.driverName, machine.name, m_root);
    QVERIFY(driver);
    QString loadMessage;
    QVERIFY2(driver->fromJson(machine.driver, &loadMessage), qPrintable(loadMessage));
    QCOMPARE(driver->driverName(), QStringLiteral("generic"));
    QString message;
    QCOMPARE(driver->ip(&message), QStringLiteral("192.168.1.50"));
    QCOMPARE(driver->sshUsername(), QStringLiteral("ubuntu"));
    QCOMPARE(driver->sshPort(), 2222);
    QCOMPARE(driver->sshKeyPath(), placeholderStore + QStringLiteral("/machines/box/id_rsa"));
    QCOMPARE(driver->enginePort(), 2376);
    QCOMPARE(driver->url(&message), QStringLiteral("tcp://192.168.1.50:2376"));
    QCOMPARE(driver->toJson(machine.driver), asWritten(machine.driver).toObject());
}

void TestMachineStore::qemuDriverWritesLocalPathsNatively()
{
    const QJsonObject section { { QStringLiteral("MachineName"), QStringLiteral("vm") },
        { QStringLiteral("StorePath"), m_root },
        { QStringLiteral("SSHKeyPath"), QString(m_root + QStringLiteral("/machines/vm/id_rsa")) },
        { QStringLiteral("QemuBinary"), QStringLiteral("/opt/qemu 9/qemu-system-x86_64") },
        { QStringLiteral("ImageDir"), QStringLiteral("/var/cache/berth/vm-image-1") },
        { QStringLiteral("ImageVersion"), QStringLiteral("1") },
        { QStringLiteral("SharedFolder"), QStringLiteral("/home/alice") } };
    std::unique_ptr<Driver> driver
        = DriverRegistry::forStoredMachine(QStringLiteral("qemu"), QStringLiteral("vm"), m_root);
    QVERIFY(driver);
    QString message;
    QVERIFY2(driver->fromJson(section, &message), qPrintable(message));
    // As BaseDriver's own paths: with the platform's separators (backslashes on Windows), and read back the same.
    const QJsonObject written = driver->toJson(section);
    for (const char *key : { "StorePath", "SSHKeyPath", "QemuBinary", "ImageDir", "SharedFolder" }) {
        QCOMPARE(written.value(QLatin1String(key)).toString(),
            QDir::toNativeSeparators(section.value(QLatin1String(key)).toString()));
    }
    std::unique_ptr<Driver> again
        = DriverRegistry::forStoredMachine(QStringLiteral("qemu"), QStringLiteral("vm"), m_root);
    QVERIFY2(again->fromJson(written, &message), qPrintable(message));
    QCOMPARE(again->toJson(written), written);
}

void TestMachineStore::activeIsTheUrlTheCallerNames()
{
    // The engine reads no DOCKER_HOST of its own: the desktop app's active machine is the one the user
    // chose, whatever the environment it was started from says.
    const QString store = m_dir->path() + QStringLiteral("/active-store");
    MachineApi api(store);
    NullProgress progress;
    for (const auto &[name, url] : { std::pair { "a", "tcp://127.0.0.1:1" }, std::pair { "b", "tcp://127.0.0.1:2" } }) {
        CreateOptions options;
        options.name = QLatin1String(name);
        options.driverName = QStringLiteral("none");
        options.driverFlags.insert(QStringLiteral("url"), { QLatin1String(url) });
        Error error;
        QVERIFY2(api.create(options, &progress, &error), qPrintable(error.message));
    }
    qputenv("DOCKER_HOST", "tcp://127.0.0.1:1");
    const auto restore = qScopeGuard([] { qunsetenv("DOCKER_HOST"); });
    // Under Wine too: since list()'s threads are kept for the program's life, its end no longer hangs in
    // ExitProcess (it did in 2 runs of 6 when each list ended its own threads).
    const QList<MachineListEntry> entries
        = api.list(1, QStringLiteral("tcp://127.0.0.1:2"), MachineApi::ListDetail::State);
    QCOMPARE(entries.size(), 2);
    QVERIFY(!entries.at(0).active);
    QVERIFY(entries.at(1).active);
    Error error;
    QCOMPARE(api.active(QStringLiteral("tcp://127.0.0.1:2"), &error), QStringLiteral("b"));
    QCOMPARE(api.active(QString(), &error), QString());
    QVERIFY2(error.message.contains(QStringLiteral("No active host")), qPrintable(error.message));
}

QTEST_GUILESS_MAIN(TestMachineStore)
#include "tst_machinestore.moc"
