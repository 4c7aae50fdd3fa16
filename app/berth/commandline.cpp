#include "commandline.h"

#include <QCoreApplication>

namespace berth::cli {

namespace {

const FlagSpec *findFlag(const CommandSpec &spec, const QString &name)
{
    for (const FlagSpec &flag : spec.flags) {
        const QStringList names = flag.names.split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (const QString &candidate : names) {
            if (candidate.trimmed() == name)
                return &flag;
        }
    }
    return nullptr;
}

QString primaryName(const FlagSpec &flag)
{
    return flag.names.section(QLatin1Char(','), 0, 0).trimmed();
}

} // namespace

bool parseFlags(const CommandSpec &spec, const QStringList &args, ParsedCommand *parsed, QString *error)
{
    parsed->command = spec.name;
    bool flagsDone = false;
    for (int i = 0; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        if (flagsDone || arg == QLatin1String("-") || !arg.startsWith(QLatin1Char('-'))) {
            parsed->arguments << arg;
            if (spec.flagsStopAtFirstArgument)
                flagsDone = true;
            continue;
        }
        if (arg == QLatin1String("--")) {
            flagsDone = true;
            continue;
        }
        QString name = arg.mid(arg.startsWith(QLatin1String("--")) ? 2 : 1);
        QString value;
        bool hasInlineValue = false;
        const qsizetype eq = name.indexOf(QLatin1Char('='));
        if (eq >= 0) {
            value = name.mid(eq + 1);
            name = name.left(eq);
            hasInlineValue = true;
        }
        const FlagSpec *flag = findFlag(spec, name);
        if (!flag) {
            *error = QCoreApplication::translate("berth", "flag provided but not defined: -%1\nSee '%2 %3 --help'.")
                         .arg(name, QCoreApplication::applicationName(), spec.name);
            return false;
        }
        if (flag->takesValue && !hasInlineValue) {
            if (i + 1 >= args.size()) {
                *error = QCoreApplication::translate("berth", "flag needs an argument: -%1").arg(name);
                return false;
            }
            value = args.at(++i);
        }
        QStringList &values = parsed->values[primaryName(*flag)];
        if (!flag->takesValue)
            value = hasInlineValue ? value : QStringLiteral("true");
        if (!flag->repeatable)
            values.clear();
        if (!flag->takesValue && (value == QLatin1String("false") || value == QLatin1String("0")))
            parsed->values.remove(primaryName(*flag));
        else
            values << value;
    }
    // Defaults and environment variables fill what the user did not give.
    for (const FlagSpec &flag : spec.flags) {
        const QString name = primaryName(flag);
        if (parsed->values.contains(name))
            continue;
        if (!flag.envVar.isEmpty() && qEnvironmentVariableIsSet(flag.envVar.toLatin1().constData()))
            parsed->values[name] << qEnvironmentVariable(flag.envVar.toLatin1().constData());
    }
    return true;
}

QString flagDisplayNames(const FlagSpec &flag)
{
    QStringList out;
    const QStringList names = flag.names.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &name : names) {
        const QString n = name.trimmed();
        out << (n.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + n;
    }
    QString text = out.join(QStringLiteral(", "));
    if (flag.takesValue && !flag.defaultValue.isEmpty())
        text += QStringLiteral(" \"") + flag.defaultValue + QLatin1Char('"');
    else if (flag.repeatable)
        text += QStringLiteral(" [--") + out.first().mid(2) + QStringLiteral(" option --") + out.first().mid(2)
            + QStringLiteral(" option]");
    return text;
}

} // namespace berth::cli
