#include "evidence/pack_verifier.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "domain/iso_time.hpp"
#include "evidence/cosignature.hpp"
#include "evidence/hash.hpp"
#include "evidence/json_view.hpp"
#include "evidence/merkle.hpp"
#include "evidence/merkle_range.hpp"
#include "evidence/merkle_tree.hpp"
#include "evidence/pack_fields.hpp"
#include "evidence/pack_format.hpp"
#include "evidence/pack_report.hpp"
#include "evidence/pack_stream.hpp"
#include "evidence/signed_note.hpp"

namespace vigie::evidence {
namespace {

using nlohmann::json;
using pack::integer;
using pack::member;
using pack::text;

std::optional<std::string> read_file(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary | std::ios::ate);
  if (!f) return std::nullopt;
  std::string content(static_cast<std::size_t>(f.tellg()), '\0');
  f.seekg(0);
  f.read(content.data(), static_cast<std::streamsize>(content.size()));
  if (!f) return std::nullopt;
  return content;
}

// Views into TEXT, which must outlive them.
std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    if (end == std::string_view::npos) {
      out.push_back(text.substr(start));
      break;
    }
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::optional<std::vector<Hash>> hashes_of(const json* list) {
  if (list == nullptr || !list->is_array()) return std::nullopt;
  std::vector<Hash> out;
  for (const auto& h : *list) {
    auto parsed = hash_from_hex(text(&h).value_or(""));
    if (!parsed) return std::nullopt;
    out.push_back(*parsed);
  }
  return out;
}

std::string at_line(const char* file, std::size_t k) {
  return std::string(file) + " line " + std::to_string(k + 1);
}

class Verification {
 public:
  explicit Verification(std::filesystem::path dir) : dir_(std::move(dir)) {}

  VerifyResult run(const std::optional<std::string>& expected,
                   const std::vector<Verifier>& witnesses) {
    if (!key(expected) || !manifest()) return std::move(result_);
    files();
    if (checkpoint()) {
      cosignatures(witnesses);
      entries();
      computed_days();
      earlier_checkpoints();
      tables();
    }
    unread_digests();
    result_.uncovered = static_cast<std::uint64_t>(uncovered_);
    result_.computed_days = computed_;
    return std::move(result_);
  }

 private:
  void fail(std::string what) { result_.failures.push_back(std::move(what)); }

  std::optional<std::string> file(const char* name) {
    auto content = read_file(dir_ / name);
    if (!content) fail(std::string(name) + ": missing");
    return content;
  }

  bool key(const std::optional<std::string>& expected) {
    auto content = file(pack::kKey);
    if (!content) return false;
    std::string error;
    const auto lines = lines_of(*content);
    auto v = Verifier::parse(lines.empty() ? "" : lines.front(), &error);
    if (!v) {
      fail(at_line(pack::kKey, 0) + ": " + error);
      return false;
    }
    verifier_ = *v;
    result_.fingerprint = fingerprint(v->public_key);
    if (expected && parse_fingerprint(*expected) != result_.fingerprint)
      fail(std::string(pack::kKey) + ": key " + result_.fingerprint + " is not the expected " +
           *expected);
    return true;
  }

  bool manifest() {
    auto note = file(pack::kManifest);
    if (!note) return false;
    std::string error;
    auto body = open_note(*note, *verifier_, &error);
    if (!body) {
      fail(std::string(pack::kManifest) + ": " + error);
      return false;
    }
    const std::string where = at_line(pack::kManifest, 0);
    manifest_ = json::parse(*body, nullptr, false);
    const auto format = text(member(manifest_, "format"));
    if (format != pack::kFormat && format != pack::kFormatV3 && format != pack::kFormatV2) {
      fail(where + ": not a " + pack::kFormat + " (nor " + pack::kFormatV3 + ", " +
           pack::kFormatV2 + ") manifest");
      return false;
    }
    csv_ = format == pack::kFormatV2 ? kCsvComma : CsvStyle{};
    ranged_ = format == pack::kFormat;
    tables_.emplace(csv_);
    bool ok = true;
    auto need = [&](bool holds, const std::string& what) {
      if (!holds) fail(where + ": " + what), ok = false;
    };
    const auto site = text(member(manifest_, "site"));
    const auto origin = text(member(manifest_, "origin"));
    const auto zone = text(member(manifest_, "time_zone"));
    const auto from = integer(member(manifest_, "from"));
    const auto to = integer(member(manifest_, "to"));
    const auto tree_size = integer(member(manifest_, "tree_size"));
    const auto uncovered = integer(member(manifest_, "uncovered"));
    const json* files = member(manifest_, "files");
    const json* indices = member(manifest_, "indices");
    need(site && !site->empty(), "site is not a name");
    need(origin.has_value(), "origin is not a string");
    need(zone.has_value(), "time_zone is not a string");
    need(from && to && *from < *to, "from and to are not a period in integer ms");
    need(tree_size && *tree_size > 0, "tree_size is not a positive integer");
    need(uncovered && *uncovered >= 0, "uncovered is not a non-negative integer");
    need(files && files->is_object(), "files is not an object");
    // Format 4 lists its entries' indices as the runs of ranges.jsonl.
    if (!ranged_) need(indices && indices->is_array(), "indices is not a list");
    if (ranged_) need(indices == nullptr, "indices is not a member of this format");
    if (!ok) return false;
    for (const auto& [name, digest] : files->items())
      need(text(&digest).has_value(), "the hash of " + name + " is not a string");
    if (!ranged_)
      for (const auto& i : *indices) {
        const auto idx = integer(&i);
        need(idx && *idx >= 0, "index " + i.dump() + " is not a canonical integer");
        if (idx) listed_.insert(*idx);
      }
    if (!ok) return false;
    site_ = *site, origin_ = *origin, zone_ = *zone;
    from_ = *from, to_ = *to, uncovered_ = *uncovered;
    // The log is the site's: ledger_origin() is "vigie/<site>/<gateway>", the key is named so.
    need(origin_.rfind("vigie/" + site_ + "/", 0) == 0,
         "origin " + origin_ + " is not a log of site " + site_);
    if (verifier_->name != origin_)
      fail(std::string(pack::kKey) + ": the key is " + verifier_->name + "'s, not the log " +
           origin_ + "'s");
    return true;
  }

  // Every listed file's hash: the files read line by line later (entries, proofs,
  // tables) are hashed as they are read, the others here, a block at a time.
  void files() {
    std::set<std::string> listed;
    std::set<std::string> later = {ranged_ ? pack::kEntriesGz : pack::kEntries,
                                   ranged_ ? pack::kRanges : pack::kProofs};
    later.insert(pack::kTables.begin(), pack::kTables.end());
    for (const auto& [name, digest] : manifest_["files"].items()) {
      listed.insert(name);
      if (later.count(name)) {
        unread_[name] = digest.get<std::string>();
        continue;
      }
      const auto actual = pack::sha256_of_file(dir_ / name);
      if (!actual)
        fail(name + ": missing");
      else if (to_hex(*actual) != digest.get<std::string>())
        fail(name + ": content differs from the manifest");
    }
    std::error_code ec;
    for (const auto& f : std::filesystem::directory_iterator(dir_, ec)) {
      const auto name = f.path().filename().string();
      if (name != pack::kManifest && !listed.count(name)) fail(name + ": not in the manifest");
    }
    // The key is only trusted through the manifest's signature, the fingerprint too.
    auto fp = read_file(dir_ / pack::kFingerprint);
    if (fp && (lines_of(*fp).empty() || lines_of(*fp).front() != result_.fingerprint))
      fail(at_line(pack::kFingerprint, 0) + ": does not name the key in " + pack::kKey);
  }

  // NAME read to its end: its bytes against the manifest's hash, when it lists NAME.
  void digest_read(const std::string& name, const Hash& actual) {
    const auto it = unread_.find(name);
    if (it == unread_.end()) return;
    if (to_hex(actual) != it->second) fail(name + ": content differs from the manifest");
    unread_.erase(it);
  }

  // Files listed for a later pass that an earlier failure stopped.
  void unread_digests() {
    for (const auto& [name, digest] : std::map<std::string, std::string>(unread_)) {
      const auto actual = pack::sha256_of_file(dir_ / name);
      if (!actual)
        fail(name + ": missing");
      else
        digest_read(name, *actual);
    }
  }

  bool checkpoint() {
    auto note = file(pack::kCheckpoint);
    if (!note) return false;
    std::string error;
    auto body = open_note(*note, *verifier_, &error);
    std::optional<Checkpoint> c;
    if (body) c = Checkpoint::parse(*body, &error);
    if (!c) {
      fail(std::string(pack::kCheckpoint) + ": " + error);
      return false;
    }
    checkpoint_ = *c;
    result_.tree_size = c->size;
    if (integer(member(manifest_, "tree_size")) != static_cast<std::int64_t>(c->size) ||
        origin_ != c->origin)
      fail(std::string(pack::kCheckpoint) + ": not the checkpoint the manifest names");
    return true;
  }

  // Each witness the auditor names must have cosigned the checkpoint (C2SP
  // tlog-cosignature); the other cosignature lines are listed, unverified.
  void cosignatures(const std::vector<Verifier>& witnesses) {
    const auto note = read_file(dir_ / pack::kCheckpoint);
    if (!note) return;
    result_.cosigners = cosigner_names(*note);
    for (const auto& w : witnesses) {
      std::string error;
      if (verify_cosignature(*note, w, &error))
        result_.witnessed_by.push_back(w.name);
      else
        fail(std::string(pack::kCheckpoint) + ": " + error +
             " (the witness did not cosign this checkpoint)");
    }
  }

  // The entry at line K of the entries file, checked field by field; nullopt after a
  // failure. Its text is left in doc_ (for the tables: each entry is parsed once), not
  // copied into the result.
  std::optional<store::LedgerEntry> entry(std::string_view line, std::size_t k) {
    const auto where = [&] { return at_line(ranged_ ? pack::kEntriesGz : pack::kEntries, k); };
    doc_.parse(line);
    const JsonRef e = doc_.root();
    const auto idx = e["idx"].integer();
    if (!idx || *idx < 0) {
      fail(where() + ": not a ledger entry (idx is not a canonical integer)");
      return std::nullopt;
    }
    const auto name = [&] { return "entry " + std::to_string(*idx) + " (" + where() + ")"; };
    auto kind = e["kind"].string();
    const auto at = e["at"].integer();
    const auto site = e["site"].string();
    const JsonRef data = e["data"];
    if (!kind || !at || !site || !data.is_object()) {
      fail(name() + ": not a ledger entry (kind, at, site or data malformed)");
      return std::nullopt;
    }
    if (*site != site_) fail(name() + ": site " + *site + " is not the manifest's site " + site_);
    if (!in_period(*kind, *at)) outside(name(), *at);
    if (*kind == "agent.day")
      days_in_ledger_[{data["date"].string().value_or(""), data["agent"].string().value_or("")}] =
          *idx;
    return store::LedgerEntry{*idx, std::move(*kind), *at, {}};
  }

  // True within [from, to); but the référentiel and configuration in force for the
  // period, one entry of each such kind at most, may lie outside it (loaded
  // before it, or after the events they judged when none was loaded before).
  // outside() names an entry that may not.
  bool in_period(const std::string& kind, std::int64_t at) {
    if (at >= from_ && at < to_) return true;
    return kind.size() > 7 && kind.ends_with(".loaded") && ++loads_outside_[kind] == 1;
  }
  void outside(const std::string& name, std::int64_t at) {
    fail(name + ": at " + iso_utc(at) + " is outside the period of " + pack::kManifest + " (" +
         iso_utc(from_) + " to " + iso_utc(to_) + ")");
  }

  void entries() {
    if (ranged_)
      runs();
    else
      proofs();
  }

  // Formats 2 and 3: entries.jsonl and proofs.jsonl read side by side, one proof an entry.
  void proofs() {
    pack::FileLines entries(dir_ / pack::kEntries, pack::Compression::none);
    pack::FileLines proofs(dir_ / pack::kProofs, pack::Compression::none);
    std::set<std::int64_t> seen;
    std::int64_t previous = -1;
    // Proofs of one period share most of their nodes: each is hashed up to the
    // first node an earlier proof took to the signed root.
    InclusionChecker inclusion(checkpoint_.size, checkpoint_.root);
    std::string line, proof_line;
    std::size_t k = 0, proof_count = 0;
    for (; entries.next(line); ++k) {
      auto e = entry(line, k);
      const bool has_proof = proofs.next(proof_line);
      proof_count += has_proof ? 1 : 0;
      if (!e) continue;
      const std::string name =
          "entry " + std::to_string(e->idx) + " (" + at_line(pack::kEntries, k) + ")";
      if (e->idx <= previous) fail(name + ": out of order");
      previous = std::max(previous, e->idx);
      seen.insert(e->idx);
      if (!has_proof) {
        fail(name + ": no proof for it at the same line of " + pack::kProofs);
        continue;
      }
      const std::string where = at_line(pack::kProofs, k);
      const json proof = json::parse(proof_line, nullptr, false);
      if (!proof.is_object()) {
        fail(where + ": not a JSON object");
        continue;
      }
      const auto idx = integer(member(proof, "idx"));
      const auto leaf = text(member(proof, "leaf"));
      const auto path = hashes_of(member(proof, "path"));
      if (!idx || !leaf || !path) {
        fail(where + ": " + (!idx ? "idx is not a canonical integer" : "leaf or path malformed"));
        continue;
      }
      if (*idx != e->idx) {
        fail(name + ": no proof for it at the same line of " + pack::kProofs);
        continue;
      }
      const Hash leaf_of_entry = leaf_hash(line);
      bool proven = true;
      if (*leaf != to_hex(leaf_of_entry)) {
        fail(name + ": its bytes do not match its leaf hash");
        proven = false;
      }
      if (!inclusion.check(leaf_of_entry, static_cast<std::uint64_t>(e->idx), *path)) {
        fail(name + ": not in the signed tree (inclusion proof fails)");
        proven = false;
      }
      if (proven) tables_->add(*e, doc_.root());
    }
    while (proofs.next(proof_line)) ++proof_count;
    read_through(entries, pack::kEntries);
    read_through(proofs, pack::kProofs);
    result_.entries = k;
    if (proof_count != k)
      fail(std::string(pack::kProofs) + ": " + std::to_string(proof_count) + " proofs for " +
           std::to_string(k) + " entries");
    for (auto i : listed_)
      if (!seen.count(i)) fail("entry " + std::to_string(i) + ": missing from " + pack::kEntries);
    for (auto i : seen)
      if (!listed_.count(i)) fail("entry " + std::to_string(i) + ": not in the manifest");
  }

  // A file read line by line to its end: its read error, and its hash against the manifest.
  void read_through(pack::FileLines& lines, const char* name) {
    if (!lines.error().empty() && lines.error() != "missing")
      fail(std::string(name) + ": " + lines.error());
    if (!lines.opened()) {
      if (unread_.count(name)) fail(std::string(name) + ": missing");
      unread_.erase(name);
      return;
    }
    digest_read(name, lines.digest());
  }

  struct Run {
    std::uint64_t start = 0, end = 0;
    std::vector<Hash> nodes;
    std::size_t line = 0;  // 0-based, in ranges.jsonl
  };

  // ranges.jsonl: the runs [start, end), in order, each with its range proof.
  std::vector<Run> read_runs() {
    std::vector<Run> out;
    pack::FileLines lines(dir_ / pack::kRanges, pack::Compression::none);
    std::string line;
    for (std::size_t k = 0; lines.next(line); ++k) {
      const std::string where = at_line(pack::kRanges, k);
      const json r = json::parse(line, nullptr, false);
      const auto start = integer(member(r, "start"));
      const auto end = integer(member(r, "end"));
      auto nodes = hashes_of(member(r, "nodes"));
      if (!start || !end || !nodes) {
        fail(where + ": not a range proof (start, end or nodes malformed)");
        continue;
      }
      const std::uint64_t floor = out.empty() ? 0 : out.back().end;
      if (*start < 0 || static_cast<std::uint64_t>(*start) < floor || *end <= *start ||
          static_cast<std::uint64_t>(*end) > checkpoint_.size) {
        fail(where + ": the run [" + std::to_string(*start) + ", " + std::to_string(*end) +
             ") does not follow the one before within the tree of size " +
             std::to_string(checkpoint_.size));
        continue;
      }
      out.push_back({static_cast<std::uint64_t>(*start), static_cast<std::uint64_t>(*end),
                     std::move(*nodes), k});
    }
    read_through(lines, pack::kRanges);
    return out;
  }

  // Format 4: each run's entries, read in order from entries.jsonl.gz, hashed with
  // its range proof up to the signed root; one pass, at most one line held.
  void runs() {
    const auto runs = read_runs();
    pack::FileLines entries(dir_ / pack::kEntriesGz, pack::Compression::gzip);
    std::string line;
    std::size_t k = 0;
    for (const auto& run : runs) {
      const std::size_t first = k;
      bool misplaced = false;
      const std::uint64_t end = run.end;
      std::uint64_t expected = run.start;
      const auto root =
          range_root(checkpoint_.size, run.start, run.end, run.nodes, [&]() -> std::optional<Hash> {
            if (!entries.next(line)) return std::nullopt;
            const Hash leaf = leaf_hash(line);
            const auto e = entry(line, k);
            if (e && static_cast<std::uint64_t>(e->idx) != expected && !misplaced) {
              misplaced = true;  // once a run: the rest follow suit
              fail("entry " + std::to_string(e->idx) + " (" + at_line(pack::kEntriesGz, k) +
                   "): where the run [" + std::to_string(run.start) + ", " + std::to_string(end) +
                   ") of " + at_line(pack::kRanges, run.line) + " has entry " +
                   std::to_string(expected));
            }
            if (e) tables_->add(*e, doc_.root());
            ++k, ++expected;
            return leaf;
          });
      const std::string lines_read = std::string(pack::kEntriesGz) + " lines " +
                                     std::to_string(first + 1) + "-" + std::to_string(k);
      if (k - first < run.end - run.start)
        fail(std::string(pack::kEntriesGz) + ": ends at line " + std::to_string(k) +
             ", within the run [" + std::to_string(run.start) + ", " + std::to_string(run.end) +
             ") of " + at_line(pack::kRanges, run.line));
      else if (!root)
        fail(at_line(pack::kRanges, run.line) + ": " + std::to_string(run.nodes.size()) +
             " nodes, not the number the run [" + std::to_string(run.start) + ", " +
             std::to_string(run.end) + ") of a tree of size " + std::to_string(checkpoint_.size) +
             " needs");
      else if (*root != checkpoint_.root)
        fail(lines_read + " (entries " + std::to_string(run.start) + " to " +
             std::to_string(run.end - 1) + ") and the nodes of " +
             at_line(pack::kRanges, run.line) +
             " do not hash to the signed root: an entry or a node was changed (range proof "
             "fails)");
    }
    std::size_t extra = 0;
    while (entries.next(line)) ++extra;
    if (extra > 0)
      fail(at_line(pack::kEntriesGz, k) + ": " + std::to_string(extra) +
           " entries beyond the runs of " + pack::kRanges);
    read_through(entries, pack::kEntriesGz);
    result_.entries = k + extra;
  }

  // Daily summaries computed at export: signed by the manifest, not proven by the log.
  void computed_days() {
    const auto text_of_file = read_file(dir_ / pack::kComputedDays);
    if (!text_of_file) return;
    // A day the ledger holds is never also computed: the proven one stands alone.
    const auto& in_ledger = days_in_ledger_;
    const auto lines = lines_of(*text_of_file);
    for (std::size_t k = 0; k < lines.size(); ++k) {
      const std::string where = at_line(pack::kComputedDays, k);
      const json d = json::parse(lines[k], nullptr, false);
      const auto at = integer(member(d, "at"));
      const auto site = text(member(d, "site"));
      if (text(member(d, "kind")) != std::string("agent.day") || !at || !site ||
          !member(d, "data") || !member(d, "data")->is_object()) {
        fail(where + ": not a daily summary (kind, at, site or data malformed)");
        continue;
      }
      if (*site != site_) fail(where + ": site " + *site + " is not the manifest's site " + site_);
      if (!in_period("agent.day", *at)) outside(where, *at);
      const json& data = *member(d, "data");
      const auto same = in_ledger.find(
          {text(member(data, "date")).value_or(""), text(member(data, "agent")).value_or("")});
      if (same != in_ledger.end())
        fail(where + ": this agent's day is in the ledger already (entry " +
             std::to_string(same->second) + "): a computed one must not stand beside it");
      tables_->add({-1, "agent.day", *at, std::string(lines[k])});
      ++computed_;
    }
  }

  void earlier_checkpoints() {
    const auto text_of_file = read_file(dir_ / pack::kCheckpoints).value_or("");
    const auto lines = lines_of(text_of_file);
    for (std::size_t k = 0; k < lines.size(); ++k) {
      const std::string where = at_line(pack::kCheckpoints, k);
      const json item = json::parse(lines[k], nullptr, false);
      std::string error;
      std::optional<std::string> body;
      if (const auto note = text(member(item, "note"))) body = open_note(*note, *verifier_, &error);
      std::optional<Checkpoint> c;
      if (body) c = Checkpoint::parse(*body, &error);
      const auto proof = hashes_of(member(item, "consistency"));
      if (!c || !proof) {
        fail(where + ": " + (error.empty() ? "malformed" : error));
        continue;
      }
      if (c->origin != checkpoint_.origin) {
        fail(where + ": checkpoint of another log (" + c->origin + ", not " + checkpoint_.origin +
             ")");
        continue;
      }
      if (!verify_consistency(c->size, checkpoint_.size, c->root, checkpoint_.root, *proof))
        fail(where + ": checkpoint of size " + std::to_string(c->size) +
             " is not a prefix of the latest (consistency proof fails)");
    }
  }

  // What a person reads, generated again from the proven entries (and the
  // computed days): any other byte in a table or the report is a failure.
  void tables() {
    const ReportContext ctx{site_,
                            zone_,
                            iso_utc(from_),
                            iso_utc(to_),
                            result_.fingerprint,
                            checkpoint_.size,
                            static_cast<std::uint64_t>(uncovered_),
                            csv_};
    for (const auto& [name, expected] : tables_->finish(ctx)) {
      const auto have = pack::compare_file(dir_ / name, expected);
      if (!have.found) {
        fail(name + ": missing");
        unread_.erase(name);
        continue;
      }
      if (!unread_.count(name)) continue;  // present but not in the manifest: named by files()
      digest_read(name, have.digest);
      if (!have.first_diff) continue;
      const auto want =
          static_cast<std::size_t>(std::count(expected.begin(), expected.end(), '\n'));
      fail(at_line(name.c_str(), *have.first_diff) + ": not what the proven entries give (" +
           std::to_string(have.lines) + " lines, " + std::to_string(want) +
           " expected); this file is not backed by the proofs");
    }
  }

  std::filesystem::path dir_;
  std::map<std::string, std::string> unread_;  // name -> the manifest's hash, not yet read
  VerifyResult result_;
  std::optional<Verifier> verifier_;
  json manifest_;
  CsvStyle csv_ = {};    // as the manifest's format writes the tables
  bool ranged_ = false;  // format 4: range proofs of runs
  std::string site_, origin_, zone_;
  std::int64_t from_ = 0, to_ = 0, uncovered_ = 0;
  std::set<std::int64_t> listed_;
  std::map<std::string, int> loads_outside_;
  Checkpoint checkpoint_;
  // The proven entries (format 4: the entries of the runs) and the computed days, as read.
  std::optional<PackTables> tables_;
  JsonDoc doc_;  // the entry entry() read last
  std::map<std::pair<std::string, std::string>, std::int64_t> days_in_ledger_;
  std::size_t computed_ = 0;
};

}  // namespace

VerifyResult verify_pack(const std::filesystem::path& dir,
                         const std::optional<std::string>& expected_fingerprint,
                         const std::vector<Verifier>& witnesses) {
  try {
    return Verification(dir).run(expected_fingerprint, witnesses);
  } catch (const std::exception& e) {
    // A pack shaped unlike any the writer makes: a failure, never a crash.
    VerifyResult r;
    r.failures.push_back(std::string("malformed pack: ") + e.what());
    return r;
  }
}

}  // namespace vigie::evidence
