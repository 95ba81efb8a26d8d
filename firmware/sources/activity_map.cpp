#include "activity_map.hpp"

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>

#include "civil_time.hpp"
#include "pause_reasons.hpp"

namespace vigie::sources {

namespace {

std::string trim(const std::string& s) {
  const auto a = s.find_first_not_of(" \t\r");
  if (a == std::string::npos) return "";
  const auto b = s.find_last_not_of(" \t\r");
  return s.substr(a, b - a + 1);
}

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ','))
    if (!trim(item).empty()) out.push_back(trim(item));
  return out;
}

// "not_ready lunch", "available": a contract state and, with not_ready, a reason.
bool parse_mapped_state(const std::string& text, MappedState& out) {
  std::stringstream in(text);
  std::string state, reason, extra;
  in >> state >> reason >> extra;
  if (!extra.empty() || !fw::parse_state(state, out.state)) return false;
  out.reason = fw::NotReadyReason::none;
  if (reason.empty()) {
    if (out.state == fw::AgentState::not_ready) out.reason = fw::NotReadyReason::other;
    return true;
  }
  return out.state == fw::AgentState::not_ready && fw::parse_reason(reason, out.reason);
}

}  // namespace

bool ActivityMap::load(const std::string& path, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = "--map " + path + ": cannot read";
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return load_text(text.str(), path, error);
}

bool ActivityMap::load_text(const std::string& text, const std::string& name, std::string& error) {
  std::istringstream in(text);
  std::string line;
  int number = 0;
  bool table = false;
  auto fail = [&](const std::string& why) {
    error = name + ":" + std::to_string(number) + ": " + why;
    return false;
  };
  while (std::getline(in, line)) {
    ++number;
    const std::string folded = trim(line);
    if (folded.empty() || folded[0] == '#') continue;
    if (folded == "[states]") {
      table = true;
      continue;
    }
    const auto eq = line.find('=');
    if (eq == std::string::npos) return fail("expected key = value");
    std::string key = trim(line.substr(0, eq));
    std::string value = trim(line.substr(eq + 1));
    if (!table) {
      const auto hash = value.find(" #");
      if (hash != std::string::npos) value = trim(value.substr(0, hash));
    }
    if (table) {
      MappedState s;
      if (key.empty() || !parse_mapped_state(value, s))
        return fail(
            "expected ACTIVITY = STATE [REASON] (a contract state; a reason only with "
            "not_ready)");
      if (!states.emplace(fold_reason(key), s).second) return fail("this activity is listed twice");
      continue;
    }
    if (key == "format") {
      if (value != "json" && value != "csv") return fail("format must be json or csv");
      csv = value == "csv";
    } else if (key == "separator") {
      if (value.size() != 1) return fail("separator must be one character");
      separator = value[0];
    } else if (key == "agent") {
      agent = value;
    } else if (key == "team") {
      team = value;
    } else if (key == "time") {
      time = value;
    } else if (key == "reason") {
      reason = value;
    } else if (key == "state") {
      state = split_list(value);
    } else if (key == "time_format") {
      if (value == "iso8601")
        time_format = TimeFormat::iso8601;
      else if (value == "epoch_s")
        time_format = TimeFormat::epoch_s;
      else if (value == "epoch_ms")
        time_format = TimeFormat::epoch_ms;
      else if (value == "local")
        time_format = TimeFormat::local;
      else
        return fail("time_format must be iso8601, epoch_s, epoch_ms or local");
    } else if (key == "zone") {
      zone = value;
    } else if (key == "only") {
      const auto second = value.find('=');
      if (second == std::string::npos) return fail("only must be PATH = VALUE");
      only_path = trim(value.substr(0, second));
      only_value = trim(value.substr(second + 1));
    } else if (key == "default") {
      MappedState s;
      if (!parse_mapped_state(value, s)) return fail("default must be STATE [REASON]");
      fallback = s;
    } else {
      return fail("unknown key '" + key + "'");
    }
  }
  if (agent.empty() || time.empty() || state.empty()) {
    number = 0;
    return fail("agent, time and state are required");
  }
  if (time_format == TimeFormat::local && zone.empty()) {
    number = 0;
    return fail("time_format local needs a zone");
  }
  if (states.empty()) {
    number = 0;
    return fail("the [states] table is empty");
  }
  return true;
}

std::optional<MappedState> ActivityMap::lookup(const std::string& activity,
                                               const std::string& reason_text) const {
  if (!reason_text.empty()) {
    auto found = states.find(fold_reason(activity + "/" + reason_text));
    if (found != states.end()) return found->second;
  }
  auto found = states.find(fold_reason(activity));
  if (found != states.end()) return found->second;
  return std::nullopt;
}

bool local_time_to_ms(const std::string& text, const std::string& zone, std::int64_t& ms) {
  CivilTime t;
  if (!parse_iso_datetime(text, t)) return false;
  if (t.has_zone) {
    ms = to_epoch_ms(t);
    return true;
  }
  // The C library knows the zone's rules; the node is single-threaded here.
  const char* saved = std::getenv("TZ");
  const std::string old = saved != nullptr ? saved : "";
  setenv("TZ", zone.c_str(), 1);
  tzset();
  std::tm tm{};
  tm.tm_year = t.year - 1900;
  tm.tm_mon = t.month - 1;
  tm.tm_mday = t.day;
  tm.tm_hour = t.hour;
  tm.tm_min = t.minute;
  tm.tm_sec = t.second;
  tm.tm_isdst = -1;
  const std::time_t seconds = std::mktime(&tm);
  if (saved != nullptr)
    setenv("TZ", old.c_str(), 1);
  else
    unsetenv("TZ");
  tzset();
  if (seconds == static_cast<std::time_t>(-1)) return false;
  ms = static_cast<std::int64_t>(seconds) * 1000 + t.ms;
  return true;
}

bool parse_mapped_time(const std::string& text, TimeFormat format, const std::string& zone,
                       std::int64_t& ms) {
  const std::string t = trim(text);
  if (format == TimeFormat::epoch_s || format == TimeFormat::epoch_ms) {
    char* end = nullptr;
    const double v = std::strtod(t.c_str(), &end);
    if (t.empty() || *end != '\0' || v < 0) return false;
    ms = static_cast<std::int64_t>(format == TimeFormat::epoch_s ? v * 1000 : v);
    return true;
  }
  if (format == TimeFormat::local || !zone.empty()) return local_time_to_ms(t, zone, ms);
  CivilTime c;
  if (!parse_iso_datetime(t, c) || !c.has_zone) return false;
  ms = to_epoch_ms(c);
  return true;
}

}  // namespace vigie::sources
