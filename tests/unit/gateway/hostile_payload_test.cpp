// What the security review asked of the decoder, seen where it matters: in the store. A
// member named twice, a seq at the edge of SQLite's integer, a batch of no events: stored,
// quarantined or refused as the contract's bad-input rules say, nothing lost, no gap opened.
#include "ingest_fixture.hpp"

using namespace vigie;
using namespace vigie::ingest;
using namespace vigie::ingest::testing;

namespace {

std::string event_text(std::uint64_t seq, const std::string& extra = "") {
  return "{\"seq\":" + std::to_string(seq) + ",\"ts\":" + std::to_string(kBase + 1000) +
         ",\"type\":\"agent.state\",\"agent\":\"4012\",\"team\":\"sav-1\","
         "\"state\":\"available\"" +
         extra + "}";
}

std::string batch_text(const std::string& envelope_head, const std::string& events) {
  return envelope_head + "\"epoch\":\"" + kEpoch + "\",\"events\":[" + events + "]}";
}

const std::string kHead = "{\"v\":1,\"node\":\"acd-1\",";

}  // namespace

TEST_F(IngestorTest, AnEnvelopeNamingTwoNodesIsQuarantinedWholeUnderItsTopicsNode) {
  const auto payload = batch_text("{\"v\":1,\"node\":\"acd-2\",\"node\":\"acd-1\",", event_text(1));
  ingestor_->on_message(kEvt, payload);
  EXPECT_EQ(count("SELECT count(*) FROM events"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM quarantine WHERE reason = 'duplicate member \"node\"'"
                  " AND node = 'acd-1' AND CAST(raw AS TEXT) = '" +
                  payload + "'"),
            1);
  EXPECT_EQ(metrics_->quarantined, 1u);
  EXPECT_TRUE(outbox_.on("/ack").empty()) << "nothing of it is acknowledged as stored";
}

TEST_F(IngestorTest, AnEventNamingAMemberTwiceIsQuarantinedAloneItsSeqConsumed) {
  const auto twice = event_text(2, ",\"agent\":\"4013\"");
  ingestor_->on_message(kEvt, batch_text(kHead, event_text(1) + "," + twice + "," + event_text(3)));
  EXPECT_EQ(count("SELECT count(*) FROM events WHERE seq IN (1, 3)"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM events WHERE seq = 2"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM quarantine WHERE seq = 2 AND reason = "
                  "'events[1]: duplicate member \"agent\"' AND CAST(raw AS TEXT) = '" +
                  twice + "'"),
            1);
  EXPECT_EQ(count("SELECT count(*) FROM gaps"), 0) << "a consumed seq opens no gap";
  EXPECT_EQ(last_ack()["seq"], 3);
}

TEST_F(IngestorTest, SeqUpToTwoToTheSixtyThreeMinusOneIsStoredExactly) {
  ingestor_->on_message(kEvt, batch_text(kHead, event_text(9223372036854775806ULL) + "," +
                                                    event_text(9223372036854775807ULL) + "," +
                                                    event_text(9223372036854775808ULL)));
  EXPECT_EQ(count("SELECT count(*) FROM events WHERE seq = 9223372036854775806"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM events WHERE seq = 9223372036854775807"), 1);
  EXPECT_EQ(count("SELECT max(seq) FROM events"), 9223372036854775807LL);
  EXPECT_EQ(count("SELECT count(*) FROM events"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM quarantine WHERE seq IS NULL AND reason = "
                  "'events[2]: ''seq'' must be an integer from 1 to 2^63-1'"),
            1);
}

TEST_F(IngestorTest, AnEmptyBatchWithoutUntilIsQuarantinedAsBefore) {
  ingestor_->on_message(kEvt, batch_text(kHead, ""));
  EXPECT_EQ(count("SELECT count(*) FROM quarantine WHERE reason LIKE '''events'' is empty%'"), 1);
  EXPECT_EQ(metrics_->quarantined, 1u);
}
