// Published ports of a QEMU VM on this computer: host forwards of its user network (-netdev user,id=net0), added and
// removed while it runs through QEMU's human monitor (QEMU 7.2 has no QMP command of its own for them).

#include "qemudriver.h"
#include "qmpclient.h"
#include "util/translate.h"

#include <QRegularExpression>

namespace berth {

bool QemuDriver::monitor(const QString &command, QString *output, QString *error) const
{
    QmpClient qmp(qmpEndpoint());
    QJsonObject reply;
    if (!qmp.connect(5000, error)
        || !qmp.execute(QStringLiteral("human-monitor-command"),
            QJsonObject { { QStringLiteral("command-line"), command } }, &reply, error))
        return false;
    *output = reply.value(QLatin1String("return")).toString().trimmed();
    return true;
}

bool QemuDriver::portForwards(QList<PortForward> *forwards, QString *error)
{
    QString table;
    if (!monitor(QStringLiteral("info usernet"), &table, error))
        return false;
    // "  TCP[HOST_FORWARD]  15       127.0.0.1 18080       10.0.2.15  8080     0     0"
    static const QRegularExpression row(
        QStringLiteral("^\\s*(TCP|UDP)\\[HOST_FORWARD\\]\\s+\\d+\\s+\\S+\\s+(\\d+)\\s+\\S+\\s+(\\d+)"),
        QRegularExpression::MultilineOption);
    forwards->clear();
    for (auto it = row.globalMatch(table); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        const PortForward forward { match.captured(1).toLower(), match.captured(2).toInt() };
        // The machine's own: SSH and Docker.
        if (forward.protocol == QLatin1String("tcp")
            && (forward.port == m_sshPort || forward.port == m_dockerForwardPort))
            continue;
        forwards->append(forward);
    }
    return true;
}

bool QemuDriver::addPortForward(const PortForward &forward, QString *error)
{
    QString said;
    if (!monitor(
            QStringLiteral("hostfwd_add net0 %1:%2:%3-:%3").arg(forward.protocol, forwardAddress()).arg(forward.port),
            &said, error))
        return false;
    // Nothing printed is success; otherwise "Could not set up host forwarding rule 'tcp:127.0.0.1:80-:80'".
    if (said.isEmpty())
        return true;
    *error = tr("QEMU said: %1").arg(said);
    return false;
}

bool QemuDriver::removePortForward(const PortForward &forward, QString *error)
{
    QString said;
    if (!monitor(
            QStringLiteral("hostfwd_remove net0 %1:%2:%3").arg(forward.protocol, forwardAddress()).arg(forward.port),
            &said, error))
        return false;
    // "host forwarding rule for tcp:127.0.0.1:8080 removed" (or "not found": gone already).
    if (said.endsWith(QLatin1String("removed")) || said.endsWith(QLatin1String("not found")))
        return true;
    *error = tr("QEMU said: %1").arg(said);
    return false;
}

} // namespace berth
