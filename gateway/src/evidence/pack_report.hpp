// The readable side of an audit pack: CSV files an auditor opens in a
// spreadsheet and a report.html that reads on its own (per criterion: subjects
// concerned, alerts, breaches, justified; data completeness; référentiels in
// force), all derived from the ledger entries of the period.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "domain/csv.hpp"
#include "domain/iso_time.hpp"
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

// File name -> content. An entry with a negative idx is a daily summary
// computed at export, not in the ledger: shown as such.
std::map<std::string, std::string> pack_tables(const std::vector<store::LedgerEntry>& entries,
                                               const ReportContext& context);

}  // namespace vigie::evidence
