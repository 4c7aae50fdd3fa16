#include "atomicfile.h"

#include <QFile>

#include <cstdio>

namespace berth {

bool renameReplacing(const QString &from, const QString &to)
{
    return std::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) == 0;
}

} // namespace berth
