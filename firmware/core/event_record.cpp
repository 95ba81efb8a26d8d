#include "core/event_record.hpp"

#include <string_view>

namespace vigie::fw {
namespace {

// Bumped if the layout changes, so an old journal is refused rather than misread.
constexpr std::uint8_t kRecordVersion = 1;

class ByteSink {
 public:
  ByteSink(std::uint8_t* out, std::size_t capacity) : out_(out), cap_(capacity) {}
  void u8(std::uint8_t v) {
    if (size_ + 1 > cap_) {
      ok_ = false;
      return;
    }
    out_[size_++] = v;
  }
  void i64(std::int64_t v) {
    auto u = static_cast<std::uint64_t>(v);
    for (int i = 0; i < 8; ++i) u8(static_cast<std::uint8_t>(u >> (8 * i)));
  }
  void text(std::string_view s) {
    u8(static_cast<std::uint8_t>(s.size()));
    for (char c : s) u8(static_cast<std::uint8_t>(c));
  }
  bool ok() const { return ok_; }
  std::size_t size() const { return size_; }

 private:
  std::uint8_t* out_;
  std::size_t cap_;
  std::size_t size_ = 0;
  bool ok_ = true;
};

class ByteSource {
 public:
  ByteSource(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  std::uint8_t u8() {
    if (pos_ >= size_) {
      ok_ = false;
      return 0;
    }
    return data_[pos_++];
  }
  std::int64_t i64() {
    std::uint64_t u = 0;
    for (int i = 0; i < 8; ++i) u |= static_cast<std::uint64_t>(u8()) << (8 * i);
    return static_cast<std::int64_t>(u);
  }
  template <std::size_t N>
  void text(FixedString<N>& out) {
    std::size_t n = u8();
    if (!ok_ || n > N || pos_ + n > size_) {
      ok_ = false;
      out.clear();
      return;
    }
    out.assign(std::string_view(reinterpret_cast<const char*>(data_ + pos_), n));
    pos_ += n;
  }
  bool done() const { return ok_ && pos_ == size_; }
  bool ok() const { return ok_; }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

void put_optional(ByteSink& sink, const OptionalCenti& v) {
  if (v.present) sink.i64(v.value);
}

void get_optional(ByteSource& src, std::uint8_t mask, std::uint8_t bit, OptionalCenti& v) {
  v.present = (mask & bit) != 0;
  v.value = v.present ? src.i64() : 0;
}

}  // namespace

std::size_t encode_event_record(const Event& event, std::uint8_t* out, std::size_t capacity) {
  ByteSink sink(out, capacity);
  sink.u8(kRecordVersion);
  sink.u8(static_cast<std::uint8_t>(event.type));
  sink.i64(event.ts);
  switch (event.type) {
    case EventType::agent_state: {
      const AgentStateChange& e = event.agent_state;
      sink.text(e.agent.view());
      sink.text(e.team.view());
      sink.u8(static_cast<std::uint8_t>(e.state));
      sink.u8(static_cast<std::uint8_t>(e.reason));
      sink.text(e.call.view());
      sink.text(e.queue.view());
      break;
    }
    case EventType::call_tag: {
      const CallTagged& e = event.call_tag;
      sink.text(e.agent.view());
      sink.text(e.call.view());
      sink.u8(e.tags);
      break;
    }
    case EventType::schedule_shift: {
      const ShiftScheduled& e = event.shift;
      sink.text(e.agent.view());
      sink.text(e.team.view());
      sink.text(e.shift.view());
      sink.i64(e.start);
      sink.i64(e.end);
      sink.i64(e.published);
      sink.u8(e.break_count);
      for (std::size_t i = 0; i < e.break_count && i < kMaxBreaks; ++i) {
        sink.i64(e.breaks[i].start);
        sink.i64(e.breaks[i].end);
        sink.text(e.breaks[i].kind.view());
      }
      break;
    }
    case EventType::env_sample: {
      const EnvSample& e = event.env;
      sink.text(e.zone.view());
      sink.i64(e.window_s);
      std::uint8_t mask = static_cast<std::uint8_t>(
          (e.laeq_db.present ? 1 : 0) | (e.l50_db.present ? 2 : 0) | (e.lpeak_db.present ? 4 : 0) |
          (e.temp_c.present ? 8 : 0) | (e.co2_ppm.present ? 16 : 0));
      sink.u8(mask);
      put_optional(sink, e.laeq_db);
      put_optional(sink, e.l50_db);
      put_optional(sink, e.lpeak_db);
      put_optional(sink, e.temp_c);
      put_optional(sink, e.co2_ppm);
      break;
    }
  }
  return sink.ok() ? sink.size() : 0;
}

bool decode_event_record(const std::uint8_t* data, std::size_t size, Event& event) {
  ByteSource src(data, size);
  if (src.u8() != kRecordVersion) return false;
  std::uint8_t type = src.u8();
  if (type < static_cast<std::uint8_t>(EventType::agent_state) ||
      type > static_cast<std::uint8_t>(EventType::env_sample))
    return false;
  event = Event{};
  event.type = static_cast<EventType>(type);
  event.ts = src.i64();
  switch (event.type) {
    case EventType::agent_state: {
      AgentStateChange& e = event.agent_state;
      src.text(e.agent);
      src.text(e.team);
      e.state = static_cast<AgentState>(src.u8());
      e.reason = static_cast<NotReadyReason>(src.u8());
      src.text(e.call);
      src.text(e.queue);
      break;
    }
    case EventType::call_tag: {
      CallTagged& e = event.call_tag;
      src.text(e.agent);
      src.text(e.call);
      e.tags = src.u8();
      break;
    }
    case EventType::schedule_shift: {
      ShiftScheduled& e = event.shift;
      src.text(e.agent);
      src.text(e.team);
      src.text(e.shift);
      e.start = src.i64();
      e.end = src.i64();
      e.published = src.i64();
      e.break_count = src.u8();
      if (e.break_count > kMaxBreaks) return false;
      for (std::size_t i = 0; i < e.break_count; ++i) {
        e.breaks[i].start = src.i64();
        e.breaks[i].end = src.i64();
        src.text(e.breaks[i].kind);
      }
      break;
    }
    case EventType::env_sample: {
      EnvSample& e = event.env;
      src.text(e.zone);
      e.window_s = src.i64();
      std::uint8_t mask = src.u8();
      if ((mask & ~0x1F) != 0) return false;
      get_optional(src, mask, 1, e.laeq_db);
      get_optional(src, mask, 2, e.l50_db);
      get_optional(src, mask, 4, e.lpeak_db);
      get_optional(src, mask, 8, e.temp_c);
      get_optional(src, mask, 16, e.co2_ppm);
      break;
    }
  }
  return src.done() && check_event(event) == nullptr;
}

}  // namespace vigie::fw
