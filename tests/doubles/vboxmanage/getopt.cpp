#include "getopt.h"

#include "console.h"

#include <utility>

namespace vboxdouble {

OptionParser::OptionParser(const QStringList &args, QVector<OptionDef> defs, int first)
    : m_args(args)
    , m_defs(std::move(defs))
    , m_pos(first)
{
}

bool parseUInt32(const QString &text, quint32 *value)
{
    bool ok = false;
    const qulonglong v = text.startsWith(QLatin1String("0x"), Qt::CaseInsensitive) ? text.mid(2).toULongLong(&ok, 16)
                                                                                   : text.toULongLong(&ok, 10);
    if (!ok || v > 0xffffffffULL)
        return false;
    *value = static_cast<quint32>(v);
    return true;
}

static bool convert(ValueKind kind, const QString &text, ParsedOption *out)
{
    bool ok = true;
    switch (kind) {
    case ValueKind::None:
    case ValueKind::String:
        break;
    case ValueKind::UInt32:
        ok = parseUInt32(text, &out->uintValue);
        break;
    case ValueKind::Int32:
    case ValueKind::Int64:
        out->intValue = text.toLongLong(&ok);
        break;
    case ValueKind::BoolOnOff:
        if (text == QLatin1String("on"))
            out->boolValue = true;
        else if (text == QLatin1String("off"))
            out->boolValue = false;
        else
            ok = false;
        break;
    }
    return ok;
}

ParsedOption OptionParser::next()
{
    ParsedOption result;
    if (m_pos >= m_args.size())
        return result;
    const QString arg = m_args.at(m_pos++);
    if (!arg.startsWith(QLatin1Char('-')) || arg.size() == 1) {
        result.status = ParsedOption::Parameter;
        result.value = arg;
        return result;
    }
    result.name = arg;
    for (const OptionDef &def : std::as_const(m_defs)) {
        for (const QString &name : def.names) {
            if (!arg.startsWith(name))
                continue;
            QString rest = arg.mid(name.size());
            int index = 0;
            if (def.indexed) {
                int digits = 0;
                while (digits < rest.size() && rest.at(digits).isDigit())
                    ++digits;
                if (digits == 0)
                    continue;
                index = rest.left(digits).toInt();
                rest = rest.mid(digits);
            }
            QString value;
            bool inlineValue = false;
            if (!rest.isEmpty()) {
                if (def.kind == ValueKind::None || (rest.at(0) != QLatin1Char('=') && rest.at(0) != QLatin1Char(':')))
                    continue;
                value = rest.mid(1);
                inlineValue = true;
            }
            result.id = def.id;
            result.index = index;
            result.status = ParsedOption::Option;
            if (def.kind == ValueKind::None)
                return result;
            if (!inlineValue) {
                if (m_pos >= m_args.size()) {
                    result.status = ParsedOption::MissingValue;
                    return result;
                }
                value = m_args.at(m_pos++);
            }
            result.value = value;
            if (!convert(def.kind, value, &result))
                result.status = ParsedOption::BadValue;
            return result;
        }
    }
    result.status = ParsedOption::Unknown;
    return result;
}

int OptionParser::report(const ParsedOption &option)
{
    switch (option.status) {
    case ParsedOption::Parameter:
        return invalidParameter(option.value);
    case ParsedOption::MissingValue:
        return optionStatusError(option.name, QStringLiteral("RTGetOpt: Command line option needs argument."));
    case ParsedOption::BadValue:
        return invalidArgumentFormat(option.value);
    default:
        return unknownOption(option.name);
    }
}

} // namespace vboxdouble
