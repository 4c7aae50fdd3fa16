#pragma once

#include "value.h"

#include <QString>

namespace berth::psdouble {

// Offsets into the script text, end exclusive.
struct Extent {
    int start = 0;
    int end = 0;
};

// What an ErrorRecord shows: the message, its CategoryInfo parts and its FullyQualifiedErrorId.
struct ErrorRecord {
    QString message;
    QString category; // ErrorCategory: InvalidArgument, ObjectNotFound, ...
    QString activity; // the command's name in "[Get-VM]"; empty for errors outside a command
    QString targetName;
    QString targetType;
    QString reason; // the exception's type name: VirtualizationException, RuntimeException, ...
    QString errorId; // FullyQualifiedErrorId
    QString invocationName; // "Get-VM" in "Get-VM : message"; empty for none
    Extent extent;
    bool hasPosition = true;
    bool parseError = false; // the message carries its own position lines
    Value targetObject;
};

// A failed statement or pipeline: the record and whether it ends the script (ErrorAction Stop).
struct PsError {
    ErrorRecord record;
    bool scriptTerminating = false;
};

// A syntax error, reported before anything runs, as PowerShell's ParseException is.
struct ParseError {
    QString errorId;
    QString message;
    Extent extent;
};

// A construct PowerShell has but the double does not implement: refused loudly, never faked.
struct Unsupported {
    QString what;
};

// `exit N`.
struct ExitRequest {
    int code = 0;
};

} // namespace berth::psdouble
