// createmedium (createhd), clonemedium (clonehd), closemedium: real image files made with qemu-img
#include "commands.h"
#include "console.h"
#include "getopt.h"
#include "medium.h"
#include "registry.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace vboxdouble {

namespace {

bool isDeviceWord(const QString &word)
{
    return word == QLatin1String("disk") || word == QLatin1String("dvd") || word == QLatin1String("floppy");
}

// A failed progress object: the percentage so far, the status, then the message and its details.
int progressFailure(const QString &headline, const QString &message, const QString &function, int line)
{
    printErr(QStringLiteral("0%...VBOX_E_FILE_ERROR\n"));
    msgError(headline);
    ComError e;
    e.message = message;
    e.status = E_FileError;
    e.component = QStringLiteral("MediumWrap");
    e.interfaceName = QStringLiteral("IMedium");
    e.withCallee = false;
    e.context = function;
    e.line = line;
    e.file = QStringLiteral("VBoxManageDisk.cpp");
    return comError(e);
}

} // namespace

int handleCreateMedium(const QStringList &args, bool legacyCreateHd)
{
    enum { Filename = 1, Size, SizeByte, Format, Variant, DiffParent, Property, PropertyFile };
    QStringList rest = args;
    QString deviceType = QStringLiteral("HardDisk");
    if (!legacyCreateHd && !rest.isEmpty() && isDeviceWord(rest.first())) {
        const QString word = rest.takeFirst();
        deviceType = word == QLatin1String("disk") ? QStringLiteral("HardDisk")
            : word == QLatin1String("dvd")         ? QStringLiteral("DVD")
                                                   : QStringLiteral("Floppy");
    }
    OptionParser parser(rest,
        { { { QStringLiteral("--filename"), QStringLiteral("-filename") }, Filename, ValueKind::String },
            { { QStringLiteral("--size"), QStringLiteral("-size") }, Size, ValueKind::String },
            { { QStringLiteral("--sizebyte") }, SizeByte, ValueKind::String },
            { { QStringLiteral("--format"), QStringLiteral("-format") }, Format, ValueKind::String },
            { { QStringLiteral("--variant"), QStringLiteral("-variant"), QStringLiteral("--static"),
                  QStringLiteral("-static") },
                Variant, ValueKind::String },
            { { QStringLiteral("--diffparent") }, DiffParent, ValueKind::String },
            { { QStringLiteral("--property") }, Property, ValueKind::String },
            { { QStringLiteral("--property-file") }, PropertyFile, ValueKind::String } });
    QString filename, format;
    qint64 size = -1;
    for (ParsedOption o = parser.next(); o.status != ParsedOption::End; o = parser.next()) {
        if (o.status == ParsedOption::Parameter)
            return syntaxError(QStringLiteral("Invalid parameter '%1'").arg(o.value));
        if (o.status == ParsedOption::Unknown)
            return syntaxError(QStringLiteral("unknown option: %1\n").arg(o.name));
        if (o.status != ParsedOption::Option)
            return OptionParser::report(o);
        bool ok = true;
        switch (o.id) {
        case Filename:
            filename = o.value;
            break;
        case Size:
            size = o.value.toLongLong(&ok) * 1024 * 1024;
            break;
        case SizeByte:
            size = o.value.toLongLong(&ok);
            break;
        case Format:
            format = o.value;
            break;
        default:
            break;
        }
        if (!ok)
            return invalidArgumentFormat(o.value);
    }
    if (filename.isEmpty())
        return syntaxError(QStringLiteral("Parameter --filename is required"));
    if (size < 0)
        return syntaxError(QStringLiteral("Parameter --size is required"));
    if (format.isEmpty())
        format = QFileInfo(filename).suffix().isEmpty() ? QStringLiteral("VDI") : formatFromName(filename);
    if (format == QLatin1String("RAW"))
        format = QStringLiteral("VDI");
    // VirtualBox puts a bare name into the default machine folder; the double takes it as relative to here.
    const QString absolute = QFileInfo(filename).absoluteFilePath();

    RegistryTransaction transaction;
    Registry &registry = transaction.registry;
    QString error;
    const QString function = QStringLiteral("RTEXITCODE handleCreateMedium(HandlerArg*)");
    if (QFileInfo::exists(absolute))
        return progressFailure(QStringLiteral("Failed to create medium"),
            QStringLiteral("Could not create the medium storage unit '%1'.\nVDI: cannot create image '%1' "
                           "(VERR_ALREADY_EXISTS)")
                .arg(absolute),
            function, 630);
    if (!createImage(absolute, format, size, &error))
        return progressFailure(QStringLiteral("Failed to create medium"),
            QStringLiteral("Could not create the medium storage unit '%1'.\n%2").arg(absolute, error), function, 630);
    ImageInfo info;
    readImageInfo(absolute, &info);
    Medium medium { info.uuid.isEmpty() ? newUuid() : info.uuid, absolute, format.toUpper(), deviceType, size };
    registry.media.append(medium);
    if (const int code = transaction.commit(nullptr))
        return code;
    progressDone();
    printOut(QStringLiteral("Medium created. UUID: %1\n").arg(medium.uuid));
    return ExitSuccess;
}

int handleCloneMedium(const QStringList &args, bool legacyCloneHd)
{
    enum { Format = 1, Variant, Existing, Type };
    QStringList rest = args;
    QString deviceType = QStringLiteral("HardDisk");
    if (!legacyCloneHd && !rest.isEmpty() && isDeviceWord(rest.first()))
        deviceType = rest.takeFirst() == QLatin1String("dvd") ? QStringLiteral("DVD") : QStringLiteral("HardDisk");
    OptionParser parser(rest,
        { { { QStringLiteral("--format"), QStringLiteral("-format") }, Format, ValueKind::String },
            { { QStringLiteral("--variant"), QStringLiteral("-variant") }, Variant, ValueKind::String },
            { { QStringLiteral("--existing"), QStringLiteral("-existing") }, Existing, ValueKind::None },
            { { QStringLiteral("--type"), QStringLiteral("-type") }, Type, ValueKind::String } });
    QString source, target, format;
    for (ParsedOption o = parser.next(); o.status != ParsedOption::End; o = parser.next()) {
        if (o.status == ParsedOption::Parameter) {
            if (source.isEmpty())
                source = o.value;
            else if (target.isEmpty())
                target = o.value;
            else
                return syntaxError(QStringLiteral("Invalid parameter '%1'").arg(o.value));
            continue;
        }
        if (o.status == ParsedOption::Unknown)
            return syntaxError(QStringLiteral("unknown option: %1").arg(o.name));
        if (o.status != ParsedOption::Option)
            return OptionParser::report(o);
        if (o.id == Format)
            format = o.value.toUpper();
    }
    if (source.isEmpty() || target.isEmpty())
        return syntaxError(QStringLiteral("Mandatory UUID or input file parameter missing"));

    RegistryTransaction transaction;
    Registry &registry = transaction.registry;
    QString error;
    Medium *src = registry.findMedium(source);
    if (!src) {
        const QString absolute = QFileInfo(source).absoluteFilePath();
        if (!QFileInfo::exists(absolute))
            return reportMediumFileNotFound(absolute);
        src = openMedium(&registry, absolute, deviceType, &error);
        if (!src)
            return reportMediumFileNotFound(absolute);
    }
    const Medium sourceMedium = *src;
    if (format.isEmpty())
        format = sourceMedium.format == QLatin1String("RAW") ? QStringLiteral("VDI") : sourceMedium.format;
    const QString absoluteTarget = QFileInfo(target).absoluteFilePath();
    const QString function = QStringLiteral("RTEXITCODE handleCloneMedium(HandlerArg*)");
    if (QFileInfo::exists(absoluteTarget))
        return progressFailure(QStringLiteral("Failed to clone medium"),
            QStringLiteral("Could not create the clone medium '%1' (VERR_ALREADY_EXISTS)").arg(absoluteTarget),
            function, 1208);
    if (!convertImage(sourceMedium.location, absoluteTarget, format, &error))
        return progressFailure(QStringLiteral("Failed to clone medium"),
            QStringLiteral("Could not create the clone medium '%1'.\n%2").arg(absoluteTarget, error), function, 1208);
    // qemu-img gives the copy a UUID of its own, as VirtualBox gives a clone a new one.
    ImageInfo info;
    readImageInfo(absoluteTarget, &info);
    Medium clone { info.uuid.isEmpty() ? newUuid() : info.uuid, absoluteTarget, format, deviceType,
        sourceMedium.logicalSize };
    registry.media.append(clone);
    if (const int code = transaction.commit(nullptr))
        return code;
    progressDone();
    printOut(QStringLiteral("Clone medium created in format '%1'. UUID: %2\n").arg(format, clone.uuid));
    return ExitSuccess;
}

int handleCloseMedium(const QStringList &args)
{
    QStringList rest = args;
    QString deviceType = QStringLiteral("HardDisk");
    if (!rest.isEmpty() && isDeviceWord(rest.first())) {
        const QString word = rest.takeFirst();
        deviceType = word == QLatin1String("dvd") ? QStringLiteral("DVD") : QStringLiteral("HardDisk");
    }
    bool deleteFile = false;
    QString what;
    for (const QString &arg : rest) {
        if (arg == QLatin1String("--delete") || arg == QLatin1String("-delete"))
            deleteFile = true;
        else if (arg.startsWith(QLatin1Char('-')))
            return syntaxError(QStringLiteral("unknown option: %1\n").arg(arg));
        else if (what.isEmpty())
            what = arg;
        else
            return syntaxError(QStringLiteral("Invalid parameter '%1'").arg(arg));
    }
    if (what.isEmpty())
        return syntaxError(QStringLiteral("Medium name or UUID required"));

    RegistryTransaction transaction;
    Registry &registry = transaction.registry;
    QString error;
    Medium *medium = registry.findMedium(what);
    if (!medium) {
        const QString absolute = QFileInfo(what).absoluteFilePath();
        if (!QFileInfo::exists(absolute))
            return reportMediumFileNotFound(absolute);
        medium = openMedium(&registry, absolute, deviceType, &error);
        if (!medium)
            return reportMediumFileNotFound(absolute);
    }
    const int users = registry.machinesUsing(medium->uuid).size();
    if (users > 0) {
        ComError e;
        e.message = QStringLiteral("Medium '%1' cannot be closed because it is still attached to %2 virtual machines")
                        .arg(medium->location)
                        .arg(users);
        e.status = E_ObjectInUse;
        e.component = QStringLiteral("MediumWrap");
        e.interfaceName = QStringLiteral("IMedium");
        e.context = deleteFile ? QStringLiteral("DeleteStorage(pProgress.asOutParam())") : QStringLiteral("Close()");
        e.line = deleteFile ? 870 : 886;
        e.file = QStringLiteral("VBoxManageDisk.cpp");
        return comError(e);
    }
    const QString uuid = medium->uuid;
    if (deleteFile) {
        QFile::remove(medium->location);
        progressDone();
    }
    registry.media.removeIf([&](const Medium &m) { return m.uuid == uuid; });
    return transaction.commit(nullptr);
}

} // namespace vboxdouble
