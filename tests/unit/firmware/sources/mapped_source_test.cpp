// Other ACDs through a mapping file: the shipped recipes (Amazon Connect's
// agent event stream, Twilio TaskRouter's worker.activity.update callbacks, a
// Genesys/Avaya-style CSV export) on records built from the fields their
// vendors document, and bad maps and bad records named by line.
#include "mapped_source.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "source_test_support.hpp"

namespace vigie::sources::testing {
namespace {

const std::string kRecipes = VIGIE_RECIPES;

class Mapped : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("vigie-mapped-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    log_ = open_memstream(&log_text_, &log_size_);
  }
  void TearDown() override {
    std::fclose(log_);
    std::free(log_text_);
    std::filesystem::remove_all(dir_);
  }
  // Imports `records` (not followed) with the map `recipe`; the events, described.
  Lines run(const std::string& recipe, const std::string& records, const std::string& roster = "") {
    std::string error;
    map_ = ActivityMap();
    EXPECT_TRUE(map_.load(recipe, error)) << error;
    roster_ = AgentRoster("sav-1");
    if (!roster.empty()) {
      EXPECT_TRUE(roster_.load_text(roster, error)) << error;
    }
    const auto path = dir_ / "records";
    std::ofstream(path) << records;
    MappedOptions o;
    o.path = path.string();
    o.follow = false;
    source_ = std::make_unique<MappedSource>(o, map_, roster_, log_);
    Lines text;
    for (int i = 0; i < 5 && !source_->finished(); ++i) {
      std::vector<fw::Event> out;
      source_->read(0, out);
      for (const auto& e : out) {
        EXPECT_EQ(fw::check_event(e), nullptr);
        text.push_back(describe(e));
      }
    }
    EXPECT_TRUE(source_->lines().balanced());
    return text;
  }
  std::string log() {
    std::fflush(log_);
    return std::string(log_text_, log_size_);
  }

  std::filesystem::path dir_;
  ActivityMap map_;
  AgentRoster roster_;
  std::unique_ptr<MappedSource> source_;
  std::FILE* log_ = nullptr;
  char* log_text_ = nullptr;
  std::size_t log_size_ = 0;
};

// An agent event stream record with the fields the data model documents.
std::string connect_record(const std::string& type, const std::string& time,
                           const std::string& status, const std::string& contact_state = "") {
  nlohmann::json snapshot = {{"AgentStatus",
                              {{"ARN", "arn:aws:connect:eu-west-3:1:instance/x/agent-state/y"},
                               {"Name", status},
                               {"StartTimestamp", time}}},
                             {"Configuration",
                              {{"Username", "jdupont"},
                               {"FirstName", "Jeanne"},
                               {"LastName", "Dupont"},
                               {"RoutingProfile", {{"Name", "Basic Routing Profile"}}}}},
                             {"Contacts", nlohmann::json::array()}};
  if (!contact_state.empty())
    snapshot["Contacts"].push_back({{"ContactId", "c1"},
                                    {"Channel", "VOICE"},
                                    {"InitiationMethod", "INBOUND"},
                                    {"State", contact_state},
                                    {"QueueTimestamp", time}});
  return nlohmann::json{{"AgentARN", "arn:aws:connect:eu-west-3:1:instance/x/agent/z"},
                        {"AWSAccountId", "123456789012"},
                        {"CurrentAgentSnapshot", snapshot},
                        {"EventId", "0a1b2c3d"},
                        {"EventTimestamp", time},
                        {"EventType", type},
                        {"InstanceARN", "arn:aws:connect:eu-west-3:1:instance/x"},
                        {"Version", "2019-05-25"}}
             .dump() +
         "\n";
}

TEST_F(Mapped, AmazonConnectAgentEventStream) {
  const std::string records =
      connect_record("LOGIN", "2025-12-01T08:00:00.000Z", "Offline") +
      connect_record("STATE_CHANGE", "2025-12-01T08:00:05.120Z", "Available") +
      connect_record("STATE_CHANGE", "2025-12-01T08:03:00.000Z", "Available", "CONNECTED") +
      connect_record("STATE_CHANGE", "2025-12-01T08:06:00.000Z", "Available", "CONNECTED_ONHOLD") +
      connect_record("STATE_CHANGE", "2025-12-01T08:07:00.000Z", "Available", "ENDED") +
      connect_record("STATE_CHANGE", "2025-12-01T08:08:00.000Z", "Available") +
      connect_record("HEART_BEAT", "2025-12-01T08:10:00.000Z", "Available") +
      connect_record("STATE_CHANGE", "2025-12-01T12:00:00.000Z", "Lunch") +
      connect_record("STATE_CHANGE", "2025-12-01T13:00:00.000Z", "Réunion d'équipe") +
      connect_record("LOGOUT", "2025-12-01T17:00:00.000Z", "Offline");
  EXPECT_EQ(run(kRecipes + "/amazon-connect.map", records),
            (Lines{"08:00:00 jdupont logged_out", "08:00:05 jdupont available",
                   "08:03:00 jdupont talking", "08:06:00 jdupont hold", "08:07:00 jdupont wrap_up",
                   "08:08:00 jdupont available", "12:00:00 jdupont not_ready/lunch",
                   "13:00:00 jdupont not_ready/other", "17:00:00 jdupont logged_out"}));
  EXPECT_EQ(log().find("Jeanne"), std::string::npos);
}

TEST_F(Mapped, TwilioTaskRouterWorkerActivityUpdates) {
  auto event = [](const std::string& type, long ts, const std::string& activity) {
    return nlohmann::json{{"EventType", type},
                          {"AccountSid", "ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"},
                          {"WorkspaceSid", "WSxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"},
                          {"ResourceType", "Worker"},
                          {"Timestamp", std::to_string(ts)},
                          {"WorkerSid", "WK0123456789abcdef0123456789abcdef"},
                          {"WorkerName", "Jeanne Dupont"},
                          {"WorkerActivityName", activity}}
               .dump() +
           "\n";
  };
  const long t0 = kDay + 8 * 3600;
  const std::string records = event("worker.activity.update", t0, "Available") +
                              event("reservation.created", t0 + 60, "Available") +
                              event("worker.activity.update", t0 + 3600, "Break") +
                              event("worker.activity.update", t0 + 4500, "Available") +
                              event("worker.activity.update", t0 + 9 * 3600, "Offline");
  EXPECT_EQ(run(kRecipes + "/twilio-taskrouter.map", records,
                "WK0123456789abcdef0123456789abcdef,4012,sav-2\n"),
            (Lines{"08:00:00 4012 available", "09:00:00 4012 not_ready/break",
                   "09:15:00 4012 available", "17:00:00 4012 logged_out"}));
  EXPECT_EQ(source_->lines().skipped_by_reason.at("a record the map's `only` leaves out"), 1u);
}

TEST_F(Mapped, AgentStateCsvExportInLocalTime) {
  const std::string records =
      "Login;Name;Team;State;Reason Code;Start Time\n"
      "4012;DUPONT Jeanne;sav-1;AVAIL;;2025-12-01 09:00:00\n"
      "4012;DUPONT Jeanne;sav-1;ACD;;2025-12-01 09:02:10\n"
      "4012;DUPONT Jeanne;sav-1;ACW;;2025-12-01 09:06:00\n"
      "4012;DUPONT Jeanne;sav-1;AUX;1;2025-12-01 12:30:00\n"
      "4012;DUPONT Jeanne;sav-1;AUX;7;2025-12-01 13:30:00\n"
      "4012;DUPONT Jeanne;sav-1;LOGOUT;;2025-12-01 18:00:00\n";
  // Europe/Paris in December is UTC+1.
  EXPECT_EQ(run(kRecipes + "/agent-state-export.map", records),
            (Lines{"08:00:00 4012 available", "08:02:10 4012 talking", "08:06:00 4012 wrap_up",
                   "11:30:00 4012 not_ready/lunch", "12:30:00 4012 not_ready/other",
                   "17:00:00 4012 logged_out"}));
  EXPECT_EQ(log().find("DUPONT"), std::string::npos);
}

TEST_F(Mapped, BadRecordsAreNamedByLineAndTheRestIsRead) {
  const std::string records =
      connect_record("STATE_CHANGE", "2025-12-01T08:00:00Z", "Available") +  // 1
      "{not json\n" +                                                        // 2
      "[1,2]\n" +                                                            // 3
      connect_record("STATE_CHANGE", "yesterday", "Available") +             // 4
      "\n" +                                                                 // 5
      connect_record("STATE_CHANGE", "2025-12-01T08:05:00Z", "Lunch");       // 6
  EXPECT_EQ(run(kRecipes + "/amazon-connect.map", records),
            (Lines{"08:00:00 jdupont available", "08:05:00 jdupont not_ready/lunch"}));
  const std::string text = log();
  EXPECT_NE(text.find("records:2: not a JSON object"), std::string::npos) << text;
  EXPECT_NE(text.find("records:3: not a JSON object"), std::string::npos) << text;
  EXPECT_NE(text.find("records:4: the time"), std::string::npos) << text;
  EXPECT_EQ(source_->lines().lines, 6u);
}

TEST_F(Mapped, AnAgentThatIsNoLoginIsRefused) {
  std::string records = connect_record("STATE_CHANGE", "2025-12-01T08:00:00Z", "Available");
  const auto at = records.find("jdupont");
  records.replace(at, 7, "jeanne.dupont@example.fr");
  EXPECT_EQ(run(kRecipes + "/amazon-connect.map", records), Lines{});
  EXPECT_EQ(source_->lines().refused, 1u);
  EXPECT_EQ(log().find("example.fr"), std::string::npos);
  EXPECT_EQ(run(kRecipes + "/amazon-connect.map", records, "jeanne.dupont@example.fr,4012\n"),
            Lines{"08:00:00 4012 available"});
}

TEST_F(Mapped, BadMapsAreNamedByLine) {
  struct Case {
    std::string text, message;
  };
  for (const Case& c : std::vector<Case>{
           {"format = xml\n", "m:1: format must be json or csv"},
           {"agent = a\ntime = t\nstate = s\n[states]\nAvailable = idle\n",
            "m:5: expected ACTIVITY = STATE [REASON] (a contract state; a reason only with "
            "not_ready)"},
           {"agent = a\ntime = t\nstate = s\n[states]\nX = available lunch\n",
            "m:5: expected ACTIVITY = STATE [REASON] (a contract state; a reason only with "
            "not_ready)"},
           {"colour = blue\n", "m:1: unknown key 'colour'"},
           {"agent = a\n[states]\nX = available\n", "m:0: agent, time and state are required"},
           {"agent = a\ntime = t\nstate = s\ntime_format = local\n[states]\nX = available\n",
            "m:0: time_format local needs a zone"},
       }) {
    ActivityMap map;
    std::string error;
    EXPECT_FALSE(map.load_text(c.text, "m", error)) << c.text;
    EXPECT_EQ(error, c.message) << c.text;
  }
}

}  // namespace
}  // namespace vigie::sources::testing
