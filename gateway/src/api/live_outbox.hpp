// The bounded send queue of one live client. A client that falls behind loses its queue and
// is owed a fresh snapshot instead, so a slow browser costs at most the limits below plus the
// message being written, never unbounded memory. Thread-safe: publishers offer from any
// thread, the client's writer takes on its strand.
#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>

namespace vigie::api {

using SharedText = std::shared_ptr<const std::string>;

struct LiveLimits {
  std::size_t max_messages = 256;
  std::size_t max_bytes = std::size_t{1} << 20;
};

struct OutboxCounters {
  std::size_t overflows = 0;      // times the queue was dropped for a snapshot
  std::size_t dropped = 0;        // messages dropped with it
  std::size_t peak_messages = 0;  // most messages ever queued at once
  std::size_t peak_bytes = 0;     // most bytes ever queued at once
};

class LiveOutbox {
 public:
  explicit LiveOutbox(LiveLimits limits) : limits_(limits) {}

  // Queues MESSAGE, or, when that would pass a limit, drops the queue and owes a snapshot.
  // Returns true when no writer is running: the caller must start one.
  bool offer(SharedText message);

  // Owes a snapshot (a client that just connected). Same return as offer().
  bool owe_snapshot();

  struct Next {
    enum class Kind { idle, snapshot, message };
    Kind kind = Kind::idle;
    SharedText message;  // for Kind::message
  };
  // For the writer: what to send next. A snapshot owed goes first and pays off the debt before
  // it is built, so messages offered meanwhile follow it. Idle means the writer stops; the
  // next offer() asks for a new one.
  Next take();

  // After close() every offer is ignored and take() is idle.
  void close();

  OutboxCounters counters() const;

 private:
  bool start_writer_locked();

  const LiveLimits limits_;
  mutable std::mutex mutex_;
  std::deque<SharedText> queue_;
  std::size_t bytes_ = 0;
  bool snapshot_owed_ = false;
  bool writing_ = false;
  bool closed_ = false;
  OutboxCounters counters_;
};

}  // namespace vigie::api
