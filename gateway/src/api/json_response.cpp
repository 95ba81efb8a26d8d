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

Response attachment(unsigned version, std::string_view content_type, const std::string& filename,
                    std::string body) {
  Response res{http::status::ok, version};
  res.set(http::field::content_type, std::string(content_type));
  res.set(http::field::content_disposition, "attachment; filename=\"" + filename + "\"");
  res.set(http::field::cache_control, "no-store");
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

}  // namespace vigie::api
