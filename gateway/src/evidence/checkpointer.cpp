#include "evidence/checkpointer.hpp"

#include "evidence/merkle.hpp"

namespace vigie::evidence {

std::string ledger_origin(const std::string& site, const std::string& gateway_id) {
  return "vigie/" + site + "/" + gateway_id;
}

bool Checkpointer::signed_by_us(const std::string& note) const {
  const auto verifier = Verifier::parse(key_.verifier_key(), nullptr);
  return verifier && open_note(note, *verifier, nullptr).has_value();
}

std::optional<std::string> Checkpointer::checkpoint(TimestampMs now) {
  const auto size = ledger_.size();
  auto latest = ledger_.latest_checkpoint();
  if (size == 0) return std::nullopt;
  // The same tree again only under another key (a key replaced since).
  if (latest && latest->size == size && signed_by_us(latest->note)) return latest->note;
  const auto leaves = ledger_.leaf_hashes(size);
  Checkpoint c;
  c.origin = origin_;
  c.size = static_cast<std::uint64_t>(size);
  c.root = tree_root(leaves);
  const std::string note = key_.sign_note(c.body());
  ledger_.add_checkpoint({size, c.root, note, now});
  return note;
}

}  // namespace vigie::evidence
