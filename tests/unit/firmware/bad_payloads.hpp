// Payloads a node must shrug off on its ack and cmd topics.
#pragma once

#include <string>
#include <vector>

namespace vigie::fw::testing {

inline std::vector<std::string> bad_control_payloads() {
  std::vector<std::string> bad = {
      "",
      " ",
      "null",
      "[]",
      "\"ack\"",
      "{",
      "{}",
      "not json at all",
      R"({"epoch":"9f2c41d07a3be810"})",
      R"({"seq":5})",
      R"({"epoch":"9f2c41d07a3be81","seq":5})",
      R"({"epoch":"9f2c41d07a3be8100","seq":5})",
      R"({"epoch":"9f2c41d07a3be81g","seq":5})",
      R"({"epoch":12345,"seq":5})",
      R"({"epoch":"9f2c41d07a3be810","seq":-1})",
      R"({"epoch":"9f2c41d07a3be810","seq":1.5})",
      R"({"epoch":"9f2c41d07a3be810","seq":"5"})",
      R"({"epoch":"9f2c41d07a3be810","seq":99999999999999999999999})",
      R"({"epoch":"9f2c41d07a3be810","seq":5} trailing)",
      R"({"epoch":"9f2c41d07a3be810","seq":5,})",
      R"({"cmd":"resync","epoch":"9f2c41d07a3be810"})",
      R"({"cmd":"resync","epoch":"9f2c41d07a3be810","from_seq":0})",
      R"({"cmd":"resync","from_seq":3})",
      R"({"cmd":"reboot"})",
      R"({"cmd":42})",
      R"({"cmd":"nudge","criterion":"BRK-01","text":"hi"})",
      R"({"cmd":"nudge","agent":"not an id","criterion":"BRK-01","text":"hi"})",
      R"({"cmd":"nudge","agent":"4012","text":"hi"})",
      R"({"cmd":"nudge","agent":"4012","criterion":"BRK-01","text":"bad \x escape"})",
      "{\"cmd\":\"nudge\",\"agent\":\"4012\",\"criterion\":\"BRK-01\",\"text\":\"\xff\xfe\"}",
      std::string("{\"epoch\":\"9f2c41d07a3be810\",\"seq\":5\0}", 37),
  };
  bad.push_back(std::string(100000, '['));
  bad.push_back("{\"x\":" + std::string(40, '[') + std::string(40, ']') +
                ",\"epoch\":\"9f2c41d07a3be810\",\"seq\":5}");
  return bad;
}

}  // namespace vigie::fw::testing
