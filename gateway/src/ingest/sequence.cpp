#include "ingest/sequence.hpp"

#include <algorithm>

namespace vigie::ingest {

Sequence::Sequence(std::uint64_t contiguous, std::uint64_t max_seen,
                   std::optional<TimestampMs> max_seen_ts, std::set<std::uint64_t> held_above,
                   std::vector<OpenGap> open_gaps)
    : contiguous_(contiguous),
      max_seen_(std::max(max_seen, contiguous)),
      max_seen_ts_(max_seen_ts),
      held_above_(std::move(held_above)),
      open_gaps_(std::move(open_gaps)) {
  advance();
}

std::optional<GapSpan> Sequence::hold(std::uint64_t seq, std::optional<TimestampMs> ts) {
  if (holds(seq)) return std::nullopt;
  std::optional<GapSpan> gap;
  if (seq > max_seen_ + 1) gap = GapSpan{max_seen_ + 1, seq - 1, max_seen_ts_, ts};
  if (seq > max_seen_) {
    max_seen_ = seq;
    max_seen_ts_ = ts;
  }
  held_above_.insert(seq);
  advance();
  return gap;
}

void Sequence::advance() {
  while (true) {
    auto it = held_above_.begin();
    if (it != held_above_.end() && *it <= contiguous_ + 1) {
      contiguous_ = std::max(contiguous_, *it);
      held_above_.erase(it);
      continue;
    }
    auto lost = given_up_.begin();
    if (lost != given_up_.end() && lost->first <= contiguous_ + 1) {
      contiguous_ = std::max(contiguous_, lost->second);
      given_up_.erase(lost);
      continue;
    }
    break;
  }
}

std::vector<OpenGap> Sequence::take_filled_gaps() {
  std::vector<OpenGap> filled;
  auto keep = std::partition(open_gaps_.begin(), open_gaps_.end(),
                             [&](const OpenGap& g) { return g.to_seq > contiguous_; });
  filled.assign(keep, open_gaps_.end());
  open_gaps_.erase(keep, open_gaps_.end());
  return filled;
}

void Sequence::give_up(std::int64_t gap_id) {
  auto it = std::find_if(open_gaps_.begin(), open_gaps_.end(),
                         [&](const OpenGap& g) { return g.id == gap_id; });
  if (it == open_gaps_.end()) return;
  given_up_.insert({it->from_seq, it->to_seq});
  open_gaps_.erase(it);
  advance();
}

void Sequence::add_lost_range(std::uint64_t from_seq, std::uint64_t to_seq) {
  if (to_seq <= contiguous_) return;
  given_up_.insert({from_seq, to_seq});
  advance();
}

}  // namespace vigie::ingest
