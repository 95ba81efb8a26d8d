// Every API answer is JSON (contract.md sec. 6), but for the files to save;
// these build them one way.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "api/http_types.hpp"

namespace vigie::api {

// STATUS with BODY serialised, Content-Type application/json.
Response json_response(http::status status, const nlohmann::json& body);

// STATUS with {"error": ERROR, "message": MESSAGE}; ERROR is a stable machine word
// ("not_found", "unauthorized"...), MESSAGE says what was wrong to a human.
Response error_response(http::status status, std::string_view error, std::string_view message);

// A file to save (an audit pack, a report): 200 with BODY as CONTENT_TYPE, named FILENAME
// (its characters already safe in a header), never cached.
Response attachment(unsigned version, std::string_view content_type, const std::string& filename,
                    std::string body);

}  // namespace vigie::api
