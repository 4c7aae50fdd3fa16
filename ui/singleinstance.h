#pragma once

#include <QObject>

class QLocalServer;

namespace berth::ui {

// One desktop app per user: the first one listens on a local socket named after the user; a second one
// finds it there, asks it to raise its window, and ends.
class SingleInstance final : public QObject {
    Q_OBJECT
public:
    explicit SingleInstance(const QString &name = QString(), QObject *parent = nullptr);
    // True when another instance answered (and was asked to show itself): this one should end.
    bool otherIsRunning();
    // Starts listening for later instances; false when the socket cannot be made.
    bool listen();

Q_SIGNALS:
    void raiseRequested();

private:
    QString m_name;
    QLocalServer *m_server = nullptr;
};

} // namespace berth::ui
