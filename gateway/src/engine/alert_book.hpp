// The alert lifecycle (contract sec. 5): the live alerts, each transition
// emitted once to the sink, acks and justifications that never erase a
// breach, and suppression of transitions already recorded before a restart.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/alert.hpp"
#include "engine/transition.hpp"
#include "referentiel/referentiel.hpp"

namespace vigie::engine {

class AlertBook;
struct KindDef;

// A criterion in force, with its kind (engine/kinds/registry.hpp) and what its alerts show
// as threshold and unit.
struct CriterionDef {
  const referentiel::ActiveCriterion* criterion = nullptr;
  const KindDef* kind = nullptr;
  std::optional<double> threshold;
  std::string unit;

  const std::string& id() const { return criterion->id; }
  std::optional<std::int64_t> due_before() const { return criterion->due_before; }
};

// Who a rule speaks about, handed to every rule call.
struct RuleScope {
  AlertBook& book;
  const Subject& subject;
  const std::string& node;  // the node that reports the subject; empty if unknown
};

// A rule's handle on one alert: empty, or the id of a live alert.
class Occurrence {
 public:
  bool open() const { return !id_.empty(); }
  AlertState state() const { return state_; }  // meaningful while open
  bool is(AlertState s) const { return open() && state_ == s; }
  const std::string& id() const { return id_; }

 private:
  friend class AlertBook;
  std::string id_;
  AlertState state_ = AlertState::resolved;
};

class AlertBook {
 public:
  struct Identity {
    std::string site;
    std::string referentiel;
    std::string version;
    std::string profile;
  };

  AlertBook(Identity identity, TransitionSink& sink)
      : identity_(std::move(identity)), sink_(sink) {}
  void set_recorded(const RecordedTransitions* recorded) { recorded_ = recorded; }

  // Opens `occ` in `state` at `at`. The identity is (criterion, subject, started_at).
  void open(Occurrence& occ, const CriterionDef& def, const RuleScope& scope, AlertState state,
            TimestampMs at, TimestampMs started_at, std::optional<double> value,
            std::optional<TimestampMs> due_at = std::nullopt);
  // Moves an open alert to `to`; `resolved` empties the handle.
  void move(Occurrence& occ, const RuleScope& scope, AlertState to, TimestampMs at,
            std::optional<double> value = std::nullopt);
  // Opens (from nothing, due or pending) or keeps firing.
  void fire(Occurrence& occ, const CriterionDef& def, const RuleScope& scope, TimestampMs at,
            TimestampMs started_at, double value);
  void resolve(Occurrence& occ, const RuleScope& scope, TimestampMs at,
               std::optional<double> value = std::nullopt);

  // Data went missing for the subject: the alert shows nodata until restore().
  void suspend(Occurrence& occ, const RuleScope& scope, TimestampMs at);
  void restore(Occurrence& occ, const RuleScope& scope, TimestampMs at);

  // nullopt if no live alert has that id (resolved alerts live in the store).
  std::optional<Alert> acknowledge(const std::string& id, const Ack& ack);
  std::optional<Alert> justify(const std::string& id, const Justification& j);

  const Alert* find(const std::string& id) const;
  std::vector<Alert> active() const;  // ordered by started_at, then id
  // Each active alert, in no particular order, without copying them.
  template <class F>
  void for_each_active(F&& f) const {
    for (const auto& [id, live] : live_) f(live.alert);
  }
  std::size_t active_count() const { return live_.size(); }
  std::uint64_t suppressed() const { return suppressed_; }

 private:
  struct Live {
    Alert alert;
    const CriterionDef* def = nullptr;
    std::array<std::uint32_t, 5> entries{};  // per AlertState: times entered
    AlertState before_nodata = AlertState::firing;
  };

  void enter(Live& live, std::optional<AlertState> from, AlertState to, TimestampMs at,
             const RuleScope& scope);
  void emit(const AlertTransition& t, const Live& live, const RuleScope* scope);
  static std::string summary(const Alert& a, const CriterionDef& def);

  Identity identity_;
  TransitionSink& sink_;
  const RecordedTransitions* recorded_ = nullptr;
  std::unordered_map<std::string, Live> live_;
  std::uint64_t suppressed_ = 0;
};

}  // namespace vigie::engine
