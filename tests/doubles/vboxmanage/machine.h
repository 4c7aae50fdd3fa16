#pragma once

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QVector>

// A VM's settings as the double keeps them in <basefolder>/<name>/<name>.vbox (JSON inside, where VirtualBox
// writes XML): what modifyvm, storagectl, storageattach and sharedfolder set, and the machine state.
namespace vboxdouble {

struct PortForward {
    QString name;
    QString protocol; // tcp or udp
    QString hostIp;
    quint32 hostPort = 0;
    QString guestIp;
    quint32 guestPort = 0;
};

struct NetworkAdapter {
    bool enabled = false;
    QString attachment = QStringLiteral("null"); // nat, hostonly, bridged, intnet, natnetwork, generic, null
    QString type = QStringLiteral("82540EM");
    QString mac; // 080027XXXXXX
    bool cableConnected = true;
    QString promisc = QStringLiteral("deny");
    QString hostOnlyAdapter;
    QString bridgedAdapter;
    QString internalNetwork = QStringLiteral("intnet");
    QString natNetwork;
    QString genericDriver;
    QString natNet; // the NAT engine's network, empty for the default 10.0.2.0/24
    quint32 speed = 0;
    QVector<PortForward> forwards; // kept sorted by name, as VirtualBox lists them
};

struct MediumAttachment {
    int port = 0;
    int device = 0;
    QString type; // dvddrive or hdd
    QString mediumUuid; // empty: an empty drive
    bool hotPluggable = false;
    bool nonRotational = false;
    bool discard = false;
};

struct StorageController {
    QString name;
    QString bus; // ide, sata, scsi, sas, floppy, usb, pcie, virtio
    QString type; // IntelAhci, PIIX4, LsiLogic, ...
    int portCount = 0;
    int maxPortCount = 0;
    int maxDevicesPerPort = 1;
    bool bootable = true;
    bool hostIoCache = false;
    QVector<MediumAttachment> attachments;

    const MediumAttachment *attachmentAt(int port, int device) const;
};

struct SerialPort {
    bool enabled = false;
    quint32 ioBase = 0x3f8;
    quint32 irq = 4;
    QString mode = QStringLiteral("disconnected"); // disconnected, file, server, client, tcpserver, tcpclient, device
    QString path;
    QString uartType = QStringLiteral("16550A");
};

struct SharedFolder {
    QString name;
    QString hostPath;
    bool writable = true;
    bool autoMount = false;
    QString autoMountPoint;
};

struct Machine {
    QString uuid;
    QString name;
    QString settingsFile;
    QString osType = QStringLiteral("Other");
    QString description;
    quint32 memory = 128;
    quint32 cpus = 1;
    quint32 vram = 8;
    QString firmware = QStringLiteral("BIOS");
    QString chipset = QStringLiteral("piix3");
    QString bootMenu = QStringLiteral("messageandmenu");
    QStringList bootOrder { QStringLiteral("floppy"), QStringLiteral("dvd"), QStringLiteral("disk"),
        QStringLiteral("none") };
    QString paravirtProvider = QStringLiteral("default");
    QString graphicsController = QStringLiteral("vboxvga");
    QString audioDriver; // empty: no audio
    QString pointing = QStringLiteral("ps2mouse");
    QString keyboard = QStringLiteral("ps2kbd");
    QString clipboard = QStringLiteral("disabled");
    QString dragAndDrop = QStringLiteral("disabled");
    bool usbOhci = false;
    bool usbEhci = false;
    bool usbXhci = false;
    bool vrde = false;
    // on/off settings by their showvminfo name: pae, longmode, acpi, ioapic, hpet, rtcuseutc, hwvirtex, ...
    QMap<QString, bool> switches;
    QVector<NetworkAdapter> nics;
    QVector<SerialPort> uarts;
    QVector<StorageController> controllers;
    QVector<SharedFolder> sharedFolders;
    QMap<QString, QString> extraData;
    QMap<QString, QString> guestProperties;
    // Settings modifyvm accepts that change nothing the double emulates, by option name.
    QMap<QString, QString> otherSettings;

    QString state = QStringLiteral("poweroff"); // poweroff, running, paused, aborted, saved
    qint64 stateChangeMs = 0;

    static Machine create(const QString &name, const QString &osType, const QString &settingsFile);
    QString folder() const;
    QString logFolder() const;
    bool switchOn(const QString &key) const { return switches.value(key); }
    StorageController *controller(const QString &controllerName);
    const StorageController *controller(const QString &controllerName) const;
    void setState(const QString &newState);

    QJsonObject toJson() const;
    static Machine fromJson(const QJsonObject &json);
};

// A new MAC address in VirtualBox's range, 080027XXXXXX.
QString generateMacAddress();
// The description showvminfo prints for an OS type, and whether the type is one VirtualBox knows.
QString osTypeDescription(const QString &osTypeId);
bool isKnownOsType(const QString &osTypeId);
bool isLinuxOsType(const QString &osTypeId);
bool is64BitOsType(const QString &osTypeId);

} // namespace vboxdouble
