// The API's route table: method, path pattern with {param} segments, access rule, handler.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/auth.hpp"
#include "api/auth_throttle.hpp"
#include "api/http_types.hpp"

namespace vigie::api {

// Values of the {param} segments of the matched pattern, by name.
using PathParams = std::map<std::string, std::string, std::less<>>;

// What a handler gets besides the request itself.
struct RequestContext {
  const Request& request;
  const PathParams& params;
  std::string_view query;                     // the raw query string, without '?'
  const std::optional<Principal>& principal;  // set when the route needs a token
};

using Handler = std::function<Response(const RequestContext&)>;

struct Route {
  struct Segment {
    std::string text;  // the literal, or the parameter's name
    bool is_param = false;
  };
  http::verb method;
  std::string pattern;
  std::vector<Segment> segments;
  Access access;
  Handler handler;
};

struct RouteMatch {
  enum class Outcome { found, not_found, method_not_allowed };
  Outcome outcome = Outcome::not_found;
  const Route* route = nullptr;  // when found
  PathParams params;             // when found
  std::string allow;             // when method_not_allowed: "GET, POST", for the Allow header
};

class Router {
 public:
  // Adds a route. PATTERN is "/"-separated literal or {name} segments, e.g.
  // "/api/v1/alerts/{id}/ack". Throws std::invalid_argument on a malformed pattern or when
  // METHOD on an equivalent pattern is already taken.
  void add(http::verb method, std::string_view pattern, Access access, Handler handler);

  // The route for METHOD on PATH (no query string). Literal segments beat parameters, so
  // "/alerts/active" may sit beside "/alerts/{id}". Segments are compared byte for byte.
  RouteMatch match(http::verb method, std::string_view path) const;

  // Answers REQUEST: 404 or 405 (with Allow) in JSON, then the route's access rule through
  // AUTH, then the handler. Exceptions from the handler propagate to the server.
  Response handle(const Request& request, const Authenticator& auth) const;

  // The same, with CLIENT's failed authentications counted by THROTTLE, which answers 429 to a
  // locked-out client on routes needing a token (open routes still answer).
  Response handle(const Request& request, const Authenticator& auth, AuthThrottle& throttle,
                  std::string_view client) const;

  // Every route, in the order added: for listings and for tests that must cover them all.
  const std::vector<Route>& routes() const { return routes_; }

 private:
  Response respond(const Request& request,
                   const std::function<AccessDecision(const Access&)>& check) const;

  std::vector<Route> routes_;
};

}  // namespace vigie::api
