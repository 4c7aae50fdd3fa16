#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QList>
#include <QMap>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace berth {
class Progress;
}

namespace berth::hyperv {

// One error record of PowerShell's error stream: its message, and the ids of its view's last lines.
struct ErrorRecord {
    QString command; // "New-VM", from "New-VM : message"; empty for text a script wrote itself
    QString message; // the message, its wrapped lines joined
    QString category; // "PermissionDenied: (:) [Get-VM], VirtualizationException"
    QString errorId; // "AccessDenied,Microsoft.HyperV.PowerShell.Commands.GetVM"
};

// What one PowerShell run gave.
struct Result {
    bool ok = false;
    int exitCode = -1;
    QByteArray standardOutput;
    QByteArray standardError;
    QList<ErrorRecord> errors; // stderr decoded
    // What failed, in a line or two for messages; empty when ok.
    QString error;
    bool timedOut = false;
    bool canceled = false;
    bool notRecognized = false; // a cmdlet PowerShell does not know: the Hyper-V module is missing
    bool accessDenied = false; // Hyper-V refused: neither an administrator nor a Hyper-V Administrator
};

// Windows PowerShell (powershell.exe 5.1), found and run as the Hyper-V driver needs it: -NoProfile
// -NonInteractive, a constant script given as -EncodedCommand (base64 of UTF-16LE), every value in an
// environment variable BERTH_PS_<NAME> that the script reads as $env:BERTH_PS_<NAME>, so no value is ever
// part of the script's text. Answers come as ConvertTo-Json; stderr is CLIXML when redirected, and may
// hold progress records on success.
class PowerShell {
public:
    static constexpr int defaultTimeoutSeconds = 120;

    // On Windows %SystemRoot%\System32\WindowsPowerShell\v1.0\powershell.exe, then the PATH; elsewhere
    // (tests) powershell on the PATH; empty when nowhere.
    static QString locate();

    explicit PowerShell(const QString &path = locate(), int timeoutSeconds = defaultTimeoutSeconds);
    bool found() const { return !m_path.isEmpty(); }
    QString path() const { return m_path; }
    static QString notFoundMessage();

    // The command line for a script: -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand B64.
    static QStringList arguments(const QString &script);
    // base's variables, without any BERTH_PS_ one it had, plus values as BERTH_PS_<NAME> (names: A-Z, 0-9, _).
    static QProcessEnvironment environment(const QMap<QString, QString> &values, const QProcessEnvironment &base);
    // The script a -EncodedCommand argument holds (for tests and logs).
    static QString decodeScript(const QString &encoded);

    // Runs script with values, killed after timeoutSeconds (0: this object's) or when progress is canceled.
    // what names the step in messages ("creating the VM"). A run fails when PowerShell exits with non-zero;
    // its stderr is decoded for the message.
    Result run(const QString &what, const QString &script, const QMap<QString, QString> &values = {},
        int timeoutSeconds = 0, const Progress *progress = nullptr) const;

    // The error records of a stderr: CLIXML (#< CLIXML, text a script wrote, then <Objs> with <S S="Error">
    // lines) or plain text; progress records and the like are left out.
    static QList<ErrorRecord> decodeErrors(const QByteArray &standardError);
    // A CLIXML string's text: XML entities and _xHHHH_ escapes decoded.
    static QString decodeClixmlString(const QString &text);
    // An answer of ConvertTo-Json as a list: one object is a list of one, nothing an empty list.
    static bool parseJson(const QByteArray &output, QJsonArray *items, QString *error);

private:
    QString m_path;
    int m_timeoutSeconds;
};

} // namespace berth::hyperv
