#pragma once

#include <QString>

namespace berth {

// 127.0.0.1: where a VM's forwarded ports listen here, unless the machine was made to publish on every interface.
QString loopbackIPv4();
// An IPv4/IPv6 address or a DNS host name.
bool isValidHostAddress(const QString &host);
// "host:port", with brackets around an IPv6 address.
QString joinHostPort(const QString &host, int port);
// True when a TCP connection to host:port opens within timeoutMs. Blocking; for a worker thread.
bool tcpPortAnswers(const QString &host, int port, int timeoutMs);
// True when an SSH server's identification ("SSH-...") arrives on host:port within timeoutMs, so
// behind a port forward that accepts before the server is up. Blocking; for a worker thread.
bool sshBannerSeen(const QString &host, int port, int timeoutMs);

// Whether a program here could take port (protocol "tcp" or "udp") on address now: it binds it for a moment.
enum class PortUse { Free, InUse, NotAllowed, Unusable };
PortUse probeLocalPort(const QString &protocol, const QString &address, int port);

} // namespace berth
