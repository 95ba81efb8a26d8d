#include "witness/witness_service.hpp"

#include <ostream>

#include "evidence/cosignature.hpp"

namespace vigie::witness {
namespace {

WitnessReply text(int status, std::string body) {
  return {status, "text/plain; charset=utf-8", std::move(body) + "\n"};
}

// A note on one log line: its lines joined by " | ".
std::string one_line(std::string_view note) {
  std::string out;
  for (char c : note) out += c == '\n' ? std::string(" | ") : std::string(1, c);
  while (out.size() >= 3 && out.compare(out.size() - 3, 3, " | ") == 0) out.resize(out.size() - 3);
  return out;
}

}  // namespace

WitnessService::WitnessService(store::Database& db, const evidence::SigningKey& key,
                               WitnessLog logs, std::function<std::uint64_t()> now_seconds,
                               std::ostream& log)
    : db_(db),
      state_(db),
      key_(key),
      logs_(std::move(logs)),
      now_(std::move(now_seconds)),
      log_(log) {}

WitnessReply WitnessService::add_checkpoint(std::string_view body) {
  std::string error;
  const auto request = parse_add_checkpoint(body, &error);
  if (!request) return text(400, "not an add-checkpoint request: " + error);
  const auto origin = WitnessLog::origin_of(*request);
  if (!origin) return text(400, "not an add-checkpoint request: the checkpoint cannot be read");

  std::lock_guard lock(mu_);
  store::Transaction tx(db_);
  std::optional<LogState> previous;
  if (auto row = state_.latest(*origin))
    previous = LogState{static_cast<std::uint64_t>(row->size), row->root, row->note};
  const Verdict v = logs_.judge(*request, previous);
  const auto now = now_();
  if (v.status != 200) {
    if (v.signed_refusal) {
      // Possible evidence of a fork or a rewrite: kept, and logged with both checkpoints.
      state_.refuse({v.origin, v.status, v.reason, previous ? previous->note : "", request->note,
                     static_cast<TimestampMs>(now) * 1000});
      tx.commit();
      log_ << "vigie witness: refused " << v.status << " for " << v.origin << ": " << v.reason
           << "; cosigned: " << (previous ? one_line(previous->note) : std::string("(none)"))
           << "; submitted: " << one_line(request->note) << std::endl;
    } else {
      log_ << "vigie witness: refused " << v.status << ": " << v.reason << std::endl;
    }
    // The spec's 409 body: the size this witness last cosigned, for the log to retry from.
    if (v.status == 409)
      return {409, kSizeContentType, std::to_string(previous ? previous->size : 0) + "\n"};
    return text(v.status, v.reason);
  }
  const std::string line = evidence::cosign(key_, v.body, now);
  state_.record(v.origin, {static_cast<std::int64_t>(v.next->size), v.next->root, v.next->note},
                static_cast<TimestampMs>(now) * 1000);
  tx.commit();  // remembered before it is answered
  return {200, "text/plain; charset=utf-8", line};
}

}  // namespace vigie::witness
