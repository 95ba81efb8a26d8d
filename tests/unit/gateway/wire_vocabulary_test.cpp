// The gateway reads and writes exactly the contract's words the firmware uses: every
// word of firmware/core/wire_vocabulary.hpp parses and prints back the same, and no
// other word parses.
#include "core/wire_vocabulary.hpp"

#include <gtest/gtest.h>

#include "domain/event.hpp"

namespace vigie {
namespace {

template <typename Parse, typename Print, std::size_t N>
void round_trips(const char* const (&words)[N], Parse parse, Print print) {
  for (const char* word : words) {
    const auto value = parse(word);
    ASSERT_TRUE(value) << word;
    EXPECT_STREQ(print(*value), word);
  }
  EXPECT_FALSE(parse("Talking"));
  EXPECT_FALSE(parse(""));
}

TEST(WireVocabulary, EveryWordRoundTripsThroughTheGateway) {
  round_trips(wire::kAgentStates, parse_agent_state, [](AgentState s) { return to_string(s); });
  round_trips(wire::kNotReadyReasons, parse_not_ready_reason,
              [](NotReadyReason r) { return to_string(r); });
  round_trips(wire::kCallTags, parse_call_tag, [](CallTag t) { return to_string(t); });
  round_trips(wire::kNodeKinds, parse_node_kind, [](NodeKind k) { return to_string(k); });
  round_trips(wire::kNodeStatuses, parse_node_status, [](NodeStatus s) { return to_string(s); });
}

TEST(WireVocabulary, EventTypesFollowTheVariantsOrder) {
  EXPECT_STREQ(type_name(AgentStateChange{}), "agent.state");
  EXPECT_STREQ(type_name(CallTagged{}), "call.tag");
  EXPECT_STREQ(type_name(ShiftScheduled{}), "schedule.shift");
  EXPECT_STREQ(type_name(EnvSample{}), "env.sample");
}

}  // namespace
}  // namespace vigie
