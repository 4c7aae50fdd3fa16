#include "interrupt.h"

#include "interruptstate.h"

namespace berth::cli {

namespace interruptstate {
std::atomic<Progress *> progress { nullptr };
std::atomic<int> count { 0 };
QByteArray notice;
} // namespace interruptstate

InterruptScope::InterruptScope(Progress *progress, const QByteArray &notice)
{
    interruptstate::notice = notice; // before the handler can read it
    interruptstate::count.store(0);
    interruptstate::progress.store(progress);
    install();
}

InterruptScope::~InterruptScope()
{
    uninstall();
    interruptstate::progress.store(nullptr);
}

bool InterruptScope::interrupted() const
{
    return interruptstate::count.load() > 0;
}

} // namespace berth::cli
