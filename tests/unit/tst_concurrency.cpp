// Several berth processes on one store at once, as a CLI and the GUI would: nobody's write is lost,
// the shared CA is made once, and one name is created once.
#include "support/clirun.h"
#include "support/printedtext.h"
#include "testconfig.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <vector>

class TestConcurrency : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parallelCreatesKeepEveryMachine();
    void sameNameIsCreatedOnce();

private:
    static QString closedUrl();
    // Starts one `berth -s store ARGS` per argument list, all at once, and waits for all.
    static std::vector<berth::test::CliResult> runTogether(const QString &store, const QList<QStringList> &argLists);
    // "exit code N: standard error" (-1: it did not run to its end).
    static QString howItEnded(const berth::test::CliResult &result);
};

QString TestConcurrency::closedUrl()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost))
        return {};
    const quint16 port = server.serverPort();
    server.close();
    return QStringLiteral("tcp://127.0.0.1:%1").arg(port);
}

std::vector<berth::test::CliResult> TestConcurrency::runTogether(
    const QString &store, const QList<QStringList> &argLists)
{
    std::vector<std::unique_ptr<QProcess>> processes;
    for (const QStringList &args : argLists) {
        auto process = std::make_unique<QProcess>();
        process->start(QStringLiteral(BERTH_CLI_PATH), QStringList { QStringLiteral("-s"), store } + args);
        processes.push_back(std::move(process));
    }
    // A process that did not start, crashed or did not end gets the exit code -1: its 0 would be a success
    // nobody had.
    std::vector<berth::test::CliResult> results;
    for (auto &process : processes)
        results.push_back(berth::test::finishCli(*process));
    return results;
}

QString TestConcurrency::howItEnded(const berth::test::CliResult &result)
{
    return QStringLiteral("exit code %1: %2").arg(result.exitCode).arg(result.err);
}

void TestConcurrency::parallelCreatesKeepEveryMachine()
{
    QTemporaryDir dir;
    const QString store = dir.filePath(QStringLiteral("store"));
    const QString url = closedUrl();
    QList<QStringList> argLists;
    for (int i = 0; i < 8; ++i)
        argLists << QStringList { QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("none"),
            QStringLiteral("--url"), url, QStringLiteral("m%1").arg(i) };
    for (const berth::test::CliResult &result : runTogether(store, argLists))
        QVERIFY2(result.exitCode == 0, qPrintable(howItEnded(result)));

    QFile ca(store + QStringLiteral("/certs/ca.pem"));
    QVERIFY(ca.open(QIODevice::ReadOnly));
    const QByteArray caPem = ca.readAll();
    // Every machine got the one CA: none was made twice by racing processes.
    for (int i = 0; i < 8; ++i) {
        const QString machine = store + QStringLiteral("/machines/m%1/").arg(i);
        QVERIFY(QFile::exists(machine + QStringLiteral("config.json")));
        QFile copy(machine + QStringLiteral("ca.pem"));
        QVERIFY(copy.open(QIODevice::ReadOnly));
        QCOMPARE(copy.readAll(), caPem);
    }
    QProcess ls;
    ls.start(
        QStringLiteral(BERTH_CLI_PATH), { QStringLiteral("-s"), store, QStringLiteral("ls"), QStringLiteral("-q") });
    QVERIFY(ls.waitForFinished(30000));
    QCOMPARE(berth::test::printedText(ls.readAllStandardOutput()), QStringLiteral("m0\nm1\nm2\nm3\nm4\nm5\nm6\nm7\n"));
}

void TestConcurrency::sameNameIsCreatedOnce()
{
    QTemporaryDir dir;
    const QString store = dir.filePath(QStringLiteral("store"));
    const QString url = closedUrl();
    QList<QStringList> argLists;
    for (int i = 0; i < 6; ++i)
        argLists << QStringList { QStringLiteral("create"), QStringLiteral("-d"), QStringLiteral("none"),
            QStringLiteral("--url"), url, QStringLiteral("same") };
    int created = 0;
    QStringList endings;
    for (const berth::test::CliResult &result : runTogether(store, argLists)) {
        endings << howItEnded(result);
        if (result.exitCode == 0)
            ++created;
        else
            QVERIFY2(result.exitCode > 0
                    && (result.err.contains(QLatin1String("already exists"))
                        || result.err.contains(QLatin1String("Another Berth process"))),
                qPrintable(endings.constLast()));
    }
    QVERIFY2(created == 1, qPrintable(endings.join(QLatin1Char('\n'))));
    QVERIFY(QFile::exists(store + QStringLiteral("/machines/same/config.json")));
}

QTEST_GUILESS_MAIN(TestConcurrency)
#include "tst_concurrency.moc"
