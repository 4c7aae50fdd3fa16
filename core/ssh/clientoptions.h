#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace berth::ssh {

// One -L or -R: [bindAddress:]port:host:hostPort, as OpenSSH's ssh takes it.
struct Forward {
    QString bindAddress; // empty: the loopback address
    int port = 0; // 0 for -R: the server chooses
    QString host;
    int hostPort = 0;
    QString spec; // as given, for messages
};

// What `berth ssh MACHINE [options] [--] [command]` asks of the built-in (libssh) client.
struct ClientOptions {
    QList<Forward> localForwards; // -L
    QList<Forward> remoteForwards; // -R
    bool noCommand = false; // -N: forward ports only, run nothing
    bool compression = false; // -C
    enum class Tty { Auto, Force, Never };
    Tty tty = Tty::Auto; // -t / -T
    QStringList command; // the remote command's words; a leading `--` is not one of them
};

// Parses OpenSSH-style options up to the first word that is not one (or `--`), the way ssh reads
// them after the host: clustered flags (-NC), values joined or apart (-L8080:h:80, -L 8080:h:80).
// Options of OpenSSH's that the built-in client does not do are refused by name, never ignored.
bool parseClientOptions(const QStringList &args, ClientOptions *options, QString *error);

// Parses one -L/-R value; remote says which (the port may be 0 there).
bool parseForward(const QString &spec, bool remote, Forward *forward, QString *error);

// The remote command as the remote shell gets it: the words joined by spaces, as ssh does.
QString remoteCommand(const QStringList &words);

} // namespace berth::ssh
