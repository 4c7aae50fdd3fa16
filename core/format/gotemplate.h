#pragma once

#include <QJsonValue>
#include <QString>

namespace berth {

// The part of Go's text/template that docker-machine users write in `ls --format` and `inspect -f`:
// literal text, {{.Field.Sub}}, {{.}}, {{json .Field}}, {{.Field | json}}, {{upper .X}}, {{lower .X}},
// and the escape \t for a tab. Values print as Go prints them: strings bare, numbers and booleans in
// their literal form, lists as [a b], objects as map[k:v], null as <nil>.
class GoTemplate {
public:
    // False with error set on a syntax error or an unknown function.
    bool parse(const QString &text, QString *error);
    // False with error set when a field does not exist, as Go's "can't evaluate field".
    bool render(const QJsonValue &data, QString *out, QString *error) const;
    // The field names used, in order ({{.Name}} -> "Name"), for table headers.
    QStringList fieldNames() const;

private:
    struct Node {
        bool isText = true;
        QString text; // literal, or the field path without the leading dot ("" for {{.}})
        QString function; // "", "json", "upper", "lower"
    };
    QList<Node> m_nodes;
};

// Go's default formatting of a JSON value inside a template.
QString goValueString(const QJsonValue &value);

} // namespace berth
