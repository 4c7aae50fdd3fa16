#include "statepresentation.h"

#include <QCoreApplication>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace berth::ui {

QString stateText(MachineState state)
{
    switch (state) {
    case MachineState::Running:
        return QCoreApplication::translate("berth::ui", "Running");
    case MachineState::Stopped:
        return QCoreApplication::translate("berth::ui", "Stopped");
    case MachineState::Starting:
        return QCoreApplication::translate("berth::ui", "Starting");
    case MachineState::Stopping:
        return QCoreApplication::translate("berth::ui", "Stopping");
    case MachineState::Creating:
        return QCoreApplication::translate("berth::ui", "Creating");
    case MachineState::Error:
        return QCoreApplication::translate("berth::ui", "Error");
    case MachineState::Paused:
        return QCoreApplication::translate("berth::ui", "Paused");
    case MachineState::Saved:
        return QCoreApplication::translate("berth::ui", "Saved");
    case MachineState::Timeout:
        return QCoreApplication::translate("berth::ui", "Not answering");
    case MachineState::None:
        break;
    }
    return QCoreApplication::translate("berth::ui", "Not created");
}

QString stateSentence(const QString &name, MachineState state)
{
    const auto said
        = [&name](const char *sentence) { return QCoreApplication::translate("berth::ui", sentence).arg(name); };
    switch (state) {
    case MachineState::Running:
        return said(QT_TRANSLATE_NOOP("berth::ui", "%1 is running"));
    case MachineState::Stopped:
        return said(QT_TRANSLATE_NOOP("berth::ui", "%1 is stopped"));
    case MachineState::Starting:
        return said(QT_TRANSLATE_NOOP("berth::ui", "%1 is starting"));
    case MachineState::Stopping:
        return said(QT_TRANSLATE_NOOP("berth::ui", "%1 is stopping"));
    case MachineState::Creating:
        return said(QT_TRANSLATE_NOOP("berth::ui", "%1 is being created"));
    case MachineState::Error:
        return said(QT_TRANSLATE_NOOP("berth::ui", "%1 has a problem"));
    case MachineState::Paused:
        return said(QT_TRANSLATE_NOOP("berth::ui", "%1 is paused"));
    case MachineState::Saved:
        return said(QT_TRANSLATE_NOOP("berth::ui", "%1 is saved"));
    case MachineState::Timeout:
        return said(QT_TRANSLATE_NOOP("berth::ui", "%1 is not answering"));
    case MachineState::None:
        break;
    }
    return said(QT_TRANSLATE_NOOP("berth::ui", "%1 is not created yet"));
}

QColor stateColor(MachineState state)
{
    switch (state) {
    case MachineState::Running:
        return QColor(0x2e, 0x9d, 0x4f);
    case MachineState::Starting:
    case MachineState::Stopping:
    case MachineState::Creating:
        return QColor(0xe0, 0x9b, 0x1a);
    case MachineState::Error:
    case MachineState::Timeout:
        return QColor(0xd0, 0x3b, 0x2f);
    default:
        return QColor(0x8a, 0x8f, 0x98);
    }
}

namespace {
// A container ship's hull with three boxes on deck, in the state's colour; a ring marks a state in motion.
QPixmap drawIcon(MachineState state, int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const qreal u = size / 16.0;
    const QColor color = stateColor(state);
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    QPainterPath hull;
    hull.moveTo(1 * u, 9 * u);
    hull.lineTo(15 * u, 9 * u);
    hull.lineTo(13 * u, 14 * u);
    hull.lineTo(3 * u, 14 * u);
    hull.closeSubpath();
    painter.drawPath(hull);
    painter.setBrush(color.lighter(125));
    for (int i = 0; i < 3; ++i)
        painter.drawRect(QRectF((2.5 + 3.8 * i) * u, 5 * u, 3 * u, 3.4 * u));
    if (state == MachineState::Starting || state == MachineState::Stopping || state == MachineState::Creating) {
        painter.setBrush(Qt::white);
        painter.setPen(QPen(color.darker(140), u));
        painter.drawEllipse(QRectF(10.5 * u, 0.5 * u, 5 * u, 5 * u));
    } else if (state == MachineState::Error || state == MachineState::Timeout) {
        painter.setBrush(Qt::white);
        painter.setPen(QPen(color, 1.2 * u));
        painter.drawEllipse(QRectF(10.5 * u, 0.5 * u, 5 * u, 5 * u));
        painter.drawLine(QPointF(13 * u, 1.6 * u), QPointF(13 * u, 3.4 * u));
    }
    return pixmap;
}
} // namespace

QIcon stateIcon(MachineState state)
{
    QIcon icon;
    for (const int size : { 16, 22, 24, 32, 48, 64 })
        icon.addPixmap(drawIcon(state, size));
    return icon;
}

} // namespace berth::ui
