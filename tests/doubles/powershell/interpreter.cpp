#include "interpreter.h"

#include "host.h"
#include "hyperv.h"

#include <QMap>

extern char **environ;

namespace berth::psdouble {

namespace {

const QStringList actionPreferences { QStringLiteral("SilentlyContinue"), QStringLiteral("Stop"),
    QStringLiteral("Continue"), QStringLiteral("Inquire"), QStringLiteral("Ignore"), QStringLiteral("Suspend") };

QString normalizeType(QString type)
{
    if (type.startsWith(QLatin1String("System."), Qt::CaseInsensitive))
        type = type.mid(7);
    return type.toLower();
}

QString paramTypeName(const ParamSpec &param)
{
    switch (param.type) {
    case ParamType::String:
        return QStringLiteral("System.String");
    case ParamType::StringArray:
        return QStringLiteral("System.String[]");
    case ParamType::Int16:
        return QStringLiteral("System.Int16");
    case ParamType::Int32:
        return QStringLiteral("System.Int32");
    case ParamType::Int64:
        return QStringLiteral("System.Int64");
    case ParamType::Bool:
        return QStringLiteral("System.Boolean");
    case ParamType::Switch:
        return QStringLiteral("System.Management.Automation.SwitchParameter");
    case ParamType::Enum:
        return param.enumType;
    case ParamType::ScriptBlock:
        return QStringLiteral("System.Management.Automation.ScriptBlock");
    case ParamType::Object:
        return QStringLiteral("System.Object");
    }
    return {};
}

ParamSpec commonParam(const QString &name, ParamType type)
{
    ParamSpec p;
    p.name = name;
    p.type = type;
    if (name == QLatin1String("ErrorAction") || name == QLatin1String("WarningAction")
        || name == QLatin1String("InformationAction")) {
        p.type = ParamType::Enum;
        p.enumType = QStringLiteral("System.Management.Automation.ActionPreference");
        p.enumNames = actionPreferences;
        p.aliases = { name == QLatin1String("ErrorAction") ? QStringLiteral("ea")
                : name == QLatin1String("WarningAction")   ? QStringLiteral("wa")
                                                           : QStringLiteral("infa") };
    }
    return p;
}

const QList<ParamSpec> &commonParams()
{
    static const QList<ParamSpec> params = [] {
        QList<ParamSpec> list;
        list << commonParam(QStringLiteral("Verbose"), ParamType::Switch)
             << commonParam(QStringLiteral("Debug"), ParamType::Switch)
             << commonParam(QStringLiteral("ErrorAction"), ParamType::Enum)
             << commonParam(QStringLiteral("WarningAction"), ParamType::Enum)
             << commonParam(QStringLiteral("InformationAction"), ParamType::Enum)
             << commonParam(QStringLiteral("ErrorVariable"), ParamType::String)
             << commonParam(QStringLiteral("WarningVariable"), ParamType::String)
             << commonParam(QStringLiteral("InformationVariable"), ParamType::String)
             << commonParam(QStringLiteral("OutVariable"), ParamType::String)
             << commonParam(QStringLiteral("OutBuffer"), ParamType::Int32)
             << commonParam(QStringLiteral("PipelineVariable"), ParamType::String);
        list[0].aliases = { QStringLiteral("vb") };
        list[1].aliases = { QStringLiteral("db") };
        return list;
    }();
    return params;
}

Value errorRecordValue(const ErrorRecord &record)
{
    auto exception = makeObject(ObjectKind::Exception, QStringLiteral("System.Exception"));
    exception->set(QStringLiteral("Message"), Value::fromString(record.message));
    exception->display = record.message;
    auto category
        = makeObject(ObjectKind::CategoryInfo, QStringLiteral("System.Management.Automation.ErrorCategoryInfo"));
    category->set(QStringLiteral("Category"), Value::fromString(record.category));
    category->set(QStringLiteral("Activity"), Value::fromString(record.activity));
    category->set(QStringLiteral("Reason"), Value::fromString(record.reason));
    category->set(QStringLiteral("TargetName"), Value::fromString(record.targetName));
    category->set(QStringLiteral("TargetType"), Value::fromString(record.targetType));
    category->display = Host::categoryInfo(record);
    auto error = makeObject(ObjectKind::ErrorRecord, QStringLiteral("System.Management.Automation.ErrorRecord"));
    error->set(QStringLiteral("Exception"), Value::fromObject(exception));
    error->set(QStringLiteral("CategoryInfo"), Value::fromObject(category));
    error->set(QStringLiteral("FullyQualifiedErrorId"), Value::fromString(record.errorId));
    error->set(QStringLiteral("TargetObject"), record.targetObject);
    error->unmodelled = { QStringLiteral("InvocationInfo"), QStringLiteral("ErrorDetails"),
        QStringLiteral("ScriptStackTrace"), QStringLiteral("PipelineIterationInfo") };
    error->display = record.message;
    error->payload = std::make_shared<ErrorRecord>(record);
    return Value::fromObject(error);
}

// The approximate table or list PowerShell's default formatter makes of objects sent to the host.
QStringList formatObjects(const QList<std::shared_ptr<PsObject>> &objects)
{
    QStringList lines;
    const PsObject &first = *objects.constFirst();
    QStringList columns = first.tableView;
    if (columns.isEmpty() && first.kind == ObjectKind::Custom && first.properties.size() <= 4) {
        for (const auto &property : first.properties)
            columns.append(property.first);
    }
    lines.append(QString());
    if (columns.isEmpty()) {
        for (const auto &o : objects) {
            int width = 0;
            for (const auto &property : o->properties)
                width = qMax(width, static_cast<int>(property.first.size()));
            for (const auto &[name, value] : o->properties)
                lines.append(name.leftJustified(width) + QStringLiteral(" : ") + value.toString());
            lines.append(QString());
        }
        lines.append(QString());
        return lines;
    }
    QList<QStringList> rows;
    QList<int> widths;
    for (const QString &column : columns)
        widths.append(static_cast<int>(column.size()));
    for (const auto &o : objects) {
        QStringList row;
        for (int i = 0; i < columns.size(); ++i) {
            const Value *v = o->find(columns.at(i));
            QString text = v ? v->toString() : QString();
            if (v && v->isArray())
                text = QLatin1Char('{')
                    + QStringList([&] {
                          QStringList parts;
                          for (const Value &item : *v->items)
                              parts.append(item.toString());
                          return parts;
                      }())
                          .join(QStringLiteral(", "))
                    + QLatin1Char('}');
            widths[i] = qMax(widths.at(i), static_cast<int>(text.size()));
            row.append(text);
        }
        rows.append(row);
    }
    auto render = [&](const QStringList &cells) {
        QString line;
        for (int i = 0; i < cells.size(); ++i)
            line += i + 1 < cells.size() ? cells.at(i).leftJustified(widths.at(i)) + QLatin1Char(' ') : cells.at(i);
        return line;
    };
    lines.append(render(columns));
    QStringList dashes;
    for (const QString &column : columns)
        dashes.append(QString(column.size(), QLatin1Char('-')));
    lines.append(render(dashes));
    for (const QStringList &row : rows)
        lines.append(render(row));
    lines.append(QString());
    lines.append(QString());
    return lines;
}

} // namespace

ParamSpec makeParam(
    const char *name, ParamType type, int position, bool mandatory, const QStringList &aliases, bool fromPipeline)
{
    ParamSpec p;
    p.name = QString::fromLatin1(name);
    p.type = type;
    p.position = position;
    p.mandatory = mandatory;
    p.aliases = aliases;
    p.fromPipeline = fromPipeline;
    return p;
}

Value collapse(const QList<Value> &values)
{
    if (values.isEmpty())
        return {};
    if (values.size() == 1)
        return values.constFirst();
    return Value::fromArray(values);
}

ErrorRecord CommandCall::error(const QString &message, const QString &category, const QString &reason,
    const QString &id, const Value &target) const
{
    ErrorRecord record;
    record.message = message;
    record.category = category;
    record.activity = spec->name;
    record.reason = reason;
    record.errorId = id + QLatin1Char(',') + spec->className;
    record.invocationName = invocationName;
    record.extent = extent;
    record.targetObject = target;
    if (!target.isNull()) {
        record.targetName = target.toString();
        record.targetType = target.shortTypeName();
    }
    return record;
}

Interpreter::Interpreter(const Script &script, Host &host)
    : m_script(script)
    , m_host(host)
{
    m_variables.insert(QStringLiteral("erroractionpreference"), Value::fromString(QStringLiteral("Continue")));
    m_variables.insert(QStringLiteral("progresspreference"), Value::fromString(QStringLiteral("Continue")));
}

int Interpreter::run()
{
    NodePtr root;
    try {
        root = m_script.parse();
    } catch (const ParseError &e) {
        ErrorRecord record;
        record.message = m_script.positionMessage(e.extent) + QStringLiteral("\r\n") + e.message;
        record.category = QStringLiteral("ParserError");
        record.reason = QStringLiteral("ParentContainsErrorRecordException");
        record.errorId = e.errorId;
        record.parseError = true;
        report(record);
        return 1;
    }
    try {
        execStatements(root, nullptr);
    } catch (const PsError &e) {
        report(e.record);
        return 1;
    } catch (const ExitRequest &request) {
        return request.code;
    }
    return m_statementFailed ? 1 : 0;
}

void Interpreter::report(const ErrorRecord &record)
{
    m_host.writeErrorRecord(record, m_script);
}

void Interpreter::writeError(CommandCall &call, const ErrorRecord &record)
{
    m_statementFailed = true;
    const QString action = call.errorAction;
    if (action.compare(QLatin1String("Stop"), Qt::CaseInsensitive) == 0)
        throw PsError { record, true };
    if (action.compare(QLatin1String("SilentlyContinue"), Qt::CaseInsensitive) == 0
        || action.compare(QLatin1String("Ignore"), Qt::CaseInsensitive) == 0)
        return;
    report(record);
}

void Interpreter::throwError(const ErrorRecord &record)
{
    const bool stop
        = variableText(QStringLiteral("ErrorActionPreference")).compare(QLatin1String("Stop"), Qt::CaseInsensitive)
        == 0;
    throw PsError { record, stop };
}

void Interpreter::runtimeError(const QString &message, const QString &id, const NodePtr &node,
    const QString &targetName, const QString &targetType)
{
    ErrorRecord record;
    record.message = message;
    record.category = QStringLiteral("InvalidOperation");
    record.reason = QStringLiteral("RuntimeException");
    record.errorId = id;
    record.targetName = targetName;
    record.targetType = targetType;
    record.extent = node->extent;
    throwError(record);
}

QString Interpreter::variableText(const QString &name) const
{
    return getVariable(name).toString();
}

void Interpreter::execStatements(const NodePtr &list, QList<Value> *collect)
{
    for (const NodePtr &statement : list->children) {
        if (!collect)
            m_statementFailed = false;
        try {
            execStatement(statement, collect);
        } catch (const PsError &e) {
            if (m_tryDepth > 0 || e.scriptTerminating || collect)
                throw;
            report(e.record);
            m_statementFailed = true;
        }
    }
}

void Interpreter::execStatement(const NodePtr &statement, QList<Value> *collect)
{
    switch (statement->kind) {
    case NodeKind::Assign: {
        const Value value = collapse(runPipeline(statement->a));
        if (!statement->text.isEmpty())
            setVariable(statement->text, value);
        else
            assignStatic(statement->b, value);
        return;
    }
    case NodeKind::Try: {
        ++m_tryDepth;
        try {
            execStatements(statement->a, collect);
            --m_tryDepth;
        } catch (const PsError &e) {
            --m_tryDepth;
            m_statementFailed = false;
            m_underscore.append(errorRecordValue(e.record));
            try {
                execStatements(statement->b, collect);
            } catch (...) {
                m_underscore.removeLast();
                throw;
            }
            m_underscore.removeLast();
        } catch (...) {
            --m_tryDepth;
            throw;
        }
        return;
    }
    case NodeKind::Exit: {
        int code = 0;
        if (statement->a) {
            const Value v = collapse(runPipeline(statement->a));
            code = v.type == Value::Type::Int ? static_cast<int>(v.integer) : v.toString().toInt();
        }
        throw ExitRequest { code };
    }
    case NodeKind::Throw: {
        Value v;
        if (statement->a)
            v = collapse(runPipeline(statement->a));
        if (v.isObject() && v.object->kind == ObjectKind::ErrorRecord && v.object->payload)
            throw PsError { *std::static_pointer_cast<const ErrorRecord>(v.object->payload), true };
        ErrorRecord record;
        record.message = v.isNull() ? QStringLiteral("ScriptHalted") : v.toString();
        record.category = QStringLiteral("OperationStopped");
        record.reason = QStringLiteral("RuntimeException");
        record.errorId = record.message;
        record.targetName = v.isNull() ? QString() : record.message;
        record.targetType = v.isNull() ? QString() : v.shortTypeName();
        record.targetObject = v;
        record.extent = statement->extent;
        throw PsError { record, true };
    }
    default: {
        const QList<Value> out = runPipeline(statement);
        if (collect)
            collect->append(out);
        else
            outputToHost(out);
    }
    }
}

QList<Value> Interpreter::runPipeline(const NodePtr &pipeline)
{
    if (pipeline->kind != NodeKind::Pipeline) {
        QList<Value> out;
        execStatement(pipeline, &out);
        return out;
    }
    QList<Value> items;
    const NodePtr &first = pipeline->children.constFirst();
    if (first->kind == NodeKind::Command)
        items = runCommand(first, {}, false);
    else
        items = eval(first).enumerate();
    for (int i = 1; i < pipeline->children.size(); ++i)
        items = runCommand(pipeline->children.at(i), items, true);
    return items;
}

QList<Value> Interpreter::runCommand(const NodePtr &command, const QList<Value> &input, bool hasInput)
{
    const QString invocationName = command->text;
    QString name = invocationName;
    const int slash = name.indexOf(QLatin1Char('\\'));
    const QString module = slash > 0 ? name.left(slash) : QString();
    if (slash > 0)
        name = name.mid(slash + 1);
    const CmdletSpec *spec = findCmdlet(name);
    if (spec && !module.isEmpty()) {
        const bool moduleMatches = !spec->module.isEmpty()
            ? module.compare(spec->module, Qt::CaseInsensitive) == 0
            : module.startsWith(QLatin1String("Microsoft.PowerShell."), Qt::CaseInsensitive);
        if (!moduleMatches)
            spec = nullptr;
    }
    if (spec && spec->isHyperV() && !HyperV::instance().config().moduleAvailable)
        spec = nullptr;
    if (!spec) {
        if (isKnownUnimplementedCommand(name))
            throw Unsupported { QStringLiteral("the command %1").arg(invocationName) };
        ErrorRecord record;
        record.message = QStringLiteral("The term '%1' is not recognized as the name of a cmdlet, function, script "
                                        "file, or operable program. Check the spelling of the name, or if a path was "
                                        "included, verify that the path is correct and try again.")
                             .arg(invocationName);
        record.category = QStringLiteral("ObjectNotFound");
        record.targetName = invocationName;
        record.targetType = QStringLiteral("String");
        record.reason = QStringLiteral("CommandNotFoundException");
        record.errorId = QStringLiteral("CommandNotFoundException");
        record.invocationName = invocationName;
        record.extent = command->elements.constFirst().extent;
        record.targetObject = Value::fromString(invocationName);
        throwError(record);
    }
    if (!spec->module.isEmpty() && !m_moduleLoaded) {
        // A module is imported on its first command's use; the progress record comes with the first only.
        m_moduleLoaded = true;
        if (variableText(QStringLiteral("ProgressPreference"))
                .compare(QLatin1String("SilentlyContinue"), Qt::CaseInsensitive)
            != 0)
            m_host.writeModuleLoadProgress();
    }
    CommandCall call;
    call.spec = spec;
    call.invocationName = invocationName;
    call.extent = command->extent;
    call.input = input;
    call.hasInput = hasInput;
    bindParameters(call, command);
    call.errorAction = call.has(QStringLiteral("ErrorAction")) ? call.string(QStringLiteral("ErrorAction"))
                                                               : variableText(QStringLiteral("ErrorActionPreference"));
    spec->run(*this, call);
    return call.output;
}

void Interpreter::bindParameters(CommandCall &call, const NodePtr &command)
{
    const CmdletSpec &spec = *call.spec;
    auto bindingError = [&](const QString &message, const QString &id, const Extent &extent,
                            const QString &category = QStringLiteral("InvalidArgument"),
                            const QString &reason = QStringLiteral("ParameterBindingException")) {
        ErrorRecord record = call.error(message, category, reason, id);
        record.extent = extent;
        throwError(record);
    };
    QList<const ParamSpec *> all;
    for (const ParamSpec &p : spec.params)
        all.append(&p);
    for (const ParamSpec &p : commonParams())
        all.append(&p);

    QList<std::pair<Value, Extent>> positional;
    const QList<CommandElement> &elements = command->elements;
    for (int i = 1; i < elements.size(); ++i) {
        const CommandElement &element = elements.at(i);
        if (!element.isParameter) {
            positional.append({ eval(element.argument), element.extent });
            continue;
        }
        const ParamSpec *param = nullptr;
        QList<const ParamSpec *> candidates;
        for (const ParamSpec *p : all) {
            bool exact = p->name.compare(element.name, Qt::CaseInsensitive) == 0;
            for (const QString &alias : p->aliases)
                exact = exact || alias.compare(element.name, Qt::CaseInsensitive) == 0;
            if (exact) {
                param = p;
                break;
            }
            if (p->name.startsWith(element.name, Qt::CaseInsensitive))
                candidates.append(p);
        }
        if (!param && candidates.size() == 1)
            param = candidates.constFirst();
        if (!param && candidates.size() > 1) {
            QStringList names;
            for (const ParamSpec *p : candidates)
                names.append(QLatin1Char('-') + p->name);
            bindingError(QStringLiteral("Parameter cannot be processed because the parameter name '%1' is ambiguous. "
                                        "Possible matches include: %2.")
                             .arg(element.name, names.join(QLatin1Char(' '))),
                QStringLiteral("AmbiguousParameter"), element.extent);
        }
        if (!param)
            bindingError(
                QStringLiteral("A parameter cannot be found that matches parameter name '%1'.").arg(element.name),
                QStringLiteral("NamedParameterNotFound"), element.extent);
        if (param->name == QLatin1String("ErrorVariable") || param->name == QLatin1String("WarningVariable")
            || param->name == QLatin1String("InformationVariable") || param->name == QLatin1String("OutVariable")
            || param->name == QLatin1String("OutBuffer") || param->name == QLatin1String("PipelineVariable"))
            throw Unsupported { QStringLiteral("the common parameter -%1").arg(param->name) };
        if (call.args.contains(param->name))
            bindingError(QStringLiteral("Cannot bind parameter because parameter '%1' is specified more than once. To "
                                        "provide multiple values to parameters that can accept multiple values, use "
                                        "the array syntax. For example, \"-parameter value1,value2,value3\".")
                             .arg(param->name),
                QStringLiteral("ParameterAlreadyBound"), element.extent);
        Value value;
        Extent extent = element.extent;
        if (element.argument) {
            value = eval(element.argument);
        } else if (param->type == ParamType::Switch) {
            value = Value::fromBool(true);
        } else if (i + 1 < elements.size() && !elements.at(i + 1).isParameter) {
            ++i;
            value = eval(elements.at(i).argument);
            extent = elements.at(i).extent;
        } else {
            bindingError(QStringLiteral("Missing an argument for parameter '%1'. Specify a parameter of type '%2' and "
                                        "try again.")
                             .arg(param->name, paramTypeName(*param)),
                QStringLiteral("MissingArgument"), element.extent);
        }
        call.args.insert(param->name, convertArgument(call, *param, value, extent));
    }
    for (const auto &[value, extent] : positional) {
        const ParamSpec *slot = nullptr;
        for (const ParamSpec &p : spec.params) {
            if (p.position >= 0 && !call.args.contains(p.name) && (!slot || p.position < slot->position))
                slot = &p;
        }
        if (!slot) {
            bindingError(QStringLiteral("A positional parameter cannot be found that accepts argument '%1'.")
                             .arg(value.isArray() ? QStringLiteral("System.Object[]") : value.toString()),
                QStringLiteral("PositionalParameterNotFound"), extent);
        }
        call.args.insert(slot->name, convertArgument(call, *slot, value, extent));
    }
    QStringList missing;
    for (const ParamSpec &p : spec.params) {
        if (p.mandatory && !call.args.contains(p.name) && !(p.fromPipeline && call.hasInput))
            missing.append(p.name);
    }
    if (!missing.isEmpty())
        bindingError(QStringLiteral("Cannot process command because of one or more missing mandatory parameters: %1.")
                         .arg(missing.join(QLatin1Char(' '))),
            QStringLiteral("MissingMandatoryParameter"), call.extent);
}

Value Interpreter::convertArgument(CommandCall &call, const ParamSpec &param, const Value &value, const Extent &extent)
{
    auto fail = [&](const QString &message, const QString &id, const QString &category, const QString &reason) {
        ErrorRecord record = call.error(message, category, reason, id);
        record.extent = extent;
        throwError(record);
    };
    auto cannotConvert = [&](const QString &text, const QString &detail) {
        fail(QStringLiteral("Cannot bind parameter '%1'. Cannot convert value \"%2\" to type \"%3\". Error: \"%4\"")
                 .arg(param.name, text, paramTypeName(param), detail),
            QStringLiteral("CannotConvertArgumentNoMessage"), QStringLiteral("InvalidArgument"),
            QStringLiteral("ParameterBindingException"));
    };
    auto checkNotEmpty = [&](const Value &v) {
        if (!param.mandatory)
            return;
        if (v.isNull() || (v.type == Value::Type::String && v.text.isEmpty())) {
            if (!call.spec->module.isEmpty())
                fail(
                    QStringLiteral("Cannot validate argument on parameter '%1'. The argument is null or empty. Provide "
                                   "an argument that is not null or empty, and then try the command again.")
                        .arg(param.name),
                    QStringLiteral("ParameterArgumentValidationError"), QStringLiteral("InvalidData"),
                    QStringLiteral("ParameterBindingValidationException"));
            fail(v.isNull()
                    ? QStringLiteral("Cannot bind argument to parameter '%1' because it is null.").arg(param.name)
                    : QStringLiteral("Cannot bind argument to parameter '%1' because it is an empty string.")
                          .arg(param.name),
                v.isNull() ? QStringLiteral("ParameterArgumentValidationErrorNullNotAllowed")
                           : QStringLiteral("ParameterArgumentValidationErrorEmptyStringNotAllowed"),
                QStringLiteral("InvalidData"), QStringLiteral("ParameterBindingValidationException"));
        }
    };
    switch (param.type) {
    case ParamType::String: {
        checkNotEmpty(value);
        if (value.isNull())
            return value;
        return Value::fromString(value.toString());
    }
    case ParamType::StringArray: {
        checkNotEmpty(value);
        if (value.isNull())
            return value;
        QList<Value> items;
        for (const Value &item : value.enumerate()) {
            checkNotEmpty(item);
            items.append(Value::fromString(item.toString()));
        }
        return Value::fromArray(items);
    }
    case ParamType::Int16:
    case ParamType::Int32:
    case ParamType::Int64: {
        const qint64 limit = param.type == ParamType::Int16 ? 32767
            : param.type == ParamType::Int32                ? Q_INT64_C(2147483647)
                                                            : Q_INT64_C(9223372036854775807);
        qint64 n = 0;
        if (value.type == Value::Type::Int || value.type == Value::Type::Enum) {
            n = value.integer;
        } else if (value.type == Value::Type::Double) {
            n = qRound64(value.real);
        } else if (value.type == Value::Type::Bool) {
            n = value.boolean ? 1 : 0;
        } else if (value.type == Value::Type::String) {
            bool ok = false;
            n = value.text.trimmed().toLongLong(&ok);
            if (!ok)
                cannotConvert(value.text, QStringLiteral("Input string was not in a correct format."));
        } else if (!value.isNull()) {
            cannotConvert(value.toString(), QStringLiteral("Invalid cast."));
        }
        if (n > limit || n < -limit - 1)
            cannotConvert(value.toString(),
                QStringLiteral("Value was either too large or too small for an %1.").arg(paramTypeName(param).mid(7)));
        return Value::fromInt(n, paramTypeName(param).mid(7));
    }
    case ParamType::Bool:
        if (value.type == Value::Type::Bool)
            return value;
        if (value.type == Value::Type::Int)
            return Value::fromBool(value.integer != 0);
        fail(QStringLiteral("Cannot process argument transformation on parameter '%1'. Cannot convert value \"%2\" to "
                            "type \"System.Boolean\". Boolean parameters accept only Boolean values and numbers, such "
                            "as $True, $False, 1 or 0.")
                 .arg(param.name, value.fullTypeName()),
            QStringLiteral("ParameterArgumentTransformationError"), QStringLiteral("InvalidData"),
            QStringLiteral("ParameterBindingArgumentTransformationException"));
        Q_UNREACHABLE();
    case ParamType::Switch:
        return Value::fromBool(value.isTrue());
    case ParamType::Enum: {
        auto valueOf = [&](int index) { return param.enumValues.isEmpty() ? index : param.enumValues.at(index); };
        if (value.type == Value::Type::Enum && value.typeName == param.enumType)
            return value;
        if (value.type == Value::Type::Int) {
            for (int i = 0; i < param.enumNames.size(); ++i) {
                if (valueOf(i) == value.integer)
                    return Value::fromEnum(param.enumType, valueOf(i), param.enumNames.at(i));
            }
        }
        const QString text = value.toString().trimmed();
        for (int i = 0; i < param.enumNames.size(); ++i) {
            if (param.enumNames.at(i).compare(text, Qt::CaseInsensitive) == 0)
                return Value::fromEnum(param.enumType, valueOf(i), param.enumNames.at(i));
        }
        cannotConvert(value.toString(),
            QStringLiteral("Unable to match the identifier name %1 to a valid enumerator name. Specify one of the "
                           "following enumerator names and try again:\r\n%2")
                .arg(value.toString(), param.enumNames.join(QStringLiteral(", "))));
        return {};
    }
    case ParamType::ScriptBlock:
        if (!value.isObject() || value.object->kind != ObjectKind::ScriptBlock)
            cannotConvert(value.toString(),
                QStringLiteral("Invalid cast from 'System.String' to 'System.Management."
                               "Automation.ScriptBlock'."));
        return value;
    case ParamType::Object:
        return value;
    }
    return value;
}

QList<Value> Interpreter::invokeBlock(const Value &block, const Value &item)
{
    const auto node = std::static_pointer_cast<const Node>(block.object->payload);
    QList<Value> out;
    m_underscore.append(item);
    try {
        execStatements(node->a, &out);
    } catch (...) {
        m_underscore.removeLast();
        throw;
    }
    m_underscore.removeLast();
    return out;
}

Value Interpreter::getVariable(const QString &name) const
{
    const QString lower = name.toLower();
    if (lower == QLatin1String("true"))
        return Value::fromBool(true);
    if (lower == QLatin1String("false"))
        return Value::fromBool(false);
    if (lower == QLatin1String("null"))
        return {};
    if (lower == QLatin1String("_") || lower == QLatin1String("psitem"))
        return m_underscore.isEmpty() ? Value() : m_underscore.constLast();
    if (lower == QLatin1String("?"))
        return Value::fromBool(!m_statementFailed);
    if (lower.startsWith(QLatin1String("env:"))) {
        // Windows' environment is case-insensitive.
        const QByteArray wanted = name.mid(4).toUtf8();
        for (char **e = environ; e && *e; ++e) {
            const QByteArray entry(*e);
            const int eq = entry.indexOf('=');
            if (eq > 0 && entry.left(eq).compare(wanted, Qt::CaseInsensitive) == 0)
                return Value::fromString(QString::fromUtf8(entry.mid(eq + 1)));
        }
        return {};
    }
    if (lower.contains(QLatin1Char(':'))) {
        const QString scope = lower.left(lower.indexOf(QLatin1Char(':')));
        if (scope != QLatin1String("script") && scope != QLatin1String("global") && scope != QLatin1String("local"))
            throw Unsupported { QStringLiteral("the variable $%1").arg(name) };
        return getVariable(name.mid(scope.size() + 1));
    }
    static const QStringList automatic { QStringLiteral("error"), QStringLiteral("lastexitcode"),
        QStringLiteral("psversiontable"), QStringLiteral("host"), QStringLiteral("pwd"), QStringLiteral("home"),
        QStringLiteral("pshome"), QStringLiteral("args"), QStringLiteral("input"), QStringLiteral("matches"),
        QStringLiteral("myinvocation"), QStringLiteral("psscriptroot"), QStringLiteral("pscommandpath") };
    if (automatic.contains(lower) && !m_variables.contains(lower))
        throw Unsupported { QStringLiteral("the automatic variable $%1").arg(name) };
    return m_variables.value(lower);
}

void Interpreter::setVariable(const QString &name, const Value &value)
{
    const QString lower = name.toLower();
    if (lower.startsWith(QLatin1String("env:"))) {
        qputenv(name.mid(4).toUtf8().constData(), value.toString().toUtf8());
        return;
    }
    if (lower == QLatin1String("null"))
        return;
    if (lower == QLatin1String("true") || lower == QLatin1String("false") || lower == QLatin1String("_")
        || lower == QLatin1String("?"))
        throw Unsupported { QStringLiteral("assigning to $%1").arg(name) };
    m_variables.insert(lower, value);
}

void Interpreter::assignStatic(const NodePtr &target, const Value &value)
{
    if (target && target->kind == NodeKind::StaticMember && normalizeType(target->text) == QLatin1String("console")
        && target->text2.compare(QLatin1String("OutputEncoding"), Qt::CaseInsensitive) == 0) {
        m_host.setUtf8(value.isObject() && value.object->kind == ObjectKind::Encoding
            && value.object->display == QLatin1String("System.Text.UTF8Encoding"));
        return;
    }
    throw Unsupported { QStringLiteral("assigning to anything but a variable or [Console]::OutputEncoding") };
}

void Interpreter::outputToHost(const QList<Value> &values)
{
    QList<std::shared_ptr<PsObject>> pending;
    auto flush = [&] {
        if (pending.isEmpty())
            return;
        for (const QString &line : formatObjects(pending))
            m_host.writeOutputLine(line);
        pending.clear();
    };
    for (const Value &value : values) {
        if (value.isObject() && value.object->kind != ObjectKind::ErrorRecord) {
            if (!pending.isEmpty() && pending.constFirst()->typeName != value.object->typeName)
                flush();
            pending.append(value.object);
            continue;
        }
        flush();
        if (value.isNull())
            continue;
        if (value.isArray()) {
            outputToHost(*value.items);
            continue;
        }
        m_host.writeOutputLine(value.toString());
    }
    flush();
}

Value Interpreter::eval(const NodePtr &node)
{
    switch (node->kind) {
    case NodeKind::Number:
        if (node->isReal)
            return Value::fromDouble(node->real);
        return Value::fromInt(node->integer,
            node->integer > 2147483647 || node->integer < -2147483647 - 1 ? QStringLiteral("Int64")
                                                                          : QStringLiteral("Int32"));
    case NodeKind::String:
        return Value::fromString(node->text);
    case NodeKind::Expandable: {
        QString text;
        for (const NodePtr &part : node->children) {
            if (part->kind == NodeKind::String) {
                text += part->text;
            } else if (part->kind == NodeKind::SubExpr) {
                QList<Value> out;
                execStatements(part->a, &out);
                QStringList pieces;
                for (const Value &v : out)
                    pieces.append(v.toString());
                text += pieces.join(QLatin1Char(' '));
            } else {
                text += eval(part).toString();
            }
        }
        return Value::fromString(text);
    }
    case NodeKind::Variable:
        return getVariable(node->text);
    case NodeKind::Member:
        return evalMember(eval(node->a), node->text, node);
    case NodeKind::Index: {
        const Value target = eval(node->a);
        const Value index = eval(node->b);
        if (target.isNull())
            runtimeError(QStringLiteral("Cannot index into a null array."), QStringLiteral("NullArray"), node);
        if (index.type != Value::Type::Int)
            throw Unsupported { QStringLiteral("an index that is not an integer") };
        if (target.isArray()) {
            qint64 i = index.integer;
            if (i < 0)
                i += target.items->size();
            return i >= 0 && i < target.items->size() ? target.items->at(static_cast<int>(i)) : Value();
        }
        if (target.type == Value::Type::String) {
            const qint64 i = index.integer;
            return i >= 0 && i < target.text.size() ? Value::fromString(target.text.mid(static_cast<int>(i), 1))
                                                    : Value();
        }
        // Indexing a single object: [0] is the object itself.
        return index.integer == 0 || index.integer == -1 ? target : Value();
    }
    case NodeKind::MethodCall: {
        const Value target = eval(node->a);
        QList<Value> args;
        for (const NodePtr &arg : node->children)
            args.append(eval(arg));
        return evalMethod(target, node->text, args, node);
    }
    case NodeKind::StaticMember:
        return evalStatic(node, {});
    case NodeKind::StaticMethod: {
        QList<Value> args;
        for (const NodePtr &arg : node->children)
            args.append(eval(arg));
        return evalStatic(node, args);
    }
    case NodeKind::Cast:
        return evalCast(node->text, eval(node->a), node);
    case NodeKind::Array: {
        QList<Value> items;
        for (const NodePtr &child : node->children)
            items.append(eval(child));
        return Value::fromArray(items);
    }
    case NodeKind::ArraySub: {
        QList<Value> out;
        execStatements(node->a, &out);
        return Value::fromArray(out);
    }
    case NodeKind::SubExpr: {
        QList<Value> out;
        execStatements(node->a, &out);
        return collapse(out);
    }
    case NodeKind::Paren: {
        QList<Value> out;
        execStatement(node->a, &out);
        if (node->a->kind == NodeKind::Assign)
            return getVariable(node->a->text);
        return collapse(out);
    }
    case NodeKind::Binary: {
        const QString &op = node->text;
        if (op == QLatin1String("and"))
            return Value::fromBool(eval(node->a).isTrue() && eval(node->b).isTrue());
        if (op == QLatin1String("or"))
            return Value::fromBool(eval(node->a).isTrue() || eval(node->b).isTrue());
        const Value left = eval(node->a);
        const Value right = eval(node->b);
        if (op == QLatin1String("+")) {
            if (left.isArray()) {
                QList<Value> items = *left.items;
                items.append(right.enumerate());
                return Value::fromArray(items);
            }
            if (left.type == Value::Type::Int && (right.type == Value::Type::Int || right.isNull()))
                return Value::fromInt(left.integer + right.integer, QStringLiteral("Int64"));
            if (left.type == Value::Type::String || left.isNull())
                return Value::fromString(left.toString() + right.toString());
            throw Unsupported { QStringLiteral("'+' on a %1").arg(left.fullTypeName()) };
        }
        const bool wantEqual = op == QLatin1String("eq");
        if (left.isArray()) {
            // An array on the left filters: the items that are (not) equal to the right side.
            QList<Value> matches;
            for (const Value &item : *left.items) {
                if (looselyEqual(item, right) == wantEqual)
                    matches.append(item);
            }
            return Value::fromArray(matches);
        }
        return Value::fromBool(looselyEqual(left, right) == wantEqual);
    }
    case NodeKind::Not:
        return Value::fromBool(!eval(node->a).isTrue());
    case NodeKind::ScriptBlock: {
        auto block = makeObject(ObjectKind::ScriptBlock, QStringLiteral("System.Management.Automation.ScriptBlock"));
        block->payload = node;
        block->display = m_script.text().mid(node->extent.start + 1, node->extent.end - node->extent.start - 2);
        return Value::fromObject(block);
    }
    default:
        throw Unsupported { QStringLiteral("this kind of expression") };
    }
}

Value Interpreter::evalMember(const Value &target, const QString &name, const NodePtr &node)
{
    const bool isCount = name.compare(QLatin1String("Count"), Qt::CaseInsensitive) == 0
        || name.compare(QLatin1String("Length"), Qt::CaseInsensitive) == 0;
    switch (target.type) {
    case Value::Type::Null:
        return isCount ? Value::fromInt(0) : Value();
    case Value::Type::Array: {
        if (isCount)
            return Value::fromInt(target.items->size());
        // Member enumeration: the member of each item.
        QList<Value> results;
        for (const Value &item : *target.items) {
            const Value v = evalMember(item, name, node);
            if (v.isArray())
                results.append(*v.items);
            else if (!v.isNull())
                results.append(v);
        }
        return collapse(results);
    }
    case Value::Type::String:
        if (name.compare(QLatin1String("Length"), Qt::CaseInsensitive) == 0)
            return Value::fromInt(target.text.size());
        return isCount ? Value::fromInt(1) : Value();
    case Value::Type::Object: {
        if (const Value *v = target.object->find(name))
            return *v;
        for (const QString &known : target.object->unmodelled) {
            if (known.compare(name, Qt::CaseInsensitive) == 0)
                throw Unsupported { QStringLiteral("the property %1 of %2").arg(known, target.object->typeName) };
        }
        return isCount ? Value::fromInt(1) : Value();
    }
    case Value::Type::Enum:
        if (name == QLatin1String("value__"))
            return Value::fromInt(target.integer);
        return isCount ? Value::fromInt(1) : Value();
    default:
        return isCount ? Value::fromInt(1) : Value();
    }
}

Value Interpreter::evalMethod(const Value &target, const QString &name, const QList<Value> &args, const NodePtr &node)
{
    const QString lower = name.toLower();
    if (target.isNull())
        runtimeError(QStringLiteral("You cannot call a method on a null-valued expression."),
            QStringLiteral("InvokeMethodOnNull"), node);
    if (lower == QLatin1String("tostring") && args.isEmpty())
        return Value::fromString(target.toString());
    if (target.isArray()) {
        QList<Value> results;
        for (const Value &item : *target.items)
            results.append(evalMethod(item, name, args, node));
        return collapse(results);
    }
    if (target.isObject() && target.object->kind == ObjectKind::Principal && lower == QLatin1String("isinrole")
        && args.size() == 1)
        return Value::fromBool(HyperV::instance().isInRole(args.constFirst()));
    if (target.isObject() && target.object->kind == ObjectKind::TextWriter
        && (lower == QLatin1String("writeline") || lower == QLatin1String("write")
            || lower == QLatin1String("flush"))) {
        if (lower == QLatin1String("flush"))
            return {};
        QString text = args.isEmpty() ? QString() : args.constFirst().toString();
        if (lower == QLatin1String("writeline"))
            text += QStringLiteral("\r\n");
        if (target.object->display == QLatin1String("Error"))
            m_host.writeRawError(text);
        else
            throw Unsupported { QStringLiteral("[Console]::Out") };
        return {};
    }
    if (target.type == Value::Type::String && args.isEmpty()) {
        if (lower == QLatin1String("tolower"))
            return Value::fromString(target.text.toLower());
        if (lower == QLatin1String("toupper"))
            return Value::fromString(target.text.toUpper());
        if (lower == QLatin1String("trim"))
            return Value::fromString(target.text.trimmed());
    }
    if (lower == QLatin1String("gettype") || lower == QLatin1String("equals") || lower == QLatin1String("gethashcode")
        || (target.type == Value::Type::String
            && QStringList({ QStringLiteral("split"), QStringLiteral("replace"), QStringLiteral("substring"),
                               QStringLiteral("contains"), QStringLiteral("startswith"), QStringLiteral("endswith"),
                               QStringLiteral("indexof"), QStringLiteral("trimend"), QStringLiteral("trimstart") })
                   .contains(lower)))
        throw Unsupported { QStringLiteral("the method %1 of %2").arg(name, target.fullTypeName()) };
    runtimeError(QStringLiteral("Method invocation failed because [%1] does not contain a method named '%2'.")
                     .arg(target.fullTypeName(), name),
        QStringLiteral("MethodNotFound"), node);
}

Value Interpreter::evalStatic(const NodePtr &node, const QList<Value> &args)
{
    const QString type = normalizeType(node->text);
    const QString member = node->text2.toLower();
    const bool call = node->kind == NodeKind::StaticMethod;
    if (type == QLatin1String("security.principal.windowsidentity") && member == QLatin1String("getcurrent") && call) {
        auto identity = makeObject(ObjectKind::Identity, QStringLiteral("System.Security.Principal.WindowsIdentity"));
        identity->display = QStringLiteral("System.Security.Principal.WindowsIdentity");
        identity->set(QStringLiteral("Name"), Value::fromString(HyperV::instance().config().userName));
        identity->unmodelled = { QStringLiteral("User"), QStringLiteral("Groups"), QStringLiteral("Token"),
            QStringLiteral("AuthenticationType"), QStringLiteral("IsSystem"), QStringLiteral("Owner") };
        return Value::fromObject(identity);
    }
    if (type == QLatin1String("console") && !call
        && (member == QLatin1String("error") || member == QLatin1String("out"))) {
        auto writer = makeObject(ObjectKind::TextWriter, QStringLiteral("System.IO.TextWriter"));
        writer->display = member == QLatin1String("error") ? QStringLiteral("Error") : QStringLiteral("Out");
        return Value::fromObject(writer);
    }
    if (type == QLatin1String("text.encoding") && !call && member == QLatin1String("utf8")) {
        auto encoding = makeObject(ObjectKind::Encoding, QStringLiteral("System.Text.UTF8Encoding"));
        encoding->display = QStringLiteral("System.Text.UTF8Encoding");
        return Value::fromObject(encoding);
    }
    if ((type == QLatin1String("bool") || type == QLatin1String("boolean")) && member == QLatin1String("parse") && call
        && args.size() == 1) {
        const QString text = args.constFirst().toString().trimmed();
        if (text.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0)
            return Value::fromBool(true);
        if (text.compare(QLatin1String("false"), Qt::CaseInsensitive) == 0)
            return Value::fromBool(false);
        ErrorRecord record;
        record.message = QStringLiteral(
            "Exception calling \"Parse\" with \"1\" argument(s): \"String was not recognized as a valid Boolean.\"");
        record.category = QStringLiteral("NotSpecified");
        record.reason = QStringLiteral("MethodInvocationException");
        record.errorId = QStringLiteral("FormatException");
        record.extent = node->extent;
        throwError(record);
    }
    throw Unsupported { QStringLiteral("[%1]::%2").arg(node->text, node->text2) };
}

Value Interpreter::evalCast(const QString &type, const Value &value, const NodePtr &node)
{
    const QString t = normalizeType(type);
    if (t == QLatin1String("security.principal.windowsprincipal")) {
        Value identity = value;
        if (identity.isArray() && identity.items->size() == 1)
            identity = identity.items->constFirst();
        if (!identity.isObject() || identity.object->kind != ObjectKind::Identity)
            throw Unsupported { QStringLiteral("[Security.Principal.WindowsPrincipal] of anything but "
                                               "[Security.Principal.WindowsIdentity]::GetCurrent()") };
        auto principal
            = makeObject(ObjectKind::Principal, QStringLiteral("System.Security.Principal.WindowsPrincipal"));
        principal->display = QStringLiteral("System.Security.Principal.WindowsPrincipal");
        principal->set(QStringLiteral("Identity"), identity);
        principal->unmodelled = { QStringLiteral("Claims"), QStringLiteral("Identities"), QStringLiteral("UserClaims"),
            QStringLiteral("DeviceClaims") };
        return Value::fromObject(principal);
    }
    if (t == QLatin1String("security.principal.windowsbuiltinrole")) {
        static const QStringList roles { QStringLiteral("Administrator"), QStringLiteral("User"),
            QStringLiteral("Guest"), QStringLiteral("PowerUser"), QStringLiteral("AccountOperator"),
            QStringLiteral("SystemOperator"), QStringLiteral("PrintOperator"), QStringLiteral("BackupOperator"),
            QStringLiteral("Replicator") };
        const QString text = value.toString().trimmed();
        for (int i = 0; i < roles.size(); ++i) {
            if (roles.at(i).compare(text, Qt::CaseInsensitive) == 0)
                return Value::fromEnum(
                    QStringLiteral("System.Security.Principal.WindowsBuiltInRole"), 544 + i, roles.at(i));
        }
        ErrorRecord record;
        record.message = QStringLiteral("Cannot convert value \"%1\" to type "
                                        "\"System.Security.Principal.WindowsBuiltInRole\". Error: \"Unable to match "
                                        "the identifier name %1 to a valid enumerator name. Specify one of the "
                                        "following enumerator names and try again:\r\n%2\"")
                             .arg(text, roles.join(QStringLiteral(", ")));
        record.category = QStringLiteral("InvalidArgument");
        record.reason = QStringLiteral("RuntimeException");
        record.errorId = QStringLiteral("InvalidCastFromStringToEnum");
        record.extent = node->extent;
        throwError(record);
    }
    if (t == QLatin1String("bool") || t == QLatin1String("boolean"))
        return Value::fromBool(value.isTrue());
    if (t == QLatin1String("string"))
        return value.isNull() ? Value::fromString(QString()) : Value::fromString(value.toString());
    if (t == QLatin1String("void"))
        return {};
    if (t == QLatin1String("int") || t == QLatin1String("int32") || t == QLatin1String("long")
        || t == QLatin1String("int64")) {
        const QString typeName = t.contains(QLatin1String("32")) || t == QLatin1String("int") ? QStringLiteral("Int32")
                                                                                              : QStringLiteral("Int64");
        if (value.type == Value::Type::Int || value.type == Value::Type::Enum)
            return Value::fromInt(value.integer, typeName);
        if (value.isNull())
            return Value::fromInt(0, typeName);
        bool ok = false;
        const qint64 n = value.toString().trimmed().toLongLong(&ok);
        if (ok)
            return Value::fromInt(n, typeName);
        ErrorRecord record;
        record.message = QStringLiteral("Cannot convert value \"%1\" to type \"System.%2\". Error: \"Input string was "
                                        "not in a correct format.\"")
                             .arg(value.toString(), typeName);
        record.category = QStringLiteral("InvalidArgument");
        record.reason = QStringLiteral("RuntimeException");
        record.errorId = QStringLiteral("InvalidCastFromStringToInteger");
        record.extent = node->extent;
        throwError(record);
    }
    throw Unsupported { QStringLiteral("the type [%1]").arg(type) };
}

} // namespace berth::psdouble
