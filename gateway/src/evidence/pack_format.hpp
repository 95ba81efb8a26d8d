// The layout of an audit pack, shared by the writer and the verifier; docs/audit-pack.md
// is its description for auditors and independent verifiers.
//   entries.jsonl.gz   (format 4) the ledger entries of the period by idx, one per line, the
//                      exact hashed bytes, gzip-compressed (RFC 1952)
//   ranges.jsonl       (format 4) per maximal run [start, end) of consecutive indices among
//                      the entries, in order: {"end","nodes","start"}, its range proof
//                      (merkle_range.hpp) against checkpoint.note
//   entries.jsonl      (formats 2 and 3) the same entries, uncompressed
//   proofs.jsonl       (formats 2 and 3) per entry, same order: {"idx","leaf","path"}
//   checkpoint.note    the signed checkpoint (size, root) every proof is checked against: the
//                      newest one stored when the pack was cut (an export signs none), with
//                      the witnesses' cosignatures of it stored by then as more signature
//                      lines (C2SP tlog-cosignature; verifiers ignore keys they do not know,
//                      so format 3 is unchanged and earlier verifiers read it still)
//   checkpoints.jsonl  every earlier checkpoint: {"note","consistency"} proving it a prefix
//   days-computed.jsonl  agents' daily summaries of the period missing from the ledger,
//                      computed at export: {"at","data","kind","site"}; signed by the
//                      manifest only, not proven by the log
//   key.vkey           the verifier key (C2SP vkey); fingerprint.txt its SHA-256
//   alerts.csv, days.csv, gaps.csv, nodes.csv, loads.csv, report.html
//                      generated from the entries and computed days; the verifier generates
//                      them again and requires the same bytes. Since format 3 the CSV files
//                      are for a French spreadsheet: UTF-8 with a BOM, ';' between fields,
//                      ',' before decimals; format 2 (still verified) had ',' and '.'
//   manifest.note      signed: format, site, origin, time_zone, the period [from, to) in ms,
//                      tree_size, uncovered (entries of the period after the checkpoint, not
//                      in the pack), every other file's SHA-256 (of its bytes on disk), and
//                      in formats 2 and 3 the entry indices (ranges.jsonl lists them in 4)
// Every number is a JSON integer written as one.
#pragma once

#include <array>

namespace vigie::evidence::pack {

inline constexpr const char* kFormat = "vigie-audit-pack/4";
// Packs written by earlier gateways that verify still verifies (and export can still write).
inline constexpr const char* kFormatV3 = "vigie-audit-pack/3";
inline constexpr const char* kFormatV2 = "vigie-audit-pack/2";
inline constexpr const char* kEntriesGz = "entries.jsonl.gz";
inline constexpr const char* kRanges = "ranges.jsonl";
inline constexpr const char* kEntries = "entries.jsonl";
inline constexpr const char* kProofs = "proofs.jsonl";
inline constexpr const char* kCheckpoint = "checkpoint.note";
inline constexpr const char* kCheckpoints = "checkpoints.jsonl";
inline constexpr const char* kComputedDays = "days-computed.jsonl";
inline constexpr const char* kKey = "key.vkey";
inline constexpr const char* kFingerprint = "fingerprint.txt";
inline constexpr const char* kReport = "report.html";
// What pack_report.hpp generates from the entries (PackTables::finish() names them).
inline constexpr std::array<const char*, 6> kTables = {"alerts.csv", "days.csv",  "gaps.csv",
                                                       "nodes.csv",  "loads.csv", kReport};
inline constexpr const char* kManifest = "manifest.note";

}  // namespace vigie::evidence::pack
