// The serial link between the node and its modem. The MQTT client runs on the
// other side (a cellular module's firmware, a Wi-Fi co-processor, or a bridge
// on a host); the node only frames what it publishes and reads what arrives.
// One frame = a header line of space-separated fields, then for the frames
// that carry bytes exactly `size` bytes and a newline:
//
//   node -> modem   SUB <topic>                     subscribe on every connect
//                   WILL <topic> <size>             the Will for the next CONNECT
//                   PUB <qos> <retain 0|1> <topic> <size>
//   modem -> node   UP | DOWN                       the MQTT session's state
//                   MSG <topic> <size>              a message on a subscribed topic
//
// Topics hold no space or newline (node topics never do). Anything else the
// modem sends is counted and skipped up to the next newline, so one garbled
// frame costs that frame only. Portable: the host tests feed it bytes.
#pragma once

#include <cstddef>
#include <cstdint>

namespace vigie::board {

class ModemFrameReader {
 public:
  static constexpr std::size_t kTopicMax = 127;
  static constexpr std::size_t kPayloadMax = 512;  // acks and commands are short

  enum class Event : std::uint8_t { none, link_up, link_down, message };

  // Takes one byte; says when it completed a frame. After `message`, topic()
  // and payload() hold it until the next byte is fed.
  Event feed(std::uint8_t byte);

  const char* topic() const { return topic_; }
  const std::uint8_t* payload() const { return payload_; }
  std::size_t size() const { return size_; }
  std::uint32_t bad_frames() const { return bad_frames_; }

 private:
  enum class State : std::uint8_t { header, payload, trailer, skip_line };

  Event end_of_header();
  Event reject();

  static constexpr std::size_t kHeaderMax = 4 + kTopicMax + 1 + 10;  // "MSG " topic " " size
  char header_[kHeaderMax + 1] = {};
  std::size_t header_len_ = 0;
  char topic_[kTopicMax + 1] = {};
  std::uint8_t payload_[kPayloadMax] = {};
  std::size_t size_ = 0;
  std::size_t got_ = 0;
  bool keep_ = false;  // the payload fits and will be delivered
  State state_ = State::header;
  std::uint32_t bad_frames_ = 0;
};

// Header lines for the node's frames, with their newline; 0 if `out` is too
// small or the topic is unusable (empty, or holding a space or newline).
std::size_t write_sub_header(const char* topic, char* out, std::size_t cap);
std::size_t write_will_header(const char* topic, std::size_t size, char* out, std::size_t cap);
std::size_t write_pub_header(int qos, bool retained, const char* topic, std::size_t size, char* out,
                             std::size_t cap);

}  // namespace vigie::board
