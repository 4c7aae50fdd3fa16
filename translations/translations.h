#pragma once

#include <QString>

class QCoreApplication;

namespace berth {

// Installs Qt's own translations (where the Qt installation has them) and Berth's for the language:
// languageOverride ("zh_CN", "en") if given, as the desktop app's Settings choose; else the system's
// (QLocale::system(): LANGUAGE, LC_ALL, LC_MESSAGES, LANG on Linux, the user's display language on
// Windows and macOS). Returns whether Berth's translation for that language was loaded; English, the
// language of the sources, needs none.
bool installTranslations(QCoreApplication *app, const QString &languageOverride = {});

} // namespace berth
