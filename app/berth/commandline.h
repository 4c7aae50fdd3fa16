#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

namespace berth::cli {

// A flag as docker-machine's CLI declares it: "timeout, t" has a long and a short name.
struct FlagSpec {
    QString names; // "timeout, t"
    bool takesValue = false;
    bool repeatable = false;
    QString usage;
    QString defaultValue;
    QString envVar;
};

struct CommandSpec {
    QString name;
    QString usage; // one line for `berth help`
    QString arguments; // "[arg...]"
    QList<FlagSpec> flags;
    bool flagsStopAtFirstArgument = false; // ssh: the rest is the remote command
};

struct ParsedCommand {
    QString command;
    QMap<QString, QStringList> values; // by the flag's first (long) name
    QStringList arguments;

    bool isSet(const QString &flag) const { return values.contains(flag); }
    QString value(const QString &flag, const QString &fallback = {}) const
    {
        const auto it = values.constFind(flag);
        return it == values.constEnd() || it->isEmpty() ? fallback : it->constLast();
    }
    QStringList list(const QString &flag) const { return values.value(flag); }
};

// Parses argv after the command name against spec. Accepts -x, --name, -name, --name=value and
// --name value, as Go's flag package does. False with error set for an unknown flag or a missing value.
bool parseFlags(const CommandSpec &spec, const QStringList &args, ParsedCommand *parsed, QString *error);

// "--timeout, -t" for help output.
QString flagDisplayNames(const FlagSpec &flag);

} // namespace berth::cli
