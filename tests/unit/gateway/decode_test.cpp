// Decoding and validation of node payloads: every field's bad cases.
#include "ingest/decode.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

using nlohmann::json;
using namespace vigie;
using namespace vigie::ingest;

namespace {

const char* kEpoch = "9f2c41d07a3be810";

json state_event(std::uint64_t seq) {
  return {{"seq", seq},      {"ts", 1764489600123}, {"type", "agent.state"}, {"agent", "4012"},
          {"team", "sav-1"}, {"state", "talking"},  {"call", "c-88121"},     {"queue", "billing"}};
}

json batch(json events) {
  return {{"v", 1}, {"node", "acd-1"}, {"epoch", kEpoch}, {"events", std::move(events)}};
}

std::string refusal(const Decoded<EventBatch>& d) {
  auto* r = std::get_if<Refusal>(&d);
  return r ? r->reason : std::string();
}

// One event with FIELD set to VALUE (or removed when VALUE is null): its rejection reason.
std::string rejected_reason(json event) {
  auto d = decode_batch(batch(json::array({std::move(event)})).dump(), "acd-1");
  auto* b = std::get_if<EventBatch>(&d);
  if (!b || b->rejected.size() != 1 || !b->events.empty()) return "<not rejected>";
  return b->rejected[0].reason;
}

json with(json e, const std::string& key, json value) {
  if (value.is_null())
    e.erase(key);
  else
    e[key] = std::move(value);
  return e;
}

}  // namespace

TEST(DecodeBatch, ContractExampleDecodes) {
  json events = json::array({state_event(1042), state_event(1043)});
  events[1]["state"] = "wrap_up";
  events[1].erase("queue");
  auto d = decode_batch(batch(events).dump(), "acd-1");
  auto* b = std::get_if<EventBatch>(&d);
  ASSERT_NE(b, nullptr) << refusal(d);
  EXPECT_EQ(b->node, "acd-1");
  EXPECT_EQ(b->epoch, kEpoch);
  ASSERT_EQ(b->events.size(), 2u);
  EXPECT_TRUE(b->rejected.empty());
  EXPECT_EQ(b->events[0].seq, 1042u);
  EXPECT_EQ(b->events[0].ts, 1764489600123);
  const auto& a = std::get<AgentStateChange>(b->events[0].body);
  EXPECT_EQ(a.agent, "4012");
  EXPECT_EQ(a.state, AgentState::talking);
  EXPECT_EQ(a.call, "c-88121");
  EXPECT_EQ(a.queue, "billing");
  EXPECT_EQ(std::get<AgentStateChange>(b->events[1].body).state, AgentState::wrap_up);
}

TEST(DecodeBatch, EveryEventTypeDecodes) {
  json tag = {{"seq", 2},        {"ts", 5},       {"type", "call.tag"},
              {"agent", "4012"}, {"call", "c-1"}, {"tags", {"difficult", "abusive", "difficult"}}};
  json shift = {{"seq", 3},
                {"ts", 6},
                {"type", "schedule.shift"},
                {"agent", "4012"},
                {"team", "sav-1"},
                {"shift", "s-1"},
                {"start", 1000},
                {"end", 2000},
                {"published", 10},
                {"breaks", {{{"start", 1100}, {"end", 1200}, {"kind", "break"}}}}};
  json env = {{"seq", 4},       {"ts", 7},         {"type", "env.sample"}, {"zone", "plateau-2"},
              {"window_s", 60}, {"laeq_db", 61.5}, {"l50_db", 52}};
  json nr = {{"seq", 5},         {"ts", 8},         {"type", "agent.state"},
             {"agent", "4012"},  {"team", "sav-1"}, {"state", "not_ready"},
             {"reason", "break"}};
  auto d = decode_batch(batch({state_event(1), tag, shift, env, nr}).dump(), "acd-1");
  auto* b = std::get_if<EventBatch>(&d);
  ASSERT_NE(b, nullptr) << refusal(d);
  ASSERT_EQ(b->events.size(), 5u) << (b->rejected.empty() ? "" : b->rejected[0].reason);
  EXPECT_EQ(std::get<CallTagged>(b->events[1].body).tags.size(), 2u) << "repeats folded";
  const auto& s = std::get<ShiftScheduled>(b->events[2].body);
  EXPECT_EQ(s.breaks.size(), 1u);
  EXPECT_EQ(s.published, 10);
  const auto& e = std::get<EnvSample>(b->events[3].body);
  EXPECT_DOUBLE_EQ(*e.l50_db, 52.0);
  EXPECT_FALSE(e.temp_c.has_value());
  EXPECT_EQ(std::get<AgentStateChange>(b->events[4].body).reason, NotReadyReason::break_);
}

TEST(DecodeBatch, WholeMessageRefusals) {
  EXPECT_NE(refusal(decode_batch("{not json", "acd-1")).find("invalid JSON"), std::string::npos);
  EXPECT_NE(refusal(decode_batch("[1,2]", "acd-1")).find("JSON object"), std::string::npos);
  EXPECT_NE(refusal(decode_batch("{\"v\":1,\"node\":\"\xff\"}", "acd-1")).find("UTF-8"),
            std::string::npos);
  std::string big(kMaxPayloadBytes + 1, ' ');
  EXPECT_NE(refusal(decode_batch(big, "acd-1")).find("exceeds"), std::string::npos);

  auto b = batch(json::array({state_event(1)}));
  EXPECT_NE(refusal(decode_batch(with(b, "v", 2).dump(), "acd-1")).find("unsupported version"),
            std::string::npos);
  EXPECT_NE(refusal(decode_batch(with(b, "v", "1").dump(), "acd-1")).find("'v'"),
            std::string::npos);
  EXPECT_NE(refusal(decode_batch(with(b, "v", nullptr).dump(), "acd-1")).find("missing field 'v'"),
            std::string::npos);
  EXPECT_NE(refusal(decode_batch(b.dump(), "acd-2")).find("topic is node 'acd-2'"),
            std::string::npos);
  EXPECT_NE(refusal(decode_batch(with(b, "node", "bad node").dump(), "acd-1")).find("'node'"),
            std::string::npos);
  EXPECT_NE(refusal(decode_batch(with(b, "epoch", "xyz").dump(), "acd-1")).find("'epoch'"),
            std::string::npos);
  EXPECT_NE(refusal(decode_batch(with(b, "epoch", 12).dump(), "acd-1")).find("'epoch'"),
            std::string::npos);
  EXPECT_NE(refusal(decode_batch(with(b, "events", json::array()).dump(), "acd-1")).find("empty"),
            std::string::npos);
  EXPECT_NE(refusal(decode_batch(with(b, "events", "x").dump(), "acd-1")).find("array"),
            std::string::npos);
  json many = json::array();
  for (int i = 1; i <= 1001; ++i) many.push_back(state_event(static_cast<std::uint64_t>(i)));
  EXPECT_NE(refusal(decode_batch(with(b, "events", many).dump(), "acd-1")).find("1..1000"),
            std::string::npos);
}

TEST(DecodeBatch, ThousandEventsIsTheLimitNotARefusal) {
  json many = json::array();
  for (int i = 1; i <= 1000; ++i) many.push_back(state_event(static_cast<std::uint64_t>(i)));
  auto d = decode_batch(batch(many).dump(), "acd-1");
  ASSERT_TRUE(std::holds_alternative<EventBatch>(d)) << refusal(d);
  EXPECT_EQ(std::get<EventBatch>(d).events.size(), 1000u);
}

TEST(DecodeBatch, CommonEventFieldsBadCases) {
  const auto e = state_event(1);
  EXPECT_NE(rejected_reason(with(e, "seq", nullptr)).find("missing field 'seq'"),
            std::string::npos);
  EXPECT_NE(rejected_reason(with(e, "seq", 0)).find("'seq'"), std::string::npos);
  EXPECT_NE(rejected_reason(with(e, "seq", -3)).find("'seq'"), std::string::npos);
  EXPECT_NE(rejected_reason(with(e, "seq", 1.5)).find("'seq'"), std::string::npos);
  EXPECT_NE(rejected_reason(with(e, "seq", "7")).find("'seq'"), std::string::npos);
  EXPECT_NE(rejected_reason(with(e, "seq", 9223372036854775808ULL)).find("2^63"),
            std::string::npos);
  EXPECT_NE(rejected_reason(with(e, "ts", nullptr)).find("missing field 'ts'"), std::string::npos);
  EXPECT_NE(rejected_reason(with(e, "ts", -1)).find("'ts'"), std::string::npos);
  EXPECT_NE(rejected_reason(with(e, "ts", 12.5)).find("'ts'"), std::string::npos);
  EXPECT_NE(rejected_reason(with(e, "ts", 999999999999999)).find("out of range"),
            std::string::npos);
  EXPECT_NE(rejected_reason(with(e, "type", nullptr)).find("'type'"), std::string::npos);
  EXPECT_NE(rejected_reason(with(e, "type", "agent.mood")).find("unknown event type"),
            std::string::npos);
  EXPECT_NE(rejected_reason(json::array({1})).find("object"), std::string::npos);
}

TEST(DecodeBatch, AgentStateBadCases) {
  const auto e = state_event(1);
  EXPECT_NE(rejected_reason(with(e, "agent", nullptr)).find("'agent'"), std::string::npos);
  EXPECT_NE(rejected_reason(with(e, "agent", "")).find("'agent'"), std::string::npos);
  EXPECT_NE(rejected_reason(with(e, "agent", std::string(65, 'a'))).find("'agent'"),
            std::string::npos);
  EXPECT_NE(rejected_reason(with(e, "agent", "Jean Dupont")).find("'agent'"), std::string::npos);
  EXPECT_NE(rejected_reason(with(e, "agent", 4012)).find("'agent'"), std::string::npos);
  EXPECT_NE(rejected_reason(with(e, "team", nullptr)).find("'team'"), std::string::npos);
  EXPECT_NE(rejected_reason(with(e, "state", "sleeping")).find("unknown state"), std::string::npos);
  EXPECT_NE(rejected_reason(with(e, "state", 3)).find("'state'"), std::string::npos);
  EXPECT_NE(rejected_reason(with(e, "reason", "break")).find("only allowed with state not_ready"),
            std::string::npos);
  auto nr = with(e, "state", "not_ready");
  EXPECT_NE(rejected_reason(with(nr, "reason", "nap")).find("unknown reason"), std::string::npos);
  EXPECT_NE(rejected_reason(with(e, "call", "+33 6 12 34 56 78")).find("'call'"),
            std::string::npos);
  EXPECT_NE(rejected_reason(with(e, "queue", "")).find("'queue'"), std::string::npos);
}

TEST(DecodeBatch, CallTagShiftAndEnvBadCases) {
  json tag = {{"seq", 1},        {"ts", 5},       {"type", "call.tag"},
              {"agent", "4012"}, {"call", "c-1"}, {"tags", {"abusive"}}};
  EXPECT_NE(rejected_reason(with(tag, "tags", json::array())).find("non-empty"), std::string::npos);
  EXPECT_NE(rejected_reason(with(tag, "tags", {"rude"})).find("unknown tag"), std::string::npos);
  EXPECT_NE(rejected_reason(with(tag, "tags", {1})).find("strings"), std::string::npos);
  EXPECT_NE(rejected_reason(with(tag, "call", nullptr)).find("'call'"), std::string::npos);

  json shift = {{"seq", 1},        {"ts", 6},         {"type", "schedule.shift"},
                {"agent", "4012"}, {"team", "sav-1"}, {"shift", "s-1"},
                {"start", 1000},   {"end", 2000},     {"published", 10}};
  EXPECT_NE(rejected_reason(with(shift, "end", 1000)).find("'end' must be after"),
            std::string::npos);
  EXPECT_NE(rejected_reason(with(shift, "published", nullptr)).find("'published'"),
            std::string::npos);
  EXPECT_NE(rejected_reason(with(shift, "shift", "s 1")).find("'shift'"), std::string::npos);
  EXPECT_NE(rejected_reason(with(shift, "breaks", 3)).find("'breaks'"), std::string::npos);
  EXPECT_NE(rejected_reason(with(shift, "breaks", {{{"start", 5}, {"end", 4}, {"kind", "b"}}}))
                .find("breaks[0]"),
            std::string::npos);

  json env = {{"seq", 1},    {"ts", 7},        {"type", "env.sample"},
              {"zone", "z"}, {"window_s", 60}, {"laeq_db", 60}};
  EXPECT_NE(rejected_reason(with(env, "window_s", 0)).find("'window_s'"), std::string::npos);
  EXPECT_NE(rejected_reason(with(env, "window_s", nullptr)).find("'window_s'"), std::string::npos);
  EXPECT_NE(rejected_reason(with(env, "laeq_db", "loud")).find("'laeq_db'"), std::string::npos);
  EXPECT_NE(rejected_reason(with(env, "laeq_db", 900)).find("'laeq_db'"), std::string::npos);
  EXPECT_NE(rejected_reason(with(env, "laeq_db", nullptr)).find("no measurement"),
            std::string::npos);
  EXPECT_NE(rejected_reason(with(env, "zone", nullptr)).find("'zone'"), std::string::npos);
}

TEST(DecodeBatch, BadEventIsRejectedAloneAndKeepsItsSeq) {
  auto bad = with(state_event(2), "state", "sleeping");
  auto d = decode_batch(batch({state_event(1), bad, state_event(3)}).dump(), "acd-1");
  auto& b = std::get<EventBatch>(d);
  ASSERT_EQ(b.events.size(), 2u);
  EXPECT_EQ(b.events[0].seq, 1u);
  EXPECT_EQ(b.events[1].seq, 3u);
  ASSERT_EQ(b.rejected.size(), 1u);
  EXPECT_EQ(b.rejected[0].seq, 2u);
  EXPECT_NE(b.rejected[0].reason.find("events[1]"), std::string::npos);
  EXPECT_NE(b.rejected[0].raw.find("sleeping"), std::string::npos);
}

TEST(DecodeBatch, NonIncreasingSeqIsRejectedWithoutConsumingIt) {
  auto d = decode_batch(
      batch({state_event(5), state_event(5), state_event(4), state_event(6)}).dump(), "acd-1");
  auto& b = std::get<EventBatch>(d);
  ASSERT_EQ(b.events.size(), 2u);
  ASSERT_EQ(b.rejected.size(), 2u);
  EXPECT_FALSE(b.rejected[0].seq.has_value());
  EXPECT_NE(b.rejected[1].reason.find("does not increase"), std::string::npos);
}

TEST(DecodeBirth, ValidAndBadCases) {
  json birth = {{"v", 1},        {"node", "acd-1"},    {"epoch", kEpoch}, {"kind", "acd-bridge"},
                {"fw", "1.0.0"}, {"ts", 1764489600000}};
  auto ok = decode_birth(birth.dump(), "acd-1");
  ASSERT_TRUE(std::holds_alternative<NodeBirth>(ok));
  EXPECT_EQ(std::get<NodeBirth>(ok).kind, NodeKind::acd_bridge);
  auto reason = [](const json& j, const std::string& node = "acd-1") {
    auto d = decode_birth(j.dump(), node);
    auto* r = std::get_if<Refusal>(&d);
    return r ? r->reason : std::string("<accepted>");
  };
  EXPECT_NE(reason(with(birth, "kind", "toaster")).find("unknown node kind"), std::string::npos);
  EXPECT_NE(reason(with(birth, "fw", "")).find("'fw'"), std::string::npos);
  EXPECT_NE(reason(with(birth, "fw", nullptr)).find("'fw'"), std::string::npos);
  EXPECT_NE(reason(with(birth, "ts", "now")).find("'ts'"), std::string::npos);
  EXPECT_NE(reason(with(birth, "v", 3)).find("version"), std::string::npos);
  EXPECT_NE(reason(birth, "desk-9").find("topic is node"), std::string::npos);
  EXPECT_NE(reason(with(birth, "epoch", "9f2c41d07a3be81")).find("16 hex"), std::string::npos);
}

TEST(DecodeState, ValidAndBadCases) {
  json st = {{"state", "lost"}, {"epoch", kEpoch}, {"ts", 1764489600000}};
  auto ok = decode_state(st.dump());
  ASSERT_TRUE(std::holds_alternative<NodeStateReport>(ok));
  EXPECT_EQ(std::get<NodeStateReport>(ok).state, NodeStatus::lost);
  auto bad = [](const json& j) { return std::holds_alternative<Refusal>(decode_state(j.dump())); };
  EXPECT_TRUE(bad(with(st, "state", "asleep")));
  EXPECT_TRUE(bad(with(st, "state", nullptr)));
  EXPECT_TRUE(bad(with(st, "epoch", nullptr)));
  EXPECT_TRUE(bad(with(st, "ts", -5)));
  EXPECT_TRUE(std::holds_alternative<Refusal>(decode_state("")));
}

TEST(Utf8, AcceptsValidAndRefusesMalformedSequences) {
  EXPECT_TRUE(is_valid_utf8("plain ascii"));
  EXPECT_TRUE(is_valid_utf8("Conformit\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));
  EXPECT_FALSE(is_valid_utf8("\xc3"));              // truncated
  EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));          // overlong
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\x80"));
}
