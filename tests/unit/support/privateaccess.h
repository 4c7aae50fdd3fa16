#pragma once

// Test support: who may open a file or folder, as the platform itself says. On POSIX the mode bits;
// on Windows the access list (DACL), read with GetNamedSecurityInfoW, where Berth gives the store's
// files one entry for the user alone (berth::applyPermissions in core/util/atomicfile_win.cpp).

#include "wineprocesses.h"

#include <QFile>
#include <QFileInfo>
#include <QString>

#ifdef Q_OS_WIN
#include <vector>
#include <windows.h>
// After windows.h.
#include <aclapi.h>
#include <sddl.h>
#else
#include <sys/stat.h>
#endif

namespace berth::test {

#ifdef Q_OS_WIN

inline std::wstring windowsPath(const QString &path)
{
    const QString native = QFileInfo(path).absoluteFilePath().replace(QLatin1Char('/'), QLatin1Char('\\'));
    return std::wstring(reinterpret_cast<const wchar_t *>(native.utf16()), size_t(native.size()));
}

// The user this process runs as (its token's user SID), in buffer.
inline PSID currentUserSid(std::vector<char> *buffer)
{
    HANDLE token = nullptr;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
        return nullptr;
    DWORD size = 0;
    GetTokenInformation(token, TokenUser, nullptr, 0, &size);
    buffer->resize(size);
    const bool ok = size > 0 && GetTokenInformation(token, TokenUser, buffer->data(), size, &size);
    CloseHandle(token);
    return ok ? reinterpret_cast<TOKEN_USER *>(buffer->data())->User.Sid : nullptr;
}

// The access list of path in SDDL ("D:P(A;;FA;;;S-1-5-21-...)"), or why it could not be read.
inline QString accessListText(const QString &path, bool *ok = nullptr)
{
    std::wstring name = windowsPath(path);
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    PACL dacl = nullptr;
    const DWORD result = GetNamedSecurityInfoW(
        name.data(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, nullptr, nullptr, &dacl, nullptr, &descriptor);
    if (ok)
        *ok = false;
    if (result != ERROR_SUCCESS)
        return QStringLiteral("GetNamedSecurityInfoW failed with %1").arg(result);
    LPWSTR text = nullptr;
    QString sddl = QStringLiteral("ConvertSecurityDescriptorToStringSecurityDescriptorW failed");
    if (ConvertSecurityDescriptorToStringSecurityDescriptorW(
            descriptor, SDDL_REVISION_1, DACL_SECURITY_INFORMATION, &text, nullptr)) {
        sddl = QString::fromWCharArray(text);
        LocalFree(text);
        if (ok)
            *ok = true;
    }
    LocalFree(descriptor);
    return sddl;
}

// Empty when the access list of path lets the current user alone in (every entry allows, and names
// that user; under Wine, SYSTEM too); otherwise what is wrong, with the list in SDDL. Wine keeps no access
// list of its own: it shows one made from the file's Unix mode, where the group's bits appear as an entry
// for SYSTEM (S-1-5-18), accepted there beside the user's; on Windows itself only the user's is.
inline QString ownerOnlyProblem(const QString &path)
{
    if (!QFileInfo::exists(path))
        return path + QStringLiteral(": does not exist");
    std::vector<char> userBuffer;
    const PSID user = currentUserSid(&userBuffer);
    if (!user)
        return QStringLiteral("the current user's SID could not be read");
    std::wstring name = windowsPath(path);
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    PACL dacl = nullptr;
    const DWORD result = GetNamedSecurityInfoW(
        name.data(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, nullptr, nullptr, &dacl, nullptr, &descriptor);
    if (result != ERROR_SUCCESS)
        return path + QStringLiteral(": GetNamedSecurityInfoW failed with %1").arg(result);
    const bool wine = underWine();
    SID_IDENTIFIER_AUTHORITY ntAuthority = SECURITY_NT_AUTHORITY;
    PSID system = nullptr;
    if (!AllocateAndInitializeSid(&ntAuthority, 1, SECURITY_LOCAL_SYSTEM_RID, 0, 0, 0, 0, 0, 0, 0, &system))
        return QStringLiteral("the SYSTEM SID could not be made");
    QString problem;
    bool userFound = false;
    ACL_SIZE_INFORMATION size = {};
    if (!dacl) {
        problem = QStringLiteral("no access list: everyone has full access");
    } else if (!GetAclInformation(dacl, &size, sizeof(size), AclSizeInformation)) {
        problem = QStringLiteral("GetAclInformation failed");
    } else if (size.AceCount == 0) {
        problem = QStringLiteral("an empty access list: not even the user may open it");
    } else {
        for (DWORD i = 0; i < size.AceCount && problem.isEmpty(); ++i) {
            void *entry = nullptr;
            if (!GetAce(dacl, i, &entry)) {
                problem = QStringLiteral("GetAce %1 failed").arg(i);
                break;
            }
            const auto *header = static_cast<const ACE_HEADER *>(entry);
            if (header->AceType != ACCESS_ALLOWED_ACE_TYPE) {
                problem = QStringLiteral("entry %1 is of type %2, not an allowing one").arg(i).arg(header->AceType);
                break;
            }
            const auto *allowed = static_cast<const ACCESS_ALLOWED_ACE *>(entry);
            const PSID sid = const_cast<DWORD *>(&allowed->SidStart);
            if (EqualSid(sid, user))
                userFound = true;
            else if (!(wine && EqualSid(sid, system)))
                problem = QStringLiteral("entry %1 lets in someone else than the user").arg(i);
        }
        if (problem.isEmpty() && !userFound)
            problem = QStringLiteral("no entry lets the user in");
    }
    FreeSid(system);
    LocalFree(descriptor);
    return problem.isEmpty()
        ? QString()
        : path + QStringLiteral(": ") + problem + QStringLiteral(" (") + accessListText(path) + QLatin1Char(')');
}

#else

inline int posixMode(const QString &path)
{
    struct stat st = {};
    if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return static_cast<int>(st.st_mode & 07777);
}

#endif

// Empty when path is private to its user as Berth makes the store's files and folders: on POSIX its
// mode is exactly `mode` (0600 for a file, 0700 for a folder); on Windows only the user is let in.
// Otherwise what is wrong.
inline QString privacyProblem(const QString &path, int mode)
{
#ifdef Q_OS_WIN
    Q_UNUSED(mode);
    return ownerOnlyProblem(path);
#else
    const int actual = posixMode(path);
    if (actual == mode)
        return {};
    return QStringLiteral("%1: mode %2, not %3").arg(path, QString::number(actual, 8), QString::number(mode, 8));
#endif
}

// Who may do what with path, as text that changes whenever that changes: the mode in octal on
// POSIX, the access list in SDDL and the read-only attribute on Windows.
inline QString accessFingerprint(const QString &path)
{
#ifdef Q_OS_WIN
    return accessListText(path) + (QFileInfo(path).isWritable() ? QString() : QStringLiteral(" read-only"));
#else
    return QString::number(posixMode(path), 8);
#endif
}

} // namespace berth::test

#define QVERIFY_PRIVATE(path, mode)                                                                                    \
    do {                                                                                                               \
        const QString problem__ = berth::test::privacyProblem((path), (mode));                                         \
        QVERIFY2(problem__.isEmpty(), qPrintable(problem__));                                                          \
    } while (false)
