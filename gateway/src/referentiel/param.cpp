#include "referentiel/param.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <set>
#include <utility>

#include "domain/event.hpp"
#include "domain/names.hpp"

namespace vigie::referentiel {
namespace {

constexpr std::int64_t kSecond = 1000;
constexpr std::int64_t kMinute = 60 * kSecond;
constexpr std::int64_t kHour = 60 * kMinute;

bool is_word_in(std::string_view word, std::string_view choices) {
  std::size_t pos = 0;
  while (pos < choices.size()) {
    std::size_t end = choices.find(' ', pos);
    if (end == std::string_view::npos) end = choices.size();
    if (choices.substr(pos, end - pos) == word) return true;
    pos = end + 1;
  }
  return false;
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

std::optional<double> parse_real(std::string_view s) {
  std::string t = trim(s);
  if (t.empty()) return std::nullopt;
  double v = 0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || ptr != t.data() + t.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

}  // namespace

const char* to_string(ParamType t) {
  static constexpr const char* kTypes[] = {"duration", "time_of_day", "number",
                                           "percent",  "integer",     "states",
                                           "tags",     "choice",      "choices"};
  static_assert(names_every(kTypes, ParamType::choices));
  return name_of(kTypes, t);
}

bool is_list_type(ParamType type) {
  return type == ParamType::states || type == ParamType::tags || type == ParamType::choices;
}

std::optional<std::int64_t> parse_time_of_day(std::string_view text) {
  std::string t = trim(text);
  int h = 0, m = 0, s = 0;
  auto read2 = [&](std::size_t at, int& out) {
    if (at + 2 > t.size() || t[at] < '0' || t[at] > '9' || t[at + 1] < '0' || t[at + 1] > '9')
      return false;
    out = (t[at] - '0') * 10 + (t[at + 1] - '0');
    return true;
  };
  if (t.size() != 5 && t.size() != 8) return std::nullopt;
  if (!read2(0, h) || t[2] != ':' || !read2(3, m)) return std::nullopt;
  if (t.size() == 8 && (t[5] != ':' || !read2(6, s))) return std::nullopt;
  if (m > 59 || s > 59 || h > 24 || (h == 24 && (m || s))) return std::nullopt;
  return h * kHour + m * kMinute + s * kSecond;
}

std::string format_time_of_day(std::int64_t ms) {
  char buf[16];
  auto h = ms / kHour, m = (ms % kHour) / kMinute, s = (ms % kMinute) / kSecond;
  if (s)
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", static_cast<int>(h), static_cast<int>(m),
                  static_cast<int>(s));
  else
    std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(h), static_cast<int>(m));
  return buf;
}

std::string to_text(const ParamValue& v) {
  auto join = [](const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
    return out + "]";
  };
  auto real = [](double d) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", d);
    return std::string(buf);
  };
  switch (v.type) {
    case ParamType::duration:
      return format_duration(v.ms);
    case ParamType::time_of_day:
      return format_time_of_day(v.ms);
    case ParamType::number:
      return real(v.number);
    case ParamType::percent:
      return real(v.number) + "%";
    case ParamType::integer:
      return std::to_string(v.integer);
    case ParamType::choice:
      return v.word;
    case ParamType::states:
    case ParamType::tags:
    case ParamType::choices:
      return join(v.list);
  }
  return "?";
}

std::optional<ParamValue> parse_scalar_param(ParamType type, std::string_view text,
                                             std::string_view choices, std::string& error) {
  ParamValue v;
  v.type = type;
  switch (type) {
    case ParamType::duration:
      if (auto d = parse_duration(text)) {
        v.ms = *d;
        return v;
      }
      error = "expected a duration with a unit (ms, s, min, h, d, w), e.g. 20min, got '" +
              std::string(text) + "'";
      return std::nullopt;
    case ParamType::time_of_day:
      if (auto d = parse_time_of_day(text)) {
        v.ms = *d;
        return v;
      }
      error = "expected a local time HH:MM, got '" + std::string(text) + "'";
      return std::nullopt;
    case ParamType::number:
      if (auto d = parse_real(text)) {
        v.number = *d;
        return v;
      }
      error = "expected a number, got '" + std::string(text) + "'";
      return std::nullopt;
    case ParamType::percent: {
      std::string t = trim(text);
      if (!t.empty() && t.back() == '%') t.pop_back();
      auto d = parse_real(t);
      if (d && *d >= 0 && *d <= 100) {
        v.number = *d;
        return v;
      }
      error = "expected a percentage between 0 and 100, got '" + std::string(text) + "'";
      return std::nullopt;
    }
    case ParamType::integer: {
      std::string t = trim(text);
      std::int64_t n = 0;
      auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
      if (ec == std::errc() && ptr == t.data() + t.size() && !t.empty() && n >= 1) {
        v.integer = n;
        return v;
      }
      error = "expected a whole number >= 1, got '" + std::string(text) + "'";
      return std::nullopt;
    }
    case ParamType::choice:
      if (is_word_in(trim(text), choices)) {
        v.word = trim(text);
        return v;
      }
      error = "expected one of: " + std::string(choices) + "; got '" + std::string(text) + "'";
      return std::nullopt;
    case ParamType::states:
    case ParamType::tags:
    case ParamType::choices:
      error = std::string("expected a list (") + to_string(type) + ")";
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<ParamValue> parse_list_param(ParamType type, const std::vector<std::string>& items,
                                           std::string_view choices, std::string& error) {
  if (!is_list_type(type)) {
    error = std::string("expected a single ") + to_string(type) + ", got a list";
    return std::nullopt;
  }
  ParamValue v;
  v.type = type;
  std::set<std::string> seen;
  for (const auto& raw : items) {
    std::string item = trim(raw);
    bool ok = false;
    if (type == ParamType::states) ok = parse_agent_state(item).has_value();
    if (type == ParamType::tags) ok = parse_call_tag(item).has_value();
    if (type == ParamType::choices) ok = is_word_in(item, choices);
    if (!ok) {
      error = std::string("'") + item + "' is not a known " +
              (type == ParamType::states ? "agent state"
               : type == ParamType::tags ? "call tag"
                                         : "choice (" + std::string(choices) + ")");
      return std::nullopt;
    }
    if (!seen.insert(item).second) {
      error = "'" + item + "' is listed twice";
      return std::nullopt;
    }
    v.list.push_back(item);
  }
  return v;
}

}  // namespace vigie::referentiel
