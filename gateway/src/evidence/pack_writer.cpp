#include "evidence/pack_writer.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>

#include "evidence/canonical_json.hpp"
#include "evidence/hash.hpp"
#include "evidence/ledger_feed.hpp"
#include "evidence/merkle.hpp"
#include "evidence/merkle_tree.hpp"
#include "evidence/pack_format.hpp"
#include "evidence/pack_report.hpp"
#include "evidence/pack_stream.hpp"
#include "store/ledger_repository.hpp"
#include "store/witness_repository.hpp"

namespace vigie::evidence {
namespace {

using nlohmann::json;
using pack::Compression;

json hex_list(const std::vector<Hash>& hashes) {
  json out = json::array();
  for (const auto& h : hashes) out.push_back(to_hex(h));
  return out;
}

// The pack's files, each written once and hashed as written.
class PackFiles {
 public:
  explicit PackFiles(std::filesystem::path dir) : dir_(std::move(dir)) {}
  std::unique_ptr<pack::FileOut> open(const std::string& name,
                                      Compression compression = Compression::none) {
    return std::make_unique<pack::FileOut>(dir_ / name, compression);
  }
  void close(const std::string& name, pack::FileOut& file) { hashes_[name] = to_hex(file.close()); }
  void write(const std::string& name, const std::string& content) {
    auto f = open(name);
    f->write(content);
    close(name, *f);
  }
  const json& hashes() const { return hashes_; }

 private:
  std::filesystem::path dir_;
  json hashes_ = json::object();
};

// The entries of a pack in index order, each written to the entries file with what
// proves it: per entry (formats 2 and 3) or per run of consecutive indices (4).
class EntryStream {
 public:
  EntryStream(PackFiles& files, const MerkleTree& tree, std::span<const Hash> leaves,
              const PackRequest& req, PackTables& tables)
      : files_(files),
        tree_(tree),
        leaves_(leaves),
        tables_(tables),
        ranged_(req.format == pack::kFormat) {
    entries_ =
        ranged_ ? files.open(pack::kEntriesGz, Compression::gzip) : files.open(pack::kEntries);
    if (!ranged_) proofs_ = files.open(pack::kProofs);
  }

  void add(store::LedgerEntry&& e) {
    if (e.idx == last_) return;  // an entry in force that is also of the period
    last_ = e.idx;
    if (static_cast<std::uint64_t>(e.idx) >= tree_.size()) {  // after the checkpoint
      ++uncovered_;
      return;
    }
    entries_->write(e.entry);
    entries_->write("\n");
    const auto idx = static_cast<std::uint64_t>(e.idx);
    if (ranged_) {
      if (!runs_.empty() && runs_.back().second == idx)
        ++runs_.back().second;
      else
        runs_.emplace_back(idx, idx + 1);
    } else {
      proofs_->write(json{{"idx", e.idx},
                          {"leaf", to_hex(leaves_[idx])},
                          {"path", hex_list(tree_.inclusion_proof(idx))}}
                         .dump() +
                     "\n");
      indices_.push_back(e.idx);
    }
    tables_.add(e);
    ++count_;
  }

  // Closes the files; the manifest's indices (formats 2 and 3) or null.
  json finish() {
    if (ranged_) {
      files_.close(pack::kEntriesGz, *entries_);
      auto ranges = files_.open(pack::kRanges);
      for (const auto& [start, end] : runs_)
        ranges->write(
            json{{"start", start}, {"end", end}, {"nodes", hex_list(tree_.range_proof(start, end))}}
                .dump() +
            "\n");
      files_.close(pack::kRanges, *ranges);
      return nullptr;
    }
    files_.close(pack::kEntries, *entries_);
    files_.close(pack::kProofs, *proofs_);
    return indices_;
  }

  std::size_t count() const { return count_; }
  std::uint64_t uncovered() const { return uncovered_; }

 private:
  PackFiles& files_;
  const MerkleTree& tree_;
  std::span<const Hash> leaves_;
  PackTables& tables_;
  bool ranged_;
  std::unique_ptr<pack::FileOut> entries_, proofs_;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> runs_;
  json indices_ = json::array();
  std::int64_t last_ = -1;
  std::size_t count_ = 0;
  std::uint64_t uncovered_ = 0;
};

}  // namespace

PackSummary write_pack(store::Database& db, const SigningKey& key, const PackRequest& req,
                       TimestampMs now) {
  if (req.to <= req.from) throw std::runtime_error("the period is empty (--to must follow --from)");
  if (req.format != pack::kFormat && req.format != pack::kFormatV3 && req.format != pack::kFormatV2)
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

  PackFiles files(req.out);
  PackTables tables(req.format == pack::kFormatV2 ? kCsvComma : CsvStyle{});
  EntryStream stream(files, tree, leaves, req, tables);
  // The period's entries, streamed by idx, with the référentiel and configuration in
  // force for it merged in at their place.
  std::vector<store::LedgerEntry> in_force;
  for (const char* kind : {"referentiel.loaded", "config.loaded"})
    if (auto load = ledger.in_force(kind, req.to)) in_force.push_back(std::move(*load));
  std::sort(in_force.begin(), in_force.end(),
            [](const auto& a, const auto& b) { return a.idx < b.idx; });
  std::size_t next_load = 0;
  ledger.for_each_between(req.from, req.to, [&](store::LedgerEntry&& e) {
    while (next_load < in_force.size() && in_force[next_load].idx <= e.idx)
      stream.add(std::move(in_force[next_load++]));
    stream.add(std::move(e));
  });
  while (next_load < in_force.size()) stream.add(std::move(in_force[next_load++]));
  const json indices = stream.finish();

  // Earlier checkpoints by this key, each with its proof of being a prefix.
  auto checkpoints = files.open(pack::kCheckpoints);
  for (const auto& c : ledger.checkpoints()) {
    if (c.size >= latest.size || !verifier || !open_note(c.note, *verifier, nullptr)) continue;
    checkpoints->write(
        json{{"note", c.note},
             {"consistency", hex_list(tree.consistency_proof(static_cast<std::uint64_t>(c.size)))}}
            .dump() +
        "\n");
  }
  files.close(pack::kCheckpoints, *checkpoints);
  // The witnesses' cosignatures of this checkpoint, as more signature lines of its note.
  std::string cosigned = latest.note;
  for (const auto& line : store::WitnessRepository(db).cosignatures(latest.size, latest.root))
    cosigned += line;
  files.write(pack::kCheckpoint, cosigned);
  std::string computed_text;
  for (const auto& d : req.computed_days) {
    const std::string line = canonical_json(json{
        {"at", d.at}, {"data", integers_only(d.data)}, {"kind", "agent.day"}, {"site", req.site}});
    computed_text += line + "\n";
    tables.add({-1, "agent.day", d.at, line});
  }
  files.write(pack::kComputedDays, computed_text);
  files.write(pack::kKey, key.verifier_key() + "\n");
  files.write(pack::kFingerprint, fingerprint(key.public_key()) + "\n");
  const ReportContext ctx{req.site,
                          req.time_zone,
                          iso_utc(req.from),
                          iso_utc(req.to),
                          fingerprint(key.public_key()),
                          static_cast<std::uint64_t>(latest.size),
                          stream.uncovered(),
                          req.format == pack::kFormatV2 ? kCsvComma : CsvStyle{}};
  for (const auto& [name, content] : tables.finish(ctx)) files.write(name, content);

  json manifest{{"format", req.format},     {"site", req.site},
                {"origin", req.origin},     {"time_zone", req.time_zone},
                {"from", req.from},         {"to", req.to},
                {"tree_size", latest.size}, {"uncovered", stream.uncovered()},
                {"files", files.hashes()},  {"exported_at", now}};
  if (!indices.is_null()) manifest["indices"] = indices;
  auto m = files.open(pack::kManifest);
  m->write(key.sign_note(canonical_json(manifest) + "\n"));
  m->close();
  return {stream.count(), static_cast<std::uint64_t>(latest.size), stream.uncovered()};
}

}  // namespace vigie::evidence
