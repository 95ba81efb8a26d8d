// Turns stdin lines into journaled events and watermarks. A line the journal
// cannot take yet (full, or failing) is held, and every line after it waits:
// an "until" must never overtake the events written before it. With
// --watermarks clock, the node's own clock minus the lateness is vouched for
// once the lines read so far are in.
#pragma once

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <string>

#include "core/event_json.hpp"
#include "core/node_session.hpp"
#include "input_lines.hpp"
#include "node_options.hpp"

namespace vigie::posix {

template <class Session>
class LineIntake {
 public:
  // Reports (bad lines, late events, store errors) go to `log`, one line each.
  LineIntake(InputLines& input, Session& session, WatermarkSource watermarks,
             std::uint32_t lateness_ms, std::FILE* log = stderr)
      : input_(input),
        session_(session),
        watermarks_(watermarks),
        lateness_ms_(lateness_ms),
        log_(log) {}

  // Handles every complete line; false if one had to wait.
  bool drain(std::int64_t now_ms) {
    InputLines::Line line;
    while (input_.front(line)) {
      if (line.too_long) {
        report(line.number, "line too long (over 64 KiB), skipped");
      } else if (!line.text.empty() && !take(line, now_ms)) {
        return false;
      }
      input_.pop();
    }
    if (watermarks_ == WatermarkSource::clock)
      session_.vouch(now_ms - static_cast<std::int64_t>(lateness_ms_));
    return true;
  }

  std::uint64_t recorded() const { return recorded_; }
  std::uint64_t bad_lines() const { return bad_lines_; }
  std::uint64_t late_lines() const { return late_lines_; }

 private:
  bool take(const InputLines::Line& line, std::int64_t now_ms) {
    fw::EventLineError error;
    std::int64_t until = 0;
    switch (fw::read_until_line(line.text, until, error)) {
      case fw::UntilLine::ok:
        // Off: the gateway must not learn a promise this node was told not to make.
        if (watermarks_ != WatermarkSource::off) session_.vouch(until);
        return true;
      case fw::UntilLine::bad:
        report_error(line.number, error);
        return true;
      case fw::UntilLine::absent:
        break;
    }
    if (!fw::read_event_line(line.text, event_, error)) {
      report_error(line.number, error);
      return true;
    }
    const bool late = session_.late(event_.ts);
    switch (session_.record(event_)) {
      case fw::RecordResult::ok:
        ++recorded_;
        if (late) {
          ++late_lines_;
          std::fprintf(log_,
                       "vigie-node: stdin:%" PRIu64 ": ts %" PRId64
                       " is before a watermark already given; recorded, counted late\n",
                       line.number, event_.ts);
        }
        return true;
      case fw::RecordResult::invalid:
        report(line.number, "event refused by the journal, skipped");
        return true;
      case fw::RecordResult::full:
        return false;  // waits for acks to free pages
      case fw::RecordResult::flash_error:
        if (now_ms - last_store_error_ms_ >= 5000) {
          std::fprintf(log_, "vigie-node: cannot write the store; retrying\n");
          last_store_error_ms_ = now_ms;
        }
        return false;
    }
    return false;
  }

  void report_error(std::uint64_t number, const fw::EventLineError& error) {
    ++bad_lines_;
    std::string what = *error.field != '\0' ? std::string(error.field) + ": " : std::string();
    std::fprintf(log_, "vigie-node: stdin:%" PRIu64 ": %s%s (column %zu), line skipped\n", number,
                 what.c_str(), error.reason, error.offset + 1);
  }

  void report(std::uint64_t number, const char* what) {
    ++bad_lines_;
    std::fprintf(log_, "vigie-node: stdin:%" PRIu64 ": %s\n", number, what);
  }

  InputLines& input_;
  Session& session_;
  WatermarkSource watermarks_;
  std::uint32_t lateness_ms_;
  std::FILE* log_;
  fw::Event event_;
  std::uint64_t recorded_ = 0;
  std::uint64_t bad_lines_ = 0;
  std::uint64_t late_lines_ = 0;
  std::int64_t last_store_error_ms_ = -5000;
};

}  // namespace vigie::posix
