#include "api/auth.hpp"

#include <sodium.h>

#include <algorithm>
#include <iterator>
#include <stdexcept>
#include <string>

#include "api/json_response.hpp"
#include "domain/names.hpp"

namespace vigie::api {

namespace {

constexpr std::string_view kChallenge = "Bearer realm=\"vigie\"";

Response unauthorized(std::string_view message, std::string_view oauth_error = {}) {
  Response res = error_response(http::status::unauthorized, "unauthorized", message);
  std::string challenge(kChallenge);
  // RFC 6750 sec. 3: say why a presented token failed; say nothing more when none was sent.
  if (!oauth_error.empty()) challenge += ", error=\"" + std::string(oauth_error) + "\"";
  res.set(http::field::www_authenticate, challenge);
  return res;
}

bool is_token_char(char c) {
  // RFC 6750 b64token: ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/", then "=" padding.
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace

std::string_view role_name(Role role) {
  return to_string(role);
}

std::string Access::describe() const {
  if (kind_ == Kind::role) return "the " + std::string(role_name(role_)) + " role";
  static constexpr const char* kWhoMay[] = {"no token", "no token (a valid one gets more)",
                                            "any valid token",
                                            "a role that sees agents (manager, auditor or admin)"};
  return name_of(kWhoMay, kind_, "unknown");
}

std::optional<std::string_view> bearer_token(std::string_view value) {
  constexpr std::string_view scheme = "bearer";
  if (value.size() <= scheme.size() || !iequals(value.substr(0, scheme.size()), scheme) ||
      value[scheme.size()] != ' ') {
    return std::nullopt;
  }
  std::string_view token = value.substr(scheme.size());
  token.remove_prefix(std::min(token.find_first_not_of(' '), token.size()));
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  std::size_t end = 0;
  while (end < token.size() && is_token_char(token[end])) ++end;
  std::size_t pad = end;
  while (pad < token.size() && token[pad] == '=') ++pad;
  if (end == 0 || pad != token.size()) return std::nullopt;
  return token;
}

Authenticator::Authenticator(const std::vector<ApiToken>& tokens) {
  entries_.reserve(tokens.size());
  for (const ApiToken& t : tokens) {
    const auto hash = parse_sha256_hex(t.sha256_hex);
    if (!hash) {
      throw std::invalid_argument("API token '" + t.name +
                                  "': sha256 must be 64 hex digits (the SHA-256 of the token)");
    }
    entries_.push_back({t.name, t.role, *hash});
  }
}

std::optional<Principal> Authenticator::identify(std::string_view token) const {
  const TokenHash presented = token_sha256(token);
  const Entry* found = nullptr;
  // Visit every entry, even after a match, so the time taken does not depend on which one
  // matched; sodium_memcmp does not stop at the first differing byte.
  for (const Entry& e : entries_) {
    const bool same = sodium_memcmp(presented.data(), e.hash.data(), presented.size()) == 0;
    if (same && found == nullptr) found = &e;
  }
  if (found == nullptr) return std::nullopt;
  return Principal{found->name, found->role};
}

AccessDecision Authenticator::check(const Request& request, const Access& access) const {
  if (!access.reads_token()) return {};
  if (!access.needs_token()) {
    // The same checks as for any token, but the answer is never a denial.
    AccessDecision decision = check(request, Access::any_token());
    decision.denial.reset();
    return decision;
  }
  if (entries_.empty()) {
    return {std::nullopt,
            unauthorized("no API tokens are configured on this gateway; add one under 'tokens:' "
                         "in its configuration file")};
  }
  const auto headers = request.equal_range(http::field::authorization);
  if (headers.first == headers.second) {
    return {std::nullopt,
            unauthorized("missing Authorization header; send 'Authorization: Bearer TOKEN'")};
  }
  if (std::next(headers.first) != headers.second) {
    return {std::nullopt,
            unauthorized("more than one Authorization header; send exactly one", "invalid_request"),
            true};
  }
  const auto token = bearer_token(to_std(headers.first->value()));
  if (!token) {
    return {
        std::nullopt,
        unauthorized("malformed Authorization header; expected 'Bearer TOKEN'", "invalid_request"),
        true};
  }
  auto principal = identify(*token);
  if (!principal) {
    return {std::nullopt,
            unauthorized("the API token is not valid for this gateway", "invalid_token"), true};
  }
  if (!access.admits(principal->role)) {
    Response res = error_response(http::status::forbidden, "forbidden",
                                  "token '" + principal->name + "' has the " +
                                      std::string(role_name(principal->role)) +
                                      " role; this endpoint needs " + access.describe());
    return {std::move(principal), std::move(res)};
  }
  return {std::move(principal), std::nullopt};
}

}  // namespace vigie::api
