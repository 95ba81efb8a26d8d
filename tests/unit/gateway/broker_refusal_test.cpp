// The gateway's words for a refused broker link.
#include "broker/broker_refusal.hpp"

#include <gtest/gtest.h>

namespace vigie::broker {
namespace {

TEST(BrokerRefusal, KeepsTheReasonOfAnOpenSslLine) {
  EXPECT_EQ(describe_tls_error("40D7A1F2B57F0000:error:0A000086:SSL routines:"
                               "tls_post_process_server_certificate:certificate verify failed:"
                               "../ssl/statem/statem_clnt.c:1889:\n"),
            "certificate verify failed");
  EXPECT_EQ(
      describe_tls_error("40D7:error:0A000418:SSL routines:ssl3_read_bytes:tlsv1 alert "
                         "unknown ca:../ssl/record/rec_layer_s3.c:1584:SSL alert number 48\n"),
      "tlsv1 alert unknown ca (SSL alert number 48)");
}

TEST(BrokerRefusal, GivesBackALineOfAnotherShapeTrimmed) {
  EXPECT_EQ(describe_tls_error("  something odd happened\n"), "something odd happened");
  EXPECT_EQ(describe_tls_error("x:error:short"), "x:error:short");
  EXPECT_EQ(describe_tls_error("x:error:1:lib:func::file:1:"), "x:error:1:lib:func::file:1:");
  EXPECT_EQ(describe_tls_error(" \n"), "");
}

TEST(BrokerRefusal, NamesConnackRefusals) {
  EXPECT_EQ(connack_refusal(4), "bad user name or password");
  EXPECT_NE(connack_refusal(5).find("not authorized"), std::string_view::npos);
  EXPECT_TRUE(connack_refusal(0).empty());
  EXPECT_TRUE(connack_refusal(-1).empty());
}

}  // namespace
}  // namespace vigie::broker
