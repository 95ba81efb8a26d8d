// Bearer-token authentication and role checks for the API (contract.md sec. 6).
// Tokens travel only in `Authorization: Bearer TOKEN`, never in the query string.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/http_types.hpp"
#include "api/token_hash.hpp"
#include "config/config.hpp"

namespace vigie::api {

// "manager", "auditor", "admin", "cse" (config/config.hpp).
std::string_view role_name(Role role);

// Who may call a route.
class Access {
 public:
  // No token needed (/metrics, the dashboard).
  static constexpr Access open() { return Access(Kind::open, Role::admin); }
  // No token needed, but a valid one is identified, so the handler may tell its holder more
  // (/healthz). A wrong one is answered as if none was sent, and counts as a failure.
  static constexpr Access open_or_token() { return Access(Kind::open_or_token, Role::admin); }
  // Any valid token, whatever its role.
  static constexpr Access any_token() { return Access(Kind::any_token, Role::admin); }
  // Any valid token of a role that may see agent-level data (by id or pseudonym): every role
  // but cse, whose holders get team- and site-level aggregates only (contract.md sec. 6).
  static constexpr Access agent_level() { return Access(Kind::agent_level, Role::admin); }
  // A token with REQUIRED, or an admin token: admin may do all.
  static constexpr Access role(Role required) { return Access(Kind::role, required); }

  constexpr bool needs_token() const {
    return kind_ == Kind::any_token || kind_ == Kind::agent_level || kind_ == Kind::role;
  }
  // Whether a presented token is checked at all.
  constexpr bool reads_token() const { return kind_ != Kind::open; }
  constexpr bool admits(Role held) const {
    if (kind_ == Kind::agent_level) return held != Role::cse;
    return kind_ != Kind::role || held == role_ || held == Role::admin;
  }
  // For messages: "no token", "any valid token", "the manager role".
  std::string describe() const;

 private:
  enum class Kind { open, open_or_token, any_token, agent_level, role };
  constexpr Access(Kind kind, Role role) : kind_(kind), role_(role) {}
  Kind kind_;
  Role role_;
};

// The holder of a valid token.
struct Principal {
  std::string name;
  Role role = Role::manager;
};

// What checking a request against a route's access rule decided.
struct AccessDecision {
  std::optional<Principal> principal;  // set when a valid token was presented
  std::optional<Response> denial;      // the 401 or 403 to send instead of calling the handler
  // A token was presented and refused (wrong, malformed, several): what AuthThrottle counts.
  // A missing token is not a guess, so it is not counted.
  bool credential_rejected = false;
  bool allowed() const { return !denial.has_value(); }
};

class Authenticator {
 public:
  // TOKENS as configured. Throws std::invalid_argument naming the token whose hash is not
  // 64 hex digits.
  explicit Authenticator(const std::vector<ApiToken>& tokens);

  bool has_tokens() const { return !entries_.empty(); }

  // The holder of TOKEN, or nullopt. The token's hash is compared with every configured hash
  // in constant time, so response timing reveals nothing of how close a guess came.
  std::optional<Principal> identify(std::string_view token) const;

  // Applies ACCESS to REQUEST: open routes pass untouched; otherwise the Authorization header
  // must carry a configured token (else 401 with WWW-Authenticate: Bearer) whose role ACCESS
  // admits (else 403). Denials are JSON {"error","message"}. An open_or_token route is never
  // denied: the principal is set for a valid token, credential_rejected for a wrong one.
  AccessDecision check(const Request& request, const Access& access) const;

 private:
  struct Entry {
    std::string name;
    Role role;
    TokenHash hash;
  };
  std::vector<Entry> entries_;
};

// TOKEN from an Authorization header value "Bearer TOKEN" (scheme in any case, RFC 7235),
// or nullopt if the value is not that shape.
std::optional<std::string_view> bearer_token(std::string_view header_value);

}  // namespace vigie::api
