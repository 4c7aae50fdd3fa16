#pragma once

// Test support: a pipe as a test runner or build tool hands it down to Berth, both ends inheritable (no FD_CLOEXEC,
// beyond 0/1/2; inheritable handles on Windows). A program Berth starts must not hold its write end.

#include <QElapsedTimer>
#include <QTest>

#ifdef Q_OS_WIN
#include <windows.h>
#else
#include <poll.h>
#include <unistd.h>
#endif

namespace berth::test {

struct InheritablePipe {
#ifdef Q_OS_WIN
    HANDLE read = nullptr;
    HANDLE write = nullptr;
    InheritablePipe()
    {
        SECURITY_ATTRIBUTES attributes = { sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE };
        if (!CreatePipe(&read, &write, &attributes, 0))
            read = write = nullptr;
    }
    ~InheritablePipe()
    {
        closeWrite();
        if (read)
            CloseHandle(read);
    }
    void closeWrite()
    {
        if (write)
            CloseHandle(write);
        write = nullptr;
    }
#else
    int read = -1;
    int write = -1;
    InheritablePipe()
    {
        int fds[2];
        if (pipe(fds) == 0) {
            read = fds[0];
            write = fds[1];
        }
    }
    ~InheritablePipe()
    {
        closeWrite();
        if (read >= 0)
            close(read);
    }
    void closeWrite()
    {
        if (write >= 0)
            close(write);
        write = -1;
    }
#endif
    bool isValid() const
    {
#ifdef Q_OS_WIN
        return read != nullptr;
#else
        return read >= 0;
#endif
    }
    InheritablePipe(const InheritablePipe &) = delete;
    InheritablePipe &operator=(const InheritablePipe &) = delete;

    // Once this process closed its write end: whether reading finds the end of the pipe (no writer left) within
    // timeoutMs.
    bool ends(int timeoutMs) const
    {
        QElapsedTimer timer;
        timer.start();
        do {
#ifdef Q_OS_WIN
            DWORD available = 0;
            if (!PeekNamedPipe(read, nullptr, 0, nullptr, &available, nullptr))
                return GetLastError() == ERROR_BROKEN_PIPE;
#else
            pollfd readable { read, POLLIN, 0 };
            if (poll(&readable, 1, 0) == 1) {
                char byte = 0;
                return ::read(read, &byte, 1) == 0;
            }
#endif
            QTest::qWait(50);
        } while (timer.elapsed() < timeoutMs);
        return false;
    }
};

} // namespace berth::test
