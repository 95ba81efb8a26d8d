// Each bound on what a node sends, one short of it, at it and past it: past,
// a refusal of its own kind with a reason that says which bound.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "ingest/agent_roster.hpp"
#include "ingest/decode.hpp"

using nlohmann::json;
using namespace vigie;
using namespace vigie::ingest;

namespace {

const char* kEpoch = "9f2c41d07a3be810";

json state_event(std::uint64_t seq, const std::string& agent = "4012") {
  return {{"seq", seq},     {"ts", 1764489600123}, {"type", "agent.state"},
          {"agent", agent}, {"team", "sav-1"},     {"state", "talking"}};
}

json batch(json events) {
  return {{"v", 1}, {"node", "acd-1"}, {"epoch", kEpoch}, {"events", std::move(events)}};
}

const Refusal* refusal(const Decoded<EventBatch>& d) {
  return std::get_if<Refusal>(&d);
}

// The batch BATCH padded with spaces to exactly SIZE bytes (still the same JSON).
std::string padded(const json& b, std::size_t size) {
  auto text = b.dump();
  EXPECT_LE(text.size(), size);
  text.insert(text.size() - 1, size - text.size(), ' ');
  return text;
}

// A batch whose first event holds an array nested to DEPTH levels in total.
std::string nested(std::size_t depth) {
  // batch object (1), events array (2), event object (3), then arrays.
  const std::size_t arrays = depth - 3;
  auto text = batch(json::array({state_event(1)})).dump();
  const auto at = text.find("\"team\"");
  text.insert(at, "\"extra\":" + std::string(arrays, '[') + std::string(arrays, ']') + ",");
  return text;
}

// One event with string field KEY of N bytes: how it was rejected.
RejectedEvent rejected_with(const std::string& key, std::size_t n, json event = state_event(1)) {
  event[key] = std::string(n, 'a');
  auto d = decode_batch(batch(json::array({event})).dump(), "acd-1");
  auto* b = std::get_if<EventBatch>(&d);
  if (!b || b->rejected.size() != 1)
    return {std::nullopt, "<not rejected>", "", RefusalKind::invalid};
  return b->rejected[0];
}

bool accepted_with(const std::string& key, const std::string& value, json event = state_event(1)) {
  event[key] = value;
  auto d = decode_batch(batch(json::array({event})).dump(), "acd-1");
  auto* b = std::get_if<EventBatch>(&d);
  return b && b->events.size() == 1 && b->rejected.empty();
}

}  // namespace

TEST(DecodeBounds, PayloadOfTheLimitIsDecodedOneByteMoreIsRefusedAsTooLarge) {
  const auto b = batch(json::array({state_event(1)}));
  EXPECT_TRUE(
      std::holds_alternative<EventBatch>(decode_batch(padded(b, kMaxPayloadBytes - 1), "acd-1")));
  EXPECT_TRUE(
      std::holds_alternative<EventBatch>(decode_batch(padded(b, kMaxPayloadBytes), "acd-1")));
  const auto past = decode_batch(padded(b, kMaxPayloadBytes + 1), "acd-1");
  ASSERT_NE(refusal(past), nullptr);
  EXPECT_EQ(refusal(past)->kind, RefusalKind::payload_too_large);
  EXPECT_EQ(refusal(past)->reason, "payload of 262145 bytes exceeds the limit of 262144");
}

TEST(DecodeBounds, PayloadSizeBoundHoldsForBirthAndStateToo) {
  const std::string big(kMaxPayloadBytes + 1, ' ');
  auto birth = decode_birth(big, "acd-1");
  auto state = decode_state(big);
  ASSERT_TRUE(std::holds_alternative<Refusal>(birth));
  ASSERT_TRUE(std::holds_alternative<Refusal>(state));
  EXPECT_EQ(std::get<Refusal>(birth).kind, RefusalKind::payload_too_large);
  EXPECT_EQ(std::get<Refusal>(state).kind, RefusalKind::payload_too_large);
}

TEST(DecodeBounds, BatchOfTheLimitIsDecodedOneEventMoreIsRefusedAsTooLarge) {
  for (std::size_t n : {kMaxBatchEvents - 1, kMaxBatchEvents, kMaxBatchEvents + 1}) {
    json events = json::array();
    for (std::size_t i = 1; i <= n; ++i) events.push_back(state_event(i));
    const auto d = decode_batch(batch(events).dump(), "acd-1");
    if (n <= kMaxBatchEvents) {
      ASSERT_TRUE(std::holds_alternative<EventBatch>(d)) << n;
      EXPECT_EQ(std::get<EventBatch>(d).events.size(), n);
    } else {
      ASSERT_NE(refusal(d), nullptr);
      EXPECT_EQ(refusal(d)->kind, RefusalKind::batch_too_large);
      EXPECT_NE(refusal(d)->reason.find("1001 events"), std::string::npos);
    }
  }
}

TEST(DecodeBounds, NestingOfTheLimitIsDecodedOneLevelMoreIsRefusedAsTooDeep) {
  EXPECT_TRUE(std::holds_alternative<EventBatch>(decode_batch(nested(kMaxJsonDepth - 1), "acd-1")));
  EXPECT_TRUE(std::holds_alternative<EventBatch>(decode_batch(nested(kMaxJsonDepth), "acd-1")));
  const auto past = decode_batch(nested(kMaxJsonDepth + 1), "acd-1");
  ASSERT_NE(refusal(past), nullptr);
  EXPECT_EQ(refusal(past)->kind, RefusalKind::nesting_too_deep);
  EXPECT_NE(refusal(past)->reason.find("deeper than 16 levels"), std::string::npos);
}

TEST(DecodeBounds, BracketsInsideStringsDoNotCountAsNesting) {
  EXPECT_FALSE(nests_deeper_than(R"({"a":"[[[[[[[[[[[[[[[[[[[[\"[[[["})", 2));
  EXPECT_TRUE(nests_deeper_than(R"({"a":"\\",[[]]})", 2));
  EXPECT_FALSE(nests_deeper_than("[[]][[]]", 2));
}

TEST(DecodeBounds, IdentifiersOfSixtyFourCharsAreKeptLongerAreRefusedAsTooLong) {
  for (const char* key : {"agent", "team", "call", "queue"}) {
    EXPECT_TRUE(accepted_with(key, std::string(kMaxIdChars - 1, 'a'))) << key;
    EXPECT_TRUE(accepted_with(key, std::string(kMaxIdChars, 'a'))) << key;
    const auto r = rejected_with(key, kMaxIdChars + 1);
    EXPECT_EQ(r.kind, RefusalKind::string_too_long) << key;
    EXPECT_EQ(r.reason, std::string("events[0]: '") + key + "' is 65 bytes long (at most 64)");
    EXPECT_EQ(r.seq, 1u) << "the seq of a refused event is consumed";
  }
  json env = {{"seq", 1}, {"ts", 1}, {"type", "env.sample"}, {"window_s", 60}, {"laeq_db", 60}};
  EXPECT_TRUE(accepted_with("zone", std::string(kMaxIdChars, 'z'), env));
  EXPECT_EQ(rejected_with("zone", kMaxIdChars + 1, env).kind, RefusalKind::string_too_long);
}

TEST(DecodeBounds, WordsPastThirtyTwoBytesAreRefusedAsTooLongWithoutBeingQuoted) {
  for (const char* key : {"state", "type"}) {
    // At the bound: read, and refused only as an unknown word.
    const auto at = rejected_with(key, kMaxWordChars);
    EXPECT_EQ(at.kind, RefusalKind::invalid) << key;
    const auto past = rejected_with(key, 100000);
    EXPECT_EQ(past.kind, RefusalKind::string_too_long) << key;
    EXPECT_LT(past.reason.size(), 100u) << "a refusal does not echo what it refuses";
  }
  json nr = state_event(1);
  nr["state"] = "not_ready";
  EXPECT_EQ(rejected_with("reason", kMaxWordChars, nr).kind, RefusalKind::invalid);
  EXPECT_EQ(rejected_with("reason", kMaxWordChars + 1, nr).kind, RefusalKind::string_too_long);
  json tag = {{"seq", 1}, {"ts", 1}, {"type", "call.tag"}, {"agent", "a"}, {"call", "c"}};
  tag["tags"] = json::array({std::string(kMaxWordChars + 1, 'x')});
  auto d = decode_batch(batch(json::array({tag})).dump(), "acd-1");
  ASSERT_EQ(std::get<EventBatch>(d).rejected.size(), 1u);
  EXPECT_EQ(std::get<EventBatch>(d).rejected[0].kind, RefusalKind::string_too_long);
}

TEST(DecodeBounds, BirthAndStateStringsAreBounded) {
  json birth = {{"v", 1},         {"node", "acd-1"}, {"epoch", kEpoch},
                {"kind", "desk"}, {"fw", "1.0.0"},   {"ts", 1764489600000}};
  birth["fw"] = std::string(kMaxIdChars, 'f');
  EXPECT_TRUE(std::holds_alternative<NodeBirth>(decode_birth(birth.dump(), "acd-1")));
  birth["fw"] = std::string(kMaxIdChars + 1, 'f');
  EXPECT_EQ(std::get<Refusal>(decode_birth(birth.dump(), "acd-1")).kind,
            RefusalKind::string_too_long);
  birth["fw"] = "1.0.0";
  birth["kind"] = std::string(kMaxWordChars + 1, 'k');
  EXPECT_EQ(std::get<Refusal>(decode_birth(birth.dump(), "acd-1")).kind,
            RefusalKind::string_too_long);
  birth["kind"] = "desk";
  birth["epoch"] = std::string(17, 'a');
  EXPECT_EQ(std::get<Refusal>(decode_birth(birth.dump(), "acd-1")).kind,
            RefusalKind::string_too_long);
  json state = {{"state", std::string(kMaxWordChars + 1, 's')}, {"epoch", kEpoch}, {"ts", 1}};
  EXPECT_EQ(std::get<Refusal>(decode_state(state.dump())).kind, RefusalKind::string_too_long);
}

TEST(DecodeBounds, RefusalReasonsAreClippedOnAUtf8Boundary) {
  EXPECT_EQ(clip("abc", 3), "abc");
  EXPECT_EQ(clip("abcd", 3), "abc...");
  EXPECT_EQ(clip("ab\xc3\xa9", 3), "ab...") << "never half of 'é'";
  // A parse error quotes the token it stopped in: a huge one is clipped.
  const std::string bad = "{\"v\":1,\"node\":\"" + std::string(200000, 'n') + "\x01\"}";
  const auto d = decode_batch(bad, "acd-1");
  ASSERT_NE(refusal(d), nullptr);
  EXPECT_LE(refusal(d)->reason.size(), kMaxReasonChars + 3);
}

TEST(DecodeBounds, RosterAdmitsAgentsUpToItsLimitThenRefusesNewOnesOnly) {
  AgentRoster roster(2);
  json events = json::array(
      {state_event(1, "a1"), state_event(2, "a2"), state_event(3, "a3"), state_event(4, "a1")});
  const auto d = decode_batch(batch(events).dump(), "acd-1", &roster);
  const auto& b = std::get<EventBatch>(d);
  ASSERT_EQ(b.events.size(), 3u);
  EXPECT_EQ(b.events[2].seq, 4u) << "a known agent keeps working past the limit";
  ASSERT_EQ(b.rejected.size(), 1u);
  EXPECT_EQ(b.rejected[0].seq, 3u);
  EXPECT_EQ(b.rejected[0].kind, RefusalKind::too_many_agents);
  EXPECT_EQ(b.rejected[0].reason,
            "events[2]: too many agents: 'a3' is new and the gateway already tracks 2 agents "
            "(its limit)");
  EXPECT_EQ(roster.size(), 2u);
}

// Regression: a batch whose event was an array nested 100,000 deep crashed the
// gateway (stack overflow serialising the rejected event's raw text); found
// while writing fuzz_decode, see docs/fuzzing.md.
TEST(DecodeRegression, DeeplyNestedEventIsRefusedNotACrash) {
  const std::size_t depth = 100000;
  const std::string payload = R"({"v":1,"node":"acd-1","epoch":"9f2c41d07a3be810","events":[)" +
                              std::string(depth, '[') + std::string(depth, ']') + "]}";
  const auto d = decode_batch(payload, "acd-1");
  ASSERT_NE(refusal(d), nullptr);
  EXPECT_EQ(refusal(d)->kind, RefusalKind::nesting_too_deep);
  const std::string version = R"({"v":)" + std::string(depth, '[') + std::string(depth, ']') + "}";
  EXPECT_EQ(std::get<Refusal>(decode_birth(version, "acd-1")).kind, RefusalKind::nesting_too_deep);
}
