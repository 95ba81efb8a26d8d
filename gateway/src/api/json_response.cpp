#include "api/json_response.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace vigie::api {

Response json_response(http::status status, const nlohmann::json& body) {
  Response res{status, 11};
  res.set(http::field::content_type, "application/json");
  // Messages may echo request bytes; replace invalid UTF-8 rather than throw mid-answer.
  res.body() = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return res;
}

Response error_response(http::status status, std::string_view error, std::string_view message) {
  return json_response(status, {{"error", std::string(error)}, {"message", std::string(message)}});
}

}  // namespace vigie::api
