#pragma once

#include "util/machinestate.h"

#include <QString>

namespace berth {

// What an operation does to its machine.
enum class OperationKind { Create, Start, Stop, Restart, Kill, Remove, Provision, RegenerateCerts, Upgrade };

// The word the operation's process writes into the machine's lock ("start", "regenerate-certs"), which
// every other process reads (MachineApi::activities): the same words for the CLI and the desktop app.
QString operationPurpose(OperationKind kind);
// The operation a lock's word names; false for a word of none (a lock of an older Berth).
bool operationFromPurpose(const QString &purpose, OperationKind *kind);
// What a machine shows while the operation works on it, whichever process runs it: Creating, Starting
// (start, restart) or Stopping (stop, kill, remove); None for the others, which leave it as it is.
MachineState stateDuring(OperationKind kind);

} // namespace berth
