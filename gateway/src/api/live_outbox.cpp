#include "api/live_outbox.hpp"

#include <algorithm>

namespace vigie::api {

bool LiveOutbox::start_writer_locked() {
  if (writing_ || closed_) return false;
  writing_ = true;
  return true;
}

bool LiveOutbox::offer(SharedText message) {
  const std::lock_guard lock(mutex_);
  if (closed_) return false;
  const std::size_t size = message->size();
  if (queue_.size() + 1 > limits_.max_messages || bytes_ + size > limits_.max_bytes) {
    // The snapshot will carry the state these messages described, and this one's too.
    counters_.overflows += 1;
    counters_.dropped += queue_.size() + 1;
    queue_.clear();
    bytes_ = 0;
    snapshot_owed_ = true;
  } else {
    queue_.push_back(std::move(message));
    bytes_ += size;
    counters_.peak_messages = std::max(counters_.peak_messages, queue_.size());
    counters_.peak_bytes = std::max(counters_.peak_bytes, bytes_);
  }
  return start_writer_locked();
}

bool LiveOutbox::owe_snapshot() {
  const std::lock_guard lock(mutex_);
  if (closed_) return false;
  queue_.clear();
  bytes_ = 0;
  snapshot_owed_ = true;
  return start_writer_locked();
}

LiveOutbox::Next LiveOutbox::take() {
  const std::lock_guard lock(mutex_);
  if (closed_) {
    writing_ = false;
    return {};
  }
  if (snapshot_owed_) {
    snapshot_owed_ = false;
    return {Next::Kind::snapshot, nullptr};
  }
  if (queue_.empty()) {
    writing_ = false;
    return {};
  }
  Next next{Next::Kind::message, std::move(queue_.front())};
  queue_.pop_front();
  bytes_ -= next.message->size();
  return next;
}

void LiveOutbox::close() {
  const std::lock_guard lock(mutex_);
  closed_ = true;
  queue_.clear();
  bytes_ = 0;
  snapshot_owed_ = false;
}

OutboxCounters LiveOutbox::counters() const {
  const std::lock_guard lock(mutex_);
  return counters_;
}

}  // namespace vigie::api
