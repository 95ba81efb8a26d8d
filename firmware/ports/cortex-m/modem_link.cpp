#include "modem_link.hpp"

#include <cstring>

namespace vigie::board {
namespace {

bool starts_with(const char* s, std::size_t n, const char* prefix) {
  const std::size_t p = std::strlen(prefix);
  return n >= p && std::memcmp(s, prefix, p) == 0;
}

// A decimal without sign or leading zeros, at most `max`.
bool parse_size(const char* s, std::size_t n, std::size_t max, std::size_t& out) {
  if (n == 0 || n > 10 || (n > 1 && s[0] == '0')) return false;
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + static_cast<std::uint64_t>(s[i] - '0');
  }
  if (v > max) return false;
  out = static_cast<std::size_t>(v);
  return true;
}

bool topic_ok(const char* topic) {
  const std::size_t n = std::strlen(topic);
  if (n == 0 || n > ModemFrameReader::kTopicMax) return false;
  for (std::size_t i = 0; i < n; ++i)
    if (topic[i] == ' ' || topic[i] == '\n' || topic[i] == '\r') return false;
  return true;
}

// Appends to a header being built; false once it no longer fits.
struct Line {
  char* out;
  std::size_t cap;
  std::size_t n = 0;
  bool ok = true;
  void text(const char* s) {
    for (; *s != '\0'; ++s) put(*s);
  }
  void number(std::size_t v) {
    char digits[20];
    std::size_t d = 0;
    do {
      digits[d++] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v != 0);
    while (d > 0) put(digits[--d]);
  }
  void put(char c) {
    if (n < cap) {
      out[n++] = c;
    } else {
      ok = false;
    }
  }
  std::size_t done() { return ok ? n : 0; }
};

}  // namespace

ModemFrameReader::Event ModemFrameReader::feed(std::uint8_t byte) {
  switch (state_) {
    case State::header:
      if (byte == '\n') return end_of_header();
      if (header_len_ == kHeaderMax) return reject();
      header_[header_len_++] = static_cast<char>(byte);
      return Event::none;
    case State::payload:
      if (keep_) payload_[got_] = byte;
      if (++got_ == size_) state_ = State::trailer;
      return Event::none;
    case State::trailer:
      state_ = State::header;
      if (byte != '\n') return reject();
      if (!keep_) {
        ++bad_frames_;  // too large to keep: skipped whole
        return Event::none;
      }
      return Event::message;
    case State::skip_line:
      if (byte == '\n') state_ = State::header;
      return Event::none;
  }
  return Event::none;
}

ModemFrameReader::Event ModemFrameReader::end_of_header() {
  const char* h = header_;
  std::size_t n = header_len_;
  header_len_ = 0;
  if (n > 0 && h[n - 1] == '\r') --n;
  if (n == 2 && starts_with(h, n, "UP")) return Event::link_up;
  if (n == 4 && starts_with(h, n, "DOWN")) return Event::link_down;
  if (!starts_with(h, n, "MSG ")) {
    ++bad_frames_;
    return Event::none;
  }
  const char* topic = h + 4;
  const char* space = static_cast<const char*>(std::memchr(topic, ' ', n - 4));
  if (space == nullptr || space == topic) {
    ++bad_frames_;
    return Event::none;
  }
  const std::size_t topic_len = static_cast<std::size_t>(space - topic);
  std::size_t size = 0;
  // A size up to 64 KiB is read (and skipped if too large to keep), so a long
  // message costs only itself; anything beyond is no frame of this link.
  if (topic_len > kTopicMax ||
      !parse_size(space + 1, static_cast<std::size_t>(h + n - space - 1), 65536, size)) {
    ++bad_frames_;
    return Event::none;
  }
  keep_ = size <= kPayloadMax;
  if (keep_) {
    std::memcpy(topic_, topic, topic_len);
    topic_[topic_len] = '\0';
  }
  size_ = size;
  got_ = 0;
  state_ = size == 0 ? State::trailer : State::payload;
  return Event::none;
}

ModemFrameReader::Event ModemFrameReader::reject() {
  ++bad_frames_;
  header_len_ = 0;
  state_ = State::skip_line;
  return Event::none;
}

std::size_t write_sub_header(const char* topic, char* out, std::size_t cap) {
  if (!topic_ok(topic)) return 0;
  Line line{out, cap};
  line.text("SUB ");
  line.text(topic);
  line.put('\n');
  return line.done();
}

std::size_t write_will_header(const char* topic, std::size_t size, char* out, std::size_t cap) {
  if (!topic_ok(topic)) return 0;
  Line line{out, cap};
  line.text("WILL ");
  line.text(topic);
  line.put(' ');
  line.number(size);
  line.put('\n');
  return line.done();
}

std::size_t write_pub_header(int qos, bool retained, const char* topic, std::size_t size, char* out,
                             std::size_t cap) {
  if (!topic_ok(topic) || qos < 0 || qos > 2) return 0;
  Line line{out, cap};
  line.text("PUB ");
  line.number(static_cast<std::size_t>(qos));
  line.text(retained ? " 1 " : " 0 ");
  line.text(topic);
  line.put(' ');
  line.number(size);
  line.put('\n');
  return line.done();
}

}  // namespace vigie::board
