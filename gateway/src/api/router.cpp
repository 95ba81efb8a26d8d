#include "api/router.hpp"

#include <algorithm>
#include <stdexcept>

#include "api/json_response.hpp"

namespace vigie::api {

namespace {

// "/a/b" -> {"a", "b"}; "/" -> {""}. Empty segments are kept so "//a" and "/a/" never match "/a".
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  path.remove_prefix(1);
  for (;;) {
    const auto slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

std::vector<Route::Segment> parse_pattern(std::string_view pattern) {
  if (pattern.empty() || pattern.front() != '/') {
    throw std::invalid_argument("route pattern '" + std::string(pattern) + "' must start with /");
  }
  std::vector<Route::Segment> segments;
  for (std::string_view part : split_path(pattern)) {
    const bool is_param = !part.empty() && part.front() == '{';
    if (is_param) {
      if (part.size() < 3 || part.back() != '}') {
        throw std::invalid_argument("route pattern '" + std::string(pattern) +
                                    "': a parameter is {name}, whole segment");
      }
      part = part.substr(1, part.size() - 2);
      for (const auto& s : segments) {
        if (s.is_param && s.text == part) {
          throw std::invalid_argument("route pattern '" + std::string(pattern) + "': parameter {" +
                                      std::string(part) + "} repeated");
        }
      }
    }
    if (part.find_first_of("{}") != std::string_view::npos) {
      throw std::invalid_argument("route pattern '" + std::string(pattern) +
                                  "': braces only around a whole segment");
    }
    segments.push_back({std::string(part), is_param});
  }
  return segments;
}

bool same_shape(const std::vector<Route::Segment>& a, const std::vector<Route::Segment>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) {
    return x.is_param == y.is_param && (x.is_param || x.text == y.text);
  });
}

// Which segments matched literally, or nullopt if ROUTE does not fit PARTS at all.
std::optional<std::vector<bool>> fit(const Route& route,
                                     const std::vector<std::string_view>& parts) {
  if (route.segments.size() != parts.size()) return std::nullopt;
  std::vector<bool> literal(parts.size());
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto& seg = route.segments[i];
    if (seg.is_param ? parts[i].empty() : seg.text != parts[i]) return std::nullopt;
    literal[i] = !seg.is_param;
  }
  return literal;
}

}  // namespace

void Router::add(http::verb method, std::string_view pattern, Access access, Handler handler) {
  auto segments = parse_pattern(pattern);
  for (const Route& r : routes_) {
    if (r.method == method && same_shape(r.segments, segments)) {
      throw std::invalid_argument("route " + std::string(to_std(http::to_string(method))) + " " +
                                  std::string(pattern) + " clashes with " + r.pattern);
    }
  }
  routes_.push_back(
      {method, std::string(pattern), std::move(segments), access, std::move(handler)});
}

RouteMatch Router::match(http::verb method, std::string_view path) const {
  RouteMatch result;
  if (path.empty() || path.front() != '/') return result;
  const auto parts = split_path(path);
  std::optional<std::vector<bool>> best;
  std::vector<http::verb> allowed;
  for (const Route& r : routes_) {
    const auto literal = fit(r, parts);
    if (!literal) continue;
    if (std::find(allowed.begin(), allowed.end(), r.method) == allowed.end()) {
      allowed.push_back(r.method);
    }
    // Lexicographic on "literal here?" prefers the route that stays literal longest.
    if (r.method == method && (!best || *literal > *best)) {
      best = literal;
      result.route = &r;
    }
  }
  if (result.route != nullptr) {
    result.outcome = RouteMatch::Outcome::found;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      const auto& seg = result.route->segments[i];
      if (seg.is_param) result.params.emplace(seg.text, parts[i]);
    }
  } else if (!allowed.empty()) {
    result.outcome = RouteMatch::Outcome::method_not_allowed;
    for (http::verb v : allowed) {
      if (!result.allow.empty()) result.allow += ", ";
      result.allow += to_std(http::to_string(v));
    }
  }
  return result;
}

Response Router::handle(const Request& request, const Authenticator& auth) const {
  return respond(request, [&](const Access& access) { return auth.check(request, access); });
}

Response Router::handle(const Request& request, const Authenticator& auth, AuthThrottle& throttle,
                        std::string_view client) const {
  return respond(request, [&](const Access& access) {
    if (!access.reads_token()) return auth.check(request, access);
    if (!access.needs_token()) {
      // Open with more for a token: a locked-out address is answered as one without a token,
      // never 429 (a probe must see the health), and its token is not checked.
      if (throttle.retry_after(client)) return AccessDecision{};
      AccessDecision decision = throttle.guard(client, [&] { return auth.check(request, access); });
      decision.denial.reset();
      return decision;
    }
    return throttle.guard(client, [&] { return auth.check(request, access); });
  });
}

Response Router::respond(const Request& request,
                         const std::function<AccessDecision(const Access&)>& check) const {
  const std::string_view target = to_std(request.target());
  const std::string_view path = target_path(target);
  const RouteMatch m = match(request.method(), path);
  switch (m.outcome) {
    case RouteMatch::Outcome::not_found:
      // Nothing of the request is echoed back: a page that shows the body renders only ours.
      return error_response(http::status::not_found, "not_found", "no such endpoint");
    case RouteMatch::Outcome::method_not_allowed: {
      Response res = error_response(http::status::method_not_allowed, "method_not_allowed",
                                    "this endpoint accepts only " + m.allow);
      res.set(http::field::allow, m.allow);
      return res;
    }
    case RouteMatch::Outcome::found:
      break;
  }
  AccessDecision decision = check(m.route->access);
  if (!decision.allowed()) return std::move(*decision.denial);
  return m.route->handler({request, m.params, target_query(target), decision.principal});
}

}  // namespace vigie::api
