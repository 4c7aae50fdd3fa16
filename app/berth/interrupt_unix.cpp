#include "interrupt.h"
#include "interruptstate.h"

#include <csignal>
#include <unistd.h>

namespace berth::cli {

namespace {

struct sigaction previousInt, previousTerm;

void onInterrupt(int signal)
{
    if (interruptstate::count.fetch_add(1) == 0) {
        if (Progress *progress = interruptstate::progress.load())
            progress->cancel();
        const ssize_t written
            = ::write(STDERR_FILENO, interruptstate::notice.constData(), size_t(interruptstate::notice.size()));
        (void)written;
        return;
    }
    // The second: the signal's own end, as without Berth's handler.
    ::signal(signal, SIG_DFL);
    ::raise(signal);
}

} // namespace

void InterruptScope::install()
{
    struct sigaction action = {};
    action.sa_handler = &onInterrupt;
    sigemptyset(&action.sa_mask);
    // Calls the signal interrupts go on; a wait that sees EINTR anyway looks at the cancel at once.
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, &previousInt);
    sigaction(SIGTERM, &action, &previousTerm);
}

void InterruptScope::uninstall()
{
    sigaction(SIGINT, &previousInt, nullptr);
    sigaction(SIGTERM, &previousTerm, nullptr);
}

} // namespace berth::cli
