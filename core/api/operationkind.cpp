#include "operationkind.h"

namespace berth {

namespace {

struct KindRow {
    OperationKind kind;
    const char *purpose;
    MachineState during;
};

constexpr KindRow kinds[] = {
    { OperationKind::Create, "create", MachineState::Creating },
    { OperationKind::Start, "start", MachineState::Starting },
    { OperationKind::Stop, "stop", MachineState::Stopping },
    { OperationKind::Restart, "restart", MachineState::Starting },
    { OperationKind::Kill, "kill", MachineState::Stopping },
    { OperationKind::Remove, "remove", MachineState::Stopping },
    { OperationKind::Provision, "provision", MachineState::None },
    { OperationKind::RegenerateCerts, "regenerate-certs", MachineState::None },
    { OperationKind::Upgrade, "upgrade", MachineState::None },
};

const KindRow &rowOf(OperationKind kind)
{
    for (const KindRow &row : kinds) {
        if (row.kind == kind)
            return row;
    }
    return kinds[0]; // every kind has its row
}

} // namespace

QString operationPurpose(OperationKind kind)
{
    return QString::fromLatin1(rowOf(kind).purpose);
}

bool operationFromPurpose(const QString &purpose, OperationKind *kind)
{
    for (const KindRow &row : kinds) {
        if (purpose == QLatin1String(row.purpose)) {
            *kind = row.kind;
            return true;
        }
    }
    return false;
}

MachineState stateDuring(OperationKind kind)
{
    return rowOf(kind).during;
}

} // namespace berth
