#include "openfiles.h"

namespace berth {

// Windows has no per-process limit on sockets to raise.
void raiseOpenFileLimit() { }

} // namespace berth
