// Helpers for the source tests: rows from queue_log lines, events as short
// text ("12:00:05 4012 talking call=c1 queue=q1") so expectations read like
// the agent's day.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/event.hpp"
#include "queue_log_agents.hpp"

namespace vigie::sources::testing {

// 2025-12-01 00:00:00 UTC in seconds; rows are written relative to it.
inline constexpr std::int64_t kDay = 1764547200;

// "HH:MM:SS" of a ts (UTC), for readable expectations.
inline std::string clock_of(std::int64_t ts_ms) {
  const std::int64_t s = ((ts_ms / 1000) % 86400 + 86400) % 86400;
  char text[16];
  std::snprintf(text, sizeof text, "%02d:%02d:%02d", static_cast<int>(s / 3600),
                static_cast<int>(s / 60 % 60), static_cast<int>(s % 60));
  return text;
}

inline std::string describe(const fw::Event& e) {
  const auto& s = e.agent_state;
  std::string text = clock_of(e.ts) + " " + s.agent.c_str() + " " + fw::state_name(s.state);
  if (s.reason != fw::NotReadyReason::none) text += std::string("/") + fw::reason_name(s.reason);
  if (!s.call.empty()) text += std::string(" call=") + s.call.c_str();
  if (!s.queue.empty()) text += std::string(" queue=") + s.queue.c_str();
  return text;
}

// The time HH:MM:SS of kDay, in seconds since the epoch, as queue_log writes it.
inline std::string at(int h, int m, int s = 0) {
  return std::to_string(kDay + h * 3600 + m * 60 + s);
}

// Feeds queue_log lines to a mapper and keeps what it says.
class Floor {
 public:
  explicit Floor(AgentRules rules = {}, std::string roster = "", std::string reasons = "")
      : roster_("sav-1"), agents_(roster_, reasons_, rules) {
    std::string error;
    if (!roster.empty() && !roster_.load_text(roster, error)) throw std::runtime_error(error);
    if (!reasons.empty() && !reasons_.load_text(reasons, error)) throw std::runtime_error(error);
  }

  // Takes one line; returns the events it made, described.
  std::vector<std::string> line(const std::string& text) {
    QueueLogRow row;
    const char* why = "";
    if (read_queue_log_line(text, row, why) != RowRead::row)
      throw std::runtime_error(std::string("bad test line: ") + why);
    std::vector<fw::Event> out;
    last_ = agents_.take(row, out);
    return keep(out);
  }
  // Moves time on (HH:MM:SS of kDay) and returns the events that made.
  std::vector<std::string> until(int h, int m, int s = 0) {
    std::vector<fw::Event> out;
    agents_.advance((kDay + h * 3600 + m * 60 + s) * 1000, out);
    return keep(out);
  }

  const LineFate& fate() const { return last_; }
  QueueLogAgents& agents() { return agents_; }
  const std::vector<fw::Event>& events() const { return events_; }

 private:
  std::vector<std::string> keep(const std::vector<fw::Event>& out) {
    std::vector<std::string> text;
    for (const auto& e : out) {
      EXPECT_EQ(fw::check_event(e), nullptr) << describe(e);
      text.push_back(describe(e));
      events_.push_back(e);
    }
    return text;
  }

  AgentRoster roster_;
  PauseReasons reasons_;
  QueueLogAgents agents_;
  LineFate last_;
  std::vector<fw::Event> events_;
};

using Lines = std::vector<std::string>;

}  // namespace vigie::sources::testing
