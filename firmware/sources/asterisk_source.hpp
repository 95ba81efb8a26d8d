// vigie-node --source asterisk-queue-log PATH: follows Asterisk's queue_log
// (FreePBX, Issabel, Wazo, VitalPBX...: /var/log/asterisk/queue_log) or reads
// a realtime table's CSV export, and sends each agent's state changes.
//
// Time: Asterisk stamps each row as it writes it, so the rows read vouch for
// their own time (a row dated before one already read is taken at the time
// already reached, see QueueLogAgents); at the end of a followed file, with no
// line half written, nothing can come with a time before the node's clock less
// `lateness_ms`, which is vouched for then, never while a history is still
// being read: not while rows keep coming dated more than 10 minutes back (a
// replay or a simulator catching up), until they are current or the file has
// been quiet for 30 s (after a --since import, only once a current row was read:
// a simulator catching up may pause longer than that).
//
// First start (no checkpoint): the rows already in the file are read without
// sending anything, to learn who is logged in, paused or on a call; then each
// logged-in agent's state is sent, dated `since` (when given: rows from then
// on are sent as they are read) or the node's clock at the end of the file.
#pragma once

#include <cstdio>
#include <optional>
#include <string>

#include "event_source.hpp"
#include "file_follower.hpp"
#include "line_tally.hpp"
#include "queue_log_agents.hpp"

namespace vigie::sources {

struct AsteriskOptions {
  std::string path;
  std::optional<std::int64_t> since;  // first start: send from then on
  bool follow = true;                 // false: stop at the end of the file
  std::int64_t lateness_ms = 2000;
  AgentRules rules;
};

class AsteriskQueueLogSource : public EventSource {
 public:
  AsteriskQueueLogSource(AsteriskOptions options, const AgentRoster& roster,
                         const PauseReasons& reasons, std::FILE* log = stderr);

  void read(std::int64_t now_ms, std::vector<fw::Event>& out) override;
  std::optional<std::int64_t> vouched() const override { return vouched_; }
  bool finished() const override { return follower_.finished(); }
  nlohmann::json checkpoint() const override;
  bool restore(const nlohmann::json& checkpoint, std::string& error) override;
  std::string identity() const override { return "asterisk-queue-log " + options_.path; }
  void summary(std::FILE* log) const override;

  const LineTally& lines() const { return tally_; }
  const AgentTally& agents() const { return agents_.tally(); }

 private:
  void start_following();
  void take_line(const FileFollower::Line& line, std::vector<fw::Event>& out);
  void go_live(std::int64_t at, std::vector<fw::Event>& out);
  void refuse(std::uint64_t number, const std::string& reason);

  AsteriskOptions options_;
  std::FILE* log_;
  QueueLogAgents agents_;
  FileFollower follower_;
  bool started_ = false;
  bool restored_ = false;
  FilePosition restored_position_;
  bool live_ = false;  // events are sent (false: learning the floor from old rows)
  bool csv_ = false;
  std::string header_;  // the CSV header of the file being read
  QueueLogTable table_;
  std::optional<std::int64_t> vouched_;
  LineTally tally_;
  std::vector<fw::Event> unsent_;  // rows read before going live: state only
  std::int64_t now_ms_ = 0;        // the node's clock at this read
  std::int64_t last_row_at_ = 0;   // the node's clock when a row was last read
  bool awaiting_current_ = false;  // --since: a history until a current row is read
  // Rows within this of the clock are current; a file without a new row for
  // kIdleRows is quiet: either way the clock may be vouched at its end.
  static constexpr std::int64_t kCurrentRows = 10 * 60 * 1000;
  static constexpr std::int64_t kIdleRows = 30 * 1000;
};

}  // namespace vigie::sources
