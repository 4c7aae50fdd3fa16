#pragma once

#include <QHostAddress>
#include <QString>

#include <memory>

class QThread;

namespace berth {

class PortRelayWorker;

// Ports relayed in this process: what arrives at a port on one address of this computer goes on to the same port
// on another address. TCP: a connection on for each connection taken. UDP: each sender's datagrams on from a socket
// of its own, and the replies back to that sender (a sender quiet for udpIdleMs is forgotten). For the machine's
// agent: the hypervisors' NAT forwards listen on IPv4 only (QEMU 7.2's hostfwd, VirtualBox's NAT rules), so a
// published port answers on the IPv6 loopback through this. Traffic goes through a thread of the relay's own; the
// calls block until that thread has done them.
class PortRelay {
public:
    explicit PortRelay(int udpIdleMs = 120000);
    ~PortRelay();
    PortRelay(const PortRelay &) = delete;
    PortRelay &operator=(const PortRelay &) = delete;

    enum class Result { Relayed, AddressMissing, Refused };
    // Listens on from:port (protocol "tcp" or "udp") and relays to to:port; a port relayed already stays as it is.
    // AddressMissing: this computer has no such address (IPv6 turned off); Refused: the port is taken there or the
    // system refuses it (*error says which, in the system's words).
    Result add(const QString &protocol, int port, const QHostAddress &from, const QHostAddress &to, QString *error);
    // Stops listening, and ends the connections of that port.
    void remove(const QString &protocol, int port);
    bool contains(const QString &protocol, int port) const;
    // TCP connections and UDP senders being relayed now.
    int activeCount() const;

private:
    const int m_udpIdleMs;
    std::unique_ptr<QThread> m_thread;
    PortRelayWorker *m_worker = nullptr; // lives on m_thread
};

} // namespace berth
