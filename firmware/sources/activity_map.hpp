// A mapping file: how another ACD's agent-state records (JSON lines or CSV)
// become contract agent.state events. Key = value lines, '#' comments, then a
// [states] table from the ACD's activity names to contract states:
//
//   format = json                 # json (one object a line) or csv (a header line first)
//   separator = ;                 # csv only (default ,)
//   agent = CurrentAgentSnapshot.Configuration.Username   # a dotted path, or a column
//   team = ...                    # optional: else the roster's team or --team
//   time = EventTimestamp
//   time_format = iso8601         # iso8601, epoch_s, epoch_ms, or local (in `zone`)
//   zone = Europe/Paris           # for local times and ISO times without an offset
//   state = EventType, CurrentAgentSnapshot.AgentStatus.Name   # tried in order
//   reason = Reason Code          # optional: looked up as "STATE/REASON" first
//   only = EventType = worker.activity.update   # optional: other records are skipped
//   default = not_ready other     # optional: an activity the table does not list
//   [states]
//   Available = available
//   Lunch = not_ready lunch
//
// An activity is matched without regard to case. A record whose activities are
// all unlisted is skipped and counted, or takes `default` (counted too).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/event.hpp"

namespace vigie::sources {

struct MappedState {
  fw::AgentState state = fw::AgentState::logged_out;
  fw::NotReadyReason reason = fw::NotReadyReason::none;
};

enum class TimeFormat : std::uint8_t { iso8601, epoch_s, epoch_ms, local };

struct ActivityMap {
  bool csv = false;
  char separator = ',';
  std::string agent, team, time, reason;
  std::vector<std::string> state;  // paths tried in order
  TimeFormat time_format = TimeFormat::iso8601;
  std::string zone;
  std::string only_path, only_value;
  std::optional<MappedState> fallback;
  std::map<std::string, MappedState> states;  // by folded activity name

  // False with `error` as "FILE:LINE: what".
  bool load(const std::string& path, std::string& error);
  bool load_text(const std::string& text, const std::string& name, std::string& error);

  // The state for an activity (and its reason text, may be empty), if listed.
  std::optional<MappedState> lookup(const std::string& activity, const std::string& reason) const;
};

// "2025-12-01 08:00:00" in `zone` (an IANA name) to ms; false if malformed.
bool local_time_to_ms(const std::string& text, const std::string& zone, std::int64_t& ms);

// A time as the map says it is written.
bool parse_mapped_time(const std::string& text, TimeFormat format, const std::string& zone,
                       std::int64_t& ms);

}  // namespace vigie::sources
