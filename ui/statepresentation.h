#pragma once

#include "util/machinestate.h"

#include <QColor>
#include <QIcon>
#include <QString>

namespace berth::ui {

// How a machine's state looks: the word the user reads (translated; ls keeps docker-machine's English
// names) and the icon of the tray and the table, drawn here so no image file has to ship.
QString stateText(MachineState state);
// A sentence saying the machine's state, "default is running", each state worded as its language needs.
QString stateSentence(const QString &name, MachineState state);
QColor stateColor(MachineState state);
QIcon stateIcon(MachineState state);

} // namespace berth::ui
