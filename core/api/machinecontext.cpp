// Each machine as a Docker CLI context of (nearly) the same name, kept in step with the machine.
#include "docker/dockercontexts.h"
#include "machineapi.h"
#include "util/translate.h"

#include <QFileInfo>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcContext, "berth.api.context")

namespace berth {

bool MachineApi::writeContext(const Host &host, QString *message) const
{
    const QString url = host.driver->url(message);
    if (url.isEmpty())
        return false;
    DockerContextEndpoint endpoint;
    endpoint.machine = host.machine.name;
    endpoint.storePath = m_store.rootPath();
    endpoint.host = url;
    // A machine of the none driver may have no client certificates: its engine is reached without TLS.
    if (QFileInfo::exists(host.machine.auth.caCertPath))
        endpoint.tls = clientTlsFiles(host);
    return DockerContexts().write(endpoint, message);
}

void MachineApi::updateContext(const Host &host, Progress *progress) const
{
    QString message;
    if (writeContext(host, &message))
        return;
    qCWarning(lcContext) << "context of" << host.machine.name << "not written:" << message;
    progress->step(tr("The Docker context of \"%1\" was not updated: %2").arg(host.machine.name, message));
}

void MachineApi::removeContext(const QString &name, Progress *progress) const
{
    QString message;
    if (DockerContexts().remove(name, m_store.rootPath(), &message))
        return;
    qCWarning(lcContext) << "context of" << name << "not removed:" << message;
    progress->step(tr("The Docker context of \"%1\" was not removed: %2").arg(name, message));
}

QString MachineApi::useContext(const QString &name, Error *error)
{
    Host host;
    if (!loadHost(name, &host, error))
        return QString();
    QString message;
    if (!writeContext(host, &message)) {
        fail(error, tr("Cannot make the Docker context of \"%1\": %2").arg(name, message));
        return QString();
    }
    const QString context = DockerContexts::contextName(name);
    if (!DockerContexts().setCurrent(context, &message)) {
        fail(error, message);
        return QString();
    }
    return context;
}

bool MachineApi::unsetContext(Error *error)
{
    QString message;
    return DockerContexts().setCurrent(QString(), &message) || fail(error, message);
}

} // namespace berth
