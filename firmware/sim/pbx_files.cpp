#include "pbx_files.hpp"

#include <ctime>
#include <filesystem>

namespace vigie::sim {

namespace {

// Local "YYYY-MM-DD HH:MM" (the centre's zone, TZ), as WFM exports write times.
std::string local_text(Ms t, const char* format) {
  const std::time_t s = static_cast<std::time_t>(t / 1000);
  std::tm tm{};
  localtime_r(&s, &tm);
  char text[32];
  std::strftime(text, sizeof text, format, &tm);
  return text;
}

}  // namespace

PbxFiles::PbxFiles(const std::string& dir, std::string acd_node,
                   const std::vector<std::pair<std::string, std::string>>& roster,
                   std::unique_ptr<Feed> inner)
    : dir_(dir), acd_node_(std::move(acd_node)), inner_(std::move(inner)) {
  std::filesystem::create_directories(dir_);
  queue_log_.open(dir_ + "/queue_log", std::ios::app);
  planning_.open(dir_ + "/planning.csv", std::ios::trunc);
  planning_ << "agent,team,shift,start,end,breaks,published\n" << std::flush;
  roster_.open(dir_ + "/roster.csv", std::ios::trunc);
  roster_ << "member,agent,team\n";
  for (const auto& [agent, team] : roster)
    roster_ << "PJSIP/" << agent << "," << agent << "," << team << "\n";
  roster_.flush();
  std::ofstream reasons(dir_ + "/pause-reasons.csv", std::ios::trunc);
  reasons << "# asterisk reason,contract reason\n";
  for (const char* r : {"break", "lunch", "personal", "training", "coaching", "meeting",
                        "back_office", "recovery", "technical", "other"})
    reasons << pause_code(r) << "," << r << "\n";
  if (!queue_log_ || !planning_ || !roster_ || !reasons)
    throw std::runtime_error("cannot write the PBX files in " + dir_);
}

std::string PbxFiles::pause_code(const std::string& reason) {
  if (reason == "break") return "Pause";
  if (reason == "lunch") return "Dejeuner";
  if (reason == "recovery") return "Recuperation";
  if (reason == "training") return "Formation";
  if (reason == "meeting") return "Reunion";
  return reason;
}

bool PbxFiles::advance(Ms now) {
  return inner_ ? inner_->advance(now) : true;
}

bool PbxFiles::write(const Emitted& e) {
  if (e.node != acd_node_) return inner_ ? inner_->write(e) : true;
  if (inner_) inner_->advance(e.ts);
  const std::string type = e.event.value("type", "");
  if (type == "agent.state") agent_state(e);
  if (type == "schedule.shift") shift(e);
  return static_cast<bool>(queue_log_) && static_cast<bool>(planning_);
}

void PbxFiles::agent_state(const Emitted& e) {
  const std::string agent = e.event.at("agent");
  const std::string team = e.event.at("team");
  const std::string state = e.event.at("state");
  const std::string member = "PJSIP/" + agent;
  auto it = state_.try_emplace(agent, "logged_out").first;
  const std::string before = it->second;
  it->second = state;
  const std::string head = std::to_string(e.ts / 1000) + "|";
  auto row = [&](const std::string& callid, const std::string& rest) {
    queue_log_ << head << callid << "|" << team << "|" << member << "|" << rest << "\n";
  };
  if (state == "logged_out") {
    if (before != "logged_out") row("NONE", "REMOVEMEMBER|");
  } else if (before == "logged_out") {
    row("MANAGER", "ADDMEMBER|");
    if (state == "not_ready") row("NONE", "PAUSE|" + pause_code(e.event.value("reason", "other")));
  } else if (state == "talking" && before != "hold") {
    const std::string call = e.event.value("call", "NONE");
    call_[agent] = call;
    row(call, "CONNECT|12|" + call + "-1|4");
  } else if ((state == "wrap_up" || state == "available") &&
             (before == "talking" || before == "hold")) {
    row(call_[agent], "COMPLETEAGENT|12|180|1");
  } else if (state == "not_ready") {
    row("NONE", "PAUSE|" + pause_code(e.event.value("reason", "other")));
  } else if (state == "available" && before == "not_ready") {
    row("NONE", "UNPAUSE|");
  }
  // Hold and the end of a wrap-up: Asterisk writes nothing.
  queue_log_.flush();
}

void PbxFiles::shift(const Emitted& e) {
  const auto& s = e.event;
  std::string breaks;
  for (const auto& b : s.at("breaks"))
    breaks += (breaks.empty() ? "" : "; ") + local_text(b.at("start"), "%H:%M") + "-" +
              local_text(b.at("end"), "%H:%M") + " " + b.at("kind").get<std::string>();
  planning_ << s.at("agent").get<std::string>() << "," << s.at("team").get<std::string>() << ","
            << s.at("shift").get<std::string>() << ","
            << local_text(s.at("start"), "%Y-%m-%d %H:%M") << ","
            << local_text(s.at("end"), "%Y-%m-%d %H:%M") << ",\"" << breaks << "\","
            << local_text(s.at("published"), "%Y-%m-%d %H:%M") << "\n"
            << std::flush;
}

void PbxFiles::close() {
  queue_log_.flush();
  planning_.flush();
  if (inner_) inner_->close();
}

}  // namespace vigie::sim
