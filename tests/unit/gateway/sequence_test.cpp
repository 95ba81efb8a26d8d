// Contiguity, duplicates and gaps of one node sequence.
#include "ingest/sequence.hpp"

#include <gtest/gtest.h>

using namespace vigie::ingest;

TEST(Sequence, InOrderSeqsAdvanceContiguityWithoutGaps) {
  Sequence s;
  for (std::uint64_t i = 1; i <= 5; ++i) EXPECT_FALSE(s.hold(i, 100 + i).has_value());
  EXPECT_EQ(s.contiguous(), 5u);
  EXPECT_TRUE(s.holds(3));
  EXPECT_FALSE(s.holds(6));
}

TEST(Sequence, HoleIsReportedWithItsBoundsAndTimes) {
  Sequence s;
  s.hold(1, 1000);
  s.hold(2, 2000);
  auto gap = s.hold(6, 6000);
  ASSERT_TRUE(gap.has_value());
  EXPECT_EQ(gap->from_seq, 3u);
  EXPECT_EQ(gap->to_seq, 5u);
  EXPECT_EQ(gap->from_ts, 2000);
  EXPECT_EQ(gap->to_ts, 6000);
  EXPECT_EQ(s.contiguous(), 2u);
  EXPECT_EQ(s.max_seen(), 6u);
}

TEST(Sequence, FirstSeqAboveOneIsAGapFromOne) {
  Sequence s;
  auto gap = s.hold(4, 40);
  ASSERT_TRUE(gap.has_value());
  EXPECT_EQ(gap->from_seq, 1u);
  EXPECT_EQ(gap->to_seq, 3u);
  EXPECT_FALSE(gap->from_ts.has_value());
}

TEST(Sequence, FillingTheHoleClosesTheGap) {
  Sequence s;
  s.hold(1, 1);
  auto gap = s.hold(5, 5);
  s.add_open_gap({7, gap->from_seq, gap->to_seq, 0, 0});
  s.hold(3, 3);
  EXPECT_TRUE(s.take_filled_gaps().empty()) << "2 and 4 still missing";
  EXPECT_FALSE(s.hold(2, 2).has_value()) << "a late fill is not a new gap";
  EXPECT_EQ(s.contiguous(), 3u);
  s.hold(4, 4);
  EXPECT_EQ(s.contiguous(), 5u);
  auto filled = s.take_filled_gaps();
  ASSERT_EQ(filled.size(), 1u);
  EXPECT_EQ(filled[0].id, 7);
}

TEST(Sequence, HeldSeqIsNotHeldTwice) {
  Sequence s;
  s.hold(1, 1);
  s.hold(3, 3);
  EXPECT_TRUE(s.holds(3));
  EXPECT_FALSE(s.hold(3, 3).has_value());
  EXPECT_EQ(s.contiguous(), 1u);
}

TEST(Sequence, GivingUpALostHoleLetsContiguityPass) {
  Sequence s;
  s.hold(1, 1);
  auto g1 = s.hold(4, 4);  // hole 2-3
  s.add_open_gap({1, g1->from_seq, g1->to_seq, 0, 0});
  auto g2 = s.hold(7, 7);  // hole 5-6
  s.add_open_gap({2, g2->from_seq, g2->to_seq, 0, 0});
  s.give_up(2);
  EXPECT_EQ(s.contiguous(), 1u) << "an earlier open hole still blocks";
  s.give_up(1);
  EXPECT_EQ(s.contiguous(), 7u);
  EXPECT_TRUE(s.open_gaps().empty());
}

TEST(Sequence, RestoredStateKeepsHeldSeqsAndLostRanges) {
  Sequence s(2, 9, 900, {4, 9}, {});
  EXPECT_EQ(s.contiguous(), 2u);
  s.add_lost_range(5, 8);
  EXPECT_EQ(s.contiguous(), 2u);
  s.hold(3, 300);
  EXPECT_EQ(s.contiguous(), 9u);
}
