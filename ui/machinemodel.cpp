#include "machinemodel.h"

#include "statepresentation.h"

#include <QLocale>

namespace berth::ui {

namespace {
QString sizeText(int megabytes)
{
    if (megabytes <= 0)
        return {};
    return QLocale().formattedDataSize(qint64(megabytes) * 1024 * 1024, 1, QLocale::DataSizeTraditionalFormat);
}
} // namespace

MachineModel::MachineModel(MachineWatcher *watcher, MachineOperations *operations, QObject *parent)
    : QAbstractTableModel(parent)
    , m_watcher(watcher)
    , m_operations(operations)
{
    connect(m_watcher, &MachineWatcher::looked, this, &MachineModel::sync);
    connect(m_watcher, &MachineWatcher::statusChanged, this, &MachineModel::rowChanged);
    connect(m_operations, &MachineOperations::operationStarted, this, [this](Operation *operation) {
        const QString name = operation->machine();
        m_logs[name].clear();
        const auto append = [this, name](const QString &line) {
            m_logs[name] << line;
            Q_EMIT logChanged(name);
        };
        connect(operation, &Operation::step, this, append);
        connect(operation, &Operation::detail, this, append);
        connect(operation, &Operation::finished, this, [this, name](bool ok, const Error &error) {
            if (!ok) {
                m_logs[name] << error.message;
                Q_EMIT logChanged(name);
            }
            rowChanged(name);
            // The engine's view after the change, without waiting for the next look.
            m_watcher->refresh();
        });
        // A machine being created is a row at once.
        if (!m_rows.contains(name)) {
            beginInsertRows(QModelIndex(), int(m_rows.size()), int(m_rows.size()));
            m_rows << name;
            endInsertRows();
        }
        rowChanged(name);
    });
    sync();
}

void MachineModel::sync()
{
    QStringList wanted = m_watcher->machines();
    for (Operation *operation : m_operations->runningOperations()) {
        if (!wanted.contains(operation->machine()))
            wanted << operation->machine();
    }
    for (int row = int(m_rows.size()) - 1; row >= 0; --row) {
        if (!wanted.contains(m_rows.at(row))) {
            beginRemoveRows(QModelIndex(), row, row);
            const QString gone = m_rows.takeAt(row);
            endRemoveRows();
            m_shown.remove(gone);
            Q_EMIT displayedStateChanged(gone, MachineState::None);
        }
    }
    for (const QString &name : std::as_const(wanted)) {
        if (!m_rows.contains(name)) {
            beginInsertRows(QModelIndex(), int(m_rows.size()), int(m_rows.size()));
            m_rows << name;
            endInsertRows();
        }
        noteState(name);
    }
}

void MachineModel::rowChanged(const QString &name)
{
    const int row = rowOf(name);
    if (row < 0)
        return;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    noteState(name);
}

void MachineModel::noteState(const QString &name)
{
    const MachineState state = displayedState(name);
    const auto it = m_shown.constFind(name);
    if (it != m_shown.constEnd() && *it == state)
        return;
    m_shown.insert(name, state);
    Q_EMIT displayedStateChanged(name, state);
}

int MachineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int MachineModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString MachineModel::machineAt(int row) const
{
    return m_rows.value(row);
}

int MachineModel::rowOf(const QString &name) const
{
    return int(m_rows.indexOf(name));
}

MachineState MachineModel::displayedState(const QString &name) const
{
    if (Operation *operation = m_operations->running(name)) {
        const MachineState state = stateDuring(operation->kind());
        if (state != MachineState::None)
            return state;
    }
    if (!m_watcher->contains(name))
        return MachineState::None;
    return m_watcher->status(name).state;
}

QStringList MachineModel::lastLog(const QString &name) const
{
    return m_logs.value(name);
}

QVariant MachineModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const QString name = m_rows.at(index.row());
    const MachineStatus status = m_watcher->status(name);
    const MachineState state = displayedState(name);
    if (role == MachineNameRole)
        return name;
    if (role == StateRole)
        return QVariant::fromValue(state);
    if (role == Qt::DecorationRole && index.column() == State)
        return stateIcon(state);
    if (role == Qt::ToolTipRole && !status.error.isEmpty())
        return status.error;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Name:
        return name;
    case Driver:
        return status.driverName;
    case State:
        return stateText(state);
    case Url:
        return status.url;
    case Docker:
        return status.dockerVersion;
    case Cpus:
        return status.resources.cpus > 0 ? QString::number(status.resources.cpus) : QString();
    case Memory:
        return sizeText(status.resources.memoryMb);
    case Disk:
        return sizeText(status.resources.diskMb);
    case Image:
        return status.resources.imageVersion;
    default:
        return {};
    }
}

QVariant MachineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Name");
    case Driver:
        return tr("Driver");
    case State:
        return tr("State");
    case Url:
        return tr("URL");
    case Docker:
        return tr("Docker");
    case Cpus:
        return tr("CPUs");
    case Memory:
        return tr("Memory");
    case Disk:
        return tr("Disk");
    case Image:
        return tr("Image");
    default:
        return {};
    }
}

} // namespace berth::ui
