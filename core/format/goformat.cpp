#include "goformat.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

#include <cmath>

namespace berth {

namespace {

// Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
bool isGoPrintable(char32_t c)
{
    if (c == U' ')
        return true;
    switch (QChar::category(c)) {
    case QChar::Other_Control:
    case QChar::Other_Format:
    case QChar::Other_Surrogate:
    case QChar::Other_PrivateUse:
    case QChar::Other_NotAssigned:
    case QChar::Separator_Space:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
        return false;
    default:
        return true;
    }
}

QString hex(uint value, int width)
{
    return QStringLiteral("%1").arg(value, width, 16, QLatin1Char('0'));
}

// The shortest decimal digits that read back as value, and the decimal exponent of the first digit.
void shortestDigits(double value, QString *digits, int *exponent)
{
    const QString e = QString::number(std::fabs(value), 'e', QLocale::FloatingPointShortest);
    const qsizetype at = e.indexOf(QLatin1Char('e'));
    *digits = e.left(at).remove(QLatin1Char('.'));
    *exponent = e.mid(at + 1).toInt();
    while (digits->size() > 1 && digits->endsWith(QLatin1Char('0')))
        digits->chop(1);
}

// strconv.FormatFloat(value, 'e' or 'f', -1, 64).
QString formatShortest(double value, char format)
{
    QString digits;
    int exponent = 0;
    shortestDigits(value, &digits, &exponent);
    QString out = std::signbit(value) ? QStringLiteral("-") : QString();
    if (format == 'e') {
        out += digits.left(1);
        if (digits.size() > 1)
            out += QLatin1Char('.') + digits.mid(1);
        out += QLatin1Char('e') + QLatin1Char(exponent < 0 ? '-' : '+');
        out += QStringLiteral("%1").arg(std::abs(exponent), 2, 10, QLatin1Char('0'));
        return out;
    }
    if (value == 0)
        return out + QLatin1Char('0');
    if (exponent < 0)
        return out + QStringLiteral("0.") + QString(-exponent - 1, QLatin1Char('0')) + digits;
    if (digits.size() <= exponent + 1)
        return out + digits + QString(exponent + 1 - digits.size(), QLatin1Char('0'));
    return out + digits.left(exponent + 1) + QLatin1Char('.') + digits.mid(exponent + 1);
}

QString jsonString(const QString &text)
{
    QString out = QStringLiteral("\"");
    for (const QChar c : text) {
        const ushort u = c.unicode();
        switch (u) {
        case '"':
            out += QStringLiteral("\\\"");
            break;
        case '\\':
            out += QStringLiteral("\\\\");
            break;
        case '\n':
            out += QStringLiteral("\\n");
            break;
        case '\r':
            out += QStringLiteral("\\r");
            break;
        case '\t':
            out += QStringLiteral("\\t");
            break;
        default:
            // HTML-safe as json.Marshal writes it; U+2028 and U+2029 for JavaScript.
            if (u < 0x20 || u == '<' || u == '>' || u == '&' || u == 0x2028 || u == 0x2029)
                out += QStringLiteral("\\u") + hex(u, 4);
            else
                out += c;
        }
    }
    return out + QLatin1Char('"');
}

void appendJson(const QJsonValue &value, const QString &indent, const QString &prefix, QString *out)
{
    const QString inner = prefix + indent;
    const QString newline = indent.isEmpty() ? QString() : QStringLiteral("\n");
    switch (value.type()) {
    case QJsonValue::String:
        *out += jsonString(value.toString());
        return;
    case QJsonValue::Bool:
        *out += value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        return;
    case QJsonValue::Double: {
        const double number = value.toDouble();
        const double magnitude = std::fabs(number);
        const bool exponent = magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21);
        QString text = formatShortest(number, exponent ? 'e' : 'f');
        // json.Marshal writes e-7, not e-07.
        const qsizetype n = text.size();
        if (exponent && n >= 4 && text.at(n - 4) == QLatin1Char('e') && text.at(n - 3) == QLatin1Char('-')
            && text.at(n - 2) == QLatin1Char('0'))
            text.remove(n - 2, 1);
        *out += text;
        return;
    }
    case QJsonValue::Array: {
        const QJsonArray array = value.toArray();
        if (array.isEmpty()) {
            *out += QStringLiteral("[]");
            return;
        }
        *out += QLatin1Char('[');
        for (qsizetype i = 0; i < array.size(); ++i) {
            *out += (i ? QStringLiteral(",") : QString()) + newline + (indent.isEmpty() ? QString() : inner);
            appendJson(array.at(i), indent, inner, out);
        }
        *out += newline + (indent.isEmpty() ? QString() : prefix) + QLatin1Char(']');
        return;
    }
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        if (object.isEmpty()) {
            *out += QStringLiteral("{}");
            return;
        }
        *out += QLatin1Char('{');
        bool first = true;
        for (auto it = object.begin(); it != object.end(); ++it) {
            *out += (first ? QString() : QStringLiteral(",")) + newline + (indent.isEmpty() ? QString() : inner);
            first = false;
            *out += jsonString(it.key()) + (indent.isEmpty() ? QStringLiteral(":") : QStringLiteral(": "));
            appendJson(it.value(), indent, inner, out);
        }
        *out += newline + (indent.isEmpty() ? QString() : prefix) + QLatin1Char('}');
        return;
    }
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    *out += QStringLiteral("null");
}

} // namespace

QString goQuote(const QString &text)
{
    QString out = QStringLiteral("\"");
    for (const char32_t c : text.toUcs4()) {
        switch (c) {
        case U'"':
            out += QStringLiteral("\\\"");
            continue;
        case U'\\':
            out += QStringLiteral("\\\\");
            continue;
        case U'\a':
            out += QStringLiteral("\\a");
            continue;
        case U'\b':
            out += QStringLiteral("\\b");
            continue;
        case U'\f':
            out += QStringLiteral("\\f");
            continue;
        case U'\n':
            out += QStringLiteral("\\n");
            continue;
        case U'\r':
            out += QStringLiteral("\\r");
            continue;
        case U'\t':
            out += QStringLiteral("\\t");
            continue;
        case U'\v':
            out += QStringLiteral("\\v");
            continue;
        default:
            break;
        }
        if (isGoPrintable(c))
            out += QString::fromUcs4(&c, 1);
        else if (c < U' ' || c == 0x7f)
            out += QStringLiteral("\\x") + hex(c, 2);
        else if (c < 0x10000)
            out += QStringLiteral("\\u") + hex(c, 4);
        else
            out += QStringLiteral("\\U") + hex(c, 8);
    }
    return out + QLatin1Char('"');
}

QString goFloat(double value)
{
    if (std::isnan(value))
        return QStringLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
    QString digits;
    int exponent = 0;
    shortestDigits(value, &digits, &exponent);
    // strconv's 'g' with the shortest digits decides at precision 6.
    return value != 0 && (exponent < -4 || exponent >= 6) ? formatShortest(value, 'e') : formatShortest(value, 'f');
}

QString goJson(const QJsonValue &value, const QString &indent)
{
    QString out;
    appendJson(value, indent, QString(), &out);
    return out;
}

} // namespace berth
