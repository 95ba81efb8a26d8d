#include "schedule_source.hpp"

#include <sys/stat.h>

#include <cinttypes>
#include <fstream>
#include <set>
#include <sstream>

#include "core/identifiers.hpp"

namespace vigie::sources {

ScheduleSource::ScheduleSource(ScheduleOptions options, const AgentRoster& roster, std::FILE* log)
    : options_(std::move(options)), roster_(roster), log_(log) {}

void ScheduleSource::read(std::int64_t now_ms, std::vector<fw::Event>& out) {
  const std::int64_t ts = now_ms - options_.lateness_ms;
  if (!vouched_ || ts > *vouched_) vouched_ = ts;
  if (done_ && !options_.follow) return;
  if (now_ms - last_look_ < 1000 && options_.follow) return;
  last_look_ = now_ms;
  struct stat st {};
  if (::stat(options_.path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    if (!options_.follow) {
      std::fprintf(log_, "vigie-node: %s: cannot read the schedule\n", options_.path.c_str());
      done_ = true;
    }
    return;
  }
  const FileIdentity now{
      static_cast<std::uint64_t>(st.st_ino), static_cast<std::uint64_t>(st.st_size),
      static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
  if (now == read_ && counts_.readings > 0) return;
  if (options_.follow && !(now == seen_)) {
    seen_ = now;  // changing: wait until it has been still for a second
    seen_at_ = now_ms;
    return;
  }
  if (options_.follow && now_ms - seen_at_ < 1000) return;
  read_ = now;
  take_file(ts, now.mtime_ns / 1000000, out);
  done_ = true;
}

void ScheduleSource::take_file(std::int64_t ts, std::int64_t mtime_ms,
                               std::vector<fw::Event>& out) {
  std::ifstream in(options_.path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  const std::string content = text.str();
  std::vector<ScheduleProblem> problems;
  const bool ical = content.find("BEGIN:VCALENDAR") != std::string::npos;
  const std::vector<PlannedShift> shifts =
      ical ? read_schedule_ical(content, options_.zone, problems)
           : read_schedule_csv(content, options_.zone, problems);
  ++counts_.readings;
  const char* unit = ical ? "event" : "line";
  for (const auto& p : problems) {
    ++counts_.refused;
    std::fprintf(log_, "vigie-node: %s: %s %" PRIu64 ": %s; skipped\n", options_.path.c_str(), unit,
                 p.line, p.what.c_str());
  }
  std::set<std::string> present;
  for (const auto& s : shifts) {
    auto refuse = [&](const char* why) {
      ++counts_.refused;
      std::fprintf(log_, "vigie-node: %s: %s %" PRIu64 ": %s; skipped\n", options_.path.c_str(),
                   unit, s.line, why);
    };
    AgentIdentity who;
    if (!roster_.login(s.agent, who)) {
      refuse("the agent is not an ACD login and the roster does not name it");
      continue;
    }
    const std::string team = fw::is_valid_id(s.team) ? s.team : who.team;
    if (team.empty()) {
      refuse("no team for this agent (a team column, the roster or --team)");
      continue;
    }
    if (s.breaks.size() > fw::kMaxBreaks) {
      refuse("more than 10 breaks in one shift");
      continue;
    }
    fw::Event e;
    e.ts = ts;
    e.type = fw::EventType::schedule_shift;
    auto& shift = e.shift;
    fw::assign_id(shift.agent, who.agent);
    fw::assign_id(shift.team, team);
    fw::assign_id(shift.shift, s.id);
    shift.start = s.start;
    shift.end = s.end;
    shift.published = s.published ? *s.published : mtime_ms;
    nlohmann::json fingerprint = {who.agent, team, s.start, s.end};
    for (const auto& b : s.breaks) {
      auto& planned = shift.breaks[shift.break_count++];
      planned.start = b.start;
      planned.end = b.end;
      planned.kind.assign(b.kind);
      fingerprint.push_back({b.start, b.end, b.kind});
    }
    if (const char* why = fw::check_event(e)) {
      refuse(why);
      continue;
    }
    present.insert(s.id);
    const std::string print = fingerprint.dump();
    auto [it, fresh] = sent_.try_emplace(s.id, print);
    if (!fresh && it->second == print) {
      ++counts_.unchanged;
      continue;
    }
    it->second = print;
    ++(fresh ? counts_.sent_new : counts_.sent_changed);
    out.push_back(e);
  }
  for (const auto& [id, print] : sent_)
    if (!present.count(id)) ++counts_.gone;
}

nlohmann::json ScheduleSource::checkpoint() const {
  return {{"source", identity()},
          {"file", {read_.inode, read_.size, read_.mtime_ns}},
          {"readings", counts_.readings},
          {"sent", sent_}};
}

bool ScheduleSource::restore(const nlohmann::json& checkpoint, std::string& error) {
  try {
    if (checkpoint.at("source").get<std::string>() != identity()) {
      error = "it is the position of " + checkpoint.at("source").get<std::string>() + ", not of " +
              identity();
      return false;
    }
    const auto& f = checkpoint.at("file");
    read_ = {f.at(0).get<std::uint64_t>(), f.at(1).get<std::uint64_t>(),
             f.at(2).get<std::int64_t>()};
    counts_.readings = checkpoint.at("readings").get<std::uint64_t>();
    sent_ = checkpoint.at("sent").get<std::map<std::string, std::string>>();
  } catch (const std::exception& e) {
    error = e.what();
    return false;
  }
  return true;
}

void ScheduleSource::summary(std::FILE* log) const {
  std::fprintf(log,
               "vigie-node: schedule: %" PRIu64 " readings; shifts sent: %" PRIu64 " new, %" PRIu64
               " changed; %" PRIu64 " unchanged, %" PRIu64 " skipped, %" PRIu64
               " no longer in the file (the contract has no cancellation: not sent)\n",
               counts_.readings, counts_.sent_new, counts_.sent_changed, counts_.unchanged,
               counts_.refused, counts_.gone);
}

}  // namespace vigie::sources
