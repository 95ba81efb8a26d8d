// Plain words for why the broker link failed: an OpenSSL error line from
// Paho's TLS error handler, or an MQTT CONNACK refusal code.
#pragma once

#include <string>
#include <string_view>

namespace vigie::broker {

// "40D7...:error:0A000086:SSL routines:tls_post_process_server_certificate:
// certificate verify failed:../ssl/statem/statem_clnt.c:1889:" -> "certificate
// verify failed"; the error's extra data, if any, follows in parentheses. A
// line of another shape comes back trimmed, as it is.
std::string describe_tls_error(std::string_view openssl_line);

// The reason for an MQTT 3.1.1 CONNACK return code 1..5; empty for any other code.
std::string_view connack_refusal(int code);

}  // namespace vigie::broker
