#pragma once

#include <QString>
#include <QStringList>
#include <QVector>

// The option parsing VBoxManage's commands share (IPRT's RTGetOpt): --name value, --name=value and
// --name:value, indexed options such as --nic2, anything not starting with '-' is a parameter.
namespace vboxdouble {

enum class ValueKind { None, String, UInt32, Int32, Int64, BoolOnOff };

struct OptionDef {
    QStringList names; // the current spelling first, then older ones
    int id;
    ValueKind kind;
    bool indexed = false; // --nic<N>
};

struct ParsedOption {
    enum Status { Option, Parameter, End, Unknown, MissingValue, BadValue };
    Status status = End;
    int id = 0;
    int index = 0; // for indexed options
    QString name; // the option as given
    QString value; // its value, or the parameter
    quint32 uintValue = 0;
    qint64 intValue = 0;
    bool boolValue = false;
};

class OptionParser {
public:
    OptionParser(const QStringList &args, QVector<OptionDef> defs, int first = 0);
    ParsedOption next();
    // The arguments after the last one next() consumed.
    QStringList remaining() const { return m_args.mid(m_pos); }
    // Reports a parse problem as VBoxManage does (errorGetOpt); returns the exit code.
    static int report(const ParsedOption &option);

private:
    QStringList m_args;
    QVector<OptionDef> m_defs;
    int m_pos;
};

// RTStrToUInt32Full-like: decimal, or hex with 0x.
bool parseUInt32(const QString &text, quint32 *value);

} // namespace vboxdouble
