// What the engine hands to the rest of the gateway: alert transitions (to
// store, publish on vigie/v1/{site}/alert/..., and push to the dashboard) and
// nudges (a `due` notice to show on the agent's desk node).
#pragma once

#include <optional>
#include <string>
#include <unordered_set>

#include "engine/alert.hpp"

namespace vigie::engine {

enum class Change { state, ack, justify };

struct AlertTransition {
  // Unique per transition and the same when a replay re-derives it:
  // "<id>:<state>:<n>" (the n-th entry of that alert into that state),
  // "<id>:ack:<at>", "<id>:justify:<at>".
  std::string key;
  Change change = Change::state;
  std::optional<AlertState> from;  // absent when the alert opens
  TimestampMs at = 0;              // event time of the transition
  Alert alert;                     // the alert as it stands after it
};

// {"cmd":"nudge","agent":A,"criterion":C,"text":"..."} for `node`.
struct Nudge {
  std::string node;
  std::string agent;
  std::string criterion;
  std::string alert_id;
  TimestampMs due_at = 0;
  std::string text;
};

class TransitionSink {
 public:
  virtual ~TransitionSink() = default;
  virtual void on_transition(const AlertTransition& t) = 0;
  virtual void on_nudge(const Nudge&) {}
};

// Transitions already recorded (by the store, before a restart): the engine
// re-derives them while rebuilding its state and does not emit them again.
class RecordedTransitions {
 public:
  virtual ~RecordedTransitions() = default;
  virtual bool contains(const std::string& key) const = 0;
};

class RecordedKeySet final : public RecordedTransitions {
 public:
  void add(std::string key) { keys_.insert(std::move(key)); }
  bool contains(const std::string& key) const override { return keys_.count(key) > 0; }
  std::size_t size() const { return keys_.size(); }

 private:
  std::unordered_set<std::string> keys_;
};

}  // namespace vigie::engine
