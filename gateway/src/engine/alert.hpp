// The alert object of contract sec. 5, as the engine keeps it: one per
// occurrence of a criterion on a subject, identified by (criterion, subject,
// occurrence start) with an id that a restart or a replay names the same.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/event.hpp"
#include "referentiel/referentiel.hpp"

namespace vigie::engine {

enum class AlertState { due, pending, firing, resolved, nodata };
const char* to_string(AlertState s);

// What an alert is about: an agent, a team, a zone, a node (or the site).
struct Subject {
  referentiel::Scope kind = referentiel::Scope::agent;
  std::string id;
  // "agent.4012": the {subject} of the alert topic.
  std::string key() const;
  bool operator==(const Subject&) const = default;
};

struct Ack {
  std::string by;
  TimestampMs at = 0;
  std::string note;
};

struct Justification {
  std::string by;
  TimestampMs at = 0;
  std::string reason;
  std::string note;
};

struct Alert {
  std::string id;
  std::string criterion;
  std::string referentiel;  // name of the referentiel
  std::string version;
  std::string profile;
  referentiel::Severity severity = referentiel::Severity::major;
  std::string site;
  Subject subject;
  AlertState state = AlertState::due;
  std::optional<double> value;        // in `unit`; what was measured at the last transition
  std::optional<double> threshold;    // in `unit`; absent for incidents ("any")
  std::string unit;                   // "min", "%", "dB"
  TimestampMs started_at = 0;         // the occurrence's start: part of its identity
  std::optional<TimestampMs> due_at;  // the instant the measure reaches the limit
  std::optional<TimestampMs> fired_at;
  std::optional<TimestampMs> resolved_at;
  std::optional<TimestampMs> nodata_at;  // when its data went missing, while in nodata
  TimestampMs updated_at = 0;            // event time of the last transition
  std::optional<Ack> acked;
  std::optional<Justification> justified;
  referentiel::Params params;  // the values in force
  std::string summary;
};

// An alert's identity as two 64-bit halves; its id is their 32 lower-case hex digits.
struct AlertKey {
  std::uint64_t hi = 0;
  std::uint64_t lo = 0;
  bool operator==(const AlertKey&) const = default;
  std::string hex() const;
  // The key of a 32-hex-digit id as hex() writes it; nullopt for any other text.
  static std::optional<AlertKey> parse(std::string_view id);
};

struct AlertKeyHash {
  std::size_t operator()(const AlertKey& k) const noexcept {
    return static_cast<std::size_t>(k.hi ^ (k.lo * 0x9e3779b97f4a7c15ULL));
  }
};

// Names (site, criterion, subject, started_at): stable across restarts, replays and
// builds (an explicit hash, not std::hash).
AlertKey alert_key(const std::string& site, const std::string& criterion, const Subject& subject,
                   TimestampMs started_at);
inline std::string alert_id(const std::string& site, const std::string& criterion,
                            const Subject& subject, TimestampMs started_at) {
  return alert_key(site, criterion, subject, started_at).hex();
}

}  // namespace vigie::engine
