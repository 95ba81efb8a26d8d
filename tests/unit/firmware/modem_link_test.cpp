// The node's serial framing to its modem (ports/cortex-m/modem_link.hpp): the
// frames it writes, and what it makes of the bytes the modem sends, garbage
// included.
#include "modem_link.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vigie::board {
namespace {

using Event = ModemFrameReader::Event;

struct Seen {
  std::vector<Event> events;
  std::vector<std::string> topics, payloads;
};

Seen feed(ModemFrameReader& r, const std::string& bytes) {
  Seen seen;
  for (char c : bytes) {
    const Event e = r.feed(static_cast<std::uint8_t>(c));
    if (e == Event::none) continue;
    seen.events.push_back(e);
    if (e == Event::message) {
      seen.topics.emplace_back(r.topic());
      seen.payloads.emplace_back(reinterpret_cast<const char*>(r.payload()), r.size());
    }
  }
  return seen;
}

TEST(ModemFrameReader, ReadsLinkStateAndMessages) {
  ModemFrameReader r;
  Seen s = feed(r, "UP\nMSG vigie/v1/s/node/n/ack 21\n{\"epoch\":\"x\",\"seq\":7}\nDOWN\r\n");
  ASSERT_EQ(s.events.size(), 3u);
  EXPECT_EQ(s.events[0], Event::link_up);
  EXPECT_EQ(s.events[1], Event::message);
  EXPECT_EQ(s.events[2], Event::link_down);
  EXPECT_EQ(s.topics[0], "vigie/v1/s/node/n/ack");
  EXPECT_EQ(s.payloads[0], "{\"epoch\":\"x\",\"seq\":7}");
  EXPECT_EQ(r.bad_frames(), 0u);
}

TEST(ModemFrameReader, APayloadMayHoldNewlinesAndEmptyOnesAreMessagesToo) {
  ModemFrameReader r;
  Seen s = feed(r, "MSG t 3\na\nb\nMSG t 0\n\n");
  ASSERT_EQ(s.payloads.size(), 2u);
  EXPECT_EQ(s.payloads[0], "a\nb");
  EXPECT_EQ(s.payloads[1], "");
}

TEST(ModemFrameReader, SkipsBadHeadersAndKeepsReadingAfterThem) {
  ModemFrameReader r;
  Seen s = feed(r,
                "HELLO\n"           // unknown verb
                "MSG t\n"           // no size
                "MSG  5\n"          // no topic
                "MSG t x5\n"        // size not a number
                "MSG t 05\n"        // leading zero
                "MSG t 99999999\n"  // beyond any frame of this link
                "UPS\n"
                "\n"
                "UP\n");
  ASSERT_EQ(s.events.size(), 1u);
  EXPECT_EQ(s.events[0], Event::link_up);
  EXPECT_EQ(r.bad_frames(), 8u);
}

TEST(ModemFrameReader, AnOverlongHeaderIsSkippedToItsNewline) {
  ModemFrameReader r;
  Seen s = feed(r, "MSG " + std::string(400, 't') + " 2\nab\nUP\n");
  // The header is dropped at its newline; "ab" is then a line of its own.
  ASSERT_EQ(s.events.size(), 1u);
  EXPECT_EQ(s.events[0], Event::link_up);
  EXPECT_EQ(r.bad_frames(), 2u);
}

TEST(ModemFrameReader, APayloadTooLargeToKeepIsSkippedWhole) {
  ModemFrameReader r;
  const std::string big(ModemFrameReader::kPayloadMax + 1, '{');
  Seen s = feed(r, "MSG t " + std::to_string(big.size()) + "\n" + big + "\nMSG t 2\nok\n");
  ASSERT_EQ(s.payloads.size(), 1u);
  EXPECT_EQ(s.payloads[0], "ok");
  EXPECT_EQ(r.bad_frames(), 1u);
}

TEST(ModemFrameReader, APayloadWithoutItsNewlineIsRejectedAndTheLineSkipped) {
  ModemFrameReader r;
  Seen s = feed(r, "MSG t 2\nabc\nUP\n");  // one byte too many
  ASSERT_EQ(s.events.size(), 1u);
  EXPECT_EQ(s.events[0], Event::link_up);
  EXPECT_EQ(r.bad_frames(), 1u);
}

TEST(ModemLinkHeaders, WriteTheNodesFrames) {
  char out[64];
  std::size_t n = write_pub_header(1, true, "vigie/v1/s/node/n/birth", 91, out, sizeof out);
  EXPECT_EQ(std::string(out, n), "PUB 1 1 vigie/v1/s/node/n/birth 91\n");
  n = write_pub_header(0, false, "t", 0, out, sizeof out);
  EXPECT_EQ(std::string(out, n), "PUB 0 0 t 0\n");
  n = write_will_header("a/state", 4096, out, sizeof out);
  EXPECT_EQ(std::string(out, n), "WILL a/state 4096\n");
  n = write_sub_header("a/ack", out, sizeof out);
  EXPECT_EQ(std::string(out, n), "SUB a/ack\n");
}

TEST(ModemLinkHeaders, RefuseUnusableTopicsAndSmallBuffers) {
  char out[64];
  EXPECT_EQ(write_sub_header("", out, sizeof out), 0u);
  EXPECT_EQ(write_sub_header("a b", out, sizeof out), 0u);
  EXPECT_EQ(write_sub_header("a\nb", out, sizeof out), 0u);
  EXPECT_EQ(write_pub_header(3, false, "t", 1, out, sizeof out), 0u);
  EXPECT_EQ(write_pub_header(1, false, std::string(200, 't').c_str(), 1, out, sizeof out), 0u);
  EXPECT_EQ(write_will_header("topic", 123456, out, 12), 0u);
}

TEST(ModemLinkHeaders, WhatTheNodeWritesItsModemCouldRead) {
  // A PUB header has the shape of an MSG header plus two fields: the reader's
  // size rules (no sign, no leading zero) hold for what the writer produces.
  char out[64];
  const std::size_t n = write_pub_header(1, false, "t/x", 512, out, sizeof out);
  const std::string header(out, n);
  ModemFrameReader r;
  Seen s =
      feed(r, "MSG t/x " + header.substr(header.rfind(' ') + 1) + std::string(512, 'p') + "\n");
  ASSERT_EQ(s.payloads.size(), 1u);
  EXPECT_EQ(s.payloads[0].size(), 512u);
}

}  // namespace
}  // namespace vigie::board
