#pragma once

#include "commandline.h"

#include <QStringList>

namespace berth::cli {

// Runs `berth ARGS...` and returns the process exit code: 0, 1 for an error, 3 when a pre-create
// check failed (docker-machine's codes).
int run(const QStringList &arguments);

} // namespace berth::cli
