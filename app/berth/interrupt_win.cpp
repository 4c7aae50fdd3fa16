#include "interrupt.h"
#include "interruptstate.h"

#include <windows.h>

namespace berth::cli {

namespace {

// Windows runs it on a thread of its own for each event.
BOOL WINAPI onConsoleEvent(DWORD event)
{
    if (event != CTRL_C_EVENT && event != CTRL_BREAK_EVENT)
        return FALSE;
    if (interruptstate::count.fetch_add(1) != 0)
        return FALSE; // the second: the default handler ends the process
    if (Progress *progress = interruptstate::progress.load())
        progress->cancel();
    DWORD written = 0;
    WriteFile(GetStdHandle(STD_ERROR_HANDLE), interruptstate::notice.constData(), DWORD(interruptstate::notice.size()),
        &written, nullptr);
    return TRUE;
}

} // namespace

void InterruptScope::install()
{
    SetConsoleCtrlHandler(&onConsoleEvent, TRUE);
}

void InterruptScope::uninstall()
{
    SetConsoleCtrlHandler(&onConsoleEvent, FALSE);
}

} // namespace berth::cli
