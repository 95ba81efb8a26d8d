// The evt payload, byte for byte as contract.md sec. 3.2 shows it.
#include "core/batch_encoder.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "core/event_json.hpp"
#include "sample_events.hpp"

namespace vigie::fw {
namespace {

using testing::agent_state;

Id id(const char* s) {
  Id out;
  out.assign(s);
  return out;
}

TEST(BatchEncoder, WritesTheContractExampleExactly) {
  char buf[4096];
  BatchEncoder batch(buf, sizeof buf);
  batch.begin(id("acd-1"), 0x9f2c41d07a3be810);
  ASSERT_TRUE(batch.add(1042, agent_state(1764489600123, "4012", "sav-1", AgentState::talking,
                                          "c-88121", "billing")));
  ASSERT_TRUE(
      batch.add(1043, agent_state(1764489781002, "4012", "sav-1", AgentState::wrap_up, "c-88121")));
  std::size_t n = batch.finish();
  EXPECT_EQ(std::string(buf, n),
            R"({"v":1,"node":"acd-1","epoch":"9f2c41d07a3be810",)"
            R"("events":[)"
            R"({"seq":1042,"ts":1764489600123,"type":"agent.state","agent":"4012","team":"sav-1",)"
            R"("state":"talking","call":"c-88121","queue":"billing"},)"
            R"({"seq":1043,"ts":1764489781002,"type":"agent.state","agent":"4012","team":"sav-1",)"
            R"("state":"wrap_up","call":"c-88121"}]})");
  EXPECT_EQ(batch.count(), 2u);
}

TEST(BatchEncoder, RefusesAnEventThatDoesNotFitAndStillClosesCleanly) {
  char buf[300];
  BatchEncoder batch(buf, sizeof buf);
  batch.begin(id("n"), 1);
  std::size_t added = 0;
  while (batch.add(added + 1, testing::numbered_event(added + 1))) ++added;
  ASSERT_GE(added, 1u);
  std::size_t n = batch.finish();
  ASSERT_GT(n, 0u);
  ASSERT_LE(n, sizeof buf);
  std::string json(buf, n);
  EXPECT_EQ(json.substr(json.size() - 3), "}]}");
  EXPECT_EQ(batch.count(), added);
}

TEST(BatchEncoder, AnEmptyBatchIsNotAPayload) {
  char buf[300];
  BatchEncoder batch(buf, sizeof buf);
  batch.begin(id("n"), 1);
  EXPECT_EQ(batch.finish(), 0u);
}

TEST(BatchEncoder, TheEnvelopeBoundCoversTheLongestNodeId) {
  char buf[BatchEncoder::kEnvelopeMax + kMaxEventJson];
  BatchEncoder batch(buf, sizeof buf);
  batch.begin(id(std::string(kIdMax, 'n').c_str()), ~0ull);
  EXPECT_TRUE(batch.add(~0ull, testing::largest_event()));
  EXPECT_GT(batch.finish(), 0u);
}

TEST(BatchEncoder, TheEnvelopeBoundCoversTheLongestUntil) {
  char buf[BatchEncoder::kEnvelopeMax + kMaxEventJson];
  BatchEncoder batch(buf, sizeof buf);
  batch.begin(id(std::string(kIdMax, 'n').c_str()), ~0ull);
  EXPECT_TRUE(batch.add(~0ull, testing::largest_event()));
  const std::size_t n = batch.finish(INT64_MIN);
  ASSERT_GT(n, 0u);
  EXPECT_EQ(std::string(buf, n).substr(n - 32), R"(}],"until":-9223372036854775808})");
}

TEST(BatchEncoder, AWatermarkIsAnEmptyBatchWithUntil) {
  char buf[300];
  BatchEncoder batch(buf, sizeof buf);
  batch.begin(id("acd-1"), 0x9f2c41d07a3be810);
  std::size_t n = batch.finish(1764489790000);
  EXPECT_EQ(
      std::string(buf, n),
      R"({"v":1,"node":"acd-1","epoch":"9f2c41d07a3be810","events":[],"until":1764489790000})");
}

TEST(BatchEncoder, UntilComesAfterTheEvents) {
  char buf[4096];
  BatchEncoder batch(buf, sizeof buf);
  batch.begin(id("acd-1"), 0x9f2c41d07a3be810);
  ASSERT_TRUE(batch.add(7, agent_state(1764489600123, "4012", "sav-1", AgentState::available)));
  std::size_t n = batch.finish(1764489600000);
  EXPECT_EQ(std::string(buf, n),
            R"({"v":1,"node":"acd-1","epoch":"9f2c41d07a3be810","events":[)"
            R"({"seq":7,"ts":1764489600123,"type":"agent.state","agent":"4012","team":"sav-1",)"
            R"("state":"available"}],"until":1764489600000})");
}

TEST(BatchEncoder, AFullBufferStillLeavesRoomForUntil) {
  char buf[400];
  BatchEncoder batch(buf, sizeof buf);
  batch.begin(id("n"), 1);
  std::size_t added = 0;
  while (batch.add(added + 1, testing::numbered_event(added + 1))) ++added;
  ASSERT_GE(added, 1u);
  const std::size_t n = batch.finish(INT64_MIN);
  ASSERT_GT(n, 0u);
  EXPECT_LE(n, sizeof buf);
  EXPECT_EQ(batch.count(), added);
}

}  // namespace
}  // namespace vigie::fw
