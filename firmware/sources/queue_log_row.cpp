#include "queue_log_row.hpp"

#include <algorithm>
#include <cctype>

#include "civil_time.hpp"

namespace vigie::sources {

namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

std::uint64_t digits_value(std::string_view s) {
  std::uint64_t v = 0;
  for (char c : s) v = v * 10 + static_cast<std::uint64_t>(c - '0');
  return v;
}

// Milliseconds from a fraction of a second's digits ("750413" -> 750).
std::int64_t fraction_ms(std::string_view digits) {
  std::int64_t ms = 0;
  for (std::size_t i = 0; i < 3; ++i) ms = ms * 10 + (i < digits.size() ? digits[i] - '0' : 0);
  return ms;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// A verb is what Asterisk and dialplans write: letters, digits, '_' and '-'.
bool plausible_verb(std::string_view v) {
  if (v.empty() || v.size() > 64) return false;
  for (char c : v)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
  return true;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

bool parse_queue_log_time(std::string_view text, std::int64_t& ms) {
  text = trim(text);
  const std::size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  if (all_digits(whole) && whole.size() <= 11) {
    const std::string_view frac = dot == std::string_view::npos ? "" : text.substr(dot + 1);
    if (dot != std::string_view::npos && !all_digits(frac)) return false;
    ms = static_cast<std::int64_t>(digits_value(whole)) * 1000 + fraction_ms(frac);
    return true;
  }
  CivilTime t;
  if (!parse_iso_datetime(text, t)) return false;
  ms = to_epoch_ms(t);  // a realtime table's time without a zone is read as UTC
  return true;
}

RowRead read_queue_log_line(std::string_view line, QueueLogRow& row, const char*& why) {
  if (trim(line).empty()) return RowRead::blank;
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  for (;;) {
    const std::size_t bar = line.find('|', start);
    fields.push_back(line.substr(start, bar == std::string_view::npos ? bar : bar - start));
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  if (fields.size() < 5) {
    why = "fewer than 5 fields (time|callid|queue|agent|event)";
    return RowRead::bad;
  }
  if (!all_digits(trim(fields[0]).substr(0, trim(fields[0]).find('.'))) ||
      !parse_queue_log_time(fields[0], row.ts_ms)) {
    why = "the time is not seconds since the epoch";
    return RowRead::bad;
  }
  if (!plausible_verb(trim(fields[4]))) {
    why = "the event name is empty or not a word";
    return RowRead::bad;
  }
  row.callid = trim(fields[1]);
  row.queue = trim(fields[2]);
  row.agent = trim(fields[3]);
  row.verb = trim(fields[4]);
  row.data.clear();
  for (std::size_t i = 5; i < fields.size(); ++i) row.data.emplace_back(trim(fields[i]));
  return RowRead::row;
}

bool split_csv(std::string_view line, std::vector<std::string>& fields, char separator) {
  fields.clear();
  std::string field;
  bool quoted = false;
  bool was_quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"' && trim(field).empty()) {
      quoted = was_quoted = true;
      field.clear();
    } else if (c == separator) {
      fields.push_back(was_quoted ? field : std::string(trim(field)));
      field.clear();
      was_quoted = false;
    } else if (c != '\r' || i + 1 != line.size()) {
      field += c;
    }
  }
  if (quoted) return false;
  fields.push_back(was_quoted ? field : std::string(trim(field)));
  return true;
}

bool looks_like_csv_header(std::string_view line) {
  std::vector<std::string> fields;
  if (line.find('|') != std::string_view::npos || !split_csv(line, fields)) return false;
  for (const auto& f : fields)
    if (lower(f) == "event") return true;
  return false;
}

bool QueueLogTable::read_header(std::string_view line, const char*& why) {
  std::vector<std::string> fields;
  if (!split_csv(line, fields)) {
    why = "the header has an unclosed quote";
    return false;
  }
  *this = QueueLogTable();
  columns_ = fields.size();
  std::vector<std::pair<int, int>> numbered;  // (data number, column)
  bool epoch_time = false;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::string name = lower(fields[i]);
    const int col = static_cast<int>(i);
    // A PBX export may carry both the epoch (date_time) and a local wall-clock "time".
    if (name == "date_time" || name == "timestamp")
      time_ = col, epoch_time = true;
    else if ((name == "time" || name == "datetime") && !epoch_time)
      time_ = col;
    else if (name == "callid" || name == "call_id" || name == "uniqueid")
      callid_ = col;
    else if (name == "queuename" || name == "queue_name" || name == "queue")
      queue_ = col;
    // PBXware's export calls the agent column "type".
    else if (name == "agent" || name == "membername" || name == "type")
      agent_ = col;
    else if (name == "event" || name == "verb")
      verb_ = col;
    else if (name == "data")
      joined_data_ = col;
    else if ((name.rfind("data", 0) == 0 && all_digits(name.substr(4))) ||
             (name.rfind("param", 0) == 0 && all_digits(name.substr(5))))
      numbered.emplace_back(std::stoi(name.substr(name[0] == 'd' ? 4 : 5)), col);
  }
  if (time_ < 0 || verb_ < 0 || agent_ < 0) {
    why = "the header names no time, event or agent column";
    return false;
  }
  std::sort(numbered.begin(), numbered.end());
  for (const auto& [number, col] : numbered) data_.push_back(col);
  return true;
}

RowRead QueueLogTable::read_row(std::string_view line, QueueLogRow& row, const char*& why) const {
  if (trim(line).empty()) return RowRead::blank;
  std::vector<std::string> fields;
  if (!split_csv(line, fields)) {
    why = "a quoted field is not closed";
    return RowRead::bad;
  }
  if (fields.size() != columns_) {
    why = "not as many fields as the header has columns";
    return RowRead::bad;
  }
  auto at = [&](int col) {
    return col < 0 ? std::string() : fields[static_cast<std::size_t>(col)];
  };
  if (!parse_queue_log_time(at(time_), row.ts_ms)) {
    why = "the time is neither seconds since the epoch nor a UTC date and time";
    return RowRead::bad;
  }
  if (!plausible_verb(at(verb_))) {
    why = "the event name is empty or not a word";
    return RowRead::bad;
  }
  row.callid = at(callid_);
  row.queue = at(queue_);
  row.agent = at(agent_);
  row.verb = at(verb_);
  row.data.clear();
  if (joined_data_ >= 0) {
    QueueLogRow joined;
    const char* ignored = nullptr;
    // "data" holds data1|data2|... as the file would.
    if (read_queue_log_line("0|x|x|x|X|" + at(joined_data_), joined, ignored) == RowRead::row)
      row.data = joined.data;
  }
  for (int col : data_) row.data.push_back(at(col));
  return RowRead::row;
}

}  // namespace vigie::sources
