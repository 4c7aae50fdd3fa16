#include "filename.h"

namespace berth {

// POSIX file systems keep every name without a slash or NUL byte as it is.
bool systemKeepsFileName(const QString &, QString *)
{
    return true;
}

} // namespace berth
