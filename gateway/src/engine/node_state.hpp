// One node as the engine sees it: its event-time clock (spec, "Time model"),
// whether it is lost, its open sequence gaps, and the events held back while
// a gap may still be filled (so that its subjects are judged on complete,
// ordered data).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "domain/event.hpp"
#include "engine/alert_book.hpp"
#include "engine/clock.hpp"
#include "engine/seq_ranges.hpp"

namespace vigie::engine {

struct GapWatch {
  std::uint64_t first_seq = 0;
  std::uint64_t last_seq = 0;
  TimestampMs before_ts = kBeforeTime;  // ts of the last event before the gap
  TimestampMs after_ts = kBeforeTime;   // ts of the first event after it
  TimestampMs opened_at = 0;            // gateway time it was reported
  bool held = false;                    // events after it are held back
  bool abandoned = false;               // SYS-02 fired: no more waiting
  Occurrence alert;                     // SYS-02
};

class NodeState {
 public:
  NodeState(std::string name, std::uint32_t handle)
      : subject_{referentiel::Scope::node, std::move(name)}, handle_(handle) {}

  const std::string& name() const { return subject_.id; }
  std::uint32_t handle() const { return handle_; }
  const Subject& subject() const { return subject_; }

  // The node's clock, moved forward: the latest ts it sent, or, while it is
  // online, holds nothing back and has been silent for `silence`, gateway
  // time minus `lateness`.
  // A node is silent once the gateway's clock, or the site clock, has moved
  // `silence` past its last message; its clock then follows that clock less
  // `lateness`. The site-clock rule makes a backlog delivered fast (after an
  // outage, or a capture) judged as it was in real time, as `vigie replay` does.
  TimestampMs advance_clock(TimestampMs gateway_now, TimestampMs site_now, std::int64_t silence,
                            std::int64_t lateness);
  // What advance_clock would return, without moving the clock.
  TimestampMs clock_at(TimestampMs gateway_now, TimestampMs site_now, std::int64_t silence,
                       std::int64_t lateness) const;
  // Whether the gateway or site clock can move this node's clock at all: it is online,
  // not lost, and holds nothing back.
  bool follows_time() const { return status == NodeStatus::online && !lost && held.empty(); }
  TimestampMs clock() const { return clock_; }

  std::string epoch;
  NodeStatus status = NodeStatus::online;
  TimestampMs latest_ts = kBeforeTime;          // latest ts of an applied event
  TimestampMs last_arrival = kBeforeTime;       // gateway time of its last message
  TimestampMs last_arrival_site = kBeforeTime;  // site clock at its last message
  std::uint64_t applied_max_seq = 0;

  // SYS-01
  bool lost = false;
  TimestampMs lost_at = 0;          // gateway time the loss was reported
  TimestampMs lost_span_start = 0;  // its last event before
  Occurrence lost_alert;
  bool lost_nodata = false;  // its subjects show nodata

  // SYS-02
  std::vector<GapWatch> gaps;
  SeqRanges missing;                    // seqs awaited before held events may pass
  std::map<std::uint64_t, Event> held;  // by seq

  void note_applied(const Event& e);

 private:
  Subject subject_;
  std::uint32_t handle_;
  TimestampMs clock_ = kBeforeTime;
};

}  // namespace vigie::engine
