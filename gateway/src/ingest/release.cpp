#include "ingest/release.hpp"

#include <algorithm>

namespace vigie::ingest {

void pass_on(const Passage& p, const FetchEvents& fetch, std::vector<CommittedItem>& out) {
  std::vector<Event> fetched;
  const std::vector<Event>* events = p.at_hand;
  if (!events && p.to > p.from) {
    fetched = fetch(p.source, p.from + 1, p.to);
    events = &fetched;
  }
  std::vector<OpenGap> lost = p.lost;
  std::sort(lost.begin(), lost.end(),
            [](const OpenGap& a, const OpenGap& b) { return a.from_seq < b.from_seq; });
  auto next_lost = lost.begin();
  bool watermark_done = !p.watermark;
  // A watermark for seqs already passed before this advance comes first.
  if (p.watermark && p.watermark->seq <= p.from) {
    out.push_back(WatermarkReached{p.source, p.watermark->until});
    watermark_done = true;
  }
  auto emit_until = [&](std::uint64_t seq) {
    // Everything positioned before SEQ: holes that end before it, the watermark it follows.
    while (next_lost != lost.end() && next_lost->from_seq < seq) {
      out.push_back(GapLost{p.source, DataGap{next_lost->from_seq, next_lost->to_seq,
                                              next_lost->from_ts, next_lost->to_ts}});
      ++next_lost;
    }
    if (!watermark_done && p.watermark->seq < seq) {
      out.push_back(WatermarkReached{p.source, p.watermark->until});
      watermark_done = true;
    }
  };
  if (events)
    for (const auto& e : *events) {
      if (e.seq <= p.from || e.seq > p.to) continue;
      emit_until(e.seq);
      out.push_back(Released{p.source, e});
    }
  emit_until(std::max(p.to, p.from) + 1);
  if (!watermark_done) out.push_back(WatermarkReached{p.source, p.watermark->until});
}

}  // namespace vigie::ingest
