#include "format/gotemplate.h"
#include "format/tabwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace berth;

namespace {

QJsonObject sampleHost()
{
    return QJsonDocument::fromJson(R"({
        "Name": "box",
        "DriverName": "generic",
        "Active": false,
        "Count": 3,
        "Ratio": 2.5,
        "Negative": -7,
        "Labels": ["env=test", "tier=web"],
        "Empty": [],
        "Nothing": null,
        "Driver": { "IPAddress": "192.168.1.50", "SSHPort": 22, "SwarmMaster": false }
    })")
        .object();
}

} // namespace

class TestFormat : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void render_data();
    void render();
    void errors_data();
    void errors();
    void fieldNames();
    void goValueString();

    void alignColumnsLs();
    void alignColumnsMinWidth();
    void alignColumnsLastCellNeverPadded();
};

void TestFormat::render_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("expected");

    QTest::newRow("field") << QStringLiteral("{{.Name}}") << QStringLiteral("box");
    QTest::newRow("spaces in action") << QStringLiteral("{{ .Name }}") << QStringLiteral("box");
    QTest::newRow("trim markers") << QStringLiteral("{{- .Name -}}") << QStringLiteral("box");
    QTest::newRow("trim markers trim text") << QStringLiteral("a  {{- .Name -}} \n b") << QStringLiteral("aboxb");
    QTest::newRow("text around") << QStringLiteral("name: {{.Name}}!") << QStringLiteral("name: box!");
    QTest::newRow("no actions") << QStringLiteral("plain text") << QStringLiteral("plain text");
    QTest::newRow("nested") << QStringLiteral("{{.Driver.IPAddress}}") << QStringLiteral("192.168.1.50");
    QTest::newRow("two fields") << QStringLiteral("{{.Name}} {{.DriverName}}") << QStringLiteral("box generic");
    QTest::newRow("tab escape") << QStringLiteral("{{.Name}}\\t{{.DriverName}}") << QStringLiteral("box\tgeneric");
    QTest::newRow("json object") << QStringLiteral(
        "{{json .Driver}}") << QStringLiteral("{\"IPAddress\":\"192.168.1.50\",\"SSHPort\":22,\"SwarmMaster\":false}");
    QTest::newRow("pipe json") << QStringLiteral("{{.Driver | json}}")
                               << QStringLiteral(
                                      "{\"IPAddress\":\"192.168.1.50\",\"SSHPort\":22,\"SwarmMaster\":false}");
    QTest::newRow("json string") << QStringLiteral("{{json .Name}}") << QStringLiteral("\"box\"");
    QTest::newRow("json list") << QStringLiteral("{{json .Labels}}") << QStringLiteral("[\"env=test\",\"tier=web\"]");
    QTest::newRow("json number") << QStringLiteral("{{json .Count}}") << QStringLiteral("3");
    QTest::newRow("json bool") << QStringLiteral("{{.Active | json}}") << QStringLiteral("false");
    QTest::newRow("json null") << QStringLiteral("{{json .Nothing}}") << QStringLiteral("null");
    QTest::newRow("upper") << QStringLiteral("{{upper .Name}}") << QStringLiteral("BOX");
    QTest::newRow("lower") << QStringLiteral("{{lower .Driver.IPAddress}}") << QStringLiteral("192.168.1.50");
    QTest::newRow("bool") << QStringLiteral("{{.Active}}") << QStringLiteral("false");
    QTest::newRow("integer") << QStringLiteral("{{.Count}}") << QStringLiteral("3");
    QTest::newRow("negative") << QStringLiteral("{{.Negative}}") << QStringLiteral("-7");
    QTest::newRow("float") << QStringLiteral("{{.Ratio}}") << QStringLiteral("2.5");
    QTest::newRow("list") << QStringLiteral("{{.Labels}}") << QStringLiteral("[env=test tier=web]");
    QTest::newRow("empty list") << QStringLiteral("{{.Empty}}") << QStringLiteral("[]");
    QTest::newRow("null") << QStringLiteral("{{.Nothing}}") << QStringLiteral("<nil>");
    QTest::newRow("map") << QStringLiteral("{{.Driver}}")
                         << QStringLiteral("map[IPAddress:192.168.1.50 SSHPort:22 SwarmMaster:false]");
}

void TestFormat::render()
{
    QFETCH(QString, source);
    QFETCH(QString, expected);
    GoTemplate tmpl;
    QString error;
    QVERIFY2(tmpl.parse(source, &error), qPrintable(error));
    QString out;
    QVERIFY2(tmpl.render(sampleHost(), &out, &error), qPrintable(error));
    QCOMPARE(out, expected);
}

void TestFormat::errors_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<bool>("parses");
    QTest::addColumn<QString>("messagePart");

    QTest::newRow("unknown field") << QStringLiteral("{{.Nope}}") << true
                                   << QStringLiteral("can't evaluate field Nope");
    QTest::newRow("unknown nested field")
        << QStringLiteral("{{.Driver.Nope}}") << true << QStringLiteral("can't evaluate field Nope");
    QTest::newRow("field of a string") << QStringLiteral("{{.Name.Length}}") << true
                                       << QStringLiteral("can't evaluate field Length");
    QTest::newRow("unknown function") << QStringLiteral("{{frobnicate .Name}}") << false
                                      << QStringLiteral("function \"frobnicate\" not defined");
    QTest::newRow("unknown piped function")
        << QStringLiteral("{{.Name | frobnicate}}") << false << QStringLiteral("function \"frobnicate\" not defined");
    QTest::newRow("unclosed action") << QStringLiteral("{{.Name") << false << QStringLiteral("unclosed action");
    QTest::newRow("unclosed second action")
        << QStringLiteral("{{.Name}} {{.DriverName") << false << QStringLiteral("unclosed action");
}

void TestFormat::errors()
{
    QFETCH(QString, source);
    QFETCH(bool, parses);
    QFETCH(QString, messagePart);
    GoTemplate tmpl;
    QString error;
    QCOMPARE(tmpl.parse(source, &error), parses);
    if (parses) {
        QString out;
        QVERIFY(!tmpl.render(sampleHost(), &out, &error));
    }
    QVERIFY2(error.contains(messagePart), qPrintable(error));
    QVERIFY2(error.startsWith(QStringLiteral("template: ")), qPrintable(error));
}

void TestFormat::fieldNames()
{
    GoTemplate tmpl;
    QString error;
    QVERIFY(tmpl.parse(QStringLiteral("table {{.Name}}\\t{{ .DriverName }}\\t{{json .Driver}}"), &error));
    QCOMPARE(tmpl.fieldNames(),
        (QStringList { QStringLiteral("Name"), QStringLiteral("DriverName"), QStringLiteral("Driver") }));
}

void TestFormat::goValueString()
{
    QCOMPARE(berth::goValueString(QJsonValue(true)), QStringLiteral("true"));
    QCOMPARE(berth::goValueString(QJsonValue(0)), QStringLiteral("0"));
    QCOMPARE(berth::goValueString(QJsonValue(1024)), QStringLiteral("1024"));
    QCOMPARE(berth::goValueString(QJsonValue(0.25)), QStringLiteral("0.25"));
    QCOMPARE(berth::goValueString(QJsonValue(QStringLiteral("a b"))), QStringLiteral("a b"));
    QCOMPARE(berth::goValueString(QJsonValue(QJsonValue::Null)), QStringLiteral("<nil>"));
    QCOMPARE(berth::goValueString(QJsonArray { 1, QStringLiteral("x"), false }), QStringLiteral("[1 x false]"));
    QCOMPARE(
        berth::goValueString(QJsonObject { { QStringLiteral("b"), 2 }, { QStringLiteral("a"), QJsonArray { 1 } } }),
        QStringLiteral("map[a:[1] b:2]"));
}

void TestFormat::alignColumnsLs()
{
    // docker-machine ls: tabwriter.NewWriter(os.Stdout, 5, 1, 3, ' ', 0).
    const QString input = QStringLiteral("NAME\tACTIVE\tDRIVER\tSTATE\tURL\tSWARM\tDOCKER\tERRORS\n"
                                         "box\t-\tgeneric\tRunning\ttcp://192.168.1.50:2376\t\tv24.0.7\t\n"
                                         "default\t*\tvirtualbox\tStopped\t\t\tUnknown\tUnknown driver\n");
    const QString expected = QStringLiteral(
        "NAME      ACTIVE   DRIVER       STATE     URL                       SWARM   DOCKER    ERRORS\n"
        "box       -        generic      Running   tcp://192.168.1.50:2376           v24.0.7   \n"
        "default   *        virtualbox   Stopped                                     Unknown   Unknown driver\n");
    QCOMPARE(alignColumns(input), expected);
}

void TestFormat::alignColumnsMinWidth()
{
    // Cells shorter than minwidth - padding still take minwidth (5).
    QCOMPARE(alignColumns(QStringLiteral("a\tb\n")), QStringLiteral("a    b\n"));
    QCOMPARE(alignColumns(QStringLiteral("ab\tc\n")), QStringLiteral("ab   c\n"));
    QCOMPARE(alignColumns(QStringLiteral("abc\td\n")), QStringLiteral("abc   d\n"));
    // An empty cell that is not last is padded to the minimum too.
    QCOMPARE(alignColumns(QStringLiteral("\tx\n")), QStringLiteral("     x\n"));
    // Without a final newline, none is added.
    QCOMPARE(alignColumns(QStringLiteral("a\tb")), QStringLiteral("a    b"));
    QCOMPARE(alignColumns(QString()), QString());
    // Other padding and minimum width.
    QCOMPARE(alignColumns(QStringLiteral("a\tb\nccc\td\n"), 0, 1), QStringLiteral("a   b\nccc d\n"));
}

void TestFormat::alignColumnsLastCellNeverPadded()
{
    const QString out = alignColumns(QStringLiteral("NAME\tURL\nlong-machine-name\ttcp://1.2.3.4:2376\nx\ty\n"));
    QCOMPARE(out,
        QStringLiteral("NAME                URL\n"
                       "long-machine-name   tcp://1.2.3.4:2376\n"
                       "x                   y\n"));
    // A line with only one cell keeps its text as is.
    QCOMPARE(alignColumns(QStringLiteral("only\n")), QStringLiteral("only\n"));
    // `ls -q` style: one column, nothing to pad.
    QCOMPARE(alignColumns(QStringLiteral("box\ndefault\n")), QStringLiteral("box\ndefault\n"));
}

QTEST_GUILESS_MAIN(TestFormat)
#include "tst_format.moc"
