// vigie-node --source schedule PATH: a WFM tool's schedule export (CSV or
// iCalendar, see planned_shifts.hpp), read whenever it is republished, as
// schedule.shift events (contract sec. 3.2). A shift is sent when it is new or
// when it changed (same shift id, a later event replaces it); a republished
// file whose shift is unchanged sends nothing for it. `published` is the
// shift's own (a published column, LAST-MODIFIED or DTSTAMP), else the file's
// modification time. The file is read once it has stopped changing for a
// second, so a half-written export is not taken.
//
// The events are dated when the node reads the file (its clock less the
// lateness), which is also what it vouches for: the schedule says nothing of
// when agents work, only of what they were told and when.
#pragma once

#include <map>
#include <string>

#include "agent_roster.hpp"
#include "event_source.hpp"
#include "line_tally.hpp"
#include "planned_shifts.hpp"

namespace vigie::sources {

struct ScheduleOptions {
  std::string path;
  std::string zone = "Europe/Paris";  // for times written without an offset
  bool follow = true;                 // false: read it once and stop
  std::int64_t lateness_ms = 2000;
};

class ScheduleSource : public EventSource {
 public:
  ScheduleSource(ScheduleOptions options, const AgentRoster& roster, std::FILE* log = stderr);

  void read(std::int64_t now_ms, std::vector<fw::Event>& out) override;
  std::optional<std::int64_t> vouched() const override { return vouched_; }
  bool finished() const override { return !options_.follow && done_; }
  nlohmann::json checkpoint() const override;
  bool restore(const nlohmann::json& checkpoint, std::string& error) override;
  std::string identity() const override { return "schedule " + options_.path; }
  void summary(std::FILE* log) const override;

  struct Counts {
    std::uint64_t readings = 0, sent_new = 0, sent_changed = 0, unchanged = 0, refused = 0,
                  gone = 0;
  };
  const Counts& counts() const { return counts_; }

 private:
  struct FileIdentity {
    std::uint64_t inode = 0, size = 0;
    std::int64_t mtime_ns = 0;
    bool operator==(const FileIdentity& o) const {
      return inode == o.inode && size == o.size && mtime_ns == o.mtime_ns;
    }
  };
  void take_file(std::int64_t ts, std::int64_t mtime_ms, std::vector<fw::Event>& out);

  ScheduleOptions options_;
  const AgentRoster& roster_;
  std::FILE* log_;
  FileIdentity read_, seen_;
  std::int64_t seen_at_ = 0, last_look_ = -1000000;
  bool done_ = false;
  std::map<std::string, std::string> sent_;  // shift id -> what was sent (fingerprint)
  std::optional<std::int64_t> vouched_;
  Counts counts_;
};

}  // namespace vigie::sources
