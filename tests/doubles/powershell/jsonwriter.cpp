#include "jsonwriter.h"

#include "errors.h"

#include <QLocale>

namespace berth::psdouble {

namespace {

const QString crlf = QStringLiteral("\r\n");

// HttpUtility.JavaScriptStringEncode, which JavaScriptSerializer uses for every string.
QString quote(const QString &s)
{
    QString out = QStringLiteral("\"");
    for (QChar c : s) {
        const ushort u = c.unicode();
        switch (u) {
        case '\b':
            out += QStringLiteral("\\b");
            break;
        case '\t':
            out += QStringLiteral("\\t");
            break;
        case '\n':
            out += QStringLiteral("\\n");
            break;
        case '\f':
            out += QStringLiteral("\\f");
            break;
        case '\r':
            out += QStringLiteral("\\r");
            break;
        case '"':
            out += QStringLiteral("\\\"");
            break;
        case '\\':
            out += QStringLiteral("\\\\");
            break;
        default:
            if (u < 0x20 || u == '\'' || u == '<' || u == '>' || u == '&' || u == 0x85 || u == 0x2028 || u == 0x2029)
                out += QStringLiteral("\\u") + QStringLiteral("%1").arg(u, 4, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    return out + QLatin1Char('"');
}

QString spaces(int n)
{
    return QString(n, QLatin1Char(' '));
}

// Copies a quoted string from json (index just after its opening quote) to out; returns the index of
// its closing quote (one not escaped by an odd number of backslashes).
int copyQuoted(const QString &json, int index, QString &out)
{
    for (int i = index; i < json.size(); ++i) {
        out += json.at(i);
        if (json.at(i) == QLatin1Char('"')) {
            int j = i;
            bool escaped = false;
            while (j > 0 && json.at(--j) == QLatin1Char('\\'))
                escaped = !escaped;
            if (!escaped)
                return i;
        }
    }
    return json.size();
}

int prettyObject(const QString &json, int index, QString &out, const QString &pad, int extra);

// A list's items go one per line, four spaces in from where the list's own line is indented.
int prettyList(const QString &json, int index, QString &out, const QString &pad, int extra)
{
    out += crlf;
    const QString inner = pad + spaces(extra + 4);
    bool lineStart = true;
    for (int i = index; i < json.size(); ++i) {
        const QChar c = json.at(i);
        if (c == QLatin1Char('{') || c == QLatin1Char('[')) {
            out += inner + c;
            i = c == QLatin1Char('{') ? prettyObject(json, i + 1, out, inner, 0)
                                      : prettyList(json, i + 1, out, inner, 0);
            lineStart = false;
        } else if (c == QLatin1Char(']')) {
            out += crlf + pad + spaces(extra) + c;
            return i;
        } else if (c == QLatin1Char('"')) {
            if (lineStart)
                out += inner;
            out += c;
            i = copyQuoted(json, i + 1, out);
            lineStart = false;
        } else if (c == QLatin1Char(',')) {
            out += c + crlf;
            lineStart = true;
        } else {
            if (lineStart)
                out += inner;
            out += c;
            lineStart = false;
        }
    }
    return json.size();
}

// An object's members go one per line as "name":  value; a nested object or list is indented from
// where its member's value starts (the width of the name, its quotes, the colon and two spaces).
int prettyObject(const QString &json, int index, QString &out, const QString &pad, int extra)
{
    out += crlf;
    const QString inner = pad + spaces(extra + 4);
    bool lineStart = true;
    bool inName = true;
    int nameWidth = 0;
    for (int i = index; i < json.size(); ++i) {
        const QChar c = json.at(i);
        if (c == QLatin1Char('{') || c == QLatin1Char('[')) {
            out += c;
            i = c == QLatin1Char('{') ? prettyObject(json, i + 1, out, inner, nameWidth)
                                      : prettyList(json, i + 1, out, inner, nameWidth);
            lineStart = false;
        } else if (c == QLatin1Char('}')) {
            out += crlf + pad + spaces(extra) + c;
            return i;
        } else if (c == QLatin1Char('"')) {
            if (lineStart)
                out += inner;
            out += c;
            const int end = copyQuoted(json, i + 1, out);
            if (inName)
                nameWidth += end - i + 1;
            i = end;
            lineStart = false;
        } else if (c == QLatin1Char(':')) {
            out += c + spaces(2);
            nameWidth += 3;
            lineStart = false;
            inName = false;
        } else if (c == QLatin1Char(',')) {
            out += c + crlf;
            lineStart = true;
            inName = true;
            nameWidth = 0;
        } else {
            if (lineStart)
                out += inner;
            out += c;
            if (inName)
                nameWidth += 1;
            lineStart = false;
        }
    }
    return json.size();
}

} // namespace

QString JsonWriter::serialize(const Value &value, int level, int depth)
{
    using Type = Value::Type;
    switch (value.type) {
    case Type::Null:
        return QStringLiteral("null");
    case Type::Bool:
        return value.boolean ? QStringLiteral("true") : QStringLiteral("false");
    case Type::Int:
    case Type::Enum:
        return QString::number(value.integer);
    case Type::Double:
        return QString::number(value.real, 'g', QLocale::FloatingPointShortest);
    case Type::String:
        return quote(value.text);
    case Type::Array:
    case Type::Object:
        break;
    }
    // Deeper than -Depth, an aggregate is written as its string form.
    if (level > depth)
        return quote(value.toString());
    QStringList parts;
    if (value.type == Type::Array) {
        for (const Value &item : *value.items)
            parts.append(serialize(item, level + 1, depth));
        return QLatin1Char('[') + parts.join(QLatin1Char(',')) + QLatin1Char(']');
    }
    const PsObject &o = *value.object;
    if (o.kind != ObjectKind::Custom)
        throw Unsupported { QStringLiteral("ConvertTo-Json of a %1 object as the cmdlet returned it (pick its "
                                           "properties with Select-Object first)")
                                .arg(o.typeName) };
    for (const auto &[name, member] : o.properties)
        parts.append(quote(name) + QLatin1Char(':') + serialize(member, level + 1, depth));
    return QLatin1Char('{') + parts.join(QLatin1Char(',')) + QLatin1Char('}');
}

QString JsonWriter::pretty(const QString &json)
{
    if (json.startsWith(QLatin1Char('{'))) {
        QString out = QStringLiteral("{");
        prettyObject(json, 1, out, QString(), 0);
        return out;
    }
    if (json.startsWith(QLatin1Char('['))) {
        QString out = QStringLiteral("[");
        prettyList(json, 1, out, QString(), 0);
        return out;
    }
    return json;
}

QString JsonWriter::convert(const Value &value, int depth, bool compress)
{
    const QString json = serialize(value, 0, depth);
    return compress ? json : pretty(json);
}

} // namespace berth::psdouble
