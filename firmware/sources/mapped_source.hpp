// vigie-node --source mapped PATH --map FILE: another ACD's agent-state
// records (Amazon Connect's agent event stream, Twilio TaskRouter's worker
// events, a Genesys or Avaya agent-state export...) as JSON lines or CSV, read
// from a followed file or from stdin (PATH -), turned into agent.state events
// by a mapping file (activity_map.hpp). One state per agent: a record that
// repeats the agent's state (a heartbeat) sends nothing.
//
// Time as for queue_log (asterisk_source.hpp): the records vouch for their own
// time, a record dated before one already read is taken at the time reached,
// and at the end of the input the node's clock less the lateness is vouched.
// The agent field must be an ID (an ACD login) or be named by the roster; a
// person's name is refused, never sent.
#pragma once

#include <map>
#include <string>

#include "activity_map.hpp"
#include "agent_roster.hpp"
#include "event_source.hpp"
#include "file_follower.hpp"
#include "line_tally.hpp"

namespace vigie::sources {

struct MappedOptions {
  std::string path;  // "-": stdin
  bool follow = true;
  std::int64_t lateness_ms = 2000;
};

class MappedSource : public EventSource {
 public:
  MappedSource(MappedOptions options, const ActivityMap& map, const AgentRoster& roster,
               std::FILE* log = stderr);

  void read(std::int64_t now_ms, std::vector<fw::Event>& out) override;
  std::optional<std::int64_t> vouched() const override { return vouched_; }
  bool finished() const override { return started_ && follower_.finished(); }
  nlohmann::json checkpoint() const override;
  bool restore(const nlohmann::json& checkpoint, std::string& error) override;
  std::string identity() const override { return "mapped " + options_.path; }
  void summary(std::FILE* log) const override;

  const LineTally& lines() const { return tally_; }

 private:
  struct Shown {
    fw::AgentState state;
    fw::NotReadyReason reason;
  };
  void take_line(const FileFollower::Line& line, std::vector<fw::Event>& out);
  void refuse(std::uint64_t number, const std::string& reason);
  // The value at a dotted path (json) or in a column (csv); false if absent.
  bool field(const std::string& path, std::string& out) const;

  MappedOptions options_;
  const ActivityMap& map_;
  const AgentRoster& roster_;
  std::FILE* log_;
  FileFollower follower_;
  bool started_ = false;
  bool restored_ = false;
  FilePosition restored_position_;
  std::vector<std::string> header_;
  std::string header_line_;
  // The record being read.
  nlohmann::json record_;
  std::vector<std::string> cells_;
  std::map<std::string, Shown> shown_;
  std::int64_t now_ = 0;
  std::int64_t last_record_at_ = 0;  // the node's clock when a record was last read
  std::optional<std::int64_t> vouched_;
  LineTally tally_;
  std::uint64_t defaulted_ = 0, late_ = 0;
};

}  // namespace vigie::sources
