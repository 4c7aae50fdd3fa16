#include "optionname.h"

#include <atomic>

namespace berth {

namespace {
std::atomic<OptionNamer> installedNamer { nullptr };
}

void setOptionNamer(OptionNamer namer)
{
    installedNamer.store(namer);
}

QString optionName(const QString &option)
{
    if (const OptionNamer namer = installedNamer.load()) {
        if (QString name = namer(option); !name.isEmpty())
            return name;
    }
    return QStringLiteral("--") + option;
}

} // namespace berth
