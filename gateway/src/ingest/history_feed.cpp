#include "ingest/history_feed.hpp"

#include "ingest/refusal.hpp"
#include "ingest/release.hpp"

namespace vigie::ingest {

Sequence& HistoryFeed::sequence(const NodeEpoch& source, std::uint64_t first_seq) {
  auto it = sequences_.find(source);
  if (it == sequences_.end())
    it = sequences_.emplace(source, Sequence::starting_at(first_seq)).first;
  return it->second;
}

void HistoryFeed::pass(const NodeEpoch& source, Sequence& seq, std::uint64_t from,
                       std::vector<OpenGap> lost, const std::vector<Event>* at_hand, TimestampMs at,
                       std::vector<CommittedItem> items) {
  Passage p;
  p.source = source;
  p.from = from;
  p.to = seq.contiguous();
  p.lost = std::move(lost);
  p.watermark = seq.take_reached_watermark();
  p.at_hand = at_hand;
  if (p.to > p.from || p.watermark || !p.lost.empty())
    pass_on(
        p,
        [&](const NodeEpoch& s, std::uint64_t first, std::uint64_t last) {
          return store::read_events(db_, s, first, last);
        },
        items);
  if (epoch_[source.node] == source.epoch) {
    bool& was = holding_[source.node];
    if (was != seq.holding()) {
      was = seq.holding();
      items.push_back(Holding{source.node, was});
    }
  }
  if (!items.empty()) sink_(at, std::move(items));
}

void HistoryFeed::birth(const NodeBirth& b, TimestampMs at) {
  epoch_[b.node] = b.epoch;
  std::vector<CommittedItem> items{NodeBorn{b}};
  // The new epoch's state says whether the node's data is complete now.
  auto it = sequences_.find({b.node, b.epoch});
  const bool holding = it != sequences_.end() && it->second.holding();
  if (holding_[b.node] != holding) {
    holding_[b.node] = holding;
    items.push_back(Holding{b.node, holding});
  }
  sink_(at, std::move(items));
}

void HistoryFeed::node_state(const std::string& node, const NodeStateReport& r, TimestampMs at) {
  sink_(at, {NodeStateChanged{node, r}});
}

void HistoryFeed::consumed(const NodeEpoch& source, std::uint64_t seq_no,
                           const std::optional<std::string>& refusal, TimestampMs at) {
  epoch_.try_emplace(source.node, source.epoch);
  auto& seq = sequence(source, seq_no);
  const std::uint64_t from = seq.contiguous();
  seq.hold(seq_no, std::nullopt);
  std::vector<CommittedItem> items;
  if (refusal == std::string(label(RefusalKind::agent_quota)))
    items.push_back(NodeRefused{source.node, 1});
  pass(source, seq, from, {}, nullptr, at, std::move(items));
}

void HistoryFeed::event(const NodeEpoch& source, const Event& e, TimestampMs at) {
  ++events_;
  epoch_[source.node] = source.epoch;
  auto& seq = sequence(source, e.seq);
  const std::uint64_t from = seq.contiguous();
  const bool was_holding = seq.holding();
  seq.hold(e.seq, e.ts);
  const std::vector<Event> at_hand{e};
  pass(source, seq, from, {}, was_holding ? nullptr : &at_hand, at);
}

void HistoryFeed::gap_lost(const NodeEpoch& source, std::uint64_t from_seq, std::uint64_t to_seq,
                           std::optional<TimestampMs> from_ts, TimestampMs to_ts, TimestampMs at) {
  auto it = sequences_.find(source);
  if (it == sequences_.end() || to_seq <= it->second.contiguous()) return;  // before the horizon
  Sequence& seq = it->second;
  const std::uint64_t from = seq.contiguous();
  seq.add_lost_range(from_seq, to_seq);
  OpenGap g;
  g.from_seq = from_seq;
  g.to_seq = to_seq;
  g.from_ts = from_ts;
  g.to_ts = to_ts;
  pass(source, seq, from, {g}, nullptr, at);
}

void HistoryFeed::watermark(const NodeEpoch& source, TimestampMs until, std::uint64_t seq_no,
                            TimestampMs at) {
  epoch_.try_emplace(source.node, source.epoch);
  auto& seq = sequence(source, seq_no + 1);
  const std::uint64_t from = seq.contiguous();
  seq.note_watermark({until, seq_no});
  pass(source, seq, from, {}, nullptr, at);
}

}  // namespace vigie::ingest
