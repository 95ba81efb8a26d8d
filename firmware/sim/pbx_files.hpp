// The simulated centre's ACD as a real PBX and WFM tool would show it: an
// Asterisk queue_log (rows stamped as they happen, one PAUSE|reason or
// CONNECT/COMPLETEAGENT a line, nothing for hold or the end of a wrap-up, as
// Asterisk writes nothing for them) and a schedule CSV export, in a folder that
// `vigie-node --source asterisk-queue-log` and `--source schedule` read:
//   DIR/queue_log          the queue_log
//   DIR/roster.csv         member,agent,team: each interface's login and team
//   DIR/pause-reasons.csv  the site's pause codes to contract reasons
//   DIR/planning.csv       agent,team,shift,start,end,breaks,published
// The ACD node's other events (call tags) have no place in a queue_log and
// are left out; every other node's events go to `inner`.
#pragma once

#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "feeds.hpp"

namespace vigie::sim {

class PbxFiles : public Feed {
 public:
  // `roster`: each agent's id and team (Centre::roster()), written to roster.csv first.
  PbxFiles(const std::string& dir, std::string acd_node,
           const std::vector<std::pair<std::string, std::string>>& roster,
           std::unique_ptr<Feed> inner);
  bool advance(Ms now) override;
  bool write(const Emitted& e) override;
  void close() override;

  // The pause code written for a contract reason ("Dejeuner" for lunch).
  static std::string pause_code(const std::string& reason);

 private:
  void agent_state(const Emitted& e);
  void shift(const Emitted& e);

  std::string dir_, acd_node_;
  std::unique_ptr<Feed> inner_;
  std::ofstream queue_log_, planning_, roster_;
  std::map<std::string, std::string> state_;  // agent -> last state written
  std::map<std::string, std::string> call_;   // agent -> call on the line
};

}  // namespace vigie::sim
