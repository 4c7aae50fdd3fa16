#include "gotemplate.h"

#include "goformat.h"
#include "util/translate.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QUrl>

#include <cmath>
#include <functional>

namespace berth {

namespace gotemplate {

// Parse and execution errors unwind to parse() and render(), as Go's panics do to Execute.
struct Failure {
    QString message;
};

enum class Kind { Invalid, Nil, Bool, Int, Float, String, List, Map };

// A value as text/template sees it: what encoding/json decodes into an interface{} (float64 for
// every JSON number), ints for the template's own integer constants, and Invalid for a missing key.
struct Value {
    Kind kind = Kind::Invalid;
    bool boolean = false;
    qint64 integer = 0;
    double number = 0;
    QString string;
    QJsonArray list;
    QJsonObject map;
    bool isStruct = false; // ls's row: a Go struct, whose missing fields are errors
};

Value fromJson(const QJsonValue &json, bool isStruct = false)
{
    Value v;
    switch (json.type()) {
    case QJsonValue::Null:
        v.kind = Kind::Nil;
        break;
    case QJsonValue::Bool:
        v.kind = Kind::Bool;
        v.boolean = json.toBool();
        break;
    case QJsonValue::Double:
        v.kind = Kind::Float;
        v.number = json.toDouble();
        break;
    case QJsonValue::String:
        v.kind = Kind::String;
        v.string = json.toString();
        break;
    case QJsonValue::Array:
        v.kind = Kind::List;
        v.list = json.toArray();
        break;
    case QJsonValue::Object:
        v.kind = Kind::Map;
        v.map = json.toObject();
        v.isStruct = isStruct;
        break;
    case QJsonValue::Undefined:
        break;
    }
    return v;
}

Value makeBool(bool b)
{
    Value v;
    v.kind = Kind::Bool;
    v.boolean = b;
    return v;
}

Value makeInt(qint64 i)
{
    Value v;
    v.kind = Kind::Int;
    v.integer = i;
    return v;
}

Value makeString(const QString &s)
{
    Value v;
    v.kind = Kind::String;
    v.string = s;
    return v;
}

QJsonValue toJson(const Value &v)
{
    switch (v.kind) {
    case Kind::Bool:
        return v.boolean;
    case Kind::Int:
        return static_cast<double>(v.integer);
    case Kind::Float:
        return v.number;
    case Kind::String:
        return v.string;
    case Kind::List:
        return v.list;
    case Kind::Map:
        return v.map;
    case Kind::Invalid:
    case Kind::Nil:
        break;
    }
    return QJsonValue(QJsonValue::Null);
}

QString typeName(const Value &v)
{
    switch (v.kind) {
    case Kind::Bool:
        return QStringLiteral("bool");
    case Kind::Int:
        return QStringLiteral("int");
    case Kind::Float:
        return QStringLiteral("float64");
    case Kind::String:
        return QStringLiteral("string");
    case Kind::List:
        return QStringLiteral("[]interface {}");
    case Kind::Map:
        return v.isStruct ? QStringLiteral("commands.HostListItem") : QStringLiteral("map[string]interface {}");
    case Kind::Invalid:
    case Kind::Nil:
        break;
    }
    return QStringLiteral("<nil>");
}

// ---- fmt ----------------------------------------------------------------------------------------

struct Spec {
    bool minus = false;
    bool plus = false;
    bool sharp = false;
    bool space = false;
    bool zero = false;
    int width = -1;
    int precision = -1;
};

QString pad(const QString &text, const Spec &spec, bool numeric = false)
{
    const int length = static_cast<int>(text.toUcs4().size());
    if (spec.width <= length)
        return text;
    const QString fill(spec.width - length, spec.zero && !spec.minus && numeric ? QLatin1Char('0') : QLatin1Char(' '));
    if (spec.minus)
        return text + fill;
    if (fill.startsWith(QLatin1Char('0')) && (text.startsWith(QLatin1Char('-')) || text.startsWith(QLatin1Char('+'))))
        return text.left(1) + fill + text.mid(1);
    return fill + text;
}

QString withSign(const QString &digits, bool negative, const Spec &spec)
{
    if (negative)
        return QLatin1Char('-') + digits;
    if (spec.plus)
        return QLatin1Char('+') + digits;
    if (spec.space)
        return QLatin1Char(' ') + digits;
    return digits;
}

QString formatInteger(qint64 value, QChar verb, const Spec &spec)
{
    const bool negative = value < 0;
    const quint64 magnitude = negative ? 0 - static_cast<quint64>(value) : static_cast<quint64>(value);
    QString digits;
    switch (verb.unicode()) {
    case 'x':
        digits = QString::number(magnitude, 16);
        if (spec.sharp)
            digits.prepend(QStringLiteral("0x"));
        break;
    case 'X':
        digits = QString::number(magnitude, 16).toUpper();
        if (spec.sharp)
            digits.prepend(QStringLiteral("0X"));
        break;
    case 'o':
        digits = QString::number(magnitude, 8);
        if (spec.sharp && digits != QLatin1String("0"))
            digits.prepend(QLatin1Char('0'));
        break;
    case 'b':
        digits = QString::number(magnitude, 2);
        break;
    default:
        digits = QString::number(magnitude);
    }
    if (spec.precision >= 0 && digits.size() < spec.precision)
        digits = QString(spec.precision - digits.size(), QLatin1Char('0')) + digits;
    return withSign(digits, negative, spec);
}

// %e, %f and %g with a precision, as strconv.FormatFloat rounds and writes them.
QString formatFloat(double value, QChar verb, int precision)
{
    const char lower = static_cast<char>(verb.toLower().unicode());
    if (std::isnan(value))
        return QStringLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
    QString text;
    if (lower == 'g') {
        if (precision < 0) {
            text = goFloat(value);
        } else {
            const int p = qMax(precision, 1);
            const QString e = QString::number(std::fabs(value), 'e', p - 1);
            const int exponent = e.mid(e.indexOf(QLatin1Char('e')) + 1).toInt();
            QString digits = e.left(e.indexOf(QLatin1Char('e'))).remove(QLatin1Char('.'));
            while (digits.size() > 1 && digits.endsWith(QLatin1Char('0')))
                digits.chop(1);
            int eprec = p;
            if (eprec > digits.size() && digits.size() >= exponent + 1)
                eprec = static_cast<int>(digits.size());
            if (exponent < -4 || exponent >= eprec)
                text = QString::number(value, 'e', static_cast<int>(digits.size()) - 1);
            else
                text = QString::number(value, 'f', qMax(static_cast<int>(digits.size()) - exponent - 1, 0));
        }
    } else {
        text = QString::number(value, lower, precision < 0 ? 6 : precision);
    }
    return verb.isUpper() ? text.toUpper() : text;
}

QString sprintValue(const Value &v);

QString badVerb(QChar verb, const Value &v)
{
    if (v.kind == Kind::Nil || v.kind == Kind::Invalid)
        return QStringLiteral("%!") + verb + QStringLiteral("(<nil>)");
    return QStringLiteral("%!") + verb + QLatin1Char('(') + typeName(v) + QLatin1Char('=') + sprintValue(v)
        + QLatin1Char(')');
}

QString formatValue(const Value &v, QChar verb, const Spec &spec);

QString formatElements(const Value &v, QChar verb, const Spec &spec)
{
    Spec inner = spec;
    inner.width = -1;
    QStringList items;
    if (v.kind == Kind::List) {
        for (const QJsonValue &item : v.list)
            items << formatValue(fromJson(item), verb, inner);
        return QLatin1Char('[') + items.join(QLatin1Char(' ')) + QLatin1Char(']');
    }
    for (auto it = v.map.begin(); it != v.map.end(); ++it)
        items << formatValue(makeString(it.key()), verb, inner) + QLatin1Char(':')
                + formatValue(fromJson(it.value()), verb, inner);
    return QStringLiteral("map[") + items.join(QLatin1Char(' ')) + QLatin1Char(']');
}

QString formatValue(const Value &v, QChar verb, const Spec &spec)
{
    const ushort c = verb.unicode();
    if (c == 'T')
        return pad(typeName(v), spec);
    if (c == 'v' && (v.kind == Kind::Nil || v.kind == Kind::Invalid))
        return pad(QStringLiteral("<nil>"), spec);
    if (v.kind == Kind::List || v.kind == Kind::Map)
        return pad(formatElements(v, verb, spec), spec);
    switch (v.kind) {
    case Kind::Bool:
        if (c == 'v' || c == 't')
            return pad(v.boolean ? QStringLiteral("true") : QStringLiteral("false"), spec);
        break;
    case Kind::Int:
        if (c == 'v' || c == 'd' || c == 'x' || c == 'X' || c == 'o' || c == 'b')
            return pad(formatInteger(v.integer, c == 'v' ? QLatin1Char('d') : verb, spec), spec, true);
        if (c == 'c' || c == 'q') {
            const auto rune = static_cast<char32_t>(v.integer);
            const QString text = QString::fromUcs4(&rune, 1);
            if (c == 'c')
                return pad(text, spec);
            // strconv.QuoteRune: as a string is quoted, but in single quotes.
            const QString inner = rune == U'\''
                ? QStringLiteral("\\'")
                : goQuote(text).mid(1).chopped(1).replace(QStringLiteral("\\\""), QStringLiteral("\""));
            return pad(QLatin1Char('\'') + inner + QLatin1Char('\''), spec);
        }
        if (c == 'U')
            return pad(QStringLiteral("U+%1").arg(
                           QString::number(v.integer, 16).toUpper().rightJustified(4, QLatin1Char('0'))),
                spec);
        break;
    case Kind::Float:
        if (c == 'v' || c == 'e' || c == 'E' || c == 'f' || c == 'F' || c == 'g' || c == 'G') {
            const QString text = formatFloat(std::fabs(v.number), c == 'v' ? QLatin1Char('g') : verb, spec.precision);
            return pad(withSign(text, std::signbit(v.number) && !std::isnan(v.number), spec), spec, true);
        }
        break;
    case Kind::String:
        if (c == 'v' || c == 's') {
            QString text = v.string;
            const QList<uint> runes = text.toUcs4();
            if (spec.precision >= 0 && spec.precision < runes.size())
                text = QString::fromUcs4(reinterpret_cast<const char32_t *>(runes.constData()), spec.precision);
            return pad(text, spec);
        }
        if (c == 'q')
            return pad(goQuote(v.string), spec);
        if (c == 'x' || c == 'X') {
            const QString hex = QString::fromLatin1(v.string.toUtf8().toHex());
            return pad(c == 'X' ? hex.toUpper() : hex, spec);
        }
        break;
    case Kind::Invalid:
    case Kind::Nil:
    case Kind::List:
    case Kind::Map:
        break;
    }
    return badVerb(verb, v);
}

// fmt's %v.
QString sprintValue(const Value &v)
{
    return formatValue(v, QLatin1Char('v'), Spec());
}

// fmt.Sprint: a space between operands when neither is a string.
QString sprint(const QList<Value> &args)
{
    QString out;
    for (int i = 0; i < args.size(); ++i) {
        if (i > 0 && args.at(i).kind != Kind::String && args.at(i - 1).kind != Kind::String)
            out += QLatin1Char(' ');
        out += sprintValue(args.at(i));
    }
    return out;
}

QString sprintln(const QList<Value> &args)
{
    QStringList parts;
    for (const Value &v : args)
        parts << sprintValue(v);
    return parts.join(QLatin1Char(' ')) + QLatin1Char('\n');
}

QString sprintf(const QString &format, const QList<Value> &args)
{
    QString out;
    int argIndex = 0;
    for (int i = 0; i < format.size(); ++i) {
        if (format.at(i) != QLatin1Char('%')) {
            out += format.at(i);
            continue;
        }
        Spec spec;
        ++i;
        for (; i < format.size(); ++i) {
            const QChar f = format.at(i);
            if (f == QLatin1Char('-'))
                spec.minus = true;
            else if (f == QLatin1Char('+'))
                spec.plus = true;
            else if (f == QLatin1Char('#'))
                spec.sharp = true;
            else if (f == QLatin1Char(' '))
                spec.space = true;
            else if (f == QLatin1Char('0'))
                spec.zero = true;
            else
                break;
        }
        auto number = [&](int *target) {
            if (i < format.size() && format.at(i) == QLatin1Char('*')) {
                ++i;
                if (argIndex < args.size() && args.at(argIndex).kind == Kind::Int)
                    *target = static_cast<int>(args.at(argIndex++).integer);
                else
                    out += QStringLiteral("%!(BADWIDTH)");
                return;
            }
            int start = i;
            while (i < format.size() && format.at(i).isDigit())
                ++i;
            if (i > start)
                *target = format.mid(start, i - start).toInt();
        };
        number(&spec.width);
        if (i < format.size() && format.at(i) == QLatin1Char('.')) {
            ++i;
            spec.precision = 0;
            number(&spec.precision);
        }
        if (i >= format.size()) {
            out += QStringLiteral("%!(NOVERB)");
            break;
        }
        const QChar verb = format.at(i);
        if (verb == QLatin1Char('%')) {
            out += QLatin1Char('%');
            continue;
        }
        if (argIndex >= args.size()) {
            out += QStringLiteral("%!") + verb + QStringLiteral("(MISSING)");
            continue;
        }
        out += formatValue(args.at(argIndex++), verb, spec);
    }
    if (argIndex < args.size()) {
        QStringList extra;
        for (; argIndex < args.size(); ++argIndex) {
            const Value &v = args.at(argIndex);
            extra << (v.kind == Kind::Nil ? QStringLiteral("<nil>") : typeName(v) + QLatin1Char('=') + sprintValue(v));
        }
        out += QStringLiteral("%!(EXTRA ") + extra.join(QStringLiteral(", ")) + QLatin1Char(')');
    }
    return out;
}

// ---- escapers (text/template's html, js, urlquery) --------------------------------------------

QString htmlEscape(const QString &text)
{
    QString out;
    for (const QChar c : text) {
        switch (c.unicode()) {
        case 0:
            out += QChar(0xfffd);
            break;
        case '"':
            out += QStringLiteral("&#34;");
            break;
        case '\'':
            out += QStringLiteral("&#39;");
            break;
        case '&':
            out += QStringLiteral("&amp;");
            break;
        case '<':
            out += QStringLiteral("&lt;");
            break;
        case '>':
            out += QStringLiteral("&gt;");
            break;
        default:
            out += c;
        }
    }
    return out;
}

QString jsEscape(const QString &text)
{
    QString out;
    for (const char32_t c : text.toUcs4()) {
        switch (c) {
        case U'\\':
            out += QStringLiteral("\\\\");
            continue;
        case U'\'':
            out += QStringLiteral("\\'");
            continue;
        case U'"':
            out += QStringLiteral("\\\"");
            continue;
        case U'<':
            out += QStringLiteral("\\x3C");
            continue;
        case U'>':
            out += QStringLiteral("\\x3E");
            continue;
        default:
            break;
        }
        const QString one = QString::fromUcs4(&c, 1);
        if (c < U' ')
            out += QStringLiteral("\\u00") + QString::number(c, 16).toUpper().rightJustified(2, QLatin1Char('0'));
        else if (c < 0x80 || goQuote(one) == QLatin1Char('"') + one + QLatin1Char('"'))
            out += one;
        else
            out += QStringLiteral("\\u") + QString::number(c, 16).toUpper().rightJustified(4, QLatin1Char('0'));
    }
    return out;
}

QString urlQueryEscape(const QString &text)
{
    QString out;
    for (const char byte : text.toUtf8()) {
        const auto b = static_cast<unsigned char>(byte);
        if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '-' || b == '_'
            || b == '.' || b == '~')
            out += QLatin1Char(static_cast<char>(b));
        else if (b == ' ')
            out += QLatin1Char('+');
        else
            out += QLatin1Char('%') + QString::number(b, 16).toUpper().rightJustified(2, QLatin1Char('0'));
    }
    return out;
}

// ---- comparison and truth ---------------------------------------------------------------------

bool isTrue(const Value &v)
{
    switch (v.kind) {
    case Kind::Bool:
        return v.boolean;
    case Kind::Int:
        return v.integer != 0;
    case Kind::Float:
        return v.number != 0;
    case Kind::String:
        return !v.string.isEmpty();
    case Kind::List:
        return !v.list.isEmpty();
    case Kind::Map:
        return v.isStruct || !v.map.isEmpty(); // a struct is always true; a map when it has keys
    case Kind::Invalid:
    case Kind::Nil:
        break;
    }
    return false;
}

bool isBasic(const Value &v)
{
    return v.kind == Kind::Bool || v.kind == Kind::Int || v.kind == Kind::Float || v.kind == Kind::String;
}

bool equal(const Value &a, const Value &b)
{
    if (!isBasic(a) || !isBasic(b))
        throw Failure { QStringLiteral("invalid type for comparison") };
    if (a.kind != b.kind)
        throw Failure { QStringLiteral("incompatible types for comparison") };
    switch (a.kind) {
    case Kind::Bool:
        return a.boolean == b.boolean;
    case Kind::Int:
        return a.integer == b.integer;
    case Kind::Float:
        return a.number == b.number;
    default:
        return a.string == b.string;
    }
}

bool less(const Value &a, const Value &b)
{
    if (!isBasic(a) || !isBasic(b) || a.kind == Kind::Bool || b.kind == Kind::Bool)
        throw Failure { QStringLiteral("invalid type for comparison") };
    if (a.kind != b.kind)
        throw Failure { QStringLiteral("incompatible types for comparison") };
    if (a.kind == Kind::Int)
        return a.integer < b.integer;
    if (a.kind == Kind::Float)
        return a.number < b.number;
    return a.string.toUtf8() < b.string.toUtf8();
}

// ---- functions -------------------------------------------------------------------------------

// The text of the arguments of html, js and urlquery: a lone string as it is, else fmt.Sprint.
QString escaperText(const QList<Value> &args)
{
    if (args.size() == 1 && args.first().kind == Kind::String)
        return args.first().string;
    return sprint(args);
}

Value index(Value item, const QList<Value> &indices)
{
    for (const Value &i : indices) {
        if (item.kind == Kind::Nil || item.kind == Kind::Invalid)
            throw Failure { QStringLiteral("index of untyped nil") };
        if (item.kind == Kind::Map && !item.isStruct) {
            if (i.kind != Kind::String)
                throw Failure { QStringLiteral("value has type %1; should be string").arg(typeName(i)) };
            item = item.map.contains(i.string) ? fromJson(item.map.value(i.string)) : fromJson(QJsonValue::Null);
        } else if (item.kind == Kind::List || item.kind == Kind::String) {
            if (i.kind != Kind::Int) {
                throw Failure { i.kind == Kind::Nil || i.kind == Kind::Invalid
                        ? QStringLiteral("cannot index slice/array with nil")
                        : QStringLiteral("cannot index slice/array with type %1").arg(typeName(i)) };
            }
            const QByteArray bytes = item.string.toUtf8();
            const qsizetype size = item.kind == Kind::List ? item.list.size() : bytes.size();
            if (i.integer < 0 || i.integer >= size)
                throw Failure { QStringLiteral("index out of range: %1").arg(i.integer) };
            item = item.kind == Kind::List ? fromJson(item.list.at(i.integer))
                                           : makeInt(static_cast<unsigned char>(bytes.at(i.integer)));
        } else {
            throw Failure { QStringLiteral("can't index item of type %1").arg(typeName(item)) };
        }
    }
    return item;
}

struct Function {
    int minArgs;
    int maxArgs; // -1: any number
    std::function<Value(const QList<Value> &)> call;
};

const QMap<QString, Function> &functions()
{
    static const QMap<QString, Function> all {
        { QStringLiteral("and"),
            { 1, -1,
                [](const QList<Value> &a) {
                    for (const Value &v : a) {
                        if (!isTrue(v))
                            return v;
                    }
                    return a.last();
                } } },
        { QStringLiteral("or"),
            { 1, -1,
                [](const QList<Value> &a) {
                    for (const Value &v : a) {
                        if (isTrue(v))
                            return v;
                    }
                    return a.last();
                } } },
        { QStringLiteral("not"), { 1, 1, [](const QList<Value> &a) { return makeBool(!isTrue(a.first())); } } },
        { QStringLiteral("len"),
            { 1, 1,
                [](const QList<Value> &a) {
                    const Value &v = a.first();
                    if (v.kind == Kind::String)
                        return makeInt(v.string.toUtf8().size());
                    if (v.kind == Kind::List)
                        return makeInt(v.list.size());
                    if (v.kind == Kind::Map && !v.isStruct)
                        return makeInt(v.map.size());
                    if (v.kind == Kind::Nil || v.kind == Kind::Invalid)
                        throw Failure { QStringLiteral("len of untyped nil") };
                    throw Failure { QStringLiteral("len of type %1").arg(typeName(v)) };
                } } },
        { QStringLiteral("index"), { 1, -1, [](const QList<Value> &a) { return index(a.first(), a.mid(1)); } } },
        { QStringLiteral("print"), { 0, -1, [](const QList<Value> &a) { return makeString(sprint(a)); } } },
        { QStringLiteral("println"), { 0, -1, [](const QList<Value> &a) { return makeString(sprintln(a)); } } },
        { QStringLiteral("printf"),
            { 1, -1,
                [](const QList<Value> &a) {
                    if (a.first().kind != Kind::String)
                        throw Failure {
                            QStringLiteral("wrong type for value; expected string; got %1").arg(typeName(a.first()))
                        };
                    return makeString(sprintf(a.first().string, a.mid(1)));
                } } },
        { QStringLiteral("eq"),
            { 1, -1,
                [](const QList<Value> &a) {
                    if (!isBasic(a.first()))
                        throw Failure { QStringLiteral("invalid type for comparison") };
                    if (a.size() < 2)
                        throw Failure { QStringLiteral("missing argument for comparison") };
                    for (const Value &v : a.mid(1)) {
                        if (equal(a.first(), v))
                            return makeBool(true);
                    }
                    return makeBool(false);
                } } },
        { QStringLiteral("ne"), { 2, 2, [](const QList<Value> &a) { return makeBool(!equal(a.at(0), a.at(1))); } } },
        { QStringLiteral("lt"), { 2, 2, [](const QList<Value> &a) { return makeBool(less(a.at(0), a.at(1))); } } },
        { QStringLiteral("le"),
            { 2, 2,
                [](const QList<Value> &a) { return makeBool(less(a.at(0), a.at(1)) || equal(a.at(0), a.at(1))); } } },
        { QStringLiteral("gt"),
            { 2, 2,
                [](const QList<Value> &a) { return makeBool(!less(a.at(0), a.at(1)) && !equal(a.at(0), a.at(1))); } } },
        { QStringLiteral("ge"), { 2, 2, [](const QList<Value> &a) { return makeBool(!less(a.at(0), a.at(1))); } } },
        { QStringLiteral("html"),
            { 0, -1, [](const QList<Value> &a) { return makeString(htmlEscape(escaperText(a))); } } },
        { QStringLiteral("js"), { 0, -1, [](const QList<Value> &a) { return makeString(jsEscape(escaperText(a))); } } },
        { QStringLiteral("urlquery"),
            { 0, -1, [](const QList<Value> &a) { return makeString(urlQueryEscape(escaperText(a))); } } },
        { QStringLiteral("call"),
            { 1, -1,
                [](const QList<Value> &a) -> Value {
                    if (a.first().kind == Kind::Nil || a.first().kind == Kind::Invalid)
                        throw Failure { QStringLiteral("call of nil") };
                    throw Failure { QStringLiteral("non-function of type %1").arg(typeName(a.first())) };
                } } },
        // docker-machine's inspect: json.Marshal and json.MarshalIndent(v, "", "    ").
        { QStringLiteral("json"),
            { 1, 1, [](const QList<Value> &a) { return makeString(goJson(toJson(a.first()))); } } },
        { QStringLiteral("prettyjson"),
            { 1, 1,
                [](const QList<Value> &a) { return makeString(goJson(toJson(a.first()), QStringLiteral("    "))); } } },
        { QStringLiteral("upper"),
            { 1, 1, [](const QList<Value> &a) { return makeString(sprintValue(a.first()).toUpper()); } } },
        { QStringLiteral("lower"),
            { 1, 1, [](const QList<Value> &a) { return makeString(sprintValue(a.first()).toLower()); } } },
    };
    return all;
}

// ---- syntax tree ------------------------------------------------------------------------------

struct Pipe;

// One operand of a command.
struct Arg {
    enum class Type { Field, Variable, Dot, Nil, Literal, Function, Paren } type = Type::Dot;
    QString name; // a variable ("$x") or a function
    QStringList fields; // .A.B after the operand
    Value literal;
    std::shared_ptr<Pipe> pipe; // Paren
    int pos = 0;
    QString text;
};

struct Command {
    QList<Arg> args;
    int pos = 0;
    QString text;
};

struct Pipe {
    QStringList decl;
    bool assign = false;
    QList<Command> commands;
};

} // namespace gotemplate

struct gotemplate::Node {
    enum class Type { List, Text, Action, If, Range, With } type = Type::List;
    QString text;
    std::shared_ptr<Pipe> pipe;
    QList<std::shared_ptr<Node>> list;
    QList<std::shared_ptr<Node>> elseList;
};

namespace gotemplate {

// ---- lexer ------------------------------------------------------------------------------------

struct Token {
    enum class Type {
        Text,
        Left,
        Right,
        Field,
        Dot,
        Variable,
        Identifier,
        String,
        Number,
        Bool,
        Nil,
        Pipe,
        LeftParen,
        RightParen,
        Declare,
        Assign,
        Comma,
        Space,
        Eof
    } type;
    QString text;
    int pos = 0;
    Value value; // String, Number, Bool
};

bool isSpace(QChar c)
{
    return c == QLatin1Char(' ') || c == QLatin1Char('\t') || c == QLatin1Char('\r') || c == QLatin1Char('\n');
}

bool isAlphaNumeric(QChar c)
{
    return c == QLatin1Char('_') || c.isLetterOrNumber();
}

class Lexer {
public:
    explicit Lexer(const QString &source)
        : s(source)
    {
    }

    QList<Token> run()
    {
        const int n = static_cast<int>(s.size());
        while (pos < n) {
            const int open = static_cast<int>(s.indexOf(QStringLiteral("{{"), pos));
            if (open < 0) {
                push(Token::Type::Text, s.mid(pos), pos);
                break;
            }
            const bool trimLeft = open + 3 < n && s.at(open + 2) == QLatin1Char('-') && isSpace(s.at(open + 3));
            int textEnd = open;
            while (trimLeft && textEnd > pos && isSpace(s.at(textEnd - 1)))
                --textEnd;
            if (textEnd > pos)
                push(Token::Type::Text, s.mid(pos, textEnd - pos), pos);
            pos = open + (trimLeft ? 4 : 2);
            if (s.mid(pos, 2) == QLatin1String("/*")) {
                const int end = static_cast<int>(s.indexOf(QStringLiteral("*/"), pos + 2));
                if (end < 0)
                    fail(QStringLiteral("unclosed comment"));
                pos = end + 2;
                if (!atRightDelim())
                    fail(QStringLiteral("comment ends before closing delimiter"));
                continue;
            }
            push(Token::Type::Left, QStringLiteral("{{"), open);
            insideAction();
        }
        push(Token::Type::Eof, QString(), pos);
        return tokens;
    }

    [[noreturn]] void fail(const QString &message) const
    {
        throw Failure {
            QStringLiteral("template: :%1: %2").arg(s.left(pos).count(QLatin1Char('\n')) + 1).arg(message)
        };
    }

private:
    void push(Token::Type type, const QString &text, int at, const Value &value = Value())
    {
        tokens.append({ type, text, at, value });
    }

    // At "}}" or " -}}": consumes it (and the space after a trim marker), true.
    bool atRightDelim()
    {
        if (s.mid(pos, 4) == QLatin1String(" -}}")) {
            pos += 4;
            while (pos < s.size() && isSpace(s.at(pos)))
                ++pos;
            return true;
        }
        if (s.mid(pos, 2) == QLatin1String("}}")) {
            pos += 2;
            return true;
        }
        return false;
    }

    void insideAction()
    {
        int parens = 0;
        while (true) {
            const int start = pos;
            if (atRightDelim()) {
                push(Token::Type::Right, QStringLiteral("}}"), start);
                return;
            }
            if (pos >= s.size() || s.at(pos) == QLatin1Char('\n'))
                fail(QStringLiteral("unclosed action"));
            const QChar c = s.at(pos);
            const QChar next = pos + 1 < s.size() ? s.at(pos + 1) : QChar();
            if (isSpace(c)) {
                while (pos < s.size() && isSpace(s.at(pos)) && s.at(pos) != QLatin1Char('\n'))
                    ++pos;
                push(Token::Type::Space, s.mid(start, pos - start), start);
            } else if (c == QLatin1Char('|')) {
                push(Token::Type::Pipe, QStringLiteral("|"), pos++);
            } else if (c == QLatin1Char('(')) {
                ++parens;
                push(Token::Type::LeftParen, QStringLiteral("("), pos++);
            } else if (c == QLatin1Char(')')) {
                if (--parens < 0)
                    fail(QStringLiteral("unexpected right paren U+0029 ')'"));
                push(Token::Type::RightParen, QStringLiteral(")"), pos++);
            } else if (c == QLatin1Char(':')) {
                if (next != QLatin1Char('='))
                    fail(QStringLiteral("expected :="));
                pos += 2;
                push(Token::Type::Declare, QStringLiteral(":="), start);
            } else if (c == QLatin1Char('=')) {
                push(Token::Type::Assign, QStringLiteral("="), pos++);
            } else if (c == QLatin1Char(',')) {
                push(Token::Type::Comma, QStringLiteral(","), pos++);
            } else if (c == QLatin1Char('"')) {
                push(Token::Type::String, QString(), start, makeString(quoted()));
                tokens.last().text = s.mid(start, pos - start);
            } else if (c == QLatin1Char('`')) {
                const int end = static_cast<int>(s.indexOf(QLatin1Char('`'), pos + 1));
                if (end < 0)
                    fail(QStringLiteral("unterminated raw quoted string"));
                pos = end + 1;
                push(Token::Type::String, s.mid(start, pos - start), start,
                    makeString(s.mid(start + 1, end - start - 1)));
            } else if (c == QLatin1Char('\'')) {
                push(Token::Type::Number, QString(), start, charConstant());
                tokens.last().text = s.mid(start, pos - start);
            } else if (c == QLatin1Char('$')) {
                ++pos;
                while (pos < s.size() && isAlphaNumeric(s.at(pos)))
                    ++pos;
                push(Token::Type::Variable, s.mid(start, pos - start), start);
            } else if (c == QLatin1Char('.') && next.isDigit()) {
                number();
            } else if (c == QLatin1Char('.')) {
                ++pos;
                while (pos < s.size() && isAlphaNumeric(s.at(pos)))
                    ++pos;
                push(pos - start == 1 ? Token::Type::Dot : Token::Type::Field, s.mid(start, pos - start), start);
            } else if (c.isDigit()
                || ((c == QLatin1Char('+') || c == QLatin1Char('-')) && (next.isDigit() || next == QLatin1Char('.')))) {
                number();
            } else if (isAlphaNumeric(c)) {
                while (pos < s.size() && isAlphaNumeric(s.at(pos)))
                    ++pos;
                const QString word = s.mid(start, pos - start);
                if (word == QLatin1String("true") || word == QLatin1String("false"))
                    push(Token::Type::Bool, word, start, makeBool(word == QLatin1String("true")));
                else if (word == QLatin1String("nil"))
                    push(Token::Type::Nil, word, start);
                else
                    push(Token::Type::Identifier, word, start);
            } else {
                fail(QStringLiteral("unrecognized character in action: U+%1 '%2'")
                         .arg(QString::number(c.unicode(), 16).toUpper().rightJustified(4, QLatin1Char('0')), c));
            }
        }
    }

    // An interpreted string literal, with Go's escapes.
    QString quoted()
    {
        QString out;
        ++pos;
        while (true) {
            if (pos >= s.size() || s.at(pos) == QLatin1Char('\n'))
                fail(QStringLiteral("unterminated quoted string"));
            const QChar c = s.at(pos++);
            if (c == QLatin1Char('"'))
                return out;
            if (c != QLatin1Char('\\')) {
                out += c;
                continue;
            }
            out += escape(QLatin1Char('"'));
        }
    }

    Value charConstant()
    {
        ++pos;
        if (pos >= s.size())
            fail(QStringLiteral("unterminated character constant"));
        QString text;
        if (s.at(pos) == QLatin1Char('\\')) {
            ++pos;
            text = escape(QLatin1Char('\''));
        } else {
            text = s.mid(pos, s.at(pos).isHighSurrogate() ? 2 : 1);
            pos += static_cast<int>(text.size());
        }
        if (pos >= s.size() || s.at(pos) != QLatin1Char('\''))
            fail(QStringLiteral("unterminated character constant"));
        ++pos;
        const QList<uint> ucs4 = text.toUcs4();
        return makeInt(ucs4.isEmpty() ? 0 : ucs4.first());
    }

    QString escape(QChar quote)
    {
        if (pos >= s.size())
            fail(QStringLiteral("unterminated quoted string"));
        const QChar e = s.at(pos++);
        switch (e.unicode()) {
        case 'a':
            return QStringLiteral("\a");
        case 'b':
            return QStringLiteral("\b");
        case 'f':
            return QStringLiteral("\f");
        case 'n':
            return QStringLiteral("\n");
        case 'r':
            return QStringLiteral("\r");
        case 't':
            return QStringLiteral("\t");
        case 'v':
            return QStringLiteral("\v");
        case '\\':
            return QStringLiteral("\\");
        case 'x':
        case 'u':
        case 'U': {
            const int digits = e == QLatin1Char('x') ? 2 : e == QLatin1Char('u') ? 4 : 8;
            bool ok = false;
            const uint code = s.mid(pos, digits).toUInt(&ok, 16);
            if (!ok || pos + digits > s.size())
                fail(QStringLiteral("invalid syntax"));
            pos += digits;
            if (e == QLatin1Char('x'))
                return QString(QChar(code)); // a byte; Berth's strings are Unicode
            const char32_t c = code;
            return QString::fromUcs4(&c, 1);
        }
        default:
            if (e == quote)
                return QString(quote);
            if (e >= QLatin1Char('0') && e <= QLatin1Char('7')) {
                bool ok = false;
                const uint code = s.mid(pos - 1, 3).toUInt(&ok, 8);
                if (!ok)
                    fail(QStringLiteral("invalid syntax"));
                pos += 2;
                return QString(QChar(code));
            }
            fail(QStringLiteral("invalid syntax"));
        }
    }

    void number()
    {
        const int start = pos;
        if (s.at(pos) == QLatin1Char('+') || s.at(pos) == QLatin1Char('-'))
            ++pos;
        bool hex = false;
        if (s.mid(pos, 2).toLower() == QLatin1String("0x")) {
            hex = true;
            pos += 2;
        }
        while (pos < s.size()) {
            const QChar c = s.at(pos);
            const bool exponentSign = !hex && (c == QLatin1Char('+') || c == QLatin1Char('-'))
                && (s.at(pos - 1) == QLatin1Char('e') || s.at(pos - 1) == QLatin1Char('E'));
            if (c.isDigit() || c == QLatin1Char('.') || exponentSign
                || (hex && QStringLiteral("abcdefABCDEF").contains(c))
                || (!hex && (c == QLatin1Char('e') || c == QLatin1Char('E'))))
                ++pos;
            else
                break;
        }
        const QString text = s.mid(start, pos - start);
        if (pos < s.size() && isAlphaNumeric(s.at(pos)))
            fail(QStringLiteral("bad number syntax: \"%1\"").arg(s.mid(start, pos - start + 1)));
        Value value;
        bool ok = false;
        const bool isFloat
            = !hex && (text.contains(QLatin1Char('.')) || text.contains(QLatin1Char('e'), Qt::CaseInsensitive));
        if (isFloat) {
            value.kind = Kind::Float;
            value.number = text.toDouble(&ok);
        } else {
            value.kind = Kind::Int;
            QString digits = text;
            const bool negative = digits.startsWith(QLatin1Char('-'));
            if (negative || digits.startsWith(QLatin1Char('+')))
                digits.remove(0, 1);
            const int base = hex ? 16 : digits.size() > 1 && digits.startsWith(QLatin1Char('0')) ? 8 : 10;
            value.integer = (hex ? digits.mid(2) : digits).toLongLong(&ok, base) * (negative ? -1 : 1);
        }
        if (!ok)
            fail(QStringLiteral("illegal number syntax: \"%1\"").arg(text));
        push(Token::Type::Number, text, start, value);
    }

    const QString &s;
    int pos = 0;
    QList<Token> tokens;
};

// ---- parser -----------------------------------------------------------------------------------

class Parser {
public:
    Parser(const QString &source, QList<Token> tokens)
        : s(source)
        , t(std::move(tokens))
    {
    }

    std::shared_ptr<Node> parse()
    {
        auto root = std::make_shared<Node>();
        while (peek().type != Token::Type::Eof) {
            std::shared_ptr<Node> node;
            const QString end = textOrAction(&node);
            if (!end.isEmpty())
                fail(QStringLiteral("unexpected {{%1}}").arg(end));
            root->list << node;
        }
        return root;
    }

private:
    [[noreturn]] void fail(const QString &message) const
    {
        const int at = t.at(qMin(i, static_cast<int>(t.size()) - 1)).pos;
        throw Failure { QStringLiteral("template: :%1: %2").arg(s.left(at).count(QLatin1Char('\n')) + 1).arg(message) };
    }

    const Token &peek() const { return t.at(i); }
    const Token &next() { return t.at(i < t.size() - 1 ? i++ : i); }
    const Token &nextNonSpace()
    {
        while (peek().type == Token::Type::Space)
            ++i;
        return next();
    }
    const Token &peekNonSpace()
    {
        while (peek().type == Token::Type::Space)
            ++i;
        return peek();
    }

    // A text or an action; "end" or "else" when the action is one (its node is then empty).
    QString textOrAction(std::shared_ptr<Node> *node)
    {
        const Token &token = next();
        if (token.type == Token::Type::Text) {
            *node = std::make_shared<Node>();
            (*node)->type = Node::Type::Text;
            (*node)->text = token.text;
            return {};
        }
        if (token.type != Token::Type::Left)
            fail(QStringLiteral("unexpected %1").arg(token.text));
        const Token &word = peekNonSpace();
        if (word.type == Token::Type::Identifier) {
            const QString keyword = word.text;
            if (keyword == QLatin1String("if") || keyword == QLatin1String("range")
                || keyword == QLatin1String("with")) {
                next();
                *node = control(keyword);
                return {};
            }
            if (keyword == QLatin1String("end")) {
                next();
                expectRight(keyword);
                return keyword;
            }
            if (keyword == QLatin1String("else")) {
                next();
                // {{else if ...}} is {{else}}{{if ...}}: the "if" stays for control() to read.
                if (peekNonSpace().type != Token::Type::Identifier || peek().text != QLatin1String("if"))
                    expectRight(keyword);
                return keyword;
            }
            if (keyword == QLatin1String("define") || keyword == QLatin1String("template")
                || keyword == QLatin1String("block"))
                fail(QStringLiteral("{{%1}} is not supported here: write the template inline").arg(keyword));
        }
        *node = std::make_shared<Node>();
        (*node)->type = Node::Type::Action;
        (*node)->pipe = pipeline(QStringLiteral("command"), Token::Type::Right);
        return {};
    }

    void expectRight(const QString &context)
    {
        const Token &token = nextNonSpace();
        if (token.type != Token::Type::Right)
            fail(QStringLiteral("unexpected \"%1\" in %2").arg(token.text, context));
    }

    // Nodes up to {{end}} or {{else}}, which is returned.
    QString itemList(QList<std::shared_ptr<Node>> *list)
    {
        while (peek().type != Token::Type::Eof) {
            std::shared_ptr<Node> node;
            const QString end = textOrAction(&node);
            if (!end.isEmpty())
                return end;
            *list << node;
        }
        fail(QStringLiteral("unexpected EOF"));
    }

    // Each nested if/range/with and parenthesis costs the parser and the executor a few stack frames:
    // a hostile template nests deep enough to overflow the stack, so nesting is bounded.
    struct Nesting {
        explicit Nesting(Parser *p)
            : parser(p)
        {
            if (++parser->depth > maxDepth)
                parser->fail(QStringLiteral("template nested more than %1 levels deep").arg(maxDepth));
        }
        ~Nesting() { --parser->depth; }
        Parser *parser;
    };
    static constexpr int maxDepth = 100;

    std::shared_ptr<Node> control(const QString &context)
    {
        const Nesting nesting(this);
        auto node = std::make_shared<Node>();
        node->type = context == QLatin1String("if") ? Node::Type::If
            : context == QLatin1String("range")     ? Node::Type::Range
                                                    : Node::Type::With;
        const qsizetype scope = vars.size();
        node->pipe = pipeline(context, Token::Type::Right);
        QString end = itemList(&node->list);
        if (end == QLatin1String("else")) {
            if (context == QLatin1String("if") && peekNonSpace().type == Token::Type::Identifier
                && peek().text == QLatin1String("if")) {
                next();
                node->elseList << control(context);
            } else if (itemList(&node->elseList) != QLatin1String("end")) {
                fail(QStringLiteral("expected end; found {{else}}"));
            }
        }
        vars.resize(scope);
        return node;
    }

    std::shared_ptr<Pipe> pipeline(const QString &context, Token::Type end)
    {
        auto pipe = std::make_shared<Pipe>();
        // Declarations: $x := ..., $x = ..., and range's $i, $e := ...
        while (peekNonSpace().type == Token::Type::Variable) {
            const int mark = i;
            const QString name = next().text;
            const Token &after = peekNonSpace();
            if (after.type == Token::Type::Declare || after.type == Token::Type::Assign) {
                pipe->assign = after.type == Token::Type::Assign;
                next();
                pipe->decl << name;
                if (pipe->assign && !vars.contains(name))
                    fail(QStringLiteral("undefined variable \"%1\"").arg(name));
                vars << name;
                break;
            }
            if (after.type == Token::Type::Comma && context == QLatin1String("range") && pipe->decl.isEmpty()) {
                next();
                pipe->decl << name;
                vars << name;
                if (peekNonSpace().type != Token::Type::Variable)
                    fail(QStringLiteral("range can only initialize variables"));
                continue;
            }
            if (after.type == Token::Type::Comma)
                fail(QStringLiteral("too many declarations in %1").arg(context));
            i = mark;
            break;
        }
        while (true) {
            const Token &token = peekNonSpace();
            if (token.type == end) {
                next();
                if (pipe->commands.isEmpty())
                    fail(QStringLiteral("missing value for %1").arg(context));
                for (int c = 1; c < pipe->commands.size(); ++c) {
                    const Arg::Type first = pipe->commands.at(c).args.first().type;
                    if (first != Arg::Type::Field && first != Arg::Type::Function && first != Arg::Type::Variable
                        && first != Arg::Type::Paren)
                        fail(QStringLiteral("non executable command in pipeline stage %1").arg(c + 1));
                }
                return pipe;
            }
            switch (token.type) {
            case Token::Type::Bool:
            case Token::Type::Dot:
            case Token::Type::Field:
            case Token::Type::Identifier:
            case Token::Type::Number:
            case Token::Type::Nil:
            case Token::Type::String:
            case Token::Type::Variable:
            case Token::Type::LeftParen:
                pipe->commands << command();
                break;
            default:
                fail(QStringLiteral("unexpected \"%1\" in %2").arg(token.text, context));
            }
        }
    }

    Command command()
    {
        Command cmd;
        cmd.pos = peekNonSpace().pos;
        while (true) {
            peekNonSpace();
            Arg arg;
            if (operand(&arg))
                cmd.args << arg;
            const Token &token = next();
            if (token.type == Token::Type::Space)
                continue;
            if (token.type == Token::Type::Right || token.type == Token::Type::RightParen)
                --i;
            else if (token.type != Token::Type::Pipe)
                fail(QStringLiteral("unexpected \"%1\" in operand").arg(token.text));
            break;
        }
        if (cmd.args.isEmpty())
            fail(QStringLiteral("empty command"));
        cmd.text = s.mid(cmd.pos, t.at(i).pos - cmd.pos).trimmed();
        return cmd;
    }

    bool operand(Arg *arg)
    {
        if (!term(arg))
            return false;
        if (peek().type == Token::Type::Field) {
            if (arg->type == Arg::Type::Literal || arg->type == Arg::Type::Nil || arg->type == Arg::Type::Dot
                || arg->type == Arg::Type::Function)
                fail(QStringLiteral("unexpected . after term \"%1\"").arg(arg->text));
            const int chainPos = peek().pos;
            while (peek().type == Token::Type::Field)
                arg->fields << next().text.mid(1);
            arg->text = s.mid(arg->pos, t.at(i).pos - arg->pos);
            arg->pos = chainPos; // Go places a chain where its second part starts
            return true;
        }
        arg->text = s.mid(arg->pos, t.at(i).pos - arg->pos);
        return true;
    }

    bool term(Arg *arg)
    {
        const Token &token = nextNonSpace();
        arg->pos = token.pos;
        arg->text = token.text;
        switch (token.type) {
        case Token::Type::Identifier:
            if (!functions().contains(token.text))
                fail(QStringLiteral("function \"%1\" not defined").arg(token.text));
            arg->type = Arg::Type::Function;
            arg->name = token.text;
            return true;
        case Token::Type::Dot:
            arg->type = Arg::Type::Dot;
            return true;
        case Token::Type::Nil:
            arg->type = Arg::Type::Nil;
            return true;
        case Token::Type::Variable:
            if (!vars.contains(token.text))
                fail(QStringLiteral("undefined variable \"%1\"").arg(token.text));
            arg->type = Arg::Type::Variable;
            arg->name = token.text;
            return true;
        case Token::Type::Field:
            arg->type = Arg::Type::Field;
            arg->fields << token.text.mid(1);
            return true;
        case Token::Type::Bool:
        case Token::Type::Number:
        case Token::Type::String:
            arg->type = Arg::Type::Literal;
            arg->literal = token.value;
            return true;
        case Token::Type::LeftParen: {
            const Nesting nesting(this);
            arg->type = Arg::Type::Paren;
            arg->pipe = pipeline(QStringLiteral("parenthesized pipeline"), Token::Type::RightParen);
            return true;
        }
        default:
            --i;
            return false;
        }
    }

    const QString &s;
    QList<Token> t;
    int i = 0;
    int depth = 0;
    QStringList vars { QStringLiteral("$") };
};

// ---- execution --------------------------------------------------------------------------------

class Executor {
public:
    Executor(const QString &source, bool strict)
        : s(source)
        , m_strict(strict)
    {
    }

    QString out;

    void walk(const Value &dot, const Node &node)
    {
        switch (node.type) {
        case Node::Type::List:
            for (const auto &child : node.list)
                walk(dot, *child);
            return;
        case Node::Type::Text:
            out += node.text;
            return;
        case Node::Type::Action: {
            const Value value = evalPipeline(dot, *node.pipe);
            if (node.pipe->decl.isEmpty())
                out += value.kind == Kind::Invalid ? QStringLiteral("<no value>") : sprintValue(value);
            return;
        }
        case Node::Type::If:
        case Node::Type::With: {
            const qsizetype scope = vars.size();
            const Value value = evalPipeline(dot, *node.pipe);
            const auto &branch = isTrue(value) ? node.list : node.elseList;
            const Value &inner = node.type == Node::Type::With && isTrue(value) ? value : dot;
            for (const auto &child : branch)
                walk(inner, *child);
            vars.resize(scope);
            return;
        }
        case Node::Type::Range:
            range(dot, node);
            return;
        }
    }

    [[noreturn]] void fail(const QString &message) const
    {
        throw Failure { QStringLiteral("template: :%1:%2: executing \"\" at <%3>: %4")
                            .arg(s.left(m_at).count(QLatin1Char('\n')) + 1)
                            .arg(m_at - static_cast<int>(s.left(m_at).lastIndexOf(QLatin1Char('\n'))) - 1)
                            .arg(m_atText, message) };
    }

    QList<QPair<QString, Value>> vars;

private:
    void at(int pos, const QString &text)
    {
        m_at = pos;
        m_atText = text;
    }

    void range(const Value &dot, const Node &node)
    {
        const qsizetype scope = vars.size();
        const Value value = evalPipeline(dot, *node.pipe);
        const QStringList &decl = node.pipe->decl;
        // The pipeline's own declaration holds the whole value; each round sets the element (and key).
        auto round = [&](const Value &key, const Value &element) {
            if (decl.size() == 1)
                vars.last().second = element;
            if (decl.size() == 2) {
                vars[vars.size() - 2].second = key;
                vars.last().second = element;
            }
            const qsizetype inner = vars.size();
            for (const auto &child : node.list)
                walk(element, *child);
            vars.resize(inner);
        };
        bool any = false;
        if (value.kind == Kind::List) {
            for (qsizetype n = 0; n < value.list.size(); ++n, any = true)
                round(makeInt(n), fromJson(value.list.at(n)));
        } else if (value.kind == Kind::Map && !value.isStruct) {
            for (auto it = value.map.begin(); it != value.map.end(); ++it, any = true)
                round(makeString(it.key()), fromJson(it.value()));
        } else if (value.kind != Kind::Invalid && value.kind != Kind::Nil) {
            fail(QStringLiteral("range can't iterate over %1").arg(sprintValue(value)));
        }
        if (!any) {
            for (const auto &child : node.elseList)
                walk(dot, *child);
        }
        vars.resize(scope);
    }

    Value variable(const QString &name) const
    {
        for (auto it = vars.rbegin(); it != vars.rend(); ++it) {
            if (it->first == name)
                return it->second;
        }
        return {};
    }

    Value evalPipeline(const Value &dot, const Pipe &pipe)
    {
        Value value;
        for (int c = 0; c < pipe.commands.size(); ++c) {
            value = evalCommand(dot, pipe.commands.at(c), value, c > 0);
            // Go unwraps an interface{} result: a JSON null becomes no value at all.
            if (value.kind == Kind::Nil)
                value = Value();
        }
        for (const QString &name : pipe.decl) {
            if (pipe.assign) {
                for (auto it = vars.rbegin(); it != vars.rend(); ++it) {
                    if (it->first == name) {
                        it->second = value;
                        break;
                    }
                }
            } else {
                vars << qMakePair(name, value);
            }
        }
        return value;
    }

    Value evalCommand(const Value &dot, const Command &cmd, const Value &final, bool hasFinal)
    {
        const Arg &first = cmd.args.first();
        const bool hasArgs = cmd.args.size() > 1 || hasFinal;
        at(first.pos, first.text);
        if (first.type == Arg::Type::Function) {
            QList<Value> args;
            for (int a = 1; a < cmd.args.size(); ++a)
                args << evalArg(dot, cmd.args.at(a));
            if (hasFinal)
                args << nilIfMissing(final);
            at(cmd.pos, cmd.text);
            return call(first.name, args);
        }
        if (first.type == Arg::Type::Field || !first.fields.isEmpty())
            return evalChain(dot, first, hasArgs);
        if (first.type == Arg::Type::Nil)
            fail(QStringLiteral("nil is not a command"));
        if (hasArgs)
            fail(QStringLiteral("can't give argument to non-function %1").arg(first.text));
        // A missing key stays <no value> here; only a function's argument becomes nil.
        if (first.type == Arg::Type::Variable || first.type == Arg::Type::Paren)
            return evalChain(dot, first, false);
        return evalArg(dot, first);
    }

    // An operand with its .Field chain.
    Value evalChain(const Value &dot, const Arg &arg, bool hasArgs)
    {
        Value receiver;
        switch (arg.type) {
        case Arg::Type::Field:
            receiver = dot;
            break;
        case Arg::Type::Variable:
            receiver = variable(arg.name);
            break;
        default:
            receiver = evalPipeline(dot, *arg.pipe);
        }
        at(arg.pos, arg.text);
        for (int f = 0; f < arg.fields.size(); ++f)
            receiver = field(receiver, arg.fields.at(f), hasArgs && f == arg.fields.size() - 1);
        return receiver;
    }

    Value field(const Value &receiver, const QString &name, bool hasArgs)
    {
        if (receiver.kind == Kind::Invalid)
            return {};
        if (receiver.kind == Kind::Map) {
            if (receiver.map.contains(name)) {
                if (hasArgs)
                    fail(QStringLiteral("%1 is not a method but has arguments").arg(name));
                return fromJson(receiver.map.value(name), receiver.isStruct && m_strict);
            }
            if (!receiver.isStruct) {
                if (hasArgs)
                    fail(QStringLiteral("%1 is not a method but has arguments").arg(name));
                return {};
            }
        }
        // A decoded map's values are interface{}; a struct's fields have their own types.
        fail(QStringLiteral("can't evaluate field %1 in type %2")
                 .arg(name, receiver.isStruct || m_strict ? typeName(receiver) : QStringLiteral("interface {}")));
    }

    Value evalArg(const Value &dot, const Arg &arg)
    {
        at(arg.pos, arg.text);
        Value value;
        switch (arg.type) {
        case Arg::Type::Field:
            return nilIfMissing(evalChain(dot, arg, false));
        case Arg::Type::Variable:
        case Arg::Type::Paren:
            return nilIfMissing(evalChain(dot, arg, false));
        case Arg::Type::Dot:
            return dot;
        case Arg::Type::Nil:
            return fromJson(QJsonValue::Null);
        case Arg::Type::Literal:
            return arg.literal;
        case Arg::Type::Function:
            return call(arg.name, {});
        }
        return value;
    }

    // A missing key passed to a function is Go's nil interface{}.
    static Value nilIfMissing(const Value &v) { return v.kind == Kind::Invalid ? fromJson(QJsonValue::Null) : v; }

    Value call(const QString &name, const QList<Value> &args)
    {
        const Function &function = functions().value(name);
        if (args.size() < function.minArgs || (function.maxArgs >= 0 && args.size() > function.maxArgs)) {
            fail(function.minArgs == function.maxArgs
                    ? QStringLiteral("wrong number of args for %1: want %2 got %3")
                          .arg(name)
                          .arg(function.minArgs)
                          .arg(args.size())
                    : QStringLiteral("wrong number of args for %1: want at least %2 got %3")
                          .arg(name)
                          .arg(function.minArgs)
                          .arg(args.size()));
        }
        try {
            return function.call(args);
        } catch (const Failure &failure) {
            fail(QStringLiteral("error calling %1: %2").arg(name, failure.message));
        }
    }

    const QString &s;
    bool m_strict;
    int m_at = 0;
    QString m_atText;
};

} // namespace gotemplate

using namespace gotemplate;

GoTemplate::GoTemplate() = default;
GoTemplate::~GoTemplate() = default;

bool GoTemplate::parse(const QString &text, QString *error)
{
    m_root.reset();
    m_source = text;
    try {
        m_root = Parser(m_source, Lexer(m_source).run()).parse();
    } catch (const Failure &failure) {
        *error = failure.message;
        return false;
    }
    return true;
}

bool GoTemplate::render(const QJsonValue &data, QString *out, QString *error, Data kind) const
{
    out->clear();
    if (!m_root) {
        *error = tr("template: no template parsed");
        return false;
    }
    const bool strict = kind == Data::Struct;
    Executor executor(m_source, strict);
    const Value dot = fromJson(data, strict);
    executor.vars << qMakePair(QStringLiteral("$"), dot);
    try {
        executor.walk(dot, *m_root);
    } catch (const Failure &failure) {
        *out = executor.out;
        *error = failure.message;
        return false;
    }
    *out = executor.out;
    return true;
}

QString goValueString(const QJsonValue &value)
{
    return sprintValue(fromJson(value));
}

} // namespace berth
