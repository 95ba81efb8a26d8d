#include "tls_error.hpp"

#include <vector>

namespace vigie::posix {
namespace {

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

}  // namespace

std::string describe_tls_error(const std::string& openssl_line) {
  const std::string line = trimmed(openssl_line);
  const auto start = line.find("error:");
  if (start == std::string::npos) return line;
  // error:CODE:LIBRARY:FUNCTION:REASON:FILE:LINE:DATA (DATA may hold colons)
  std::vector<std::string> fields;
  std::size_t from = start;
  while (fields.size() < 7) {
    const auto colon = line.find(':', from);
    if (colon == std::string::npos) break;
    fields.push_back(line.substr(from, colon - from));
    from = colon + 1;
  }
  if (fields.size() < 5 || fields[4].empty()) return line;
  const std::string data = fields.size() == 7 ? line.substr(from) : "";
  return data.empty() ? fields[4] : fields[4] + " (" + data + ")";
}

std::string describe_cut_handshake(const std::string& openssl_reasons) {
  if (openssl_reasons.find("shutdown while in init") == std::string::npos) return openssl_reasons;
  return "the broker ended the handshake: it does not accept this node's certificate "
         "(--cert-file, --key-file) or requires one";
}

const char* connack_refusal(int code) {
  switch (code) {
    case 1:
      return "unacceptable protocol version";
    case 2:
      return "client id rejected";
    case 3:
      return "server unavailable";
    case 4:
      return "bad user name or password";
    case 5:
      return "not authorized (wrong password or certificate identity, or an unknown user)";
    default:
      return nullptr;
  }
}

}  // namespace vigie::posix
