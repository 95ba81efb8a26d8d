// Broker security end to end: a real Mosquitto running the shipped
// configuration (packaging/mosquitto/vigie.conf, or vigie-passwords.conf) and
// ACL (vigie.acl) with only ports and paths changed, certificates made by the
// test with openssl. The gateway and vigie-node store events over TLS; a node
// cannot publish as another node nor read its ack or cmd; no identity can take
// over or wipe the gateway's session or another node's by using its client
// id; a certificate from another CA and a wrong password are refused, with a
// clear line in the log, and the refused side keeps retrying.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <ostream>
#include <sstream>

#include "broker.hpp"
#include "gateway_process.hpp"
#include "mqtt_client.hpp"
#include "node_process.hpp"
#include "test_pki.hpp"

using namespace vigie::testing;

namespace {

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

std::string node_topic(const std::string& node, const std::string& leaf) {
  return "vigie/v1/paris-1/node/" + node + "/" + leaf;
}

// The shipped broker files live beside the ACL.
std::filesystem::path shipped(const std::string& name) {
  return std::filesystem::path(VIGIE_BROKER_ACL).parent_path() / name;
}

// The client id the test gateway (gateway_id gw-test) asks for: vigie-{gateway_id}.
constexpr const char* kGatewayClientId = "vigie-gw-test";

enum class Identities { certificates, passwords };

std::string mode_name(Identities mode) {
  return mode == Identities::certificates ? "certificates" : "passwords";
}
// For test names and failure messages.
void PrintTo(Identities mode, std::ostream* out) {
  *out << mode_name(mode);
}

class BrokerSecurityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("vigie-tls-it-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    pki_ = std::make_unique<TestPki>(dir_ / "pki");
  }
  void TearDown() override {
    if (HasFailure()) {
      if (gateway_) std::cerr << "--- gateway ---\n" << gateway_->log_text() << "\n";
      if (broker_) std::cerr << "--- broker ---\n" << broker_->log_text() << std::endl;
    }
    gateway_.reset();
    broker_.reset();
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }

  // packaging/mosquitto/vigie.conf: client certificates from the CA, the CN as
  // the MQTT user name and as the client id.
  void start_certificate_broker() {
    broker_ = std::make_unique<Broker>(dir_ / "broker",
                                       ShippedBrokerConfig{shipped("vigie.conf"), replacements()});
  }
  // packaging/mosquitto/vigie-passwords.conf: TLS for privacy and the broker's
  // identity; clients log in with passwords, the user name as the client id.
  void start_password_broker() {
    const auto passwords = dir_ / "broker-passwords";
    for (const auto& [user, password] : passwords_) add_broker_user(passwords, user, password);
    auto replace = replacements();
    replace.emplace_back("/etc/mosquitto/vigie/passwords", passwords.string());
    broker_ = std::make_unique<Broker>(
        dir_ / "broker", ShippedBrokerConfig{shipped("vigie-passwords.conf"), replace});
  }
  // The shipped files' port and paths, for this test's broker.
  std::vector<std::pair<std::string, std::string>> replacements() const {
    return {{"listener 8883", "listener {port} 127.0.0.1"},
            {"/etc/mosquitto/vigie/ca.pem", pki_->ca().string()},
            {"/etc/mosquitto/vigie/server.pem", pki_->server().cert.string()},
            {"/etc/mosquitto/vigie/server.key", pki_->server().key.string()},
            {"/etc/mosquitto/vigie/vigie.acl", VIGIE_BROKER_ACL}};
  }
  void start_broker(Identities mode) {
    if (mode == Identities::certificates)
      start_certificate_broker();
    else
      start_password_broker();
  }
  // The gateway, logged in as vigie-gateway in MODE.
  void start_gateway_as(Identities mode) {
    start_gateway(mode == Identities::certificates
                      ? gateway_certificate_yaml(pki_->ca())
                      : gateway_password_yaml(passwords_.at("vigie-gateway")));
  }
  // A test client logged in as NAME (its certificate, or its password).
  MqttClientSecurity identity(Identities mode, const std::string& name) {
    if (mode == Identities::certificates) return client_security(name);
    return {pki_->ca().string(), "", "", name, passwords_.at(name)};
  }

  void start_gateway(const std::string& broker_yaml, bool wait_healthy = true) {
    GatewayOptions options;
    options.broker_yaml = broker_yaml;
    options.wait_healthy = wait_healthy;
    gateway_ = std::make_unique<GatewayProcess>(dir_ / "gateway", broker_->url(), options);
  }
  std::string gateway_certificate_yaml(const std::filesystem::path& ca) {
    const auto client = pki_->client("vigie-gateway");
    return "  ca_file: " + ca.string() + "\n  cert_file: " + client.cert.string() +
           "\n  key_file: " + client.key.string() + "\n";
  }
  std::string gateway_password_yaml(const std::string& password) {
    std::ofstream(dir_ / "gateway.pw") << password << "\n";
    return "  ca_file: " + pki_->ca().string() +
           "\n  username: vigie-gateway\n  password_file: " + (dir_ / "gateway.pw").string() + "\n";
  }

  // vigie-node NODE with the client certificate CERT, its journal and log in DIR.
  std::unique_ptr<NodeProcess> node_with(const std::string& node, const CertAndKey& cert,
                                         const std::string& dir,
                                         const std::string& drain_timeout = "60") {
    return std::make_unique<NodeProcess>(
        dir_ / dir, broker_->url(), node,
        std::vector<std::string>{"--ca-file", pki_->ca().string(), "--cert-file",
                                 cert.cert.string(), "--key-file", cert.key.string(), "--batch-ms",
                                 "100", "--ack-timeout", "1000", "--drain-timeout", drain_timeout});
  }
  // Feeds N events and waits for the end; the exit code (0: every event acked).
  static int feed_and_finish(NodeProcess& node, std::uint64_t n) {
    for (std::uint64_t i = 1; i <= n; ++i) node.write_line(stream_line(i));
    return node.finish();
  }
  std::int64_t stored_for(const std::string& node) {
    return gateway_->query("SELECT count(*) FROM events WHERE node = '" + node + "'");
  }
  MqttClientSecurity client_security(const std::string& name) {
    const auto cert = pki_->client(name);
    return {pki_->ca().string(), cert.cert.string(), cert.key.string(), "", ""};
  }

  std::filesystem::path dir_;
  const std::map<std::string, std::string> passwords_ = {
      {"vigie-gateway", "gw-secret"}, {"acd-1", "node-secret"}, {"acd-2", "node2-secret"}};
  std::unique_ptr<TestPki> pki_;
  std::unique_ptr<Broker> broker_;
  std::unique_ptr<GatewayProcess> gateway_;
};

}  // namespace

TEST_F(BrokerSecurityTest, GatewayAndNodeStoreEventsOverTlsWithCertificateIdentities) {
  start_certificate_broker();
  start_gateway(gateway_certificate_yaml(pki_->ca()));
  auto node = node_with("acd-1", pki_->client("acd-1"), "node");
  EXPECT_EQ(feed_and_finish(*node, 500), 0) << node->log_text();
  EXPECT_EQ(stored_for("acd-1"), 500);
  EXPECT_EQ(gateway_->query("SELECT count(DISTINCT seq) FROM events"), 500);
}

TEST_F(BrokerSecurityTest, GatewayAndNodeStoreEventsOverTlsWithPasswords) {
  start_password_broker();
  start_gateway(gateway_password_yaml("gw-secret"));
  std::ofstream(dir_ / "node.pw") << "node-secret\n";
  NodeProcess node(dir_ / "node", broker_->url(), "acd-1",
                   {"--ca-file", pki_->ca().string(), "--username", "acd-1", "--password-file",
                    (dir_ / "node.pw").string(), "--batch-ms", "100", "--drain-timeout", "60"});
  EXPECT_EQ(feed_and_finish(node, 300), 0) << node.log_text();
  EXPECT_EQ(stored_for("acd-1"), 300);
}

TEST_F(BrokerSecurityTest, NodeCannotPublishAsAnotherNode) {
  start_certificate_broker();
  start_gateway(gateway_certificate_yaml(pki_->ca()));
  auto honest = node_with("acd-2", pki_->client("acd-2"), "honest");
  ASSERT_EQ(feed_and_finish(*honest, 100), 0) << honest->log_text();
  ASSERT_EQ(stored_for("acd-2"), 100);

  // acd-1's certificate, claiming to be acd-2: the broker drops its birth,
  // state and batches, so no ack ever comes back and it ends with events unacked.
  auto impostor = node_with("acd-2", pki_->client("acd-1"), "impostor", "5");
  EXPECT_EQ(feed_and_finish(*impostor, 50), 1) << impostor->log_text();
  EXPECT_NE(impostor->log_text().find("connected to ssl://"), std::string::npos)
      << "the impostor was connected: the ACL, not the TLS layer, refused it";

  // The gateway still works: acd-1 under its own name gets through.
  auto acd1 = node_with("acd-1", pki_->client("acd-1"), "acd-1");
  EXPECT_EQ(feed_and_finish(*acd1, 20), 0) << acd1->log_text();
  EXPECT_EQ(stored_for("acd-1"), 20);
  EXPECT_EQ(stored_for("acd-2"), 100) << "nothing of the impostor's was stored as acd-2";
  EXPECT_EQ(gateway_->query("SELECT count(DISTINCT epoch) FROM events WHERE node = 'acd-2'"), 1);
}

TEST_F(BrokerSecurityTest, NodeCannotReadAnotherNodesAckOrCmd) {
  start_certificate_broker();
  start_gateway(gateway_certificate_yaml(pki_->ca()));
  for (const std::string name : {"acd-1", "acd-2"}) {
    auto node = node_with(name, pki_->client(name), name);
    ASSERT_EQ(feed_and_finish(*node, 10), 0) << node->log_text();
  }
  // Both acks are retained now. acd-1 asks for acd-2's ack and cmd (and everything).
  MqttClient spy(broker_->url(), "spy-acd-1", client_security("acd-1"));
  spy.subscribe(node_topic("acd-2", "ack"));
  spy.subscribe(node_topic("acd-2", "cmd"));
  spy.subscribe("vigie/v1/#");
  MqttClient acd2(broker_->url(), "listener-acd-2", client_security("acd-2"));
  acd2.subscribe(node_topic("acd-2", "cmd"));

  // A batch from acd-2 (its own certificate) with a hole: the gateway sends acd-2 a resync.
  acd2.publish(node_topic("acd-2", "evt"), batch_json("acd-2", "00000000000000aa", 5, 6));
  ASSERT_TRUE(eventually([&] { return !acd2.received("/acd-2/cmd").empty(); }))
      << "the gateway sent acd-2 a command";

  // Subscribed after the command went out: once acd-1's own retained ack
  // arrives again, anything the broker had sent this client before has arrived too.
  const auto own_acks = spy.received("/acd-1/ack").size();
  EXPECT_GE(own_acks, 1u) << "acd-1 reads its own ack through vigie/v1/#";
  spy.subscribe(node_topic("acd-1", "ack"));
  ASSERT_TRUE(eventually([&] { return spy.received("/acd-1/ack").size() > own_acks; }));
  EXPECT_TRUE(spy.received("/acd-2/ack").empty()) << "acd-2's retained ack was delivered";
  EXPECT_TRUE(spy.received("/acd-2/cmd").empty()) << "acd-2's command was delivered";
  for (const auto& m : spy.received(""))
    EXPECT_EQ(m.topic.find("/node/acd-2/"), std::string::npos) << m.topic;
}

TEST_F(BrokerSecurityTest, NodeCertificateFromAnotherCaIsRefusedWithAClearLine) {
  start_certificate_broker();
  start_gateway(gateway_certificate_yaml(pki_->ca()));
  auto rogue = node_with("acd-1", pki_->rogue_client("acd-1"), "rogue");
  for (std::uint64_t i = 1; i <= 10; ++i) rogue->write_line(stream_line(i));
  // Refused, said so, and tried again. OpenSSL leaves the broker's reason for the failure
  // callback's thread only sometimes (TLS 1.3 judges the client certificate after the
  // client's side of the handshake): each refusal names the node's certificate either way.
  auto refusals = [&] {
    const std::string log = rogue->log_text();
    return count_of(log, "vigie-node: broker TLS handshake failed with ssl://") +
           count_of(log, "refused the TLS handshake (a node certificate not signed by the CA");
  };
  ASSERT_TRUE(eventually([&] { return refusals() >= 2; })) << rogue->log_text();
  EXPECT_EQ(rogue->log_text().find("vigie-node: connected"), std::string::npos);
  EXPECT_NE(broker_->log_text().find("certificate verify failed"), std::string::npos);
  EXPECT_EQ(stored_for("acd-1"), 0);
}

TEST_F(BrokerSecurityTest, GatewayRefusesABrokerItsCaDoesNotVouchForAndKeepsTrying) {
  start_certificate_broker();
  start_gateway(gateway_certificate_yaml(pki_->rogue_ca()), false);
  ASSERT_TRUE(eventually([&] {
    return count_of(gateway_->log_text(), "vigie: broker TLS handshake failed with ssl://") >= 2;
  })) << "tried at least twice";
  EXPECT_NE(
      gateway_->log_text().find("failed with " + broker_->url() + ": certificate verify failed"),
      std::string::npos)
      << gateway_->log_text();
  EXPECT_TRUE(gateway_->running());
  EXPECT_EQ(http_get(gateway_->http_port(), "/healthz").substr(0, 3), "503");
}

TEST_F(BrokerSecurityTest, WrongPasswordIsRefusedWithAClearLine) {
  start_password_broker();
  start_gateway(gateway_password_yaml("not-the-password"), false);
  std::ofstream(dir_ / "node.pw") << "guess\n";
  NodeProcess node(dir_ / "node", broker_->url(), "acd-1",
                   {"--ca-file", pki_->ca().string(), "--username", "acd-1", "--password-file",
                    (dir_ / "node.pw").string()});
  const std::string refused = " refused the connection: not authorized";
  ASSERT_TRUE(eventually([&] { return count_of(node.log_text(), refused) >= 2; }))
      << node.log_text();
  ASSERT_TRUE(eventually([&] { return count_of(gateway_->log_text(), refused) >= 2; }));
  EXPECT_TRUE(gateway_->running());
  EXPECT_EQ(http_get(gateway_->http_port(), "/healthz").substr(0, 3), "503");
  EXPECT_EQ(node.log_text().find("vigie-node: connected"), std::string::npos);
}

// Identities and sessions: the user name is the client id (use_username_as_clientid),
// so a client id names nobody's session but its own.
namespace {

class BrokerSessionTest : public BrokerSecurityTest,
                          public ::testing::WithParamInterface<Identities> {
 protected:
  void publish_events(MqttClient& client, const std::string& node, std::uint64_t from,
                      std::uint64_t to) {
    client.publish(node_topic(node, "evt"), batch_json(node, "00000000000000aa", from, to));
  }
};

}  // namespace

TEST_P(BrokerSessionTest, AnotherIdentityCannotTakeOverTheGatewaysSession) {
  const auto mode = GetParam();
  start_broker(mode);
  start_gateway_as(mode);
  MqttClient acd2(broker_->url(), "acd-2-publisher", identity(mode, "acd-2"));
  publish_events(acd2, "acd-2", 1, 3);
  ASSERT_TRUE(eventually([&] { return stored_for("acd-2") == 3; }));

  // acd-1's valid identity asks for the gateway's client id and persistent session:
  // the broker lets it in, but as acd-1 and into acd-1's own session.
  MqttClient impostor(broker_->url(), kGatewayClientId, identity(mode, "acd-1"), false);
  EXPECT_NE(broker_->log_text().find(" as acd-1 (p"), std::string::npos) << broker_->log_text();

  // An event published meanwhile by another node reaches the gateway, not the impostor.
  publish_events(acd2, "acd-2", 4, 6);
  EXPECT_TRUE(eventually([&] { return stored_for("acd-2") == 6; })) << gateway_->log_text();
  EXPECT_TRUE(impostor.received("/evt").empty());
  EXPECT_EQ(gateway_->log_text().find("connection to broker lost"), std::string::npos)
      << "the gateway kept its connection: " << gateway_->log_text();
  EXPECT_EQ(broker_->log_text().find("already connected, closing old connection"),
            std::string::npos);
}

TEST_P(BrokerSessionTest, ACleanSessionUnderTheGatewaysClientIdCannotWipeItsQueue) {
  const auto mode = GetParam();
  start_broker(mode);
  start_gateway_as(mode);
  MqttClient acd2(broker_->url(), "acd-2-publisher", identity(mode, "acd-2"));
  publish_events(acd2, "acd-2", 1, 3);
  ASSERT_TRUE(eventually([&] { return stored_for("acd-2") == 3; }));

  // The gateway stops (its session stays with the broker); acd-2 goes on: the broker
  // holds events 4-6 for the gateway (publish returns once the broker has them).
  ASSERT_EQ(gateway_->terminate(), 0) << gateway_->log_text();
  publish_events(acd2, "acd-2", 4, 6);
  // Clean-session connections under the gateway's client id, from two other identities.
  for (const std::string name : {"acd-1", "acd-2"}) {
    MqttClient wipe(broker_->url(), kGatewayClientId, identity(mode, name));
  }
  EXPECT_EQ(stored_for("acd-2"), 3);

  gateway_->start();
  EXPECT_TRUE(eventually([&] { return stored_for("acd-2") == 6; }))
      << "the queued events 4-6 were delivered when the gateway came back\n"
      << gateway_->log_text();
}

TEST_P(BrokerSessionTest, AnotherNodeCannotWipeANodesSession) {
  const auto mode = GetParam();
  start_broker(mode);
  start_gateway_as(mode);
  const std::string node_client_id = "vigie-node-paris-1-acd-2";  // what vigie-node asks for
  {
    // acd-2's persistent session, subscribed to its acks, then away.
    MqttClient acd2(broker_->url(), node_client_id, identity(mode, "acd-2"), false);
    acd2.subscribe(node_topic("acd-2", "ack"));
    publish_events(acd2, "acd-2", 1, 3);
    ASSERT_TRUE(eventually([&] { return stored_for("acd-2") == 3; }));
  }
  // acd-1 with acd-2's client id and a clean session: only acd-1's session is cleaned.
  { MqttClient wipe(broker_->url(), node_client_id, identity(mode, "acd-1")); }

  // The gateway publishes every node's ack again when it connects: the broker queues
  // acd-2's for its session, which still holds the subscription.
  ASSERT_EQ(gateway_->terminate(), 0);
  gateway_->start();
  MqttClient back(broker_->url(), node_client_id, identity(mode, "acd-2"), false);
  EXPECT_TRUE(eventually([&] { return !back.received("/acd-2/ack").empty(); }))
      << "acd-2's session (and its subscription) survived\n"
      << broker_->log_text();
}

INSTANTIATE_TEST_SUITE_P(Identities, BrokerSessionTest,
                         ::testing::Values(Identities::certificates, Identities::passwords),
                         [](const auto& info) { return mode_name(info.param); });

TEST(BrokerSecurityDocs, TheDocumentedBrokerConfigurationsAreTheTestedOnes) {
  for (const auto* name : {"vigie.conf", "vigie-passwords.conf"}) {
    const auto conf = read_text(shipped(name));
    ASSERT_FALSE(conf.empty()) << name;
    EXPECT_NE(read_text(VIGIE_OPERATIONS_DOC).find(conf), std::string::npos)
        << "docs/operations.md must quote packaging/mosquitto/" << name << " verbatim";
  }
}

TEST(BrokerSecurityDocs, TheDocumentedAclIsTheTestedOne) {
  const auto acl = read_text(VIGIE_BROKER_ACL);
  ASSERT_FALSE(acl.empty());
  EXPECT_NE(read_text(VIGIE_OPERATIONS_DOC).find(acl), std::string::npos)
      << "docs/operations.md must quote packaging/mosquitto/vigie.acl verbatim";
}
