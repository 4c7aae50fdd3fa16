#include "seediso.h"

#include "util/atomicfile.h"
#include "util/translate.h"

#include <QSet>

#include <algorithm>
#include <vector>

// ISO 9660 (ECMA-119) with a Joliet supplementary volume descriptor, root directory only.
// Layout in 2048-byte sectors:
//   0-15 system area | 16 primary VD | 17 Joliet VD | 18 terminator | 19-22 path tables
//   | primary root directory | Joliet root directory | file data, each file from a sector start.

namespace berth {

namespace {

constexpr int sectorSize = 2048;
constexpr quint32 primaryDescriptorSector = 16;
constexpr quint32 pathTableSector = 19; // primary L, primary M, Joliet L, Joliet M
constexpr quint32 firstDirectorySector = 23;
constexpr int pathTableSize = 10; // one record: the root

// A fixed time for every timestamp, so the same input always gives the same bytes.
constexpr char descriptorDate[] = "2000010100000000"; // YYYYMMDDHHMMSScc, then a GMT offset byte
constexpr unsigned char recordDate[7] = { 100, 1, 1, 0, 0, 0, 0 }; // years since 1900 ... GMT offset

void put8(QByteArray &data, int offset, quint8 value)
{
    data[offset] = static_cast<char>(value);
}

void put16Le(QByteArray &data, int offset, quint16 value)
{
    put8(data, offset, value & 0xff);
    put8(data, offset + 1, value >> 8);
}

void put16Be(QByteArray &data, int offset, quint16 value)
{
    put8(data, offset, value >> 8);
    put8(data, offset + 1, value & 0xff);
}

void put32Le(QByteArray &data, int offset, quint32 value)
{
    for (int i = 0; i < 4; ++i)
        put8(data, offset + i, (value >> (8 * i)) & 0xff);
}

void put32Be(QByteArray &data, int offset, quint32 value)
{
    for (int i = 0; i < 4; ++i)
        put8(data, offset + i, (value >> (8 * (3 - i))) & 0xff);
}

// ECMA-119 "both-byte orders": little-endian, then big-endian.
void put16Both(QByteArray &data, int offset, quint16 value)
{
    put16Le(data, offset, value);
    put16Be(data, offset + 2, value);
}

void put32Both(QByteArray &data, int offset, quint32 value)
{
    put32Le(data, offset, value);
    put32Be(data, offset + 4, value);
}

void putBytes(QByteArray &data, int offset, const QByteArray &bytes)
{
    std::copy(bytes.cbegin(), bytes.cend(), data.begin() + offset);
}

// An a-/d-character field: ASCII, padded with spaces.
void putAscii(QByteArray &data, int offset, int length, const QString &text)
{
    putBytes(data, offset, text.toLatin1().leftJustified(length, ' ', true));
}

QByteArray ucs2(const QString &text)
{
    QByteArray bytes;
    for (const QChar c : text) {
        bytes.append(static_cast<char>(c.unicode() >> 8));
        bytes.append(static_cast<char>(c.unicode() & 0xff));
    }
    return bytes;
}

// A Joliet field: UCS-2 big-endian, padded with UCS-2 spaces (an odd last byte stays zero).
void putUcs2(QByteArray &data, int offset, int length, const QString &text)
{
    const QByteArray bytes = ucs2(text.leftJustified(length / 2, QLatin1Char(' '), true));
    putBytes(data, offset, bytes);
}

quint32 sectorsFor(qint64 bytes)
{
    return static_cast<quint32>((bytes + sectorSize - 1) / sectorSize);
}

struct Entry {
    QByteArray primaryName; // "META_DAT.;1"
    QByteArray jolietName; // UCS-2 "meta-data"
    quint32 extent = 0;
    quint32 size = 0;
};

QByteArray directoryRecord(quint32 extent, quint32 size, bool directory, const QByteArray &identifier)
{
    // 33 fixed bytes, the identifier, and a pad byte that keeps the record length even.
    const int length = 33 + identifier.size() + (identifier.size() % 2 == 0 ? 1 : 0);
    QByteArray record(length, '\0');
    put8(record, 0, static_cast<quint8>(length));
    put32Both(record, 2, extent);
    put32Both(record, 10, size);
    for (int i = 0; i < 7; ++i)
        put8(record, 18 + i, recordDate[i]);
    put8(record, 25, directory ? 0x02 : 0x00);
    put16Both(record, 28, 1); // volume sequence number
    put8(record, 32, static_cast<quint8>(identifier.size()));
    putBytes(record, 33, identifier);
    return record;
}

// Records may not cross a sector boundary: one that does not fit starts the next sector.
QByteArray packDirectory(const std::vector<QByteArray> &records)
{
    QByteArray data;
    for (const QByteArray &record : records) {
        const int used = data.size() % sectorSize;
        if (used + record.size() > sectorSize)
            data.append(QByteArray(sectorSize - used, '\0'));
        data.append(record);
    }
    if (data.size() % sectorSize != 0)
        data.append(QByteArray(sectorSize - data.size() % sectorSize, '\0'));
    return data;
}

// The root directory: ".", "..", then the files in the order the standard asks for.
QByteArray rootDirectory(quint32 extent, const std::vector<Entry> &entries, bool joliet)
{
    std::vector<const Entry *> sorted;
    for (const Entry &entry : entries)
        sorted.push_back(&entry);
    // Primary names: 8.3 names compare as space-padded name, then extension. Joliet: UCS-2 code units.
    std::sort(sorted.begin(), sorted.end(), [joliet](const Entry *a, const Entry *b) {
        if (joliet)
            return a->jolietName < b->jolietName;
        const auto key = [](const QByteArray &name) -> QByteArray {
            const int dot = name.indexOf('.');
            return name.left(dot).leftJustified(8, ' ') + name.mid(dot + 1).leftJustified(5, ' ');
        };
        return key(a->primaryName) < key(b->primaryName);
    });

    const auto build = [&](quint32 ownSize) {
        std::vector<QByteArray> records;
        records.push_back(directoryRecord(extent, ownSize, true, QByteArray(1, '\0')));
        records.push_back(directoryRecord(extent, ownSize, true, QByteArray(1, '\1')));
        for (const Entry *entry : sorted)
            records.push_back(
                directoryRecord(entry->extent, entry->size, false, joliet ? entry->jolietName : entry->primaryName));
        return packDirectory(records);
    };
    // The "." record holds the directory's own size, known once the records are packed.
    const QByteArray sized = build(0);
    return build(static_cast<quint32>(sized.size()));
}

QByteArray pathTable(quint32 rootExtent, bool bigEndian)
{
    QByteArray table(pathTableSize, '\0');
    put8(table, 0, 1); // identifier length: the root's is one zero byte
    if (bigEndian) {
        put32Be(table, 2, rootExtent);
        put16Be(table, 6, 1);
    } else {
        put32Le(table, 2, rootExtent);
        put16Le(table, 6, 1);
    }
    return table;
}

QByteArray volumeDescriptor(
    bool joliet, const QString &volumeId, quint32 volumeSectors, quint32 pathTables, const QByteArray &rootRecord)
{
    QByteArray d(sectorSize, '\0');
    put8(d, 0, joliet ? 2 : 1);
    putBytes(d, 1, "CD001");
    put8(d, 6, 1);
    const auto putText = [&](int offset, int length, const QString &text) {
        if (joliet)
            putUcs2(d, offset, length, text);
        else
            putAscii(d, offset, length, text);
    };
    putText(8, 32, QString()); // system identifier
    putText(40, 32, volumeId);
    put32Both(d, 80, volumeSectors);
    if (joliet)
        putBytes(d, 88, "%/E"); // UCS-2 level 3
    put16Both(d, 120, 1); // volume set size
    put16Both(d, 124, 1); // volume sequence number
    put16Both(d, 128, sectorSize);
    put32Both(d, 132, pathTableSize);
    put32Le(d, 140, pathTables);
    put32Be(d, 148, pathTables + 1);
    putBytes(d, 156, rootRecord);
    putText(190, 128, QString()); // volume set
    putText(318, 128, QString()); // publisher
    putText(446, 128, QString()); // data preparer
    putText(574, 128, QStringLiteral("BERTH")); // application
    putText(702, 37, QString()); // copyright file
    putText(739, 37, QString()); // abstract file
    putText(776, 37, QString()); // bibliographic file
    putBytes(d, 813, descriptorDate); // creation
    putBytes(d, 830, descriptorDate); // modification
    putBytes(d, 847, "0000000000000000"); // expiration: none
    putBytes(d, 864, "0000000000000000"); // effective: now
    put8(d, 881, 1); // file structure version
    return d;
}

QByteArray terminator()
{
    QByteArray d(sectorSize, '\0');
    put8(d, 0, 255);
    putBytes(d, 1, "CD001");
    put8(d, 6, 1);
    return d;
}

bool isNameChar(QChar c)
{
    return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
        || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('_') || c == QLatin1Char('-');
}

// ISO 9660 level 1 name: up to 8 d-characters, a dot, up to 3, ";1". Unique within the directory.
QByteArray primaryName(const QString &name, QSet<QByteArray> *used)
{
    const auto dChars = [](const QString &part, int length) {
        QByteArray out;
        for (const QChar c : part) {
            if (out.size() == length)
                break;
            out.append(isNameChar(c) && c != QLatin1Char('-') ? c.toUpper().toLatin1() : '_');
        }
        return out;
    };
    const int dot = name.lastIndexOf(QLatin1Char('.'));
    QByteArray base = dChars(dot < 0 ? name : name.left(dot), 8);
    const QByteArray extension = dot < 0 ? QByteArray() : dChars(name.mid(dot + 1), 3);
    if (base.isEmpty())
        base = "_";
    QByteArray candidate = base + '.' + extension;
    // "user-data" and "user_data" both map to USER_DAT: number the later ones.
    for (int n = 1; used->contains(candidate); ++n) {
        const QByteArray suffix = QByteArray::number(n);
        candidate = base.left(8 - suffix.size()) + suffix + '.' + extension;
    }
    used->insert(candidate);
    return candidate + ";1";
}

bool validate(const QString &volumeId, const QList<QPair<QString, QByteArray>> &files, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (volumeId.isEmpty() || volumeId.size() > seedIsoMaxVolumeIdLength
        || !std::all_of(volumeId.cbegin(), volumeId.cend(), isNameChar))
        return fail(tr("The volume name \"%1\" cannot label a seed image: use 1 to %2 ASCII letters, digits, '_' or "
                       "'-'.")
                        .arg(volumeId, QString::number(seedIsoMaxVolumeIdLength)));
    QSet<QString> seen;
    for (const auto &file : files) {
        const QString &name = file.first;
        if (name.size() > seedIsoMaxNameLength)
            return fail(tr("The file name \"%1\" is too long for a seed image: it has %2 characters, at most %3 fit.")
                            .arg(name, QString::number(name.size()), QString::number(seedIsoMaxNameLength)));
        const bool allowed
            = std::all_of(name.cbegin(), name.cend(), [](QChar c) { return isNameChar(c) || c == QLatin1Char('.'); });
        if (name.isEmpty() || !allowed || name == QLatin1String(".") || name == QLatin1String(".."))
            return fail(tr("The file name \"%1\" cannot go into a seed image: use ASCII letters, digits, '.', '_' or "
                           "'-'.")
                            .arg(name));
        // Windows and macOS read Joliet names without regard to case.
        if (seen.contains(name.toLower()))
            return fail(tr("The file name \"%1\" appears twice in the seed image.").arg(name));
        seen.insert(name.toLower());
        if (file.second.size() > seedIsoMaxFileSize)
            return fail(tr("The file \"%1\" is too large for a seed image: %2 bytes, at most %3 fit.")
                            .arg(name, QString::number(file.second.size()), QString::number(seedIsoMaxFileSize)));
    }
    return true;
}

} // namespace

bool writeSeedIso(
    const QString &path, const QString &volumeId, const QList<QPair<QString, QByteArray>> &files, QString *error)
{
    if (!validate(volumeId, files, error))
        return false;

    std::vector<Entry> entries;
    QSet<QByteArray> usedPrimaryNames;
    for (const auto &file : files) {
        Entry entry;
        entry.primaryName = primaryName(file.first, &usedPrimaryNames);
        // No ";1" version: genisoimage omits it in Joliet, and isoinfo would show it as part of the name.
        entry.jolietName = ucs2(file.first);
        entry.size = static_cast<quint32>(file.second.size());
        entries.push_back(entry);
    }

    // Directory sizes do not depend on extents: pack once to learn them, then place the file data.
    const quint32 primaryRoot = firstDirectorySector;
    const quint32 jolietRoot = primaryRoot + sectorsFor(rootDirectory(0, entries, false).size());
    quint32 next = jolietRoot + sectorsFor(rootDirectory(0, entries, true).size());
    for (Entry &entry : entries) {
        // An empty file has no data; extent 0 is what other writers record for it.
        entry.extent = entry.size == 0 ? 0 : next;
        next += sectorsFor(entry.size);
    }
    const quint32 volumeSectors = next;

    const QByteArray primaryDirectory = rootDirectory(primaryRoot, entries, false);
    const QByteArray jolietDirectory = rootDirectory(jolietRoot, entries, true);
    // The descriptors hold a copy of the root's "." record.
    const QByteArray primaryRootRecord = primaryDirectory.left(34);
    const QByteArray jolietRootRecord = jolietDirectory.left(34);

    QByteArray image(static_cast<int>(volumeSectors) * sectorSize, '\0');
    const auto at = [](quint32 sector) { return static_cast<int>(sector) * sectorSize; };
    putBytes(image, at(primaryDescriptorSector),
        volumeDescriptor(false, volumeId, volumeSectors, pathTableSector, primaryRootRecord));
    putBytes(image, at(primaryDescriptorSector + 1),
        volumeDescriptor(true, volumeId, volumeSectors, pathTableSector + 2, jolietRootRecord));
    putBytes(image, at(primaryDescriptorSector + 2), terminator());
    putBytes(image, at(pathTableSector), pathTable(primaryRoot, false));
    putBytes(image, at(pathTableSector + 1), pathTable(primaryRoot, true));
    putBytes(image, at(pathTableSector + 2), pathTable(jolietRoot, false));
    putBytes(image, at(pathTableSector + 3), pathTable(jolietRoot, true));
    putBytes(image, at(primaryRoot), primaryDirectory);
    putBytes(image, at(jolietRoot), jolietDirectory);
    for (size_t i = 0; i < entries.size(); ++i) {
        if (entries[i].size != 0)
            putBytes(image, at(entries[i].extent), files.at(static_cast<qsizetype>(i)).second);
    }

    // Private: a seed may carry the engine's server key.
    return writeFileAtomic(path, image, privateFilePermissions, error);
}

} // namespace berth
