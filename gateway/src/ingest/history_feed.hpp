// A restart's view of the past: the store's history (store/history_reader)
// turned into what ingest handed the engine when it happened, through the
// same sequencing (ingest/sequence, ingest/release). Holes are detected as
// they were; they are given up where the store recorded it, never by a rule
// of its own; each sequence starts at the first seq the history holds.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "ingest/committed.hpp"
#include "ingest/sequence.hpp"
#include "store/database.hpp"
#include "store/history_reader.hpp"

namespace vigie::ingest {

class HistoryFeed final : public store::HistoryVisitor {
 public:
  // AT: the wall time the item was committed, for the engine's gateway time.
  using Sink = std::function<void(TimestampMs at, std::vector<CommittedItem> items)>;

  HistoryFeed(store::Database& db, Sink sink) : db_(db), sink_(std::move(sink)) {}

  void birth(const NodeBirth& b, TimestampMs at) override;
  void node_state(const std::string& node, const NodeStateReport& r, TimestampMs at) override;
  void consumed(const NodeEpoch& source, std::uint64_t seq,
                const std::optional<std::string>& refusal, TimestampMs at) override;
  void event(const NodeEpoch& source, const Event& e, TimestampMs at) override;
  void gap_lost(const NodeEpoch& source, std::uint64_t from_seq, std::uint64_t to_seq,
                std::optional<TimestampMs> from_ts, TimestampMs to_ts, TimestampMs at) override;
  void watermark(const NodeEpoch& source, TimestampMs until, std::uint64_t seq,
                 TimestampMs at) override;

  std::uint64_t events() const { return events_; }

 private:
  Sequence& sequence(const NodeEpoch& source, std::uint64_t first_seq);
  // Hands on what SEQ's contiguity passed over since FROM, then the node's holding state.
  void pass(const NodeEpoch& source, Sequence& seq, std::uint64_t from, std::vector<OpenGap> lost,
            const std::vector<Event>* at_hand, TimestampMs at,
            std::vector<CommittedItem> items = {});

  store::Database& db_;
  Sink sink_;
  std::map<NodeEpoch, Sequence> sequences_;
  std::map<std::string, std::string> epoch_;  // node -> its latest epoch
  std::map<std::string, bool> holding_;       // node -> as last handed on
  std::uint64_t events_ = 0;
};

}  // namespace vigie::ingest
