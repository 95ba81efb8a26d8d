#include "mapped_source.hpp"

#include <unistd.h>

#include <cinttypes>

#include "core/identifiers.hpp"
#include "queue_log_row.hpp"

namespace vigie::sources {

MappedSource::MappedSource(MappedOptions options, const ActivityMap& map, const AgentRoster& roster,
                           std::FILE* log)
    : options_(std::move(options)), map_(map), roster_(roster), log_(log) {
  follower_.set_follow(options_.follow);
}

void MappedSource::read(std::int64_t now_ms, std::vector<fw::Event>& out) {
  if (!started_) {
    std::string note;
    if (options_.path == "-")
      follower_.start_stream(STDIN_FILENO);
    else
      follower_.start(options_.path, restored_ ? &restored_position_ : nullptr, note);
    if (!note.empty())
      std::fprintf(log_, "vigie-node: %s: %s\n", options_.path.c_str(), note.c_str());
    started_ = true;
  }
  FileFollower::Line line;
  std::string note;
  for (int n = 0; n < 2000; ++n) {
    const bool got = follower_.next(line, note);
    if (!note.empty())
      std::fprintf(log_, "vigie-node: %s: %s\n", options_.path.c_str(), note.c_str());
    if (!got) break;
    last_record_at_ = now_ms;
    take_line(line, out);
  }
  const bool quiet = follower_.at_end() || follower_.waiting_for_file();
  // At the end of the input, what comes next is stamped now or later, unless
  // records keep coming dated far back (a history being written).
  const bool current = now_ms - now_ <= 10 * 60 * 1000;
  const bool idle = now_ms - last_record_at_ >= 30 * 1000;
  if (quiet && options_.follow && (current || idle) && now_ms - options_.lateness_ms > now_)
    now_ = now_ms - options_.lateness_ms;
  if (now_ > 0) vouched_ = now_;
}

void MappedSource::refuse(std::uint64_t number, const std::string& reason) {
  const std::uint64_t count = tally_.refuse(reason);
  if (count > kReportEach) return;
  std::fprintf(log_, "vigie-node: %s:%" PRIu64 ": %s; line refused%s\n", options_.path.c_str(),
               number, reason.c_str(),
               count == kReportEach ? " (more for this reason are only counted)" : "");
}

bool MappedSource::field(const std::string& path, std::string& out) const {
  if (map_.csv) {
    for (std::size_t i = 0; i < header_.size(); ++i)
      if (header_[i] == path) {
        out = i < cells_.size() ? cells_[i] : "";
        return true;
      }
    return false;
  }
  const nlohmann::json* at = &record_;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t dot = path.find('.', start);
    const std::string key = path.substr(start, dot == std::string::npos ? dot : dot - start);
    if (at->is_object() && at->contains(key)) {
      at = &(*at)[key];
    } else if (at->is_array() && !key.empty() &&
               key.find_first_not_of("0123456789") == std::string::npos &&
               std::stoul(key) < at->size()) {
      at = &(*at)[std::stoul(key)];
    } else {
      return false;
    }
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (at->is_string())
    out = at->get<std::string>();
  else if (at->is_number_integer())
    out = std::to_string(at->get<std::int64_t>());
  else if (at->is_number())
    out = std::to_string(at->get<double>());
  else if (at->is_boolean())
    out = at->get<bool>() ? "true" : "false";
  else
    return false;
  return true;
}

void MappedSource::take_line(const FileFollower::Line& line, std::vector<fw::Event>& out) {
  ++tally_.lines;
  if (line.too_long) {
    refuse(line.number, "a line over 64 KiB");
    return;
  }
  const std::string text(line.text);
  if (text.find_first_not_of(" \t\r") == std::string::npos) {
    tally_.skip("an empty line");
    return;
  }
  if (map_.csv) {
    if (header_.empty()) {
      if (!split_csv(text, header_, map_.separator) || header_.empty()) {
        header_.clear();
        refuse(line.number, "the CSV header cannot be read");
        return;
      }
      header_line_ = text;
      tally_.skip("the CSV header");
      return;
    }
    if (!split_csv(text, cells_, map_.separator) || cells_.size() != header_.size()) {
      refuse(line.number, "not as many fields as the header has columns");
      return;
    }
  } else {
    record_ = nlohmann::json::parse(text, nullptr, false);
    if (record_.is_discarded() || !record_.is_object()) {
      refuse(line.number, "not a JSON object");
      return;
    }
  }
  std::string value;
  if (!map_.only_path.empty() && (!field(map_.only_path, value) || value != map_.only_value)) {
    tally_.skip("a record the map's `only` leaves out");
    return;
  }
  std::string agent_text, time_text;
  if (!field(map_.agent, agent_text) || agent_text.empty()) {
    refuse(line.number, "no agent (" + map_.agent + ")");
    return;
  }
  if (!field(map_.time, time_text)) {
    refuse(line.number, "no time (" + map_.time + ")");
    return;
  }
  std::int64_t ts = 0;
  if (!parse_mapped_time(time_text, map_.time_format, map_.zone, ts)) {
    refuse(line.number, "the time (" + map_.time + ") is not as the map's time_format says");
    return;
  }
  std::string reason_text;
  if (!map_.reason.empty()) field(map_.reason, reason_text);
  std::optional<MappedState> state;
  for (const auto& path : map_.state)
    if (field(path, value) && (state = map_.lookup(value, reason_text))) break;
  if (!state && map_.fallback) {
    state = map_.fallback;
    ++defaulted_;
  }
  if (!state) {
    tally_.skip("an activity the map does not list");
    return;
  }
  AgentIdentity who;
  if (!roster_.login(agent_text, who)) {
    // An e-mail, a person's name...: only the roster may turn it into a login.
    refuse(line.number, "the agent is not an ACD login and the roster does not name it");
    return;
  }
  std::string team = who.team;
  if (!map_.team.empty() && field(map_.team, value) && fw::is_valid_id(value)) team = value;
  if (team.empty()) {
    refuse(line.number, "no team for this agent (give --team, a team in the roster or the map)");
    return;
  }
  if (ts < now_) {
    ++late_;
    ts = now_;
  }
  now_ = ts;
  ++tally_.mapped;
  const Shown now_shown{state->state, state->reason};
  auto [it, first] = shown_.try_emplace(who.agent, now_shown);
  if (!first && it->second.state == now_shown.state && it->second.reason == now_shown.reason)
    return;  // the same state again (a heartbeat, a configuration change)
  it->second = now_shown;
  fw::Event e;
  e.ts = ts;
  e.type = fw::EventType::agent_state;
  fw::assign_id(e.agent_state.agent, who.agent);
  fw::assign_id(e.agent_state.team, team);
  e.agent_state.state = state->state;
  e.agent_state.reason = state->reason;
  out.push_back(e);
}

nlohmann::json MappedSource::checkpoint() const {
  const FilePosition p = follower_.position();
  nlohmann::json shown = nlohmann::json::object();
  for (const auto& [agent, s] : shown_)
    shown[agent] = {fw::state_name(s.state), fw::reason_name(s.reason)};
  return {{"source", identity()},
          {"position",
           {{"device", p.device}, {"inode", p.inode}, {"offset", p.offset}, {"line", p.line}}},
          {"csv_header", header_line_},
          {"now", now_},
          {"shown", shown}};
}

bool MappedSource::restore(const nlohmann::json& checkpoint, std::string& error) {
  try {
    if (checkpoint.at("source").get<std::string>() != identity()) {
      error = "it is the position of " + checkpoint.at("source").get<std::string>() + ", not of " +
              identity();
      return false;
    }
    const auto& p = checkpoint.at("position");
    restored_position_ = {p.at("device").get<std::uint64_t>(), p.at("inode").get<std::uint64_t>(),
                          p.at("offset").get<std::uint64_t>(), p.at("line").get<std::uint64_t>()};
    header_line_ = checkpoint.at("csv_header").get<std::string>();
    header_.clear();
    if (!header_line_.empty()) split_csv(header_line_, header_, map_.separator);
    now_ = checkpoint.at("now").get<std::int64_t>();
    shown_.clear();
    for (const auto& [agent, s] : checkpoint.at("shown").items()) {
      Shown shown{};
      const std::string reason = s.at(1).get<std::string>();
      shown.reason = fw::NotReadyReason::none;
      if (!fw::parse_state(s.at(0).get<std::string>(), shown.state) ||
          (!reason.empty() && !fw::parse_reason(reason, shown.reason)))
        throw std::runtime_error("a state kept for " + agent);
      shown_[agent] = shown;
    }
  } catch (const std::exception& e) {
    error = e.what();
    return false;
  }
  if (now_ > 0) vouched_ = now_;
  restored_ = true;
  return true;
}

void MappedSource::summary(std::FILE* log) const {
  tally_.print(log, "vigie-node: mapped");
  std::fprintf(log,
               "vigie-node: mapped: %" PRIu64 " records took the map's default state, %" PRIu64
               " were dated before one read earlier\n",
               defaulted_, late_);
}

}  // namespace vigie::sources
