// The readable side of an audit pack: CSV files an auditor opens in a
// spreadsheet and a report.html that reads on its own (per criterion: subjects
// concerned, alerts, breaches, justified; data completeness; référentiels in
// force), all derived from the ledger entries of the period.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "domain/csv.hpp"
#include "domain/iso_time.hpp"
#include "evidence/json_view.hpp"
#include "store/ledger_repository.hpp"

namespace vigie::evidence {

struct ReportContext {
  std::string site, time_zone, from_text, to_text, fingerprint;
  std::uint64_t tree_size = 0;
  std::uint64_t uncovered = 0;  // entries of the period appended after the checkpoint
  CsvStyle csv = {};            // for a French spreadsheet; kCsvComma in a pack of format 2
};

// S with &, <, >, and " escaped, for HTML text and attribute values.
std::string html(const std::string& s);

// The tables and the report, fed one entry at a time in the pack's order (the
// proven entries by index, then the computed days): it keeps the rows and the
// figures, not the entries. An entry with a negative idx is a daily summary
// computed at export, not in the ledger: shown as such.
class PackTables {
 public:
  explicit PackTables(CsvStyle style);
  ~PackTables();
  PackTables(const PackTables&) = delete;
  PackTables& operator=(const PackTables&) = delete;
  void add(const store::LedgerEntry& entry);
  // The same, with ENTRY's text already parsed (a verifier parses each entry once).
  void add(const store::LedgerEntry& entry, const JsonRef& parsed);
  // File name -> content; once: the tables are moved out.
  std::map<std::string, std::string> finish(const ReportContext& context);

 private:
  struct State;
  std::unique_ptr<State> s_;
};

// File name -> content, as PackTables fed ENTRIES in order. An entry with a negative idx is a daily
// summary computed at export, not in the ledger: shown as such.
std::map<std::string, std::string> pack_tables(const std::vector<store::LedgerEntry>& entries,
                                               const ReportContext& context);

}  // namespace vigie::evidence
