#include "witness/witness_log.hpp"

#include "evidence/merkle.hpp"

namespace vigie::witness {
namespace {

Verdict refuse(int status, std::string reason) {
  Verdict v;
  v.status = status;
  v.reason = std::move(reason);
  return v;
}

// The text of a note before its signature lines, whoever signed it.
std::optional<std::string> note_text(const std::string& note) {
  auto split = evidence::split_note(note, nullptr);
  if (!split) return std::nullopt;
  return std::move(split->text);
}

}  // namespace

std::optional<std::string> WitnessLog::origin_of(const AddCheckpoint& request) {
  const auto text = note_text(request.note);
  if (!text) return std::nullopt;
  const auto c = evidence::Checkpoint::parse(*text, nullptr);
  if (!c) return std::nullopt;
  return c->origin;
}

Verdict WitnessLog::judge(const AddCheckpoint& request,
                          const std::optional<LogState>& previous) const {
  std::string error;
  const auto text = note_text(request.note);
  if (!text) return refuse(400, "the checkpoint is not a signed note");
  const auto c = evidence::Checkpoint::parse(*text, &error);
  if (!c) return refuse(400, error);
  const WitnessedLog* log = nullptr;
  for (const auto& l : logs_)
    if (l.origin == c->origin) log = &l;
  if (log == nullptr) return refuse(404, "unknown log origin \"" + c->origin + "\"");
  // Only the configured key counts; signatures by other keys are ignored.
  if (!evidence::open_note(request.note, log->key, &error))
    return refuse(
        403, "the checkpoint's signature does not verify against the log's key (" + error + ")");

  Verdict v;
  v.body = *text;
  v.origin = c->origin;
  v.signed_refusal = true;
  if (request.old_size > c->size) {
    v.status = 400;
    v.reason = "old size " + std::to_string(request.old_size) + " is past the checkpoint's size " +
               std::to_string(c->size);
    return v;
  }
  const std::uint64_t known = previous ? previous->size : 0;
  if (request.old_size != known) {
    v.status = 409;
    v.reason = "old size " + std::to_string(request.old_size) +
               " is not the size this witness last cosigned (" + std::to_string(known) + ")";
    return v;
  }
  if (previous && c->size == previous->size) {
    if (c->root != previous->root) {
      v.status = 409;
      v.reason = "a different root for size " + std::to_string(c->size) +
                 " than the one cosigned: a fork of the log";
      return v;
    }
    if (!request.proof.empty()) {
      v.status = 422;
      v.reason = "a consistency proof between equal sizes must be empty";
      return v;
    }
  } else {
    const evidence::Hash old_root = previous ? previous->root : evidence::tree_root({});
    if (!evidence::verify_consistency(known, c->size, old_root, c->root, request.proof)) {
      v.status = 422;
      v.reason = "the consistency proof from size " + std::to_string(known) + " to size " +
                 std::to_string(c->size) + " does not verify: not an extension of the log";
      return v;
    }
  }
  v.status = 200;
  v.signed_refusal = false;
  v.reason = "cosigned size " + std::to_string(c->size);
  v.next = LogState{c->size, c->root, request.note};
  return v;
}

}  // namespace vigie::witness
