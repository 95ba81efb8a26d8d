// The configuration file: defaults, and errors that name key and line.
#include "config/config.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>

using namespace vigie;

namespace {

Config parse(const std::string& text) {
  return parse_config(text, "vigie.yaml", "/etc/vigie");
}

std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "<no error>";
}

}  // namespace

TEST(Config, OnlySiteIsRequiredAndDefaultsFollowTheContract) {
  auto c = parse("site: paris-1\n");
  EXPECT_EQ(c.site, "paris-1");
  EXPECT_EQ(c.timezone, "Europe/Paris");
  EXPECT_EQ(c.gateway_id, "gw-paris-1");
  EXPECT_EQ(c.broker.url, "tcp://127.0.0.1:1883");
  EXPECT_EQ(c.store.path, "/etc/vigie/data/vigie.db") << "relative to the config file";
  EXPECT_EQ(c.store.synchronous, "FULL");
  EXPECT_EQ(c.http.host, "127.0.0.1");
  EXPECT_EQ(c.http.port, 8080);
  EXPECT_EQ(c.referentiel.profile, "idcc2098-2h10");
  EXPECT_TRUE(c.tokens.empty());
  EXPECT_EQ(c.evidence.checkpoint_every, std::chrono::minutes(15));
  EXPECT_EQ(c.retention.raw_days, 365);
  EXPECT_EQ(c.retention.evidence_days, 1095);
}

TEST(Config, FullContractExampleLoads) {
  const std::string hash(64, 'a');
  auto c = parse(
      "site: paris-1\n"
      "timezone: Europe/Paris\n"
      "gateway_id: gw-paris-1\n"
      "broker:\n  url: ssl://broker:8883\n  username: vigie\n  password: s3cret\n"
      "  ca_file: certs/ca.pem\n"
      "store:\n  path: /var/lib/vigie/vigie.db\n"
      "http:\n  listen: 0.0.0.0:9090\n"
      "referentiel:\n  file: referentiel/custom.yaml\n  profile: idcc2148\n"
      "tokens:\n  - {name: manager-1, role: manager, sha256: \"" +
      hash +
      "\"}\n"
      "  - {name: auditor-1, role: auditor, sha256: \"" +
      hash +
      "\"}\n"
      "  - {name: staff-reps, role: cse, sha256: \"" +
      hash +
      "\"}\n"
      "evidence:\n  key_file: secrets/e.key\n  pseudonym_key_file: secrets/p.key\n"
      "  checkpoint_every: 1h\n"
      "retention:\n  raw_days: 30\n  evidence_days: 400\n");
  EXPECT_EQ(c.broker.url, "ssl://broker:8883");
  EXPECT_EQ(c.broker.password, "s3cret");
  EXPECT_EQ(*c.broker.ca_file, "/etc/vigie/certs/ca.pem");
  EXPECT_EQ(c.store.path, "/var/lib/vigie/vigie.db");
  EXPECT_EQ(c.http.host, "0.0.0.0");
  EXPECT_EQ(c.http.port, 9090);
  ASSERT_EQ(c.tokens.size(), 3u);
  EXPECT_EQ(c.tokens[1].role, Role::auditor);
  EXPECT_EQ(c.tokens[2].role, Role::cse);
  EXPECT_EQ(c.evidence.checkpoint_every, std::chrono::hours(1));
  EXPECT_EQ(c.retention.raw_days, 30);
}

TEST(Config, MissingSiteIsNamed) {
  EXPECT_NE(error_of("timezone: Europe/Paris\n").find("site: missing required key"),
            std::string::npos);
  EXPECT_NE(error_of("").find("site"), std::string::npos);
}

TEST(Config, UnknownKeyIsNamedWithItsLine) {
  auto e = error_of("site: paris-1\nbroker:\n  url: tcp://x:1\n  usrname: bob\n");
  EXPECT_NE(e.find("vigie.yaml:4: broker.usrname: unknown key"), std::string::npos) << e;
  e = error_of("site: paris-1\nsiet: x\n");
  EXPECT_NE(e.find("vigie.yaml:2: siet: unknown key"), std::string::npos) << e;
}

TEST(Config, BadValuesAreNamedWithTheirLine) {
  auto e = error_of("site: paris 1\n");
  EXPECT_NE(e.find("vigie.yaml:1: site:"), std::string::npos) << e;
  e = error_of("site: p\ntimezone: Mars/Olympus\n");
  EXPECT_NE(e.find(":2: timezone: unknown IANA time zone"), std::string::npos) << e;
  e = error_of("site: p\nbroker:\n  url: http://x\n");
  EXPECT_NE(e.find(":3: broker.url"), std::string::npos) << e;
  e = error_of("site: p\nhttp:\n  listen: localhost\n");
  EXPECT_NE(e.find(":3: http.listen"), std::string::npos) << e;
  e = error_of("site: p\nhttp:\n  listen: 127.0.0.1:99999\n");
  EXPECT_NE(e.find("http.listen: port"), std::string::npos) << e;
  e = error_of("site: p\nretention:\n  raw_days: many\n");
  EXPECT_NE(e.find(":3: retention.raw_days: must be an integer"), std::string::npos) << e;
  e = error_of("site: p\nretention:\n  raw_days: 0\n");
  EXPECT_NE(e.find("retention.raw_days: must be between"), std::string::npos) << e;
  e = error_of("site: p\nevidence:\n  checkpoint_every: soon\n");
  EXPECT_NE(e.find(":3: evidence.checkpoint_every"), std::string::npos) << e;
  e = error_of("site: p\nstore:\n  synchronous: OFF\n");
  EXPECT_NE(e.find("store.synchronous"), std::string::npos) << e;
  e = error_of("site: p\nbroker:\n  password: x\n");
  EXPECT_NE(e.find("broker.username: required"), std::string::npos) << e;
}

TEST(Config, TokenErrorsNameTheEntry) {
  auto e = error_of("site: p\ntokens:\n  - {name: m, role: boss, sha256: \"" +
                    std::string(64, 'a') + "\"}\n");
  EXPECT_NE(e.find(":3: tokens[0].role: must be manager, auditor, admin or cse"), std::string::npos)
      << e;
  e = error_of("site: p\ntokens:\n  - {name: m, role: manager, sha256: abc}\n");
  EXPECT_NE(e.find("tokens[0].sha256"), std::string::npos) << e;
  e = error_of("site: p\ntokens:\n  - {name: m, role: manager}\n");
  EXPECT_NE(e.find("tokens[0].sha256: missing required key"), std::string::npos) << e;
  const std::string h(64, 'b');
  e = error_of("site: p\ntokens:\n  - {name: m, role: manager, sha256: \"" + h +
               "\"}\n  - {name: m, role: admin, sha256: \"" + h + "\"}\n");
  EXPECT_NE(e.find(":4: tokens[1].name: duplicate"), std::string::npos) << e;
}

TEST(Config, InvalidYamlReportsTheLine) {
  auto e = error_of("site: p\nbroker: [unclosed\n");
  EXPECT_NE(e.find("invalid YAML"), std::string::npos) << e;
  EXPECT_NE(e.find("vigie.yaml:"), std::string::npos) << e;
}

TEST(Config, PasswordFileIsReadRelativeToTheConfig) {
  const auto dir = std::filesystem::temp_directory_path() / "vigie-config-test";
  std::filesystem::create_directories(dir / "secrets");
  std::ofstream(dir / "secrets" / "mqtt.pw") << "hunter2\n";
  std::ofstream(dir / "vigie.yaml")
      << "site: p\nbroker:\n  username: u\n  password_file: secrets/mqtt.pw\n";
  auto c = load_config(dir / "vigie.yaml");
  EXPECT_EQ(c.broker.password, "hunter2");
  std::ofstream(dir / "vigie.yaml")
      << "site: p\nbroker:\n  username: u\n  password_file: secrets/none.pw\n";
  try {
    load_config(dir / "vigie.yaml");
    FAIL() << "missing password file accepted";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find(":4: broker.password_file: cannot read"),
              std::string::npos)
        << e.what();
  }
  std::filesystem::remove_all(dir);
}

TEST(Config, MissingFileIsAClearError) {
  EXPECT_THROW(load_config("/nonexistent/vigie.yaml"), ConfigError);
}

// One grammar in both files a user writes: "15min" and the older "15m" alike.
TEST(Config, DurationsTakeEitherSpellingOfMinutes) {
  const auto c = parse(
      "site: paris-1\nstore:\n  path: /tmp/x.db\nevidence:\n  checkpoint_every: 1h30min\n"
      "limits:\n  max_skew: 2m\n  resync_wait: 45s\n");
  EXPECT_EQ(c.evidence.checkpoint_every, std::chrono::minutes(90));
  EXPECT_EQ(c.limits.max_skew, std::chrono::minutes(2));
  EXPECT_EQ(c.limits.resync_wait, std::chrono::seconds(45));
}

TEST(Config, ReferentielOverridesAreKeptAsTheirNodeOrRefusedWhenNotAMap) {
  auto c =
      parse("site: p\nreferentiel:\n  overrides:\n    criteria:\n      BRK-01: {enabled: false}\n");
  ASSERT_TRUE(c.referentiel.overrides.IsMap());
  // 0-based: the map under `criteria:` starts on line 5 of the file.
  EXPECT_EQ(c.referentiel.overrides["criteria"].Mark().line, 4) << "marks kept for errors";
  EXPECT_FALSE(parse("site: p\n").referentiel.overrides.IsMap());
  const auto e = error_of("site: p\nreferentiel:\n  overrides: [1, 2]\n");
  EXPECT_NE(e.find(":3: referentiel.overrides: must be a map"), std::string::npos) << e;
}

TEST(Config, AWebhookIsAnHttpOrHttpsUrl) {
  EXPECT_EQ(
      *parse("site: p\nnotify:\n  webhook_url: http://am:9093/api/v2/alerts\n").notify.webhook_url,
      "http://am:9093/api/v2/alerts");
  EXPECT_EQ(*parse("site: p\nnotify:\n  webhook_url: https://am/hook\n").notify.webhook_url,
            "https://am/hook");
  EXPECT_FALSE(parse("site: p\n").notify.webhook_url);
  auto e = error_of("site: p\nnotify:\n  webhook_url: ftp://am/hook\n");
  EXPECT_NE(e.find(":3: notify.webhook_url: must be an http[s]://"), std::string::npos) << e;
  e = error_of("site: p\nnotify:\n  webhook_url: http://am:99999/hook\n");
  EXPECT_NE(e.find(":3: notify.webhook_url: must be an http[s]://"), std::string::npos) << e;
  EXPECT_NE(e.find("port must be 1-65535"), std::string::npos) << e;
  e = error_of("site: p\nnotify:\n  webhok_url: http://am/\n");
  EXPECT_NE(e.find(":3: notify.webhok_url: unknown key"), std::string::npos) << e;
}

TEST(Config, AlertmanagersAreAListOfUrls) {
  const auto c = parse(
      "site: p\nnotify:\n  alertmanager: [http://am1:9093, 'https://[::1]:9093/am']\n"
      "  resend_every: 30s\n  dashboard_url: https://vigie.example:8443/\n");
  EXPECT_EQ(c.notify.alertmanager,
            (std::vector<std::string>{"http://am1:9093", "https://[::1]:9093/am"}));
  EXPECT_EQ(c.notify.resend_every, std::chrono::seconds(30));
  EXPECT_EQ(*c.notify.dashboard_url, "https://vigie.example:8443/");
  const auto d = parse("site: p\n");
  EXPECT_TRUE(d.notify.alertmanager.empty());
  EXPECT_EQ(d.notify.resend_every, std::chrono::minutes(1));
  auto e = error_of("site: p\nnotify:\n  alertmanager:\n    - http://am1:9093\n    - am2:9093\n");
  EXPECT_NE(e.find(":5: notify.alertmanager[1]: must be an http[s]://"), std::string::npos) << e;
  e = error_of("site: p\nnotify:\n  alertmanager: http://am1:9093\n");
  EXPECT_NE(e.find(":3: notify.alertmanager: must be a list"), std::string::npos) << e;
  e = error_of("site: p\nnotify:\n  alertmanager: []\n");
  EXPECT_NE(e.find(":3: notify.alertmanager: must be a list"), std::string::npos) << e;
  e = error_of("site: p\nnotify:\n  alertmanager: ['http://user:pw@am:9093']\n");
  EXPECT_NE(e.find("credentials"), std::string::npos) << e;
  e = error_of("site: p\nnotify:\n  resend_every: 0s\n");
  EXPECT_NE(e.find(":3: notify.resend_every: must be a duration from 1s to 1h"), std::string::npos)
      << e;
  e = error_of("site: p\nnotify:\n  ca_file: /nonexistent/ca.pem\n");
  EXPECT_NE(e.find(":3: notify.ca_file: no such file"), std::string::npos) << e;
}

TEST(Config, LimitsHaveDefaultsAndAreRead) {
  auto c = parse("site: paris-1\n");
  EXPECT_EQ(c.limits.max_skew, std::chrono::minutes(5));
  EXPECT_EQ(c.limits.resync_wait, std::chrono::seconds(30));
  EXPECT_EQ(c.limits.agents_per_node, 2000);
  EXPECT_EQ(c.limits.new_agents_per_minute, 200);
  c = parse(
      "site: paris-1\nlimits:\n  max_skew: 2m\n  resync_wait: 5s\n  agents_per_node: 300\n"
      "  new_agents_per_minute: 50\n");
  EXPECT_EQ(c.limits.max_skew, std::chrono::minutes(2));
  EXPECT_EQ(c.limits.resync_wait, std::chrono::seconds(5));
  EXPECT_EQ(c.limits.agents_per_node, 300);
  EXPECT_EQ(c.limits.new_agents_per_minute, 50);
}

TEST(Config, BadLimitsNameTheKeyAndLine) {
  EXPECT_EQ(error_of("site: paris-1\nlimits:\n  max_skew: soon\n"),
            "vigie.yaml:3: limits.max_skew: must be a duration of at least 1s such as 5min, 30s");
  EXPECT_EQ(error_of("site: paris-1\nlimits:\n  agents_per_node: 0\n"),
            "vigie.yaml:3: limits.agents_per_node: must be between 1 and 20000");
  EXPECT_NE(error_of("site: paris-1\nlimits:\n  max_skw: 5m\n").find("limits.max_skw: unknown key"),
            std::string::npos);
}
