#pragma once

namespace berth {

// Raises this process's limit of open files to what the system allows for it, so work that holds a
// connection per machine (ls) is not capped by the default soft limit (1024 on Linux).
void raiseOpenFileLimit();

} // namespace berth
