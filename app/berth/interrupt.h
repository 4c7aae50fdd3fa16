#pragma once

#include "util/progress.h"

#include <QByteArray>

namespace berth::cli {

// While one lives, Ctrl+C (SIGINT or SIGTERM; on Windows the console's Ctrl+C and Ctrl+Break) asks its
// operation to stop as the desktop app's Cancel does: the operation's waits end at their next look and it
// undoes what it made (a create keeps nothing). notice is written to standard error at once. A second
// Ctrl+C ends the process then and there; the store stays usable (see the README's store section). One
// at a time; made and destroyed on the main thread.
class InterruptScope {
public:
    InterruptScope(Progress *progress, const QByteArray &notice);
    ~InterruptScope();
    InterruptScope(const InterruptScope &) = delete;
    InterruptScope &operator=(const InterruptScope &) = delete;
    // Whether Ctrl+C came while this scope lived.
    bool interrupted() const;

private:
    // Platform parts: start and stop catching the signals (interrupt_unix.cpp, interrupt_win.cpp).
    static void install();
    static void uninstall();
};

} // namespace berth::cli
