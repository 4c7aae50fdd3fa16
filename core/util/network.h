#pragma once

#include <QString>

namespace berth {

// An IPv4/IPv6 address or a DNS host name.
bool isValidHostAddress(const QString &host);
// "host:port", with brackets around an IPv6 address.
QString joinHostPort(const QString &host, int port);
// True when a TCP connection to host:port opens within timeoutMs. Blocking; for a worker thread.
bool tcpPortAnswers(const QString &host, int port, int timeoutMs);

} // namespace berth
