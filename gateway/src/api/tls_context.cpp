#include "api/tls_context.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <fstream>
#include <stdexcept>
#include <string>

namespace vigie::api {

namespace ssl = boost::asio::ssl;
namespace fs = std::filesystem;

namespace {

// OpenSSL's reason for the last failure ("no start line", "key values mismatch"...).
std::string openssl_reason() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "unknown error";
  const char* reason = ERR_reason_error_string(code);
  return reason != nullptr ? reason : "error " + std::to_string(code);
}

void require_readable(const fs::path& file, const char* what) {
  std::ifstream in(file);
  if (!in) {
    throw std::runtime_error(std::string("http.tls.") + what + ": cannot read " + file.string());
  }
}

}  // namespace

std::shared_ptr<ssl::context> make_server_tls_context(const fs::path& cert_file,
                                                      const fs::path& key_file) {
  require_readable(cert_file, "cert_file");
  require_readable(key_file, "key_file");
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
  SSL_CTX* native = ctx->native_handle();
  // TLS 1.0 and 1.1 are deprecated (RFC 8996).
  if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1) {
    throw std::runtime_error("TLS: cannot require TLS 1.2: " + openssl_reason());
  }
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                   ssl::context::no_sslv3 | ssl::context::single_dh_use);
  ERR_clear_error();
  if (SSL_CTX_use_certificate_chain_file(native, cert_file.c_str()) != 1) {
    throw std::runtime_error("http.tls.cert_file: " + cert_file.string() +
                             " is not a PEM certificate: " + openssl_reason());
  }
  if (SSL_CTX_use_PrivateKey_file(native, key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
    throw std::runtime_error("http.tls.key_file: " + key_file.string() +
                             " is not a PEM private key for " + cert_file.string() + ": " +
                             openssl_reason());
  }
  if (SSL_CTX_check_private_key(native) != 1) {
    throw std::runtime_error("http.tls.key_file: " + key_file.string() +
                             " does not match the certificate " + cert_file.string() + ": " +
                             openssl_reason());
  }
  return ctx;
}

}  // namespace vigie::api
