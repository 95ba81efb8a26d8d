#include "api/live_handshake.hpp"

#include <vector>

namespace vigie::api {

namespace {

std::vector<std::string_view> split_list(std::string_view value) {
  std::vector<std::string_view> items;
  while (true) {
    const auto comma = value.find(',');
    std::string_view item = value.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    items.push_back(item);
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return items;
}

bool is_bearer(std::string_view s) {
  if (s.size() != 6) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i] >= 'A' && s[i] <= 'Z' ? char(s[i] - 'A' + 'a') : s[i];
    if (c != "bearer"[i]) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> subprotocol_bearer(std::string_view value) {
  const auto items = split_list(value);
  if (items.size() != 2 || !is_bearer(items[0]) || items[1].empty()) return std::nullopt;
  return std::string(items[1]);
}

LiveAccess check_live_access(const Request& request, const Authenticator& auth) {
  LiveAccess out;
  const auto protocol = request.find(http::field::sec_websocket_protocol);
  std::optional<std::string> token;
  if (protocol != request.end()) {
    for (std::string_view item : split_list(to_std(protocol->value()))) {
      out.echo_bearer = out.echo_bearer || is_bearer(item);
    }
    token = subprotocol_bearer(to_std(protocol->value()));
  }
  if (request.find(http::field::authorization) != request.end() || !token) {
    out.decision = auth.check(request, Access::agent_level());
    return out;
  }
  // The same checks and messages as for a header, without a second code path.
  Request as_header(request.base());
  as_header.set(http::field::authorization, "Bearer " + *token);
  out.decision = auth.check(as_header, Access::agent_level());
  return out;
}

}  // namespace vigie::api
