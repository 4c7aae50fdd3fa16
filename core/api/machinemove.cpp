// MachineApi's move of a Docker Toolbox machine to Berth's VM image: a new machine of the same driver and size,
// and the Toolbox machine's images copied into its engine.

#include "docker/dockerclient.h"
#include "drivers/imagevmdriver.h"
#include "machineapi.h"
#include "util/translate.h"

namespace berth {

namespace {

// A whole copy may take this long: images of several GB through a VM's virtual network.
constexpr int imageCopyTimeoutMs = 4 * 60 * 60 * 1000;

} // namespace

bool MachineApi::moveToolboxMachine(const QString &name, Progress *progress, Error *error)
{
    Host old;
    if (!loadHost(name, &old, error))
        return false;
    const QString target = ImageVmDriver::movedMachineName(name);
    if (!old.driver->isToolboxMachine())
        return fail(error,
            tr("\"%1\" already runs Berth's VM image: berth upgrade %1 gives it the newest one, with its data.")
                .arg(name));
    if (m_store.exists(target))
        return fail(error,
            tr("A machine \"%1\" exists already: the move of \"%2\" makes it. Remove it (berth rm %1) if it is a "
               "leftover of an earlier move, or copy the images by hand (berth upgrade %2 says how).")
                .arg(target, name));

    // The Toolbox machine's engine must run to hand out its images; it is stopped again if it was.
    const bool wasRunning = old.driver->state(nullptr) == MachineState::Running;
    if (!wasRunning && !start(name, progress, error))
        return false;
    // The new machine, of the same hypervisor, size and engine options, and the images in it.
    const bool moved = [&] {
        // The same hypervisor, processors, memory and disk; the same engine options, but the storage driver
        // (boot2docker's aufs or devicemapper is not Berth's image's).
        const MachineResources resources = old.driver->resources();
        CreateOptions options;
        options.name = target;
        options.driverName = old.driver->driverName();
        const QString prefix = options.driverName + QLatin1Char('-');
        if (resources.cpus > 0)
            options.driverFlags.insert(prefix + QStringLiteral("cpu-count"), { QString::number(resources.cpus) });
        if (resources.memoryMb > 0)
            options.driverFlags.insert(prefix + QStringLiteral("memory"), { QString::number(resources.memoryMb) });
        if (resources.diskMb > 0)
            options.driverFlags.insert(prefix + QStringLiteral("disk-size"), { QString::number(resources.diskMb) });
        options.engine = old.machine.engine;
        options.engine.storageDriver.clear();
        progress->step(tr("Creating \"%1\", of Berth's VM image, for the images of \"%2\"...").arg(target, name));
        if (!create(options, progress, error))
            return false;

        Host made;
        QString message;
        if (!loadHost(target, &made, error))
            return false;
        const QString fromUrl = old.driver->url(&message);
        const QString toUrl = fromUrl.isEmpty() ? QString() : made.driver->url(&message);
        if (toUrl.isEmpty())
            return fail(error, message);
        DockerClient from(fromUrl, clientTlsFiles(old), 30000);
        const DockerClient to(toUrl, clientTlsFiles(made), 30000);
        QStringList images;
        qint64 bytes = 0;
        if (!from.imageTags(&images, &bytes, &message))
            return fail(error, message);
        if (images.isEmpty()) {
            progress->step(tr("\"%1\" has no tagged images to copy.").arg(name));
        } else {
            progress->step(tr("Copying the images of \"%1\" (%2 MB) into \"%3\": %4...")
                               .arg(name)
                               .arg(bytes / (1024 * 1024))
                               .arg(target, images.join(QStringLiteral(", "))));
            // A line for every tenth of the way (the sizes overlap where images share layers: it may end early).
            qint64 nextReport = qMax<qint64>(bytes / 10, 64 * 1024 * 1024);
            const auto report = [&](qint64 copied) {
                if (copied >= nextReport) {
                    progress->step(tr("  %1 MB copied").arg(copied / (1024 * 1024)));
                    nextReport = copied + qMax<qint64>(bytes / 10, 64 * 1024 * 1024);
                }
                return !progress->isCanceled();
            };
            if (!from.copyImages(to, images, report, imageCopyTimeoutMs, &message))
                return fail(error,
                    tr("%1\n\"%2\" is made and keeps what was copied; copy the rest by hand (berth upgrade %3 says "
                       "how), or remove it (berth rm %2) and move again.")
                        .arg(message, target, name),
                    progress->isCanceled() ? ErrorKind::Canceled : ErrorKind::General);
        }
        return true;
    }();
    Error stopError;
    if (!wasRunning && !stop(name, progress, &stopError))
        progress->step(tr("\"%1\" could not be stopped again: %2").arg(name, stopError.message));
    if (!moved)
        return false;
    progress->step(tr("\"%1\" has the images of \"%2\". Containers and volumes stay on \"%2\" (berth upgrade %2 "
                      "says how to copy volumes). Use it with: eval $(berth env %1). When it has what you need, "
                      "remove \"%2\" with berth rm %2.")
                       .arg(target, name));
    return true;
}

} // namespace berth
