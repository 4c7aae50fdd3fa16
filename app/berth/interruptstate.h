#pragma once

#include "util/progress.h"

#include <QByteArray>

#include <atomic>

// What InterruptScope shares with its platform's handler, which may only touch lock-free atomics and
// the notice's bytes (written before the handler is installed, read-only while it is).
namespace berth::cli::interruptstate {
extern std::atomic<Progress *> progress;
extern std::atomic<int> count;
extern QByteArray notice;
} // namespace berth::cli::interruptstate
