#pragma once

#include <QString>

namespace berth {

// What kind of failure an operation met; the CLI maps it to docker-machine's exit codes.
enum class ErrorKind {
    General, // exit 1
    PreCreateCheck, // exit 3: nothing was created (the CLI says so in docker-machine's words)
    InvalidInput,
    InvalidOption, // a value of create's options that the driver refuses (the CLI says so in docker-machine's words)
    NotFound,
    AlreadyExists,
    Canceled, // Progress::cancel() was called: the operation stopped and undid what it could
    Busy, // another operation (of this process or another) is changing the machine: nothing was done
};

// What the user can do about a failure, named by each front end in its own words: the CLI by its
// commands and flags ("berth rm -f NAME"), the desktop app by its buttons. The engine's message says what
// went wrong and, in words of no front end, what would mend it.
enum class Remedy {
    None,
    ListOrCreate, // the machine does not exist: list the machines, or create it
    Remove, // remove the machine (rm)
    ForceRemove, // remove the machine from the store even though it cannot be read or its VM removed (rm -f)
    ChooseStore, // use another store folder (-s, MACHINE_STORAGE_PATH)
    RegenerateCerts, // make the machine's certificates again (regenerate-certs)
    NativeSsh, // use Berth's built-in SSH client rather than OpenSSH's (--native-ssh)
};

struct Error {
    ErrorKind kind = ErrorKind::General;
    QString message; // what failed, why, and what the user can do
    Remedy remedy = Remedy::None;
    QString machine; // the machine the remedy is for

    void set(const QString &text, ErrorKind errorKind = ErrorKind::General)
    {
        message = text;
        kind = errorKind;
        remedy = Remedy::None;
        machine.clear();
    }
};

// Sets *error when error is not null; returns false so a failure path is one line.
inline bool fail(Error *error, const QString &message, ErrorKind kind = ErrorKind::General)
{
    if (error)
        error->set(message, kind);
    return false;
}

// The same, with what the user can do about it.
inline bool fail(
    Error *error, const QString &message, Remedy remedy, const QString &machine, ErrorKind kind = ErrorKind::General)
{
    if (error) {
        error->set(message, kind);
        error->remedy = remedy;
        error->machine = machine;
    }
    return false;
}

} // namespace berth
