// Plain words for why the broker link failed: an OpenSSL error line, or an
// MQTT CONNACK refusal code.
#pragma once

#include <string>

namespace vigie::posix {

// "40D7...:error:0A000086:SSL routines:tls_post_process_server_certificate:
// certificate verify failed:../ssl/statem/statem_clnt.c:1889:" -> "certificate
// verify failed"; the error's extra data, if any, follows in parentheses. A
// line of another shape comes back trimmed, as it is.
std::string describe_tls_error(const std::string& openssl_line);

// What OpenSSL errors left queued after a failed connection say: "shutdown
// while in init" means the broker ended the handshake, i.e. refused this
// node's certificate (TLS 1.3 judges it after the client's part is done, so
// the refusal reaches no error handler). Other reasons come back as they are.
std::string describe_cut_handshake(const std::string& openssl_reasons);

// The reason for an MQTT 3.1.1 CONNACK return code 1..5; nullptr for any other code.
const char* connack_refusal(int code);

}  // namespace vigie::posix
