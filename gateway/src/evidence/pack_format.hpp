// The layout of an audit pack, shared by the writer and the verifier.
//   entries.jsonl      the ledger entries of the period, one per line, the exact hashed bytes
//   proofs.jsonl       per entry, same order: {"idx","leaf","path"} against checkpoint.note
//   checkpoint.note    the signed checkpoint (size, root) every proof is checked against
//   checkpoints.jsonl  every earlier checkpoint: {"note","consistency"} proving it a prefix
//   key.vkey           the verifier key (C2SP vkey); fingerprint.txt its SHA-256
//   alerts.csv, gaps.csv, nodes.csv, loads.csv   the entries, for a spreadsheet
//   report.html        a summary that reads on its own
//   manifest.note      signed: the period, the entry indices, every other file's SHA-256
#pragma once

namespace vigie::evidence::pack {

inline constexpr const char* kFormat = "vigie-audit-pack/1";
inline constexpr const char* kEntries = "entries.jsonl";
inline constexpr const char* kProofs = "proofs.jsonl";
inline constexpr const char* kCheckpoint = "checkpoint.note";
inline constexpr const char* kCheckpoints = "checkpoints.jsonl";
inline constexpr const char* kKey = "key.vkey";
inline constexpr const char* kFingerprint = "fingerprint.txt";
inline constexpr const char* kReport = "report.html";
inline constexpr const char* kManifest = "manifest.note";

}  // namespace vigie::evidence::pack
