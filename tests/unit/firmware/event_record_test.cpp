// The binary form events take in the journal.
#include "core/event_record.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "core/event_json.hpp"
#include "core/journal_layout.hpp"
#include "sample_events.hpp"

namespace vigie::fw {
namespace {

using testing::agent_state;
using testing::largest_event;

std::string as_json(const Event& e) {
  char buf[2048];
  JsonWriter w(buf, sizeof buf);
  w.begin_object();
  write_event_members(w, e);
  w.end_object();
  return std::string(w.data(), w.size());
}

std::vector<Event> one_of_each() {
  std::vector<Event> events;
  events.push_back(
      agent_state(1, "4012", "sav-1", AgentState::not_ready, "", "", NotReadyReason::lunch));
  Event tag;
  tag.ts = 2;
  tag.type = EventType::call_tag;
  tag.call_tag.agent.assign("4012");
  tag.call_tag.call.assign("c-1");
  tag.call_tag.tags = kTagAbusive | kTagAcousticShock;
  events.push_back(tag);
  events.push_back(largest_event());
  Event env;
  env.ts = 4;
  env.type = EventType::env_sample;
  env.env.zone.assign("plateau-2");
  env.env.window_s = 6000;
  env.env.laeq_db = {true, 6525};
  env.env.co2_ppm = {true, 80000};
  events.push_back(env);
  return events;
}

TEST(EventRecord, RoundTripsEveryEventType) {
  for (const Event& e : one_of_each()) {
    std::uint8_t buf[kMaxEventRecord];
    std::size_t n = encode_event_record(e, buf, sizeof buf);
    ASSERT_GT(n, 0u);
    Event back;
    ASSERT_TRUE(decode_event_record(buf, n, back));
    EXPECT_EQ(as_json(back), as_json(e));
  }
}

TEST(EventRecord, TheLargestEventFitsTheDeclaredBoundAndAJournalRecord) {
  std::uint8_t buf[kMaxEventRecord + 64];
  std::size_t n = encode_event_record(largest_event(), buf, sizeof buf);
  EXPECT_EQ(n, kMaxEventRecord);
  EXPECT_EQ(encode_event_record(largest_event(), buf, kMaxEventRecord - 1), 0u);
  static_assert(kMaxEventRecord <= journal_layout::kMaxPayload);
}

TEST(EventRecord, RefusesEveryTruncationAndTrailingBytes) {
  for (const Event& e : one_of_each()) {
    std::uint8_t buf[kMaxEventRecord + 1];
    std::size_t n = encode_event_record(e, buf, sizeof buf);
    Event back;
    for (std::size_t cut = 0; cut < n; ++cut) EXPECT_FALSE(decode_event_record(buf, cut, back));
    buf[n] = 0;
    EXPECT_FALSE(decode_event_record(buf, n + 1, back));
  }
}

TEST(EventRecord, RefusesAnUnknownVersionOrType) {
  std::uint8_t buf[kMaxEventRecord];
  Event e = agent_state(1, "a", "t", AgentState::available);
  std::size_t n = encode_event_record(e, buf, sizeof buf);
  Event back;
  buf[0] = 2;
  EXPECT_FALSE(decode_event_record(buf, n, back));
  buf[0] = 1;
  buf[1] = 9;
  EXPECT_FALSE(decode_event_record(buf, n, back));
}

}  // namespace
}  // namespace vigie::fw
