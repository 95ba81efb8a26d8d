// One (node, epoch) sequence, and the single owner of its order: which seqs
// are held (stored, or consumed by a rejected event), the highest contiguous
// one (what `ack` says and how far the engine has been fed), the holes
// between, what the node's watermarks vouch for, and when a hole is given up.
// Pure logic: the ingestor persists it, and hands the engine, in seq order,
// what each advance of contiguity passes over (docs/architecture.md,
// "Time and order").
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <vector>

#include "domain/event.hpp"

namespace vigie::ingest {

struct GapSpan {
  std::uint64_t from_seq = 0;
  std::uint64_t to_seq = 0;
  std::optional<TimestampMs> from_ts;  // ts of the last event before the hole
  std::optional<TimestampMs> to_ts;    // ts of the first event after it
};

// A hole still open: its seqs are awaited, the events after it are held back.
struct OpenGap {
  std::int64_t id = 0;  // the store's row id
  std::uint64_t from_seq = 0;
  std::uint64_t to_seq = 0;
  std::optional<TimestampMs> from_ts;  // event time: the last event before
  TimestampMs to_ts = 0;               // event time: the first event after
  TimestampMs detected_at = 0;         // wall time
  TimestampMs resync_sent_at = 0;      // wall time of the first resync asking for it; 0: none
  TimestampMs last_resync_at = 0;      // wall time of the latest one (not stored)
};

// What a node's watermark says: nothing of it happened before `until` but its
// events up to `seq`.
struct Watermark {
  TimestampMs until = 0;
  std::uint64_t seq = 0;
};

// When a hole is given up (contract: SYS-02 in the référentiel): the node's own
// time has moved `hold` past the hole's end (event time: the same live and in
// replay), and a resync asking for it has gone unanswered for `resync_wait`
// (wall time: a node that still has the events answers well within it, so a
// fast backlog drain never gives up what the node can still send).
struct GiveUpRule {
  std::int64_t hold = 5 * 60 * 1000;
  std::int64_t resync_wait = 30 * 1000;
};

class Sequence {
 public:
  Sequence() = default;
  // The state the store kept (after a restart).
  Sequence(std::uint64_t contiguous, std::uint64_t max_seen, std::optional<TimestampMs> max_seen_ts,
           std::set<std::uint64_t> held_above, std::vector<OpenGap> open_gaps);

  // A sequence first met at FIRST (a rebuild reading history from a horizon):
  // what came before it is taken as passed, not as a hole.
  static Sequence starting_at(std::uint64_t first);

  // True when seq needs no further data: at or below contiguity, or held above it.
  bool holds(std::uint64_t seq) const { return seq <= contiguous_ || held_above_.count(seq) > 0; }

  // Records seq as held (its ts, if it is a stored event). Returns the hole it
  // reveals, if it lands past max_seen + 1.
  std::optional<GapSpan> hold(std::uint64_t seq, std::optional<TimestampMs> ts);

  void add_open_gap(const OpenGap& gap) { open_gaps_.push_back(gap); }
  // Removes and returns the open gaps that contiguity now covers.
  std::vector<OpenGap> take_filled_gaps();
  // The open gaps RULE gives up, NODE_TIME being the node's own time and NOW
  // the wall clock (none in a rebuild, which follows what was recorded).
  std::vector<std::int64_t> due_give_ups(const GiveUpRule& rule, TimestampMs node_time,
                                         TimestampMs now) const;
  // Declares the gap's seqs lost: contiguity may pass over them. Returns the gap.
  std::optional<OpenGap> give_up(std::int64_t gap_id);
  // Declares [from_seq, to_seq] lost (a rebuild following the record; a restart).
  void add_lost_range(std::uint64_t from_seq, std::uint64_t to_seq);
  // Every open gap lost at once (the node's store was wiped: a new epoch).
  std::vector<OpenGap> give_up_all();

  // A watermark received; the later `until` wins. Returns false (and changes
  // nothing) when it vouches for nothing new.
  bool note_watermark(const Watermark& w);
  // The latest watermark received.
  const std::optional<Watermark>& watermark() const { return watermark_; }
  // The watermark to hand on now: received, reached by contiguity, not handed on yet.
  std::optional<Watermark> take_reached_watermark();
  // The watermark the store kept (after a restart): handed on already if reached.
  void restore_watermark(const Watermark& w);
  // The time a new event with seq SEQ must not be dated before: the `until`
  // of a watermark received for the seqs below it, if any.
  std::optional<TimestampMs> vouched_before(std::uint64_t seq) const;

  // The latest event time the node has spoken of: its events' ts and its watermarks.
  std::optional<TimestampMs> heard_ts() const { return heard_ts_; }
  void note_heard(TimestampMs ts);

  std::uint64_t contiguous() const { return contiguous_; }
  std::uint64_t max_seen() const { return max_seen_; }
  std::optional<TimestampMs> max_seen_ts() const { return max_seen_ts_; }
  // Held events wait above a hole.
  bool holding() const { return max_seen_ > contiguous_; }
  std::vector<OpenGap>& open_gaps() { return open_gaps_; }
  const std::vector<OpenGap>& open_gaps() const { return open_gaps_; }

 private:
  void advance();

  std::uint64_t contiguous_ = 0;
  std::uint64_t max_seen_ = 0;
  std::optional<TimestampMs> max_seen_ts_;
  std::optional<TimestampMs> heard_ts_;
  std::set<std::uint64_t> held_above_;                          // held seqs > contiguous_
  std::set<std::pair<std::uint64_t, std::uint64_t>> given_up_;  // lost ranges above contiguous_
  std::vector<OpenGap> open_gaps_;
  std::optional<Watermark> watermark_;
  std::optional<TimestampMs> passed_until_;  // the latest `until` handed on
};

}  // namespace vigie::ingest
