// The evidence ledger over a month of a large centre (issue #4): how fast the
// ledger is fed, how fast an audit pack of the whole period is exported and
// verified offline, and how much the ledger grows per agent-day.
//
// The centre is generated straight into a fresh SQLite store (schema as
// migrate() makes it), with a fixed seed, one day at a time and in time order:
// the alert transitions a real day produces (due, firing, resolved, acks and
// justifications; alert JSON shaped as engine/alert_json.cpp writes it), node
// births and state changes, gaps opened and closed, and each agent's day
// ("agent.day", shaped as summary/day_summary.cpp writes it, appended with
// LedgerFeed::append an hour after the day as the gateway does; the
// summariser's own queries are not run: no agent.state events are generated). Every
// --checkpoint-every minutes of simulated time, as the gateway does, the rows
// of that slice are committed (not timed), then LedgerFeed::catch_up (timed,
// with an HMAC pseudonymiser as the gateway's) and Checkpointer::checkpoint
// (timed). So the export meets the ledger the gateway would have: entries in
// time order and a signed checkpoint every slice that grew.
//
// Then, timed against bare baselines run in the same process:
//   export  write_pack of the whole period, run in a child process so that
//           --export-limit can stop it; baseline: read the same entries from
//           SQLite, write them to a file and SHA-256 them.
//   verify  verify_pack of the pack, in a child process (its peak RSS); baseline:
//           read the entries file (entries.jsonl.gz inflated, or entries.jsonl) a
//           block at a time and SHA-256 each line (with verify's SHA-256, OpenSSL's;
//           also shown with libsodium's, the baseline of the figures before it).
//   feed    (timed above) baseline: the first 5,000 entry texts and their leaf
//           hashes appended one commit each to a scratch database.
// Each baseline runs before and after what it is compared with; the mean of
// the two is the reference. Before the export, the cost of one inclusion and
// one consistency proof is sampled to project where write_pack spends its time.
// With --reference, a bench-local writer ("reference") writes a format-3 pack
// (one inclusion proof per entry) with every Merkle subtree root read from
// levels hashed once: the format-3 writer of issue #4's fix, and a 30-day pack
// to verify if write_pack was stopped.
//
//   cmake -S . -B build/h-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DVIGIE_WERROR=OFF
//   cmake --build build/h-bench --target vigie_evidence_bench
//   build/h-bench/bench/vigie_evidence_bench [--agents N] [--days D] [--seed N]
//       [--checkpoint-every MIN] [--synchronous FULL|NORMAL|OFF]
//       [--export-limit S] [--keep DIR] [--reference 1]
//   build/h-bench/bench/vigie_evidence_bench --verify-only PACK_DIR
//   build/h-bench/bench/vigie_evidence_bench --export-only DIR   # DIR kept by --keep
#include <poll.h>
#include <signal.h>
#include <sodium.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "custody/pseudonym.hpp"
#include "evidence/canonical_json.hpp"
#include "evidence/checkpointer.hpp"
#include "evidence/hash.hpp"
#include "evidence/ledger_feed.hpp"
#include "evidence/merkle.hpp"
#include "evidence/pack_format.hpp"
#include "evidence/pack_report.hpp"
#include "evidence/pack_stream.hpp"
#include "evidence/pack_verifier.hpp"
#include "evidence/pack_writer.hpp"
#include "evidence/signed_note.hpp"
#include "store/alert_repository.hpp"
#include "store/database.hpp"
#include "store/ledger_repository.hpp"
#include "store/schema.hpp"

using namespace vigie;
using evidence::Hash;
using nlohmann::json;
using nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

constexpr TimestampMs kSecond = 1000, kMinute = 60 * kSecond, kHour = 60 * kMinute,
                      kDay = 24 * kHour;
// Monday 2026-11-02 00:00 in Paris (UTC+1 then).
constexpr TimestampMs kStart = 1793574000000;
// As the engine bench's centre (5,000 agents in 50 teams): a team of 100 has
// a supervisor, a plateau (noise zone) and a noise sensor node.
constexpr int kAgentsPerTeam = 100;
const std::string kSite = "paris-1";

struct Options {
  int agents = 1000;
  int days = 30;
  std::uint64_t seed = 1;
  int checkpoint_every_min = 15;     // the gateway's default evidence.checkpoint_every
  std::string synchronous = "FULL";  // the gateway's default store.synchronous
  double export_limit_s = 600;
  bool reference = false;
  std::string keep;  // keep the store and the packs there instead of a temp directory
};

// splitmix64: fixed output for a seed on every platform and library.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (s_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return uniform() < p; }
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  int poisson(double mean) {
    const double limit = std::exp(-mean);
    int k = 0;
    for (double p = uniform(); p > limit; p *= uniform()) ++k;
    return k;
  }

 private:
  std::uint64_t s_;
};

// ---------------------------------------------------------------- the centre

// A criterion of the default référentiel (vigie-fr-default 2026.1, profile
// idcc2098-2h10) and how often it opens an alert per subject and day. The
// rates give about 6.6 state transitions per agent-day, close to the 6.9 the
// engine bench measured on a simulated Monday (34,502 for 5,000 agents).
struct Criterion {
  const char* id;
  const char* title;
  const char* scope;  // agent, team, zone
  const char* severity;
  const char* unit;
  double threshold;
  double per_subject_day;  // mean alerts opened per subject and day (Poisson)
  int due_before_min;      // 0: no "due" warning, the alert opens firing
  std::vector<std::pair<const char*, const char*>> params;
};

const std::vector<Criterion>& criteria() {
  static const std::vector<Criterion> c = {
      {"BRK-03",
       "Pause quota: 10 min per 2 h of work (15 min per 3 h under idcc2098-3h15)",
       "agent",
       "major",
       "min",
       120,
       1.2,
       15,
       {{"limit", "2h"}, {"reset", "10min"}}},
      {"LOAD-02",
       "Calls chained without breathing time",
       "agent",
       "minor",
       "min",
       45,
       0.5,
       0,
       {{"limit", "45min"}, {"reset", "30s"}, {"states", "[talking, hold, wrap_up]"}}},
      {"BRK-02",
       "No continuous work sequence over 3 h",
       "agent",
       "major",
       "min",
       180,
       0.3,
       15,
       {{"limit", "3h"}, {"reset", "10min"}}},
      {"BRK-04",
       "Lunch break of at least 45 min inside 11:00-15:00",
       "agent",
       "major",
       "min",
       45,
       0.3,
       45,
       {{"window_start", "11:00"}, {"window_end", "15:00"}, {"min_pause", "45min"}}},
      {"BRK-01",
       "A pause of at least 20 consecutive minutes once daily work reaches 6 h",
       "agent",
       "critical",
       "min",
       360,
       0.2,
       30,
       {{"work_limit", "6h"}, {"min_pause", "20min"}}},
      {"LOAD-04",
       "Recovery after a difficult call",
       "agent",
       "minor",
       "min",
       5,
       0.15,
       0,
       {{"tags", "[difficult, abusive]"}, {"within", "15min"}, {"min_recovery", "5min"}}},
      {"REST-03",
       "Daily amplitude at most 13 h",
       "agent",
       "major",
       "h",
       13,
       0.03,
       30,
       {{"limit", "13h"}}},
      {"TIME-01",
       "Daily work at most 10 h",
       "agent",
       "critical",
       "h",
       10,
       0.02,
       30,
       {{"limit", "10h"}}},
      {"LOAD-01",
       "Sustainable occupancy",
       "team",
       "minor",
       "%",
       85,
       0.6,
       0,
       {{"threshold", "85"},
        {"clear_below", "80"},
        {"window", "1h"},
        {"step", "1min"},
        {"hold", "15min"},
        {"clear_hold", "15min"}}},
      {"ENV-02",
       "Ambient noise of the plateau",
       "zone",
       "minor",
       "dB(A)",
       55,
       0.3,
       0,
       {{"fields", "[l50_db, laeq_db]"},
        {"threshold", "55"},
        {"hold", "15min"},
        {"clear_hold", "15min"}}},
  };
  return c;
}

// The lifecycle of an alert with a warning: due, then firing or not, then
// resolved. A firing one may be acknowledged and justified by the supervisor.
constexpr double kFiresAfterDue = 0.6, kAcked = 0.4, kJustified = 0.15;

// engine/alert.cpp's alert_id: FNV-1a of the identity, two 64-bit halves.
std::string alert_id(const std::string& criterion, const std::string& subject_key,
                     TimestampMs started_at) {
  const std::string identity =
      kSite + "\n" + criterion + "\n" + subject_key + "\n" + std::to_string(started_at);
  auto fnv = [&](std::uint64_t h) {
    for (unsigned char c : identity) {
      h ^= c;
      h *= 0x100000001b3ULL;
    }
    return h;
  };
  char buf[33];
  std::snprintf(buf, sizeof buf, "%016llx%016llx",
                static_cast<unsigned long long>(fnv(0xcbf29ce484222325ULL)),
                static_cast<unsigned long long>(fnv(0x84222325cbf29ce4ULL)));
  return buf;
}

// An alert as it stands, serialised as engine/alert_json.cpp does.
struct Alert {
  const Criterion* c = nullptr;
  std::string subject_id, id;
  std::string state;
  std::optional<double> value;
  TimestampMs started_at = 0, updated_at = 0;
  std::optional<TimestampMs> due_at, fired_at, resolved_at;
  std::optional<ordered_json> acked, justified;

  std::string subject_key() const { return std::string(c->scope) + "." + subject_id; }
  std::string summary() const {
    std::string s = subject_key() + ": " + c->title + " - " + state;
    if (value) {
      char buf[96];
      std::snprintf(buf, sizeof buf, " (%.1f %s, threshold %.1f %s)", *value, c->unit, c->threshold,
                    c->unit);
      s += buf;
    }
    return s;
  }
  std::string json_text() const {
    ordered_json j;
    j["id"] = id;
    j["criterion"] = c->id;
    j["referentiel"] = "vigie-fr-default";
    j["version"] = "2026.1";
    j["profile"] = "idcc2098-2h10";
    j["severity"] = c->severity;
    j["site"] = kSite;
    j["subject"] = ordered_json{{c->scope, subject_id}};
    j["state"] = state;
    j["value"] = value ? ordered_json(*value) : ordered_json(nullptr);
    j["threshold"] = c->threshold;
    j["unit"] = c->unit;
    j["started_at"] = started_at;
    auto opt = [&](const char* key, const std::optional<TimestampMs>& t) {
      j[key] = t ? ordered_json(*t) : ordered_json(nullptr);
    };
    opt("due_at", due_at);
    opt("fired_at", fired_at);
    opt("resolved_at", resolved_at);
    j["updated_at"] = updated_at;
    j["acked"] = acked ? *acked : ordered_json(nullptr);
    j["justified"] = justified ? *justified : ordered_json(nullptr);
    ordered_json params = ordered_json::object();
    for (const auto& [name, v] : c->params) params[name] = v;
    j["params"] = params;
    j["summary"] = summary();
    return j.dump();
  }
};

// One row for a source table, at the time the gateway would have stored it.
struct Row {
  enum Kind { kTransition, kNode, kGapOpened, kGapClosed } kind = kTransition;
  TimestampMs at = 0;
  store::TransitionRecord t;
  std::string node, what, epoch, node_kind, fw, state;  // node_history
  std::size_t gap = 0;                                  // gaps: index into Centre::gap_ids
  std::int64_t from_seq = 0, to_seq = 0;
  TimestampMs from_ts = 0;
  std::string status;
};

struct Node {
  std::string name, kind;
  std::string epoch;
  std::int64_t seq = 0;
};

// The agent criteria of the default profile, in the order of the référentiel:
// each agent-day summary gives a verdict for every one of them.
const std::vector<const char*> kAgentCriteria = {
    "BRK-01",  "BRK-02",  "BRK-03",  "BRK-04",  "LOAD-02", "LOAD-04", "TIME-01",
    "TIME-02", "TIME-03", "REST-01", "REST-02", "REST-03", "PLN-01",  "ENV-03"};

// One agent's day as summary/day_summary.cpp puts it in the ledger ("agent.day").
struct AgentDay {
  std::string agent;
  TimestampMs shift = 0, shift_end = 0;
  std::vector<std::pair<TimestampMs, TimestampMs>> pauses;  // start, length
  std::map<std::string, std::string> verdicts;              // breached, justified
};

// What was generated, for the printed mix.
struct Mix {
  std::map<std::string, std::size_t> alerts_by_criterion;
  std::size_t agent_days = 0;
  std::size_t agent_alerts = 0, other_alerts = 0;
  std::size_t due = 0, firing = 0, resolved = 0, acks = 0, justifications = 0;
  std::size_t births = 0, node_states = 0, gaps_opened = 0, gaps_filled = 0, gaps_lost = 0;
  std::size_t transitions() const { return due + firing + resolved + acks + justifications; }
};

class Centre {
 public:
  Centre(const Options& o, Rng& rng) : o_(o), rng_(rng) {
    teams_ = (o.agents + kAgentsPerTeam - 1) / kAgentsPerTeam;
    nodes_.push_back({"acd-1", "acd-bridge", new_epoch(), 0});
    for (int t = 0; t < teams_; ++t)
      nodes_.push_back({"noise-" + team(t), "sensor", new_epoch(), 0});
  }
  int teams() const { return teams_; }
  std::size_t nodes() const { return nodes_.size(); }
  const Mix& mix() const { return mix_; }
  std::vector<std::int64_t>& gap_ids() { return gap_ids_; }
  // The agent-days of the last day() generated.
  std::vector<AgentDay> take_days() { return std::move(days_); }

  // Every row of day D (0-based), in the order the gateway would store them.
  std::vector<Row> day(int d) {
    std::vector<Row> rows;
    const TimestampMs begin = kStart + d * kDay, end = begin + kDay;
    if (d == 0)
      for (auto& n : nodes_) birth(n, begin + kSecond, rows);
    for (int a = 0; a < o_.agents; ++a) agent_day(a, begin, rows);
    for (int t = 0; t < teams_; ++t) {
      const TimestampMs open = begin + 7 * kHour, hours = 14;
      for (const auto& c : criteria()) {
        if (std::string(c.scope) == "agent") continue;
        const std::string subject = std::string(c.scope) == "team" ? team(t) : "plateau-" + team(t);
        for (int k = rng_.poisson(c.per_subject_day); k > 0; --k)
          alert(c, subject, team(t), open + rng_.between(0, hours * 60 - 120) * kMinute, rows);
      }
    }
    for (auto& n : nodes_) node_day(n, begin, rows);
    for (auto& r : rows) r.at = std::min(r.at, end - 1);
    std::stable_sort(rows.begin(), rows.end(),
                     [](const Row& a, const Row& b) { return a.at < b.at; });
    return rows;
  }

 private:
  static std::string team(int t) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "T%02d", t + 1);
    return buf;
  }
  std::string new_epoch() {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(rng_.next()));
    return buf;
  }

  // A shift of 8 h starting between 07:00 and 13:00; alerts fall inside it.
  // Two short breaks and a lunch, each moved by up to 20 min.
  void agent_day(int a, TimestampMs begin, std::vector<Row>& rows) {
    AgentDay day;
    day.agent = std::to_string(10000 + a);
    day.shift = begin + 7 * kHour + rng_.between(0, 24) * 15 * kMinute;
    day.shift_end = day.shift + 8 * kHour;
    for (const auto& [at_min, min_len, max_len] :
         {std::tuple{120, 10, 15}, std::tuple{240, 45, 60}, std::tuple{360, 10, 15}})
      day.pauses.emplace_back(day.shift + (at_min + rng_.between(-20, 20)) * kMinute,
                              rng_.between(min_len, max_len) * kMinute);
    for (const auto& c : criteria()) {
      if (std::string(c.scope) != "agent") continue;
      for (int k = rng_.poisson(c.per_subject_day); k > 0; --k) {
        const auto outcome = alert(c, day.agent, team(a / kAgentsPerTeam),
                                   day.shift + rng_.between(30, 8 * 60 - 120) * kMinute, rows);
        auto rank = [](const std::string& v) { return v == "justified" ? 2 : v == "breached"; };
        auto& v = day.verdicts[c.id];
        if (v.empty() || rank(outcome) > rank(v)) v = outcome;
      }
    }
    std::erase_if(day.verdicts, [](const auto& v) { return v.second == "held"; });
    days_.push_back(std::move(day));
    ++mix_.agent_days;
  }

  // Returns the verdict the alert gives its subject's day: held, breached, justified.
  std::string alert(const Criterion& c, const std::string& subject, const std::string& team,
                    TimestampMs t0, std::vector<Row>& rows) {
    Alert a;
    a.c = &c;
    a.subject_id = subject;
    a.started_at = t0;
    a.id = alert_id(c.id, a.subject_key(), t0);
    ++mix_.alerts_by_criterion[c.id];
    ++(std::string(c.scope) == "agent" ? mix_.agent_alerts : mix_.other_alerts);
    const double step = std::string(c.unit) == "h" ? 1.0 / 60 : 1.0;  // value per minute
    std::optional<std::string> from;
    std::map<std::string, int> entries;  // per state, as AlertBook numbers its keys
    auto state = [&](const std::string& s, TimestampMs at, double value) {
      a.state = s;
      a.updated_at = at;
      a.value = std::round(value * 10) / 10;
      emit(a, "state", from, a.id + ":" + s + ":" + std::to_string(++entries[s]), at, rows);
      from = s;
      ++(s == "due" ? mix_.due : s == "firing" ? mix_.firing : mix_.resolved);
    };
    TimestampMs fired = 0;
    if (c.due_before_min > 0) {
      a.due_at = t0 + c.due_before_min * kMinute;
      state("due", t0, c.threshold - c.due_before_min * step);
      if (!rng_.chance(kFiresAfterDue)) {
        const TimestampMs at = t0 + rng_.between(1, c.due_before_min - 1) * kMinute;
        a.resolved_at = at;
        state("resolved", at, c.threshold - rng_.between(2, c.due_before_min) * step);
        return "held";
      }
      fired = *a.due_at;
    } else {
      fired = t0;
    }
    a.fired_at = fired;
    state("firing", fired, c.threshold + rng_.between(1, 5) * step);
    const std::string supervisor = "sup-" + team;
    if (rng_.chance(kAcked)) {
      const TimestampMs at = fired + rng_.between(1, 10) * kMinute + rng_.between(0, 59) * kSecond;
      a.acked = ordered_json{{"by", supervisor}, {"at", at}, {"note", "seen, break planned"}};
      a.updated_at = at;
      emit(a, "ack", a.state, a.id + ":ack:" + std::to_string(at), at, rows);
      ++mix_.acks;
    }
    if (rng_.chance(kJustified)) {
      const TimestampMs at = fired + rng_.between(11, 30) * kMinute + rng_.between(0, 59) * kSecond;
      a.justified =
          ordered_json{{"by", supervisor},
                       {"at", at},
                       {"reason", "service continuity"},
                       {"note", "queue overflow after an incident, agreed with the team"}};
      a.updated_at = at;
      emit(a, "justify", a.state, a.id + ":justify:" + std::to_string(at), at, rows);
      ++mix_.justifications;
    }
    const TimestampMs at = fired + rng_.between(31, 90) * kMinute;
    a.resolved_at = at;
    state("resolved", at, c.threshold + rng_.between(1, 20) * step);
    return a.justified ? "justified" : "breached";
  }

  void emit(const Alert& a, const std::string& change, const std::optional<std::string>& from,
            const std::string& key, TimestampMs at, std::vector<Row>& rows) {
    Row r;
    r.kind = Row::kTransition;
    r.at = at + rng_.between(5, 900);  // recorded a little after, by the engine
    r.t = {key,     a.id,       change,       from,          a.state,      at,
           a.c->id, a.c->scope, a.subject_id, a.c->severity, a.started_at, a.json_text()};
    rows.push_back(std::move(r));
  }

  void birth(Node& n, TimestampMs at, std::vector<Row>& rows) {
    Row b;
    b.kind = Row::kNode;
    b.at = at;
    b.node = n.name;
    b.what = "birth";
    b.epoch = n.epoch;
    b.node_kind = n.kind;
    b.fw = n.kind == "sensor" ? "1.2.0" : "1.4.2";
    rows.push_back(b);
    node_state(n, "online", at + 2 * kSecond, rows);
    ++mix_.births;
  }
  void node_state(Node& n, const char* state, TimestampMs at, std::vector<Row>& rows) {
    Row s;
    s.kind = Row::kNode;
    s.at = at;
    s.node = n.name;
    s.what = "state";
    s.epoch = n.epoch;
    s.state = state;
    rows.push_back(s);
    ++mix_.node_states;
  }

  // A node per day: sometimes a restart (new epoch), a few offline/online
  // blips, and now and then a gap in its sequence, filled or given up.
  void node_day(Node& n, TimestampMs begin, std::vector<Row>& rows) {
    const TimestampMs span = 23 * kHour;
    if (rng_.chance(0.03)) {
      n.epoch = new_epoch();
      n.seq = 0;
      birth(n, begin + rng_.between(0, span / kSecond) * kSecond, rows);
    }
    for (int k = rng_.poisson(1.0); k > 0; --k) {
      const TimestampMs at = begin + rng_.between(0, span / kSecond) * kSecond;
      node_state(n, "offline", at, rows);
      node_state(n, "online", at + rng_.between(10, 600) * kSecond, rows);
    }
    for (int k = rng_.poisson(0.3); k > 0; --k) {
      const TimestampMs at = begin + rng_.between(0, span / kSecond) * kSecond;
      Row g;
      g.kind = Row::kGapOpened;
      g.at = at;
      g.node = n.name;
      g.epoch = n.epoch;
      g.from_seq = n.seq + rng_.between(100, 5000);
      g.to_seq = g.from_seq + rng_.between(0, 40);
      n.seq = g.to_seq;
      g.from_ts = at - rng_.between(1, 30) * kSecond;
      g.gap = gap_ids_.size();
      gap_ids_.push_back(0);
      rows.push_back(g);
      ++mix_.gaps_opened;
      Row c = g;
      c.kind = Row::kGapClosed;
      c.at = at + rng_.between(5, 900) * kSecond;
      const bool filled = rng_.chance(0.9);
      c.status = filled ? "filled" : "lost";
      ++(filled ? mix_.gaps_filled : mix_.gaps_lost);
      rows.push_back(c);
    }
  }

  const Options& o_;
  Rng& rng_;
  int teams_ = 0;
  std::vector<Node> nodes_;
  std::vector<std::int64_t> gap_ids_;
  std::vector<AgentDay> days_;
  Mix mix_;
};

// The data of DAY's "agent.day" entry, shaped as summary/day_summary.cpp makes it.
json day_summary(const AgentDay& day, const std::string& pseudonym, const std::string& date) {
  TimestampMs pause = 0, longest = 0, t = day.shift;
  json pauses = json::array();
  for (const auto& [start, ms] : day.pauses) {
    longest = std::max(longest, start - t);
    pause += ms;
    t = start + ms;
    pauses.push_back({{"start", start}, {"ms", ms}});
  }
  longest = std::max(longest, day.shift_end - t);
  const TimestampMs work = day.shift_end - day.shift - pause;
  json verdicts = json::object();
  for (const char* c : kAgentCriteria) {
    const auto it = day.verdicts.find(c);
    verdicts[c] = it == day.verdicts.end() ? "held" : it->second;
  }
  return {{"agent", pseudonym},
          {"date", date},
          {"work_ms", work},
          {"pause_ms", pause},
          {"off_ms", kDay - work - pause},
          {"pauses", pauses},
          {"longest_work_ms", longest},
          {"criteria", verdicts}};
}

// "2026-11-02" for the Paris day starting at BEGIN (UTC+1 in November).
std::string date_of(TimestampMs begin) {
  using namespace std::chrono;
  const year_month_day ymd{floor<days>(sys_time<milliseconds>(milliseconds(begin + kHour)))};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()),
                unsigned(ymd.day()));
  return buf;
}

// Commits ROWS into the source tables as the ingest and the engine would.
class Writer {
 public:
  explicit Writer(store::Database& db)
      : db_(db),
        alerts_(db),
        born_(db.prepare("INSERT INTO node_history (node, what, epoch, kind, fw, ts, received_at)"
                         " VALUES (?, 'birth', ?, ?, ?, ?, ?)")),
        state_(db.prepare("INSERT INTO node_history (node, what, epoch, state, ts, received_at)"
                          " VALUES (?, 'state', ?, ?, ?, ?)")),
        gap_(db.prepare("INSERT INTO gaps (node, epoch, from_seq, to_seq, from_ts, to_ts,"
                        " detected_at) VALUES (?, ?, ?, ?, ?, ?, ?)")),
        close_(db.prepare("UPDATE gaps SET status = ?, closed_at = ? WHERE id = ?")) {}

  void write(const Row& r, std::vector<std::int64_t>& gap_ids) {
    switch (r.kind) {
      case Row::kTransition:
        alerts_.record(r.t, r.at);
        break;
      case Row::kNode:
        if (r.what == "birth") {
          born_.bind(1, r.node).bind(2, r.epoch).bind(3, r.node_kind).bind(4, r.fw);
          born_.bind(5, r.at - 300).bind(6, r.at).run();
        } else {
          state_.bind(1, r.node).bind(2, r.epoch).bind(3, r.state).bind(4, r.at - 300);
          state_.bind(5, r.at).run();
        }
        break;
      case Row::kGapOpened:
        gap_.bind(1, r.node).bind(2, r.epoch).bind(3, r.from_seq).bind(4, r.to_seq);
        gap_.bind(5, r.from_ts).bind(6, r.at - 200).bind(7, r.at).run();
        gap_ids[r.gap] = sqlite3_last_insert_rowid(db_.handle());
        break;
      case Row::kGapClosed:
        close_.bind(1, r.status).bind(2, r.at).bind(3, gap_ids[r.gap]).run();
        break;
    }
  }

 private:
  store::Database& db_;
  store::AlertRepository alerts_;
  store::Statement born_, state_, gap_, close_;
};

// ------------------------------------------------------------ measurements

double seconds(Clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

double process_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

std::string load_average() {
  std::ifstream f("/proc/loadavg");
  std::string a, b, c;
  f >> a >> b >> c;
  return a + " " + b + " " + c;
}

double mib(std::uintmax_t bytes) {
  return static_cast<double>(bytes) / (1024.0 * 1024.0);
}

// VmHWM of /proc/self/status (the process's peak RSS), in MiB.
double peak_rss_mib() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::atof(line.c_str() + 6) / 1024.0;
  return -1;
}

std::uintmax_t dir_size(const fs::path& dir) {
  std::uintmax_t n = 0;
  for (const auto& f : fs::directory_iterator(dir))
    if (f.is_regular_file()) n += f.file_size();
  return n;
}

// Wall and CPU time of what F does in this process.
struct Timed {
  double wall_s = 0, cpu_s = 0;
};
template <typename F>
Timed timed(F&& f) {
  const double c0 = process_cpu_seconds();
  const auto t0 = Clock::now();
  f();
  return {seconds(Clock::now() - t0), process_cpu_seconds() - c0};
}

// Feed baseline: the first LIMIT ledger entries and their leaf hashes appended
// again, one transaction each (the feed's unit of commit), to a scratch
// database with the same settings: what a bare durable append costs here.
Timed feed_baseline(store::Database& src, const fs::path& file, const store::OpenOptions& open,
                    std::int64_t limit, std::size_t& count) {
  std::vector<std::string> entries;
  auto s = src.prepare("SELECT entry FROM ledger_entries ORDER BY idx LIMIT ?");
  s.bind(1, limit);
  while (s.step()) entries.push_back(s.text(0));
  count = entries.size();
  Timed t;
  {
    store::Database db(file, open);
    db.exec(
        "CREATE TABLE leaves (idx INTEGER PRIMARY KEY, hash BLOB NOT NULL);"
        " CREATE TABLE entries (idx INTEGER PRIMARY KEY, entry TEXT NOT NULL)");
    auto leaf = db.prepare("INSERT INTO leaves (idx, hash) VALUES (?, ?)");
    auto row = db.prepare("INSERT INTO entries (idx, entry) VALUES (?, ?)");
    t = timed([&] {
      for (std::size_t i = 0; i < entries.size(); ++i) {
        store::Transaction tx(db);
        const Hash h = evidence::leaf_hash(entries[i]);
        leaf.bind(1, static_cast<std::int64_t>(i)).bind_blob(2, evidence::as_bytes(h)).run();
        row.bind(1, static_cast<std::int64_t>(i)).bind(2, entries[i]).run();
        tx.commit();
      }
    });
  }
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(file.string() + suffix);
  return t;
}

// Export baseline: the period's entries read from SQLite in index order, then
// written to a file and SHA-256'd, which any exporter must at least do.
struct ExportBaseline {
  double read_s = 0, write_hash_s = 0;
  std::size_t entries = 0, bytes = 0;
  std::uint8_t check = 0;
  double total() const { return read_s + write_hash_s; }
};
ExportBaseline export_baseline(store::Database& db, TimestampMs from, TimestampMs to,
                               const fs::path& file) {
  ExportBaseline b;
  const auto t0 = Clock::now();
  std::string text;
  auto s = db.prepare("SELECT entry FROM ledger_entries WHERE at >= ? AND at < ? ORDER BY idx");
  s.bind(1, from).bind(2, to);
  while (s.step()) {
    text += s.text(0);
    text += '\n';
    ++b.entries;
  }
  const auto t1 = Clock::now();
  {
    std::ofstream f(file, std::ios::binary | std::ios::trunc);
    f << text;
  }
  b.check = evidence::sha256(text)[0];
  b.write_hash_s = seconds(Clock::now() - t1);
  b.read_s = seconds(t1 - t0);
  b.bytes = text.size();
  fs::remove(file);
  return b;
}

// Verify baseline: entries.jsonl read back and each line SHA-256'd, with the
// SHA-256 verify_pack uses (evidence::sha256, OpenSSL's), or with libsodium's
// (SODIUM: the baseline of the figures before the switch to OpenSSL).
struct VerifyBaseline {
  double wall_s = 0;
  std::size_t lines = 0;
  std::uint8_t check = 0;
};
VerifyBaseline verify_baseline(const fs::path& pack_dir, bool sodium = false) {
  VerifyBaseline b;
  const auto t0 = Clock::now();
  const bool gz = fs::exists(pack_dir / evidence::pack::kEntriesGz);
  evidence::pack::FileLines lines(
      pack_dir / (gz ? evidence::pack::kEntriesGz : evidence::pack::kEntries),
      gz ? evidence::pack::Compression::gzip : evidence::pack::Compression::none);
  unsigned char out[crypto_hash_sha256_BYTES];
  for (std::string line; lines.next(line); ++b.lines) {
    if (sodium)
      crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(line.data()), line.size());
    b.check ^= sodium ? out[0] : evidence::sha256(line)[0];
  }
  b.wall_s = seconds(Clock::now() - t0);
  return b;
}

// ------------------------------------------------------- reference writer

// The Merkle tree's perfect subtrees, each hashed once: level h holds the
// roots of the aligned subtrees of 2^h leaves. Any subtree root the RFC 9162
// proofs need is then a lookup plus at most log2(n) hashes down its right edge.
class Levels {
 public:
  explicit Levels(std::vector<Hash> leaves) {
    levels_.push_back(std::move(leaves));
    while (levels_.back().size() >= 2) {
      const auto& below = levels_.back();
      std::vector<Hash> up(below.size() / 2);
      for (std::size_t i = 0; i < up.size(); ++i)
        up[i] = evidence::node_hash(below[2 * i], below[2 * i + 1]);
      levels_.push_back(std::move(up));
    }
  }
  std::size_t size() const { return levels_.front().size(); }
  const std::vector<Hash>& leaves() const { return levels_.front(); }

  // MTH of leaves [start, start + n), n >= 1.
  Hash root(std::size_t start, std::size_t n) const {
    if (std::has_single_bit(n) && start % n == 0)
      return levels_[static_cast<std::size_t>(std::countr_zero(n))][start / n];
    const std::size_t k = std::bit_floor(n - 1);
    return evidence::node_hash(root(start, k), root(start + k, n - k));
  }

  // merkle.cpp's inclusion_proof and consistency_proof, step for step.
  std::vector<Hash> inclusion(std::size_t index) const {
    std::vector<Hash> proof;
    std::size_t start = 0, n = size(), m = index;
    while (n > 1) {
      const std::size_t k = std::bit_floor(n - 1);
      if (m < k) {
        proof.push_back(root(start + k, n - k));
        n = k;
      } else {
        proof.push_back(root(start, k));
        start += k;
        n -= k;
        m -= k;
      }
    }
    std::reverse(proof.begin(), proof.end());
    return proof;
  }
  std::vector<Hash> consistency(std::size_t old_size) const {
    std::vector<Hash> proof;
    if (old_size == 0 || old_size >= size()) return proof;
    std::size_t start = 0, n = size(), m = old_size;
    bool complete = true;
    while (m != n) {
      const std::size_t k = std::bit_floor(n - 1);
      if (m <= k) {
        proof.push_back(root(start + k, n - k));
        n = k;
      } else {
        proof.push_back(root(start, k));
        start += k;
        n -= k;
        m -= k;
        complete = false;
      }
    }
    if (!complete) proof.push_back(root(start, n));
    std::reverse(proof.begin(), proof.end());
    return proof;
  }

 private:
  std::vector<std::vector<Hash>> levels_;
};

json hex_list(const std::vector<Hash>& hashes) {
  json out = json::array();
  for (const auto& h : hashes) out.push_back(evidence::to_hex(h));
  return out;
}

// pack_writer.cpp's write_pack with the proofs taken from Levels; everything
// else (files, CSVs, report, manifest) the same, so the packs can be compared.
struct ReferenceTimes {
  double read_s = 0, levels_s = 0, proofs_s = 0, checkpoints_s = 0, files_s = 0;
  std::size_t entries = 0;
};
ReferenceTimes reference_pack(store::Database& db, const evidence::SigningKey& key,
                              const evidence::PackRequest& req, TimestampMs now) {
  ReferenceTimes t;
  auto t0 = Clock::now();
  fs::create_directories(req.out);
  evidence::Checkpointer checkpointer(db, key, req.origin);
  checkpointer.checkpoint(now);
  store::LedgerRepository ledger(db);
  const auto latest = *ledger.latest_checkpoint();
  // The period's entries and the référentiel and configuration in force, as write_pack.
  auto rows = ledger.entries_between(req.from, req.to);
  for (const char* kind : {"referentiel.loaded", "config.loaded"})
    if (auto load = ledger.in_force(kind, req.to)) rows.push_back(std::move(*load));
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.idx < b.idx; });
  rows.erase(std::unique(rows.begin(), rows.end(),
                         [](const auto& a, const auto& b) { return a.idx == b.idx; }),
             rows.end());
  auto leaf_rows = ledger.leaf_hashes(latest.size);
  auto t1 = Clock::now();
  t.read_s = seconds(t1 - t0);
  const Levels tree(std::vector<Hash>(leaf_rows.begin(), leaf_rows.end()));
  auto t2 = Clock::now();
  t.levels_s = seconds(t2 - t1);

  std::string entries_text, proofs_text;
  json indices = json::array();
  std::vector<store::LedgerEntry> entries;
  for (auto& e : rows) {
    if (e.idx >= latest.size) continue;
    const auto idx = static_cast<std::size_t>(e.idx);
    entries_text += e.entry + "\n";
    proofs_text += json{{"idx", e.idx},
                        {"leaf", evidence::to_hex(tree.leaves()[idx])},
                        {"path", hex_list(tree.inclusion(idx))}}
                       .dump() +
                   "\n";
    indices.push_back(e.idx);
    entries.push_back(std::move(e));
  }
  auto t3 = Clock::now();
  t.proofs_s = seconds(t3 - t2);

  const auto verifier = evidence::Verifier::parse(key.verifier_key(), nullptr);
  std::string checkpoints_text;
  for (const auto& c : ledger.checkpoints()) {
    if (c.size >= latest.size || !verifier || !evidence::open_note(c.note, *verifier, nullptr))
      continue;
    checkpoints_text +=
        json{{"note", c.note},
             {"consistency", hex_list(tree.consistency(static_cast<std::size_t>(c.size)))}}
            .dump() +
        "\n";
  }
  auto t4 = Clock::now();
  t.checkpoints_s = seconds(t4 - t3);

  json hashes = json::object();
  auto write = [&](const std::string& name, const std::string& content) {
    std::ofstream f(req.out / name, std::ios::binary | std::ios::trunc);
    f << content;
    hashes[name] = evidence::to_hex(evidence::sha256(content));
  };
  write(evidence::pack::kEntries, entries_text);
  write(evidence::pack::kProofs, proofs_text);
  write(evidence::pack::kCheckpoint, latest.note);
  write(evidence::pack::kCheckpoints, checkpoints_text);
  write(evidence::pack::kComputedDays, "");  // the bench's summaries are all in the ledger
  write(evidence::pack::kKey, key.verifier_key() + "\n");
  write(evidence::pack::kFingerprint, evidence::fingerprint(key.public_key()) + "\n");
  const evidence::ReportContext ctx{req.site,
                                    req.time_zone,
                                    vigie::iso_utc(req.from),
                                    vigie::iso_utc(req.to),
                                    evidence::fingerprint(key.public_key()),
                                    static_cast<std::uint64_t>(latest.size)};
  for (const auto& [name, content] : evidence::pack_tables(entries, ctx)) write(name, content);
  const json manifest{{"format", evidence::pack::kFormatV3},
                      {"site", req.site},
                      {"origin", req.origin},
                      {"time_zone", req.time_zone},
                      {"from", req.from},
                      {"to", req.to},
                      {"tree_size", latest.size},
                      {"uncovered", 0},
                      {"indices", indices},
                      {"files", hashes},
                      {"exported_at", now}};
  std::ofstream m(req.out / evidence::pack::kManifest, std::ios::binary | std::ios::trunc);
  m << key.sign_note(evidence::canonical_json(manifest) + "\n");
  m.close();
  t.files_s = seconds(Clock::now() - t4);
  t.entries = entries.size();
  return t;
}

// --------------------------------------------------------- export in a child

struct ChildExport {
  bool finished = false, ok = false;
  std::string message;
  double wall_s = 0, cpu_s = 0, max_rss_mib = 0;
};

// write_pack in a child process with its own connection (the parent's is
// closed across the fork), stopped with SIGKILL after LIMIT_S seconds.
ChildExport export_in_child(const fs::path& db_file, const store::OpenOptions& open,
                            const evidence::SigningKey& key, const evidence::PackRequest& req,
                            TimestampMs now, double limit_s) {
  ChildExport r;
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  std::fflush(stdout);
  const auto t0 = Clock::now();
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    close(fds[0]);
    std::string msg;
    int rc = 0;
    try {
      store::Database db(db_file, open);
      const auto s = evidence::write_pack(db, key, req, now);
      msg = "ok " + std::to_string(s.entries) + " entries, tree " + std::to_string(s.tree_size);
    } catch (const std::exception& e) {
      msg = std::string("error: ") + e.what();
      rc = 1;
    }
    if (write(fds[1], msg.data(), msg.size()) < 0) rc = 2;
    _exit(rc);
  }
  close(fds[1]);
  std::printf("export: write_pack running in child pid %d (limit %.0f s)\n", static_cast<int>(pid),
              limit_s);
  std::fflush(stdout);
  bool eof = false;
  while (!eof) {
    const double left = limit_s - seconds(Clock::now() - t0);
    if (left <= 0) break;
    pollfd p{fds[0], POLLIN, 0};
    const int n = poll(&p, 1, static_cast<int>(std::min(left, 60.0) * 1000) + 1);
    if (n <= 0) continue;
    char buf[512];
    const ssize_t got = read(fds[0], buf, sizeof buf);
    if (got > 0)
      r.message.append(buf, static_cast<std::size_t>(got));
    else
      eof = true;
  }
  close(fds[0]);
  if (!eof) kill(pid, SIGKILL);
  int status = 0;
  rusage ru{};
  wait4(pid, &status, 0, &ru);
  r.wall_s = seconds(Clock::now() - t0);
  r.cpu_s = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
            static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  r.max_rss_mib = static_cast<double>(ru.ru_maxrss) / 1024.0;
  r.finished = eof;
  r.ok = eof && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  return r;
}

// verify_pack in a child process: its own wall time, CPU and peak RSS (ru_maxrss
// counts what the child touches, plus the parent's pages it still shares).
ChildExport verify_in_child(const fs::path& dir) {
  ChildExport r;
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  std::fflush(stdout);
  const auto t0 = Clock::now();
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    close(fds[0]);
    const auto result = evidence::verify_pack(dir);
    std::string msg = (result.ok() ? "ok " : "FAILED ") + std::to_string(result.entries) +
                      " entries, tree " + std::to_string(result.tree_size) + ", " +
                      std::to_string(result.failures.size()) + " failures";
    if (!result.ok()) msg += "; first: " + result.failures.front();
    const int rc = write(fds[1], msg.data(), msg.size()) < 0 ? 2 : result.ok() ? 0 : 1;
    _exit(rc);
  }
  close(fds[1]);
  char buf[4096];
  ssize_t got = 0;
  while ((got = read(fds[0], buf, sizeof buf)) > 0)
    r.message.append(buf, static_cast<std::size_t>(got));
  close(fds[0]);
  int status = 0;
  rusage ru{};
  wait4(pid, &status, 0, &ru);
  r.wall_s = seconds(Clock::now() - t0);
  r.cpu_s = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
            static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  r.max_rss_mib = static_cast<double>(ru.ru_maxrss) / 1024.0;
  r.finished = true;
  r.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  return r;
}

// VmRSS of /proc/self/status (the process's resident memory now), in MiB.
double rss_now_mib() {
  std::ifstream f("/proc/self/status");
  for (std::string line; std::getline(f, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::atof(line.c_str() + 6) / 1024.0;
  return 0;
}

// Export of the period from DB_FILE's store into DIR/pack (and, with --reference or
// when write_pack fails, DIR/pack-reference), against its baseline, then verify of
// the pack against its own; true when the pack verified. PROJECTED_S: write_pack's
// time projected from sampled proofs, shown if it is stopped (0: not sampled).
bool export_and_verify(const fs::path& dir, const fs::path& db_file, const store::OpenOptions& open,
                       const evidence::SigningKey& key, const std::string& origin, const Options& o,
                       double agent_days, double projected_s,
                       const std::string& pack_name = "pack") {
  const TimestampMs from = kStart, to = kStart + o.days * kDay, now = to + kHour;
  auto db = std::make_unique<store::Database>(db_file, open);
  // ------------------------------------------------ export
  const fs::path pack_dir = dir / pack_name, ref_dir = dir / (pack_name + "-reference");
  evidence::PackRequest req{kSite, origin, "Europe/Paris", from, to, pack_dir};
  const ExportBaseline eb1 = export_baseline(*db, from, to, dir / "baseline.jsonl");
  db.reset();  // the child opens its own connection
  std::printf("resident memory of this process before the export's fork: %.0f MiB\n",
              rss_now_mib());
  const ChildExport ex = export_in_child(db_file, open, key, req, now, o.export_limit_s);
  db = std::make_unique<store::Database>(db_file, open);
  const ExportBaseline eb2 = export_baseline(*db, from, to, dir / "baseline.jsonl");
  const double export_base = (eb1.total() + eb2.total()) / 2;
  std::printf(
      "baseline export: %zu entries, %.1f MiB: read %.2f s + write and SHA-256 %.2f s"
      " = %.2f s (before %.2f, after %.2f) [check %u]\n",
      eb1.entries, mib(eb1.bytes), (eb1.read_s + eb2.read_s) / 2,
      (eb1.write_hash_s + eb2.write_hash_s) / 2, export_base, eb1.total(), eb2.total(),
      static_cast<unsigned>(eb1.check ^ eb2.check));
  if (ex.finished) {
    std::printf(
        "export (write_pack): %s in %.2f s wall (%.2f s CPU, peak RSS %.0f MiB); ratio to"
        " baseline %.1f; target < 30 s: %s; peak RSS < 256 MiB: %s\n",
        ex.message.c_str(), ex.wall_s, ex.cpu_s, ex.max_rss_mib, ex.wall_s / export_base,
        ex.ok && ex.wall_s < 30 ? "met" : "MISSED", ex.max_rss_mib < 256 ? "met" : "MISSED");
  } else {
    std::printf(
        "export (write_pack): NOT FINISHED, stopped after %.0f s wall (%.0f s CPU); ratio to"
        " baseline > %.0f; projected %.0f s; target < 30 s: MISSED\n",
        ex.wall_s, ex.cpu_s, ex.wall_s / export_base, projected_s);
    fs::remove_all(pack_dir);
  }

  // A format-3 pack with the proofs from Levels (--reference).
  if (o.reference || !ex.ok) {
    ReferenceTimes rt;
    const Timed ref = timed([&] {
      evidence::PackRequest r = req;
      r.out = ref_dir;
      rt = reference_pack(*db, key, r, now);
    });
    std::printf(
        "export (reference writer, format 3, subtree roots from levels hashed once): %.2f s wall"
        " (%.2f s CPU), ratio %.1f: read %.2f, levels %.2f, proofs %.2f, checkpoints %.2f, files"
        " and report %.2f s\n",
        ref.wall_s, ref.cpu_s, ref.wall_s / export_base, rt.read_s, rt.levels_s, rt.proofs_s,
        rt.checkpoints_s, rt.files_s);
  }

  const fs::path verified = ex.ok ? pack_dir : ref_dir;
  const auto pack_bytes = dir_size(verified);
  std::string sizes;
  for (const auto& f : fs::directory_iterator(verified))
    if (fs::file_size(f.path()) >= (1 << 20)) {
      char one[128];
      std::snprintf(one, sizeof one, "%s%s %.1f", sizes.empty() ? "" : ", ",
                    f.path().filename().c_str(), mib(fs::file_size(f.path())));
      sizes += one;
    }
  std::printf("pack (%s): %.1f MiB = %.0f B per agent-day (%s MiB); target < 250 MiB: %s\n",
              ex.ok ? "write_pack" : "reference writer", mib(pack_bytes),
              static_cast<double>(pack_bytes) / agent_days, sizes.c_str(),
              mib(pack_bytes) < 250 ? "met" : "MISSED");

  // ------------------------------------------------ verify
  const VerifyBaseline vb1 = verify_baseline(verified);
  const ChildExport vt = verify_in_child(verified);
  const VerifyBaseline vb2 = verify_baseline(verified);
  const double verify_base = (vb1.wall_s + vb2.wall_s) / 2;
  const double sodium_base =
      (verify_baseline(verified, true).wall_s + verify_baseline(verified, true).wall_s) / 2;
  std::printf(
      "baseline verify: read the entries file and SHA-256 %zu lines: %.2f s (before %.2f, after"
      " %.2f) [check %u]; with libsodium's SHA-256 %.2f s (verify's ratio to it %.1f)\n",
      vb1.lines, verify_base, vb1.wall_s, vb2.wall_s, static_cast<unsigned>(vb1.check ^ vb2.check),
      sodium_base, vt.wall_s / sodium_base);
  std::printf(
      "verify (verify_pack, child process): %s, in %.2f s wall (%.2f s CPU, peak RSS %.0f MiB);"
      " ratio to baseline %.1f; target < 5 s: %s; peak RSS < 256 MiB: %s\n",
      vt.message.c_str(), vt.wall_s, vt.cpu_s, vt.max_rss_mib, vt.wall_s / verify_base,
      vt.ok && vt.wall_s < 5 ? "met" : "MISSED", vt.max_rss_mib < 256 ? "met" : "MISSED");
  std::printf("peak RSS of this process %.0f MiB; load average at the end %s\n", peak_rss_mib(),
              load_average().c_str());

  return vt.ok;
}

int usage(const char* error) {
  if (error) std::fprintf(stderr, "vigie_evidence_bench: %s\n", error);
  std::fprintf(stderr,
               "usage: vigie_evidence_bench [--agents N] [--days D] [--seed N]\n"
               "           [--checkpoint-every MIN] [--synchronous FULL|NORMAL|OFF]\n"
               "           [--export-limit S] [--keep DIR] [--reference 1]\n"
               "       vigie_evidence_bench --verify-only PACK_DIR\n"
               "       vigie_evidence_bench --export-only DIR   (DIR: a store kept by --keep)\n");
  return 2;
}

// --verify-only DIR: verify_pack of an existing pack against its baseline (to profile it).
int verify_existing(const fs::path& dir) {
  const VerifyBaseline b1 = verify_baseline(dir);
  evidence::VerifyResult result;
  const Timed vt = timed([&] { result = evidence::verify_pack(dir); });
  const VerifyBaseline b2 = verify_baseline(dir);
  const double sodium_s =
      (verify_baseline(dir, true).wall_s + verify_baseline(dir, true).wall_s) / 2;
  std::printf(
      "verify (verify_pack) %s: %s, %zu entries, %zu failures, %.2f s wall (%.2f s CPU);"
      " baseline %.2f s; ratio %.1f (baseline with libsodium's SHA-256 %.2f s, ratio %.1f);"
      " peak RSS of this process %.0f MiB; load average %s\n",
      dir.c_str(), result.ok() ? "ok" : "FAILED", result.entries, result.failures.size(), vt.wall_s,
      vt.cpu_s, (b1.wall_s + b2.wall_s) / 2, 2 * vt.wall_s / (b1.wall_s + b2.wall_s), sodium_s,
      vt.wall_s / sodium_s, peak_rss_mib(), load_average().c_str());
  if (!result.ok()) std::printf("  first failure: %s\n", result.failures.front().c_str());
  return result.ok() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  std::string verify_only, export_only;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h") return usage(nullptr);
    if (i + 1 >= argc) return usage(("missing value after " + a).c_str());
    const std::string v = argv[++i];
    if (a == "--agents")
      o.agents = std::atoi(v.c_str());
    else if (a == "--days")
      o.days = std::atoi(v.c_str());
    else if (a == "--seed")
      o.seed = std::strtoull(v.c_str(), nullptr, 10);
    else if (a == "--checkpoint-every")
      o.checkpoint_every_min = std::atoi(v.c_str());
    else if (a == "--synchronous")
      o.synchronous = v;
    else if (a == "--export-limit")
      o.export_limit_s = std::atof(v.c_str());
    else if (a == "--keep")
      o.keep = v;
    else if (a == "--reference")
      o.reference = v != "0";
    else if (a == "--verify-only")
      verify_only = v;
    else if (a == "--export-only")
      export_only = v;
    else
      return usage(("unknown option " + a).c_str());
  }
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress shows when redirected to a file
  if (!verify_only.empty()) return verify_existing(verify_only);
  if (!export_only.empty()) {
    if (sodium_init() < 0) return usage("libsodium cannot initialise");
    // The store a run with --keep left (its generation takes minutes): exported again
    // into DIR/pack-export, with the same --agents, --days and --synchronous.
    const fs::path dir = export_only;
    if (fs::exists(dir / "pack-export"))
      return usage(((dir / "pack-export").string() + " exists").c_str());
    const std::string origin = evidence::ledger_origin(kSite, "gw-1");
    const auto key = evidence::SigningKey::load_or_create(dir / "evidence.key", origin);
    std::printf("vigie_evidence_bench --export-only %s: load average %s\n", dir.c_str(),
                load_average().c_str());
    return export_and_verify(dir, dir / "vigie.db", {o.synchronous, false}, key, origin, o,
                             static_cast<double>(o.agents) * o.days, 0, "pack-export")
               ? 0
               : 1;
  }
  if (o.agents < 1 || o.days < 1 || o.checkpoint_every_min < 1 ||
      1440 % o.checkpoint_every_min != 0 || o.export_limit_s <= 0)
    return usage("need agents >= 1, days >= 1, a checkpoint period dividing 1440 min");
  if (o.synchronous != "FULL" && o.synchronous != "NORMAL" && o.synchronous != "OFF")
    return usage("--synchronous is FULL, NORMAL or OFF");
  if (sodium_init() < 0) return usage("libsodium cannot initialise");

  const fs::path dir = o.keep.empty() ? fs::temp_directory_path() /
                                            ("vigie-evidence-bench-" + std::to_string(getpid()))
                                      : fs::path(o.keep);
  if (fs::exists(dir) && !fs::is_empty(dir)) return usage((dir.string() + " is not empty").c_str());
  fs::create_directories(dir);
  const fs::path db_file = dir / "vigie.db";
  const store::OpenOptions open{o.synchronous, false};
  const std::string origin = evidence::ledger_origin(kSite, "gw-1");
  const auto key = evidence::SigningKey::load_or_create(dir / "evidence.key", origin);

  Rng rng(o.seed);
  Centre centre(o, rng);
  const double agent_days = static_cast<double>(o.agents) * o.days;
  std::printf(
      "vigie_evidence_bench: %d agents in %d teams, %zu nodes, %d days from 2026-11-02 00:00"
      " Europe/Paris, seed %llu\n",
      o.agents, centre.teams(), centre.nodes(), o.days, static_cast<unsigned long long>(o.seed));
  std::printf(
      "store %s (synchronous=%s, WAL); a catch-up and a checkpoint every %d min of the"
      " period; load average %s\n",
      db_file.c_str(), o.synchronous.c_str(), o.checkpoint_every_min, load_average().c_str());

  // ------------------------------------------------ generate and feed
  auto db = std::make_unique<store::Database>(db_file, open);
  store::migrate(*db);
  // The gateway's pseudonymiser (api::Pseudonymiser::alert over custody::PseudonymKey):
  // HMAC-SHA256 of the agent id, in subject.agent, the summary and the alert id.
  const custody::PseudonymKey pseudonym_key(dir / "pseudonym.key");
  auto pseudonym = [&pseudonym_key](const std::string& id) { return pseudonym_key.pseudonym(id); };
  evidence::LedgerFeedOptions feed_options;
  feed_options.site = kSite;
  feed_options.pseudonym = pseudonym;
  feed_options.pseudonymise_alert = [pseudonym](json a) {
    const auto subject = a.find("subject");
    if (subject == a.end() || !subject->is_object() || !subject->contains("agent")) return a;
    const std::string id = (*subject)["agent"].get<std::string>();
    const std::string alias = pseudonym(id);
    (*subject)["agent"] = alias;
    if (auto s = a.find("summary"); s != a.end() && s->is_string()) {
      std::string text = s->get<std::string>();
      const std::string from = "agent." + id;
      if (auto at = text.find(from); at != std::string::npos)
        text.replace(at, from.size(), "agent." + alias);
      *s = text;
    }
    if (auto i = a.find("id"); i != a.end() && i->is_string())
      *i = pseudonym(i->get<std::string>());
    return a;
  };

  std::size_t fed = 0, slices = 0, signed_checkpoints = 0, summaries = 0;
  Timed feed_time, checkpoint_time, summary_time;
  double slowest_feed_s = 0, last_checkpoint_s = 0;
  double generate_s = 0;
  {
    evidence::LedgerFeed feed(*db, feed_options);
    evidence::Checkpointer checkpointer(*db, key, origin);
    Writer writer(*db);
    feed.record_load("referentiel.loaded", kStart,
                     {{"name", "vigie-fr-default"},
                      {"version", "2026.1"},
                      {"profile", "idcc2098-2h10"},
                      {"time_zone", "Europe/Paris"}});
    feed.record_load("config.loaded", kStart,
                     {{"site", kSite}, {"gateway_id", "gw-1"}, {"time_zone", "Europe/Paris"}});
    std::optional<std::string> last_note;
    const TimestampMs step = o.checkpoint_every_min * kMinute;
    // A day's summaries go in once it is over by an hour (the gateway's hourly
    // timer and last_complete_day); the last day's as `vigie audit export` adds it.
    std::optional<std::pair<int, std::vector<AgentDay>>> pending;
    auto summarise = [&] {
      const TimestampMs begin = kStart + pending->first * kDay;
      const std::string date = date_of(begin), src = "day_summary:" + date;
      const Timed t = timed([&] {
        for (const auto& day : pending->second) {
          const std::string p = pseudonym(day.agent);
          const auto h = evidence::sha256(p);
          std::int64_t id = 0;
          for (std::size_t i = 0; i < 7; ++i) id = (id << 8) | h[i];
          summaries +=
              feed.append(src, id, "agent.day", begin + kDay - 1, day_summary(day, p, date));
        }
      });
      summary_time.wall_s += t.wall_s;
      summary_time.cpu_s += t.cpu_s;
      pending.reset();
    };
    for (int d = 0; d < o.days; ++d) {
      const auto g0 = Clock::now();
      const auto rows = centre.day(d);
      auto days = centre.take_days();
      generate_s += seconds(Clock::now() - g0);
      std::size_t next = 0;
      for (TimestampMs end = kStart + d * kDay + step; end <= kStart + (d + 1) * kDay;
           end += step) {
        // Each row is its own commit, as AlertRepository::record makes it; not
        // synced to disk, so that generating stays out of the way.
        const auto g1 = Clock::now();
        db->exec("PRAGMA synchronous=OFF");
        for (; next < rows.size() && rows[next].at < end; ++next)
          writer.write(rows[next], centre.gap_ids());
        db->exec("PRAGMA synchronous=" + o.synchronous);
        generate_s += seconds(Clock::now() - g1);
        if (pending && end >= kStart + (pending->first + 1) * kDay + kHour) summarise();
        const Timed f = timed([&] { fed += feed.catch_up(); });
        feed_time.wall_s += f.wall_s;
        feed_time.cpu_s += f.cpu_s;
        slowest_feed_s = std::max(slowest_feed_s, f.wall_s);
        std::optional<std::string> note;
        const Timed c = timed([&] { note = checkpointer.checkpoint(end); });
        checkpoint_time.wall_s += c.wall_s;
        checkpoint_time.cpu_s += c.cpu_s;
        if (note != last_note) {
          ++signed_checkpoints;
          last_checkpoint_s = c.wall_s;
          last_note = note;
        }
        ++slices;
      }
      pending.emplace(d, std::move(days));
    }
    summarise();
    std::optional<std::string> note;
    const Timed c = timed([&] { note = checkpointer.checkpoint(kStart + o.days * kDay + kHour); });
    checkpoint_time.wall_s += c.wall_s;
    checkpoint_time.cpu_s += c.cpu_s;
    if (note != last_note) {
      ++signed_checkpoints;
      last_checkpoint_s = c.wall_s;
    }
  }

  const Mix& mix = centre.mix();
  std::printf("mix (generated, seed %llu), per agent-day unless said:\n",
              static_cast<unsigned long long>(o.seed));
  std::printf("  agent alerts %.2f (", static_cast<double>(mix.agent_alerts) / agent_days);
  bool first = true;
  for (const auto& c : criteria()) {
    if (std::string(c.scope) != "agent") continue;
    std::printf("%s%s %.2f", first ? "" : ", ", c.id,
                static_cast<double>(
                    mix.alerts_by_criterion.count(c.id) ? mix.alerts_by_criterion.at(c.id) : 0) /
                    agent_days);
    first = false;
  }
  std::printf("); team/zone alerts %.2f per team-day (LOAD-01, ENV-02)\n",
              static_cast<double>(mix.other_alerts) / (centre.teams() * o.days));
  std::printf(
      "  alert transitions %.2f: due %.2f, firing %.2f, resolved %.2f, ack %.2f, justify %.2f"
      " (due fires %.0f %%, firing acked %.0f %%, justified %.0f %%)\n",
      static_cast<double>(mix.transitions()) / agent_days,
      static_cast<double>(mix.due) / agent_days, static_cast<double>(mix.firing) / agent_days,
      static_cast<double>(mix.resolved) / agent_days, static_cast<double>(mix.acks) / agent_days,
      static_cast<double>(mix.justifications) / agent_days, kFiresAfterDue * 100, kAcked * 100,
      kJustified * 100);
  const double node_days = static_cast<double>(centre.nodes()) * o.days;
  std::printf(
      "  per node-day: births %.2f, state rows %.2f, gaps opened %.2f (then %zu filled, %zu"
      " lost in all)\n",
      static_cast<double>(mix.births) / node_days, static_cast<double>(mix.node_states) / node_days,
      static_cast<double>(mix.gaps_opened) / node_days, mix.gaps_filled, mix.gaps_lost);
  std::printf("  agent-day summaries (agent.day) %.2f, one per agent who worked the day\n",
              static_cast<double>(mix.agent_days) / agent_days);
  std::printf(
      "  in all: %zu transitions, %zu node rows, %zu gaps; generated and committed in %.1f s"
      " (not timed below)\n",
      mix.transitions(), mix.births + mix.node_states, mix.gaps_opened, generate_s);

  // ------------------------------------------------ ledger figures
  db->exec("PRAGMA wal_checkpoint(TRUNCATE)");
  const auto entries = db->scalar("SELECT count(*) FROM ledger_entries");
  const auto entry_bytes =
      db->scalar("SELECT coalesce(sum(length(CAST(entry AS BLOB))), 0) FROM ledger_entries");
  const auto checkpoints = db->scalar("SELECT count(*) FROM checkpoints");
  const auto file_size = fs::file_size(db_file);
  std::printf(
      "feed: %zu entries in %zu catch-ups, %.2f s wall (%.2f s CPU), %.1f us/entry;"
      " slowest catch-up %.0f ms\n",
      fed, slices, feed_time.wall_s, feed_time.cpu_s, feed_time.wall_s / fed * 1e6,
      slowest_feed_s * 1e3);
  std::printf(
      "day summaries: %zu agent.day entries appended with LedgerFeed::append in %.2f s wall"
      " (%.2f s CPU), %.1f us/entry (the summariser's own queries not included)\n",
      summaries, summary_time.wall_s, summary_time.cpu_s, summary_time.wall_s / summaries * 1e6);
  std::size_t base_n = 0;
  const Timed fb = feed_baseline(*db, dir / "baseline.db", open, 5000, base_n);
  std::printf(
      "baseline feed: the first %zu entries + leaf hashes appended one commit each: %.2f s wall"
      " (%.2f s CPU), %.1f us/entry; ratio feed/baseline %.2f per entry\n",
      base_n, fb.wall_s, fb.cpu_s, fb.wall_s / base_n * 1e6,
      (feed_time.wall_s / fed) / (fb.wall_s / base_n));
  std::printf(
      "checkpoints: %zu signed (%lld in the table), %.2f s wall (%.2f s CPU) in all; the last"
      " (%lld leaves) took %.0f ms\n",
      signed_checkpoints, static_cast<long long>(checkpoints), checkpoint_time.wall_s,
      checkpoint_time.cpu_s, static_cast<long long>(entries), last_checkpoint_s * 1e3);
  std::printf(
      "ledger: %lld entries (%.2f per agent-day), entry bytes %.1f MiB (mean %.0f B),"
      " leaves 32 B each\n",
      static_cast<long long>(entries), static_cast<double>(entries) / agent_days,
      mib(static_cast<std::uintmax_t>(entry_bytes)),
      static_cast<double>(entry_bytes) / static_cast<double>(entries));
  std::printf("  growth, entries + leaf hashes: %.0f B per agent-day\n",
              static_cast<double>(entry_bytes + 32 * entries) / agent_days);
  // On disk, from SQLite's own page accounting.
  std::map<std::string, std::int64_t> pages;
  try {
    auto s = db->prepare("SELECT name, sum(pgsize) FROM dbstat GROUP BY name");
    while (s.step()) pages[s.text(0)] = s.int64(1);
  } catch (const std::exception& e) {
    std::printf("  (dbstat unavailable: %s)\n", e.what());
  }
  if (!pages.empty()) {
    std::int64_t ledger = 0, sources = 0;
    std::string detail;
    for (const auto& [name, bytes] : pages) {
      const bool is_ledger = name.find("ledger_") != std::string::npos || name == "checkpoints";
      (is_ledger ? ledger : sources) += bytes;
      if (is_ledger) {
        char buf[128];
        std::snprintf(buf, sizeof buf, "%s%s %.1f", detail.empty() ? "" : ", ", name.c_str(),
                      mib(static_cast<std::uintmax_t>(bytes)));
        detail += buf;
      }
    }
    std::printf(
        "  on disk (dbstat): ledger tables and indexes %.1f MiB = %.0f B per agent-day"
        " (%.0f B per entry, leaves %.1f B per leaf)\n",
        mib(static_cast<std::uintmax_t>(ledger)), static_cast<double>(ledger) / agent_days,
        static_cast<double>(ledger) / static_cast<double>(entries),
        pages.count("ledger_leaves")
            ? static_cast<double>(pages["ledger_leaves"]) / static_cast<double>(entries)
            : 0.0);
    std::printf("    [%s MiB]\n", detail.c_str());
    std::printf(
        "  database file %.1f MiB after; %.1f MiB without the ledger's pages (the source tables"
        " and the rest)\n",
        mib(file_size), mib(file_size - static_cast<std::uintmax_t>(ledger)));
    (void)sources;
  } else {
    std::printf("  database file %.1f MiB\n", mib(file_size));
  }

  // ------------------------------------------------ where write_pack's time goes
  double proof_s = 0, consistency_s = 0;
  std::size_t earlier = 0;
  {
    store::LedgerRepository ledger(*db);
    const auto rows = ledger.leaf_hashes(entries);
    const std::vector<Hash> leaves(rows.begin(), rows.end());
    const int samples = 8;
    const auto p0 = Clock::now();
    for (int i = 0; i < samples; ++i)
      evidence::inclusion_proof(leaves, static_cast<std::uint64_t>((i + 0.5) * entries / samples));
    proof_s = seconds(Clock::now() - p0) / samples;
    std::vector<std::int64_t> sizes;
    for (const auto& c : ledger.checkpoints())
      if (c.size < entries) sizes.push_back(c.size);
    earlier = sizes.size();
    if (!sizes.empty()) {
      const auto c0 = Clock::now();
      for (int i = 0; i < 4; ++i)
        evidence::consistency_proof(
            leaves, static_cast<std::uint64_t>(sizes[(2 * i + 1) * sizes.size() / 8]));
      consistency_s = seconds(Clock::now() - c0) / 4;
    }
  }
  std::printf(
      "write_pack, projected from samples: one inclusion proof %.2f ms x %lld entries = %.0f s;"
      " one consistency proof %.2f ms x %zu earlier checkpoints = %.0f s\n",
      proof_s * 1e3, static_cast<long long>(entries), proof_s * static_cast<double>(entries),
      consistency_s * 1e3, earlier, consistency_s * static_cast<double>(earlier));

  db.reset();
  const bool ok = export_and_verify(
      dir, db_file, open, key, origin, o, agent_days,
      proof_s * static_cast<double>(entries) + consistency_s * static_cast<double>(earlier));
  if (o.keep.empty()) fs::remove_all(dir);
  return ok ? 0 : 1;
}
