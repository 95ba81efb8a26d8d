// What vigie-node reads events from besides its stdin lines: a centre's own
// files (Asterisk's queue_log, an ACD's export, a WFM schedule). A source makes
// contract events (sec. 3.2), says what time it vouches for (sec. 3.4), and
// hands over a checkpoint (its read position and whatever state goes with it)
// that vigie-node keeps beside its store, so a restart neither skips nor
// repeats a line.
#pragma once

#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/event.hpp"

namespace vigie::sources {

class EventSource {
 public:
  virtual ~EventSource() = default;

  // Reads what is ready (a bounded amount) and appends the events it makes to
  // `out`, in order. `now_ms` is the node's clock.
  virtual void read(std::int64_t now_ms, std::vector<fw::Event>& out) = 0;
  // The time vouched for once every event made so far is recorded: no event it
  // makes later has a ts below it. Nothing while it cannot say yet.
  virtual std::optional<std::int64_t> vouched() const = 0;
  // No input will ever come again (end of stdin, or of a file not followed).
  virtual bool finished() const = 0;
  // A descriptor that polls readable when input waits, or -1: read every tick.
  virtual int wait_fd() const { return -1; }

  // Where a restart goes on from. Taken only when every event made so far is
  // recorded; restore() is called before the first read().
  virtual nlohmann::json checkpoint() const = 0;
  virtual bool restore(const nlohmann::json& checkpoint, std::string& error) = 0;
  // What the checkpoint says it is for ("asterisk-queue-log /var/log/asterisk/queue_log").
  virtual std::string identity() const = 0;

  // The end-of-run counts, a line each.
  virtual void summary(std::FILE* log) const = 0;
};

}  // namespace vigie::sources
