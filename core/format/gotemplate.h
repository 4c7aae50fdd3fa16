#pragma once

#include <QJsonValue>
#include <QString>

#include <memory>

namespace berth {

namespace gotemplate {
struct Node;
}

// Go 1.12's text/template, as docker-machine runs it for `ls --format` and `inspect -f`: text,
// {{- trim markers -}}, comments, pipelines with |, parentheses, variables ($, $x := ..., $x = ...),
// if/else if/else, range (with $i, $e :=), with, and Go's builtins (and, or, not, len, index,
// print, printf, println, eq, ne, lt, le, gt, ge, html, js, urlquery, call) plus docker-machine's
// json and prettyjson and Berth's upper and lower. Values print as Go prints them: strings bare,
// float64 in %v form ("1e+06"), lists as [a b], objects as map[k:v], null as <nil>, a missing
// map key as <no value>.
class GoTemplate {
public:
    // How a field that is not there evaluates.
    enum class Data {
        Struct, // `ls`: a Go struct, so {{.Nope}} is an error (can't evaluate field)
        Map, // `inspect`: JSON decoded into maps, so {{.Nope}} prints <no value>
    };

    GoTemplate();
    ~GoTemplate();

    // False with error set on a syntax error or an unknown function ("template: :1: ...").
    bool parse(const QString &text, QString *error);
    // False with error set when execution fails, as Go's "template: :1:2: executing ...".
    bool render(const QJsonValue &data, QString *out, QString *error, Data kind = Data::Struct) const;

private:
    std::shared_ptr<gotemplate::Node> m_root;
    QString m_source;
};

// Go's default formatting (fmt's %v) of a JSON value inside a template.
QString goValueString(const QJsonValue &value);

} // namespace berth
