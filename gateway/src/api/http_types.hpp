// The HTTP vocabulary shared by the server, the router and the handlers.
#pragma once

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <functional>
#include <string_view>

#include "api/api_stream.hpp"

namespace vigie::api {

namespace http = boost::beast::http;

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// Answers one request. The server sets version, keep-alive and Content-Length afterwards.
// May throw: the server answers 500 and logs what().
using RequestHandler = std::function<Response(const Request&)>;

// The same, told the client's IP address ("192.0.2.7", "::1"): for per-client limits.
using ClientRequestHandler = std::function<Response(const Request&, std::string_view client)>;

// Takes over a connection whose request asks for a WebSocket upgrade (GET /api/v1/live).
// From the call on, the hook owns the stream: it routes, authenticates, accepts or refuses,
// logs, and must close the stream itself when the gateway stops. The stream still carries
// the server's read deadline (on its lowest layer); call expires_never() before a long-lived
// session. Over HTTPS the stream's TLS handshake is already done.
using UpgradeHandler = std::function<void(ApiStream&& stream, Request&& request)>;

// Beast 1.74 speaks boost::string_view; the rest of Vigie speaks std::string_view.
inline std::string_view to_std(boost::beast::string_view s) {
  return {s.data(), s.size()};
}

// "/api/v1/alerts?state=all" -> "/api/v1/alerts".
inline std::string_view target_path(std::string_view target) {
  return target.substr(0, target.find('?'));
}

// "/api/v1/alerts?state=all" -> "state=all"; empty when there is no query.
inline std::string_view target_query(std::string_view target) {
  const auto q = target.find('?');
  return q == std::string_view::npos ? std::string_view{} : target.substr(q + 1);
}

}  // namespace vigie::api
