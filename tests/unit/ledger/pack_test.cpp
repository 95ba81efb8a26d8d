// Audit packs written from a real SQLite ledger and verified offline, then
// tampered with by someone who holds a signing key (the site's, or a fresh
// one): every such change must still fail, naming the file and line at fault,
// because what a person reads is recomputed from what the proofs cover.
#include <gtest/gtest.h>
#include <sodium.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "evidence/canonical_json.hpp"
#include "evidence/checkpointer.hpp"
#include "evidence/cosignature.hpp"
#include "evidence/hash.hpp"
#include "evidence/ledger_feed.hpp"
#include "evidence/pack_format.hpp"
#include "evidence/pack_stream.hpp"
#include "evidence/pack_verifier.hpp"
#include "evidence/pack_writer.hpp"
#include "store/ledger_repository.hpp"
#include "store/schema.hpp"
#include "store/witness_repository.hpp"

namespace vigie::evidence {
namespace {

using nlohmann::json;

// 2026-11-23 00:00 and 2026-11-24 00:00 UTC.
constexpr TimestampMs kFrom = 1795392000000, kTo = 1795478400000;
const std::string kOrigin = "vigie/paris-1/gw-1";

std::string read_all(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

void write_all(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

std::string joined(const std::vector<std::string>& ls) {
  std::string out;
  for (const auto& l : ls) out += l + "\n";
  return out;
}

// The text a signed note carries (everything before the blank line).
std::string note_text(const std::string& note) {
  return note.substr(0, note.find("\n\n") + 1);
}

class PackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_GE(sodium_init(), 0);
    dir_ = std::filesystem::temp_directory_path() /
           ("vigie-pack-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_ = std::make_unique<store::Database>(dir_ / "vigie.db", store::OpenOptions{});
    store::migrate(*db_);
    key_ = std::make_unique<SigningKey>(SigningKey::load_or_create(dir_ / "site.key", kOrigin));
    LedgerFeedOptions o;
    o.site = "paris-1";
    o.pseudonymise_alert = [](json a) { return a; };
    o.pseudonym = [](const std::string& id) { return "p-" + id; };
    feed_ = std::make_unique<LedgerFeed>(*db_, o);
    feed_->record_load("referentiel.loaded", kFrom - 1000, {{"name", "ref"}, {"version", "1"}});
    alert(1, "a1", "firing", kFrom + 1000);
    alert(2, "a2", "firing", kFrom + 2000);
    Checkpointer(*db_, *key_, kOrigin).checkpoint(kFrom + 2500);  // an earlier checkpoint
    alert(3, "a1", "resolved", kFrom + 3000);
    alert(4, "a3", "firing", kFrom + 4000);
    alert(5, "a4", "firing", kTo + 1000);  // the next day: not in the period
    Checkpointer(*db_, *key_, kOrigin).checkpoint(kTo + 2000);
  }
  void TearDown() override {
    feed_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  void alert(std::int64_t id, const std::string& alert_id, const std::string& state,
             TimestampMs at) {
    feed_->append("alert_transitions", id, "alert.state", at,
                  {{"alert",
                    {{"id", alert_id},
                     {"criterion", "BRK-01"},
                     {"subject", {{"agent", "p-1"}}},
                     {"severity", "major"}}},
                   {"state", state}});
  }
  std::filesystem::path export_pack(const std::string& name = "pack",
                                    const std::string& format = pack::kFormat) {
    const auto out = dir_ / name;
    PackRequest req{"paris-1", kOrigin, "UTC", kFrom, kTo, out};
    req.format = format;
    write_pack(*db_, *key_, req, kTo + 3000);
    return out;
  }
  // Rewrites the manifest's JSON with EDIT, updates every file hash and signs it with KEY.
  static void resign_manifest(
      const std::filesystem::path& pack, const SigningKey& key,
      const std::function<void(json&)>& edit = [](json&) {}) {
    json m = json::parse(note_text(read_all(pack / "manifest.note")));
    for (auto& [name, digest] : m["files"].items()) digest = to_hex(sha256(read_all(pack / name)));
    edit(m);
    write_all(pack / "manifest.note", key.sign_note(canonical_json(m) + "\n"));
  }
  // What a holder of a fresh key can do: sign every note of the pack again.
  static void resign_everything(const std::filesystem::path& pack, const SigningKey& key) {
    write_all(pack / "checkpoint.note",
              key.sign_note(note_text(read_all(pack / "checkpoint.note"))));
    std::vector<std::string> earlier;
    for (const auto& l : lines(read_all(pack / "checkpoints.jsonl"))) {
      json c = json::parse(l);
      c["note"] = key.sign_note(note_text(c["note"].get<std::string>()));
      earlier.push_back(c.dump());
    }
    write_all(pack / "checkpoints.jsonl", joined(earlier));
    write_all(pack / "key.vkey", key.verifier_key() + "\n");
    write_all(pack / "fingerprint.txt", fingerprint(key.public_key()) + "\n");
    resign_manifest(pack, key);
  }
  static std::string failures(const VerifyResult& r) {
    std::string out;
    for (const auto& f : r.failures) out += f + "\n";
    return out;
  }
  // Verify must fail, and one failure must hold CULPRIT.
  static void expect_caught(const std::filesystem::path& pack, const std::string& culprit) {
    const auto r = verify_pack(pack);
    EXPECT_FALSE(r.ok()) << "the pack still verifies";
    EXPECT_NE(failures(r).find(culprit), std::string::npos) << "expected '" << culprit << "' in:\n"
                                                            << failures(r);
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<SigningKey> key_;
  std::unique_ptr<LedgerFeed> feed_;
};

TEST_F(PackTest, AnUntouchedPackVerifies) {
  const auto pack = export_pack();
  const auto r = verify_pack(pack);
  EXPECT_TRUE(r.ok()) << failures(r);
  EXPECT_EQ(r.entries, 5u) << "four alert transitions and the référentiel in force";
  EXPECT_EQ(lines(read_all(pack / "checkpoints.jsonl")).size(), 1u);
  // Re-signing with the same key and changing nothing is still a valid pack:
  // the tampering tests below fail for what they change, not for the re-signing.
  resign_everything(pack, *key_);
  const auto again = verify_pack(pack);
  EXPECT_TRUE(again.ok()) << failures(again);
}

TEST_F(PackTest, AFreshKeyWithTheReportsFingerprintLeftAloneFails) {
  const auto pack = export_pack();
  const auto fresh = SigningKey::load_or_create(dir_ / "fresh.key", kOrigin);
  resign_everything(pack, fresh);
  // report.html still names the site's real key: a person reading it is misled.
  ASSERT_NE(read_all(pack / "report.html").find(fingerprint(key_->public_key())),
            std::string::npos);
  expect_caught(pack, "report.html");
}

TEST_F(PackTest, AManifestNamingAnotherSiteFails) {
  const auto pack = export_pack();
  resign_manifest(pack, *key_, [](json& m) { m["site"] = "lyon-2"; });
  expect_caught(pack, "site");
}

TEST_F(PackTest, AManifestPeriodNotCoveringItsEntriesFails) {
  const auto pack = export_pack();
  resign_manifest(pack, *key_, [](json& m) { m["from"] = kFrom + 2500; });
  expect_caught(pack, "outside the period");
}

TEST_F(PackTest, AnEarlierCheckpointOfAnotherLogFails) {
  const auto pack = export_pack();
  auto earlier = lines(read_all(pack / "checkpoints.jsonl"));
  ASSERT_EQ(earlier.size(), 1u);
  json c = json::parse(earlier[0]);
  std::string text = note_text(c["note"].get<std::string>());
  text.replace(0, kOrigin.size(), "vigie/lyon-2/gw-9");
  c["note"] = key_->sign_note(text);
  earlier[0] = c.dump();
  write_all(pack / "checkpoints.jsonl", joined(earlier));
  resign_manifest(pack, *key_);
  expect_caught(pack, "checkpoints.jsonl line 1");
}

TEST_F(PackTest, AnIndexThatIsNotACanonicalIntegerFails) {
  for (const std::string form : {"%.5", "%e0", "%.0000000001", "\"%\""}) {
    SCOPED_TRACE(form);
    const auto pack =
        export_pack("pack-" + std::to_string(form.size()) + form.substr(0, 2), pack::kFormatV3);
    auto proofs = lines(read_all(pack / "proofs.jsonl"));
    const auto k = proofs.size() - 1;
    const json p = json::parse(proofs[k]);
    const std::string idx = std::to_string(p["idx"].get<std::int64_t>());
    std::string value = form;
    value.replace(value.find('%'), 1, idx);
    const auto at = proofs[k].find("\"idx\":" + idx);
    ASSERT_NE(at, std::string::npos) << proofs[k];
    proofs[k].replace(at, 6 + idx.size(), "\"idx\":" + value);
    write_all(pack / "proofs.jsonl", joined(proofs));
    resign_manifest(pack, *key_);
    expect_caught(pack, "proofs.jsonl line " + std::to_string(k + 1));
  }
}

TEST_F(PackTest, ADeletedEntryWhoseCsvRowIsKeptFails) {
  const auto pack = export_pack("pack", pack::kFormatV3);
  auto entries = lines(read_all(pack / "entries.jsonl"));
  auto proofs = lines(read_all(pack / "proofs.jsonl"));
  std::size_t k = 0;
  while (json::parse(entries[k])["kind"] != "alert.state") ++k;
  const auto idx = json::parse(entries[k])["idx"].get<std::int64_t>();
  ASSERT_NE(read_all(pack / "alerts.csv").find("\n" + std::to_string(idx) + ";"),
            std::string::npos);
  entries.erase(entries.begin() + static_cast<long>(k));
  proofs.erase(proofs.begin() + static_cast<long>(k));
  write_all(pack / "entries.jsonl", joined(entries));
  write_all(pack / "proofs.jsonl", joined(proofs));
  resign_manifest(pack, *key_, [&](json& m) {
    json kept = json::array();
    for (const auto& i : m["indices"])
      if (i.get<std::int64_t>() != idx) kept.push_back(i);
    m["indices"] = kept;
  });
  expect_caught(pack, "alerts.csv");
}

TEST_F(PackTest, AMalformedLineIsNamedByFileAndLine) {
  const auto pack = export_pack("pack", pack::kFormatV3);
  auto proofs = lines(read_all(pack / "proofs.jsonl"));
  proofs[1] = "{\"idx\":";
  write_all(pack / "proofs.jsonl", joined(proofs));
  resign_manifest(pack, *key_);
  expect_caught(pack, "proofs.jsonl line 2");
}

TEST_F(PackTest, WritingAPackChangesNothingInTheStore) {
  const auto size = db_->scalar("SELECT count(*) FROM ledger_entries");
  const auto checkpoints = db_->scalar("SELECT count(*) FROM checkpoints");
  alert(6, "a5", "firing", kFrom + 5000);  // after the newest checkpoint
  export_pack();
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM ledger_entries"), size + 1);
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM checkpoints"), checkpoints)
      << "an export signs no checkpoint";
}

TEST_F(PackTest, EntriesAfterTheCheckpointAreLeftOutAndSaidToBe) {
  alert(6, "a5", "firing", kFrom + 5000);  // after the newest checkpoint
  const auto pack = export_pack();
  const auto r = verify_pack(pack);
  EXPECT_TRUE(r.ok()) << failures(r);
  EXPECT_EQ(r.entries, 5u);
  EXPECT_EQ(r.uncovered, 1u);
  EXPECT_NE(read_all(pack / "report.html").find("1 entries of the period were appended after"),
            std::string::npos);
  // The count is signed: lowering it is caught by the report generated again.
  resign_manifest(pack, *key_, [](json& m) { m["uncovered"] = 0; });
  expect_caught(pack, "report.html");
}

TEST_F(PackTest, DaysComputedAtExportAreShownAsSuchAndChecked) {
  const auto out = dir_ / "pack";
  PackRequest req{"paris-1", kOrigin, "UTC", kFrom, kTo, out};
  req.computed_days.push_back(
      {kTo - 1,
       {{"agent", "p-1"}, {"date", "2026-11-23"}, {"criteria", {{"BRK-01", "breached"}}}}});
  write_pack(*db_, *key_, req, kTo + 3000);
  const auto r = verify_pack(out);
  EXPECT_TRUE(r.ok()) << failures(r);
  EXPECT_EQ(r.computed_days, 1u);
  EXPECT_NE(read_all(out / "days.csv").find("computed;2026-11-23;p-1"), std::string::npos)
      << read_all(out / "days.csv");
  EXPECT_NE(read_all(out / "report.html").find("not proven by the log"), std::string::npos);
  // A computed day's verdict changed in days.csv only: caught.
  auto days = read_all(out / "days.csv");
  days.replace(days.rfind("BRK-01"), 6, "BRK-02");
  write_all(out / "days.csv", days);
  resign_manifest(out, *key_);
  expect_caught(out, "days.csv line 2");
}

// The tables open as they are in a French spreadsheet: UTF-8 with a BOM, ';' between
// fields (a field holding one quoted), ',' before decimals; the report says so.
TEST_F(PackTest, CsvFilesAreForAFrenchSpreadsheet) {
  feed_->append("alert_transitions", 6, "alert.state", kFrom + 4500,
                {{"alert",
                  {{"id", "a5"},
                   {"criterion", "BRK-01"},
                   {"subject", {{"agent", "p-2"}}},
                   {"severity", "major"},
                   {"value", 105.5},
                   {"threshold", 120},
                   {"summary", "pause due; 1 h 45 worked"}}},
                 {"state", "due"}});
  Checkpointer(*db_, *key_, kOrigin).checkpoint(kTo + 2500);
  const auto out = dir_ / "pack";
  PackRequest req{"paris-1", kOrigin, "UTC", kFrom, kTo, out};
  req.computed_days.push_back({kTo - 1,
                               {{"agent", "p-1"},
                                {"date", "2026-11-23"},
                                {"work_ms", 750000},
                                {"criteria", {{"BRK-01", "held"}}}}});
  write_pack(*db_, *key_, req, kTo + 3000);
  const auto r = verify_pack(out);
  EXPECT_TRUE(r.ok()) << failures(r);
  const std::string bom = "\xEF\xBB\xBF";
  for (const char* name : {"alerts.csv", "days.csv", "gaps.csv", "nodes.csv", "loads.csv"})
    EXPECT_EQ(read_all(out / name).rfind(bom + "idx;", 0), 0u) << name;
  const auto alerts = read_all(out / "alerts.csv");
  EXPECT_NE(alerts.find(";due;major;105,5;120;;;;\"pause due; 1 h 45 worked\"\n"),
            std::string::npos)
      << alerts;
  EXPECT_NE(read_all(out / "days.csv").find("computed;2026-11-23;p-1;12,5;"), std::string::npos)
      << read_all(out / "days.csv");
  EXPECT_NE(read_all(out / "report.html").find("« ; » entre les champs"), std::string::npos);
  // The BOM is part of what verify generates again: a file without it is caught.
  write_all(out / "alerts.csv", alerts.substr(bom.size()));
  resign_manifest(out, *key_);
  expect_caught(out, "alerts.csv");
}

// A pack written as gateways wrote them before format 3 (',' and '.', no BOM) verifies,
// and its tables are still checked byte for byte.
TEST_F(PackTest, AFormat2PackStillVerifies) {
  const auto out = dir_ / "pack";
  PackRequest req{"paris-1", kOrigin, "UTC", kFrom, kTo, out};
  req.format = pack::kFormatV2;
  write_pack(*db_, *key_, req, kTo + 3000);
  const auto r = verify_pack(out);
  EXPECT_TRUE(r.ok()) << failures(r);
  auto alerts = read_all(out / "alerts.csv");
  EXPECT_EQ(alerts.rfind("idx,at,kind,alert,", 0), 0u) << alerts;
  EXPECT_EQ(read_all(out / "report.html").find("« ; »"), std::string::npos);
  alerts.replace(alerts.find(",major,"), 7, ",minor,");
  write_all(out / "alerts.csv", alerts);
  resign_manifest(out, *key_);
  expect_caught(out, "alerts.csv line 2");
  // A format this build does not know is refused, naming both it knows.
  resign_manifest(out, *key_, [](json& m) { m["format"] = "vigie-audit-pack/9"; });
  expect_caught(out,
                "not a vigie-audit-pack/4 (nor vigie-audit-pack/3, vigie-audit-pack/2) manifest");
  req.out = dir_ / "pack9";
  req.format = "vigie-audit-pack/9";
  EXPECT_THROW(write_pack(*db_, *key_, req, kTo + 3000), std::runtime_error);
}

TEST_F(PackTest, AnExportNeedsACheckpointByItsKey) {
  const auto other = SigningKey::load_or_create(dir_ / "other.key", kOrigin);
  EXPECT_THROW(write_pack(*db_, other, {"paris-1", kOrigin, "UTC", kFrom, kTo, dir_ / "p"}, kTo),
               std::runtime_error);
}

// Entries are whatever the key holder signed: odd shapes give odd rows, never
// an export or a verification that stops without naming what is wrong.
TEST_F(PackTest, OddlyShapedEntriesStillGiveTablesAtExportAndVerify) {
  feed_->append("day_summary:2026-11-23", 1, "agent.day", kFrom + 4500,
                {{"criteria", json::array({"BRK-01"})}, {"pauses", "none"}});
  feed_->append("referentiel.loaded", 2, "referentiel.loaded", kFrom + 4600,
                {{"criteria", json::array({{{"id", "X"}, {"params", json::array({1})}}})}});
  Checkpointer(*db_, *key_, kOrigin).checkpoint(kTo + 2500);
  const auto pack = export_pack();
  const auto r = verify_pack(pack);
  EXPECT_TRUE(r.ok()) << failures(r);
  EXPECT_EQ(r.entries, 6u) << "4 alerts, the day, the référentiel in force (the newer)";
}

TEST_F(PackTest, AComputedDayBesideTheSameDayInTheLedgerFails) {
  const json day{{"agent", "p-1"}, {"date", "2026-11-23"}, {"criteria", {{"BRK-01", "held"}}}};
  feed_->append("day_summary:2026-11-23", 7, "agent.day", kTo - 1, day);
  Checkpointer(*db_, *key_, kOrigin).checkpoint(kTo + 2500);
  const auto out = dir_ / "pack";
  PackRequest req{"paris-1", kOrigin, "UTC", kFrom, kTo, out};
  json other = day;
  other["criteria"]["BRK-01"] = "breached";
  req.computed_days.push_back({kTo - 1, other});
  write_pack(*db_, *key_, req, kTo + 3000);
  expect_caught(out, "days-computed.jsonl line 1: this agent's day is in the ledger already");
}

TEST_F(PackTest, ACheckpointWithAFractionalSizeIsNamedByLine) {
  const auto pack = export_pack();
  std::string text = note_text(read_all(pack / "checkpoint.note"));
  const auto eol = text.find('\n');
  const auto size_end = text.find('\n', eol + 1);
  text.replace(size_end, 0, ".0");
  write_all(pack / "checkpoint.note", key_->sign_note(text));
  resign_manifest(pack, *key_);
  expect_caught(pack, "checkpoint.note: checkpoint line 2: tree size is not a decimal");
}

// Format 4: the lines of entries.jsonl.gz, and the file written again from LINES.
std::vector<std::string> gz_lines(const std::filesystem::path& p) {
  pack::FileLines in(p, pack::Compression::gzip);
  std::vector<std::string> out;
  for (std::string l; in.next(l);) out.push_back(l);
  EXPECT_EQ(in.error(), "");
  return out;
}

void write_gz(const std::filesystem::path& p, const std::vector<std::string>& ls) {
  pack::FileOut out(p, pack::Compression::gzip);
  out.write(joined(ls));
  out.close();
}

// The period's entries as runs with gaps between them: idx 0 (the référentiel in
// force), 1-4, 5 (next day), 6 (next day), 7, 8 (next day), 9.
class PackRuns : public PackTest {
 protected:
  void SetUp() override {
    PackTest::SetUp();
    alert(6, "a6", "firing", kTo + 5000);
    alert(7, "a7", "firing", kFrom + 6000);
    alert(8, "a8", "firing", kTo + 6000);
    alert(9, "a9", "firing", kFrom + 7000);
    Checkpointer(*db_, *key_, kOrigin).checkpoint(kTo + 7000);
  }
};

TEST_F(PackRuns, EachRunOfThePeriodHasOneRangeProofAndThePackVerifies) {
  const auto pack = export_pack();
  EXPECT_FALSE(std::filesystem::exists(pack / "proofs.jsonl"));
  EXPECT_FALSE(std::filesystem::exists(pack / "entries.jsonl"));
  const auto r = verify_pack(pack);
  EXPECT_TRUE(r.ok()) << failures(r);
  EXPECT_EQ(r.entries, 7u);
  std::vector<std::pair<std::int64_t, std::int64_t>> runs;
  for (const auto& l : lines(read_all(pack / "ranges.jsonl"))) {
    const json run = json::parse(l);
    runs.emplace_back(run["start"].get<std::int64_t>(), run["end"].get<std::int64_t>());
  }
  EXPECT_EQ(runs, (std::vector<std::pair<std::int64_t, std::int64_t>>{{0, 5}, {7, 8}, {9, 10}}));
  const auto entries = gz_lines(pack / "entries.jsonl.gz");
  ASSERT_EQ(entries.size(), 7u);
  EXPECT_EQ(json::parse(entries[5])["idx"], 7);
  EXPECT_EQ(
      json::parse(
          read_all(pack / "manifest.note").substr(0, read_all(pack / "manifest.note").find('\n')))
          .count("indices"),
      0u)
      << "ranges.jsonl lists the entries of format 4";
}

TEST_F(PackRuns, AChangedNodeOfARangeProofIsNamedByLine) {
  const auto pack = export_pack();
  auto ranges = lines(read_all(pack / "ranges.jsonl"));
  json run = json::parse(ranges[1]);
  ASSERT_FALSE(run["nodes"].empty());
  std::string node = run["nodes"][0].get<std::string>();
  node[0] = node[0] == '0' ? '1' : '0';
  run["nodes"][0] = node;
  ranges[1] = run.dump();
  write_all(pack / "ranges.jsonl", joined(ranges));
  resign_manifest(pack, *key_);
  expect_caught(pack,
                "entries.jsonl.gz lines 6-6 (entries 7 to 7) and the nodes of ranges.jsonl "
                "line 2 do not hash to the signed root");
  // One node too few for that run.
  run["nodes"].erase(0);
  ranges[1] = run.dump();
  write_all(pack / "ranges.jsonl", joined(ranges));
  resign_manifest(pack, *key_);
  expect_caught(pack, "ranges.jsonl line 2: ");
}

TEST_F(PackRuns, AMalformedRangeLineIsNamedByFileAndLine) {
  const auto pack = export_pack();
  const auto ranges = lines(read_all(pack / "ranges.jsonl"));
  ASSERT_GE(ranges.size(), 3u);
  json second = json::parse(ranges[1]);
  const auto try_line = [&](const std::string& bad, const std::string& culprit) {
    auto changed = ranges;
    changed[1] = bad;
    write_all(pack / "ranges.jsonl", joined(changed));
    resign_manifest(pack, *key_);
    expect_caught(pack, culprit);
  };
  try_line("not json at all", "ranges.jsonl line 2: not a range proof");
  json fractional = second;
  fractional["start"] = second["start"].get<double>() + 0.5;
  try_line(fractional.dump(), "ranges.jsonl line 2: not a range proof");
  json overlapping = second;
  overlapping["start"] = 0;  // inside the run of line 1
  try_line(overlapping.dump(), "ranges.jsonl line 2: the run [0, ");
  json past_the_tree = second;
  past_the_tree["end"] = 1'000'000;
  try_line(past_the_tree.dump(), "ranges.jsonl line 2: the run [");
}

TEST_F(PackRuns, AChangedEntryInARunFailsItsRangeProofNamingItsLines) {
  const auto pack = export_pack();
  auto entries = gz_lines(pack / "entries.jsonl.gz");
  entries[2].replace(entries[2].find("major"), 5, "minor");
  write_gz(pack / "entries.jsonl.gz", entries);
  resign_manifest(pack, *key_);
  expect_caught(pack,
                "entries.jsonl.gz lines 1-5 (entries 0 to 4) and the nodes of ranges.jsonl "
                "line 1 do not hash to the signed root");
  // Without the manifest signed again: the file's hash.
  write_gz(pack / "entries.jsonl.gz", gz_lines(pack / "entries.jsonl.gz"));
  entries[2].replace(entries[2].find("minor"), 5, "major");
  write_gz(pack / "entries.jsonl.gz", entries);
  write_all(pack / "alerts.csv", read_all(pack / "alerts.csv") + "x");
  expect_caught(pack, "alerts.csv: content differs from the manifest");
}

TEST_F(PackRuns, AnEntryMissingFromARunIsNamedByFileAndLine) {
  const auto pack = export_pack();
  auto entries = gz_lines(pack / "entries.jsonl.gz");
  entries.erase(entries.begin() + 2);  // idx 2
  write_gz(pack / "entries.jsonl.gz", entries);
  resign_manifest(pack, *key_);
  expect_caught(pack,
                "entry 3 (entries.jsonl.gz line 3): where the run [0, 5) of ranges.jsonl "
                "line 1 has entry 2");
  expect_caught(pack, "entries.jsonl.gz: ends at line 6, within the run [9, 10)");
  // An entry's own fields are named by the same file and line.
  auto moved = gz_lines(pack / "entries.jsonl.gz");
  moved[5].replace(moved[5].find("\"site\":\"paris-1\""), 16, "\"site\":\"lyon-22\"");
  write_gz(pack / "entries.jsonl.gz", moved);
  resign_manifest(pack, *key_);
  expect_caught(pack, "entry 9 (entries.jsonl.gz line 6): site lyon-22 is not the manifest's site");
}

TEST_F(PackRuns, ARunLeftOutWithItsEntriesFailsOnTheTables) {
  const auto pack = export_pack();
  auto entries = gz_lines(pack / "entries.jsonl.gz");
  entries.pop_back();  // idx 9, alert a9
  write_gz(pack / "entries.jsonl.gz", entries);
  auto ranges = lines(read_all(pack / "ranges.jsonl"));
  ranges.pop_back();
  write_all(pack / "ranges.jsonl", joined(ranges));
  resign_manifest(pack, *key_);
  expect_caught(pack, "alerts.csv");
}

TEST_F(PackRuns, ACorruptOrTruncatedEntriesFileIsNamed) {
  const auto pack = export_pack();
  auto gz = read_all(pack / "entries.jsonl.gz");
  write_all(pack / "entries.jsonl.gz", gz.substr(0, gz.size() / 2));
  resign_manifest(pack, *key_);
  expect_caught(pack, "entries.jsonl.gz: ");
  gz[gz.size() / 2] = static_cast<char>(gz[gz.size() / 2] ^ 0x55);
  write_all(pack / "entries.jsonl.gz", gz);
  resign_manifest(pack, *key_);
  expect_caught(pack, "entries.jsonl.gz");
}

TEST_F(PackRuns, AFormat3PackOfTheSameRunsStillVerifies) {
  const auto pack = export_pack("pack3", pack::kFormatV3);
  const auto r = verify_pack(pack);
  EXPECT_TRUE(r.ok()) << failures(r);
  EXPECT_EQ(r.entries, 7u);
  EXPECT_EQ(lines(read_all(pack / "proofs.jsonl")).size(), 7u);
  auto proofs = lines(read_all(pack / "proofs.jsonl"));
  json p = json::parse(proofs[5]);
  std::string node = p["path"][0].get<std::string>();
  node[0] = node[0] == '0' ? '1' : '0';
  p["path"][0] = node;
  proofs[5] = p.dump();
  write_all(pack / "proofs.jsonl", joined(proofs));
  resign_manifest(pack, *key_);
  expect_caught(pack, "entry 7 (entries.jsonl line 6): not in the signed tree");
}

}  // namespace
}  // namespace vigie::evidence

namespace vigie::evidence {
namespace {

// Witnesses' cosignatures stored next to the checkpoints (store/witness_repository):
// the pack carries those of its own checkpoint, as more lines of checkpoint.note.
class PackCosignatures : public PackTest {
 protected:
  void SetUp() override {
    PackTest::SetUp();
    w1_ = std::make_unique<SigningKey>(SigningKey::load_or_create(dir_ / "w1.key", "w1.example/v"));
    w2_ = std::make_unique<SigningKey>(SigningKey::load_or_create(dir_ / "w2.key", "w2.example/v"));
    store::LedgerRepository ledger(*db_);
    const auto all = ledger.checkpoints();
    ASSERT_EQ(all.size(), 2u);
    store::WitnessRepository witnesses(*db_);
    const auto cosign_row = [&](const SigningKey& w, const store::CheckpointRow& c) {
      witnesses.add_cosignature(witness_verifier_key(w), c.size, c.root,
                                cosign(w, note_text(c.note), 1795478400), kTo + 2500);
    };
    cosign_row(*w1_, all.back());   // the pack's checkpoint
    cosign_row(*w2_, all.front());  // an earlier one only: not carried
  }
  Verifier verifier(const SigningKey& w) const {
    return *Verifier::parse(witness_verifier_key(w), nullptr, kCosignatureV1);
  }
  std::unique_ptr<SigningKey> w1_, w2_;
};

TEST_F(PackCosignatures, ThePackCarriesItsCheckpointsCosignaturesOnly) {
  const auto pack = export_pack();
  auto r = verify_pack(pack, std::nullopt, {verifier(*w1_)});
  EXPECT_TRUE(r.ok()) << failures(r);
  EXPECT_EQ(r.witnessed_by, std::vector<std::string>{"w1.example/v"});
  EXPECT_EQ(r.cosigners, std::vector<std::string>{"w1.example/v"});
  r = verify_pack(pack, std::nullopt, {verifier(*w1_), verifier(*w2_)});
  EXPECT_FALSE(r.ok());
  EXPECT_NE(failures(r).find("checkpoint.note: no cosignature by w2.example/v"), std::string::npos)
      << failures(r);
  // Without witnesses named, the pack verifies as before and lists what it carries.
  r = verify_pack(pack);
  EXPECT_TRUE(r.ok()) << failures(r);
}

TEST_F(PackCosignatures, AForgedCosignatureFailsEvenWithTheManifestSignedAgain) {
  const auto pack = export_pack();
  auto note = read_all(pack / "checkpoint.note");
  auto split = split_note(note, nullptr);
  ASSERT_TRUE(split);
  ASSERT_EQ(split->signatures.size(), 2u);
  auto& cosig = split->signatures.back();
  cosig.signature[20] = static_cast<char>(cosig.signature[20] ^ 1);
  std::string forged = split->text + "\n";
  for (const auto& s : split->signatures) forged += signature_line(s.name, s.key_id, s.signature);
  write_all(pack / "checkpoint.note", forged);
  resign_manifest(pack, *key_);
  EXPECT_TRUE(verify_pack(pack).ok()) << "the site's own signature still holds";
  const auto r = verify_pack(pack, std::nullopt, {verifier(*w1_)});
  EXPECT_FALSE(r.ok());
  EXPECT_NE(failures(r).find("bad cosignature by w1.example/v"), std::string::npos) << failures(r);
}

}  // namespace
}  // namespace vigie::evidence
