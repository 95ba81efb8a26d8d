// The gateway's own TCP sockets to the broker, which Paho C gives no handle on.
// Nagle's algorithm off: Paho C leaves it on, and an alert published right
// after the PUBACK of the event that raised it then waits for the broker's
// delayed ACK (40 ms on Linux). And a way to refuse a message without a NACK.
#pragma once

#include <optional>
#include <string>

namespace vigie::broker {

// The port of a broker URL: tcp://host:PORT, ssl://host:PORT, mqtt://, mqtts://; without a
// port, 1883 (plain) or 8883 (TLS). nullopt if the URL is not one of those shapes.
std::optional<int> broker_port(const std::string& url);

// Sets TCP_NODELAY on every connected TCP socket of this process whose peer port is PORT.
// Returns how many sockets it set.
int set_nodelay_to_port(int port);

// Shuts down (both ways) every connected TCP socket of this process whose peer port is
// PORT: from inside Paho's message handler, the PUBACK written after it returns can no
// longer leave, and Paho sees the connection lost. Returns how many sockets it shut.
int shut_down_to_port(int port);

}  // namespace vigie::broker
