#include "api/live_outbox.hpp"

#include <gtest/gtest.h>

#include <string>

namespace vigie::api {
namespace {

SharedText text(std::size_t size, char c = 'x') {
  return std::make_shared<const std::string>(size, c);
}

TEST(LiveOutbox, FirstOfferStartsTheWriterLaterOnesDoNot) {
  LiveOutbox box({.max_messages = 4, .max_bytes = 1000});
  EXPECT_TRUE(box.offer(text(10)));
  EXPECT_FALSE(box.offer(text(10)));
  EXPECT_EQ(box.take().kind, LiveOutbox::Next::Kind::message);
  EXPECT_EQ(box.take().kind, LiveOutbox::Next::Kind::message);
  EXPECT_EQ(box.take().kind, LiveOutbox::Next::Kind::idle);
  EXPECT_TRUE(box.offer(text(10)));  // the writer stopped: a new one is needed
}

TEST(LiveOutbox, MessagesComeOutInOrder) {
  LiveOutbox box({});
  box.offer(std::make_shared<const std::string>("a"));
  box.offer(std::make_shared<const std::string>("b"));
  EXPECT_EQ(*box.take().message, "a");
  EXPECT_EQ(*box.take().message, "b");
}

TEST(LiveOutbox, TooManyMessagesDropTheQueueForASnapshot) {
  LiveOutbox box({.max_messages = 3, .max_bytes = 1000});
  for (int i = 0; i < 4; ++i) box.offer(text(1));
  const auto c = box.counters();
  EXPECT_EQ(c.overflows, 1u);
  EXPECT_EQ(c.dropped, 4u);
  EXPECT_EQ(c.peak_messages, 3u);
  EXPECT_EQ(box.take().kind, LiveOutbox::Next::Kind::snapshot);
  EXPECT_EQ(box.take().kind, LiveOutbox::Next::Kind::idle);
}

TEST(LiveOutbox, TooManyBytesDropTheQueueForASnapshot) {
  LiveOutbox box({.max_messages = 100, .max_bytes = 100});
  box.offer(text(60));
  box.offer(text(60));
  EXPECT_EQ(box.counters().overflows, 1u);
  EXPECT_EQ(box.counters().peak_bytes, 60u);
  EXPECT_EQ(box.take().kind, LiveOutbox::Next::Kind::snapshot);
}

TEST(LiveOutbox, MessagesAfterTheSnapshotIsTakenFollowIt) {
  LiveOutbox box({.max_messages = 1, .max_bytes = 1000});
  box.offer(text(1));
  box.offer(text(1));  // overflow
  EXPECT_EQ(box.take().kind, LiveOutbox::Next::Kind::snapshot);
  box.offer(std::make_shared<const std::string>("after"));
  const auto next = box.take();
  ASSERT_EQ(next.kind, LiveOutbox::Next::Kind::message);
  EXPECT_EQ(*next.message, "after");
}

TEST(LiveOutbox, MemoryStaysBoundedWhateverIsOffered) {
  LiveOutbox box({.max_messages = 256, .max_bytes = 1 << 20});
  for (int i = 0; i < 100000; ++i) box.offer(text(100 + i % 5000));
  const auto c = box.counters();
  EXPECT_LE(c.peak_bytes, std::size_t{1} << 20);
  EXPECT_LE(c.peak_messages, 256u);
  EXPECT_GT(c.overflows, 0u);
}

TEST(LiveOutbox, OweSnapshotOnConnect) {
  LiveOutbox box({});
  EXPECT_TRUE(box.owe_snapshot());
  EXPECT_FALSE(box.offer(text(1)));
  EXPECT_EQ(box.take().kind, LiveOutbox::Next::Kind::snapshot);
  EXPECT_EQ(box.take().kind, LiveOutbox::Next::Kind::message);
}

TEST(LiveOutbox, ClosedOutboxTakesNothing) {
  LiveOutbox box({});
  box.offer(text(1));
  box.close();
  EXPECT_FALSE(box.offer(text(1)));
  EXPECT_FALSE(box.owe_snapshot());
  EXPECT_EQ(box.take().kind, LiveOutbox::Next::Kind::idle);
}

}  // namespace
}  // namespace vigie::api
