#include "gotemplate.h"

#include "util/translate.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace berth {

namespace {

QString numberString(double value)
{
    if (value == static_cast<double>(static_cast<qint64>(value)))
        return QString::number(static_cast<qint64>(value));
    return QString::number(value, 'g', 15);
}

} // namespace

QString goValueString(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return numberString(value.toDouble());
    case QJsonValue::Array: {
        QStringList items;
        const QJsonArray array = value.toArray();
        for (const QJsonValue &item : array)
            items << goValueString(item);
        return QLatin1Char('[') + items.join(QLatin1Char(' ')) + QLatin1Char(']');
    }
    case QJsonValue::Object: {
        QStringList items;
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            items << it.key() + QLatin1Char(':') + goValueString(it.value());
        return QStringLiteral("map[") + items.join(QLatin1Char(' ')) + QLatin1Char(']');
    }
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("<nil>");
}

bool GoTemplate::parse(const QString &source, QString *error)
{
    m_nodes.clear();
    QString text = source;
    text.replace(QStringLiteral("\\t"), QStringLiteral("\t"));
    qsizetype pos = 0;
    while (pos < text.size()) {
        const qsizetype open = text.indexOf(QStringLiteral("{{"), pos);
        if (open < 0) {
            m_nodes.append({ true, text.mid(pos), {} });
            break;
        }
        if (open > pos)
            m_nodes.append({ true, text.mid(pos, open - pos), {} });
        const qsizetype close = text.indexOf(QStringLiteral("}}"), open + 2);
        if (close < 0) {
            *error = tr("template: unclosed action: %1").arg(text.mid(open));
            return false;
        }
        QString action = text.mid(open + 2, close - open - 2).trimmed();
        // {{- and -}} trim the white space of the text before and after the action, as in Go.
        bool trimAfter = false;
        if (action.startsWith(QLatin1Char('-'))) {
            action = action.mid(1).trimmed();
            if (!m_nodes.isEmpty() && m_nodes.last().isText) {
                QString &before = m_nodes.last().text;
                while (!before.isEmpty() && before.back().isSpace())
                    before.chop(1);
                if (before.isEmpty())
                    m_nodes.removeLast();
            }
        }
        if (action.endsWith(QLatin1Char('-'))) {
            action = action.chopped(1).trimmed();
            trimAfter = true;
        }
        Node node;
        node.isText = false;
        QString field = action;
        const QStringList piped = action.split(QLatin1Char('|'));
        if (piped.size() == 2) {
            field = piped.at(0).trimmed();
            node.function = piped.at(1).trimmed();
        } else {
            const QStringList words = action.split(QLatin1Char(' '), Qt::SkipEmptyParts);
            if (words.size() == 2) {
                node.function = words.at(0);
                field = words.at(1);
            } else if (words.size() != 1) {
                *error = tr("template: cannot parse \"{{%1}}\"").arg(action);
                return false;
            }
        }
        if (!node.function.isEmpty() && node.function != QLatin1String("json")
            && node.function != QLatin1String("upper") && node.function != QLatin1String("lower")) {
            *error = tr("template: function \"%1\" not defined").arg(node.function);
            return false;
        }
        if (!field.startsWith(QLatin1Char('.'))) {
            *error = tr("template: cannot parse \"{{%1}}\": a field starts with '.', as in {{.Name}}").arg(action);
            return false;
        }
        node.text = field.mid(1);
        m_nodes.append(node);
        pos = close + 2;
        while (trimAfter && pos < text.size() && text.at(pos).isSpace())
            ++pos;
    }
    return true;
}

bool GoTemplate::render(const QJsonValue &data, QString *out, QString *error) const
{
    out->clear();
    for (const Node &node : m_nodes) {
        if (node.isText) {
            *out += node.text;
            continue;
        }
        QJsonValue value = data;
        if (!node.text.isEmpty()) {
            const QStringList path = node.text.split(QLatin1Char('.'));
            for (const QString &key : path) {
                const QJsonObject object = value.toObject();
                if (!value.isObject() || !object.contains(key)) {
                    *error = tr("template: can't evaluate field %1").arg(key);
                    return false;
                }
                value = object.value(key);
            }
        }
        if (node.function == QLatin1String("json")) {
            if (value.isObject())
                *out += QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
            else if (value.isArray())
                *out += QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
            else if (value.isString())
                *out += QString::fromUtf8(QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact))
                            .mid(1)
                            .chopped(1);
            else
                *out += goValueString(value) == QLatin1String("<nil>") ? QStringLiteral("null") : goValueString(value);
        } else if (node.function == QLatin1String("upper")) {
            *out += goValueString(value).toUpper();
        } else if (node.function == QLatin1String("lower")) {
            *out += goValueString(value).toLower();
        } else {
            *out += goValueString(value);
        }
    }
    return true;
}

QStringList GoTemplate::fieldNames() const
{
    QStringList names;
    for (const Node &node : m_nodes) {
        if (!node.isText)
            names << node.text;
    }
    return names;
}

} // namespace berth
