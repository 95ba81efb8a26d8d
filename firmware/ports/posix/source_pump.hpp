// Moves a source's events into the journal, its promises into watermarks, and
// its checkpoint beside the store, in the order that loses and doubles nothing:
// events are recorded (a full journal makes the source wait), the journal is
// synced, and only then is the checkpoint written. After a crash between the
// two, the checkpoint is older than the journal: the source goes on from the
// checkpoint, makes the same events again from the same lines, and the ones
// the journal already holds (seqs after the checkpoint's) are not recorded
// again; each is compared with its record while the journal still has it.
#pragma once

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "core/event_json.hpp"
#include "core/event_record.hpp"
#include "core/json_writer.hpp"
#include "core/node_session.hpp"
#include "event_source.hpp"
#include "source_checkpoint.hpp"

namespace vigie::posix {

template <class Session>
class SourcePump {
 public:
  using Journal = typename Session::JournalType;

  // `vouch` false: the source's times are never passed on (--watermarks off).
  SourcePump(sources::EventSource& source, Session& session, Journal& journal,
             std::string checkpoint_path, bool vouch, std::FILE* log = stderr)
      : source_(source),
        session_(session),
        journal_(journal),
        path_(std::move(checkpoint_path)),
        vouch_(vouch),
        log_(log) {}

  // Restores the source from its checkpoint, if there is one. False with
  // `error` if there is one that cannot be used (another source's, damaged).
  bool start(std::string& error) {
    sources::Checkpoint checkpoint;
    switch (sources::read_checkpoint(path_, checkpoint, error)) {
      case sources::CheckpointRead::none:
        std::fprintf(log_, "vigie-node: no position kept in %s: a first start\n", path_.c_str());
        return true;
      case sources::CheckpointRead::bad:
        return false;
      case sources::CheckpointRead::ok:
        break;
    }
    if (!source_.restore(checkpoint.source, error)) {
      error = path_ + ": " + error;
      return false;
    }
    if (checkpoint.epoch == journal_.epoch() && journal_.last_seq() > checkpoint.seq) {
      skip_ = journal_.last_seq() - checkpoint.seq;
      compare_seq_ = checkpoint.seq + 1;
      std::fprintf(log_,
                   "vigie-node: the journal holds %" PRIu64
                   " events made after the position kept; they are not recorded again\n",
                   skip_);
    }
    last_state_ = checkpoint.source;
    return true;
  }

  // Records what waits, reads more, passes the source's promise on. False if
  // an event had to wait for room in the journal.
  bool drain(std::int64_t now_ms) {
    if (!record_pending(now_ms)) return false;
    if (!source_.finished()) {
      source_.read(now_ms, pending_);
      if (skip_ > 0 && pending_.empty() && ++barren_reads_ > 100) {
        std::fprintf(log_,
                     "vigie-node: %" PRIu64
                     " events recorded after the position kept were not made again; going on\n",
                     skip_);
        skip_ = 0;
      }
      if (!record_pending(now_ms)) return false;
    }
    if (vouch_)
      if (auto until = source_.vouched()) session_.vouch(*until);
    return true;
  }

  // Call after the journal's sync: keeps the checkpoint if it changed (at most
  // once a second unless `force`).
  void commit(std::int64_t now_ms, bool force = false) {
    if (!pending_.empty() || !journal_.synced() || skip_ > 0) return;
    if (!force && now_ms - last_commit_ms_ < 1000 && now_ms >= last_commit_ms_) return;
    nlohmann::json state = source_.checkpoint();
    if (state == last_state_ && committed_once_) return;
    sources::Checkpoint checkpoint{journal_.epoch(), journal_.last_seq(), state};
    std::string error;
    if (!sources::write_checkpoint(path_, checkpoint, error)) {
      if (now_ms - last_error_ms_ >= 5000) {
        std::fprintf(log_, "vigie-node: cannot keep the read position: %s; retrying\n",
                     error.c_str());
        last_error_ms_ = now_ms;
      }
      return;
    }
    last_state_ = std::move(state);
    last_commit_ms_ = now_ms;
    committed_once_ = true;
  }

  bool finished() const { return source_.finished() && pending_.empty(); }
  std::uint64_t recorded() const { return recorded_; }
  std::uint64_t recovered() const { return recovered_; }

 private:
  bool record_pending(std::int64_t now_ms) {
    while (next_ < pending_.size()) {
      const fw::Event& event = pending_[next_];
      if (skip_ > 0) {
        if (already_recorded(event)) {
          --skip_;
          ++compare_seq_;
          ++recovered_;
          ++next_;
          continue;
        }
        std::fprintf(log_,
                     "vigie-node: seq %" PRIu64
                     " differs from what the same lines make now; recording from here on\n",
                     compare_seq_);
        skip_ = 0;
      }
      switch (session_.record(event)) {
        case fw::RecordResult::ok:
          ++recorded_;
          break;
        case fw::RecordResult::invalid:
          std::fprintf(log_, "vigie-node: an event the journal refused, skipped\n");
          break;
        case fw::RecordResult::full:
          return false;  // waits for acks to free pages
        case fw::RecordResult::flash_error:
          if (now_ms - last_error_ms_ >= 5000) {
            std::fprintf(log_, "vigie-node: cannot write the store; retrying\n");
            last_error_ms_ = now_ms;
          }
          return false;
      }
      ++next_;
    }
    pending_.clear();
    next_ = 0;
    return true;
  }

  // Whether the journal's record at compare_seq_ is this event (true if the
  // record is gone: released and its page reused).
  bool already_recorded(const fw::Event& event) {
    auto cursor = journal_.seek(compare_seq_);
    if (!journal_.next(cursor, record_) || record_.seq != compare_seq_) return true;
    if (!fw::decode_event_record(record_.payload, record_.size, kept_)) return false;
    return json_of(event, made_text_) == json_of(kept_, kept_text_);
  }

  static std::string_view json_of(const fw::Event& event, std::string& buffer) {
    buffer.resize(fw::kMaxEventJson);
    fw::JsonWriter out(buffer.data(), buffer.size());
    out.begin_object();
    fw::write_event_members(out, event);
    out.end_object();
    return std::string_view(buffer.data(), out.ok() ? out.size() : 0);
  }

  sources::EventSource& source_;
  Session& session_;
  Journal& journal_;
  std::string path_;
  bool vouch_;
  std::FILE* log_;
  std::vector<fw::Event> pending_;
  std::size_t next_ = 0;
  std::uint64_t skip_ = 0;         // events after the checkpoint that the journal holds
  std::uint64_t compare_seq_ = 0;  // the seq the next skipped event should match
  nlohmann::json last_state_;
  bool committed_once_ = false;
  std::int64_t last_commit_ms_ = 0;
  std::int64_t last_error_ms_ = -5000;
  std::uint64_t recorded_ = 0;
  std::uint64_t recovered_ = 0;
  int barren_reads_ = 0;  // reads that made nothing while events were still to be matched
  typename Journal::Record record_;
  fw::Event kept_;
  std::string made_text_, kept_text_;
};

}  // namespace vigie::posix
