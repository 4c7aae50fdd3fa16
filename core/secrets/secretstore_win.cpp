#include "secretstore.h"
#include "util/translate.h"

namespace berth {

// The Credential Manager is part of every Windows session.
QString SecretStore::keychainMissing()
{
    return {};
}

QString SecretStore::unavailableAdvice()
{
    return tr("Berth keeps passwords in the Windows Credential Manager only, never in a file: check that the "
              "Credential Manager service runs for this user, then try again.");
}

} // namespace berth
