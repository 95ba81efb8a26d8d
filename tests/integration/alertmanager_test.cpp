// Alerts into a real Alertmanager (Debian's prometheus-alertmanager), routed by the
// shipped example (packaging/alertmanager/vigie-routes.yml) to a receiver of the test:
// a real gateway fed over a real Mosquitto fires and resolves ENV-03 (acoustic shock)
// and ENV-02 (noise); a silence made through Alertmanager's API stops them; an
// Alertmanager that is down is counted and caught up with; HTTPS is checked against
// the CA the configuration names.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "broker.hpp"
#include "command.hpp"
#include "gateway_process.hpp"
#include "mqtt_client.hpp"
#include "process.hpp"
#include "test_pki.hpp"
#include "webhook_receiver.hpp"

using namespace vigie::testing;
using nlohmann::json;

namespace {

std::string iso(std::int64_t ms) {
  const std::time_t s = ms / 1000;
  std::tm tm{};
  gmtime_r(&s, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// "2026-12-07T10:00:00.123Z" (Alertmanager's form) to ms since the epoch; seconds kept.
std::int64_t from_iso(const std::string& text) {
  std::tm tm{};
  strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  return static_cast<std::int64_t>(timegm(&tm)) * 1000;
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The shipped routing file, its receivers pointed at RECEIVER_PORT and its waits
// shortened to a second; the routes and grouping as shipped.
std::string routing_for_test(int receiver_port) {
  auto text = read_file(VIGIE_ALERTMANAGER_ROUTES);
  text = std::regex_replace(text, std::regex("http://127\\.0\\.0\\.1:5001/"),
                            "http://127.0.0.1:" + std::to_string(receiver_port) + "/");
  text = std::regex_replace(text, std::regex("group_wait: [0-9]+[smh]"), "group_wait: 1s");
  text = std::regex_replace(text, std::regex("group_interval: [0-9]+[smh]"), "group_interval: 1s");
  return text;
}

class Alertmanager {
 public:
  // TLS: serve HTTPS with this certificate and key.
  Alertmanager(std::filesystem::path dir, int receiver_port, int port = free_port(),
               std::optional<CertAndKey> tls = std::nullopt)
      : dir_(std::move(dir)), port_(port), receiver_port_(receiver_port), tls_(tls) {
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "alertmanager.yml") << routing_for_test(receiver_port_);
    if (tls_)
      std::ofstream(dir_ / "web.yml") << "tls_server_config:\n  cert_file: " << tls_->cert.string()
                                      << "\n  key_file: " << tls_->key.string() << "\n";
    start();
  }
  void start() {
    std::vector<std::string> argv{
        require_program("prometheus-alertmanager", "prometheus-alertmanager"),
        "--config.file=" + (dir_ / "alertmanager.yml").string(),
        "--storage.path=" + (dir_ / "data").string(),
        "--web.listen-address=127.0.0.1:" + std::to_string(port_), "--cluster.listen-address="};
    if (tls_) argv.push_back("--web.config.file=" + (dir_ / "web.yml").string());
    process_ = Process(argv, dir_ / "alertmanager.log");
    if (!eventually([&] { return port_open(port_); }, std::chrono::seconds(30)))
      throw std::runtime_error("alertmanager did not listen: " + process_.log_text());
  }
  void stop() { process_.stop(SIGTERM); }
  int port() const { return port_; }
  std::string url() const {
    return (tls_ ? "https://127.0.0.1:" : "http://127.0.0.1:") + std::to_string(port_);
  }
  std::string log_text() const { return process_.log_text(); }
  // curl against its API; returns the body.
  std::string api(const std::string& method, const std::string& path,
                  const std::string& body = "") const {
    const auto file = dir_ / "request.json";
    std::ofstream(file) << body;
    const auto r = run_command("curl -s -k -X " + method +
                               " -H 'Content-Type: application/json' --data-binary @" +
                               file.string() + " '" + url() + path + "'");
    return r.output;
  }

 private:
  std::filesystem::path dir_;
  int port_;
  int receiver_port_;
  std::optional<CertAndKey> tls_;
  Process process_;
};

std::string topic(const std::string& node) {
  return "vigie/v1/paris-1/node/" + node + "/evt";
}

std::string batch(const std::string& node, json events, std::optional<std::int64_t> until) {
  json b{{"v", 1}, {"node", node}, {"epoch", "00000000000000e1"}, {"events", std::move(events)}};
  if (until) b["until"] = *until;
  return b.dump();
}

json shock(std::uint64_t seq, std::int64_t ts, const std::string& agent) {
  return {{"seq", seq},          {"ts", ts},
          {"type", "call.tag"},  {"agent", agent},
          {"call", "c" + agent}, {"tags", json::array({"acoustic_shock"})}};
}

json logged_in(std::uint64_t seq, std::int64_t ts, const std::string& agent) {
  return {{"seq", seq},     {"ts", ts},        {"type", "agent.state"},
          {"agent", agent}, {"team", "sav-1"}, {"state", "available"}};
}

// Agent 4001's acoustic shock ten minutes ago, on acd-1 (seqs 1-2): ENV-03 fires.
std::string recent_shock() {
  const auto t = now_ms() - 10 * 60'000;
  return batch("acd-1", json::array({logged_in(1, t, "4001"), shock(2, t + 1000, "4001")}),
               t + 2000);
}

// Zone z1 over 55 dB for the 20 minutes that ended 20 minutes ago: ENV-02 fires.
std::string loud_zone() {
  const auto t = now_ms() - 40 * 60'000;
  json samples = json::array();
  for (int i = 0; i <= 20; ++i)
    samples.push_back({{"seq", i + 1},
                       {"ts", t + i * 60'000},
                       {"type", "env.sample"},
                       {"zone", "z1"},
                       {"window_s", 60},
                       {"l50_db", 70.0},
                       {"laeq_db", 72.0}});
  return batch("noise-1", samples, t + 20 * 60'000);
}

// Webhook notifications (Alertmanager's version 4 bodies) at PATH.
std::vector<json> notifications(const WebhookReceiver& r, const std::string& path) {
  std::vector<json> out;
  for (const auto& c : r.calls())
    if (c.path == path) out.push_back(json::parse(c.body));
  return out;
}

// The alerts of the notifications at PATH whose status is STATUS, about CRITERION.
std::vector<json> alerts_in(const WebhookReceiver& r, const std::string& path,
                            const std::string& criterion, const std::string& status) {
  std::vector<json> out;
  for (const auto& n : notifications(r, path))
    for (const auto& a : n["alerts"])
      if (a["labels"].value("criterion", "") == criterion && a["status"] == status)
        out.push_back(a);
  return out;
}

std::int64_t metric(const GatewayProcess& g, const std::string& series) {
  const auto r = http_get(g.http_port(), "/metrics");
  const auto at = r.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stoll(r.substr(at + series.size() + 2));
}

class AlertmanagerPush : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("vigie-am-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    broker_ = std::make_unique<Broker>(dir_ / "broker");
  }
  void TearDown() override {
    if (HasFailure() && gateway_) std::cerr << "--- gateway ---\n" << gateway_->log_text();
    if (HasFailure() && am_) std::cerr << "--- alertmanager ---\n" << am_->log_text();
    gateway_.reset();
    am_.reset();
    broker_.reset();
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }
  void start_gateway(const std::string& am_url, const std::string& more = "",
                     bool governance_complete = true) {
    GatewayOptions options;
    options.governance_complete = governance_complete;
    options.extra_yaml = "notify:\n  alertmanager: [" + am_url + "]\n  resend_every: 1s\n" + more;
    gateway_ = std::make_unique<GatewayProcess>(dir_ / "gateway", broker_->url(), options);
  }

  std::filesystem::path dir_;
  WebhookReceiver receiver_;
  std::unique_ptr<Broker> broker_;
  std::unique_ptr<Alertmanager> am_;
  std::unique_ptr<GatewayProcess> gateway_;
};

}  // namespace

TEST_F(AlertmanagerPush, FiringAndResolvedAlertsArriveGroupedAndASilenceStopsThem) {
  am_ = std::make_unique<Alertmanager>(dir_ / "am", receiver_.port());
  start_gateway(am_->url());
  MqttClient node(broker_->url(), "am-test-acd");
  // Two agents' acoustic shocks 30 hours ago: ENV-03 fires for each.
  const auto t0 = now_ms() - 30LL * 3600 * 1000;
  node.publish(topic("acd-1"),
               batch("acd-1",
                     json::array({logged_in(1, t0, "4001"), shock(2, t0 + 1000, "4001"),
                                  logged_in(3, t0 + 2000, "4002"), shock(4, t0 + 3000, "4002")}),
                     t0 + 4000));
  ASSERT_TRUE(eventually([&] {
    return alerts_in(receiver_, "/conditions", "ENV-03", "firing").size() >= 2;
  })) << receiver_.calls().size()
      << " calls";
  // One group per site and criterion (the shipped route), both agents in it.
  const auto firing = notifications(receiver_, "/conditions").front();
  EXPECT_EQ(firing["groupLabels"], (json{{"criterion", "ENV-03"}, {"site", "paris-1"}}));
  EXPECT_EQ(firing["receiver"], "vigie-conditions");
  std::set<std::string> pseudonyms;
  for (const auto& a : alerts_in(receiver_, "/conditions", "ENV-03", "firing")) {
    EXPECT_EQ(a["labels"]["alertname"], "ENV-03");
    EXPECT_EQ(a["labels"]["severity"], "major");
    EXPECT_EQ(a["labels"]["site"], "paris-1");
    const auto agent = a["labels"]["agent"].get<std::string>();
    EXPECT_NE(agent, "4001");
    EXPECT_NE(agent, "4002");
    pseudonyms.insert(agent);
    const auto summary = a["annotations"]["summary"].get<std::string>();
    EXPECT_NE(summary.find("ENV-03"), std::string::npos) << summary;
    EXPECT_NE(summary.find("déclenchée"), std::string::npos) << summary;
    EXPECT_NE(summary.find("agent " + agent), std::string::npos) << summary;
    EXPECT_EQ(a["annotations"]["dashboard"],
              "http://127.0.0.1:" + std::to_string(gateway_->http_port()) +
                  "/#/alertes?alerte=" + a["annotations"]["alert_id"].get<std::string>());
  }
  EXPECT_EQ(pseudonyms.size(), 2u);
  // No raw agent id anywhere in what reached Alertmanager's receivers.
  for (const auto& c : receiver_.calls()) {
    EXPECT_EQ(c.body.find("\"4001\""), std::string::npos) << c.body;
    EXPECT_EQ(c.body.find("4002"), std::string::npos) << c.body;
  }
  EXPECT_GE(metric(*gateway_, "vigie_notify_sent_total{notifier=\"alertmanager\"}"), 1);

  // 25 hours later by the node's clock: both incidents are over (open_for 24h).
  node.publish(topic("acd-1"), batch("acd-1", json::array(), t0 + 25LL * 3600 * 1000));
  ASSERT_TRUE(eventually([&] {
    return alerts_in(receiver_, "/conditions", "ENV-03", "resolved").size() >= 2;
  })) << receiver_.calls().size()
      << " calls";
  for (const auto& a : alerts_in(receiver_, "/conditions", "ENV-03", "resolved")) {
    EXPECT_TRUE(pseudonyms.count(a["labels"]["agent"].get<std::string>()));
    // endsAt: the resolve time, by event time a day after the shock (not the wall clock).
    const auto ends = from_iso(a["endsAt"].get<std::string>());
    EXPECT_GE(ends, t0 + 24LL * 3600 * 1000) << a;
    EXPECT_LE(ends, t0 + 25LL * 3600 * 1000) << a;
  }

  // A silence on ENV-03 through Alertmanager's API.
  const auto silence = am_->api(
      "POST", "/api/v2/silences",
      json{{"matchers",
            json::array({{{"name", "criterion"}, {"value", "ENV-03"}, {"isRegex", false}}})},
           {"startsAt", iso(now_ms() - 60'000)},
           {"endsAt", iso(now_ms() + 3600'000)},
           {"createdBy", "vigie-test"},
           {"comment", "suivi en cours"}}
          .dump());
  ASSERT_NE(silence.find("silenceID"), std::string::npos) << silence;
  const auto calls_before = receiver_.calls().size();
  // A third agent's shock, now: it reaches Alertmanager, silenced.
  const auto t1 = now_ms() - 60'000;
  node.publish(topic("acd-1"),
               batch("acd-1", json::array({logged_in(5, t1, "4003"), shock(6, t1 + 1000, "4003")}),
                     t1 + 2000));
  ASSERT_TRUE(eventually([&] {
    const auto body =
        am_->api("GET", "/api/v2/alerts?silenced=true&filter=criterion%3D%22ENV-03%22");
    const auto list = json::parse(body, nullptr, false);
    if (!list.is_array()) return false;
    for (const auto& a : list)
      if (a["status"]["state"] == "suppressed" && !a["status"]["silencedBy"].empty() &&
          !pseudonyms.count(a["labels"].value("agent", "")))
        return true;
    return false;
  })) << am_->api("GET", "/api/v2/alerts");
  // A control that is not silenced, sent after it: noise over 55 dB for 20 minutes in
  // zone z1 (ENV-02). Its notification comes; the silenced one never did.
  node.publish(topic("noise-1"), loud_zone());
  ASSERT_TRUE(eventually([&] {
    return !alerts_in(receiver_, "/conditions", "ENV-02", "firing").empty();
  })) << receiver_.calls().size()
      << " calls";
  const auto calls = receiver_.calls();
  for (std::size_t i = calls_before; i < calls.size(); ++i) {
    const auto n = json::parse(calls[i].body);
    for (const auto& a : n["alerts"])
      EXPECT_NE(a["labels"].value("criterion", ""), "ENV-03") << calls[i].body;
  }
}

TEST_F(AlertmanagerPush, BeforeTheGovernanceGateNoAgentsAlertLeavesOnlyTeamAndZoneOnes) {
  am_ = std::make_unique<Alertmanager>(dir_ / "am", receiver_.port());
  start_gateway(am_->url(), "", /*governance_complete=*/false);
  MqttClient node(broker_->url(), "am-test-acd");
  node.publish(topic("acd-1"), recent_shock());
  // Sent after the shock: once its alert is in, the shock was judged before it.
  node.publish(topic("noise-1"), loud_zone());
  ASSERT_TRUE(eventually([&] {
    return !alerts_in(receiver_, "/conditions", "ENV-02", "firing").empty();
  })) << receiver_.calls().size()
      << " calls";
  const auto held = json::parse(am_->api("GET", "/api/v2/alerts"));
  ASSERT_FALSE(held.empty());
  for (const auto& a : held) {
    EXPECT_NE(a["labels"]["criterion"], "ENV-03") << a;
    EXPECT_FALSE(a["labels"].contains("agent")) << a;
  }
  EXPECT_TRUE(alerts_in(receiver_, "/conditions", "ENV-03", "firing").empty());
}

TEST_F(AlertmanagerPush, AnAlertmanagerThatIsDownIsCountedAndCaughtUpWith) {
  const int am_port = free_port();
  start_gateway("http://127.0.0.1:" + std::to_string(am_port));
  MqttClient node(broker_->url(), "am-test-acd");
  node.publish(topic("acd-1"), recent_shock());
  const std::string failures = "vigie_notify_failures_total{notifier=\"alertmanager\"}";
  ASSERT_TRUE(eventually([&] { return metric(*gateway_, failures) >= 2; }))
      << http_get(gateway_->http_port(), "/metrics");
  EXPECT_TRUE(gateway_->running());
  EXPECT_EQ(http_get(gateway_->http_port(), "/healthz").substr(0, 3), "200");
  EXPECT_TRUE(receiver_.calls().empty());
  // Alertmanager comes up on that port: the alert is delivered without anything re-sent.
  am_ = std::make_unique<Alertmanager>(dir_ / "am", receiver_.port(), am_port);
  ASSERT_TRUE(eventually([&] {
    return !alerts_in(receiver_, "/conditions", "ENV-03", "firing").empty();
  })) << receiver_.calls().size()
      << " calls\n"
      << gateway_->log_text();
  EXPECT_GE(metric(*gateway_, "vigie_notify_sent_total{notifier=\"alertmanager\"}"), 1);
}

TEST_F(AlertmanagerPush, OverHttpsTheAlertmanagersCertificateIsCheckedAgainstTheCa) {
  TestPki pki(dir_ / "pki");
  am_ = std::make_unique<Alertmanager>(dir_ / "am", receiver_.port(), free_port(), pki.server());
  // A CA that did not sign Alertmanager's certificate: nothing is delivered.
  start_gateway(am_->url(), "  ca_file: " + pki.rogue_ca().string() + "\n");
  MqttClient node(broker_->url(), "am-test-acd");
  node.publish(topic("acd-1"), recent_shock());
  const std::string failures = "vigie_notify_failures_total{notifier=\"alertmanager\"}";
  ASSERT_TRUE(eventually([&] { return metric(*gateway_, failures) >= 1; }));
  EXPECT_NE(gateway_->log_text().find("certificate verify failed"), std::string::npos)
      << gateway_->log_text();
  EXPECT_EQ(metric(*gateway_, "vigie_notify_sent_total{notifier=\"alertmanager\"}"), 0);
  // A gateway trusting the right CA: delivered over HTTPS.
  gateway_->terminate();
  gateway_.reset();
  std::filesystem::remove_all(dir_ / "gateway");
  start_gateway(am_->url(), "  ca_file: " + pki.ca().string() + "\n");
  node.publish(topic("acd-1"), recent_shock());
  ASSERT_TRUE(eventually([&] {
    return !alerts_in(receiver_, "/conditions", "ENV-03", "firing").empty();
  })) << gateway_->log_text();
}

TEST_F(AlertmanagerPush, ABadAlertmanagerUrlIsRefusedAtLoadWithFileAndLine) {
  std::filesystem::create_directories(dir_);
  const auto file = dir_ / "bad.yaml";
  std::ofstream(file) << "site: paris-1\nstore:\n  path: vigie.db\nnotify:\n"
                      << "  alertmanager:\n    - http://127.0.0.1:9093\n    - ftp://am.example\n";
  const auto r = run_vigie("gateway --config " + file.string());
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find(file.string() + ":7: notify.alertmanager[1]: must be an http[s]://"),
            std::string::npos)
      << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "vigie.db")) << "refused before touching a store";
}
