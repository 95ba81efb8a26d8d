// The alert publisher keeps what the broker should retain, so a reconnect
// restores it: active alerts again, and every clear sent since the last connect.
#include "notify/alert_publisher.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace vigie::notify {
namespace {

struct Sent {
  std::string topic, payload;
  bool retained;
};

class RecordingOutbox : public ingest::Outbox {
 public:
  void publish(const std::string& topic, const std::string& payload, bool retained) override {
    sent.push_back({topic, payload, retained});
  }
  std::vector<Sent> sent;
};

engine::AlertTransition transition(const std::string& agent, engine::AlertState state) {
  engine::AlertTransition t;
  t.alert.id = "id-" + agent;
  t.alert.criterion = "BRK-01";
  t.alert.site = "paris-1";
  t.alert.subject = {referentiel::Scope::agent, agent};
  t.alert.state = state;
  t.key = t.alert.id + ":" + std::string(engine::to_string(state)) + ":1";
  return t;
}

const std::string kTopic4012 = "vigie/v1/paris-1/alert/BRK-01/agent.4012";
const std::string kTopic4013 = "vigie/v1/paris-1/alert/BRK-01/agent.4013";

TEST(AlertPublisher, PublishesActiveRetainedAndClearsWithAnEmptyRetainedPayload) {
  RecordingOutbox out;
  AlertPublisher publisher("paris-1", out);
  publisher.publish(transition("4012", engine::AlertState::firing));
  publisher.publish(transition("4012", engine::AlertState::resolved));
  ASSERT_EQ(out.sent.size(), 2u);
  EXPECT_EQ(out.sent[0].topic, kTopic4012);
  EXPECT_TRUE(out.sent[0].retained);
  EXPECT_NE(out.sent[0].payload.find("\"firing\""), std::string::npos);
  EXPECT_EQ(out.sent[1].topic, kTopic4012);
  EXPECT_TRUE(out.sent[1].retained);
  EXPECT_EQ(out.sent[1].payload, "");
}

TEST(AlertPublisher, RepublishRestoresActiveAlertsAndRepeatsClearsOnce) {
  RecordingOutbox out;
  AlertPublisher publisher("paris-1", out);
  publisher.publish(transition("4012", engine::AlertState::firing));
  publisher.publish(transition("4013", engine::AlertState::firing));
  publisher.publish(transition("4013", engine::AlertState::resolved));
  out.sent.clear();

  publisher.republish();
  ASSERT_EQ(out.sent.size(), 2u);
  EXPECT_EQ(out.sent[0].topic, kTopic4013);
  EXPECT_EQ(out.sent[0].payload, "") << "the clear may have been lost with the connection";
  EXPECT_EQ(out.sent[1].topic, kTopic4012);
  EXPECT_NE(out.sent[1].payload.find("\"firing\""), std::string::npos);

  out.sent.clear();
  publisher.republish();
  ASSERT_EQ(out.sent.size(), 1u) << "a clear is repeated at the next connect only";
  EXPECT_EQ(out.sent[0].topic, kTopic4012);
}

TEST(AlertPublisher, AnAlertReopenedAfterAClearIsNotClearedOnRepublish) {
  RecordingOutbox out;
  AlertPublisher publisher("paris-1", out);
  publisher.publish(transition("4012", engine::AlertState::firing));
  publisher.publish(transition("4012", engine::AlertState::resolved));
  publisher.publish(transition("4012", engine::AlertState::due));
  out.sent.clear();
  publisher.republish();
  ASSERT_EQ(out.sent.size(), 1u);
  EXPECT_NE(out.sent[0].payload.find("\"due\""), std::string::npos);
}

TEST(AlertPublisher, RemembersAlertsRebuiltAtStartForTheFirstConnect) {
  RecordingOutbox out;
  AlertPublisher publisher("paris-1", out);
  publisher.remember(transition("4012", engine::AlertState::firing).alert);
  publisher.remember(transition("4013", engine::AlertState::resolved).alert);
  EXPECT_TRUE(out.sent.empty()) << "remembering publishes nothing by itself";
  publisher.republish();
  ASSERT_EQ(out.sent.size(), 1u);
  EXPECT_EQ(out.sent[0].topic, kTopic4012);
}

TEST(AlertPublisher, NudgesGoToTheReportingNodeAndNowhereWithoutOne) {
  RecordingOutbox out;
  AlertPublisher publisher("paris-1", out);
  engine::Nudge nudge{"", "4012", "BRK-01", "id-4012", 0, "Pause due"};
  publisher.nudge(nudge);
  EXPECT_TRUE(out.sent.empty());
  nudge.node = "desk-7";
  publisher.nudge(nudge);
  ASSERT_EQ(out.sent.size(), 1u);
  EXPECT_EQ(out.sent[0].topic, "vigie/v1/paris-1/node/desk-7/cmd");
  EXPECT_FALSE(out.sent[0].retained);
  EXPECT_NE(out.sent[0].payload.find("\"nudge\""), std::string::npos);
}

}  // namespace
}  // namespace vigie::notify
