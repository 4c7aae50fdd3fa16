// berth-agent: a machine's agent (core/api/machineagent.h), started by Berth with the machine's VM:
//   berth-agent -s STORE NAME
#include "api/machineagent.h"
#include "translations.h"
#include "util/hardexit.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QStringList>

#include <cstdio>

int main(int argc, char *argv[])
{
    // A pipe its starter's caller reads must not stay open because the agent runs on.
    berth::MachineAgent::closeInheritedDescriptors();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("berth-agent"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BERTH_VERSION));
    // Its log is the user's to read: in the user's language.
    berth::installTranslations(&app);
    // What it does goes to its log in its own words; Qt's debug lines of Berth's areas only with BERTH_AGENT_DEBUG.
    if (qEnvironmentVariableIsEmpty("BERTH_AGENT_DEBUG"))
        QLoggingCategory::setFilterRules(QStringLiteral("berth.*.debug=false\nberth.*.info=false"));
    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() != 4 || arguments.at(1) != QLatin1String("-s")) {
        const QByteArray usage = QCoreApplication::translate(
            "berth", "Usage: berth-agent -s STORE NAME\nBerth starts it with a machine's VM; it is not run by hand.\n")
                                     .toLocal8Bit();
        std::fwrite(usage.constData(), 1, size_t(usage.size()), stderr);
        return 2;
    }
    return berth::endProcessNow(berth::MachineAgent(arguments.at(2), arguments.at(3)).run());
}
