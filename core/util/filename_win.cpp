#include "filename.h"
#include "translate.h"

#include <QRegularExpression>

namespace berth {

bool systemKeepsFileName(const QString &name, QString *reason)
{
    if (name.endsWith(QLatin1Char('.')) || name.endsWith(QLatin1Char(' '))) {
        if (reason)
            *reason = tr("Windows drops a dot or a space at the end of a file name");
        return false;
    }
    static const QRegularExpression device(
        QStringLiteral("\\A(con|prn|aux|nul|com[0-9]|lpt[0-9])(\\..*)?\\z"), QRegularExpression::CaseInsensitiveOption);
    if (device.match(name).hasMatch()) {
        if (reason)
            *reason = tr("%1 is the name of a device on Windows").arg(name.section(QLatin1Char('.'), 0, 0).toUpper());
        return false;
    }
    return true;
}

} // namespace berth
