#include "evidence/pack_writer.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "evidence/canonical_json.hpp"
#include "evidence/hash.hpp"
#include "evidence/ledger_feed.hpp"
#include "evidence/merkle.hpp"
#include "evidence/merkle_tree.hpp"
#include "evidence/pack_format.hpp"
#include "evidence/pack_report.hpp"
#include "store/ledger_repository.hpp"
#include "store/witness_repository.hpp"

namespace vigie::evidence {
namespace {

using nlohmann::json;

json hex_list(const std::vector<Hash>& hashes) {
  json out = json::array();
  for (const auto& h : hashes) out.push_back(to_hex(h));
  return out;
}

class PackFiles {
 public:
  explicit PackFiles(std::filesystem::path dir) : dir_(std::move(dir)) {}
  void write(const std::string& name, const std::string& content) {
    std::ofstream f(dir_ / name, std::ios::binary | std::ios::trunc);
    f << content;
    f.close();
    if (!f) throw std::runtime_error("cannot write " + (dir_ / name).string());
    hashes_[name] = to_hex(sha256(content));
  }
  const json& hashes() const { return hashes_; }

 private:
  std::filesystem::path dir_;
  json hashes_ = json::object();
};

}  // namespace

PackSummary write_pack(store::Database& db, const SigningKey& key, const PackRequest& req,
                       TimestampMs now) {
  if (req.to <= req.from) throw std::runtime_error("the period is empty (--to must follow --from)");
  if (req.format != pack::kFormat && req.format != pack::kFormatV2)
    throw std::runtime_error("no pack format '" + req.format + "'");
  std::error_code ec;
  if (std::filesystem::exists(req.out) && !std::filesystem::is_empty(req.out, ec))
    throw std::runtime_error(req.out.string() + ": not an empty directory");
  std::filesystem::create_directories(req.out, ec);
  if (ec) throw std::runtime_error(req.out.string() + ": " + ec.message());

  // Every proof is made against the newest checkpoint the gateway stored: the
  // export reads, it signs nothing.
  store::LedgerRepository ledger(db);
  const auto verifier = Verifier::parse(key.verifier_key(), nullptr);
  const auto stored = ledger.latest_checkpoint();
  if (!stored) throw std::runtime_error("no checkpoint stored yet: nothing to export");
  if (!verifier || !open_note(stored->note, *verifier, nullptr))
    throw std::runtime_error(
        "the newest stored checkpoint is not signed by this key: start the gateway once with "
        "it, it signs one at start");
  const auto latest = *stored;
  const auto leaves = ledger.leaf_hashes(latest.size);
  const MerkleTree tree(leaves);  // every proof below from subtrees hashed once

  std::string entries_text, proofs_text;
  json indices = json::array();
  std::vector<store::LedgerEntry> entries;
  // The period's entries, and the référentiel and configuration in force for it.
  auto selected = ledger.entries_between(req.from, req.to);
  for (const char* kind : {"referentiel.loaded", "config.loaded"})
    if (auto load = ledger.in_force(kind, req.to)) selected.push_back(std::move(*load));
  std::sort(selected.begin(), selected.end(),
            [](const auto& a, const auto& b) { return a.idx < b.idx; });
  selected.erase(std::unique(selected.begin(), selected.end(),
                             [](const auto& a, const auto& b) { return a.idx == b.idx; }),
                 selected.end());
  std::uint64_t uncovered = 0;
  for (auto& e : selected) {
    if (e.idx >= latest.size) {  // appended after the checkpoint was signed
      ++uncovered;
      continue;
    }
    const auto path = tree.inclusion_proof(static_cast<std::uint64_t>(e.idx));
    entries_text += e.entry + "\n";
    proofs_text += json{{"idx", e.idx},
                        {"leaf", to_hex(leaves[static_cast<std::size_t>(e.idx)])},
                        {"path", hex_list(path)}}
                       .dump() +
                   "\n";
    indices.push_back(e.idx);
    entries.push_back(std::move(e));
  }

  // Earlier checkpoints by this key, each with its proof of being a prefix.
  std::string checkpoints_text;
  for (const auto& c : ledger.checkpoints()) {
    if (c.size >= latest.size || !verifier || !open_note(c.note, *verifier, nullptr)) continue;
    checkpoints_text +=
        json{{"note", c.note},
             {"consistency", hex_list(tree.consistency_proof(static_cast<std::uint64_t>(c.size)))}}
            .dump() +
        "\n";
  }

  PackFiles files(req.out);
  files.write(pack::kEntries, entries_text);
  files.write(pack::kProofs, proofs_text);
  // The witnesses' cosignatures of this checkpoint, as more signature lines of its note.
  std::string cosigned = latest.note;
  for (const auto& line : store::WitnessRepository(db).cosignatures(latest.size, latest.root))
    cosigned += line;
  files.write(pack::kCheckpoint, cosigned);
  files.write(pack::kCheckpoints, checkpoints_text);
  std::string computed_text;
  std::vector<store::LedgerEntry> shown = entries;
  for (const auto& d : req.computed_days) {
    const std::string line = canonical_json(json{
        {"at", d.at}, {"data", integers_only(d.data)}, {"kind", "agent.day"}, {"site", req.site}});
    computed_text += line + "\n";
    shown.push_back({-1, "agent.day", d.at, line});
  }
  files.write(pack::kComputedDays, computed_text);
  files.write(pack::kKey, key.verifier_key() + "\n");
  files.write(pack::kFingerprint, fingerprint(key.public_key()) + "\n");
  ReportContext ctx{req.site,
                    req.time_zone,
                    iso_utc(req.from),
                    iso_utc(req.to),
                    fingerprint(key.public_key()),
                    static_cast<std::uint64_t>(latest.size),
                    uncovered,
                    req.format == pack::kFormatV2 ? kCsvComma : CsvStyle{}};
  for (const auto& [name, content] : pack_tables(shown, ctx)) files.write(name, content);

  const json manifest{
      {"format", req.format},       {"site", req.site},       {"origin", req.origin},
      {"time_zone", req.time_zone}, {"from", req.from},       {"to", req.to},
      {"tree_size", latest.size},   {"uncovered", uncovered}, {"indices", indices},
      {"files", files.hashes()},    {"exported_at", now}};
  std::ofstream m(req.out / pack::kManifest, std::ios::binary | std::ios::trunc);
  m << key.sign_note(canonical_json(manifest) + "\n");
  m.close();
  if (!m) throw std::runtime_error("cannot write " + (req.out / pack::kManifest).string());
  return {entries.size(), static_cast<std::uint64_t>(latest.size), uncovered};
}

}  // namespace vigie::evidence
