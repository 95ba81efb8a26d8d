// The MQTT link through the board's modem: a stub. A real board drives its
// cellular or Wi-Fi module's MQTT client here (AT commands or an on-chip
// stack) and its receive interrupt fills the inbound mailbox.
#pragma once

#include <cstddef>
#include <cstdint>

namespace vigie::board {

class ModemTransport {
 public:
  // What the modem needs for its next CONNECT: the Will, and the two topics
  // to subscribe to, with a persistent session.
  void configure(const char* will_topic, const char* will, std::size_t will_size,
                 const char* ack_topic, const char* cmd_topic);

  bool publish(const char* topic, const std::uint8_t* payload, std::size_t size, int qos,
               bool retained);
  bool connected() const;

  // A message from the broker, if one waits; valid until release_inbound().
  bool take_inbound(const char*& topic, const std::uint8_t*& payload, std::size_t& size);
  void release_inbound();
};

}  // namespace vigie::board
