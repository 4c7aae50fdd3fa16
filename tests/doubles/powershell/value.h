#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <utility>

namespace berth::psdouble {

struct PsObject;

// A PowerShell value as far as the double's subset needs: .NET scalars by their type name, arrays,
// enums (a value and its name) and objects (ordered properties).
struct Value {
    enum class Type { Null, Bool, Int, Double, String, Enum, Array, Object };

    Type type = Type::Null;
    bool boolean = false;
    qint64 integer = 0; // Int, and an Enum's value
    double real = 0;
    QString text; // String; an Enum's name
    QString typeName; // the .NET type: Int32, Int64, an enum's full name
    std::shared_ptr<QList<Value>> items;
    std::shared_ptr<PsObject> object;

    static Value null() { return {}; }
    static Value fromBool(bool b);
    static Value fromInt(qint64 i, const QString &typeName = QStringLiteral("Int32"));
    static Value fromDouble(double d);
    static Value fromString(const QString &s);
    static Value fromEnum(const QString &typeName, qint64 value, const QString &name);
    static Value fromArray(const QList<Value> &values);
    static Value fromObject(const std::shared_ptr<PsObject> &o);

    bool isNull() const { return type == Type::Null; }
    bool isArray() const { return type == Type::Array; }
    bool isObject() const { return type == Type::Object; }
    bool isScalar() const { return type != Type::Array && type != Type::Object; }

    // The value as PowerShell converts it to a string (LanguagePrimitives.ConvertTo(string)).
    QString toString() const;
    // The short .NET type name ("String", "Int32", "Object[]", "VirtualMachine") of error records.
    QString shortTypeName() const;
    // The full .NET type name ("System.String") of messages such as "Method invocation failed".
    QString fullTypeName() const;
    // PowerShell's truthiness (if, -and, Where-Object).
    bool isTrue() const;
    // The elements a pipeline enumerates: an array's items, else the value itself (nothing for $null
    // only when it came from an empty array).
    QList<Value> enumerate() const;
};

// Which cmdlet made an object, for the formats and refusals that depend on it.
enum class ObjectKind {
    Custom, // a PSCustomObject (Select-Object's output)
    VirtualMachine,
    VMSwitch,
    VMNetworkAdapter,
    VMDvdDrive,
    VMHardDiskDrive,
    VirtualHardDisk,
    ModuleInfo,
    CimInstance, // SmbShare's and NetTCPIP's objects (MSFT_SmbShare, MSFT_NetIPAddress)
    Principal, // [Security.Principal.WindowsPrincipal]
    Identity, // [Security.Principal.WindowsIdentity]
    ErrorRecord, // payload: the ErrorRecord
    Exception,
    CategoryInfo,
    ScriptBlock, // payload: the block's Node
    TextWriter, // [Console]::Error, [Console]::Out
    Encoding, // [Text.Encoding]::UTF8
};

struct PsObject {
    ObjectKind kind = ObjectKind::Custom;
    QString typeName; // full .NET type name
    QList<std::pair<QString, Value>> properties;
    // Properties the real object has and the double does not model: reading one is refused.
    QStringList unmodelled;
    // The properties of the default table view (empty: list view of every property).
    QStringList tableView;
    QString display; // ToString()
    QString id; // the VM, drive or adapter this object stands for (for FirstBootDevice and the like)
    std::shared_ptr<const void> payload;

    const Value *find(const QString &name) const;
    void set(const QString &name, const Value &value);
};

std::shared_ptr<PsObject> makeObject(ObjectKind kind, const QString &typeName);

// PowerShell's -eq: case-insensitive strings, the right side converted to the left side's type.
bool looselyEqual(const Value &left, const Value &right);

} // namespace berth::psdouble
