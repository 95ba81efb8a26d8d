// The Cortex-M4 image booted in qemu-system-arm: the test feeds agent events
// on USART2 as a desk or a bridge would and plays the modem on USART1, reading
// the node's frames. It checks birth and state, seq and batches, acks (with
// garbled modem frames and bad event lines among them), the nudge command, the
// journal across system resets (QEMU keeps RAM, where this image keeps its
// journal), and the stack's high-water mark. What runs here is the real image
// with its RAM journal: the flash driver runs only against the register-level
// fake (tests/unit/firmware/stm32f4_flash_*), QEMU having no flash controller.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "qemu_node.hpp"

namespace vigie::testing {
namespace {

using nlohmann::json;

const std::string kElf = VIGIE_M4_QEMU_ELF;
constexpr std::uint32_t kStackPaint = 0x57AC0DE5u;  // startup.c
constexpr std::size_t kBatchMax = 20;               // ports/cortex-m/main.cpp

std::string call_of(int n) {
  return "c-" + std::to_string(n);
}

// The n-th event of the stream: its call id says which line it came from.
std::string event_line(int n) {
  json e = {{"type", "agent.state"},
            {"ts", 1764489600000 + n * 1000},
            {"agent", "a-" + std::to_string(n % 20)},
            {"team", "t-1"},
            {"state", n % 2 ? "talking" : "wrap_up"},
            {"call", call_of(n)}};
  return e.dump() + "\n";
}

struct Booted {
  std::string epoch, ack_topic, cmd_topic;
};

struct Gateway;
void record_batch(Gateway& gw, const ModemFrame& f);

// A node speaks first: its Will and its two subscriptions; then the modem
// reports the session up and the node announces itself.
// Frames sent before a reset and still in transit come first: their batches go
// to `before` (a frame the reset cut short is dropped, as a modem would).
Booted boot_and_connect(QemuNode& node, Gateway* before = nullptr) {
  Booted b;
  std::optional<ModemFrame> will;
  while ((will = node.next_frame()) && will->verb != "WILL") {
    if (will->verb == "PUB" && before != nullptr) record_batch(*before, *will);
  }
  EXPECT_TRUE(will.has_value()) << "no Will from the node after boot";
  if (!will) return b;
  const json lost = json::parse(will->payload);
  EXPECT_EQ(lost.at("state"), "lost");
  b.epoch = lost.at("epoch");
  for (int i = 0; i < 2; ++i) {
    auto sub = node.next_frame();
    EXPECT_TRUE(sub && sub->verb == "SUB");
    if (!sub) return b;
    if (sub->topic.size() > 4 && sub->topic.substr(sub->topic.size() - 4) == "/ack")
      b.ack_topic = sub->topic;
    if (sub->topic.size() > 4 && sub->topic.substr(sub->topic.size() - 4) == "/cmd")
      b.cmd_topic = sub->topic;
  }
  EXPECT_FALSE(b.ack_topic.empty());
  EXPECT_FALSE(b.cmd_topic.empty());
  node.to_modem_port("UP\n");
  auto birth = node.next_frame();
  EXPECT_TRUE(birth && birth->verb == "PUB" && birth->retained && birth->qos == 1);
  if (!birth) return b;
  EXPECT_NE(birth->topic.find("/birth"), std::string::npos);
  EXPECT_EQ(json::parse(birth->payload).at("epoch"), b.epoch);
  auto state = node.next_frame();
  EXPECT_TRUE(state && state->retained);
  if (state) {
    EXPECT_EQ(json::parse(state->payload).at("state"), "online");
  }
  return b;
}

// What the gateway has seen: each seq once, with the call it carries. A seq
// sent again (a resend) must carry the same event.
struct Gateway {
  explicit Gateway(std::string e) : epoch(std::move(e)) {}
  std::string epoch;
  std::map<std::uint64_t, std::string> events;  // seq -> call
  std::vector<std::vector<std::uint64_t>> batches;

  // Reads frames until `done` holds; false if the node went quiet first.
  template <class Done>
  bool read_until(QemuNode& node, Done done) {
    while (!done()) {
      auto f = node.next_frame();
      if (!f) return false;
      record_batch(*this, *f);
    }
    return true;
  }
  bool has(std::uint64_t seq) const { return events.count(seq) != 0; }
};

void record_batch(Gateway& gw, const ModemFrame& f) {
  if (f.verb != "PUB" || f.topic.find("/evt") == std::string::npos) return;
  const json batch = json::parse(f.payload);
  EXPECT_EQ(batch.at("epoch"), gw.epoch);
  EXPECT_EQ(f.qos, 1);
  EXPECT_FALSE(f.retained);
  std::vector<std::uint64_t> seqs;
  for (const json& e : batch.at("events")) {
    const std::uint64_t seq = e.at("seq");
    const std::string call = e.at("call");
    auto [it, fresh] = gw.events.emplace(seq, call);
    EXPECT_EQ(it->second, call) << "seq " << seq << " sent again with another event";
    if (!seqs.empty()) {
      EXPECT_EQ(seq, seqs.back() + 1) << "a batch holds consecutive seqs";
    }
    seqs.push_back(seq);
  }
  EXPECT_LE(seqs.size(), kBatchMax);
  gw.batches.push_back(seqs);
}

int line_of(const std::string& call) {
  return std::stoi(call.substr(2));
}

void ack(QemuNode& node, const Booted& b, std::uint64_t seq) {
  const std::string payload = json{{"epoch", b.epoch}, {"seq", seq}, {"ts", 1764489600000}}.dump();
  node.to_modem_port("MSG " + b.ack_topic + " " + std::to_string(payload.size()) + "\n" + payload +
                     "\n");
}

class QemuBoot : public ::testing::Test {
 protected:
  void SetUp() override {
    qemu_ = QemuNode::find_qemu();
    if (!qemu_)
      GTEST_SKIP() << "qemu-system-arm is not installed (scripts/setup installs it): the "
                      "Cortex-M4 image was not booted";
    ASSERT_TRUE(std::filesystem::exists(kElf))
        << kElf << " is missing: build it first (cmake --preset cortex-m && cmake --build "
        << "--preset cortex-m)";
  }
  std::optional<std::string> qemu_;
};

TEST_F(QemuBoot, EventsFromTheFeedLeaveInBatchesWithConsecutiveSeqsUntilAcked) {
  QemuNode node(*qemu_, kElf);
  const Booted b = boot_and_connect(node);
  ASSERT_FALSE(HasFailure());
  Gateway gw(b.epoch);

  // 45 events, with bad lines among them: malformed JSON, an unknown type, a
  // line longer than the node's 1 KiB line buffer. Each is skipped alone.
  for (int n = 1; n <= 45; ++n) {
    node.to_feed_port(event_line(n));
    if (n == 5) node.to_feed_port("{\"type\":\"agent.state\",\"ts\":\n");
    if (n == 6) node.to_feed_port("{\"type\":\"coffee.break\",\"ts\":1}\n");
    if (n == 7) node.to_feed_port(std::string(1500, 'x') + "\n");
  }
  ASSERT_TRUE(gw.read_until(node, [&] { return gw.events.size() >= 45; }));
  for (std::uint64_t seq = 1; seq <= 45; ++seq) EXPECT_EQ(gw.events[seq], call_of(int(seq)));
  EXPECT_EQ(gw.events.size(), 45u) << "a bad line became an event";
  EXPECT_GE(gw.batches.size(), 3u) << "45 events need at least three batches of 20";

  // Garbled modem frames are skipped; the ack after them still counts. Unacked
  // events go again after the ack timeout, from the first unacked seq.
  node.to_modem_port("HELLO\nMSG " + b.ack_topic + " x\nMSG " + b.ack_topic + " 999999999\n");
  ack(node, b, 30);
  bool resent_from_31 = false;
  ASSERT_TRUE(gw.read_until(node, [&] {
    if (!gw.batches.empty() && !gw.batches.back().empty() && gw.batches.back().front() == 31)
      resent_from_31 = true;
    return resent_from_31;
  })) << "the node never resent from seq 31";
  ack(node, b, 45);
}

TEST_F(QemuBoot, AResetMidStreamKeepsTheJournalTheEpochAndTheSeqs) {
  QemuNode node(*qemu_, kElf);
  const Booted first = boot_and_connect(node);
  ASSERT_FALSE(HasFailure());
  Gateway gw(first.epoch);
  for (int n = 1; n <= 25; ++n) node.to_feed_port(event_line(n));
  ASSERT_TRUE(gw.read_until(node, [&] { return gw.has(25); }));
  ack(node, first, 10);

  // Reset while 11..25 are unacked: they come back with their seqs.
  node.reset();
  const Booted second = boot_and_connect(node, &gw);
  ASSERT_FALSE(HasFailure());
  EXPECT_EQ(second.epoch, first.epoch) << "the journal was formatted again";
  Gateway after(first.epoch);
  ASSERT_TRUE(after.read_until(node, [&] { return after.has(25); }));
  for (std::uint64_t seq = 11; seq <= 25; ++seq) EXPECT_EQ(after.events[seq], call_of(int(seq)));

  // Reset in the middle of a burst, as soon as its first batch has left.
  // Every event the node sent before the reset (so had journaled) is sent
  // again after it with the same seq; lines still in the UART's ring are gone
  // (the feed does not resend), and the rest of the burst, still in QEMU's
  // serial buffer, arrives after the boot.
  for (int n = 26; n <= 65; ++n) node.to_feed_port(event_line(n));
  Gateway before_reset(first.epoch);
  ASSERT_TRUE(before_reset.read_until(node, [&] {
    return !before_reset.events.empty() && before_reset.events.rbegin()->first >= 26;
  }));
  node.reset();
  const Booted third = boot_and_connect(node, &before_reset);
  ASSERT_FALSE(HasFailure());
  EXPECT_EQ(third.epoch, first.epoch);
  node.to_feed_port(event_line(100));
  Gateway last(first.epoch);
  std::uint64_t sentinel = 0;
  ASSERT_TRUE(last.read_until(node, [&] {
    for (const auto& [seq, call] : last.events)
      if (call == call_of(100)) sentinel = seq;
    return sentinel != 0 && last.has(11);
  }));
  ASSERT_GE(sentinel, 26u);
  int previous_line = 10;
  for (std::uint64_t seq = 11; seq <= sentinel; ++seq) {
    ASSERT_TRUE(last.has(seq)) << "lost " << seq;
    const int line = line_of(last.events[seq]);
    EXPECT_GT(line, previous_line) << "seq " << seq << ": events out of feed order, or doubled";
    previous_line = line;
    if (seq <= 25) {
      EXPECT_EQ(line, int(seq));
    }
  }
  for (const auto& [seq, call] : before_reset.events) {
    if (seq > 10) {
      EXPECT_EQ(last.events[seq], call) << "seq " << seq << " changed in the reset";
    }
  }
  EXPECT_EQ(last.events.rbegin()->first, sentinel) << "a seq after the newest event";
  std::printf("a burst of 40 lines cut by a reset: up to seq %llu sent before it, %d journaled\n",
              static_cast<unsigned long long>(before_reset.events.rbegin()->first),
              int(sentinel - 26));
}

TEST_F(QemuBoot, ANudgeReachesTheDisplayAndTheStackStaysWithinItsReserve) {
  const auto display = find_symbol(kElf, "vigie::board::(anonymous namespace)::g_display");
  const auto bottom = find_symbol(kElf, "_sstack");
  const auto top = find_symbol(kElf, "_estack");
  ASSERT_TRUE(display && bottom && top) << "arm-none-eabi-nm could not read " << kElf;

  QemuNode node(*qemu_, kElf);
  const Booted b = boot_and_connect(node);
  ASSERT_FALSE(HasFailure());
  Gateway gw(b.epoch);
  // The deepest paths: event lines (the largest parse), acks, a command.
  for (int n = 1; n <= 30; ++n) node.to_feed_port(event_line(n));
  ASSERT_TRUE(gw.read_until(node, [&] { return gw.has(30); }));
  ack(node, b, 30);
  const std::string nudge = json{
      {"cmd", "nudge"},
      {"agent", "a-1"},
      {"criterion", "work_run"},
      {"text", "pause now"}}.dump();
  node.to_modem_port("MSG " + b.cmd_topic + " " + std::to_string(nudge.size()) + "\n" + nudge +
                     "\n");
  node.to_feed_port(event_line(31));  // its batch shows the nudge was read before it
  ASSERT_TRUE(gw.read_until(node, [&] { return gw.has(31); }));

  const auto text = node.read_words(display->address, 8);
  ASSERT_EQ(text.size(), 8u);
  std::string shown(reinterpret_cast<const char*>(text.data()), 32);
  EXPECT_EQ(shown.substr(0, 18), "work_run pause now");

  const std::size_t words = (top->address - bottom->address) / 4;
  const auto stack = node.read_words(bottom->address, words);
  ASSERT_EQ(stack.size(), words);
  std::size_t untouched = 0;
  while (untouched < words && stack[untouched] == kStackPaint) ++untouched;
  const std::size_t used = (words - untouched) * 4;
  std::printf("stack high-water: %zu B of the %zu B reserve\n", used, words * 4);
  EXPECT_GT(untouched, 0u) << "the stack reached its bottom";
  EXPECT_LE(used + 512, words * 4) << "less than 512 B of the stack reserve left";
}

}  // namespace
}  // namespace vigie::testing
