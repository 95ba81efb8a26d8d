#include "broker/broker_refusal.hpp"

#include <array>

namespace vigie::broker {

std::string describe_tls_error(std::string_view line) {
  const auto first = line.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  line = line.substr(first, line.find_last_not_of(" \t\r\n") - first + 1);
  const auto start = line.find("error:");
  if (start == std::string_view::npos) return std::string(line);
  // error:CODE:LIBRARY:FUNCTION:REASON:FILE:LINE:DATA (DATA may hold colons)
  std::array<std::string_view, 7> fields;
  std::size_t count = 0, from = start;
  for (; count < fields.size(); ++count) {
    const auto colon = line.find(':', from);
    if (colon == std::string_view::npos) break;
    fields[count] = line.substr(from, colon - from);
    from = colon + 1;
  }
  if (count < 5 || fields[4].empty()) return std::string(line);
  std::string reason(fields[4]);
  if (count == fields.size() && from < line.size())
    reason += " (" + std::string(line.substr(from)) + ")";
  return reason;
}

std::string_view connack_refusal(int code) {
  switch (code) {
    case 1:
      return "unacceptable protocol version";
    case 2:
      return "client id rejected";
    case 3:
      return "server unavailable";
    case 4:
      return "bad user name or password";
    case 5:
      return "not authorized (wrong password or certificate identity, or an unknown user)";
    default:
      return "";
  }
}

}  // namespace vigie::broker
