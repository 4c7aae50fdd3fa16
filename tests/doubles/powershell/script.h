#pragma once

#include "errors.h"

#include <QList>
#include <QString>

#include <memory>

namespace berth::psdouble {

struct Node;
using NodePtr = std::shared_ptr<Node>;

enum class NodeKind {
    Statements, // children
    Pipeline, // children: an expression or a Command, then Commands
    Command, // text: the name as written; elements
    Assign, // text: the variable; a: the value (a Pipeline)
    Try, // a: the try block, b: the catch block
    Exit, // a: the exit code, may be null
    Throw, // a: the thrown value, may be null
    Number, // number (integer or real)
    String, // text, a literal
    Expandable, // children: String parts and expressions of a double-quoted string
    Variable, // text: "name", "env:NAME", "_"
    Member, // a.text
    Index, // a[b]
    MethodCall, // a.text(children)
    StaticMember, // [text]::text2
    StaticMethod, // [text]::text2(children)
    Cast, // [text] a
    Array, // children, the comma operator
    ArraySub, // @( a )
    SubExpr, // $( a )
    Paren, // ( a )
    Binary, // a text b: -eq, -ne, -and, -or, +
    Not, // -not a, !a
    ScriptBlock, // { a }
};

// A command's parameter (-Name, -Name:value) or argument, as written.
struct CommandElement {
    bool isParameter = false;
    QString name; // the parameter's name without '-'
    Extent extent;
    NodePtr argument; // the argument, or -Name:value's value
};

struct Node {
    NodeKind kind = NodeKind::Statements;
    Extent extent;
    QString text;
    QString text2;
    qint64 integer = 0;
    double real = 0;
    bool isReal = false;
    QList<NodePtr> children;
    NodePtr a;
    NodePtr b;
    QList<CommandElement> elements;
};

// The script text and where its lines are, for error positions.
class Script {
public:
    explicit Script(const QString &text);
    const QString &text() const { return m_text; }
    int lineOf(int offset) const; // 1-based
    int columnOf(int offset) const; // 1-based
    QString lineText(int line) const; // without its line break
    // "At line:L char:C" + the line + the '~' marks, as PowerShell's PositionMessage.
    QString positionMessage(const Extent &extent) const;

    // Parses the whole script; throws ParseError or Unsupported.
    NodePtr parse() const;

private:
    QString m_text;
    QList<int> m_lineStarts;
};

} // namespace berth::psdouble
