#include "atomicfile.h"

#include <QFile>
#include <QFileInfo>

#include <string>
#include <vector>
#include <windows.h>
// After windows.h.
#include <aclapi.h>

namespace berth {

namespace {

const wchar_t *wideString(const QString &path)
{
    return reinterpret_cast<const wchar_t *>(path.utf16());
}

// The user this process runs as (its token's user SID), in buffer.
PSID currentUser(std::vector<char> *buffer)
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

// An access list with one entry, full access for the user, that ignores what the parent folder
// would pass down (protected). A folder's entry is inherited by the files and folders made in it.
bool setOwnerOnlyAccess(const QString &path, bool folder)
{
    std::vector<char> userBuffer;
    const PSID user = currentUser(&userBuffer);
    if (!user)
        return false;
    EXPLICIT_ACCESSW access = {};
    access.grfAccessPermissions = GENERIC_ALL;
    access.grfAccessMode = SET_ACCESS;
    access.grfInheritance = folder ? SUB_CONTAINERS_AND_OBJECTS_INHERIT : NO_INHERITANCE;
    access.Trustee.TrusteeForm = TRUSTEE_IS_SID;
    access.Trustee.TrusteeType = TRUSTEE_IS_USER;
    access.Trustee.ptstrName = static_cast<LPWSTR>(user);
    PACL acl = nullptr;
    if (SetEntriesInAclW(1, &access, nullptr, &acl) != ERROR_SUCCESS)
        return false;
    // SetFileSecurityW with a protected DACL: the parent's entries are not inherited. (Wine 8
    // ignores the same through SetNamedSecurityInfoW.)
    SECURITY_DESCRIPTOR descriptor;
    bool ok = InitializeSecurityDescriptor(&descriptor, SECURITY_DESCRIPTOR_REVISION)
        && SetSecurityDescriptorDacl(&descriptor, TRUE, acl, FALSE)
        && SetSecurityDescriptorControl(&descriptor, SE_DACL_PROTECTED, SE_DACL_PROTECTED);
    if (ok) {
        const std::wstring name(
            wideString(QFileInfo(path).absoluteFilePath().replace(QLatin1Char('/'), QLatin1Char('\\'))));
        ok = SetFileSecurityW(
            name.c_str(), DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION, &descriptor);
    }
    LocalFree(acl);
    return ok;
}

} // namespace

bool renameReplacing(const QString &from, const QString &to)
{
    return MoveFileExW(wideString(from), wideString(to), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH) != 0;
}

bool applyPermissions(const QString &path, QFileDevice::Permissions permissions)
{
    const QFileDevice::Permissions groupOrOthers = QFileDevice::ReadGroup | QFileDevice::WriteGroup
        | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    if (!(permissions & groupOrOthers))
        return setOwnerOnlyAccess(path, QFileInfo(path).isDir());
    return QFile::setPermissions(path, permissions);
}

} // namespace berth
