#pragma once

#include <QCoreApplication>
#include <QDir>
#include <QString>

namespace berth {

// Every user-visible string of the engine is translated in the "berth" context. lupdate finds these
// calls with -tr-function-alias tr+=berth::tr.
inline QString tr(const char *text)
{
    return QCoreApplication::translate("berth", text);
}

// A path as the user's platform writes it, for messages.
inline QString nativePath(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

} // namespace berth
