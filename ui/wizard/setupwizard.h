#pragma once

#include "api/machineapi.h"

#include <QWizard>

namespace berth {
class MachineOperations;
}

namespace berth::ui {

class MachineActions;
class Settings;

// The first-run wizard, also New machine: what Berth will do, the hypervisors here, the machine's name
// and resources, its network, then the create with live progress, and what comes next. One class per page.
class SetupWizard final : public QWizard {
    Q_OBJECT
public:
    enum PageId { WelcomePage, CheckPage, ResourcesPage, NetworkPage, CreatePage, DonePage };

    SetupWizard(MachineOperations *operations, MachineActions *actions, Settings *settings, QWidget *parent = nullptr);

    MachineOperations *operations() const { return m_operations; }
    MachineActions *actions() const { return m_actions; }
    Settings *settings() const { return m_settings; }

    // The chosen driver (the Check page) and the machine it is to make (the pages after it).
    QString driverName() const { return field(QStringLiteral("driver")).toString(); }
    CreateOptions createOptions() const;
    // The driver's create flag DRIVER-SUFFIX ("qemu-memory"), with its limits; empty name when it has none.
    static DriverFlag driverFlag(const QString &driver, const QString &suffix);
    // The proxy's password, if one was typed, and the proxy host it is for: the Create page puts it in the
    // system's keychain, never in a file; provisioning takes it from there.
    QString proxyPassword() const;
    QString proxyHost() const;

    void reject() override;

Q_SIGNALS:
    void machineCreated(const QString &name);

private:
    MachineOperations *m_operations;
    MachineActions *m_actions;
    Settings *m_settings;
};

} // namespace berth::ui
