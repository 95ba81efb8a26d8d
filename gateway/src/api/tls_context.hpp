// The server side of HTTPS: a TLS context from a PEM certificate chain and its private key.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <filesystem>
#include <memory>

namespace vigie::api {

// TLS 1.2 or later only. Throws std::runtime_error naming the file when the certificate or the
// key cannot be read or parsed, or when the key does not belong to the certificate.
std::shared_ptr<boost::asio::ssl::context> make_server_tls_context(
    const std::filesystem::path& cert_file, const std::filesystem::path& key_file);

}  // namespace vigie::api
