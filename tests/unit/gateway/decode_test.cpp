// Decoding and validation of node payloads: every field's bad cases.
#include "ingest/decode.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
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
  EXPECT_NE(refusal(decode_batch("{not json", "acd-1")).find("not valid JSON"), std::string::npos);
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

// ---- duplicate members: the last would silently win, so none is accepted ------------

namespace {

const std::string kEnvelopeHead =
    std::string("{\"v\":1,\"node\":\"acd-1\",\"epoch\":\"") + kEpoch + "\",";

std::string state_event_text(std::uint64_t seq, const std::string& extra = "") {
  return "{\"seq\":" + std::to_string(seq) +
         ",\"ts\":1764489600123,\"type\":\"agent.state\",\"agent\":\"4012\",\"team\":\"sav-1\","
         "\"state\":\"talking\"" +
         extra + "}";
}

std::string batch_text(const std::string& events, const std::string& extra = "") {
  return kEnvelopeHead + "\"events\":[" + events + "]" + extra + "}";
}

std::string birth_refusal(const std::string& text) {
  auto d = decode_birth(text, "acd-1");
  auto* r = std::get_if<Refusal>(&d);
  return r ? r->reason : std::string("<accepted>");
}

std::string state_refusal(const std::string& text) {
  auto d = decode_state(text);
  auto* r = std::get_if<Refusal>(&d);
  return r ? r->reason : std::string("<accepted>");
}

}  // namespace

TEST(DuplicateMembers, AnotherNodeNamedLastInTheEnvelopeIsRefused) {
  // The topic check passed before: the last "node" won.
  const auto text = std::string("{\"v\":1,\"node\":\"acd-2\",\"node\":\"acd-1\",\"epoch\":\"") +
                    kEpoch + "\",\"events\":[" + state_event_text(1) + "]}";
  EXPECT_EQ(refusal(decode_batch(text, "acd-1")), "duplicate member \"node\"");
}

TEST(DuplicateMembers, EveryEnvelopeMemberCounts) {
  EXPECT_EQ(refusal(decode_batch(batch_text(state_event_text(1), ",\"v\":1"), "acd-1")),
            "duplicate member \"v\"");
  EXPECT_EQ(
      refusal(decode_batch(
          batch_text(state_event_text(1), ",\"events\":[" + state_event_text(2) + "]"), "acd-1")),
      "duplicate member \"events\"");
  // The same name written with an escape is the same member.
  EXPECT_EQ(
      refusal(decode_batch(batch_text(state_event_text(1), ",\"ep\\u006fch\":\"x\""), "acd-1")),
      "duplicate member \"epoch\"");
}

TEST(DuplicateMembers, InOneEventRejectsThatEventAloneAndConsumesItsSeq) {
  const auto twice = state_event_text(2, ",\"agent\":\"4013\"");
  auto d = decode_batch(batch_text(state_event_text(1) + "," + twice + "," + state_event_text(3)),
                        "acd-1");
  auto* b = std::get_if<EventBatch>(&d);
  ASSERT_NE(b, nullptr) << refusal(d);
  ASSERT_EQ(b->events.size(), 2u);
  EXPECT_EQ(b->events[0].seq, 1u);
  EXPECT_EQ(b->events[1].seq, 3u);
  ASSERT_EQ(b->rejected.size(), 1u);
  EXPECT_EQ(b->rejected[0].seq, 2u) << "consumed: it opens no gap";
  EXPECT_EQ(b->rejected[0].reason, "events[1]: duplicate member \"agent\"");
  EXPECT_EQ(b->rejected[0].kind, RefusalKind::invalid);
  EXPECT_EQ(b->rejected[0].raw, twice) << "kept as the node wrote it, both members in";
}

TEST(DuplicateMembers, ThousandsOfRepeatedNamesInOneEventRejectThatEventAlone) {
  // 5,000 distinct names, then each named again: every repetition is noted, none is looked
  // up among the 5,000 (that would be quadratic), and only that event is rejected.
  std::string extra;
  for (int round = 0; round < 2; ++round)
    for (int i = 0; i < 5000; ++i)
      extra += ",\"x" + std::to_string(i) + "\":" + std::to_string(round);
  const auto text = batch_text(state_event_text(1, extra) + "," + state_event_text(2));
  ASSERT_LE(text.size(), kMaxPayloadBytes);
  auto d = decode_batch(text, "acd-1");
  auto* b = std::get_if<EventBatch>(&d);
  ASSERT_NE(b, nullptr) << refusal(d);
  ASSERT_EQ(b->rejected.size(), 1u);
  EXPECT_EQ(b->rejected[0].reason, "events[0]: duplicate member \"x0\"");
  ASSERT_EQ(b->events.size(), 1u);
  EXPECT_EQ(b->events[0].seq, 2u);
}

TEST(DecodeBatch, ARejectedEventsTextKeepsTheNodesOrderOfMembers) {
  const std::string bad =
      "{\"state\":\"sleeping\",\"seq\":2,\"type\":\"agent.state\",\"ts\":1764489600123,"
      "\"team\":\"sav-1\",\"agent\":\"4012\"}";
  auto d = decode_batch(batch_text(state_event_text(1) + "," + bad), "acd-1");
  auto* b = std::get_if<EventBatch>(&d);
  ASSERT_NE(b, nullptr) << refusal(d);
  ASSERT_EQ(b->rejected.size(), 1u);
  EXPECT_EQ(b->rejected[0].raw, bad);
}

TEST(DuplicateMembers, TheRejectedEventKeepsTheNodesTextWhateverTheSpacing) {
  const std::string twice =
      "{ \"seq\" : 2 , \"agent\":\"4012\", \"agent\" : \"4013\", \"ts\":5,"
      "\"type\":\"agent.state\",\"team\":\"sav-1\",\"state\":\"hold\",\"x\":\"a]},\\\"\" }";
  const std::string text = kEnvelopeHead +
                           "\"other\":[\"events\",{\"a\":[1]}],\n \"events\" : [\n " +
                           state_event_text(1) + " ,\n  " + twice + "\n ] }";
  auto d = decode_batch(text, "acd-1");
  auto* b = std::get_if<EventBatch>(&d);
  ASSERT_NE(b, nullptr) << refusal(d);
  ASSERT_EQ(b->rejected.size(), 1u);
  EXPECT_EQ(b->rejected[0].raw, twice);
  EXPECT_EQ(b->events.size(), 1u);
}

TEST(DuplicateMembers, InsideAnEventsNestedObjectRejectsThatEvent) {
  const auto shift =
      "{\"seq\":1,\"ts\":6,\"type\":\"schedule.shift\",\"agent\":\"4012\",\"team\":\"sav-1\","
      "\"shift\":\"s-1\",\"start\":1000,\"end\":2000,\"published\":10,"
      "\"breaks\":[{\"start\":1100,\"end\":1200,\"kind\":\"break\",\"kind\":\"lunch\"}]}";
  auto d = decode_batch(batch_text(std::string(shift) + "," + state_event_text(2)), "acd-1");
  auto* b = std::get_if<EventBatch>(&d);
  ASSERT_NE(b, nullptr) << refusal(d);
  ASSERT_EQ(b->rejected.size(), 1u);
  EXPECT_EQ(b->rejected[0].reason, "events[0]: duplicate member \"kind\"");
  EXPECT_EQ(b->rejected[0].seq, 1u);
  EXPECT_EQ(b->rejected[0].raw, shift);
  ASSERT_EQ(b->events.size(), 1u);
  EXPECT_EQ(b->events[0].seq, 2u);
}

TEST(DuplicateMembers, ATwiceGivenSeqIsNotConsumed) {
  // Which of the two is the event's seq cannot be told: neither is taken.
  auto d = decode_batch(batch_text(state_event_text(1, ",\"seq\":2")), "acd-1");
  auto* b = std::get_if<EventBatch>(&d);
  ASSERT_NE(b, nullptr) << refusal(d);
  ASSERT_EQ(b->rejected.size(), 1u);
  EXPECT_FALSE(b->rejected[0].seq.has_value());
  EXPECT_EQ(b->rejected[0].reason, "events[0]: duplicate member \"seq\"");
}

TEST(DuplicateMembers, BirthAndStateAreRefused) {
  const auto birth = std::string("{\"v\":1,\"node\":\"acd-1\",\"epoch\":\"") + kEpoch +
                     "\",\"kind\":\"desk\",\"fw\":\"1.0.0\",\"ts\":1764489600000";
  EXPECT_EQ(birth_refusal(birth + "}"), "<accepted>");
  EXPECT_EQ(birth_refusal(birth + ",\"kind\":\"sensor\"}"), "duplicate member \"kind\"");
  const auto state = std::string("{\"state\":\"online\",\"epoch\":\"") + kEpoch + "\",\"ts\":5";
  EXPECT_EQ(state_refusal(state + "}"), "<accepted>");
  EXPECT_EQ(state_refusal(state + ",\"state\":\"lost\"}"), "duplicate member \"state\"");
}

TEST(DuplicateMembers, TheNameIsQuotedClippedAndEscaped) {
  const std::string longName(300, 'k');
  const auto reason = refusal(decode_batch(
      batch_text(state_event_text(1), ",\"" + longName + "\":1,\"" + longName + "\":2"), "acd-1"));
  EXPECT_EQ(reason.rfind("duplicate member \"kkk", 0), 0u) << reason;
  EXPECT_LT(reason.size(), 120u) << reason;
  EXPECT_EQ(
      refusal(decode_batch(batch_text(state_event_text(1), ",\"a\\nb\":1,\"a\\nb\":2"), "acd-1")),
      "duplicate member \"a\\nb\"");
}

TEST(DuplicateMembers, SameNameInDifferentObjectsIsFine) {
  auto d = decode_batch(batch_text(state_event_text(1) + "," + state_event_text(2)), "acd-1");
  auto* b = std::get_if<EventBatch>(&d);
  ASSERT_NE(b, nullptr) << refusal(d);
  EXPECT_EQ(b->events.size(), 2u);
  EXPECT_TRUE(b->rejected.empty());
}

TEST(DuplicateMembers, ManyMembersInOneObjectAreStillChecked) {
  // Past the few members a node sends, the check must stay cheap and exact.
  std::string many;
  for (int i = 0; i < 5000; ++i) many += ",\"x" + std::to_string(i) + "\":0";
  auto ok = decode_batch(batch_text(state_event_text(1), many), "acd-1");
  EXPECT_TRUE(std::holds_alternative<EventBatch>(ok)) << refusal(ok);
  EXPECT_EQ(refusal(decode_batch(batch_text(state_event_text(1), many + ",\"x4321\":1"), "acd-1")),
            "duplicate member \"x4321\"");
}

// ---- seq: 1 to 2^63-1, kept exactly ------------------------------------------------

namespace {

// The single event with seq written as SEQ_TEXT: its seq if decoded, else its reason.
std::string seq_outcome(const std::string& seq_text) {
  const std::string event = "{\"seq\":" + seq_text +
                            ",\"ts\":5,\"type\":\"agent.state\",\"agent\":\"4012\","
                            "\"team\":\"sav-1\",\"state\":\"talking\"}";
  auto d = decode_batch(batch_text(event), "acd-1");
  auto* b = std::get_if<EventBatch>(&d);
  if (!b) return "refused: " + refusal(d);
  if (b->events.size() == 1) return std::to_string(b->events[0].seq);
  return b->rejected.at(0).reason;
}

}  // namespace

TEST(Seq, FromOneToTwoToTheSixtyThreeMinusOneIsKeptExactly) {
  EXPECT_EQ(seq_outcome("1"), "1");
  EXPECT_EQ(seq_outcome("9007199254740993"), "9007199254740993") << "past a double's precision";
  EXPECT_EQ(seq_outcome("9223372036854775806"), "9223372036854775806");
  EXPECT_EQ(seq_outcome("9223372036854775807"), "9223372036854775807");
}

TEST(Seq, EverythingElseIsRejectedWithOneClearReason) {
  const std::string reason = "events[0]: 'seq' must be an integer from 1 to 2^63-1";
  for (const char* bad : {"0", "-1", "-9223372036854775808", "67.5", "6.7e1", "67.0", "1e2",
                          "9223372036854775808", "18446744073709551615", "18446744073709551616",
                          "99999999999999999999999", "\"7\"", "true", "[1]", "{}"})
    EXPECT_EQ(seq_outcome(bad), reason) << bad;
  EXPECT_EQ(seq_outcome("null"), "events[0]: missing field 'seq'");
}

// ---- parse errors and library messages: our own words ----------------------------------

namespace {

bool speaks_library(const std::string& reason) {
  for (const char* internal : {"json.exception", "parse_error", "type_error", "out_of_range",
                               "syntax error", "literal", "last read"})
    if (reason.find(internal) != std::string::npos) return true;
  return false;
}

}  // namespace

// "at byte N": where reading stopped, counting from 1.
TEST(ParseErrors, SayWhereAndWhatInPlainWords) {
  EXPECT_EQ(refusal(decode_batch("{not json", "acd-1")),
            "not valid JSON (at byte 3: a member name in double quotes was expected)");
  EXPECT_EQ(refusal(decode_batch("{\"v\":1,", "acd-1")),
            "not valid JSON (the text ends at byte 7 before the JSON value is complete)");
  EXPECT_EQ(refusal(decode_batch("", "acd-1")), "not valid JSON (the payload is empty)");
  EXPECT_EQ(refusal(decode_batch("{\"v\":1}x", "acd-1")),
            "not valid JSON (at byte 8: text after the end of the JSON value)");
  EXPECT_EQ(refusal(decode_batch("{\"v\":1e400}", "acd-1")),
            "not valid JSON (at byte 10: a number too large to represent)");
  EXPECT_EQ(refusal(decode_batch("{\"v\":tru}", "acd-1")),
            "not valid JSON (at byte 9: an unknown word; JSON knows true, false and null)");
  EXPECT_EQ(refusal(decode_batch("{\"v\":\"a\nb\"}", "acd-1")),
            "not valid JSON (at byte 8: a control character in a string must be escaped)");
  EXPECT_EQ(refusal(decode_batch("{\"v\" 1}", "acd-1")),
            "not valid JSON (at byte 6: ':' was expected after the member name)");
  EXPECT_EQ(refusal(decode_batch("{\"v\":1 \"node\":2}", "acd-1")),
            "not valid JSON (at byte 13: ',' or '}' was expected)");
  EXPECT_EQ(refusal(decode_batch("{\"v\":[1 2]}", "acd-1")),
            "not valid JSON (at byte 9: ',' or ']' was expected)");
  EXPECT_EQ(refusal(decode_batch("{\"v\":-}", "acd-1")),
            "not valid JSON (at byte 7: a malformed number)");
  EXPECT_EQ(refusal(decode_batch("{\"v\":\"\\q\"}", "acd-1")),
            "not valid JSON (at byte 8: an unknown escape in a string)");
  EXPECT_EQ(refusal(decode_batch("{\"v\":\"\\ud800\"}", "acd-1")),
            "not valid JSON (at byte 13: a malformed \\u escape in a string)");
  EXPECT_EQ(refusal(decode_batch("{\"v\":\"abc", "acd-1")),
            "not valid JSON (the text ends at byte 9 before the JSON value is complete)");
}

TEST(ParseErrors, NoReasonSpeaksTheJsonLibrarysLanguage) {
  for (const char* text :
       {"{not json", "{\"v\":1,", "", "  ", "{\"v\":1}x", "{\"v\":1e400}", "[1,]", "{\"v\":01}",
        "{\"v\":\"\\u12\"}", "{\"v\":\"\x01\"}", "{\"v\":1.}", "{,}", "nul", "{\"v\":[}"}) {
    const auto reason = refusal(decode_batch(text, "acd-1"));
    EXPECT_FALSE(reason.empty()) << text;
    EXPECT_FALSE(speaks_library(reason)) << text << " -> " << reason;
    EXPECT_FALSE(speaks_library(birth_refusal(text))) << text;
    EXPECT_FALSE(speaks_library(state_refusal(text))) << text;
  }
}

// ---- watermarks (contract sec. 3.4): "until" --------------------------------------------

TEST(Watermark, AnEmptyBatchWithUntilIsValid) {
  auto d = decode_batch(batch_text("", ",\"until\":1764489790000"), "acd-1");
  auto* b = std::get_if<EventBatch>(&d);
  ASSERT_NE(b, nullptr) << refusal(d);
  EXPECT_EQ(b->until, 1764489790000);
  EXPECT_EQ(b->size(), 0u);
  EXPECT_EQ(b->epoch, kEpoch);
}

TEST(Watermark, ABatchOfEventsMayCarryUntil) {
  auto d = decode_batch(
      batch_text(state_event_text(1) + "," + state_event_text(2), ",\"until\":1764489790000"),
      "acd-1");
  auto* b = std::get_if<EventBatch>(&d);
  ASSERT_NE(b, nullptr) << refusal(d);
  EXPECT_EQ(b->until, 1764489790000);
  EXPECT_EQ(b->events.size(), 2u);
}

TEST(Watermark, WithoutUntilABatchHasNone) {
  auto d = decode_batch(batch_text(state_event_text(1)), "acd-1");
  ASSERT_TRUE(std::holds_alternative<EventBatch>(d));
  EXPECT_FALSE(std::get<EventBatch>(d).until.has_value());
  auto n = decode_batch(batch_text(state_event_text(1), ",\"until\":null"), "acd-1");
  ASSERT_TRUE(std::holds_alternative<EventBatch>(n)) << refusal(n);
  EXPECT_FALSE(std::get<EventBatch>(n).until.has_value()) << "null is absent, as elsewhere";
}

TEST(Watermark, AnEmptyBatchWithoutUntilIsStillRefused) {
  EXPECT_NE(refusal(decode_batch(batch_text(""), "acd-1")).find("'events' is empty"),
            std::string::npos);
  EXPECT_NE(
      refusal(decode_batch(batch_text("", ",\"until\":null"), "acd-1")).find("'events' is empty"),
      std::string::npos);
}

TEST(Watermark, UntilBoundsAreZeroAndTwoToTheSixtyThreeMinusOne) {
  for (const char* good : {"0", "9223372036854775807"}) {
    auto d = decode_batch(batch_text("", std::string(",\"until\":") + good), "acd-1");
    ASSERT_TRUE(std::holds_alternative<EventBatch>(d)) << good << ": " << refusal(d);
    EXPECT_EQ(std::to_string(*std::get<EventBatch>(d).until), good);
  }
}

TEST(Watermark, ABadUntilRefusesTheWholeMessage) {
  const std::string reason =
      "'until' must be an integer from 0 to 2^63-1 (ms since the Unix epoch)";
  for (const char* bad : {"-1", "9223372036854775808", "18446744073709551616", "1.5", "1e3",
                          "\"1764489790000\"", "true", "[]", "{}"}) {
    EXPECT_EQ(refusal(decode_batch(batch_text("", std::string(",\"until\":") + bad), "acd-1")),
              reason)
        << bad;
    EXPECT_EQ(refusal(decode_batch(
                  batch_text(state_event_text(1), std::string(",\"until\":") + bad), "acd-1")),
              reason)
        << bad << " with an event";
  }
  EXPECT_EQ(refusal(decode_batch(batch_text("", ",\"until\":1764489790000,\"until\":1764489790001"),
                                 "acd-1")),
            "duplicate member \"until\"");
}

// Every seed of the decode fuzzer (tests/fuzz/corpus/decode: "TOPIC\nPAYLOAD"), through the
// decoder of its channel: a reason, if any, is in our words.
TEST(ParseErrors, NoSeedOfTheFuzzCorpusGetsALibraryMessage) {
  std::size_t seeds = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::filesystem::path(VIGIE_FUZZ_CORPUS) / "decode")) {
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto newline = text.find('\n');
    ASSERT_NE(newline, std::string::npos) << entry.path();
    const std::string topic = text.substr(0, newline);
    const std::string payload = text.substr(newline + 1);
    std::vector<std::string> reasons;
    if (topic.ends_with("/birth")) {
      reasons.push_back(birth_refusal(payload));
    } else if (topic.ends_with("/state")) {
      reasons.push_back(state_refusal(payload));
    } else {
      const auto d = decode_batch(payload, "acd-1");
      reasons.push_back(refusal(d));
      if (const auto* b = std::get_if<EventBatch>(&d))
        for (const auto& r : b->rejected) reasons.push_back(r.reason);
    }
    for (const auto& r : reasons) EXPECT_FALSE(speaks_library(r)) << entry.path() << ": " << r;
    ++seeds;
  }
  EXPECT_GT(seeds, 10u);
}
