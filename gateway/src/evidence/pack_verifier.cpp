#include "evidence/pack_verifier.hpp"

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "evidence/hash.hpp"
#include "evidence/merkle.hpp"
#include "evidence/merkle_tree.hpp"
#include "evidence/pack_format.hpp"
#include "evidence/signed_note.hpp"

namespace vigie::evidence {
namespace {

using nlohmann::json;

std::optional<std::string> read_file(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary | std::ios::ate);
  if (!f) return std::nullopt;
  std::string text(static_cast<std::size_t>(f.tellg()), '\0');
  f.seekg(0);
  f.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (!f) return std::nullopt;
  return text;
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

std::optional<std::vector<Hash>> hashes_of(const json& list) {
  if (!list.is_array()) return std::nullopt;
  std::vector<Hash> out;
  for (const auto& h : list) {
    if (!h.is_string()) return std::nullopt;
    auto parsed = hash_from_hex(h.get<std::string>());
    if (!parsed) return std::nullopt;
    out.push_back(*parsed);
  }
  return out;
}

class Verification {
 public:
  explicit Verification(std::filesystem::path dir) : dir_(std::move(dir)) {}

  VerifyResult run(const std::optional<std::string>& expected) {
    if (!key(expected) || !manifest()) return std::move(result_);
    files();
    if (checkpoint()) {
      entries();
      earlier_checkpoints();
    }
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
    auto text = file(pack::kKey);
    if (!text) return false;
    std::string error;
    auto v = Verifier::parse(lines_of(*text).empty() ? "" : lines_of(*text).front(), &error);
    if (!v) {
      fail(std::string(pack::kKey) + ": " + error);
      return false;
    }
    verifier_ = *v;
    result_.fingerprint = fingerprint(v->public_key);
    if (expected && *expected != result_.fingerprint)
      fail(std::string(pack::kKey) + ": key " + result_.fingerprint + " is not the expected " +
           *expected);
    return true;
  }

  bool manifest() {
    auto note = file(pack::kManifest);
    if (!note) return false;
    std::string error;
    auto text = open_note(*note, *verifier_, &error);
    if (!text) {
      fail(std::string(pack::kManifest) + ": " + error);
      return false;
    }
    manifest_ = json::parse(*text, nullptr, false);
    if (!manifest_.is_object() || manifest_.value("format", "") != pack::kFormat ||
        !manifest_["files"].is_object() || !manifest_["indices"].is_array()) {
      fail(std::string(pack::kManifest) + ": not a " + pack::kFormat + " manifest");
      return false;
    }
    return true;
  }

  void files() {
    std::set<std::string> listed;
    for (const auto& [name, digest] : manifest_["files"].items()) {
      listed.insert(name);
      auto content = read_file(dir_ / name);
      if (!content)
        fail(name + ": missing");
      else if (!digest.is_string() || to_hex(sha256(*content)) != digest.get<std::string>())
        fail(name + ": content differs from the manifest");
      // The two big files are read once: kept for the entry checks.
      if (content && (name == pack::kEntries || name == pack::kProofs))
        kept_[name] = std::move(*content);
    }
    std::error_code ec;
    for (const auto& f : std::filesystem::directory_iterator(dir_, ec)) {
      const auto name = f.path().filename().string();
      if (name != pack::kManifest && !listed.count(name)) fail(name + ": not in the manifest");
    }
    // The key is only trusted through the manifest's signature, the fingerprint too.
    auto fp = read_file(dir_ / pack::kFingerprint);
    if (fp && (lines_of(*fp).empty() || lines_of(*fp).front() != result_.fingerprint))
      fail(std::string(pack::kFingerprint) + ": does not name the key in " + pack::kKey);
  }

  bool checkpoint() {
    auto note = file(pack::kCheckpoint);
    if (!note) return false;
    std::string error;
    auto text = open_note(*note, *verifier_, &error);
    std::optional<Checkpoint> c;
    if (text) c = Checkpoint::parse(*text, &error);
    if (!c) {
      fail(std::string(pack::kCheckpoint) + ": " + error);
      return false;
    }
    checkpoint_ = *c;
    result_.tree_size = c->size;
    if (manifest_.value("tree_size", std::uint64_t{0}) != c->size ||
        manifest_.value("origin", "") != c->origin)
      fail(std::string(pack::kCheckpoint) + ": not the checkpoint the manifest names");
    return true;
  }

  void entries() {
    const std::string& entries_text = kept(pack::kEntries);
    const std::string& proofs_text = kept(pack::kProofs);
    const auto entries = lines_of(entries_text);
    const auto proofs = lines_of(proofs_text);
    std::set<std::int64_t> seen;
    std::int64_t previous = -1;
    // Proofs of one period share most of their nodes: each is hashed up to the
    // first node an earlier proof took to the signed root.
    InclusionChecker inclusion(checkpoint_.size, checkpoint_.root);
    for (std::size_t k = 0; k < entries.size(); ++k) {
      const std::string where = std::string(pack::kEntries) + " line " + std::to_string(k + 1);
      json entry = json::parse(entries[k], nullptr, false);
      if (!entry.is_object() || !entry["idx"].is_number_integer()) {
        fail(where + ": not a ledger entry");
        continue;
      }
      const auto idx = entry["idx"].get<std::int64_t>();
      const std::string name = "entry " + std::to_string(idx) + " (" + where + ")";
      if (idx <= previous) fail(name + ": out of order");
      previous = std::max(previous, idx);
      seen.insert(idx);
      json proof = k < proofs.size() ? json::parse(proofs[k], nullptr, false) : json();
      const auto path = proof.is_object() ? hashes_of(proof["path"]) : std::nullopt;
      if (!path || proof.value("idx", std::int64_t{-1}) != idx) {
        fail(name + ": no proof for it at the same line of " + pack::kProofs);
        continue;
      }
      const Hash leaf = leaf_hash(entries[k]);
      if (proof.value("leaf", "") != to_hex(leaf))
        fail(name + ": its bytes do not match its leaf hash");
      if (!inclusion.check(leaf, static_cast<std::uint64_t>(idx), *path))
        fail(name + ": not in the signed tree (inclusion proof fails)");
    }
    result_.entries = entries.size();
    if (proofs.size() != entries.size())
      fail(std::string(pack::kProofs) + ": " + std::to_string(proofs.size()) + " proofs for " +
           std::to_string(entries.size()) + " entries");
    std::set<std::int64_t> listed;
    for (const auto& i : manifest_["indices"])
      if (i.is_number_integer()) listed.insert(i.get<std::int64_t>());
    for (auto i : listed)
      if (!seen.count(i)) fail("entry " + std::to_string(i) + ": missing from " + pack::kEntries);
    for (auto i : seen)
      if (!listed.count(i)) fail("entry " + std::to_string(i) + ": not in the manifest");
  }

  void earlier_checkpoints() {
    const std::string text = read_file(dir_ / pack::kCheckpoints).value_or("");
    const auto lines = lines_of(text);
    for (std::size_t k = 0; k < lines.size(); ++k) {
      const std::string where = std::string(pack::kCheckpoints) + " line " + std::to_string(k + 1);
      json item = json::parse(lines[k], nullptr, false);
      std::string error;
      std::optional<std::string> text;
      if (item.is_object() && item["note"].is_string())
        text = open_note(item["note"].get<std::string>(), *verifier_, &error);
      std::optional<Checkpoint> c;
      if (text) c = Checkpoint::parse(*text, &error);
      const auto proof = item.is_object() ? hashes_of(item["consistency"]) : std::nullopt;
      if (!c || !proof) {
        fail(where + ": " + (error.empty() ? "malformed" : error));
        continue;
      }
      if (!verify_consistency(c->size, checkpoint_.size, c->root, checkpoint_.root, *proof))
        fail(where + ": checkpoint of size " + std::to_string(c->size) +
             " is not a prefix of the latest (consistency proof fails)");
    }
  }

  const std::string& kept(const char* name) {
    auto it = kept_.find(name);
    if (it == kept_.end()) it = kept_.emplace(name, read_file(dir_ / name).value_or("")).first;
    return it->second;
  }

  std::filesystem::path dir_;
  std::map<std::string, std::string> kept_;
  VerifyResult result_;
  std::optional<Verifier> verifier_;
  json manifest_;
  Checkpoint checkpoint_;
};

}  // namespace

VerifyResult verify_pack(const std::filesystem::path& dir,
                         const std::optional<std::string>& expected_fingerprint) {
  try {
    return Verification(dir).run(expected_fingerprint);
  } catch (const std::exception& e) {
    // A pack shaped unlike any the writer makes: a failure, never a crash.
    VerifyResult r;
    r.failures.push_back(std::string("malformed pack: ") + e.what());
    return r;
  }
}

}  // namespace vigie::evidence
