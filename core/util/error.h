#pragma once

#include <QString>

namespace berth {

// What kind of failure an operation met; the CLI maps it to docker-machine's exit codes.
enum class ErrorKind {
    General, // exit 1
    PreCreateCheck, // exit 3: nothing was created
    InvalidInput,
    NotFound,
    AlreadyExists,
    Canceled, // Progress::cancel() was called: the operation stopped and undid what it could
};

struct Error {
    ErrorKind kind = ErrorKind::General;
    QString message; // what failed, why, and what the user can do

    void set(const QString &text, ErrorKind errorKind = ErrorKind::General)
    {
        message = text;
        kind = errorKind;
    }
};

// Sets *error when error is not null; returns false so a failure path is one line.
inline bool fail(Error *error, const QString &message, ErrorKind kind = ErrorKind::General)
{
    if (error)
        error->set(message, kind);
    return false;
}

} // namespace berth
