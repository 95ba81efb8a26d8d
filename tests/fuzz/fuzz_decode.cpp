// Fuzzes what a node sends: the input is "TOPIC\nPAYLOAD". The topic is parsed
// as the gateway does, and the payload decoded for its channel (birth, state or
// evt) with the topic's node. Decoding never throws: it returns a value or a
// refusal with a reason.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "broker/topics.hpp"
#include "ingest/decode.hpp"

using namespace vigie::ingest;
using namespace vigie::broker;

namespace {

void expect(bool ok) {
  if (!ok) std::abort();
}

template <typename T>
void check_refusal(const Decoded<T>& d) {
  // A reason in our words: never the JSON library's ("[json.exception.parse_error.101] ...").
  if (const auto* r = std::get_if<Refusal>(&d))
    expect(!r->reason.empty() && r->reason.find("json.exception") == std::string::npos);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto newline = input.find('\n');
  if (newline == std::string_view::npos) return 0;
  const auto topic = parse_node_topic(input.substr(0, newline));
  if (!topic) return 0;
  const auto payload = input.substr(newline + 1);
  switch (topic->channel) {
    case Channel::birth: {
      const auto d = decode_birth(payload, topic->node);
      check_refusal(d);
      if (const auto* b = std::get_if<vigie::NodeBirth>(&d)) expect(b->node == topic->node);
      break;
    }
    case Channel::state:
      check_refusal(decode_state(payload));
      break;
    case Channel::evt: {
      const auto d = decode_batch(payload, topic->node);
      check_refusal(d);
      if (const auto* b = std::get_if<EventBatch>(&d)) {
        expect(b->node == topic->node);
        // Empty only as a watermark (contract sec. 3.4).
        expect((b->size() >= 1 || b->until.has_value()) && b->size() <= kMaxBatchEvents);
        if (b->until) expect(*b->until >= 0);
        for (std::size_t i = 1; i < b->events.size(); ++i)
          expect(b->events[i - 1].seq < b->events[i].seq);
        for (const auto& r : b->rejected)
          expect(!r.reason.empty() && r.reason.find("json.exception") == std::string::npos);
      }
      break;
    }
  }
  return 0;
}
