#pragma once

#include <QString>

namespace berth {

// How the user's front end names one of create's options (a driver flag or an engine option, given
// without dashes: "generic-ssh-key"). The engine's messages name options only through it, so the CLI
// says "--generic-ssh-key" and the desktop app names the field the user filled in ("SSH key").
// A namer is installed once, before other threads start; it is called from any thread.
using OptionNamer = QString (*)(const QString &option);
void setOptionNamer(OptionNamer namer);
// The option as the front end names it; "--OPTION" when no namer is installed, or the namer gives
// nothing for it.
QString optionName(const QString &option);

} // namespace berth
