// A reconnect restores what the broker should retain: the active alerts (which
// the engine holds) again, and every clear sent since the last connect (which
// the publisher remembers).
#include "notify/alert_publisher.hpp"

#include <gtest/gtest.h>

#include <map>
#include <vector>

namespace vigie::notify {
namespace {

struct Sent {
  std::string topic, payload;
  bool retained;
};

class RecordingOutbox : public broker::Outbox {
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

// Stands for the engine: its active alerts, after the same transitions.
struct Floor {
  std::map<std::string, engine::Alert> active;
  void apply(AlertPublisher& publisher, const engine::AlertTransition& t) {
    publisher.publish(t);
    if (t.alert.state == engine::AlertState::resolved)
      active.erase(t.alert.id);
    else
      active[t.alert.id] = t.alert;
  }
  auto each() const {
    return [this](auto&& fn) {
      for (const auto& [id, alert] : active) fn(alert);
    };
  }
};

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
  Floor floor;
  floor.apply(publisher, transition("4012", engine::AlertState::firing));
  floor.apply(publisher, transition("4013", engine::AlertState::firing));
  floor.apply(publisher, transition("4013", engine::AlertState::resolved));
  out.sent.clear();

  publisher.republish(floor.each());
  ASSERT_EQ(out.sent.size(), 2u);
  EXPECT_EQ(out.sent[0].topic, kTopic4013);
  EXPECT_EQ(out.sent[0].payload, "") << "the clear may have been lost with the connection";
  EXPECT_EQ(out.sent[1].topic, kTopic4012);
  EXPECT_NE(out.sent[1].payload.find("\"firing\""), std::string::npos);

  out.sent.clear();
  publisher.republish(floor.each());
  ASSERT_EQ(out.sent.size(), 1u) << "a clear is repeated at the next connect only";
  EXPECT_EQ(out.sent[0].topic, kTopic4012);
}

TEST(AlertPublisher, AnAlertReopenedAfterAClearIsNotClearedOnRepublish) {
  RecordingOutbox out;
  AlertPublisher publisher("paris-1", out);
  Floor floor;
  floor.apply(publisher, transition("4012", engine::AlertState::firing));
  floor.apply(publisher, transition("4012", engine::AlertState::resolved));
  floor.apply(publisher, transition("4012", engine::AlertState::due));
  out.sent.clear();
  publisher.republish(floor.each());
  ASSERT_EQ(out.sent.size(), 1u);
  EXPECT_NE(out.sent[0].payload.find("\"due\""), std::string::npos);
}

TEST(AlertPublisher, AlertsRebuiltAtStartArePublishedAtTheFirstConnect) {
  RecordingOutbox out;
  AlertPublisher publisher("paris-1", out);
  Floor rebuilt;  // the engine rebuilt them from the store: never published by this process
  rebuilt.active["id-4012"] = transition("4012", engine::AlertState::firing).alert;
  publisher.republish(rebuilt.each());
  ASSERT_EQ(out.sent.size(), 1u);
  EXPECT_EQ(out.sent[0].topic, kTopic4012);
  EXPECT_NE(out.sent[0].payload.find("\"firing\""), std::string::npos);
  EXPECT_TRUE(out.sent[0].retained);
}

TEST(AlertPublisher, KeepsNoCopyOfAnActiveAlert) {
  RecordingOutbox out;
  AlertPublisher publisher("paris-1", out);
  publisher.publish(transition("4012", engine::AlertState::firing));
  out.sent.clear();
  Floor none;  // the engine resolved it meanwhile (its clear not yet sent): nothing to restore
  publisher.republish(none.each());
  EXPECT_TRUE(out.sent.empty());
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
