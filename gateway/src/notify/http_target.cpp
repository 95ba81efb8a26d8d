#include "notify/http_target.hpp"

namespace vigie::notify {
namespace {

bool all_digits(const std::string& s) {
  if (s.empty() || s.size() > 5) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return std::stoi(s) > 0 && std::stoi(s) <= 65535;
}

}  // namespace

std::optional<HttpTarget> HttpTarget::parse(const std::string& url, std::string* why) {
  auto refuse = [&](const std::string& reason) -> std::optional<HttpTarget> {
    if (why) *why = reason;
    return std::nullopt;
  };
  HttpTarget t;
  std::string rest;
  if (url.rfind("http://", 0) == 0) {
    rest = url.substr(7);
  } else if (url.rfind("https://", 0) == 0) {
    t.tls = true;
    rest = url.substr(8);
  } else {
    return refuse("must start with http:// or https://");
  }
  const auto slash = rest.find('/');
  const auto authority = rest.substr(0, slash);
  t.path = slash == std::string::npos ? "/" : rest.substr(slash);
  if (authority.empty()) return refuse("has no host");
  if (authority.find('@') != std::string::npos)
    return refuse("must not carry credentials (user@host)");
  if (t.path.find_first_of(" \t\r\n#") != std::string::npos)
    return refuse("has a space, a control character or a fragment in its path");
  std::string port;
  if (authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string::npos) return refuse("has an unclosed [IPv6] host");
    t.host = authority.substr(1, close - 1);
    const auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return refuse("has text after its [IPv6] host");
      port = after.substr(1);
      if (port.empty()) return refuse("has an empty port");
    }
  } else {
    const auto colon = authority.rfind(':');
    t.host = authority.substr(0, colon);
    if (colon != std::string::npos) {
      port = authority.substr(colon + 1);
      if (port.empty()) return refuse("has an empty port");
    }
  }
  if (t.host.empty()) return refuse("has no host");
  if (t.host.find_first_of(" \t\r\n/?#") != std::string::npos)
    return refuse("has a malformed host");
  if (!port.empty() && !all_digits(port)) return refuse("port must be 1-65535, got '" + port + "'");
  t.port = port.empty() ? (t.tls ? "443" : "80") : port;
  return t;
}

HttpTarget HttpTarget::with_path_suffix(const std::string& suffix) const {
  HttpTarget t = *this;
  while (!t.path.empty() && t.path.back() == '/') t.path.pop_back();
  t.path += suffix;
  return t;
}

std::string HttpTarget::url() const {
  const bool v6 = host.find(':') != std::string::npos;
  return std::string(tls ? "https://" : "http://") + (v6 ? "[" + host + "]" : host) + ":" + port +
         path;
}

}  // namespace vigie::notify
