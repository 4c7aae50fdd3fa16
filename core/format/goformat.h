#pragma once

#include <QJsonValue>
#include <QString>

namespace berth {

// Go's formatting of the values docker-machine prints, byte for byte as Go 1.12 writes them.

// strconv.Quote (fmt's %q of a string): "C:\\Users\\me", non-printable characters escaped.
QString goQuote(const QString &text);
// fmt's %v of a float64: the shortest form, with an exponent from 1e+06 and below 1e-04 ("1e+06").
QString goFloat(double value);
// encoding/json's Marshal: <, > and & as \u003c, \u003e, \u0026; object keys sorted. With indent
// (MarshalIndent(v, "", indent)), one member a line.
QString goJson(const QJsonValue &value, const QString &indent = QString());

} // namespace berth
