// The MQTT link through the board's modem, over USART1 with the framing of
// modem_link.hpp: the node writes SUB, WILL and PUB frames, the modem answers
// with UP, DOWN and MSG. The receive interrupt fills a ring; poll(), from the
// main loop, turns its bytes into link state and inbound messages.
#pragma once

#include <cstddef>
#include <cstdint>

#include "modem_link.hpp"

namespace vigie::board {

class ModemTransport {
 public:
  // What the modem needs for its next CONNECT: the Will, and the two topics
  // to subscribe to, with a persistent session. Sent at once.
  void configure(const char* will_topic, const char* will, std::size_t will_size,
                 const char* ack_topic, const char* cmd_topic);

  // Writes the frame out (blocking: 115200 baud, a 4 KiB batch in about 0.4 s).
  bool publish(const char* topic, const std::uint8_t* payload, std::size_t size, int qos,
               bool retained);
  bool connected() const { return link_up_; }

  // Reads what the modem sent, up to one complete inbound message.
  void poll();
  // A message from the broker, if one waits; valid until release_inbound().
  bool take_inbound(const char*& topic, const std::uint8_t*& payload, std::size_t& size);
  void release_inbound() { message_waiting_ = false; }

  std::uint32_t bad_frames() const { return reader_.bad_frames(); }

 private:
  void send_header(std::size_t size);

  ModemFrameReader reader_;
  char header_[ModemFrameReader::kTopicMax + 32] = {};
  bool link_up_ = false;
  bool message_waiting_ = false;
};

}  // namespace vigie::board
