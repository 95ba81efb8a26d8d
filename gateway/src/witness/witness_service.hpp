// A witness's answer to one add-checkpoint request body (C2SP tlog-witness): judged by
// WitnessLog against the state in WitnessState, the new state committed before the
// cosignature is returned (a witness that cosigns and forgets would let a fork through
// after a restart), every refusal of a signed checkpoint recorded and logged with both
// checkpoints.
#pragma once

#include <functional>
#include <iosfwd>
#include <mutex>
#include <string>
#include <string_view>

#include "evidence/signed_note.hpp"
#include "store/database.hpp"
#include "store/witness_state.hpp"
#include "witness/witness_log.hpp"

namespace vigie::witness {

struct WitnessReply {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

class WitnessService {
 public:
  // KEY cosigns; NOW_SECONDS is the cosignatures' clock; LOG receives one line per
  // refusal (both checkpoints included).
  WitnessService(store::Database& db, const evidence::SigningKey& key, WitnessLog logs,
                 std::function<std::uint64_t()> now_seconds, std::ostream& log);

  // Thread-safe: one request judged and recorded at a time.
  WitnessReply add_checkpoint(std::string_view body);

 private:
  store::Database& db_;
  store::WitnessState state_;
  const evidence::SigningKey& key_;
  WitnessLog logs_;
  std::function<std::uint64_t()> now_;
  std::ostream& log_;
  std::mutex mu_;
};

}  // namespace vigie::witness
