#include <algorithm>
#include <cctype>
#include <sstream>

#include "activity_map.hpp"
#include "civil_time.hpp"
#include "core/identifiers.hpp"
#include "planned_shifts.hpp"
#include "queue_log_row.hpp"

namespace vigie::sources {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string trim(const std::string& s) {
  const auto a = s.find_first_not_of(" \t\r");
  if (a == std::string::npos) return "";
  return s.substr(a, s.find_last_not_of(" \t\r") - a + 1);
}

// "12:00-12:45 lunch": a break on the shift's local date (after midnight if before the start).
bool read_break(const std::string& text, const std::string& date, std::int64_t shift_start,
                const std::string& zone, PlannedBreak& out) {
  std::istringstream in(text);
  std::string span, kind, extra;
  in >> span >> kind >> extra;
  const auto dash = span.find('-');
  if (dash == std::string::npos || kind.empty() || !extra.empty() || kind.size() > 16 ||
      !fw::is_valid_id(kind))
    return false;
  std::int64_t a = 0, b = 0;
  if (!local_time_to_ms(date + " " + span.substr(0, dash), zone, a) ||
      !local_time_to_ms(date + " " + span.substr(dash + 1), zone, b))
    return false;
  if (a < shift_start) a += 86400000, b += 86400000;  // a night shift's break after midnight
  if (b <= a) b += 86400000;
  out = {a, b, kind};
  return true;
}

}  // namespace

std::string shift_id_from(const std::string& text) {
  if (fw::is_valid_id(text)) return text;
  std::string kept;
  for (char c : text)
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-') kept += c;
  std::uint64_t hash = 1469598103934665603ULL;  // FNV-1a: a stable name, not a secret
  for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ULL;
  char suffix[20];
  std::snprintf(suffix, sizeof suffix, "-%016llx", static_cast<unsigned long long>(hash));
  return kept.substr(0, 64 - 17) + suffix;
}

std::vector<PlannedShift> read_schedule_csv(const std::string& text, const std::string& zone,
                                            std::vector<ScheduleProblem>& problems) {
  std::vector<PlannedShift> shifts;
  std::istringstream in(text);
  std::string line;
  std::uint64_t number = 0;
  std::vector<std::string> header, cells;
  char separator = ',';
  int agent = -1, team = -1, shift = -1, start = -1, end = -1, breaks = -1, published = -1;
  while (std::getline(in, line)) {
    ++number;
    if (trim(line).empty()) continue;
    if (header.empty()) {
      separator =
          line.find(';') != std::string::npos && line.find(',') == std::string::npos ? ';' : ',';
      split_csv(line, header, separator);
      for (std::size_t i = 0; i < header.size(); ++i) {
        const std::string h = lower(header[i]);
        const int col = static_cast<int>(i);
        if (h == "agent" || h == "login") agent = col;
        if (h == "team") team = col;
        if (h == "shift") shift = col;
        if (h == "start") start = col;
        if (h == "end") end = col;
        if (h == "breaks") breaks = col;
        if (h == "published") published = col;
      }
      if (agent < 0 || start < 0 || end < 0) {
        problems.push_back({number, "the header names no agent, start or end column"});
        return shifts;
      }
      continue;
    }
    auto fail = [&](const std::string& why) { problems.push_back({number, why}); };
    if (!split_csv(line, cells, separator) || cells.size() != header.size()) {
      fail("not as many fields as the header has columns");
      continue;
    }
    auto at = [&](int col) {
      return col < 0 ? std::string() : trim(cells[static_cast<size_t>(col)]);
    };
    PlannedShift s;
    s.line = number;
    s.agent = at(agent);
    s.team = at(team);
    if (s.agent.empty()) {
      fail("no agent");
      continue;
    }
    if (!parse_mapped_time(at(start), TimeFormat::local, zone, s.start) ||
        !parse_mapped_time(at(end), TimeFormat::local, zone, s.end)) {
      fail("start or end is not a date and time (2025-12-01 08:00, or ISO 8601 with an offset)");
      continue;
    }
    if (s.end <= s.start) {
      fail("the shift ends before it starts");
      continue;
    }
    const std::string date = at(start).substr(0, 10);
    s.id = at(shift).empty() ? shift_id_from(s.agent + "-" + date) : shift_id_from(at(shift));
    bool breaks_ok = true;
    std::stringstream list(at(breaks));
    std::string item;
    while (std::getline(list, item, ';')) {
      if (trim(item).empty()) continue;
      PlannedBreak b;
      if (!read_break(trim(item), date, s.start, zone, b)) {
        breaks_ok = false;
        break;
      }
      s.breaks.push_back(b);
    }
    if (!breaks_ok) {
      fail("a break is not HH:MM-HH:MM KIND (KIND: up to 16 chars of A-Za-z0-9._-)");
      continue;
    }
    if (!at(published).empty()) {
      std::int64_t p = 0;
      if (!parse_mapped_time(at(published), TimeFormat::local, zone, p)) {
        fail("published is not a date and time");
        continue;
      }
      s.published = p;
    }
    shifts.push_back(std::move(s));
  }
  return shifts;
}

}  // namespace vigie::sources
