#include "script.h"

#include <QSet>

namespace berth::psdouble {

namespace {

const QString lineBreak = QStringLiteral("\r\n");

// Operators of Windows PowerShell 5.1 the double does not implement: using one is refused, not misread.
const QSet<QString> &knownOperators()
{
    static const QSet<QString> names = [] {
        QSet<QString> set;
        const QStringList base { QStringLiteral("gt"), QStringLiteral("ge"), QStringLiteral("lt"), QStringLiteral("le"),
            QStringLiteral("like"), QStringLiteral("notlike"), QStringLiteral("match"), QStringLiteral("notmatch"),
            QStringLiteral("contains"), QStringLiteral("notcontains"), QStringLiteral("in"), QStringLiteral("notin"),
            QStringLiteral("replace"), QStringLiteral("split"), QStringLiteral("eq"), QStringLiteral("ne") };
        for (const QString &op : base) {
            set.insert(op);
            set.insert(QLatin1Char('c') + op);
            set.insert(QLatin1Char('i') + op);
        }
        for (const char *op : { "join", "is", "isnot", "as", "xor", "band", "bor", "bxor", "bnot", "shl", "shr", "f" })
            set.insert(QString::fromLatin1(op));
        return set;
    }();
    return names;
}

bool isNameChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('?');
}

bool isSpace(QChar c)
{
    return c == QLatin1Char(' ') || c == QLatin1Char('\t') || c == QChar(0xa0) || c == QChar(0xfeff);
}

// Parses numbers as PowerShell does for the subset: digits, an optional fraction, an optional
// kb/mb/gb/tb/pb multiplier. Returns false when text is not such a number.
bool parseNumber(const QString &text, qint64 *integer, double *real, bool *isReal)
{
    static const struct {
        const char *suffix;
        qint64 factor;
    } multipliers[] = { { "kb", Q_INT64_C(1024) }, { "mb", Q_INT64_C(1048576) }, { "gb", Q_INT64_C(1073741824) },
        { "tb", Q_INT64_C(1099511627776) }, { "pb", Q_INT64_C(1125899906842624) } };
    QString digits = text;
    qint64 factor = 1;
    for (const auto &m : multipliers) {
        if (digits.endsWith(QLatin1String(m.suffix), Qt::CaseInsensitive)) {
            digits.chop(2);
            factor = m.factor;
            break;
        }
    }
    if (digits.isEmpty() || !digits.at(0).isDigit())
        return false;
    bool ok = false;
    if (digits.startsWith(QLatin1String("0x"), Qt::CaseInsensitive)) {
        const qint64 n = digits.mid(2).toLongLong(&ok, 16);
        if (!ok)
            return false;
        *integer = n * factor;
        *isReal = false;
        return true;
    }
    for (QChar c : digits) {
        if (!c.isDigit() && c != QLatin1Char('.'))
            return false;
    }
    if (digits.contains(QLatin1Char('.'))) {
        const double d = digits.toDouble(&ok);
        if (!ok)
            return false;
        *real = d * static_cast<double>(factor);
        *isReal = true;
        return true;
    }
    const qint64 n = digits.toLongLong(&ok);
    if (!ok)
        return false;
    *integer = n * factor;
    *isReal = false;
    return true;
}

NodePtr makeNode(NodeKind kind, int start, int end)
{
    auto node = std::make_shared<Node>();
    node->kind = kind;
    node->extent = { start, end };
    return node;
}

class Parser {
public:
    explicit Parser(const QString &text)
        : m_s(text)
    {
    }

    NodePtr parseScript()
    {
        NodePtr statements = parseStatements(QChar());
        if (m_pos < m_s.size())
            unexpected();
        return statements;
    }

private:
    QChar at(int offset = 0) const
    {
        const int i = m_pos + offset;
        return i < m_s.size() ? m_s.at(i) : QChar();
    }
    bool atEnd() const { return m_pos >= m_s.size(); }

    [[noreturn]] void fail(const QString &id, const QString &message, int start, int end) const
    {
        throw ParseError { id, message, { start, end } };
    }

    [[noreturn]] void unexpected() const
    {
        const int start = m_pos;
        int end = m_pos;
        while (end < m_s.size() && !isSpace(m_s.at(end)) && m_s.at(end) != QLatin1Char('\n')
            && m_s.at(end) != QLatin1Char('\r') && m_s.at(end) != QLatin1Char(';'))
            ++end;
        if (end == start)
            end = start + 1;
        fail(QStringLiteral("UnexpectedToken"),
            QStringLiteral("Unexpected token '%1' in expression or statement.").arg(m_s.mid(start, end - start)), start,
            end);
    }

    // Spaces, tabs, comments and line continuations (a backtick before a line break).
    void skipSpace()
    {
        while (!atEnd()) {
            const QChar c = at();
            if (isSpace(c)) {
                ++m_pos;
            } else if (c == QLatin1Char('`') && (at(1) == QLatin1Char('\n') || at(1) == QLatin1Char('\r'))) {
                m_pos += (at(1) == QLatin1Char('\r') && at(2) == QLatin1Char('\n')) ? 3 : 2;
            } else if (c == QLatin1Char('<') && at(1) == QLatin1Char('#')) {
                const int close = m_s.indexOf(QLatin1String("#>"), m_pos + 2);
                if (close < 0)
                    fail(QStringLiteral("MissingEndMultiLineComment"),
                        QStringLiteral("Missing the terminator '#>' for a comment block."), m_pos, m_s.size());
                m_pos = close + 2;
            } else if (c == QLatin1Char('#')) {
                while (!atEnd() && at() != QLatin1Char('\n') && at() != QLatin1Char('\r'))
                    ++m_pos;
            } else {
                break;
            }
        }
    }

    void skipSpaceAndNewlines()
    {
        for (;;) {
            skipSpace();
            if (at() == QLatin1Char('\n') || at() == QLatin1Char('\r'))
                ++m_pos;
            else
                break;
        }
    }

    bool atStatementEnd() const
    {
        const QChar c = at();
        return atEnd() || c == QLatin1Char('\n') || c == QLatin1Char('\r') || c == QLatin1Char(';')
            || c == QLatin1Char('}') || c == QLatin1Char(')');
    }

    // A keyword or bareword identifier at the current position (letters, digits, '-', '_').
    QString peekWord() const
    {
        int end = m_pos;
        while (end < m_s.size() && (isNameChar(m_s.at(end)) || m_s.at(end) == QLatin1Char('-')))
            ++end;
        return m_s.mid(m_pos, end - m_pos);
    }

    NodePtr parseStatements(QChar terminator)
    {
        NodePtr list = makeNode(NodeKind::Statements, m_pos, m_pos);
        for (;;) {
            for (;;) {
                skipSpaceAndNewlines();
                if (at() == QLatin1Char(';'))
                    ++m_pos;
                else
                    break;
            }
            if (atEnd() || (!terminator.isNull() && at() == terminator))
                break;
            if (at() == QLatin1Char(')') || at() == QLatin1Char('}'))
                unexpected();
            list->children.append(parseStatement());
            skipSpace();
            if (!atStatementEnd())
                unexpected();
        }
        list->extent.end = m_pos;
        return list;
    }

    NodePtr parseBlock()
    {
        skipSpaceAndNewlines();
        const int open = m_pos;
        if (at() != QLatin1Char('{'))
            fail(QStringLiteral("MissingOpenBraceInTryStatement"), QStringLiteral("Missing statement block after try."),
                m_pos, m_pos);
        ++m_pos;
        NodePtr block = parseStatements(QLatin1Char('}'));
        if (at() != QLatin1Char('}'))
            fail(QStringLiteral("MissingEndCurlyBrace"),
                QStringLiteral("Missing closing '}' in statement block or type definition."), open, open + 1);
        ++m_pos;
        return block;
    }

    NodePtr parseStatement()
    {
        const int start = m_pos;
        const QString word = peekWord().toLower();
        const QChar after = m_pos + word.size() < m_s.size() ? m_s.at(m_pos + word.size()) : QChar();
        const bool keyword = !word.isEmpty() && !isNameChar(after) && after != QLatin1Char('-')
            && after != QLatin1Char('\\') && after != QLatin1Char('.');
        if (keyword && word == QLatin1String("try")) {
            m_pos += 3;
            NodePtr node = makeNode(NodeKind::Try, start, start);
            node->a = parseBlock();
            skipSpaceAndNewlines();
            if (peekWord().compare(QLatin1String("catch"), Qt::CaseInsensitive) != 0)
                fail(QStringLiteral("MissingCatchOrFinally"),
                    QStringLiteral("The Try statement is missing its Catch or Finally block."), m_pos, m_pos);
            m_pos += 5;
            skipSpace();
            if (at() == QLatin1Char('['))
                throw Unsupported { QStringLiteral("a catch block for a given exception type") };
            node->b = parseBlock();
            node->extent.end = m_pos;
            return node;
        }
        if (keyword && (word == QLatin1String("exit") || word == QLatin1String("throw"))) {
            m_pos += word.size();
            NodePtr node = makeNode(word == QLatin1String("exit") ? NodeKind::Exit : NodeKind::Throw, start, start);
            skipSpace();
            if (!atStatementEnd() && at() != QLatin1Char('|'))
                node->a = parsePipeline();
            node->extent.end = m_pos;
            return node;
        }
        if (keyword
            && (word == QLatin1String("if") || word == QLatin1String("foreach") || word == QLatin1String("while")
                || word == QLatin1String("function") || word == QLatin1String("param")
                || word == QLatin1String("switch") || word == QLatin1String("for") || word == QLatin1String("do")
                || word == QLatin1String("return") || word == QLatin1String("trap") || word == QLatin1String("begin")
                || word == QLatin1String("filter") || word == QLatin1String("break")
                || word == QLatin1String("continue")))
            throw Unsupported { QStringLiteral("the '%1' statement").arg(word) };
        if (at() == QLatin1Char('$')) {
            // An assignment: $name = pipeline.
            const int saved = m_pos;
            NodePtr variable = parseVariable();
            skipSpace();
            if (at() == QLatin1Char('=') && at(1) != QLatin1Char('=')) {
                ++m_pos;
                skipSpaceAndNewlines();
                NodePtr node = makeNode(NodeKind::Assign, start, start);
                node->text = variable->text;
                if (atStatementEnd())
                    fail(QStringLiteral("ExpectedValueExpression"),
                        QStringLiteral("You must provide a value expression following the '=' operator."), m_pos,
                        m_pos);
                node->a = parsePipeline();
                node->extent.end = m_pos;
                return node;
            }
            if ((at() == QLatin1Char('+') || at() == QLatin1Char('-')) && at(1) == QLatin1Char('='))
                throw Unsupported { QStringLiteral("compound assignment") };
            m_pos = saved;
        }
        if (at() == QLatin1Char('[')) {
            // An assignment to a static property: [Console]::OutputEncoding = ...
            const int saved = m_pos;
            NodePtr target = parseUnary();
            skipSpace();
            if (at() == QLatin1Char('=') && at(1) != QLatin1Char('=')) {
                ++m_pos;
                skipSpaceAndNewlines();
                NodePtr node = makeNode(NodeKind::Assign, start, start);
                node->b = target;
                node->a = parsePipeline();
                node->extent.end = m_pos;
                return node;
            }
            m_pos = saved;
        }
        return parsePipeline();
    }

    bool startsExpression() const
    {
        const QChar c = at();
        if (c == QLatin1Char('$') || c == QLatin1Char('(') || c == QLatin1Char('\'') || c == QLatin1Char('"')
            || c == QLatin1Char('[') || c == QLatin1Char('!') || c.isDigit())
            return true;
        if (c == QLatin1Char('@') && (at(1) == QLatin1Char('(') || at(1) == QLatin1Char('{')))
            return true;
        if (c == QLatin1Char('-') && at(1).isDigit())
            return true;
        if (c == QLatin1Char('-')) {
            int end = m_pos + 1;
            while (end < m_s.size() && m_s.at(end).isLetter())
                ++end;
            return m_s.mid(m_pos + 1, end - m_pos - 1).compare(QLatin1String("not"), Qt::CaseInsensitive) == 0;
        }
        return false;
    }

    NodePtr parsePipeline()
    {
        const int start = m_pos;
        NodePtr pipeline = makeNode(NodeKind::Pipeline, start, start);
        if (at() == QLatin1Char('&') || (at() == QLatin1Char('.') && isSpace(at(1))))
            throw Unsupported { QStringLiteral("the call operator '%1'").arg(at()) };
        if (startsExpression())
            pipeline->children.append(parseExpression());
        else
            pipeline->children.append(parseCommand());
        for (;;) {
            skipSpace();
            if (at() != QLatin1Char('|'))
                break;
            if (at(1) == QLatin1Char('|'))
                throw Unsupported { QStringLiteral("the '||' operator") };
            ++m_pos;
            skipSpaceAndNewlines();
            if (atStatementEnd() || at() == QLatin1Char('|'))
                fail(QStringLiteral("EmptyPipeElement"), QStringLiteral("An empty pipe element is not allowed."),
                    m_pos - 1, m_pos);
            if (startsExpression()) {
                const int exprStart = m_pos;
                parseExpression();
                fail(QStringLiteral("ExpressionsMustBeFirstInPipeline"),
                    QStringLiteral("Expressions are only allowed as the first element of a pipeline."), exprStart,
                    m_pos);
            }
            pipeline->children.append(parseCommand());
        }
        pipeline->extent.end = m_pos;
        return pipeline;
    }

    bool atCommandEnd() const
    {
        const QChar c = at();
        return atStatementEnd() || c == QLatin1Char('|');
    }

    static bool endsBareword(QChar c)
    {
        return c.isNull() || isSpace(c) || c == QLatin1Char('\n') || c == QLatin1Char('\r') || c == QLatin1Char(';')
            || c == QLatin1Char('|') || c == QLatin1Char(')') || c == QLatin1Char('}') || c == QLatin1Char('(')
            || c == QLatin1Char('{') || c == QLatin1Char(',') || c == QLatin1Char('&');
    }

    QString readBareword()
    {
        const int start = m_pos;
        while (!atEnd() && !endsBareword(at())) {
            if (at() == QLatin1Char('`') && m_pos + 1 < m_s.size())
                ++m_pos;
            ++m_pos;
        }
        QString word = m_s.mid(start, m_pos - start);
        word.remove(QLatin1Char('`'));
        return word;
    }

    NodePtr parseCommand()
    {
        const int start = m_pos;
        NodePtr command = makeNode(NodeKind::Command, start, start);
        if (at() == QLatin1Char('\'') || at() == QLatin1Char('"') || at() == QLatin1Char('{')
            || at() == QLatin1Char('@'))
            unexpected();
        command->text = readBareword();
        if (command->text.isEmpty())
            unexpected();
        CommandElement nameElement;
        nameElement.extent = { start, m_pos };
        command->elements.append(nameElement);
        for (;;) {
            skipSpace();
            if (atCommandEnd())
                break;
            if (at() == QLatin1Char('-') && (at(1).isLetter() || at(1) == QLatin1Char('_'))) {
                CommandElement element;
                element.isParameter = true;
                const int paramStart = m_pos;
                ++m_pos;
                while (!atEnd() && !endsBareword(at()) && at() != QLatin1Char(':'))
                    ++m_pos;
                element.name = m_s.mid(paramStart + 1, m_pos - paramStart - 1);
                if (at() == QLatin1Char(':')) {
                    ++m_pos;
                    skipSpace();
                    element.argument = parseCommandArgument();
                }
                element.extent = { paramStart, m_pos };
                command->elements.append(element);
                continue;
            }
            if (at() == QLatin1Char('-') && at(1) == QLatin1Char('-') && at(2) == QLatin1Char('%'))
                throw Unsupported { QStringLiteral("the stop-parsing token '--%'") };
            CommandElement element;
            const int argStart = m_pos;
            element.argument = parseCommandArgument();
            element.extent = { argStart, m_pos };
            command->elements.append(element);
        }
        command->extent.end = command->elements.constLast().extent.end;
        return command;
    }

    // An argument in command mode, with the comma operator: Name,State is an array of two strings.
    NodePtr parseCommandArgument()
    {
        const int start = m_pos;
        NodePtr first = parseCommandValue();
        skipSpace();
        if (at() != QLatin1Char(','))
            return first;
        NodePtr array = makeNode(NodeKind::Array, start, start);
        array->children.append(first);
        while (at() == QLatin1Char(',')) {
            ++m_pos;
            skipSpaceAndNewlines();
            array->children.append(parseCommandValue());
            skipSpace();
        }
        array->extent.end = m_pos;
        return array;
    }

    NodePtr parseCommandValue()
    {
        const QChar c = at();
        if (c == QLatin1Char('$') || c == QLatin1Char('(') || (c == QLatin1Char('@') && at(1) == QLatin1Char('(')))
            return parsePostfix(parsePrimary());
        if (c == QLatin1Char('\'') || c == QLatin1Char('"'))
            return parsePrimary();
        if (c == QLatin1Char('{'))
            return parseScriptBlock();
        if (c == QLatin1Char('@'))
            throw Unsupported { QStringLiteral("hash tables and splatting ('@')") };
        if (c == QLatin1Char('['))
            return parseUnary();
        const int start = m_pos;
        const QString word = readBareword();
        if (word.isEmpty())
            unexpected();
        NodePtr node = makeNode(NodeKind::String, start, m_pos);
        qint64 integer = 0;
        double real = 0;
        bool isReal = false;
        if (parseNumber(word, &integer, &real, &isReal)) {
            node->kind = NodeKind::Number;
            node->integer = integer;
            node->real = real;
            node->isReal = isReal;
        }
        node->text = word;
        return node;
    }

    NodePtr parseScriptBlock()
    {
        const int start = m_pos;
        ++m_pos;
        NodePtr block = makeNode(NodeKind::ScriptBlock, start, start);
        block->a = parseStatements(QLatin1Char('}'));
        if (at() != QLatin1Char('}'))
            fail(QStringLiteral("MissingEndCurlyBrace"),
                QStringLiteral("Missing closing '}' in statement block or type definition."), start, start + 1);
        ++m_pos;
        block->extent.end = m_pos;
        return block;
    }

    // The operator after '-' at the current position, without consuming it; empty when none.
    QString peekOperator() const
    {
        if (at() != QLatin1Char('-'))
            return {};
        int end = m_pos + 1;
        while (end < m_s.size() && m_s.at(end).isLetter())
            ++end;
        return m_s.mid(m_pos + 1, end - m_pos - 1).toLower();
    }

    NodePtr parseExpression() { return parseLogical(); }

    // The right side of a binary operator at the current position ("-op"), as a node over left.
    NodePtr binary(const NodePtr &left, const QString &op, const QString &name, NodePtr (Parser::*operand)())
    {
        const int opStart = m_pos;
        m_pos += op.size() + 1;
        skipSpaceAndNewlines();
        if (atCommandEnd())
            fail(QStringLiteral("ExpectedValueExpression"),
                QStringLiteral("You must provide a value expression following the '-%1' operator.").arg(op), opStart,
                m_pos);
        NodePtr node = makeNode(NodeKind::Binary, left->extent.start, left->extent.start);
        node->text = name;
        node->a = left;
        node->b = (this->*operand)();
        node->extent.end = node->b->extent.end;
        return node;
    }

    NodePtr parseLogical()
    {
        NodePtr left = parseComparison();
        for (;;) {
            skipSpace();
            const QString op = peekOperator();
            if (op != QLatin1String("and") && op != QLatin1String("or"))
                return left;
            left = binary(left, op, op, &Parser::parseComparison);
        }
    }

    NodePtr parseComparison()
    {
        NodePtr left = parseAdditive();
        for (;;) {
            skipSpace();
            const QString op = peekOperator();
            if (op.isEmpty() || op == QLatin1String("and") || op == QLatin1String("or"))
                return left;
            QString normalized = op;
            if (normalized == QLatin1String("ieq") || normalized == QLatin1String("ine"))
                normalized = normalized.mid(1);
            if (normalized != QLatin1String("eq") && normalized != QLatin1String("ne")) {
                if (knownOperators().contains(op))
                    throw Unsupported { QStringLiteral("the '-%1' operator").arg(op) };
                unexpected();
            }
            left = binary(left, op, normalized, &Parser::parseAdditive);
        }
    }

    NodePtr parseAdditive()
    {
        NodePtr left = parseArray();
        for (;;) {
            skipSpace();
            if (at() == QLatin1Char('*') || at() == QLatin1Char('/') || at() == QLatin1Char('%')
                || (at() == QLatin1Char('-') && !at(1).isLetter()))
                throw Unsupported { QStringLiteral("the arithmetic operator '%1'").arg(at()) };
            if (at() != QLatin1Char('+'))
                return left;
            ++m_pos;
            skipSpaceAndNewlines();
            NodePtr node = makeNode(NodeKind::Binary, left->extent.start, left->extent.start);
            node->text = QStringLiteral("+");
            node->a = left;
            node->b = parseArray();
            node->extent.end = node->b->extent.end;
            left = node;
        }
    }

    NodePtr parseArray()
    {
        NodePtr first = parseUnary();
        if (m_noComma > 0)
            return first;
        skipSpace();
        if (at() != QLatin1Char(','))
            return first;
        NodePtr array = makeNode(NodeKind::Array, first->extent.start, first->extent.start);
        array->children.append(first);
        while (at() == QLatin1Char(',')) {
            ++m_pos;
            skipSpaceAndNewlines();
            array->children.append(parseUnary());
            skipSpace();
        }
        array->extent.end = array->children.constLast()->extent.end;
        return array;
    }

    NodePtr parseUnary()
    {
        const int start = m_pos;
        if (at() == QLatin1Char('!') || peekOperator() == QLatin1String("not")) {
            m_pos += at() == QLatin1Char('!') ? 1 : 4;
            skipSpace();
            NodePtr node = makeNode(NodeKind::Not, start, start);
            node->a = parseUnary();
            node->extent.end = node->a->extent.end;
            return node;
        }
        if (at() == QLatin1Char('-') && at(1).isDigit()) {
            ++m_pos;
            NodePtr number = parsePrimary();
            number->integer = -number->integer;
            number->real = -number->real;
            number->extent.start = start;
            return number;
        }
        if (at() == QLatin1Char('[')) {
            const QString type = parseTypeName();
            if (at() == QLatin1Char(':') && at(1) == QLatin1Char(':'))
                return parsePostfix(parseStatic(type, start));
            skipSpace();
            NodePtr node = makeNode(NodeKind::Cast, start, start);
            node->text = type;
            if (atCommandEnd())
                throw Unsupported { QStringLiteral("a type literal [%1] used as a value").arg(type) };
            node->a = parseUnary();
            node->extent.end = node->a->extent.end;
            return node;
        }
        return parsePostfix(parsePrimary());
    }

    QString parseTypeName()
    {
        const int start = m_pos;
        ++m_pos;
        while (!atEnd() && at() != QLatin1Char(']') && at() != QLatin1Char('\n'))
            ++m_pos;
        if (at() != QLatin1Char(']'))
            fail(QStringLiteral("EndSquareBracketExpectedAtEndOfAttribute"),
                QStringLiteral("Missing ] at end of attribute or type literal."), start, m_pos);
        const QString type = m_s.mid(start + 1, m_pos - start - 1).trimmed();
        ++m_pos;
        return type;
    }

    NodePtr parseStatic(const QString &type, int start)
    {
        m_pos += 2;
        const int nameStart = m_pos;
        while (!atEnd() && isNameChar(at()))
            ++m_pos;
        NodePtr node = makeNode(NodeKind::StaticMember, start, m_pos);
        node->text = type;
        node->text2 = m_s.mid(nameStart, m_pos - nameStart);
        if (at() == QLatin1Char('(')) {
            node->kind = NodeKind::StaticMethod;
            node->children = parseMethodArguments();
            node->extent.end = m_pos;
        }
        return node;
    }

    QList<NodePtr> parseMethodArguments()
    {
        const int open = m_pos;
        ++m_pos;
        QList<NodePtr> args;
        ++m_noComma;
        skipSpaceAndNewlines();
        while (at() != QLatin1Char(')')) {
            if (atEnd())
                fail(QStringLiteral("MissingEndParenthesisInMethodCall"),
                    QStringLiteral("Missing closing ')' in method call."), open, open + 1);
            args.append(parseExpression());
            skipSpaceAndNewlines();
            if (at() == QLatin1Char(',')) {
                ++m_pos;
                skipSpaceAndNewlines();
            } else if (at() != QLatin1Char(')')) {
                fail(QStringLiteral("MissingEndParenthesisInMethodCall"),
                    QStringLiteral("Missing closing ')' in method call."), m_pos, m_pos);
            }
        }
        --m_noComma;
        ++m_pos;
        return args;
    }

    NodePtr parsePostfix(NodePtr node)
    {
        for (;;) {
            if (at() == QLatin1Char('.') && (isNameChar(at(1)))) {
                ++m_pos;
                const int nameStart = m_pos;
                while (!atEnd() && isNameChar(at()))
                    ++m_pos;
                NodePtr member = makeNode(NodeKind::Member, node->extent.start, m_pos);
                member->a = node;
                member->text = m_s.mid(nameStart, m_pos - nameStart);
                if (at() == QLatin1Char('(')) {
                    member->kind = NodeKind::MethodCall;
                    member->children = parseMethodArguments();
                    member->extent.end = m_pos;
                }
                node = member;
            } else if (at() == QLatin1Char('[')) {
                const int open = m_pos;
                ++m_pos;
                skipSpaceAndNewlines();
                ++m_noComma;
                NodePtr index = makeNode(NodeKind::Index, node->extent.start, open);
                index->a = node;
                index->b = parseExpression();
                --m_noComma;
                skipSpaceAndNewlines();
                if (at() != QLatin1Char(']'))
                    fail(QStringLiteral("MissingEndSquareBracket"),
                        QStringLiteral("Missing ']' after array index expression."), open, open + 1);
                ++m_pos;
                index->extent.end = m_pos;
                node = index;
            } else if (at() == QLatin1Char(':') && at(1) == QLatin1Char(':')) {
                throw Unsupported { QStringLiteral("static members of a value ('::')") };
            } else {
                return node;
            }
        }
    }

    NodePtr parseVariable()
    {
        const int start = m_pos;
        ++m_pos;
        if (at() == QLatin1Char('{'))
            throw Unsupported { QStringLiteral("braced variable names (${...})") };
        const int nameStart = m_pos;
        while (!atEnd() && (isNameChar(at()) || (at() == QLatin1Char(':') && at(1) != QLatin1Char(':')))) {
            if (at() == QLatin1Char(':') && !isNameChar(at(1)))
                break;
            ++m_pos;
        }
        if (m_pos == nameStart) {
            if (at() == QLatin1Char('$') || at() == QLatin1Char('^'))
                throw Unsupported { QStringLiteral("the automatic variable $%1").arg(at()) };
            fail(QStringLiteral("InvalidVariableReference"),
                QStringLiteral("Variable reference is not valid. '$' was not followed by a valid variable name "
                               "character. Consider using ${} to delimit the name."),
                start, start + 1);
        }
        NodePtr node = makeNode(NodeKind::Variable, start, m_pos);
        node->text = m_s.mid(nameStart, m_pos - nameStart);
        return node;
    }

    NodePtr parsePrimary()
    {
        const int start = m_pos;
        const QChar c = at();
        if (c == QLatin1Char('$')) {
            if (at(1) == QLatin1Char('(')) {
                ++m_pos;
                NodePtr node = parseParenthesized(NodeKind::SubExpr, true);
                node->extent.start = start;
                return node;
            }
            return parseVariable();
        }
        if (c == QLatin1Char('@')) {
            if (at(1) == QLatin1Char('{'))
                throw Unsupported { QStringLiteral("hash tables (@{...})") };
            ++m_pos;
            NodePtr node = parseParenthesized(NodeKind::ArraySub, true);
            node->extent.start = start;
            return node;
        }
        if (c == QLatin1Char('('))
            return parseParenthesized(NodeKind::Paren, false);
        if (c == QLatin1Char('\''))
            return parseSingleQuoted();
        if (c == QLatin1Char('"'))
            return parseDoubleQuoted();
        if (c == QLatin1Char('{'))
            return parseScriptBlock();
        if (c.isDigit()) {
            while (!atEnd() && (isNameChar(at()) || at() == QLatin1Char('.'))
                && !(at() == QLatin1Char('.') && !at(1).isDigit()))
                ++m_pos;
            NodePtr node = makeNode(NodeKind::Number, start, m_pos);
            node->text = m_s.mid(start, m_pos - start);
            if (!parseNumber(node->text, &node->integer, &node->real, &node->isReal))
                fail(QStringLiteral("BadNumericConstant"),
                    QStringLiteral("The numeric constant %1 is not valid.").arg(node->text), start, m_pos);
            return node;
        }
        if (atCommandEnd())
            fail(QStringLiteral("ExpectedExpression"), QStringLiteral("Expression expected."), m_pos, m_pos);
        unexpected();
    }

    NodePtr parseParenthesized(NodeKind kind, bool statements)
    {
        const int open = m_pos;
        ++m_pos;
        NodePtr node = makeNode(kind, open, open);
        const int saved = m_noComma;
        m_noComma = 0;
        if (statements) {
            node->a = parseStatements(QLatin1Char(')'));
        } else {
            skipSpaceAndNewlines();
            if (at() == QLatin1Char(')'))
                fail(QStringLiteral("ExpectedExpression"), QStringLiteral("An expression was expected after '('."),
                    m_pos, m_pos + 1);
            node->a = parseStatement();
            skipSpaceAndNewlines();
        }
        m_noComma = saved;
        if (at() != QLatin1Char(')')) {
            if (statements)
                fail(QStringLiteral("MissingEndParenthesisInSubexpression"),
                    QStringLiteral("Missing closing ')' in subexpression."), open, open + 1);
            fail(QStringLiteral("MissingEndParenthesisInExpression"),
                QStringLiteral("Missing closing ')' in expression."), m_pos, m_pos);
        }
        ++m_pos;
        node->extent.end = m_pos;
        return node;
    }

    [[noreturn]] void missingTerminator(int start, QChar quote) const
    {
        fail(QStringLiteral("TerminatorExpectedAtEndOfString"),
            QStringLiteral("The string is missing the terminator: %1.").arg(quote), start, m_s.size());
    }

    NodePtr parseSingleQuoted()
    {
        const int start = m_pos;
        ++m_pos;
        QString text;
        for (;;) {
            if (atEnd())
                missingTerminator(start, QLatin1Char('\''));
            if (at() == QLatin1Char('\'')) {
                if (at(1) == QLatin1Char('\'')) {
                    text.append(QLatin1Char('\''));
                    m_pos += 2;
                    continue;
                }
                ++m_pos;
                break;
            }
            text.append(at());
            ++m_pos;
        }
        NodePtr node = makeNode(NodeKind::String, start, m_pos);
        node->text = text;
        return node;
    }

    NodePtr parseDoubleQuoted()
    {
        const int start = m_pos;
        ++m_pos;
        NodePtr node = makeNode(NodeKind::Expandable, start, start);
        QString literal;
        auto flush = [&] {
            if (literal.isEmpty())
                return;
            NodePtr part = makeNode(NodeKind::String, m_pos, m_pos);
            part->text = literal;
            node->children.append(part);
            literal.clear();
        };
        for (;;) {
            if (atEnd())
                missingTerminator(start, QLatin1Char('"'));
            const QChar c = at();
            if (c == QLatin1Char('"')) {
                if (at(1) == QLatin1Char('"')) {
                    literal.append(QLatin1Char('"'));
                    m_pos += 2;
                    continue;
                }
                ++m_pos;
                break;
            }
            if (c == QLatin1Char('`') && m_pos + 1 < m_s.size()) {
                const QChar e = at(1);
                m_pos += 2;
                switch (e.unicode()) {
                case 'n':
                    literal.append(QLatin1Char('\n'));
                    break;
                case 'r':
                    literal.append(QLatin1Char('\r'));
                    break;
                case 't':
                    literal.append(QLatin1Char('\t'));
                    break;
                case '0':
                    literal.append(QChar(0));
                    break;
                case 'a':
                    literal.append(QChar(7));
                    break;
                case 'b':
                    literal.append(QChar(8));
                    break;
                case 'e':
                    literal.append(QChar(27));
                    break;
                case 'f':
                    literal.append(QChar(12));
                    break;
                case 'v':
                    literal.append(QChar(11));
                    break;
                default:
                    literal.append(e);
                }
                continue;
            }
            if (c == QLatin1Char('$') && at(1) == QLatin1Char('(')) {
                flush();
                const int subStart = m_pos;
                ++m_pos;
                NodePtr sub = parseParenthesized(NodeKind::SubExpr, true);
                sub->extent.start = subStart;
                node->children.append(sub);
                continue;
            }
            if (c == QLatin1Char('$') && (isNameChar(at(1)) || at(1) == QLatin1Char('{'))) {
                flush();
                node->children.append(parseVariable());
                continue;
            }
            literal.append(c);
            ++m_pos;
        }
        flush();
        node->extent.end = m_pos;
        return node;
    }

    const QString &m_s;
    int m_pos = 0;
    int m_noComma = 0;
};

} // namespace

Script::Script(const QString &text)
    : m_text(text)
{
    m_lineStarts.append(0);
    for (int i = 0; i < m_text.size(); ++i) {
        const QChar c = m_text.at(i);
        if (c == QLatin1Char('\r') && i + 1 < m_text.size() && m_text.at(i + 1) == QLatin1Char('\n'))
            continue;
        if (c == QLatin1Char('\n') || c == QLatin1Char('\r'))
            m_lineStarts.append(i + 1);
    }
}

int Script::lineOf(int offset) const
{
    int line = 0;
    while (line + 1 < m_lineStarts.size() && m_lineStarts.at(line + 1) <= offset)
        ++line;
    return line + 1;
}

int Script::columnOf(int offset) const
{
    return offset - m_lineStarts.at(lineOf(offset) - 1) + 1;
}

QString Script::lineText(int line) const
{
    const int start = m_lineStarts.at(line - 1);
    int end = line < m_lineStarts.size() ? m_lineStarts.at(line) : m_text.size();
    while (end > start && (m_text.at(end - 1) == QLatin1Char('\n') || m_text.at(end - 1) == QLatin1Char('\r')))
        --end;
    return m_text.mid(start, end - start);
}

QString Script::positionMessage(const Extent &extent) const
{
    const int line = lineOf(extent.start);
    const int column = columnOf(extent.start);
    const int endLine = lineOf(extent.end);
    const int endColumn = columnOf(extent.end);
    QString source = lineText(line);
    while (!source.isEmpty() && source.at(source.size() - 1).isSpace())
        source.chop(1);
    QString marked;
    if (!source.isEmpty()) {
        int before = column - 1;
        int length = line == endLine ? endColumn - column : source.size() - column + 1;
        if (source.contains(QLatin1Char('\t'))) {
            QString head = source.left(before);
            QString mark = source.mid(before, length);
            QString tail = source.mid(before + length);
            head.replace(QLatin1Char('\t'), QStringLiteral("    "));
            mark.replace(QLatin1Char('\t'), QStringLiteral("    "));
            tail.replace(QLatin1Char('\t'), QStringLiteral("    "));
            before = head.size();
            length = mark.size();
            source = head + mark + tail;
        }
        // PowerShell shows at most 69 characters of the line, the marked part first, with "..." for the rest.
        const int maxLength = 69;
        bool dotsBefore = false;
        bool dotsAfter = false;
        if (source.size() > maxLength) {
            const int totalPrefix = before;
            int prefix = qMin(totalPrefix, 12);
            const int totalSuffix = source.size() - length - before;
            int suffix = qMin(totalSuffix, 8);
            int candidate = prefix + length + suffix;
            if (candidate >= maxLength) {
                if (prefix + length >= maxLength)
                    length = maxLength - prefix;
                dotsAfter = true;
            } else {
                const int prefixAvailable = totalPrefix - prefix;
                if (prefixAvailable > 0) {
                    prefix += qMin(prefixAvailable, maxLength - candidate);
                    candidate = prefix + length + suffix;
                }
                if (candidate < maxLength && totalSuffix > 0)
                    suffix += qMin(totalSuffix, maxLength - candidate);
                dotsAfter = suffix < totalSuffix;
            }
            dotsBefore = prefix < totalPrefix;
            const int startIndex = qMax(before - prefix, 0);
            source = source.mid(startIndex, maxLength);
            before = qMin(before, prefix);
            length = qMin(length, maxLength - before);
        }
        if (dotsBefore)
            marked += QStringLiteral("... ");
        marked += source;
        if (dotsAfter)
            marked += QStringLiteral(" ...");
        marked += lineBreak + QStringLiteral("+ ") + QString(before + (dotsBefore ? 4 : 0), QLatin1Char(' '))
            + QString(length > 0 ? length : 1, QLatin1Char('~'));
    }
    return QStringLiteral("At line:%1 char:%2").arg(line).arg(column) + lineBreak + QStringLiteral("+ ") + marked;
}

NodePtr Script::parse() const
{
    Parser parser(m_text);
    return parser.parseScript();
}

} // namespace berth::psdouble
