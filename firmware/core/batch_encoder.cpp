#include "core/batch_encoder.hpp"

#include "core/event_json.hpp"

namespace vigie::fw {

void BatchEncoder::begin(const Id& node, std::uint64_t epoch) {
  char epoch_text[kEpochChars + 1];
  format_epoch(epoch, epoch_text);
  json_.reset();
  count_ = 0;
  json_.reserve_tail(kClosing);
  json_.begin_object();
  json_.key("v");
  json_.u64(1);
  json_.key("node");
  json_.string(node.view());
  json_.key("epoch");
  json_.string(epoch_text);
  json_.key("events");
  json_.begin_array();
}

bool BatchEncoder::add(std::uint64_t seq, const Event& event) {
  JsonWriter::Mark before = json_.mark();
  json_.begin_object();
  json_.key("seq");
  json_.u64(seq);
  write_event_members(json_, event);
  json_.end_object();
  if (!json_.ok()) {
    json_.rewind(before);
    return false;
  }
  ++count_;
  return true;
}

std::size_t BatchEncoder::finish() {
  if (count_ == 0) return 0;
  json_.reserve_tail(0);
  json_.end_array();
  json_.end_object();
  return json_.ok() ? json_.size() : 0;
}

std::size_t BatchEncoder::finish(std::int64_t until_ms) {
  json_.reserve_tail(0);
  json_.end_array();
  json_.key("until");
  json_.i64(until_ms);
  json_.end_object();
  return json_.ok() ? json_.size() : 0;
}

}  // namespace vigie::fw
