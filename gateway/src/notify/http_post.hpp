// One JSON POST to an http:// or https:// URL, synchronous with a 5 s bound on each
// step, for the notifiers' own threads (never the engine's or HTTP's). HTTPS verifies
// the receiver's certificate against a CA (the system's, or notify.ca_file) and its
// name (DNS name or IP address), TLS 1.2 or later.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "notify/http_target.hpp"

namespace vigie::notify {

// The TLS client context every notifier shares: peer verification on, the CA file
// when given, else the system's trust store. Throws std::runtime_error when the CA
// file cannot be read.
std::shared_ptr<boost::asio::ssl::context> client_tls_context(
    const std::optional<std::filesystem::path>& ca_file);

struct PostResult {
  bool ok = false;  // a 2xx answer
  int status = 0;   // the HTTP status, 0 when none came
  std::string error;
  std::string body;          // the answer's body, when one came
  std::string content_type;  // the answer's Content-Type, when one came
};

// POSTs BODY (application/json) to TARGET. TLS targets need TLS (not null).
PostResult post_json(const HttpTarget& target, const std::string& body,
                     boost::asio::ssl::context* tls);
// The same with another Content-Type (a witness's text/plain add-checkpoint).
PostResult post(const HttpTarget& target, const std::string& body, const std::string& content_type,
                boost::asio::ssl::context* tls);

}  // namespace vigie::notify
