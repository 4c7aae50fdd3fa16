#include "atomicfile.h"

#include <QFile>

#include <cstdio>

namespace berth {

bool renameReplacing(const QString &from, const QString &to)
{
    return std::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) == 0;
}

bool applyPermissions(const QString &path, QFileDevice::Permissions permissions)
{
    return QFile::setPermissions(path, permissions);
}

} // namespace berth
