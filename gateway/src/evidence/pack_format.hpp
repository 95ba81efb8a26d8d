// The layout of an audit pack, shared by the writer and the verifier.
//   entries.jsonl      the ledger entries of the period, one per line, the exact hashed bytes
//   proofs.jsonl       per entry, same order: {"idx","leaf","path"} against checkpoint.note
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
//                      in the pack), the entry indices, every other file's SHA-256
// Every number is a JSON integer written as one.
#pragma once

namespace vigie::evidence::pack {

inline constexpr const char* kFormat = "vigie-audit-pack/3";
// Packs written by earlier gateways that verify still verifies.
inline constexpr const char* kFormatV2 = "vigie-audit-pack/2";
inline constexpr const char* kEntries = "entries.jsonl";
inline constexpr const char* kProofs = "proofs.jsonl";
inline constexpr const char* kCheckpoint = "checkpoint.note";
inline constexpr const char* kCheckpoints = "checkpoints.jsonl";
inline constexpr const char* kComputedDays = "days-computed.jsonl";
inline constexpr const char* kKey = "key.vkey";
inline constexpr const char* kFingerprint = "fingerprint.txt";
inline constexpr const char* kReport = "report.html";
inline constexpr const char* kManifest = "manifest.note";

}  // namespace vigie::evidence::pack
