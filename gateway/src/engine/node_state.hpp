// One node as the engine sees it: its event-time clock (référentiel spec,
// "Time model") and whether it is lost. The order of its events, its holes
// and its watermarks are ingest's (ingest/sequence): the engine receives the
// events in seq order, the holes given up, and the watermarks reached.
#pragma once

#include <string>

#include "domain/event.hpp"
#include "engine/alert_book.hpp"
#include "engine/clock.hpp"

namespace vigie::engine {

class NodeState {
 public:
  NodeState(std::string name, std::uint32_t handle)
      : subject_{referentiel::Scope::node, std::move(name)}, handle_(handle) {}

  const std::string& name() const { return subject_.id; }
  std::uint32_t handle() const { return handle_; }
  const Subject& subject() const { return subject_; }

  // The node's clock, moved forward: the latest ts it sent or its latest
  // watermark; and, for a node that never sent a watermark, while it is
  // online, holds nothing back and has been silent for `silence` since its
  // last message (or since SINCE, the gateway going live, if later), gateway
  // time less `lateness`.
  TimestampMs advance_clock(TimestampMs gateway_now, TimestampMs since, std::int64_t silence,
                            std::int64_t lateness);
  // What advance_clock would return, without moving the clock.
  TimestampMs clock_at(TimestampMs gateway_now, TimestampMs since, std::int64_t silence,
                       std::int64_t lateness) const;
  // Whether gateway time can move this node's clock at all.
  bool follows_time() const {
    return status == NodeStatus::online && !lost && !holding && !watermarked;
  }
  TimestampMs clock() const { return clock_; }

  std::string epoch;
  NodeStatus status = NodeStatus::online;
  TimestampMs latest_ts = kBeforeTime;     // latest ts of an applied event
  TimestampMs last_arrival = kBeforeTime;  // gateway time of its last message; unknown before
  bool holding = false;                    // ingest holds its next events for a hole
  bool watermarked = false;                // it vouches for its own time: never guessed
  TimestampMs watermark = kBeforeTime;     // its latest watermark reached

  // SYS-01
  bool lost = false;
  TimestampMs lost_at = 0;          // gateway time the loss was reported
  TimestampMs lost_span_start = 0;  // its last event before
  Occurrence lost_alert;
  bool lost_nodata = false;  // its subjects show nodata

  // SYS-03
  Occurrence refused_alert;
  std::uint64_t refused_events = 0;  // in the open episode
  TimestampMs refused_last = 0;      // gateway time of the latest refusal

  void note_applied(const Event& e);
  void note_watermark(TimestampMs until);

 private:
  Subject subject_;
  std::uint32_t handle_;
  TimestampMs clock_ = kBeforeTime;
};

}  // namespace vigie::engine
