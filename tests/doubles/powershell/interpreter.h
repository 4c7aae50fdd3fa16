#pragma once

#include "errors.h"
#include "script.h"
#include "value.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace berth::psdouble {

class Host;
class Interpreter;
struct CommandCall;

enum class ParamType { String, StringArray, Int16, Int32, Int64, Bool, Switch, Enum, Object, ScriptBlock };

struct ParamSpec {
    QString name;
    ParamType type = ParamType::String;
    int position = -1; // positional slot, -1 for named only
    bool mandatory = false;
    QStringList aliases;
    QString enumType; // full .NET name of an Enum parameter's type
    QStringList enumNames; // its names, in value order unless enumValues says otherwise
    QList<int> enumValues;
    bool fromPipeline = false;
};

ParamSpec makeParam(const char *name, ParamType type, int position = -1, bool mandatory = false,
    const QStringList &aliases = {}, bool fromPipeline = false);

struct CmdletSpec {
    QString name;
    QString className; // the FullyQualifiedErrorId's second part
    // The module that has it, loaded on its first use: "Hyper-V", "SmbShare", "NetTCPIP"; empty for the core
    // commands (Microsoft.PowerShell.*).
    QString module;
    bool isHyperV() const { return module == QLatin1String("Hyper-V"); }
    QList<ParamSpec> params;
    void (*run)(Interpreter &, CommandCall &) = nullptr;
};

// One run of a cmdlet: its bound parameters, its pipeline input, its output.
struct CommandCall {
    const CmdletSpec *spec = nullptr;
    QString invocationName;
    Extent extent;
    QHash<QString, Value> args; // by the parameter's own name
    QList<Value> input;
    bool hasInput = false;
    QList<Value> output;
    QString errorAction; // Stop, Continue, SilentlyContinue, Ignore

    bool has(const QString &name) const { return args.contains(name); }
    Value get(const QString &name) const { return args.value(name); }
    QString string(const QString &name) const { return args.value(name).toString(); }
    // An ErrorRecord of this command: "Name : message", CategoryInfo "[Name]", FQEID "id,Class".
    ErrorRecord error(const QString &message, const QString &category, const QString &reason, const QString &id,
        const Value &target = {}) const;
};

// The cmdlets the double implements, found by name (case-insensitive, module-qualified or not).
const CmdletSpec *findCmdlet(const QString &name);
// PowerShell commands the double knows exist but does not implement.
bool isKnownUnimplementedCommand(const QString &name);

class Interpreter {
public:
    Interpreter(const Script &script, Host &host);
    // Runs the script; returns the process's exit code.
    int run();

    Host &host() { return m_host; }
    const Script &script() const { return m_script; }

    // A cmdlet's non-terminating error: shown and execution goes on, unless its ErrorAction is Stop.
    void writeError(CommandCall &call, const ErrorRecord &record);
    // A cmdlet's terminating error.
    [[noreturn]] void throwError(const ErrorRecord &record);

    // Runs a script block with $_ set to item; returns its output.
    QList<Value> invokeBlock(const Value &block, const Value &item);

    QString variableText(const QString &name) const;

private:
    void execStatements(const NodePtr &list, QList<Value> *collect);
    void execStatement(const NodePtr &statement, QList<Value> *collect);
    QList<Value> runPipeline(const NodePtr &pipeline);
    QList<Value> runCommand(const NodePtr &command, const QList<Value> &input, bool hasInput);
    void bindParameters(CommandCall &call, const NodePtr &command);
    Value convertArgument(CommandCall &call, const ParamSpec &param, const Value &value, const Extent &extent);
    Value eval(const NodePtr &node);
    Value evalMember(const Value &target, const QString &name, const NodePtr &node);
    Value evalMethod(const Value &target, const QString &name, const QList<Value> &args, const NodePtr &node);
    Value evalStatic(const NodePtr &node, const QList<Value> &args);
    Value evalCast(const QString &type, const Value &value, const NodePtr &node);
    Value getVariable(const QString &name) const;
    void setVariable(const QString &name, const Value &value);
    void assignStatic(const NodePtr &target, const Value &value);
    void outputToHost(const QList<Value> &values);
    void report(const ErrorRecord &record);
    [[noreturn]] void runtimeError(const QString &message, const QString &id, const NodePtr &node,
        const QString &targetName = {}, const QString &targetType = {});

    const Script &m_script;
    Host &m_host;
    QHash<QString, Value> m_variables; // lower-case names
    QList<Value> m_underscore; // $_ of the blocks being run
    int m_tryDepth = 0;
    bool m_statementFailed = false; // $? is false
    bool m_moduleLoaded = false; // a module was imported this session
};

// A value as one item or an array, as assignment and parentheses make it from output.
Value collapse(const QList<Value> &values);

} // namespace berth::psdouble
