#include "faults.h"

#include "registry.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace vboxdouble {

QString takeFault(const QStringList &args)
{
    const QString path = Registry::homeDir() + QStringLiteral("/double-faults.json");
    if (args.isEmpty() || !QFile::exists(path))
        return {};
    RegistryLock lock;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QJsonArray faults = QJsonDocument::fromJson(file.readAll()).array();
    file.close();
    const QString one = args.at(0);
    const QString two = args.size() > 1 ? one + QLatin1Char(' ') + args.at(1) : one;
    for (int i = 0; i < faults.size(); ++i) {
        QJsonObject fault = faults.at(i).toObject();
        const QString command = fault.value(QLatin1String("command")).toString();
        if (command != one && command != two)
            continue;
        const QString kind = fault.value(QLatin1String("fault")).toString();
        if (fault.contains(QLatin1String("count"))) {
            const int count = fault.value(QLatin1String("count")).toInt();
            if (count <= 0)
                continue;
            fault.insert(QStringLiteral("count"), count - 1);
            faults.replace(i, fault);
            QSaveFile out(path);
            if (out.open(QIODevice::WriteOnly)) {
                out.write(QJsonDocument(faults).toJson());
                out.commit();
            }
        }
        return kind;
    }
    return {};
}

} // namespace vboxdouble
