// notify over HTTP(S): receivers' URLs, the Alertmanager alert built from a
// pseudonymised alert object, and the notifier against a receiver of the test.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "api/pseudonymiser.hpp"
#include "engine/alert.hpp"
#include "engine/alert_json.hpp"
#include "notify/alertmanager_alert.hpp"
#include "notify/alertmanager_notifier.hpp"
#include "notify/http_target.hpp"
#include "notify/notify_metrics.hpp"
#include "notify/webhook.hpp"
#include "webhook_receiver.hpp"

using namespace vigie;
using nlohmann::json;

TEST(HttpTarget, ParsesHttpAndHttpsUrls) {
  auto t = notify::HttpTarget::parse("https://am.example:9443/prefix");
  ASSERT_TRUE(t);
  EXPECT_TRUE(t->tls);
  EXPECT_EQ(t->host, "am.example");
  EXPECT_EQ(t->port, "9443");
  EXPECT_EQ(t->with_path_suffix("/api/v2/alerts").path, "/prefix/api/v2/alerts");
  t = notify::HttpTarget::parse("http://[::1]");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->host, "::1");
  EXPECT_EQ(t->port, "80");
  EXPECT_EQ(t->url(), "http://[::1]:80/");
  EXPECT_EQ(notify::HttpTarget::parse("https://am/")->port, "443");
  EXPECT_EQ(notify::HttpTarget::parse("https://am/")->with_path_suffix("/api/v2/alerts").path,
            "/api/v2/alerts");
  for (const char* bad :
       {"", "am:9093", "ftp://am", "http://", "http://:9093/", "http://am:/", "http://am:0/",
        "http://am:x/", "http://u:p@am/", "http://[::1/", "http://am/a b", "http://am/#frag"}) {
    std::string why;
    EXPECT_FALSE(notify::HttpTarget::parse(bad, &why)) << bad;
    EXPECT_FALSE(why.empty()) << bad;
  }
}

namespace {

engine::Alert shock_alert(engine::AlertState state) {
  engine::Alert a;
  a.id = "0123456789abcdef0123456789abcdef";
  a.criterion = "ENV-03";
  a.severity = referentiel::Severity::major;
  a.site = "paris-1";
  a.subject = {referentiel::Scope::agent, "4012"};
  a.state = state;
  a.started_at = 1764489790000;
  a.fired_at = 1764489790000;
  a.summary = "agent.4012: Acoustic shock - firing";
  return a;
}

api::Pseudonymiser pseudonyms([](const std::string& id) {
  return "p-" + std::to_string(id.size()) + "x";
});

json pseudonymous(const engine::Alert& a) {
  return pseudonyms.alert(json::parse(engine::to_json(a)));
}

}  // namespace

TEST(AlertmanagerAlert, LabelsRouteItAndAnnotationsAreFrenchWithALink) {
  auto object = pseudonymous(shock_alert(engine::AlertState::firing));
  object["title"] = "Acoustic shock";
  const auto am = notify::alertmanager_alert(object, "https://vigie.example:8443");
  EXPECT_EQ(am["labels"], (json{{"alertname", "ENV-03"},
                                {"criterion", "ENV-03"},
                                {"severity", "major"},
                                {"site", "paris-1"},
                                {"agent", "p-4x"}}));
  EXPECT_EQ(am["annotations"]["summary"], "ENV-03 (Acoustic shock), agent p-4x : déclenchée");
  EXPECT_EQ(am["annotations"]["dashboard"], "https://vigie.example:8443/#/alertes?alerte=p-32x");
  EXPECT_EQ(am["generatorURL"], am["annotations"]["dashboard"]);
  EXPECT_EQ(am["startsAt"], "2025-11-30T08:03:10.000Z");
  EXPECT_FALSE(am.contains("endsAt")) << "the notifier's";
  EXPECT_EQ(am.dump().find("4012"), std::string::npos) << am.dump();
}

TEST(AlertmanagerAlert, ATeamAlertSaysItsMeasureInFrench) {
  engine::Alert a = shock_alert(engine::AlertState::nodata);
  a.criterion = "LOAD-01";
  a.subject = {referentiel::Scope::team, "sav-1"};
  a.value = 87.5;
  a.threshold = 85;
  a.unit = "%";
  const auto am = notify::alertmanager_alert(pseudonymous(a), "http://gw:8080/");
  EXPECT_EQ(am["labels"]["team"], "sav-1");
  EXPECT_FALSE(am["labels"].contains("agent"));
  EXPECT_EQ(am["annotations"]["summary"],
            "LOAD-01, équipe sav-1 : sans données, mesuré 87,5 % pour un seuil de 85 %");
  EXPECT_TRUE(notify::pushed_to_alertmanager("firing"));
  EXPECT_TRUE(notify::pushed_to_alertmanager("nodata"));
  EXPECT_FALSE(notify::pushed_to_alertmanager("due"));
  EXPECT_FALSE(notify::pushed_to_alertmanager("pending"));
  EXPECT_FALSE(notify::pushed_to_alertmanager("resolved"));
}

namespace {

bool eventually(const std::function<bool()>& cond) {
  for (int i = 0; i < 3000; ++i) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

std::vector<json> posted(const vigie::testing::WebhookReceiver& r) {
  std::vector<json> out;
  for (const auto& c : r.calls()) {
    EXPECT_EQ(c.path, "/am/api/v2/alerts");
    out.push_back(json::parse(c.body));
  }
  return out;
}

}  // namespace

TEST(AlertmanagerNotifier, PushesActiveAlertsAgainAndAResolvedOneOnceWithItsEnd) {
  vigie::testing::WebhookReceiver receiver;
  notify::AlertmanagerOptions o;
  o.targets.push_back(
      *notify::HttpTarget::parse("http://127.0.0.1:" + std::to_string(receiver.port()) + "/am"));
  o.resend = std::chrono::milliseconds(200);
  o.now = [] { return TimestampMs{1764489790000}; };
  notify::AlertmanagerNotifier n(o);
  const auto am = notify::alertmanager_alert(pseudonymous(shock_alert(engine::AlertState::firing)),
                                             "http://gw/");
  n.update("never-pushed", am, false, 1);  // nothing to resolve: ignored
  n.update("a", am, true, 0);
  // Re-sent while active, endsAt 4 resends ahead of the clock.
  ASSERT_TRUE(eventually([&] { return posted(receiver).size() >= 3; }));
  for (const auto& body : posted(receiver)) {
    ASSERT_EQ(body.size(), 1u) << body;
    EXPECT_EQ(body[0]["endsAt"], "2025-11-30T08:03:10.800Z");
  }
  EXPECT_EQ(n.held(), 1u);
  n.update("a", am, false, 1764489795000);
  ASSERT_TRUE(eventually([&] { return n.held() == 0; }));
  const auto calls = posted(receiver);
  EXPECT_EQ(calls.back()[0]["endsAt"], "2025-11-30T08:03:15.000Z");
  // Nothing more to say: no more POSTs.
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  EXPECT_EQ(posted(receiver).size(), calls.size());
  EXPECT_GE(n.sent(), 4u);
  EXPECT_EQ(n.failures(), 0u);
}

TEST(AlertmanagerNotifier, FailuresAreCountedAndTheResolvedAlertWaitsForTheReceiver) {
  std::optional<vigie::testing::WebhookReceiver> receiver(std::in_place);
  const int port = receiver->port();
  receiver.reset();  // nothing listens there now
  notify::AlertmanagerOptions o;
  o.targets.push_back(*notify::HttpTarget::parse("http://127.0.0.1:" + std::to_string(port)));
  o.resend = std::chrono::seconds(1);
  o.capacity = 2;
  o.now = [] { return TimestampMs{1764489790000}; };
  notify::AlertmanagerNotifier n(o);
  const auto am = notify::alertmanager_alert(pseudonymous(shock_alert(engine::AlertState::firing)),
                                             "http://gw/");
  n.update("a", am, true, 0);
  n.update("b", am, true, 0);
  n.update("a", am, false, 1764489795000);  // resolved, not yet delivered
  n.update("c", am, true, 0);               // over capacity: the resolved one goes first
  EXPECT_EQ(n.dropped(), 1u);
  EXPECT_EQ(n.held(), 2u);
  ASSERT_TRUE(eventually([&] { return n.failures() >= 1; }));
  EXPECT_EQ(n.sent(), 0u);
  const auto text = notify::notify_prometheus_text(
      {{"alertmanager", n.sent(), n.failures(), n.dropped(), n.held()}});
  EXPECT_NE(text.find("# TYPE vigie_notify_failures_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("vigie_notify_dropped_total{notifier=\"alertmanager\"} 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("vigie_notify_queued{notifier=\"alertmanager\"} 2\n"), std::string::npos);
}

TEST(WebhookBody, IsBuiltFromThePseudonymisedAlertAndNamesNoAgent) {
  auto a = shock_alert(engine::AlertState::resolved);
  a.resolved_at = 1764489795000;
  const auto body = notify::alertmanager_body(pseudonymous(a));
  EXPECT_EQ(body["version"], "4");
  EXPECT_EQ(body["status"], "resolved");
  const auto& alert = body["alerts"][0];
  EXPECT_EQ(alert["labels"]["subject"], "agent.p-4x");
  EXPECT_EQ(alert["labels"]["criterion"], "ENV-03");
  EXPECT_EQ(alert["annotations"]["summary"], "agent.p-4x: Acoustic shock - firing");
  EXPECT_EQ(alert["fingerprint"], "p-32x");
  EXPECT_EQ(alert["endsAt"], "2025-11-30T08:03:15.000Z");
  EXPECT_EQ(body.dump().find("4012"), std::string::npos) << body.dump();
}
