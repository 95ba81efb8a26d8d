// Who may call what, against a real gateway process over HTTP: every route of the API router
// with no token, a manager, an auditor, an admin, a cse (staff representatives) and a wrong
// token (contract.md sec. 6: 401 for a missing or wrong token, 403 for a wrong role, the
// handler's answer otherwise; admin may do all; cse gets aggregates or 403). The table must name
// every route the router holds: a route added without a row here fails
// RouterHoldsExactlyTheRoutesOfTheTable. Also: the lock-out after repeated wrong tokens, and a
// request log free of tokens. CsePrivacy: every route called with a cse token on a gateway that
// holds a simulated day, each answer searched for the roster's identifiers and pseudonyms.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "api/audit_routes.hpp"
#include "api/cse_routes.hpp"
#include "api/dashboard_files.hpp"
#include "api/dashboard_routes.hpp"
#include "api/floor_routes.hpp"
#include "api/gateway_routes.hpp"
#include "api/report_routes.hpp"
#include "api/router.hpp"
#include "api_gateway.hpp"
#include "broker.hpp"
#include "fake_floor_service.hpp"
#include "fake_gateway_status.hpp"
#include "fake_live_publisher.hpp"
#include "gateway_process.hpp"
#include "mqtt_client.hpp"

using namespace vigie::testing;
namespace fs = std::filesystem;

namespace {

enum class Caller { none, manager, auditor, admin, cse, wrong };
constexpr Caller kCallers[] = {Caller::none,  Caller::manager, Caller::auditor,
                               Caller::admin, Caller::cse,     Caller::wrong};

const char* name(Caller c) {
  switch (c) {
    case Caller::none:
      return "no token";
    case Caller::manager:
      return "manager";
    case Caller::auditor:
      return "auditor";
    case Caller::admin:
      return "admin";
    case Caller::cse:
      return "cse";
    case Caller::wrong:
      return "wrong token";
  }
  return "?";
}

constexpr const char* kManagerToken = "matrix-manager-token";
constexpr const char* kAuditorToken = "matrix-auditor-token";
constexpr const char* kCseToken = "matrix-cse-token";
constexpr const char* kWrongToken = "matrix-not-a-token";
// SHA-256 of the three tokens above (printf %s TOKEN | sha256sum).
constexpr const char* kRolesYaml =
    "  - {name: floor, role: manager, sha256: "
    "\"592f523e8be4c723b2d905c772c8de57c96665a1c394fb6ef774db9d1cbb698a\"}\n"
    "  - {name: audit, role: auditor, sha256: "
    "\"1708b484e1c9410d52e9984e113abf9d24b2bc32a068afbffaeafd2303870e5f\"}\n"
    "  - {name: staff-reps, role: cse, sha256: "
    "\"72317aa10b69595e319ec6572e855c148a4cccd19773743c1e4a4c582c9d66dd\"}\n";

std::string token_of(Caller c) {
  switch (c) {
    case Caller::manager:
      return kManagerToken;
    case Caller::auditor:
      return kAuditorToken;
    case Caller::admin:
      return kTestToken;
    case Caller::cse:
      return kCseToken;
    case Caller::wrong:
      return kWrongToken;
    case Caller::none:
      break;
  }
  return "";
}

// Who may call a route, as Access::describe() words it.
// open_or_token: no token needed, a valid one gets more (/healthz's details).
// agent_level: any role but cse (what has no aggregate form: alerts, the live feed).
enum class Rule { open, open_or_token, any, agent_level, manager, auditor, cse };

const char* describe(Rule r) {
  switch (r) {
    case Rule::open:
      return "no token";
    case Rule::open_or_token:
      return "no token (a valid one gets more)";
    case Rule::any:
      return "any valid token";
    case Rule::agent_level:
      return "a role that sees agents (manager, auditor or admin)";
    case Rule::manager:
      return "the manager role";
    case Rule::auditor:
      return "the auditor role";
    case Rule::cse:
      return "the cse role";
  }
  return "?";
}

struct Row {
  const char* method;
  const char* pattern;  // as registered in the router
  const char* target;   // a concrete request for it
  Rule rule;
  unsigned allowed;  // the handler's status once the caller is let through
  const char* body = "";
  const char* why = "";  // when ALLOWED is not 2xx
};

// Every route of the gateway's router. The dashboard's asset routes (one per built file, all
// open) are checked apart, as their list depends on the built dashboard.
const std::vector<Row> kTable = {
    {"GET", "/healthz", "/healthz", Rule::open_or_token, 200},
    {"GET", "/metrics", "/metrics", Rule::open, 200},
    {"GET", "/api/v1/stats", "/api/v1/stats", Rule::any, 200},
    {"GET", "/api/v1/whoami", "/api/v1/whoami", Rule::any, 200},
    {"GET", "/api/v1/alerts", "/api/v1/alerts?state=all", Rule::agent_level, 200},
    {"POST", "/api/v1/alerts/{id}/ack", "/api/v1/alerts/no-such-alert/ack", Rule::manager, 404,
     R"({"note":"seen"})", "no alert with that id: the handler's answer, past the gate"},
    {"POST", "/api/v1/alerts/{id}/justify", "/api/v1/alerts/no-such-alert/justify", Rule::manager,
     404, R"({"reason":"phone outage","note":""})",
     "no alert with that id: the handler's answer, past the gate"},
    {"GET", "/api/v1/compliance", "/api/v1/compliance?from=0&to=1000", Rule::any, 200},
    {"GET", "/api/v1/agents", "/api/v1/agents", Rule::manager, 200},
    {"GET", "/api/v1/agents/{id}/day", "/api/v1/agents/no-such-agent/day", Rule::manager, 404, "",
     "no agent with that id: the handler's answer, past the gate"},
    {"GET", "/api/v1/nodes", "/api/v1/nodes", Rule::any, 200},
    {"GET", "/api/v1/live", "/api/v1/live", Rule::agent_level, 426, "",
     "a plain GET, without the upgrade: 426; the WebSocket itself is LiveUpgrade below"},
    {"GET", "/api/v1/audit/pack", "/api/v1/audit/pack?from=0&to=86400000", Rule::auditor, 200},
    {"GET", "/api/v1/audit/checkpoint", "/api/v1/audit/checkpoint", Rule::auditor, 200},
    {"GET", "/api/v1/cse/overview", "/api/v1/cse/overview?from=0&to=86400000", Rule::cse, 200},
    {"GET", "/api/v1/report/self-assessment",
     "/api/v1/report/self-assessment?from=2026-01-05&to=2026-01-11", Rule::any, 200},
    {"GET", "/", "/", Rule::open, 0, "", "0: 200 with a built dashboard, else 503"},
};

// The handler's answer to a caller let through. GET / is the dashboard, 503 when this build has
// none (the test is linked with the same embedded files as the gateway).
unsigned allowed(const Row& row) {
  if (row.allowed != 0) return row.allowed;
  return vigie::api::dashboard_files().empty() ? 503 : 200;
}

unsigned expected(const Row& row, Caller c) {
  // Tokens are not even looked at, or (open_or_token) only for what the answer says.
  if (row.rule == Rule::open || row.rule == Rule::open_or_token) return allowed(row);
  if (c == Caller::none || c == Caller::wrong) return 401;
  if (c == Caller::admin || row.rule == Rule::any) return allowed(row);
  if (row.rule == Rule::agent_level) return c == Caller::cse ? 403 : allowed(row);
  const bool holds = (row.rule == Rule::manager && c == Caller::manager) ||
                     (row.rule == Rule::auditor && c == Caller::auditor) ||
                     (row.rule == Rule::cse && c == Caller::cse);
  return holds ? allowed(row) : 403;
}

struct Reply {
  unsigned status = 0;                         // 0: no HTTP answer
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string header(const std::string& lower_name) const {
    const auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

// One request on a fresh connection from SOURCE (any 127.0.0.0/8 address: the lock-out is per
// address, so wrong tokens can be sent from many). Reads the status line and headers, then the
// body by Content-Length; a 101 answer ends at its headers.
Reply call(int port, const std::string& method, const std::string& target, const std::string& token,
           const std::string& body = "", const std::string& source = "127.0.0.1",
           const std::string& extra_headers = "") {
  Reply reply;
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  timeval limit{20, 0};  // a guard against a hang, not a timing assertion
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  sockaddr_in local{};
  local.sin_family = AF_INET;
  inet_pton(AF_INET, source.c_str(), &local.sin_addr);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  if (bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0 ||
      connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return reply;
  }
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  // One Connection header: an upgrade brings its own.
  if (extra_headers.find("Connection:") == std::string::npos) req += "Connection: close\r\n";
  if (!token.empty()) req += "Authorization: Bearer " + token + "\r\n";
  if (!body.empty()) {
    req +=
        "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  }
  req += extra_headers + "\r\n" + body;
  if (write(fd, req.data(), req.size()) != static_cast<ssize_t>(req.size())) {
    close(fd);
    return reply;
  }
  std::string in;
  char buf[8192];
  std::size_t head_end = std::string::npos;
  std::size_t length = 0;
  for (;;) {
    if (head_end == std::string::npos) {
      head_end = in.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        if (in.size() < 12) break;
        reply.status = static_cast<unsigned>(std::stoul(in.substr(9, 3)));
        std::size_t line = in.find("\r\n") + 2;
        while (line < head_end) {
          const std::size_t end = in.find("\r\n", line);
          const std::string field = in.substr(line, end - line);
          const std::size_t colon = field.find(':');
          std::string key = field.substr(0, colon);
          for (char& ch : key) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
          reply.headers[key] = field.substr(std::min(field.size(), colon + 2));
          line = end + 2;
        }
        if (reply.status == 101) break;
        if (reply.headers.count("content-length"))
          length = std::stoul(reply.headers["content-length"]);
      }
    }
    if (head_end != std::string::npos && in.size() >= head_end + 4 + length) break;
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) break;
    in.append(buf, static_cast<std::size_t>(n));
  }
  close(fd);
  if (head_end != std::string::npos && reply.status != 101) reply.body = in.substr(head_end + 4);
  return reply;
}

constexpr const char* kUpgradeHeaders =
    "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

Reply upgrade(int port, const std::string& token, const std::string& source = "127.0.0.1") {
  Reply r = call(port, "GET", "/api/v1/live", token, "", source, kUpgradeHeaders);
  return r;
}

class HttpAuthMatrix : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("vigie-auth-matrix-it-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    broker_ = new Broker(dir_ / "broker");
    gateway_ = new ApiGateway(dir_ / "gw", broker_->url(),
                              ApiGatewayOptions{.http_yaml = "", .tokens_yaml = kRolesYaml});
    ASSERT_TRUE(eventually([] {
      return http_get(gateway_->port(), "/healthz").rfind("200", 0) == 0 || !gateway_->running();
    }));
    ASSERT_TRUE(gateway_->running()) << gateway_->log_text();
  }
  static void TearDownTestSuite() {
    delete gateway_;
    delete broker_;
    fs::remove_all(dir_);
  }
  static int port() { return gateway_->port(); }

  // A source address used once: wrong tokens from it never reach the lock-out.
  static std::string fresh_source() {
    static int next = 0;
    ++next;
    return "127.0.1." + std::to_string(next % 250 + 1);
  }

  static fs::path dir_;
  static Broker* broker_;
  static ApiGateway* gateway_;
};

fs::path HttpAuthMatrix::dir_;
Broker* HttpAuthMatrix::broker_ = nullptr;
ApiGateway* HttpAuthMatrix::gateway_ = nullptr;

TEST_F(HttpAuthMatrix, EveryRouteAnswersEveryCallerAsTheContractSays) {
  for (const Row& row : kTable) {
    for (const Caller c : kCallers) {
      const std::string source = c == Caller::wrong ? fresh_source() : "127.0.0.1";
      const Reply r = call(port(), row.method, row.target, token_of(c), row.body, source);
      const unsigned want = expected(row, c);
      EXPECT_EQ(r.status, want) << row.method << " " << row.target << " as " << name(c) << ": "
                                << r.body << (want == allowed(row) ? row.why : "");
      if (want == 401) {
        EXPECT_EQ(r.header("www-authenticate").rfind("Bearer", 0), 0u) << row.target;
      }
      if (want == 401 || want == 403) {
        const auto json = nlohmann::json::parse(r.body, nullptr, false);
        EXPECT_EQ(json.value("error", ""), want == 401 ? "unauthorized" : "forbidden")
            << row.target << " as " << name(c);
        EXPECT_FALSE(json.value("message", "").empty());
      }
      if (want == 404) {  // the handler's 404, not the router's "no such endpoint"
        EXPECT_TRUE(r.body.find("no alert with this id") != std::string::npos ||
                    r.body.find("no agent with this id") != std::string::npos)
            << r.body;
      }
    }
  }
}

TEST_F(HttpAuthMatrix, LiveUpgradeAnswersEveryCallerAsTheContractSays) {
  for (const Caller c : kCallers) {
    const std::string source = c == Caller::wrong ? fresh_source() : "127.0.0.1";
    const Reply r = upgrade(port(), token_of(c), source);
    const unsigned want = c == Caller::none || c == Caller::wrong ? 401
                          : c == Caller::cse                      ? 403
                                                                  : 101;
    EXPECT_EQ(r.status, want) << "live as " << name(c) << ": " << r.body;
    if (want == 403) {
      const auto json = nlohmann::json::parse(r.body, nullptr, false);
      EXPECT_EQ(json.value("error", ""), "forbidden") << r.body;
      EXPECT_FALSE(json.value("message", "").empty()) << r.body;
    }
  }
}

TEST_F(HttpAuthMatrix, AMethodTheRouteDoesNotTakeIs405ForEveryCaller) {
  for (const Caller c : kCallers) {
    const std::string source = c == Caller::wrong ? fresh_source() : "127.0.0.1";
    const Reply r = call(port(), "DELETE", "/api/v1/agents", token_of(c), "", source);
    EXPECT_EQ(r.status, 405u) << name(c);
    EXPECT_EQ(r.header("allow"), "GET");
  }
}

// The table against the router the gateway builds: the same add_*_routes functions, with
// stand-in services (only the route list is read, no handler runs).
TEST_F(HttpAuthMatrix, RouterHoldsExactlyTheRoutesOfTheTable) {
  namespace api = vigie::api;
  struct NoAudit : api::AuditService {
    std::optional<nlohmann::json> latest_checkpoint() override { return std::nullopt; }
    std::optional<std::string> pack_archive(std::int64_t, std::int64_t) override {
      return std::nullopt;
    }
  };
  api::test::FakeGatewayStatus status;
  api::test::FakeFloorService floor;
  api::test::FakeLivePublisher live;
  api::Pseudonymiser pseudonyms([](const std::string& id) { return "p-" + id; });
  struct NoCse : api::CseService {
    nlohmann::json overview(api::EpochMs, api::EpochMs) const override { return {}; }
  };
  struct NoReports : api::ReportService {
    api::Parsed<std::string> self_assessment(const std::string&, const std::string&) override {
      return api::Parsed<std::string>::fail("none");
    }
  };
  NoAudit audit;
  NoCse cse;
  NoReports reports;
  api::Router router;
  api::add_gateway_routes(router, status);
  api::add_floor_routes(router, floor, live, pseudonyms);
  api::add_audit_routes(router, audit);
  api::add_cse_routes(router, cse);
  api::add_report_routes(router, reports);
  api::add_dashboard_routes(router, api::dashboard_files());

  std::set<std::string> assets;
  for (const auto& file : api::dashboard_files()) assets.insert("/" + std::string(file.path));
  std::set<std::string> in_router;
  for (const api::Route& route : router.routes()) {
    const std::string method(api::to_std(api::http::to_string(route.method)));
    const std::string key = method + " " + route.pattern;
    if (assets.count(route.pattern) && route.pattern != "/") {
      EXPECT_EQ(route.access.describe(), "no token") << key;  // dashboard assets are open
      continue;
    }
    in_router.insert(key);
    const Row* row = nullptr;
    for (const Row& r : kTable)
      if (r.method == method && r.pattern == route.pattern) row = &r;
    ASSERT_NE(row, nullptr) << key << " is in the router but not in the authorization matrix";
    EXPECT_EQ(route.access.describe(), describe(row->rule)) << key;
  }
  for (const Row& r : kTable) {
    EXPECT_EQ(in_router.count(std::string(r.method) + " " + r.pattern), 1u)
        << r.method << " " << r.pattern << " is in the matrix but not in the router";
  }
}

TEST_F(HttpAuthMatrix, RepeatedWrongTokensLockTheAddressOutWith429) {
  const std::string attacker = "127.0.0.77";
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(call(port(), "GET", "/api/v1/stats", kWrongToken, "", attacker).status, 401u) << i;
  }
  Reply r = call(port(), "GET", "/api/v1/stats", kWrongToken, "", attacker);
  EXPECT_EQ(r.status, 429u);
  EXPECT_GT(std::stoi(r.header("retry-after")), 0);
  const auto json = nlohmann::json::parse(r.body);
  EXPECT_EQ(json["error"], "too_many_failed_authentications");
  // Locked out: a valid token is not even checked, nor is the live feed opened.
  EXPECT_EQ(call(port(), "GET", "/api/v1/stats", kTestToken, "", attacker).status, 429u);
  EXPECT_EQ(upgrade(port(), kTestToken, attacker).status, 429u);
  // Open routes still answer it, and other addresses are served. /healthz gives it the status
  // alone, even with a valid token: its details are not a way around the lock-out.
  EXPECT_EQ(call(port(), "GET", "/healthz", "", "", attacker).status, 200u);
  const Reply health = call(port(), "GET", "/healthz", kTestToken, "", attacker);
  EXPECT_EQ(health.status, 200u);
  EXPECT_EQ(health.body, R"({"status":"ok"})");
  EXPECT_EQ(call(port(), "GET", "/api/v1/stats", kTestToken, "", "127.0.0.1").status, 200u);
  const std::string metrics = call(port(), "GET", "/metrics", "").body;
  EXPECT_NE(metrics.find("# TYPE vigie_http_auth_failures_total counter"), std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("# TYPE vigie_http_auth_throttled_total counter"), std::string::npos);
  EXPECT_TRUE(gateway_->running());
}

TEST_F(HttpAuthMatrix, TheMetricsCountFailuresAndThrottledRequests) {
  const auto counter = [](const std::string& metrics, const std::string& name) {
    const auto at = metrics.find("\n" + name + " ");
    return at == std::string::npos ? -1L : std::stol(metrics.substr(at + name.size() + 2));
  };
  const std::string before = call(port(), "GET", "/metrics", "").body;
  const std::string source = "127.0.0.88";
  for (int i = 0; i < 12; ++i) call(port(), "GET", "/api/v1/whoami", kWrongToken, "", source);
  const std::string after = call(port(), "GET", "/metrics", "").body;
  EXPECT_EQ(counter(after, "vigie_http_auth_failures_total") -
                counter(before, "vigie_http_auth_failures_total"),
            10);
  EXPECT_EQ(counter(after, "vigie_http_auth_throttled_total") -
                counter(before, "vigie_http_auth_throttled_total"),
            2);
}

TEST_F(HttpAuthMatrix, HealthzWithoutAValidTokenSaysTheStatusAlone) {
  for (const Caller c : {Caller::none, Caller::wrong}) {
    const std::string source = c == Caller::wrong ? fresh_source() : "127.0.0.1";
    const Reply r = call(port(), "GET", "/healthz", token_of(c), "", source);
    EXPECT_EQ(r.status, 200u) << name(c);
    EXPECT_EQ(r.body, R"({"status":"ok"})") << name(c);
  }
}

TEST_F(HttpAuthMatrix, HealthzGivesItsDetailsToATokenOfEveryRole) {
  for (const Caller c : {Caller::manager, Caller::auditor, Caller::admin, Caller::cse}) {
    const Reply r = call(port(), "GET", "/healthz", token_of(c));
    EXPECT_EQ(r.status, 200u) << name(c);
    const auto body = nlohmann::json::parse(r.body, nullptr, false);
    EXPECT_EQ(body.value("status", ""), "ok") << name(c) << ": " << r.body;
    EXPECT_TRUE(body.contains("governance")) << name(c) << ": " << r.body;
  }
}

// Error bodies say what was wrong in our words and carry nothing the caller wrote: a page
// or a log viewer that shows them must not render the request back.
TEST_F(HttpAuthMatrix, ErrorBodiesEchoNothingOfTheRequest) {
  struct Case {
    const char* method;
    std::string target;
    std::string token;
    std::string body;
    unsigned status;
  };
  const std::vector<Case> cases = {
      {"GET", "/api/v1/%3Cscript%3Eevil%3C/script%3E?x=<zz>", "", "", 404},
      {"GET", "/evilzz/x", kTestToken, "", 404},
      {"FROB", "/api/v1/agents", kTestToken, "", 405},
      {"DELETE", "/api/v1/alerts/evilzz/ack", kTestToken, "", 405},
      {"POST", "/api/v1/alerts/evil%3Czz%3E/ack", kTestToken, "{}", 404},
      {"POST", "/api/v1/alerts/evilzz/ack", kTestToken, "{}", 404},
      {"POST", "/api/v1/alerts/a1/ack", kTestToken, R"({"<evil>zz":1})", 400},
      {"GET", "/api/v1/alerts?evil%3Czz%3E=1", kTestToken, "", 400},
      {"GET", "/api/v1/alerts?since=evil%3Czz%3E", kTestToken, "", 400},
      {"GET", "/api/v1/compliance?from=evilzz&to=1", kTestToken, "", 400},
      {"GET", "/api/v1/cse/overview?from=evilzz&to=1", kCseToken, "", 400},
      {"GET", "/api/v1/cse/overview?to=1&evilzz=2", kCseToken, "", 400},
      {"GET", "/api/v1/cse/overview?from=5&to=1", kCseToken, "", 400},
      {"GET", "/api/v1/report/self-assessment?from=evilzz&to=2026-01-01", kCseToken, "", 400},
      {"GET", "/api/v1/report/self-assessment?from=2026-01-01&to=2026-02-30", kCseToken, "", 400},
      {"GET", "/api/v1/report/self-assessment?from=2026-02-01&to=2026-01-01", kTestToken, "", 400},
      {"GET", "/api/v1/report/self-assessment?from=2024-01-01&to=2026-01-01", kTestToken, "", 400},
      {"GET", "/api/v1/report/self-assessment?from=2026-01-01", kTestToken, "", 400},
  };
  for (const Case& c : cases) {
    const Reply r = call(port(), c.method, c.target, c.token, c.body);
    EXPECT_EQ(r.status, c.status) << c.method << " " << c.target << ": " << r.body;
    const auto json = nlohmann::json::parse(r.body, nullptr, false);
    EXPECT_FALSE(json.value("message", "").empty()) << c.target << ": " << r.body;
    for (const char* echoed : {"evil", "zz", "script", "FROB"})
      EXPECT_EQ(r.body.find(echoed), std::string::npos)
          << c.method << " " << c.target << " echoes '" << echoed << "': " << r.body;
  }
}

TEST_F(HttpAuthMatrix, TheRequestLogHoldsNoToken) {
  call(port(), "GET", std::string("/api/v1/stats?token=") + kManagerToken, "");
  call(port(), "GET", std::string("/api/v1/whoami?access_token=") + kAuditorToken, kTestToken);
  call(port(), "GET", "/api/v1/agents", kManagerToken);
  call(port(), "GET", "/api/v1/agents", kAuditorToken);
  call(port(), "GET", "/api/v1/stats", kWrongToken, "", fresh_source());
  upgrade(port(), kManagerToken);
  const std::string log = gateway_->log_text();
  EXPECT_NE(log.find("http GET /api/v1/agents 403 "), std::string::npos) << log;
  for (const char* token : {kManagerToken, kAuditorToken, kTestToken, kWrongToken}) {
    EXPECT_EQ(log.find(token), std::string::npos) << token;
  }
}

// ---- The cse role on a gateway that holds a simulated day ----------------------------------

// 2026-11-30 07:00 Europe/Paris, a Monday, and that civil day: a fixed day, so the capture never
// changes.
constexpr std::int64_t kMonday = 1796018400000;
constexpr std::int64_t kMondayStart = 1795993200000;  // 2026-11-30 00:00 Europe/Paris
constexpr std::int64_t kDay = 86400000;

class CsePrivacy : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("vigie-cse-privacy-it-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    capture_ = (dir_ / "day.jsonl").string();
    // 8 agents in 3 teams (3, 3 and 2): every team is under five agents.
    const std::string sim = std::string(VIGIE_SIM_BINARY) + " --capture " + capture_ +
                            " --agents 8 --teams 3 --start " + std::to_string(kMonday) +
                            " --duration 8h --seed 11 2>/dev/null";
    ASSERT_EQ(std::system(sim.c_str()), 0);
    broker_ = new Broker(dir_ / "broker");
    GatewayOptions options;
    options.tokens_yaml = kRolesYaml;
    gateway_ = new GatewayProcess(dir_ / "gw", broker_->url(), options);
    MqttClient node(broker_->url(), "capture-player");
    const auto events = publish_capture(node, capture_);
    ASSERT_TRUE(eventually([&] {
      return gateway_->query("SELECT count(*) FROM events") == static_cast<std::int64_t>(events);
    })) << gateway_->log_text();
    ASSERT_TRUE(eventually([] {
      return gateway_->query(
                 "SELECT count(*) FROM alert_transitions WHERE "
                 "json_extract(alert, '$.subject.agent') IS NOT NULL") > 0;
    })) << "the day raises agent alerts: what the cse must not see";
    // The engine has judged the whole day once its records stop growing: the overview's
    // counts are read against all of them (the first alert alone is not enough).
    ASSERT_TRUE(settles([&] { return gateway_->query("SELECT count(*) FROM alert_transitions"); },
                        std::chrono::milliseconds(1500)));
  }
  static void TearDownTestSuite() {
    delete gateway_;
    delete broker_;
    fs::remove_all(dir_);
  }

  // What names an agent: each roster id as a JSON string and inside its shift ids, and each
  // pseudonym the auditor's view shows.
  static std::set<std::string> identifiers() {
    std::set<std::string> out;
    std::ifstream in(capture_);
    for (std::string line; std::getline(in, line);) {
      const auto message = nlohmann::json::parse(line);
      const auto payload = message.value("payload", nlohmann::json::object());
      for (const auto& e : payload.value("events", nlohmann::json::array())) {
        if (e.contains("agent")) out.insert("\"" + e["agent"].get<std::string>() + "\"");
        if (e.contains("agent")) out.insert("-" + e["agent"].get<std::string>() + "-");
      }
    }
    const Reply alerts =
        call(gateway_->http_port(), "GET", "/api/v1/alerts?state=all", kAuditorToken);
    for (const auto& a : nlohmann::json::parse(alerts.body))
      if (a["subject"].contains("agent")) out.insert(a["subject"]["agent"].get<std::string>());
    return out;
  }

  static fs::path dir_;
  static std::string capture_;
  static Broker* broker_;
  static GatewayProcess* gateway_;
};

fs::path CsePrivacy::dir_;
std::string CsePrivacy::capture_;
Broker* CsePrivacy::broker_ = nullptr;
GatewayProcess* CsePrivacy::gateway_ = nullptr;

// A request for ROW over the simulated day, where the route takes a period.
std::string over_the_day(const Row& row) {
  const std::string period =
      "from=" + std::to_string(kMondayStart) + "&to=" + std::to_string(kMondayStart + kDay);
  const std::string pattern = row.pattern;
  if (pattern == "/api/v1/compliance" || pattern == "/api/v1/cse/overview" ||
      pattern == "/api/v1/audit/pack")
    return pattern + "?" + period;
  if (pattern == "/api/v1/report/self-assessment")
    return pattern + "?from=2026-11-30&to=2026-11-30";
  return row.target;
}

TEST_F(CsePrivacy, NoAnswerToACseTokenNamesAnAgentOrAPseudonym) {
  const auto names = identifiers();
  std::size_t pseudonyms = 0;
  for (const auto& n : names) pseudonyms += n.size() > 20;
  ASSERT_GE(names.size(), 16u) << "the 8 agents of the roster, quoted and in shift ids";
  ASSERT_GT(pseudonyms, 0u) << "the auditor sees pseudonyms: the search has them to find";
  // The search can fail: the same routes as an admin do name agents.
  const Reply admin_alerts =
      call(gateway_->http_port(), "GET", "/api/v1/alerts?state=all", kTestToken);
  bool named = false;
  for (const auto& n : names) named = named || admin_alerts.body.find(n) != std::string::npos;
  EXPECT_TRUE(named) << "the admin's alerts name agents";

  std::size_t answered = 0;
  for (const Row& row : kTable) {
    const Reply r = call(gateway_->http_port(), row.method, over_the_day(row), kCseToken, row.body);
    EXPECT_NE(r.status, 0u) << row.pattern;
    if (r.status == 200) ++answered;
    for (const auto& n : names)
      EXPECT_EQ(r.body.find(n), std::string::npos)
          << row.method << " " << row.pattern << " (" << r.status << ") names " << n;
  }
  EXPECT_GE(answered, 7u) << "stats, whoami, compliance, nodes, the overview, the report...";
  const Reply live = upgrade(gateway_->http_port(), kCseToken);
  EXPECT_EQ(live.status, 403u) << "the live feed carries agent entries";
}

TEST_F(CsePrivacy, TheOverviewCountsTheDayByMergedTeamsOfFiveOrMore) {
  const Reply r = call(gateway_->http_port(), "GET",
                       "/api/v1/cse/overview?from=" + std::to_string(kMondayStart) +
                           "&to=" + std::to_string(kMondayStart + kDay),
                       kCseToken);
  ASSERT_EQ(r.status, 200u) << r.body;
  const auto o = nlohmann::json::parse(r.body);
  EXPECT_EQ(o["min_group"], 5);
  EXPECT_EQ(o["site"]["agents"], 8) << o["site"].dump();
  EXPECT_EQ(o["site"]["agent_days"], 8);
  EXPECT_EQ(o["site"]["teams"].size(), 3u);
  // Three teams of 3, 3 and 2 agents: one group of all three.
  ASSERT_EQ(o["teams"].size(), 1u) << o["teams"].dump();
  EXPECT_EQ(o["teams"][0]["teams"].size(), 3u);
  EXPECT_EQ(o["teams"][0]["agents"], 8);
  EXPECT_EQ(o["teams"][0]["agent_days"], 8);
  ASSERT_EQ(o["days"].size(), 1u);
  EXPECT_EQ(o["days"][0]["day"], "2026-11-30");
  EXPECT_EQ(o["days"][0]["agent_days"], 8);
  // BRK-01 breached on some agent-days (the governance test's day): the counts agree.
  std::int64_t breached = 0, counted = 0;
  for (const auto& c : o["site"]["criteria"])
    if (c["criterion"] == "BRK-01") {
      breached = c["breached"];
      counted = c["held"].get<std::int64_t>() + breached + c["justified"].get<std::int64_t>() +
                c["without_data"].get<std::int64_t>();
    }
  EXPECT_GT(breached, 0);
  EXPECT_EQ(o["days"][0]["breaches"].value("BRK-01", 0), breached);
  EXPECT_EQ(counted, 8) << "each agent-day has one verdict";
  EXPECT_TRUE(o["site"]["pauses_due"].is_number());
  EXPECT_GT(o["site"]["pauses_due"].get<std::int64_t>(), 0) << "8 h days";
  EXPECT_TRUE(o["compliance"].is_array());
  EXPECT_TRUE(o["noise"].is_array());
  EXPECT_EQ(o["completeness"]["agent_days"], 8);
  EXPECT_TRUE(o["acknowledgements"].is_number());
}

TEST_F(CsePrivacy, TheOverviewOfAnEmptyPeriodIsEmptyNotAnError) {
  const Reply r =
      call(gateway_->http_port(), "GET", "/api/v1/cse/overview?from=0&to=86400000", kCseToken);
  ASSERT_EQ(r.status, 200u) << r.body;
  const auto o = nlohmann::json::parse(r.body);
  EXPECT_EQ(o["site"]["agent_days"], 0);
  EXPECT_EQ(o["site"]["agents"], "< 5");
  EXPECT_EQ(o["teams"], nlohmann::json::array());
  EXPECT_TRUE(gateway_->running());
}

}  // namespace
