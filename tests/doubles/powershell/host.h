#pragma once

#include "errors.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace berth::psdouble {

class Script;

// powershell.exe's console host as a program reading its pipes sees it: output lines end in CRLF and
// are encoded in the console's code page (437) until [Console]::OutputEncoding says UTF-8; errors are
// the error view's lines, each wrapped at the console's width, written as CLIXML when the command
// came with -EncodedCommand and stderr is redirected, as text otherwise.
class Host {
public:
    Host(bool clixml, int consoleWidth);
    ~Host();
    Host(const Host &) = delete;
    Host &operator=(const Host &) = delete;

    void writeOutputLine(const QString &line);
    void writeErrorRecord(const ErrorRecord &record, const Script &script);
    // [Console]::Error.Write: straight to stderr, whatever the error stream's format.
    void writeRawError(const QString &text);
    // The progress record Windows PowerShell 5.1 sends when it first loads a module for a command.
    void writeModuleLoadProgress();
    void setUtf8(bool utf8) { m_utf8 = utf8; }
    // Ends the CLIXML document, as the host does when it exits.
    void finish();

    // The error view's lines (before wrapping), as PowerShell 5.1's ErrorInstance view makes them.
    static QString errorViewText(const ErrorRecord &record, const Script &script, int consoleWidth);
    // Word-wraps one line as the console host's line output does for a width of `columns`.
    static QStringList wrapLine(const QString &line, int columns);
    static QString categoryInfo(const ErrorRecord &record);

private:
    QByteArray encode(const QString &text, bool utf8) const;
    void writeErrorLine(const QString &line);
    void startClixml();

    bool m_clixml;
    int m_width;
    bool m_utf8 = false;
    // The encodings the writers got when first used: Windows PowerShell keeps them for the session.
    int m_outputEncoding = -1;
    int m_errorEncoding = -1;
    bool m_clixmlStarted = false;
    QByteArray m_clixmlBuffer;
};

} // namespace berth::psdouble
