// convertfromraw (convertdd): a raw image, or a raw stream on stdin of a given size, written as a new VDI, VMDK or
// VHD file. As in VirtualBox it needs no VirtualBox service and registers nothing; docker-machine makes its
// boot2docker data disk this way (VBoxManage convertfromraw stdin disk.vmdk BYTES --format VMDK).
#include "commands.h"
#include "console.h"
#include "getopt.h"
#include "medium.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryFile>

namespace vboxdouble {

namespace {

bool allZero(const QByteArray &data)
{
    for (const char c : data) {
        if (c != 0)
            return false;
    }
    return true;
}

} // namespace

int handleConvertFromRaw(const QStringList &args)
{
    enum { Format = 1, Static, Variant, Uuid };
    OptionParser parser(args,
        { { { QStringLiteral("--format"), QStringLiteral("-format") }, Format, ValueKind::String },
            { { QStringLiteral("--static"), QStringLiteral("-static") }, Static, ValueKind::None },
            { { QStringLiteral("--variant"), QStringLiteral("-variant") }, Variant, ValueKind::String },
            { { QStringLiteral("--uuid") }, Uuid, ValueKind::String } });
    QString format = QStringLiteral("VDI");
    QString source, target, sizeText;
    bool fromStdin = false;
    for (ParsedOption o = parser.next(); o.status != ParsedOption::End; o = parser.next()) {
        if (o.status == ParsedOption::Parameter) {
            if (source.isEmpty()) {
                source = o.value;
                fromStdin = source == QLatin1String("stdin");
            } else if (target.isEmpty()) {
                target = o.value;
            } else if (fromStdin && sizeText.isEmpty()) {
                sizeText = o.value;
            } else {
                return syntaxError(QStringLiteral("Invalid parameter '%1'").arg(o.value));
            }
            continue;
        }
        if (o.status != ParsedOption::Option)
            return OptionParser::report(o);
        if (o.id == Format)
            format = o.value;
    }
    if (source.isEmpty() || target.isEmpty() || (fromStdin && sizeText.isEmpty()))
        return syntaxError(QStringLiteral("Incorrect number of parameters"));
    printErr(QStringLiteral("Converting from raw image file=\"%1\" to file=\"%2\"...\n").arg(source, target));

    QFile input;
    const bool opened = fromStdin ? input.open(stdin, QIODevice::ReadOnly) : [&] {
        input.setFileName(source);
        return input.open(QIODevice::ReadOnly);
    }();
    if (!opened) {
        msgError(QStringLiteral("Cannot open file \"%1\": VERR_FILE_NOT_FOUND").arg(source));
        return ExitFailure;
    }
    // RTStrToUInt64: digits up to the first other character, 0 for none.
    qint64 size = 0;
    if (fromStdin) {
        for (const QChar c : std::as_const(sizeText)) {
            if (!c.isDigit())
                break;
            size = size * 10 + c.digitValue();
        }
    } else {
        size = input.size();
    }
    printErr(QStringLiteral("Creating dynamic image with size %1 bytes (%2MB)...\n")
                 .arg(size)
                 .arg((size + 1024 * 1024 - 1) / (1024 * 1024)));
    const QString absolute = QFileInfo(target).absoluteFilePath();
    if (QFileInfo::exists(absolute)) {
        msgError(QStringLiteral("Cannot create the disk image \"%1\": VERR_ALREADY_EXISTS").arg(target));
        return ExitFailure;
    }
    // The stream goes to a sparse raw file beside the target (zero blocks are skipped), then qemu-img writes the
    // image; what the stream lacks of the size stays zero, as VirtualBox leaves it.
    QTemporaryFile raw(QFileInfo(absolute).dir().filePath(QStringLiteral(".convertfromraw-XXXXXX")));
    if (!raw.open()) {
        msgError(QStringLiteral("Cannot create the disk image \"%1\": VERR_ACCESS_DENIED").arg(target));
        return ExitFailure;
    }
    qint64 offset = 0;
    constexpr qint64 chunk = 1024 * 1024;
    while (offset < size) {
        const QByteArray data = input.read(qMin(chunk, size - offset));
        if (data.isEmpty())
            break;
        if (!allZero(data)) {
            if (!raw.seek(offset) || raw.write(data) != data.size()) {
                msgError(QStringLiteral("Failed to write to disk image \"%1\": VERR_DISK_FULL").arg(target));
                return ExitFailure;
            }
        }
        offset += data.size();
    }
    raw.resize(size);
    raw.flush();
    QString error;
    if (!convertImage(raw.fileName(), absolute, format.toUpper(), &error)) {
        msgError(QStringLiteral("Cannot create the disk image \"%1\": VERR_GENERAL_FAILURE\n%2").arg(target, error));
        QFile::remove(absolute);
        return ExitFailure;
    }
    return ExitSuccess;
}

} // namespace vboxdouble
