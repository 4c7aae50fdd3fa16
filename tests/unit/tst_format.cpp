#include "format/goformat.h"
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
    void goValueString();
    void goTextTemplate_data();
    void goTextTemplate();
    void goTemplateErrors_data();
    void goTemplateErrors();
    void goFormatting();

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
    QTest::newRow("100 nested parentheses") << QStringLiteral("{{") + QString(99, QLatin1Char('('))
            + QStringLiteral(".Name") + QString(99, QLatin1Char(')'))
            + QStringLiteral("}}") << QStringLiteral("box");
    QTest::newRow("nested") << QStringLiteral("{{.Driver.IPAddress}}") << QStringLiteral("192.168.1.50");
    QTest::newRow("two fields") << QStringLiteral("{{.Name}} {{.DriverName}}") << QStringLiteral("box generic");
    // \t is text here; only ls turns it into a tab, as docker-machine's parseFormat does.
    QTest::newRow("tab escape") << QStringLiteral("{{.Name}}\\t{{.DriverName}}") << QStringLiteral("box\\tgeneric");
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
    // Go's pipeline unwraps the interface{}: null prints as no value (inside a list or map, <nil>).
    QTest::newRow("null") << QStringLiteral("{{.Nothing}}") << QStringLiteral("<no value>");
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

// The host as docker-machine's inspect gives it to the template: JSON decoded into maps.
const char inspectHost[] = R"({
    "Name": "box",
    "DriverName": "generic",
    "Active": false,
    "Count": 3,
    "Big": 1000000,
    "Ratio": 2.5,
    "Negative": -7,
    "Labels": ["env=test", "tier=web"],
    "Empty": [],
    "Nothing": null,
    "Html": "<a href='x'>&\"é",
    "Driver": { "IPAddress": "192.168.1.50", "SSHPort": 22, "SwarmMaster": false, "Memory": 1024, "Tags": {} }
})";

// Each expected output is what Go's text/template printed for the same template and data, with
// docker-machine's json and prettyjson (commands/inspect.go).
void TestFormat::goTextTemplate_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("expected");
    QTest::newRow("{{prettyjson .Driver}}")
        << QStringLiteral("{{prettyjson .Driver}}")
        << QStringLiteral("{\n    \"IPAddress\": \"192.168.1.50\",\n    \"Memory\": 1024,\n    \"SSHPort\": 22,\n    "
                          "\"SwarmMaster\": false,\n    \"Tags\": {}\n}");
    QTest::newRow("{{json .Driver}}")
        << QStringLiteral("{{json .Driver}}")
        << QStringLiteral(
               "{\"IPAddress\":\"192.168.1.50\",\"Memory\":1024,\"SSHPort\":22,\"SwarmMaster\":false,\"Tags\":{}}");
    QTest::newRow("{{json .Html}}") << QStringLiteral("{{json .Html}}")
                                    << QStringLiteral("\"\\u003ca href='x'\\u003e\\u0026\\\"é\"");
    QTest::newRow("{{.Html | json}}") << QStringLiteral("{{.Html | json}}")
                                      << QStringLiteral("\"\\u003ca href='x'\\u003e\\u0026\\\"é\"");
    QTest::newRow("{{json .}}") << QStringLiteral("{{json .}}")
                                << QStringLiteral(
                                       "{\"Active\":false,\"Big\":1000000,\"Count\":3,\"Driver\":{\"IPAddress\":\"192."
                                       "168.1.50\",\"Memory\":1024,\"SSHPort\":22,\"SwarmMaster\":false,\"Tags\":{}},"
                                       "\"DriverName\":\"generic\",\"Empty\":[],\"Html\":\"\\u003ca "
                                       "href='x'\\u003e\\u0026\\\"é\",\"Labels\":[\"env=test\",\"tier=web\"],\"Name\":"
                                       "\"box\",\"Negative\":-7,\"Nothing\":null,\"Ratio\":2.5}");
    QTest::newRow("{{prettyjson .Labels}}")
        << QStringLiteral("{{prettyjson .Labels}}") << QStringLiteral("[\n    \"env=test\",\n    \"tier=web\"\n]");
    QTest::newRow("{{prettyjson .Empty}}") << QStringLiteral("{{prettyjson .Empty}}") << QStringLiteral("[]");
    QTest::newRow("{{prettyjson .Driver.Tags}}")
        << QStringLiteral("{{prettyjson .Driver.Tags}}") << QStringLiteral("{}");
    QTest::newRow("{{prettyjson .Nothing}}") << QStringLiteral("{{prettyjson .Nothing}}") << QStringLiteral("null");
    QTest::newRow("{{prettyjson .Nope}}") << QStringLiteral("{{prettyjson .Nope}}") << QStringLiteral("null");
    QTest::newRow("{{.Nope}}") << QStringLiteral("{{.Nope}}") << QStringLiteral("<no value>");
    QTest::newRow("{{.Nope.Deeper}}") << QStringLiteral("{{.Nope.Deeper}}") << QStringLiteral("<no value>");
    QTest::newRow("{{.Nothing}}") << QStringLiteral("{{.Nothing}}") << QStringLiteral("<no value>");
    QTest::newRow("{{.Big}}") << QStringLiteral("{{.Big}}") << QStringLiteral("1e+06");
    QTest::newRow("{{.Driver.Memory}}") << QStringLiteral("{{.Driver.Memory}}") << QStringLiteral("1024");
    QTest::newRow("{{json .Big}}") << QStringLiteral("{{json .Big}}") << QStringLiteral("1000000");
    QTest::newRow("{{and .Name .Count}}") << QStringLiteral("{{and .Name .Count}}") << QStringLiteral("3");
    QTest::newRow("{{and .Active .Name}}") << QStringLiteral("{{and .Active .Name}}") << QStringLiteral("false");
    QTest::newRow("{{or .Active .Empty}}") << QStringLiteral("{{or .Active .Empty}}") << QStringLiteral("[]");
    QTest::newRow("{{or .Active .Name}}") << QStringLiteral("{{or .Active .Name}}") << QStringLiteral("box");
    QTest::newRow("{{not .Active}}") << QStringLiteral("{{not .Active}}") << QStringLiteral("true");
    QTest::newRow("{{not .Labels}}") << QStringLiteral("{{not .Labels}}") << QStringLiteral("false");
    QTest::newRow("{{len .Labels}}") << QStringLiteral("{{len .Labels}}") << QStringLiteral("2");
    QTest::newRow("{{len .Name}}") << QStringLiteral("{{len .Name}}") << QStringLiteral("3");
    QTest::newRow("{{len .Driver}}") << QStringLiteral("{{len .Driver}}") << QStringLiteral("5");
    QTest::newRow("{{index .Labels 1}}") << QStringLiteral("{{index .Labels 1}}") << QStringLiteral("tier=web");
    QTest::newRow("{{index .Driver \"IPAddress\"}}")
        << QStringLiteral("{{index .Driver \"IPAddress\"}}") << QStringLiteral("192.168.1.50");
    QTest::newRow("{{index . \"Driver\" \"SSHPort\"}}")
        << QStringLiteral("{{index . \"Driver\" \"SSHPort\"}}") << QStringLiteral("22");
    QTest::newRow("{{index .Driver \"Nope\"}}")
        << QStringLiteral("{{index .Driver \"Nope\"}}") << QStringLiteral("<no value>");
    QTest::newRow("{{print .Name .Count .Ratio}}")
        << QStringLiteral("{{print .Name .Count .Ratio}}") << QStringLiteral("box3 2.5");
    QTest::newRow("{{print 1 2 \"a\" 3 4}}") << QStringLiteral("{{print 1 2 \"a\" 3 4}}") << QStringLiteral("1 2a3 4");
    QTest::newRow("{{println .Name .Count}}")
        << QStringLiteral("{{println .Name .Count}}") << QStringLiteral("box 3\n");
    QTest::newRow("{{printf \"%s:%d\" .Name 3}}")
        << QStringLiteral("{{printf \"%s:%d\" .Name 3}}") << QStringLiteral("box:3");
    QTest::newRow("{{printf \"%d\" .Count}}")
        << QStringLiteral("{{printf \"%d\" .Count}}") << QStringLiteral("%!d(float64=3)");
    QTest::newRow("{{printf \"%v %v %v\" .Labels .Driver .Nothing}}")
        << QStringLiteral("{{printf \"%v %v %v\" .Labels .Driver .Nothing}}")
        << QStringLiteral("[env=test tier=web] map[IPAddress:192.168.1.50 Memory:1024 SSHPort:22 SwarmMaster:false "
                          "Tags:map[]] <nil>");
    QTest::newRow("{{printf \"%q %T %T %T\" .Name .Count .Labels 3}}") << QStringLiteral(
        "{{printf \"%q %T %T %T\" .Name .Count .Labels 3}}") << QStringLiteral("\"box\" float64 []interface {} int");
    QTest::newRow("{{printf \"%5.1f|%-6s|%06d|%x|%X|%o|%e|%g|%t\" .Ratio .Name 42 255 \"hi\" 8 .Big .Ratio .Active}}")
        << QStringLiteral(
               "{{printf \"%5.1f|%-6s|%06d|%x|%X|%o|%e|%g|%t\" .Ratio .Name 42 255 \"hi\" 8 .Big .Ratio .Active}}")
        << QStringLiteral("  2.5|box   |000042|ff|6869|10|1.000000e+06|2.5|false");
    QTest::newRow("{{printf \"%s\"}}") << QStringLiteral("{{printf \"%s\"}}") << QStringLiteral("%!s(MISSING)");
    QTest::newRow("{{printf \"%s\" .Name 3}}")
        << QStringLiteral("{{printf \"%s\" .Name 3}}") << QStringLiteral("box%!(EXTRA int=3)");
    QTest::newRow("{{printf \"%d %s\" .Name .Count}}")
        << QStringLiteral("{{printf \"%d %s\" .Name .Count}}") << QStringLiteral("%!d(string=box) %!s(float64=3)");
    QTest::newRow("{{printf \"%c %q %U\" 65 'x' 0x1F600}}")
        << QStringLiteral("{{printf \"%c %q %U\" 65 'x' 0x1F600}}") << QStringLiteral("A 'x' U+1F600");
    QTest::newRow("{{printf \"%.2s|%8.3e|%+d|%.3g\" \"hello\" .Big 5 3.14159}}") << QStringLiteral(
        "{{printf \"%.2s|%8.3e|%+d|%.3g\" \"hello\" .Big 5 3.14159}}") << QStringLiteral("he|1.000e+06|+5|3.14");
    QTest::newRow("{{eq .Name \"box\"}}") << QStringLiteral("{{eq .Name \"box\"}}") << QStringLiteral("true");
    QTest::newRow("{{eq .Name \"a\" \"b\" \"box\"}}")
        << QStringLiteral("{{eq .Name \"a\" \"b\" \"box\"}}") << QStringLiteral("true");
    QTest::newRow("{{ne .Name \"box\"}}") << QStringLiteral("{{ne .Name \"box\"}}") << QStringLiteral("false");
    QTest::newRow("{{eq .Count 3.0}}") << QStringLiteral("{{eq .Count 3.0}}") << QStringLiteral("true");
    QTest::newRow("{{lt 1 2}}") << QStringLiteral("{{lt 1 2}}") << QStringLiteral("true");
    QTest::newRow("{{le 2 2}}") << QStringLiteral("{{le 2 2}}") << QStringLiteral("true");
    QTest::newRow("{{gt \"b\" \"a\"}}") << QStringLiteral("{{gt \"b\" \"a\"}}") << QStringLiteral("true");
    QTest::newRow("{{ge 1.5 2.5}}") << QStringLiteral("{{ge 1.5 2.5}}") << QStringLiteral("false");
    QTest::newRow("{{html .Html}}") << QStringLiteral("{{html .Html}}")
                                    << QStringLiteral("&lt;a href=&#39;x&#39;&gt;&amp;&#34;é");
    QTest::newRow("{{urlquery .Html}}") << QStringLiteral("{{urlquery .Html}}")
                                        << QStringLiteral("%3Ca+href%3D%27x%27%3E%26%22%C3%A9");
    QTest::newRow("{{html 1 2}}") << QStringLiteral("{{html 1 2}}") << QStringLiteral("1 2");
    QTest::newRow("{{urlquery \"a b&c=d/é\"}}")
        << QStringLiteral("{{urlquery \"a b&c=d/é\"}}") << QStringLiteral("a+b%26c%3Dd%2F%C3%A9");
    QTest::newRow("{{if .Active}}yes{{else if .Count}}count{{else}}no{{end}}")
        << QStringLiteral("{{if .Active}}yes{{else if .Count}}count{{else}}no{{end}}") << QStringLiteral("count");
    QTest::newRow("{{range .Labels}}[{{.}}]{{end}}")
        << QStringLiteral("{{range .Labels}}[{{.}}]{{end}}") << QStringLiteral("[env=test][tier=web]");
    QTest::newRow("{{range $i, $e := .Labels}}{{$i}}={{$e}} {{end}}") << QStringLiteral(
        "{{range $i, $e := .Labels}}{{$i}}={{$e}} {{end}}") << QStringLiteral("0=env=test 1=tier=web ");
    QTest::newRow("{{range $k, $v := .Driver}}{{$k}}:{{$v}};{{end}}")
        << QStringLiteral("{{range $k, $v := .Driver}}{{$k}}:{{$v}};{{end}}")
        << QStringLiteral("IPAddress:192.168.1.50;Memory:1024;SSHPort:22;SwarmMaster:false;Tags:map[];");
    QTest::newRow("{{range .Empty}}x{{else}}none{{end}}")
        << QStringLiteral("{{range .Empty}}x{{else}}none{{end}}") << QStringLiteral("none");
    QTest::newRow("{{with .Driver}}{{.IPAddress}}{{end}}")
        << QStringLiteral("{{with .Driver}}{{.IPAddress}}{{end}}") << QStringLiteral("192.168.1.50");
    QTest::newRow("{{with .Nope}}x{{else}}nope{{end}}")
        << QStringLiteral("{{with .Nope}}x{{else}}nope{{end}}") << QStringLiteral("nope");
    QTest::newRow("{{$n := .Name}}{{$n}}-{{$}}")
        << QStringLiteral("{{$n := .Name}}{{$n}}-{{$}}")
        << QStringLiteral("box-map[Active:false Big:1e+06 Count:3 Driver:map[IPAddress:192.168.1.50 Memory:1024 "
                          "SSHPort:22 SwarmMaster:false Tags:map[]] DriverName:generic Empty:[] Html:<a href='x'>&\"é "
                          "Labels:[env=test tier=web] Name:box Negative:-7 Nothing:<nil> Ratio:2.5]");
    QTest::newRow("{{$x := 1}}{{$x = 2}}{{$x}}")
        << QStringLiteral("{{$x := 1}}{{$x = 2}}{{$x}}") << QStringLiteral("2");
    QTest::newRow("{{(.Driver).IPAddress}}")
        << QStringLiteral("{{(.Driver).IPAddress}}") << QStringLiteral("192.168.1.50");
    QTest::newRow("{{len (index .Labels 0)}}") << QStringLiteral("{{len (index .Labels 0)}}") << QStringLiteral("8");
    QTest::newRow("{{.Name | printf \"%s!\" | len}}")
        << QStringLiteral("{{.Name | printf \"%s!\" | len}}") << QStringLiteral("4");
    QTest::newRow("{{.Name | len | printf \"%d\"}}")
        << QStringLiteral("{{.Name | len | printf \"%d\"}}") << QStringLiteral("3");
    QTest::newRow("a  {{- .Name -}}  b") << QStringLiteral("a  {{- .Name -}}  b") << QStringLiteral("aboxb");
    QTest::newRow("{{/* a comment */}}x") << QStringLiteral("{{/* a comment */}}x") << QStringLiteral("x");
    QTest::newRow("{{- /* c */ -}} y") << QStringLiteral("{{- /* c */ -}} y") << QStringLiteral("y");
    QTest::newRow("{{.Labels}} {{.Driver}} {{.Empty}}")
        << QStringLiteral("{{.Labels}} {{.Driver}} {{.Empty}}")
        << QStringLiteral("[env=test tier=web] map[IPAddress:192.168.1.50 Memory:1024 SSHPort:22 SwarmMaster:false "
                          "Tags:map[]] []");
    QTest::newRow("{{printf \"%v\" .Ratio}} {{.Negative}} {{printf \"%5v|%-5v|\" .Count .Name}}")
        << QStringLiteral("{{printf \"%v\" .Ratio}} {{.Negative}} {{printf \"%5v|%-5v|\" .Count .Name}}")
        << QStringLiteral("2.5 -7     3|box  |");
    // Go 1.12's JSEscape (docker-machine 0.16's Go): \x3C and \x3E; & and = stay.
    QTest::newRow("{{js .Html}}") << QStringLiteral("{{js .Html}}") << QStringLiteral("\\x3Ca href=\\'x\\'\\x3E&\\\"é");
    QTest::newRow("{{js control}}") << QStringLiteral("{{js \"a\\nb\\\\\"}}") << QStringLiteral("a\\u000Ab\\\\");
    // Berth's own, kept from before: upper and lower.
    QTest::newRow("{{upper .Name}}") << QStringLiteral("{{upper .Name}}") << QStringLiteral("BOX");
}

void TestFormat::goTextTemplate()
{
    QFETCH(QString, source);
    QFETCH(QString, expected);
    GoTemplate tmpl;
    QString error;
    QVERIFY2(tmpl.parse(source, &error), qPrintable(error));
    QString out;
    QVERIFY2(tmpl.render(QJsonDocument::fromJson(inspectHost).object(), &out, &error, GoTemplate::Data::Map),
        qPrintable(error));
    QCOMPARE(out, expected);
}

void TestFormat::goTemplateErrors_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<bool>("atParse");
    QTest::addColumn<QString>("expected");
    QTest::newRow("{{.Name.Length}}")
        << QStringLiteral("{{.Name.Length}}") << false
        << QStringLiteral(
               "template: :1:7: executing \"\" at <.Name.Length>: can't evaluate field Length in type interface {}");
    QTest::newRow("{{len .Count}}")
        << QStringLiteral("{{len .Count}}") << false
        << QStringLiteral("template: :1:2: executing \"\" at <len .Count>: error calling len: len of type float64");
    QTest::newRow("{{index .Labels 5}}")
        << QStringLiteral("{{index .Labels 5}}") << false
        << QStringLiteral(
               "template: :1:2: executing \"\" at <index .Labels 5>: error calling index: index out of range: 5");
    QTest::newRow("{{eq .Count 3}}")
        << QStringLiteral("{{eq .Count 3}}") << false
        << QStringLiteral(
               "template: :1:2: executing \"\" at <eq .Count 3>: error calling eq: incompatible types for comparison");
    QTest::newRow("{{lt .Active true}}")
        << QStringLiteral("{{lt .Active true}}") << false
        << QStringLiteral(
               "template: :1:2: executing \"\" at <lt .Active true>: error calling lt: invalid type for comparison");
    QTest::newRow("{{\"quoted\\tstring\"}}|{{`raw\\t`}}|{{'a'}}|{{0x10}}|{{1e3}}|{{-5}}|{{.5}}|{{nil | print}}")
        << QStringLiteral("{{\"quoted\\tstring\"}}|{{`raw\\t`}}|{{'a'}}|{{0x10}}|{{1e3}}|{{-5}}|{{.5}}|{{nil | print}}")
        << false << QStringLiteral("template: :1:74: executing \"\" at <nil>: nil is not a command");
    QTest::newRow("{{call .Name}}")
        << QStringLiteral("{{call .Name}}") << false
        << QStringLiteral(
               "template: :1:2: executing \"\" at <call .Name>: error calling call: non-function of type string");
    QTest::newRow("{{.Name 3}}")
        << QStringLiteral("{{.Name 3}}") << false
        << QStringLiteral("template: :1:2: executing \"\" at <.Name>: Name is not a method but has arguments");
    QTest::newRow("{{frob .Name}}") << QStringLiteral("{{frob .Name}}") << true
                                    << QStringLiteral("template: :1: function \"frob\" not defined");
    QTest::newRow("{{.Name | 3}}") << QStringLiteral("{{.Name | 3}}") << true
                                   << QStringLiteral("template: :1: non executable command in pipeline stage 2");
    QTest::newRow("{{.Name") << QStringLiteral("{{.Name") << true << QStringLiteral("template: :1: unclosed action");
    QTest::newRow("{{if .Name}}x") << QStringLiteral("{{if .Name}}x") << true
                                   << QStringLiteral("template: :1: unexpected EOF");
    QTest::newRow("{{end}}") << QStringLiteral("{{end}}") << true << QStringLiteral("template: :1: unexpected {{end}}");
    QTest::newRow("{{$nope}}") << QStringLiteral("{{$nope}}") << true
                               << QStringLiteral("template: :1: undefined variable \"$nope\"");
    QTest::newRow("{{nil}}") << QStringLiteral("{{nil}}") << false
                             << QStringLiteral("template: :1:2: executing \"\" at <nil>: nil is not a command");
    QTest::newRow("{{3 4}}") << QStringLiteral("{{3 4}}") << false
                             << QStringLiteral(
                                    "template: :1:2: executing \"\" at <3>: can't give argument to non-function 3");
    QTest::newRow("{{index 3 1}}")
        << QStringLiteral("{{index 3 1}}") << false
        << QStringLiteral(
               "template: :1:2: executing \"\" at <index 3 1>: error calling index: can't index item of type int");
    QTest::newRow("{{not}}")
        << QStringLiteral("{{not}}") << false
        << QStringLiteral("template: :1:2: executing \"\" at <not>: wrong number of args for not: want 1 got 0");
    QTest::newRow("{{eq .Name}}")
        << QStringLiteral("{{eq .Name}}") << false
        << QStringLiteral(
               "template: :1:2: executing \"\" at <eq .Name>: error calling eq: missing argument for comparison");
    QTest::newRow("{{range .Name}}x{{end}}")
        << QStringLiteral("{{range .Name}}x{{end}}") << false
        << QStringLiteral("template: :1:8: executing \"\" at <.Name>: range can't iterate over box");
    // Nesting a recursive parser 100,000 deep overflowed its stack (a crash on a hostile --format).
    QTest::newRow("100000 parentheses") << QStringLiteral("{{") + QString(100000, QLatin1Char('('))
            + QStringLiteral("}}") << true
                                        << QStringLiteral("template: :1: template nested more than 100 levels deep");
    QString ifs;
    for (int n = 0; n < 20000; ++n)
        ifs += QStringLiteral("{{if 1}}");
    QTest::newRow("20000 nested ifs") << ifs << true
                                      << QStringLiteral("template: :1: template nested more than 100 levels deep");
}

void TestFormat::goTemplateErrors()
{
    QFETCH(QString, source);
    QFETCH(bool, atParse);
    QFETCH(QString, expected);
    GoTemplate tmpl;
    QString error;
    QCOMPARE(tmpl.parse(source, &error), !atParse);
    if (!atParse) {
        QString out;
        QVERIFY(!tmpl.render(QJsonDocument::fromJson(inspectHost).object(), &out, &error, GoTemplate::Data::Map));
    }
    QCOMPARE(error, expected);
}

void TestFormat::goFormatting()
{
    // strconv.Quote, as docker-machine's config prints paths with %q.
    QCOMPARE(goQuote(QStringLiteral("C:\\Users\\me \"x\"\t\u00e9\u00a0\u2028\x01")),
        QStringLiteral("\"C:\\\\Users\\\\me \\\"x\\\"\\t\u00e9\\u00a0\\u2028\\x01\""));
    // fmt's %v of float64 and json.Marshal's numbers.
    QCOMPARE(goFloat(1e6), QStringLiteral("1e+06"));
    QCOMPARE(goFloat(123456), QStringLiteral("123456"));
    QCOMPARE(goFloat(1234567), QStringLiteral("1.234567e+06"));
    QCOMPARE(goFloat(0.0001), QStringLiteral("0.0001"));
    QCOMPARE(goFloat(0.00001), QStringLiteral("1e-05"));
    QCOMPARE(goFloat(0.1 + 0.2), QStringLiteral("0.30000000000000004"));
    QCOMPARE(goJson(QJsonValue(1e20)), QStringLiteral("100000000000000000000"));
    QCOMPARE(goJson(QJsonValue(1e21)), QStringLiteral("1e+21"));
    QCOMPARE(goJson(QJsonValue(1e-7)), QStringLiteral("1e-7"));
    QCOMPARE(
        goJson(QJsonValue(QStringLiteral("\u2028\x01\n\b\f"))), QStringLiteral("\"\\u2028\\u0001\\n\\u0008\\u000c\""));
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
