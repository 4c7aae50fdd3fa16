#include "value.h"

#include <QLocale>

namespace berth::psdouble {

Value Value::fromBool(bool b)
{
    Value v;
    v.type = Type::Bool;
    v.boolean = b;
    v.typeName = QStringLiteral("Boolean");
    return v;
}

Value Value::fromInt(qint64 i, const QString &typeName)
{
    Value v;
    v.type = Type::Int;
    v.integer = i;
    v.typeName = typeName;
    return v;
}

Value Value::fromDouble(double d)
{
    Value v;
    v.type = Type::Double;
    v.real = d;
    v.typeName = QStringLiteral("Double");
    return v;
}

Value Value::fromString(const QString &s)
{
    Value v;
    v.type = Type::String;
    v.text = s;
    v.typeName = QStringLiteral("String");
    return v;
}

Value Value::fromEnum(const QString &typeName, qint64 value, const QString &name)
{
    Value v;
    v.type = Type::Enum;
    v.integer = value;
    v.text = name;
    v.typeName = typeName;
    return v;
}

Value Value::fromArray(const QList<Value> &values)
{
    Value v;
    v.type = Type::Array;
    v.items = std::make_shared<QList<Value>>(values);
    v.typeName = QStringLiteral("Object[]");
    return v;
}

Value Value::fromObject(const std::shared_ptr<PsObject> &o)
{
    Value v;
    v.type = Type::Object;
    v.object = o;
    v.typeName = o->typeName;
    return v;
}

QString Value::toString() const
{
    switch (type) {
    case Type::Null:
        return {};
    case Type::Bool:
        return boolean ? QStringLiteral("True") : QStringLiteral("False");
    case Type::Int:
        return QString::number(integer);
    case Type::Double:
        return QLocale::c().toString(real, 'g', 15);
    case Type::String:
    case Type::Enum:
        return text;
    case Type::Array: {
        // $OFS, a single space, joins an array converted to a string.
        QStringList parts;
        for (const Value &item : *items)
            parts.append(item.toString());
        return parts.join(QLatin1Char(' '));
    }
    case Type::Object:
        if (object->kind == ObjectKind::Custom) {
            QStringList parts;
            for (const auto &[name, value] : object->properties)
                parts.append(name + QLatin1Char('=') + value.toString());
            return QStringLiteral("@{") + parts.join(QStringLiteral("; ")) + QLatin1Char('}');
        }
        return object->display.isEmpty() ? object->typeName : object->display;
    }
    return {};
}

QString Value::shortTypeName() const
{
    const QString full = fullTypeName();
    return full.mid(full.lastIndexOf(QLatin1Char('.')) + 1);
}

QString Value::fullTypeName() const
{
    switch (type) {
    case Type::Null:
        return {};
    case Type::Array:
        return QStringLiteral("System.Object[]");
    case Type::Object:
    case Type::Enum:
        return typeName;
    default:
        return QStringLiteral("System.") + typeName;
    }
}

bool Value::isTrue() const
{
    switch (type) {
    case Type::Null:
        return false;
    case Type::Bool:
        return boolean;
    case Type::Int:
    case Type::Enum:
        return integer != 0;
    case Type::Double:
        return real != 0;
    case Type::String:
        return !text.isEmpty();
    case Type::Array:
        if (items->isEmpty())
            return false;
        return items->size() > 1 || items->constFirst().isTrue();
    case Type::Object:
        return true;
    }
    return false;
}

QList<Value> Value::enumerate() const
{
    if (type == Type::Array)
        return *items;
    return { *this };
}

const Value *PsObject::find(const QString &name) const
{
    for (const auto &property : properties) {
        if (property.first.compare(name, Qt::CaseInsensitive) == 0)
            return &property.second;
    }
    return nullptr;
}

void PsObject::set(const QString &name, const Value &value)
{
    for (auto &property : properties) {
        if (property.first.compare(name, Qt::CaseInsensitive) == 0) {
            property.second = value;
            return;
        }
    }
    properties.append({ name, value });
}

std::shared_ptr<PsObject> makeObject(ObjectKind kind, const QString &typeName)
{
    auto o = std::make_shared<PsObject>();
    o->kind = kind;
    o->typeName = typeName;
    return o;
}

bool looselyEqual(const Value &left, const Value &right)
{
    using Type = Value::Type;
    if (left.isNull() || right.isNull())
        return left.isNull() && right.isNull();
    switch (left.type) {
    case Type::String:
        return left.text.compare(right.toString(), Qt::CaseInsensitive) == 0;
    case Type::Enum:
        if (right.type == Type::String)
            return left.text.compare(right.text, Qt::CaseInsensitive) == 0;
        return (right.type == Type::Int || right.type == Type::Enum) && left.integer == right.integer;
    case Type::Int:
        if (right.type == Type::String) {
            bool ok = false;
            const qint64 n = right.text.trimmed().toLongLong(&ok);
            return ok && n == left.integer;
        }
        if (right.type == Type::Double)
            return static_cast<double>(left.integer) == right.real;
        return (right.type == Type::Int || right.type == Type::Enum) && left.integer == right.integer;
    case Type::Double:
        return right.type == Type::Int ? left.real == static_cast<double>(right.integer) : left.real == right.real;
    case Type::Bool:
        return left.boolean == right.isTrue();
    default:
        return left.object && right.object && left.object == right.object;
    }
}

} // namespace berth::psdouble
