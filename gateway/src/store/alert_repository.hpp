// Alert transitions as evidence (one row each, never rewritten) and each
// alert as it stands (for queries). Works on plain records: the store knows
// no engine type.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/event.hpp"
#include "store/database.hpp"

namespace vigie::store {

struct TransitionRecord {
  std::string key;  // unique per transition, stable across replays
  std::string alert_id;
  std::string change;  // state, ack, justify
  std::optional<std::string> from_state;
  std::string state;
  TimestampMs at = 0;
  std::string criterion;
  std::string subject_kind;
  std::string subject_id;
  std::string severity;
  TimestampMs started_at = 0;
  std::string alert_json;  // the alert as it stands after the transition
};

// An acknowledgement or a justification as an alert in the store holds it.
struct AlertAct {
  std::string by;
  TimestampMs at = 0;
  std::string reason;  // a justification's
  std::string note;
};

struct OpenAlertActs {
  std::string alert_id;
  std::optional<AlertAct> acked, justified;
};

struct AlertFilter {
  enum class States { active, resolved, all } states = States::active;
  std::optional<std::string> criterion;
  // The period the alert's occurrence overlaps: not resolved before since, started by until.
  std::optional<TimestampMs> since, until;
  std::size_t limit = 1000;
};

class AlertRepository {
 public:
  explicit AlertRepository(Database& db);
  // False when the key was already recorded (nothing written).
  bool record(const TransitionRecord& t, TimestampMs recorded_at);
  // Each of RECORDS as record() does, all in one transaction: one commit for a burst of
  // transitions, which would otherwise take the store's write lock back to back and keep
  // ingest waiting for it (issue 15).
  void record_all(const std::vector<TransitionRecord>& records, TimestampMs recorded_at);
  std::vector<std::string> transition_keys();
  std::vector<std::string> alerts_json(const AlertFilter& f);
  std::optional<std::string> alert_json(const std::string& alert_id);
  // Alerts not resolved, with their acks and justifications to restore.
  std::vector<OpenAlertActs> open_alert_acts();

 private:
  bool record_in(const TransitionRecord& t, TimestampMs recorded_at);  // in the caller's tx
  Database& db_;
  Statement insert_, upsert_;
};

}  // namespace vigie::store
