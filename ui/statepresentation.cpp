#include "statepresentation.h"

#include <QCoreApplication>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace berth::ui {

namespace {

// Each state's word (the table, the tray's menu) and sentence (the tray's tooltip), for lupdate.
struct StateWords {
    MachineState state;
    const char *word;
    const char *sentence;
};

constexpr StateWords stateWords[] = {
    { MachineState::None, QT_TRANSLATE_NOOP("berth::ui", "Not created"),
        QT_TRANSLATE_NOOP("berth::ui", "%1 is not created yet") },
    { MachineState::Running, QT_TRANSLATE_NOOP("berth::ui", "Running"),
        QT_TRANSLATE_NOOP("berth::ui", "%1 is running") },
    { MachineState::Stopped, QT_TRANSLATE_NOOP("berth::ui", "Stopped"),
        QT_TRANSLATE_NOOP("berth::ui", "%1 is stopped") },
    { MachineState::Starting, QT_TRANSLATE_NOOP("berth::ui", "Starting"),
        QT_TRANSLATE_NOOP("berth::ui", "%1 is starting") },
    { MachineState::Stopping, QT_TRANSLATE_NOOP("berth::ui", "Stopping"),
        QT_TRANSLATE_NOOP("berth::ui", "%1 is stopping") },
    { MachineState::Creating, QT_TRANSLATE_NOOP("berth::ui", "Creating"),
        QT_TRANSLATE_NOOP("berth::ui", "%1 is being created") },
    { MachineState::Error, QT_TRANSLATE_NOOP("berth::ui", "Error"),
        QT_TRANSLATE_NOOP("berth::ui", "%1 has a problem") },
    { MachineState::Paused, QT_TRANSLATE_NOOP("berth::ui", "Paused"), QT_TRANSLATE_NOOP("berth::ui", "%1 is paused") },
    { MachineState::Saved, QT_TRANSLATE_NOOP("berth::ui", "Saved"), QT_TRANSLATE_NOOP("berth::ui", "%1 is saved") },
    { MachineState::Timeout, QT_TRANSLATE_NOOP("berth::ui", "Not answering"),
        QT_TRANSLATE_NOOP("berth::ui", "%1 is not answering") },
};

const StateWords &wordsOf(MachineState state)
{
    for (const StateWords &words : stateWords) {
        if (words.state == state)
            return words;
    }
    return stateWords[0];
}

} // namespace

QString stateText(MachineState state)
{
    return QCoreApplication::translate("berth::ui", wordsOf(state).word);
}

QString stateSentence(const QString &name, MachineState state)
{
    return QCoreApplication::translate("berth::ui", wordsOf(state).sentence).arg(name);
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
