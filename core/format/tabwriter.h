#pragma once

#include <QString>

namespace berth {

// Go's text/tabwriter as docker-machine's `ls` uses it (minwidth 5, tabwidth 1, padding 3, spaces):
// cells end at a tab; every cell but a line's last is padded to its column's width.
QString alignColumns(const QString &text, int minWidth = 5, int padding = 3);

} // namespace berth
