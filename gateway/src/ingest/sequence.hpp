// Contiguity of one (node, epoch) sequence: which seqs are held (stored or
// consumed by a rejected event), the highest contiguous one (what `ack` says),
// and the holes (gaps) between. Pure logic; the ingestor persists it.
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

struct OpenGap {
  std::int64_t id = 0;  // the store's row id
  std::uint64_t from_seq = 0;
  std::uint64_t to_seq = 0;
  TimestampMs detected_at = 0;
  TimestampMs resync_sent_at = 0;
};

class Sequence {
 public:
  Sequence() = default;
  Sequence(std::uint64_t contiguous, std::uint64_t max_seen, std::optional<TimestampMs> max_seen_ts,
           std::set<std::uint64_t> held_above, std::vector<OpenGap> open_gaps);

  // True when seq needs no further data: at or below contiguity, or held above it.
  bool holds(std::uint64_t seq) const { return seq <= contiguous_ || held_above_.count(seq) > 0; }

  // Records seq as held. Returns the hole it reveals, if it lands past max_seen + 1.
  std::optional<GapSpan> hold(std::uint64_t seq, std::optional<TimestampMs> ts);

  void add_open_gap(const OpenGap& gap) { open_gaps_.push_back(gap); }
  // Removes and returns the open gaps that contiguity now covers.
  std::vector<OpenGap> take_filled_gaps();
  // Declares the gap's seqs lost: contiguity may pass over them.
  void give_up(std::int64_t gap_id);
  // Restores a range given up before a restart.
  void add_lost_range(std::uint64_t from_seq, std::uint64_t to_seq);

  std::uint64_t contiguous() const { return contiguous_; }
  std::uint64_t max_seen() const { return max_seen_; }
  std::optional<TimestampMs> max_seen_ts() const { return max_seen_ts_; }
  std::vector<OpenGap>& open_gaps() { return open_gaps_; }
  const std::vector<OpenGap>& open_gaps() const { return open_gaps_; }

 private:
  void advance();

  std::uint64_t contiguous_ = 0;
  std::uint64_t max_seen_ = 0;
  std::optional<TimestampMs> max_seen_ts_;
  std::set<std::uint64_t> held_above_;                          // held seqs > contiguous_
  std::set<std::pair<std::uint64_t, std::uint64_t>> given_up_;  // lost ranges above contiguous_
  std::vector<OpenGap> open_gaps_;
};

}  // namespace vigie::ingest
