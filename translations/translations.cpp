#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

// Resources of a static library are registered only when asked for by name, outside any namespace.
static void initBerthTranslationResources()
{
    Q_INIT_RESOURCE(berth_translations);
}

namespace {

const char translatorName[] = "berth-i18n";

bool install(QCoreApplication *app, const QLocale &locale, const QString &name, const QString &folder)
{
    auto *translator = new QTranslator(app);
    translator->setObjectName(QLatin1String(translatorName));
    if (translator->load(locale, name, QStringLiteral("_"), folder) && QCoreApplication::installTranslator(translator))
        return true;
    delete translator;
    return false;
}

} // namespace

namespace berth {

bool installTranslations(QCoreApplication *app, const QString &languageOverride)
{
    initBerthTranslationResources();
    // A second call (another language chosen in Settings) replaces what the first installed.
    const QList<QTranslator *> installed
        = app->findChildren<QTranslator *>(QLatin1String(translatorName), Qt::FindDirectChildrenOnly);
    for (QTranslator *translator : installed) {
        QCoreApplication::removeTranslator(translator);
        delete translator;
    }
    const QLocale locale = languageOverride.isEmpty() ? QLocale::system() : QLocale(languageOverride);
    // Qt's own messages (qtbase_zh_CN.qm), where the Qt installation has them: a Windows one may not.
    install(app, locale, QStringLiteral("qtbase"), QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    if (install(app, locale, QStringLiteral("berth"), QStringLiteral(":/i18n")))
        return true;
    // Else the same language and script as spoken in its main country: zh_SG reads zh_CN's Simplified
    // Chinese (zh_TW, Traditional, does not).
    const QLocale mainCountry(locale.language(), locale.script(), QLocale::AnyTerritory);
    return mainCountry != locale && install(app, mainCountry, QStringLiteral("berth"), QStringLiteral(":/i18n"));
}

} // namespace berth
