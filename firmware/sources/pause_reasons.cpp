#include "pause_reasons.hpp"

#include <cctype>
#include <fstream>
#include <sstream>
#include <vector>

#include "queue_log_row.hpp"

namespace vigie::sources {

namespace {
constexpr const char* kAutoPause = "auto-pause";
}

std::string fold_reason(std::string_view reason) {
  while (!reason.empty() && std::isspace(static_cast<unsigned char>(reason.front())))
    reason.remove_prefix(1);
  while (!reason.empty() && std::isspace(static_cast<unsigned char>(reason.back())))
    reason.remove_suffix(1);
  std::string out(reason);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

PauseReasons::PauseReasons() = default;

bool PauseReasons::load(const std::string& path, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = "--pause-reasons " + path + ": cannot read";
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (!load_text(text.str(), error)) {
    error = "--pause-reasons " + path + ":" + error;
    return false;
  }
  return true;
}

bool PauseReasons::load_text(std::string_view text, std::string& error) {
  std::size_t number = 0;
  std::vector<std::string> fields;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++number;
    const std::string folded = fold_reason(line);
    if (folded.empty() || folded[0] == '#') continue;
    if (!split_csv(line, fields) || fields.size() != 2) {
      error = std::to_string(number) + ": expected asterisk reason,contract reason";
      return false;
    }
    if (number == 1 && fold_reason(fields[1]) == "contract reason") continue;
    fw::NotReadyReason reason;
    if (!fw::parse_reason(fold_reason(fields[1]), reason)) {
      error = std::to_string(number) + ": '" + fields[1] +
              "' is not a contract reason (break, lunch, personal, training, coaching, meeting, "
              "back_office, recovery, technical, other)";
      return false;
    }
    if (!reasons_.emplace(fold_reason(fields[0]), reason).second) {
      error = std::to_string(number) + ": this reason is listed twice";
      return false;
    }
  }
  return true;
}

PauseReasons::Match PauseReasons::map(std::string_view reason, fw::NotReadyReason& out) const {
  const std::string key = fold_reason(reason);
  if (auto found = reasons_.find(key); found != reasons_.end()) {
    out = found->second;
    return Match::listed;
  }
  out = fw::NotReadyReason::other;
  if (key == kAutoPause) return Match::system;
  return key.empty() ? Match::none_given : Match::unknown;
}

}  // namespace vigie::sources
