// Drives an Engine with a hand-set wall clock: events as a node would send
// them, and the clock moved to any millisecond, so that a test shows a
// criterion firing at the exact instant and not one millisecond before.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "referentiel/loader.hpp"
#include "referentiel/resolve.hpp"

namespace vigie::engine::testing {

constexpr TimestampMs kSec = 1000;
constexpr TimestampMs kMin = 60 * kSec;
constexpr TimestampMs kHour = 60 * kMin;
constexpr TimestampMs kDay = 24 * kHour;

const referentiel::Referentiel& default_referentiel();
const TimeZone& paris();

// Local Paris time "2026-03-02 08:00" (or "...:ss", "...:ss.mmm") to UTC ms.
TimestampMs paris_time(const std::string& text);

class RecordingSink : public TransitionSink {
 public:
  void on_transition(const AlertTransition& t) override { transitions.push_back(t); }
  void on_nudge(const Nudge& n) override { nudges.push_back(n); }
  std::vector<AlertTransition> transitions;
  std::vector<Nudge> nudges;
};

struct Step {
  AlertState state;
  TimestampMs at;
  bool operator==(const Step&) const = default;
};
void PrintTo(const Step& s, std::ostream* os);

class Harness {
 public:
  explicit Harness(const std::string& profile = "idcc2098-2h10",
                   const referentiel::SiteOverrides* overrides = nullptr,
                   const std::string& site = "paris-1");

  // An agent.state from `node` at ts; the wall clock moves to ts first (real time).
  void state(const std::string& agent, TimestampMs ts, AgentState s,
             std::optional<NotReadyReason> reason = std::nullopt, const std::string& team = "t1",
             const std::string& node = "acd-1");
  void work(const std::string& agent, TimestampMs ts) { state(agent, ts, AgentState::available); }
  void pause(const std::string& agent, TimestampMs ts) {
    state(agent, ts, AgentState::not_ready, NotReadyReason::break_);
  }
  void off(const std::string& agent, TimestampMs ts) { state(agent, ts, AgentState::logged_out); }
  void tag(const std::string& agent, TimestampMs ts, std::vector<CallTag> tags,
           const std::string& node = "acd-1");
  void shift(const std::string& agent, const std::string& id, TimestampMs start, TimestampMs end,
             TimestampMs published, TimestampMs ts, const std::string& node = "wfm-1");
  void sample(const std::string& zone, TimestampMs ts, std::optional<double> l50,
              std::optional<double> laeq = std::nullopt, const std::string& node = "sensor-1");
  void send(const std::string& node, EventBody body, TimestampMs ts);

  // Moves the wall clock so that silent online nodes' clocks read `t`, and ticks.
  void clock_to(TimestampMs t);
  void wall_to(TimestampMs t);

  // The transitions of one criterion (optionally one subject), as (state, at).
  std::vector<Step> steps(const std::string& criterion, const std::string& subject = "") const;
  std::vector<AlertTransition> of(const std::string& criterion) const;
  bool fired(const std::string& criterion) const;

  Engine& engine() { return *engine_; }
  ManualClock& wall() { return wall_; }
  RecordingSink& sink() { return sink_; }
  std::uint64_t next_seq(const std::string& node) { return ++seq_[node]; }
  NodeEpoch source(const std::string& node) const { return NodeEpoch{node, "00000000000000a1"}; }

 private:
  referentiel::ActiveReferentiel active_;
  RecordingSink sink_;
  ManualClock wall_{0};
  std::unique_ptr<Engine> engine_;
  std::map<std::string, std::uint64_t> seq_;
};

}  // namespace vigie::engine::testing
