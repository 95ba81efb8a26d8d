// vigie-node's words for a refused broker link.
#include <gtest/gtest.h>

#include "tls_error.hpp"

namespace vigie::posix {
namespace {

TEST(TlsError, KeepsTheReasonOfAnOpenSslLine) {
  EXPECT_EQ(describe_tls_error("40D7A1F2B57F0000:error:0A000086:SSL routines:"
                               "tls_post_process_server_certificate:certificate verify failed:"
                               "../ssl/statem/statem_clnt.c:1889:\n"),
            "certificate verify failed");
  EXPECT_EQ(
      describe_tls_error("40D7:error:0A000418:SSL routines:ssl3_read_bytes:tlsv1 alert "
                         "unknown ca:../ssl/record/rec_layer_s3.c:1584:SSL alert number 48\n"),
      "tlsv1 alert unknown ca (SSL alert number 48)");
}

TEST(TlsError, GivesBackALineOfAnotherShapeTrimmed) {
  EXPECT_EQ(describe_tls_error("  something odd happened\n"), "something odd happened");
  EXPECT_EQ(describe_tls_error("x:error:short"), "x:error:short");
  EXPECT_EQ(describe_tls_error("x:error:1:lib:func::file:1:"), "x:error:1:lib:func::file:1:");
  EXPECT_EQ(describe_tls_error(""), "");
}

TEST(TlsError, SaysABrokerThatCutTheHandshakeRefusedTheCertificate) {
  EXPECT_EQ(describe_cut_handshake("shutdown while in init"),
            "the broker ended the handshake: it does not accept this node's certificate "
            "(--cert-file, --key-file) or requires one");
  EXPECT_EQ(describe_cut_handshake("bad length"), "bad length");
  EXPECT_EQ(describe_cut_handshake(""), "");
}

TEST(TlsError, NamesConnackRefusals) {
  EXPECT_STREQ(connack_refusal(4), "bad user name or password");
  EXPECT_NE(std::string(connack_refusal(5)).find("not authorized"), std::string::npos);
  EXPECT_EQ(connack_refusal(0), nullptr);
  EXPECT_EQ(connack_refusal(-1), nullptr);
  EXPECT_EQ(connack_refusal(6), nullptr);
}

}  // namespace
}  // namespace vigie::posix
