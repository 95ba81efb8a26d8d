// The alert lifecycle (contract sec. 5): the live alerts, each transition
// emitted once to the sink, acks and justifications that never erase a
// breach, and suppression of transitions already recorded before a restart.
#pragma once

#include <array>
#include <functional>
#include <memory>
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

// A rule's handle on one alert: empty, or the key of a live alert.
class Occurrence {
 public:
  bool open() const { return open_; }
  AlertState state() const { return state_; }  // meaningful while open
  bool is(AlertState s) const { return open() && state_ == s; }

 private:
  friend class AlertBook;
  AlertKey key_;
  bool open_ = false;
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

  std::optional<Alert> find(const std::string& id) const;
  std::vector<Alert> active() const;  // ordered by started_at, then id
  // Each active alert, in no particular order, one at a time (never all at once).
  template <class F>
  void for_each_active(F&& f) const {
    for (const auto& [key, live] : live_) f(alert_of(key, live));
  }
  // Each active alert about `subject`, the others not even built.
  template <class F>
  void for_each_active_of(const Subject& subject, F&& f) const {
    for (const auto& [key, live] : live_)
      if (live.subject == subject) f(alert_of(key, live));
  }
  std::size_t active_count() const { return live_.size(); }
  std::uint64_t suppressed() const { return suppressed_; }

 private:
  // What a live alert holds of its own; the rest (the book's identity, the criterion's
  // parameters, threshold, unit and title, the summary) is shared and put back by
  // alert_of(). Thousands of alerts can be live at once (issue 15).
  struct Acts {
    std::optional<Ack> acked;
    std::optional<Justification> justified;
  };
  struct Live {
    const CriterionDef* def = nullptr;
    Subject subject;
    AlertState state = AlertState::due;
    AlertState before_nodata = AlertState::firing;
    std::array<std::uint32_t, 5> entries{};  // per AlertState: times entered
    std::optional<double> value;
    TimestampMs started_at = 0;
    TimestampMs updated_at = 0;
    std::optional<TimestampMs> due_at;
    std::optional<TimestampMs> fired_at;
    std::optional<TimestampMs> nodata_at;
    std::unique_ptr<Acts> acts;  // rare: most alerts are never acknowledged nor justified
  };
  using LiveMap = std::unordered_map<AlertKey, Live, AlertKeyHash>;

  Alert alert_of(const AlertKey& key, const Live& live) const;
  void enter(LiveMap::iterator it, std::optional<AlertState> from, AlertState to, TimestampMs at,
             const RuleScope& scope);
  // A transition recorded before a restart is re-derived but not emitted again.
  bool already_recorded(const std::string& transition_key);
  void emit(const AlertTransition& t, const Live& live, const RuleScope* scope);
  std::optional<Alert> act(const std::string& id, Change change, TimestampMs at,
                           const std::function<void(Acts&)>& record);
  static std::string summary(const Alert& a, const CriterionDef& def);

  Identity identity_;
  TransitionSink& sink_;
  const RecordedTransitions* recorded_ = nullptr;
  LiveMap live_;
  std::uint64_t suppressed_ = 0;
};

}  // namespace vigie::engine
