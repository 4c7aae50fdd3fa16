#include "mainwindow.h"

#include "machineactions.h"
#include "machinemodel.h"

#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>

namespace berth::ui {

MainWindow::MainWindow(MachineModel *model, MachineActions *actions, QWidget *parent)
    : QMainWindow(parent)
    , m_model(model)
    , m_actions(actions)
    , m_table(new QTableView(this))
    , m_log(new QPlainTextEdit(this))
    , m_status(new QLabel(this))
{
    setWindowTitle(tr("Berth"));
    setObjectName(QStringLiteral("mainWindow"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_log->setReadOnly(true);
    m_log->setPlaceholderText(tr("What the last operation on the selected machine did appears here."));
    m_log->setMaximumBlockCount(2000);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_log);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    setCentralWidget(splitter);
    statusBar()->addWidget(m_status, 1);

    QToolBar *bar = addToolBar(tr("Machines"));
    bar->setObjectName(QStringLiteral("machinesToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    const auto add = [&](const QString &id, const QString &text, auto slot, bool needsMachine = true) {
        QAction *action = bar->addAction(text);
        action->setObjectName(id);
        connect(action, &QAction::triggered, this, slot);
        if (needsMachine)
            m_machineActions << action;
        return action;
    };
    add(
        QStringLiteral("new"), tr("New machine..."), [this] { Q_EMIT newMachineRequested(); }, false);
    bar->addSeparator();
    add(QStringLiteral("start"), tr("Start"), [this] { m_actions->start(selectedMachine()); });
    add(QStringLiteral("stop"), tr("Stop"), [this] { m_actions->stop(selectedMachine()); });
    add(QStringLiteral("restart"), tr("Restart"), [this] { m_actions->restart(selectedMachine()); });
    add(QStringLiteral("shell"), tr("Open Docker shell"), [this] { m_actions->openShell(selectedMachine()); });
    add(QStringLiteral("copyEnv"), tr("Copy env command"), [this] {
        QApplication::clipboard()->setText(MachineActions::envCommand(selectedMachine()));
        m_status->setText(tr("Copied: %1").arg(MachineActions::envCommand(selectedMachine())));
    });
    bar->addSeparator();
    add(QStringLiteral("regenerateCerts"), tr("Regenerate certificates"),
        [this] { m_actions->regenerateCerts(selectedMachine()); });
    add(QStringLiteral("upgrade"), tr("Upgrade"), [this] { m_actions->upgrade(selectedMachine()); });
    add(QStringLiteral("remove"), tr("Remove..."), &MainWindow::confirmRemove);
    bar->addSeparator();
    add(
        QStringLiteral("settings"), tr("Settings..."), [this] { Q_EMIT settingsRequested(); }, false);

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateActions();
        showLog();
    });
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this] {
        updateActions();
        showLog();
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (selectedMachine().isEmpty() && m_model->rowCount() > 0)
            m_table->selectRow(0);
        updateActions();
    });
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateActions);
    // The selected machine's operation, line by line as the engine reports it.
    connect(m_model, &MachineModel::logChanged, this, [this](const QString &name) {
        if (name == selectedMachine())
            showLog();
    });
    connect(m_actions, &MachineActions::failed, this, [this](const QString &title, const QString &message) {
        m_status->setText(title + QStringLiteral(": ") + message);
    });
    if (m_model->rowCount() > 0)
        m_table->selectRow(0);
    updateActions();
    resize(900, 480);
}

QString MainWindow::selectedMachine() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : m_model->machineAt(rows.first().row());
}

void MainWindow::selectMachine(const QString &name)
{
    const int row = m_model->rowOf(name);
    if (row >= 0)
        m_table->selectRow(row);
}

QAction *MainWindow::action(const QString &name) const
{
    return findChild<QAction *>(name);
}

void MainWindow::updateActions()
{
    const QString name = selectedMachine();
    const MachineState state = name.isEmpty() ? MachineState::None : m_model->displayedState(name);
    const bool busy
        = state == MachineState::Starting || state == MachineState::Stopping || state == MachineState::Creating;
    for (QAction *action : std::as_const(m_machineActions))
        action->setEnabled(!name.isEmpty() && !busy);
    if (name.isEmpty())
        return;
    action(QStringLiteral("start"))->setEnabled(!busy && state != MachineState::Running);
    action(QStringLiteral("stop"))->setEnabled(!busy && state == MachineState::Running);
    action(QStringLiteral("restart"))->setEnabled(!busy && state == MachineState::Running);
    action(QStringLiteral("copyEnv"))->setEnabled(state == MachineState::Running);
    action(QStringLiteral("shell"))->setEnabled(!busy || state == MachineState::Starting);
}

void MainWindow::showLog()
{
    const QString text = m_model->lastLog(selectedMachine()).join(QLatin1Char('\n'));
    if (m_log->toPlainText() != text) {
        m_log->setPlainText(text);
        m_log->moveCursor(QTextCursor::End);
    }
}

void MainWindow::confirmRemove()
{
    const QString name = selectedMachine();
    if (name.isEmpty())
        return;
    QMessageBox box(QMessageBox::Warning, tr("Remove %1?").arg(name),
        tr("Remove the machine \"%1\"? Its VM and everything in it (images, containers, volumes) are deleted; this "
           "cannot be undone.")
            .arg(name),
        QMessageBox::Cancel, this);
    QPushButton *remove = box.addButton(tr("Remove"), QMessageBox::DestructiveRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.setObjectName(QStringLiteral("confirmRemove"));
    box.exec();
    if (box.clickedButton() == remove)
        m_actions->remove(name);
}

} // namespace berth::ui
