#include "terminal.h"

#include <QString>

#include <atomic>
#include <climits>
#include <cstring>
#include <winsock2.h> // and windows.h after it, as Winsock 2 wants

#ifndef ENABLE_VIRTUAL_TERMINAL_INPUT
#define ENABLE_VIRTUAL_TERMINAL_INPUT 0x0200
#endif
#ifndef ENABLE_VIRTUAL_TERMINAL_PROCESSING
#define ENABLE_VIRTUAL_TERMINAL_PROCESSING 0x0004
#endif
#ifndef DISABLE_NEWLINE_AUTO_RETURN
#define DISABLE_NEWLINE_AUTO_RETURN 0x0008
#endif

namespace berth::ssh::terminal {

namespace {

// What RawMode changed, for its destructor and for the console control handler (another thread).
std::atomic<bool> rawActive { false };
std::atomic<DWORD> savedInputMode { 0 };
std::atomic<DWORD> savedOutputMode { 0 };
std::atomic<DWORD> savedErrorMode { 0 };
std::atomic<bool> outputModeSaved { false };
std::atomic<bool> errorModeSaved { false };
// The console translates keys into VT sequences itself (Windows 10 and later).
bool consoleSendsVt = false;

// The size size() last reported, to tell a resize (the console has no SIGWINCH).
std::atomic<int> knownColumns { 0 };
std::atomic<int> knownRows { 0 };

HANDLE standardHandle(DWORD which)
{
    const HANDLE handle = GetStdHandle(which);
    return handle == INVALID_HANDLE_VALUE ? nullptr : handle;
}

bool isConsole(HANDLE handle)
{
    DWORD mode = 0;
    return handle && GetConsoleMode(handle, &mode);
}

DWORD clampedLength(qint64 length)
{
    return static_cast<DWORD>(qMin<qint64>(length, INT_MAX));
}

void restoreModes()
{
    if (!rawActive.exchange(false))
        return;
    SetConsoleMode(standardHandle(STD_INPUT_HANDLE), savedInputMode.load());
    if (outputModeSaved.load())
        SetConsoleMode(standardHandle(STD_OUTPUT_HANDLE), savedOutputMode.load());
    if (errorModeSaved.load())
        SetConsoleMode(standardHandle(STD_ERROR_HANDLE), savedErrorMode.load());
}

// Ctrl-Break, closing the console window, logoff, shutdown: the console is given back as it was,
// then the default handler ends the process. Ctrl+C in raw mode is a key for the remote side; a
// console that signals it anyway (Wine's) gets it back as the key.
BOOL WINAPI onConsoleControl(DWORD type)
{
    if (type == CTRL_C_EVENT && rawActive.load()) {
        INPUT_RECORD record {};
        record.EventType = KEY_EVENT;
        record.Event.KeyEvent.bKeyDown = TRUE;
        record.Event.KeyEvent.wRepeatCount = 1;
        record.Event.KeyEvent.wVirtualKeyCode = 'C';
        record.Event.KeyEvent.uChar.UnicodeChar = 0x03;
        record.Event.KeyEvent.dwControlKeyState = LEFT_CTRL_PRESSED;
        DWORD written = 0;
        if (WriteConsoleInputW(GetStdHandle(STD_INPUT_HANDLE), &record, 1, &written) && written == 1)
            return TRUE;
    }
    restoreModes();
    return FALSE;
}

bool consoleSize(int *columns, int *rows)
{
    CONSOLE_SCREEN_BUFFER_INFO info;
    bool known = false;
    for (const DWORD which : { STD_OUTPUT_HANDLE, STD_ERROR_HANDLE }) {
        if (GetConsoleScreenBufferInfo(standardHandle(which), &info)) {
            known = true;
            break;
        }
    }
    if (!known) {
        // Both outputs redirected: the console's active screen buffer still has the size.
        const HANDLE screen = CreateFileW(L"CONOUT$", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
            nullptr, OPEN_EXISTING, 0, nullptr);
        if (screen == INVALID_HANDLE_VALUE)
            return false;
        known = GetConsoleScreenBufferInfo(screen, &info);
        CloseHandle(screen);
    }
    if (!known)
        return false;
    // The visible window, not the scroll-back buffer.
    *columns = info.srWindow.Right - info.srWindow.Left + 1;
    *rows = info.srWindow.Bottom - info.srWindow.Top + 1;
    return *columns > 0 && *rows > 0;
}

// --- standard input ---

enum class Source {
    RawConsole, // key events read here and turned into bytes
    Reader, // a pipe, or a console in line mode: a thread does the blocking reads
    Direct, // a file or a device such as NUL: always ready, as poll() says of a regular file
};

enum class InputKind { Missing, Console, Pipe, Other };

// Told once: while the reader thread waits in ReadFile on a pipe, Windows holds any other call on
// that handle (GetFileType, GetConsoleMode) until the read returns.
InputKind inputKind()
{
    static const InputKind kind = [] {
        const HANDLE input = standardHandle(STD_INPUT_HANDLE);
        if (!input)
            return InputKind::Missing;
        if (isConsole(input))
            return InputKind::Console;
        return GetFileType(input) == FILE_TYPE_PIPE ? InputKind::Pipe : InputKind::Other;
    }();
    return kind;
}

Source inputSource()
{
    switch (inputKind()) {
    case InputKind::Console:
        return rawActive.load() ? Source::RawConsole : Source::Reader;
    case InputKind::Pipe:
        return Source::Reader;
    case InputKind::Missing:
    case InputKind::Other:
        break;
    }
    return Source::Direct;
}

// Bytes typed on the console in raw mode, not yet read; a high surrogate waits for its low half.
QByteArray typedBytes;
QString pendingSurrogate;
bool consoleFailed = false;

QString vtSequence(WORD key)
{
    switch (key) {
    case VK_UP:
        return QStringLiteral("\x1b[A");
    case VK_DOWN:
        return QStringLiteral("\x1b[B");
    case VK_RIGHT:
        return QStringLiteral("\x1b[C");
    case VK_LEFT:
        return QStringLiteral("\x1b[D");
    case VK_HOME:
        return QStringLiteral("\x1b[H");
    case VK_END:
        return QStringLiteral("\x1b[F");
    case VK_INSERT:
        return QStringLiteral("\x1b[2~");
    case VK_DELETE:
        return QStringLiteral("\x1b[3~");
    case VK_PRIOR:
        return QStringLiteral("\x1b[5~");
    case VK_NEXT:
        return QStringLiteral("\x1b[6~");
    case VK_F1:
        return QStringLiteral("\x1bOP");
    case VK_F2:
        return QStringLiteral("\x1bOQ");
    case VK_F3:
        return QStringLiteral("\x1bOR");
    case VK_F4:
        return QStringLiteral("\x1bOS");
    case VK_F5:
        return QStringLiteral("\x1b[15~");
    case VK_F6:
        return QStringLiteral("\x1b[17~");
    case VK_F7:
        return QStringLiteral("\x1b[18~");
    case VK_F8:
        return QStringLiteral("\x1b[19~");
    case VK_F9:
        return QStringLiteral("\x1b[20~");
    case VK_F10:
        return QStringLiteral("\x1b[21~");
    case VK_F11:
        return QStringLiteral("\x1b[23~");
    case VK_F12:
        return QStringLiteral("\x1b[24~");
    default:
        return {};
    }
}

// What a key event sends to the remote terminal, as an xterm would.
void translateKey(const KEY_EVENT_RECORD &key, QString *typed)
{
    const char16_t c = static_cast<char16_t>(key.uChar.UnicodeChar);
    if (!key.bKeyDown) {
        // A character entered as Alt+numpad digits comes with the release of Alt.
        if (key.wVirtualKeyCode == VK_MENU && c != 0)
            typed->append(QChar(c));
        return;
    }
    // A console that took ENABLE_VIRTUAL_TERMINAL_INPUT but still sends an arrow as a key without a
    // character (Wine's) only claims VT input: keys are translated here from then on.
    if (consoleSendsVt && c == 0 && !vtSequence(key.wVirtualKeyCode).isEmpty())
        consoleSendsVt = false;
    QString text;
    if (consoleSendsVt) {
        // Arrows and function keys already come as their VT sequences, one character per event.
        if (c == 0)
            return;
        text = QChar(c);
    } else {
        const DWORD state = key.dwControlKeyState;
        const bool ctrl = (state & (LEFT_CTRL_PRESSED | RIGHT_CTRL_PRESSED)) != 0;
        const bool alt = (state & (LEFT_ALT_PRESSED | RIGHT_ALT_PRESSED)) != 0;
        if (c == 0) {
            text = vtSequence(key.wVirtualKeyCode);
        } else if (key.wVirtualKeyCode == VK_BACK && !ctrl) {
            text = QChar(u'\x7f');
        } else if (c == u' ' && ctrl && !alt) {
            text = QChar(u'\0');
        } else {
            text = QChar(c);
            // Alt is Meta (ESC first); Ctrl+Alt is AltGr, which types the character itself.
            if (alt && !ctrl)
                text.prepend(QChar(u'\x1b'));
        }
    }
    for (int i = 0; i < qMax<int>(1, key.wRepeatCount); ++i)
        typed->append(text);
}

// Reads every pending console event without blocking; keys become bytes in typedBytes.
bool drainConsole()
{
    const HANDLE input = standardHandle(STD_INPUT_HANDLE);
    QString typed = pendingSurrogate;
    pendingSurrogate.clear();
    for (;;) {
        DWORD count = 0;
        if (!GetNumberOfConsoleInputEvents(input, &count))
            return false;
        if (count == 0)
            break;
        INPUT_RECORD records[128];
        DWORD read = 0;
        if (!ReadConsoleInputW(input, records, qMin<DWORD>(count, 128), &read))
            return false;
        for (DWORD i = 0; i < read; ++i) {
            if (records[i].EventType == KEY_EVENT)
                translateKey(records[i].Event.KeyEvent, &typed);
        }
    }
    if (!typed.isEmpty() && typed.back().isHighSurrogate()) {
        pendingSurrogate = typed.back();
        typed.chop(1);
    }
    typedBytes += typed.toUtf8();
    return true;
}

// Blocking reads of standard input on a thread of their own, one chunk ahead at most: a pipe cannot
// be waited on, nor a console in line mode. Never destroyed: the thread may sit in a read until exit.
class Reader {
public:
    static Reader *instance()
    {
        static Reader *reader = new Reader;
        return reader;
    }

    HANDLE available() const { return m_available; }
    bool ready() const { return WaitForSingleObject(m_available, 0) == WAIT_OBJECT_0; }

    qint64 take(char *buffer, qint64 length)
    {
        for (;;) {
            EnterCriticalSection(&m_lock);
            if (!m_data.isEmpty()) {
                const qsizetype n = static_cast<qsizetype>(qMin<qint64>(length, m_data.size()));
                std::memcpy(buffer, m_data.constData(), static_cast<size_t>(n));
                m_data.remove(0, n);
                if (m_data.isEmpty() && !m_ended) {
                    ResetEvent(m_available);
                    SetEvent(m_wanted);
                }
                LeaveCriticalSection(&m_lock);
                return n;
            }
            const bool ended = m_ended;
            const bool failed = m_failed;
            LeaveCriticalSection(&m_lock);
            if (ended)
                return failed ? -1 : 0;
            // Read before the wait said so: block, as read(2) does.
            WaitForSingleObject(m_available, INFINITE);
        }
    }

private:
    Reader()
    {
        InitializeCriticalSection(&m_lock);
        m_available = CreateEventW(nullptr, TRUE, FALSE, nullptr);
        m_wanted = CreateEventW(nullptr, FALSE, TRUE, nullptr);
        m_input = standardHandle(STD_INPUT_HANDLE);
        m_console = inputKind() == InputKind::Console;
        const HANDLE thread = CreateThread(nullptr, 0, &Reader::run, this, 0, nullptr);
        if (thread) {
            CloseHandle(thread);
        } else {
            m_ended = true;
            m_failed = true;
            SetEvent(m_available);
        }
    }

    // One chunk: bytes, or empty with *ended set at the end of input.
    QByteArray readChunk(bool *ended, bool *failed)
    {
        if (m_console) {
            wchar_t wide[4096];
            DWORD n = 0;
            if (!ReadConsoleW(m_input, wide, 4096, &n, nullptr)) {
                *ended = *failed = true;
                return {};
            }
            QString text = QString::fromWCharArray(wide, static_cast<int>(n));
            // Ctrl+Z first on a line ends console input, as for every Windows program.
            if (text.startsWith(QChar(u'\x1a'))) {
                *ended = true;
                return {};
            }
            text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
            return text.toUtf8();
        }
        char bytes[16384];
        DWORD n = 0;
        if (!ReadFile(m_input, bytes, sizeof bytes, &n, nullptr)) {
            // The writer closing its end of the pipe is the end of input.
            *ended = true;
            *failed = GetLastError() != ERROR_BROKEN_PIPE;
            return {};
        }
        if (n == 0)
            *ended = true;
        return QByteArray(bytes, static_cast<qsizetype>(n));
    }

    static DWORD WINAPI run(void *self)
    {
        auto *reader = static_cast<Reader *>(self);
        for (;;) {
            WaitForSingleObject(reader->m_wanted, INFINITE);
            bool ended = false;
            bool failed = false;
            QByteArray chunk;
            // A console read may return nothing (Ctrl+C in line mode): read again.
            while (chunk.isEmpty() && !ended)
                chunk = reader->readChunk(&ended, &failed);
            EnterCriticalSection(&reader->m_lock);
            reader->m_data += chunk;
            reader->m_ended = ended;
            reader->m_failed = failed;
            SetEvent(reader->m_available);
            LeaveCriticalSection(&reader->m_lock);
            if (ended)
                return 0;
        }
    }

    CRITICAL_SECTION m_lock;
    HANDLE m_available = nullptr; // manual reset: data, or the end, is there
    HANDLE m_wanted = nullptr; // auto reset: read the next chunk
    HANDLE m_input = nullptr;
    bool m_console = false;
    QByteArray m_data;
    bool m_ended = false;
    bool m_failed = false;
};

// --- sockets ---

// Which sockets are ready now (a zero-timeout WSAPoll); the wait below only wakes up.
bool pollSockets(qintptr sshSocket, std::vector<SocketWait> *sockets, WaitResult *result)
{
    std::vector<WSAPOLLFD> fds;
    std::vector<size_t> index; // fds[1 + k] is sockets[index[k]]
    fds.push_back({ static_cast<SOCKET>(sshSocket), POLLRDNORM, 0 });
    for (size_t i = 0; sockets && i < sockets->size(); ++i) {
        SocketWait &wait = (*sockets)[i];
        wait.readable = wait.writable = false;
        if (!wait.wantRead && !wait.wantWrite)
            continue;
        const SHORT events = static_cast<SHORT>((wait.wantRead ? POLLRDNORM : 0) | (wait.wantWrite ? POLLWRNORM : 0));
        fds.push_back({ static_cast<SOCKET>(wait.socket), events, 0 });
        index.push_back(i);
    }
    const int rc = WSAPoll(fds.data(), static_cast<ULONG>(fds.size()), 0);
    if (rc == SOCKET_ERROR) {
        result->failed = true;
        return true;
    }
    constexpr SHORT ended = POLLHUP | POLLERR | POLLNVAL;
    result->socketReady = (fds[0].revents & (POLLRDNORM | ended)) != 0;
    for (size_t k = 0; k < index.size(); ++k) {
        SocketWait &wait = (*sockets)[index[k]];
        const SHORT revents = fds[1 + k].revents;
        wait.readable = wait.wantRead && (revents & (POLLRDNORM | ended)) != 0;
        wait.writable = wait.wantWrite && (revents & (POLLWRNORM | ended)) != 0;
    }
    return rc > 0;
}

// Input, resize and sockets as they are now; true when the caller has something to do.
bool checkNow(bool watchInput, qintptr sshSocket, std::vector<SocketWait> *sockets, WaitResult *result)
{
    if (watchInput) {
        switch (inputSource()) {
        case Source::RawConsole:
            if (!consoleFailed && !drainConsole())
                consoleFailed = true;
            result->inputReady = consoleFailed || !typedBytes.isEmpty();
            break;
        case Source::Reader:
            result->inputReady = Reader::instance()->ready();
            break;
        case Source::Direct:
            result->inputReady = true;
            break;
        }
    }
    if (rawActive.load() && knownColumns.load() > 0) {
        int columns = 0;
        int rows = 0;
        if (consoleSize(&columns, &rows) && (columns != knownColumns.load() || rows != knownRows.load())) {
            knownColumns.store(columns);
            knownRows.store(rows);
            result->resized = true;
        }
    }
    const bool socketsReady = pollSockets(sshSocket, sockets, result);
    return result->inputReady || result->resized || socketsReady || result->failed;
}

} // namespace

bool standardInputIsTerminal()
{
    return inputKind() == InputKind::Console;
}

bool size(int *columns, int *rows)
{
    int c = 0;
    int r = 0;
    if (!standardInputIsTerminal() || !consoleSize(&c, &r))
        return false;
    knownColumns.store(c);
    knownRows.store(r);
    *columns = c;
    *rows = r;
    return true;
}

QByteArray type()
{
    const QByteArray term = qgetenv("TERM");
    return term.isEmpty() ? QByteArrayLiteral("xterm") : term;
}

RawMode::RawMode()
{
    const HANDLE input = standardHandle(STD_INPUT_HANDLE);
    DWORD inputMode = 0;
    if (inputKind() != InputKind::Console || !GetConsoleMode(input, &inputMode))
        return;
    const HANDLE output = standardHandle(STD_OUTPUT_HANDLE);
    const HANDLE errorOutput = standardHandle(STD_ERROR_HANDLE);
    DWORD outputMode = 0;
    DWORD errorMode = 0;
    savedInputMode.store(inputMode);
    outputModeSaved.store(output && GetConsoleMode(output, &outputMode));
    savedOutputMode.store(outputMode);
    errorModeSaved.store(errorOutput && GetConsoleMode(errorOutput, &errorMode));
    savedErrorMode.store(errorMode);
    rawActive.store(true);
    SetConsoleCtrlHandler(onConsoleControl, TRUE);

    // Keys as they are typed, Ctrl+C included, nothing echoed; resizes wake the wait.
    const DWORD raw = (inputMode & ~DWORD(ENABLE_LINE_INPUT | ENABLE_ECHO_INPUT | ENABLE_PROCESSED_INPUT))
        | ENABLE_WINDOW_INPUT | ENABLE_VIRTUAL_TERMINAL_INPUT;
    consoleSendsVt = SetConsoleMode(input, raw);
    if (!consoleSendsVt && !SetConsoleMode(input, raw & ~DWORD(ENABLE_VIRTUAL_TERMINAL_INPUT))) {
        rawActive.store(false);
        SetConsoleCtrlHandler(onConsoleControl, FALSE);
        return;
    }
    // The remote side draws with VT sequences; a line feed only moves down, as on a real terminal.
    const auto vtOutput = [](HANDLE handle, DWORD mode) {
        if (!SetConsoleMode(handle, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING | DISABLE_NEWLINE_AUTO_RETURN))
            SetConsoleMode(handle, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING);
    };
    if (outputModeSaved.load())
        vtOutput(output, outputMode);
    if (errorModeSaved.load())
        vtOutput(errorOutput, errorMode);
    typedBytes.clear();
    pendingSurrogate.clear();
    consoleFailed = false;
    m_active = true;
}

RawMode::~RawMode()
{
    if (!m_active)
        return;
    restoreModes();
    SetConsoleCtrlHandler(onConsoleControl, FALSE);
}

WaitResult waitForInput(bool watchInput, qintptr sshSocket, int timeoutMs, std::vector<SocketWait> *sockets)
{
    WaitResult result;
    if (checkNow(watchInput, sshSocket, sockets, &result) || timeoutMs == 0)
        return result;

    // One event for every socket: Winsock sets it on any of the chosen network events.
    static const WSAEVENT socketEvent = WSACreateEvent();
    std::vector<SOCKET> selected;
    const auto select = [&selected](qintptr socket, long events) {
        if (WSAEventSelect(static_cast<SOCKET>(socket), socketEvent, events) == 0)
            selected.push_back(static_cast<SOCKET>(socket));
    };
    select(sshSocket, FD_READ | FD_CLOSE);
    for (size_t i = 0; sockets && i < sockets->size(); ++i) {
        const SocketWait &wait = sockets->at(i);
        const long events
            = (wait.wantRead ? FD_READ | FD_ACCEPT | FD_CLOSE : 0) | (wait.wantWrite ? FD_WRITE | FD_CLOSE : 0);
        if (events != 0)
            select(wait.socket, events);
    }
    HANDLE handles[2] = { socketEvent, nullptr };
    DWORD count = 1;
    if (watchInput) {
        switch (inputSource()) {
        case Source::RawConsole:
            handles[count++] = standardHandle(STD_INPUT_HANDLE);
            break;
        case Source::Reader:
            handles[count++] = Reader::instance()->available();
            break;
        case Source::Direct:
            break;
        }
    }
    const DWORD rc = WaitForMultipleObjects(count, handles, FALSE, timeoutMs < 0 ? INFINITE : DWORD(timeoutMs));
    // WSAEventSelect made every socket non-blocking: libssh's goes back to the blocking mode libssh
    // set after connecting (the forwarded ones are non-blocking anyway).
    for (const SOCKET socket : selected)
        WSAEventSelect(socket, nullptr, 0);
    if (!selected.empty() && selected.front() == static_cast<SOCKET>(sshSocket)) {
        u_long blocking = 0;
        ioctlsocket(selected.front(), FIONBIO, &blocking);
    }
    WSAResetEvent(socketEvent);
    if (rc == WAIT_FAILED) {
        result.failed = true;
        return result;
    }
    checkNow(watchInput, sshSocket, sockets, &result);
    return result;
}

qint64 readInput(char *buffer, qint64 length)
{
    switch (inputSource()) {
    case Source::RawConsole:
        while (typedBytes.isEmpty()) {
            if (consoleFailed)
                return -1;
            WaitForSingleObject(standardHandle(STD_INPUT_HANDLE), INFINITE);
            if (!drainConsole())
                consoleFailed = true;
        }
        {
            const qsizetype n = static_cast<qsizetype>(qMin<qint64>(length, typedBytes.size()));
            std::memcpy(buffer, typedBytes.constData(), static_cast<size_t>(n));
            typedBytes.remove(0, n);
            return n;
        }
    case Source::Reader:
        return Reader::instance()->take(buffer, length);
    case Source::Direct:
        break;
    }
    const HANDLE input = standardHandle(STD_INPUT_HANDLE);
    if (!input)
        return 0;
    DWORD n = 0;
    if (!ReadFile(input, buffer, clampedLength(length), &n, nullptr))
        return GetLastError() == ERROR_BROKEN_PIPE || GetLastError() == ERROR_HANDLE_EOF ? 0 : -1;
    return static_cast<qint64>(n);
}

namespace {

// How much of bytes ends on a whole UTF-8 character; the rest waits for the next write.
qsizetype completeUtf8(const QByteArray &bytes)
{
    const qsizetype size = bytes.size();
    for (qsizetype back = 1; back <= 3 && back <= size; ++back) {
        const auto c = static_cast<uchar>(bytes.at(size - back));
        if ((c & 0xC0) == 0x80)
            continue;
        const qsizetype need = c >= 0xF8 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        return need > back ? size - back : size;
    }
    return size;
}

// The remote side writes UTF-8; the console takes UTF-16 whatever its code page is.
bool writeConsole(HANDLE console, const char *data, qint64 length, QByteArray *carry)
{
    carry->append(data, static_cast<qsizetype>(length));
    const qsizetype whole = completeUtf8(*carry);
    const QString text = QString::fromUtf8(carry->constData(), whole);
    carry->remove(0, whole);
    const auto *at = reinterpret_cast<const wchar_t *>(text.utf16());
    qsizetype left = text.size();
    while (left > 0) {
        DWORD written = 0;
        // Old consoles refuse very large writes: 8K characters at a time.
        if (!WriteConsoleW(console, at, static_cast<DWORD>(qMin<qsizetype>(left, 8192)), &written, nullptr))
            return false;
        at += written;
        left -= written;
    }
    return true;
}

} // namespace

bool writeOutput(const char *data, qint64 length, bool toStandardError)
{
    const HANDLE handle = standardHandle(toStandardError ? STD_ERROR_HANDLE : STD_OUTPUT_HANDLE);
    if (!handle)
        return false;
    if (isConsole(handle)) {
        static QByteArray outputCarry;
        static QByteArray errorCarry;
        return writeConsole(handle, data, length, toStandardError ? &errorCarry : &outputCarry);
    }
    while (length > 0) {
        DWORD written = 0;
        if (!WriteFile(handle, data, clampedLength(length), &written, nullptr))
            return false;
        data += written;
        length -= written;
    }
    return true;
}

} // namespace berth::ssh::terminal
