// vigie-node's stdin: events and {"until":T} lines in order, bad lines named
// by number and skipped, late events kept and reported, the clock mode.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "core/node_session.hpp"
#include "fake_ports.hpp"
#include "line_intake.hpp"
#include "sample_events.hpp"

namespace vigie::posix {
namespace {

using fw::testing::FakeClock;
using fw::testing::FakeFlash;
using fw::testing::FakeIndicator;
using fw::testing::FakeTransport;

struct TestPorts {
  using Clock = FakeClock;
  using Transport = FakeTransport;
  using Flash = FakeFlash;
  using Indicator = FakeIndicator;
  static constexpr std::size_t kJournalPages = 8;
  static constexpr std::size_t kBatchBytes = 64 * 1024;
};
using Session = fw::NodeSession<TestPorts>;

std::string event_line(std::int64_t ts) {
  return R"({"ts":)" + std::to_string(ts) +
         R"(,"type":"agent.state","agent":"4012","team":"sav-1","state":"available"})";
}

// A node reading `lines` from a pipe; what the intake reports lands in log().
class Intake {
 public:
  explicit Intake(WatermarkSource source, std::uint32_t lateness_ms = 2000, std::uint32_t pages = 8)
      : flash_(4096, pages), journal_(flash_) {
    EXPECT_EQ(::pipe(fds_), 0);
    input_ = std::make_unique<InputLines>(fds_[0]);
    EXPECT_NE(journal_.open(0x9f2c41d07a3be810), Session::JournalType::OpenResult::failed);
    fw::NodeIdentity id;
    EXPECT_TRUE(fw::make_identity("paris-1", "acd-1", fw::NodeKind::acd_bridge, "1.0.0", id));
    session_ = std::make_unique<Session>(clock_, transport_, indicator_, journal_, id,
                                         fw::SessionConfig{});
    log_ = open_memstream(&log_text_, &log_size_);
    intake_ = std::make_unique<LineIntake<Session>>(*input_, *session_, source, lateness_ms, log_);
  }
  ~Intake() {
    ::close(fds_[0]);
    if (fds_[1] >= 0) ::close(fds_[1]);
    std::fclose(log_);
    std::free(log_text_);
  }

  // Writes the lines and reads them in; the result of drain().
  bool feed(const std::vector<std::string>& lines, std::int64_t now_ms = 0) {
    for (const auto& line : lines) {
      const std::string text = line + "\n";
      EXPECT_EQ(::write(fds_[1], text.data(), text.size()), static_cast<ssize_t>(text.size()));
    }
    if (!lines.empty()) input_->fill();  // a read on an empty pipe would block
    return intake_->drain(now_ms);
  }

  std::string log() {
    std::fflush(log_);
    return std::string(log_text_, log_size_);
  }

  LineIntake<Session>& intake() { return *intake_; }
  Session& session() { return *session_; }
  Session::JournalType& journal() { return journal_; }

 private:
  int fds_[2] = {-1, -1};
  FakeFlash flash_;
  Session::JournalType journal_;
  FakeClock clock_;
  FakeTransport transport_;
  FakeIndicator indicator_;
  std::unique_ptr<InputLines> input_;
  std::unique_ptr<Session> session_;
  char* log_text_ = nullptr;
  std::size_t log_size_ = 0;
  std::FILE* log_ = nullptr;
  std::unique_ptr<LineIntake<Session>> intake_;
};

TEST(LineIntake, AnUntilLineVouchesForTheLinesAfterIt) {
  Intake in(WatermarkSource::input);
  EXPECT_FALSE(in.session().late(0)) << "nothing vouched before the first until line";
  ASSERT_TRUE(in.feed({event_line(1000), R"({"until":2000})", event_line(2500)}));
  EXPECT_TRUE(in.session().late(1999));
  EXPECT_FALSE(in.session().late(2000));
  EXPECT_EQ(in.intake().recorded(), 2u);
  EXPECT_EQ(in.intake().bad_lines(), 0u);
  EXPECT_EQ(in.session().stats().late_records, 0u);
  EXPECT_EQ(in.log(), "");
}

TEST(LineIntake, AnEventBelowTheWatermarkIsRecordedWithAWarning) {
  Intake in(WatermarkSource::input);
  ASSERT_TRUE(in.feed({R"({"until":2000})", event_line(1500), event_line(2000)}));
  EXPECT_EQ(in.intake().recorded(), 2u);
  EXPECT_EQ(in.journal().last_seq(), 2u) << "late, but never lost";
  EXPECT_EQ(in.intake().late_lines(), 1u);
  EXPECT_EQ(in.session().stats().late_records, 1u);
  EXPECT_EQ(in.log(),
            "vigie-node: stdin:2: ts 1500 is before a watermark already given; recorded, counted "
            "late\n");
}

TEST(LineIntake, ABadUntilLineIsReportedWithItsNumberAndSkipped) {
  Intake in(WatermarkSource::input);
  ASSERT_TRUE(in.feed({R"({"until":-5})", event_line(1000), R"({"until":3000,"ts":1})",
                       R"({"until":"soon"})", R"({"until":3000})"}));
  EXPECT_EQ(in.intake().bad_lines(), 3u);
  EXPECT_EQ(in.intake().recorded(), 1u);
  EXPECT_TRUE(in.session().late(2999)) << "the good line after the bad ones still counts";
  EXPECT_EQ(in.log(),
            "vigie-node: stdin:1: until: expected an unsigned integer (column 10), line skipped\n"
            "vigie-node: stdin:3: until: an until line holds \"until\" and nothing else (column "
            "20), line skipped\n"
            "vigie-node: stdin:4: until: expected a number (column 10), line skipped\n");
}

TEST(LineIntake, BadEventLinesAreStillReportedAndSkipped) {
  Intake in(WatermarkSource::input);
  ASSERT_TRUE(in.feed({R"({"ts":1,"type":"agent.state"})", event_line(5)}));
  EXPECT_EQ(in.intake().bad_lines(), 1u);
  EXPECT_EQ(in.intake().recorded(), 1u);
  EXPECT_NE(in.log().find("vigie-node: stdin:1: agent: missing"), std::string::npos) << in.log();
}

TEST(LineIntake, WatermarksOffIgnoresUntilLines) {
  Intake in(WatermarkSource::off);
  ASSERT_TRUE(in.feed({R"({"until":2000})", event_line(1000)}, 99999));
  EXPECT_FALSE(in.session().late(1999));
  EXPECT_EQ(in.intake().bad_lines(), 0u);
  EXPECT_EQ(in.intake().late_lines(), 0u);
}

TEST(LineIntake, ClockModeVouchesTheClockMinusTheLatenessOnceTheLinesAreIn) {
  Intake in(WatermarkSource::clock, 2000);
  ASSERT_TRUE(in.feed({event_line(9000)}, 10000));
  EXPECT_EQ(in.intake().late_lines(), 0u) << "read before the promise";
  EXPECT_TRUE(in.session().late(7999));
  EXPECT_FALSE(in.session().late(8000));
  ASSERT_TRUE(in.feed({event_line(7000)}, 10500));
  EXPECT_EQ(in.intake().late_lines(), 1u);
  EXPECT_TRUE(in.session().late(8499));
}

TEST(LineIntake, AnUntilLineWaitsBehindAnEventTheJournalCannotTakeYet) {
  Intake in(WatermarkSource::input, 2000, 2);
  std::uint64_t stored = 0;
  while (in.session().record(fw::testing::numbered_event(stored + 1)) == fw::RecordResult::ok)
    ++stored;
  EXPECT_FALSE(in.feed({event_line(1000), R"({"until":5000})"}));
  EXPECT_FALSE(in.session().late(4999)) << "the until line must not overtake the waiting event";
  const std::string ack = R"({"epoch":"9f2c41d07a3be810","seq":)" + std::to_string(stored) + "}";
  in.session().on_message("vigie/v1/paris-1/node/acd-1/ack",
                          reinterpret_cast<const std::uint8_t*>(ack.data()), ack.size());
  EXPECT_TRUE(in.feed({}));
  EXPECT_EQ(in.journal().last_seq(), stored + 1);
  EXPECT_TRUE(in.session().late(4999));
}

}  // namespace
}  // namespace vigie::posix
