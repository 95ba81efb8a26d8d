// The alert lifecycle: stable ids, ack and justify that keep the breach,
// restart without missing or repeating, deterministic replay, the JSON object.
#include <cctype>
#include <nlohmann/json.hpp>

#include "engine/alert_json.hpp"
#include "harness.hpp"

namespace vigie::engine::testing {
namespace {

using S = AlertState;

TEST(AlertId, IsAStableHashOfItsIdentity) {
  const Subject agent{referentiel::Scope::agent, "4012"};
  const std::string id = alert_id("paris-1", "BRK-01", agent, 1772434800000);
  EXPECT_EQ(id.size(), 32u);
  EXPECT_EQ(id, alert_id("paris-1", "BRK-01", agent, 1772434800000));
  EXPECT_NE(id, alert_id("paris-1", "BRK-01", agent, 1772434800001));
  EXPECT_NE(id, alert_id("paris-1", "BRK-02", agent, 1772434800000));
  EXPECT_NE(id, alert_id("lyon-1", "BRK-01", agent, 1772434800000));
  // Pinned: a build, a platform or a library change must not rename alerts.
  EXPECT_EQ(alert_id("s", "C", Subject{referentiel::Scope::node, "n"}, 0),
            "29d82ffe0c806613b3114f7d89454a52");
}

TEST(AlertId, ReadsBackOnlyTheIdItWrites) {
  const auto key = alert_key("paris-1", "BRK-01", {referentiel::Scope::agent, "4012"}, 1);
  ASSERT_TRUE(AlertKey::parse(key.hex()));
  EXPECT_EQ(*AlertKey::parse(key.hex()), key);
  // An id from a request that is not one the engine wrote names no live alert.
  for (const std::string bad :
       {"", "29d82ffe0c806613b3114f7d89454a5", "29D82FFE0C806613B3114F7D89454A52",
        "29d82ffe0c806613b3114f7d89454a52 ", "29d82ffe0c806613b3114f7d89454a5g",
        "-9d82ffe0c806613b3114f7d89454a52"})
    EXPECT_FALSE(AlertKey::parse(bad)) << bad;
}

TEST(Lifecycle, AnAckOrAJustificationOfALiveAlertsIdMisspeltChangesNothing) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 08:00");
  h.work("4012", t0);
  h.clock_to(t0 + 6 * kHour + 1);
  const Alert fired = h.of("BRK-01").back().alert;
  const auto emitted = h.sink().transitions.size();
  std::string upper = fired.id;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const TimestampMs at = t0 + 6 * kHour + 2 * kMin;
  EXPECT_FALSE(h.engine().acknowledge(upper, Ack{"m", at, ""}));
  EXPECT_FALSE(h.engine().justify(fired.id + " ", Justification{"m", at, "r", ""}));
  EXPECT_FALSE(h.engine().find_alert(fired.id.substr(1)));
  EXPECT_EQ(h.sink().transitions.size(), emitted) << "nothing recorded";
  ASSERT_TRUE(h.engine().find_alert(fired.id));
  EXPECT_FALSE(h.engine().find_alert(fired.id)->acked) << "the live alert is untouched";
}

TEST(Lifecycle, AckAndJustifyAreRecordedAndNeverEraseTheBreach) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 08:00");
  h.work("4012", t0);
  h.clock_to(t0 + 6 * kHour + 1);
  const Alert fired = h.of("BRK-01").back().alert;
  ASSERT_EQ(fired.state, S::firing);
  EXPECT_EQ(fired.id, alert_id("paris-1", "BRK-01", fired.subject, t0));

  const TimestampMs at = t0 + 6 * kHour + 2 * kMin;
  auto acked = h.engine().acknowledge(fired.id, Ack{"manager-1", at, "called the team lead"});
  ASSERT_TRUE(acked);
  EXPECT_EQ(acked->state, S::firing);
  EXPECT_EQ(acked->acked->by, "manager-1");
  const AlertTransition& t = h.sink().transitions.back();
  EXPECT_EQ(t.change, Change::ack);
  EXPECT_EQ(t.key, fired.id + ":ack:" + std::to_string(at));

  auto justified = h.engine().justify(
      fired.id, Justification{"manager-1", at + kMin, "incident", "ACD outage, queue overflow"});
  ASSERT_TRUE(justified);
  EXPECT_EQ(justified->state, S::firing);
  EXPECT_EQ(h.sink().transitions.back().change, Change::justify);

  h.pause("4012", t0 + 6 * kHour + 30 * kMin);
  h.clock_to(t0 + 6 * kHour + 50 * kMin);
  const Alert resolved = h.of("BRK-01").back().alert;
  EXPECT_EQ(resolved.state, S::resolved);
  EXPECT_EQ(resolved.fired_at, t0 + 6 * kHour + 1);
  ASSERT_TRUE(resolved.acked && resolved.justified);
  EXPECT_EQ(resolved.justified->reason, "incident");
  EXPECT_FALSE(h.engine().acknowledge(fired.id, Ack{"m", at, ""}));  // resolved: in the store
  EXPECT_FALSE(h.engine().acknowledge("nope", Ack{"m", at, ""}));
}

// A day of two agents and a sensor, in replay (no wall clock): the sensor's
// samples move the site clock so deadlines fall between events.
struct Input {
  std::string node;
  Event event;
};

std::vector<Input> capture() {
  std::vector<Input> in;
  std::map<std::string, std::uint64_t> seq;
  auto add = [&](const std::string& node, TimestampMs ts, EventBody body) {
    in.push_back({node, Event{++seq[node], ts, std::move(body)}});
  };
  const TimestampMs t0 = paris_time("2026-03-02 08:00");
  auto st = [](const char* agent, AgentState s, std::optional<NotReadyReason> r = std::nullopt) {
    return AgentStateChange{agent, "t1", s, r, {}, {}};
  };
  for (TimestampMs t = t0; t <= t0 + 12 * kHour; t += 5 * kMin) {
    EnvSample e;
    e.zone = "plateau";
    e.window_s = 300;
    e.l50_db = (t >= t0 + 2 * kHour && t < t0 + 3 * kHour) ? 58.0 : 50.0;
    if (t == t0) {
      add("acd-1", t, st("a", AgentState::available));
      add("acd-1", t, st("b", AgentState::talking));
    }
    if (t == t0 + 3 * kHour + 30 * kMin)
      add("acd-1", t, st("a", AgentState::not_ready, NotReadyReason::break_));
    if (t == t0 + 4 * kHour) add("acd-1", t, st("a", AgentState::available));
    if (t == t0 + 5 * kHour) add("acd-1", t, CallTagged{"b", "c-9", {CallTag::abusive}});
    if (t == t0 + 9 * kHour) add("acd-1", t, st("a", AgentState::logged_out));
    if (t == t0 + 11 * kHour) add("acd-1", t, st("b", AgentState::logged_out));
    add("sensor-1", t, e);
  }
  return in;
}

struct Replayer {
  RecordingSink sink;
  std::unique_ptr<Engine> engine;
  explicit Replayer(const RecordedTransitions* recorded = nullptr) {
    EngineOptions o;
    o.site = "paris-1";
    o.zone = paris();
    o.referentiel = referentiel::resolve(default_referentiel(), "idcc2098-2h10");
    engine = std::make_unique<Engine>(std::move(o), sink);
    engine->set_recorded(recorded);
  }
  void feed(const std::vector<Input>& in, std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i)
      engine->on_event(NodeEpoch{in[i].node, "00000000000000a1"}, in[i].event);
  }
  std::vector<std::string> lines() const {
    std::vector<std::string> out;
    for (const auto& t : sink.transitions) out.push_back(t.key + " " + to_json(t.alert));
    return out;
  }
};

TEST(Replay, TheSameInputGivesTheSameTransitions) {
  auto in = capture();
  Replayer a, b;
  a.feed(in, 0, in.size());
  b.feed(in, 0, in.size());
  EXPECT_GT(a.sink.transitions.size(), 20u);
  EXPECT_EQ(a.lines(), b.lines());
}

TEST(Restart, RebuildingFromStoredEventsNeitherMissesNorRepeats) {
  auto in = capture();
  Replayer reference;
  reference.feed(in, 0, in.size());

  for (std::size_t crash : {in.size() / 3, in.size() / 2, in.size() - 7}) {
    Replayer before;
    before.feed(in, 0, crash);
    RecordedKeySet store;
    for (const auto& t : before.sink.transitions) store.add(t.key);
    // The restarted engine replays what the store holds, then goes on.
    Replayer after(&store);
    after.feed(in, 0, crash);
    EXPECT_TRUE(after.sink.transitions.empty()) << "re-emitted after a restart at " << crash;
    after.feed(in, crash, in.size());
    std::vector<std::string> joined = before.lines();
    for (auto& l : after.lines()) joined.push_back(l);
    EXPECT_EQ(joined, reference.lines()) << "restart at " << crash;
  }
}

TEST(Restart, AcksAreRestoredWithoutBeingRecordedTwice) {
  auto in = capture();
  Replayer before;
  before.feed(in, 0, in.size() / 2);
  auto active = before.engine->active_alerts();
  ASSERT_FALSE(active.empty());
  const Ack ack{"manager-1", paris_time("2026-03-02 12:00"), "ok"};
  ASSERT_TRUE(before.engine->acknowledge(active[0].id, ack));
  RecordedKeySet store;
  for (const auto& t : before.sink.transitions) store.add(t.key);
  Replayer after(&store);
  after.feed(in, 0, in.size() / 2);
  ASSERT_TRUE(after.engine->acknowledge(active[0].id, ack));
  EXPECT_TRUE(after.sink.transitions.empty());
  EXPECT_EQ(after.engine->find_alert(active[0].id)->acked->by, "manager-1");
  EXPECT_EQ(after.engine->stats().suppressed, store.size());
}

TEST(AlertJson, CarriesTheContractFields) {
  Harness h;
  const TimestampMs t0 = paris_time("2026-03-02 08:00");
  h.work("4012", t0);
  h.clock_to(t0 + 6 * kHour + 1);
  auto j = nlohmann::json::parse(to_json(h.of("BRK-01").back().alert));
  EXPECT_EQ(j["criterion"], "BRK-01");
  EXPECT_EQ(j["referentiel"], "vigie-fr-default");
  EXPECT_EQ(j["version"], "2026.1");
  EXPECT_EQ(j["severity"], "critical");
  EXPECT_EQ(j["site"], "paris-1");
  EXPECT_EQ(j["subject"], (nlohmann::json{{"agent", "4012"}}));
  EXPECT_EQ(j["state"], "firing");
  EXPECT_DOUBLE_EQ(j["value"].get<double>(), 360.0 + 1.0 / 60000);
  EXPECT_EQ(j["threshold"], 360.0);
  EXPECT_EQ(j["started_at"], t0);
  EXPECT_EQ(j["due_at"], t0 + 6 * kHour);
  EXPECT_EQ(j["fired_at"], t0 + 6 * kHour + 1);
  EXPECT_TRUE(j["resolved_at"].is_null());
  EXPECT_TRUE(j["acked"].is_null());
  EXPECT_TRUE(j["justified"].is_null());
  EXPECT_EQ(j["params"]["work_limit"], "6h");
  EXPECT_EQ(j["params"]["min_pause"], "20min");
  EXPECT_NE(j["summary"].get<std::string>().find("agent.4012"), std::string::npos);
  EXPECT_EQ(j["id"].get<std::string>().size(), 32u);
}

}  // namespace
}  // namespace vigie::engine::testing
