#include "api/request_log.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace vigie::api {
namespace {

using std::chrono::microseconds;

TEST(RequestLog, LineHoldsMethodPathStatusAndDuration) {
  EXPECT_EQ(format_request_log("GET", "/api/v1/stats", 200, microseconds(1500)),
            "http GET /api/v1/stats 200 1.500ms");
}

TEST(RequestLog, QueryStringIsCutOff) {
  const std::string line =
      format_request_log("GET", "/api/v1/alerts?state=all&access_token=abc", 200, {});
  EXPECT_EQ(line.find("access_token"), std::string::npos);
  EXPECT_NE(line.find("/api/v1/alerts 200"), std::string::npos);
}

TEST(RequestLog, ControlBytesCannotForgeALine) {
  const std::string line = format_request_log("GET", "/a\nhttp GET /b", 404, {});
  EXPECT_EQ(line.find('\n'), std::string::npos);
}

TEST(RequestLog, UnknownMethodAndPathShowAsDash) {
  EXPECT_EQ(format_request_log("", "", 400, {}), "http - - 400 0.000ms");
}

TEST(RequestLog, VeryLongPathIsCut) {
  const std::string line = format_request_log("GET", "/" + std::string(1000, 'a'), 404, {});
  EXPECT_LT(line.size(), 300u);
}

}  // namespace
}  // namespace vigie::api
