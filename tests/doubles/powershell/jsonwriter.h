#pragma once

#include "value.h"

#include <QString>

namespace berth::psdouble {

// ConvertTo-Json of Windows PowerShell 5.1: its object walk (properties deeper than -Depth become
// strings, enums their integers), .NET's JavaScriptSerializer for the text (which escapes ' < > &
// as \u0027 and so on), and its own re-indentation unless -Compress.
class JsonWriter {
public:
    static QString convert(const Value &value, int depth, bool compress);
    // The re-indentation alone, over compact JSON text.
    static QString pretty(const QString &json);

private:
    static QString serialize(const Value &value, int level, int depth);
};

} // namespace berth::psdouble
