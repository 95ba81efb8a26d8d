// Who may open GET /api/v1/live. Browsers cannot set Authorization on a WebSocket, so the
// token may also come as the subprotocol pair `Sec-WebSocket-Protocol: bearer, TOKEN`
// (new WebSocket(url, ["bearer", token])); the server then answers the subprotocol `bearer`,
// never the token. Authorization wins when both are sent.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "api/auth.hpp"

namespace vigie::api {

struct LiveAccess {
  AccessDecision decision;   // as for a route of Access::agent_level(): no cse token
  bool echo_bearer = false;  // the client offered the `bearer` subprotocol: answer it
};

LiveAccess check_live_access(const Request& request, const Authenticator& auth);

// TOKEN from a Sec-WebSocket-Protocol value "bearer, TOKEN" (any spacing around commas;
// "bearer" in any case); nullopt for any other shape.
std::optional<std::string> subprotocol_bearer(std::string_view header_value);

}  // namespace vigie::api
