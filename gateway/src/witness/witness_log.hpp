// What a witness decides about one add-checkpoint request (C2SP tlog-witness), given the
// logs it witnesses and the latest checkpoint it cosigned for the request's origin. Pure:
// no SQL, no HTTP, no clock; witness_service persists and answers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "evidence/signed_note.hpp"
#include "witness/add_checkpoint.hpp"

namespace vigie::witness {

// A log this witness was told to witness: its origin line and the site's verifier key.
struct WitnessedLog {
  std::string origin;
  evidence::Verifier key;
};

// The latest checkpoint cosigned for one origin.
struct LogState {
  std::uint64_t size = 0;
  evidence::Hash root{};
  std::string note;
};

struct Verdict {
  int status = 200;    // 200 cosign; 400, 403, 404, 409, 422 refuse
  std::string reason;  // one line, for the log and the answer
  // Set with 200: the state to record (the submitted checkpoint).
  std::optional<LogState> next;
  // The origin was known and the checkpoint signed by its key, yet refused: a refusal
  // worth keeping as possible evidence of a fork (both checkpoints logged).
  bool signed_refusal = false;
  // The checkpoint's body (text without signature lines), when it was signed.
  std::string body;
  std::string origin;
};

// Nothing may be recorded unless status is 200; PREVIOUS is the state for the request's
// origin (nullopt: never cosigned). LOOKUP finds the origin's state before the proof is
// checked: call judge() and the recording under one lock or transaction.
class WitnessLog {
 public:
  explicit WitnessLog(std::vector<WitnessedLog> logs) : logs_(std::move(logs)) {}

  // The origin the request names, when its note is a checkpoint at all (for the lookup).
  static std::optional<std::string> origin_of(const AddCheckpoint& request);

  Verdict judge(const AddCheckpoint& request, const std::optional<LogState>& previous) const;

  const std::vector<WitnessedLog>& logs() const { return logs_; }

 private:
  std::vector<WitnessedLog> logs_;
};

}  // namespace vigie::witness
