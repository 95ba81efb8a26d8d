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

Sequence Sequence::starting_at(std::uint64_t first) {
  Sequence s;
  s.contiguous_ = s.max_seen_ = first > 0 ? first - 1 : 0;
  return s;
}

std::optional<GapSpan> Sequence::hold(std::uint64_t seq, std::optional<TimestampMs> ts) {
  if (ts) note_heard(*ts);
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

void Sequence::note_heard(TimestampMs ts) {
  heard_ts_ = heard_ts_ ? std::max(*heard_ts_, ts) : ts;
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
  max_seen_ = std::max(max_seen_, contiguous_);
}

std::vector<OpenGap> Sequence::take_filled_gaps() {
  std::vector<OpenGap> filled;
  auto keep = std::partition(open_gaps_.begin(), open_gaps_.end(),
                             [&](const OpenGap& g) { return g.to_seq > contiguous_; });
  filled.assign(keep, open_gaps_.end());
  open_gaps_.erase(keep, open_gaps_.end());
  return filled;
}

std::vector<std::int64_t> Sequence::due_give_ups(const GiveUpRule& rule, TimestampMs node_time,
                                                 TimestampMs now) const {
  std::vector<std::int64_t> due;
  for (const auto& g : open_gaps_) {
    const bool node_moved_on = node_time >= g.to_ts + rule.hold;
    const bool unanswered = g.resync_sent_at > 0 && now - g.resync_sent_at >= rule.resync_wait;
    if (node_moved_on && unanswered) due.push_back(g.id);
  }
  return due;
}

std::optional<OpenGap> Sequence::give_up(std::int64_t gap_id) {
  auto it = std::find_if(open_gaps_.begin(), open_gaps_.end(),
                         [&](const OpenGap& g) { return g.id == gap_id; });
  if (it == open_gaps_.end()) return std::nullopt;
  OpenGap gap = *it;
  open_gaps_.erase(it);
  add_lost_range(gap.from_seq, gap.to_seq);
  return gap;
}

void Sequence::add_lost_range(std::uint64_t from_seq, std::uint64_t to_seq) {
  if (to_seq <= contiguous_) return;
  given_up_.insert({from_seq, to_seq});
  max_seen_ = std::max(max_seen_, to_seq);
  advance();
}

std::vector<OpenGap> Sequence::give_up_all() {
  std::vector<OpenGap> lost = std::move(open_gaps_);
  open_gaps_.clear();
  for (const auto& g : lost) add_lost_range(g.from_seq, g.to_seq);
  return lost;
}

bool Sequence::note_watermark(const Watermark& w) {
  note_heard(w.until);
  if (watermark_ && w.until <= watermark_->until) return false;
  const std::uint64_t seq = watermark_ ? std::max(watermark_->seq, w.seq) : w.seq;
  watermark_ = Watermark{w.until, seq};
  return true;
}

std::optional<Watermark> Sequence::take_reached_watermark() {
  if (!watermark_ || contiguous_ < watermark_->seq) return std::nullopt;
  if (passed_until_ && watermark_->until <= *passed_until_) return std::nullopt;
  passed_until_ = watermark_->until;
  return watermark_;
}

void Sequence::restore_watermark(const Watermark& w) {
  watermark_ = w;
  note_heard(w.until);
  if (contiguous_ >= w.seq) passed_until_ = w.until;
}

std::optional<TimestampMs> Sequence::vouched_before(std::uint64_t seq) const {
  if (!watermark_ || seq <= watermark_->seq) return std::nullopt;
  return watermark_->until;
}

}  // namespace vigie::ingest
