// HTTPS on the API port (http.tls): a real gateway process with a certificate made by the test
// with the openssl command line; curl and a Beast WSS client as clients.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "api_gateway.hpp"
#include "broker.hpp"
#include "gateway_process.hpp"

using namespace vigie::testing;
namespace fs = std::filesystem;

namespace {

// Runs a shell command; its standard output, and its exit code in CODE.
std::string run(const std::string& command, int* code = nullptr) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  const int status = pclose(pipe);
  if (code != nullptr) *code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

// A self-signed certificate for 127.0.0.1 in DIR/api.pem and DIR/api.key.
void make_certificate(const fs::path& dir, const std::string& stem = "api") {
  fs::create_directories(dir);
  const std::string cmd =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1"
      " -addext subjectAltName=IP:127.0.0.1 -keyout " +
      (dir / (stem + ".key")).string() + " -out " + (dir / (stem + ".pem")).string() +
      " 2>/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
}

// Sends BYTES on a fresh TCP connection to PORT and reads until the server closes; what it read.
std::string raw_exchange(int port, const std::string& bytes) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  std::string reply;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    timeval limit{10, 0};  // a guard against a hang, not a timing assertion
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    if (write(fd, bytes.data(), bytes.size()) >= 0) {
      char buf[4096];
      ssize_t n;
      while ((n = read(fd, buf, sizeof buf)) > 0) reply.append(buf, static_cast<std::size_t>(n));
    }
  }
  close(fd);
  return reply;
}

class HttpTls : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("vigie-https-it-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    make_certificate(dir_ / "gw" / "tls");
    broker_ = std::make_unique<Broker>(dir_ / "broker");
  }
  void TearDown() override {
    gateway_.reset();
    broker_.reset();
    fs::remove_all(dir_);
  }

  // Relative paths: they are read relative to the configuration file.
  void start_gateway() {
    gateway_ = std::make_unique<ApiGateway>(
        dir_ / "gw", broker_->url(),
        ApiGatewayOptions{
            .http_yaml = "  tls:\n    cert_file: tls/api.pem\n    key_file: tls/api.key\n",
            .tokens_yaml = ""});
    ASSERT_TRUE(eventually([&] { return https("/healthz") == "200" || !gateway_->running(); },
                           std::chrono::seconds(30)))
        << gateway_->log_text();
    ASSERT_TRUE(gateway_->running()) << gateway_->log_text();
  }

  std::string cert() const { return (dir_ / "gw" / "tls" / "api.pem").string(); }

  // curl over HTTPS, verifying the server against the test's certificate: the status, or
  // "000" when no HTTP answer came. BODY receives the body when given.
  std::string https(const std::string& target, const std::string& token = "",
                    std::string* body = nullptr) {
    const fs::path out = dir_ / "curl-body";
    std::string cmd =
        "curl -s -o " + out.string() + " -w '%{http_code}' --max-time 20 --cacert " + cert() + " ";
    if (!token.empty()) cmd += "-H 'Authorization: Bearer " + token + "' ";
    cmd += "'https://127.0.0.1:" + std::to_string(gateway_->port()) + target + "'";
    const std::string status = run(cmd);
    if (body != nullptr) {
      std::ifstream in(out);
      body->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return status;
  }

  // Runs `vigie gateway` on a configuration whose http section is HTTP_YAML, expecting it to
  // refuse to start; its exit code, its output in OUTPUT.
  int refused_start(const std::string& http_yaml, std::string* output) {
    const fs::path dir = dir_ / "refused";
    fs::create_directories(dir);
    std::ofstream(dir / "vigie.yaml")
        << "site: paris-1\nbroker:\n  url: " << broker_->url()
        << "\nstore:\n  path: vigie.db\nhttp:\n  listen: 127.0.0.1:" << free_port() << "\n"
        << http_yaml;
    int code = -1;
    *output = run("timeout 60 " + vigie_binary() + " gateway --config " +
                      (dir / "vigie.yaml").string() + " 2>&1",
                  &code);
    return code;
  }

  fs::path dir_;
  std::unique_ptr<Broker> broker_;
  std::unique_ptr<ApiGateway> gateway_;
};

TEST_F(HttpTls, ServesHealthzAndAnAuthenticatedEndpointOverHttps) {
  start_gateway();
  std::string body;
  EXPECT_EQ(https("/healthz", "", &body), "200");
  EXPECT_EQ(nlohmann::json::parse(body)["status"], "ok");
  EXPECT_EQ(https("/api/v1/whoami", kTestToken, &body), "200");
  EXPECT_EQ(nlohmann::json::parse(body)["name"], "test");
  EXPECT_EQ(https("/api/v1/whoami"), "401");
  EXPECT_NE(gateway_->log_text().find("HTTP on https://127.0.0.1:"), std::string::npos);
}

TEST_F(HttpTls, PlainHttpOnTheTlsPortGetsNoAnswerAndTheDaemonKeepsServing) {
  start_gateway();
  const std::string reply =
      raw_exchange(gateway_->port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(reply.find("HTTP/1.1 200"), std::string::npos) << reply;
  EXPECT_EQ(http_get(gateway_->port(), "/healthz").rfind("200", 0), std::string::npos);
  EXPECT_TRUE(gateway_->running());
  EXPECT_EQ(https("/healthz"), "200");
  EXPECT_TRUE(eventually([&] {
    return gateway_->log_text().find("https handshake failed from 127.0.0.1") != std::string::npos;
  }));
}

TEST_F(HttpTls, GarbageHandshakesDoNotStopTheDaemon) {
  start_gateway();
  // A TLS record header announcing a handshake, then noise; a truncated ClientHello; zeros.
  raw_exchange(gateway_->port(), std::string("\x16\x03\x01\x00\x40", 5) + std::string(64, 'Z'));
  raw_exchange(gateway_->port(), std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11));
  raw_exchange(gateway_->port(), std::string(4096, '\0'));
  EXPECT_TRUE(gateway_->running());
  EXPECT_EQ(https("/healthz"), "200");
  EXPECT_EQ(https("/api/v1/stats", kTestToken), "200");
}

TEST_F(HttpTls, TheLiveFeedIsServedOverWss) {
  start_gateway();
  namespace beast = boost::beast;
  namespace websocket = beast::websocket;
  boost::asio::io_context ioc;
  boost::asio::ssl::context tls(boost::asio::ssl::context::tls_client);
  tls.load_verify_file(cert());
  tls.set_verify_mode(boost::asio::ssl::verify_peer);
  websocket::stream<beast::ssl_stream<beast::tcp_stream>> ws(ioc, tls);
  beast::get_lowest_layer(ws).expires_after(std::chrono::seconds(20));  // a guard against a hang
  boost::asio::ip::tcp::resolver resolver(ioc);
  beast::get_lowest_layer(ws).connect(
      resolver.resolve("127.0.0.1", std::to_string(gateway_->port())));
  ws.next_layer().handshake(boost::asio::ssl::stream_base::client);
  ws.set_option(websocket::stream_base::decorator([](websocket::request_type& req) {
    req.set(beast::http::field::authorization, std::string("Bearer ") + kTestToken);
  }));
  ws.handshake("127.0.0.1", "/api/v1/live");
  beast::flat_buffer buffer;
  ws.read(buffer);
  const auto first = nlohmann::json::parse(beast::buffers_to_string(buffer.data()));
  EXPECT_EQ(first["type"], "snapshot");
  ws.close(websocket::close_code::normal);
}

TEST_F(HttpTls, AnUnreadableCertificateStopsTheStartWithAClearError) {
  std::string out;
  const int code = refused_start("  tls:\n    cert_file: missing.pem\n    key_file: " +
                                     (dir_ / "gw/tls/api.key").string() + "\n",
                                 &out);
  EXPECT_NE(code, 0) << out;
  EXPECT_NE(out.find("http.tls.cert_file: cannot read " + (dir_ / "refused/missing.pem").string()),
            std::string::npos)
      << out;
}

TEST_F(HttpTls, ACertificateThatIsNotPemStopsTheStartWithAClearError) {
  std::ofstream(dir_ / "junk.pem") << "this is not a certificate\n";
  std::string out;
  const int code = refused_start("  tls:\n    cert_file: " + (dir_ / "junk.pem").string() +
                                     "\n    key_file: " + (dir_ / "gw/tls/api.key").string() + "\n",
                                 &out);
  EXPECT_NE(code, 0) << out;
  EXPECT_NE(
      out.find("http.tls.cert_file: " + (dir_ / "junk.pem").string() + " is not a PEM certificate"),
      std::string::npos)
      << out;
}

TEST_F(HttpTls, AKeyOfAnotherCertificateStopsTheStartWithAClearError) {
  make_certificate(dir_ / "other", "other");
  std::string out;
  const int code = refused_start("  tls:\n    cert_file: " + cert() + "\n    key_file: " +
                                     (dir_ / "other/other.key").string() + "\n",
                                 &out);
  EXPECT_NE(code, 0) << out;
  EXPECT_NE(out.find("http.tls.key_file: " + (dir_ / "other/other.key").string()),
            std::string::npos)
      << out;
}

TEST_F(HttpTls, ACertificateWithoutItsKeyIsAConfigurationErrorNamingKeyAndLine) {
  std::string out;
  const int code = refused_start("  tls:\n    cert_file: " + cert() + "\n", &out);
  EXPECT_EQ(code, 2) << out;
  EXPECT_NE(out.find("vigie.yaml:9: http.tls.key_file: missing required key"), std::string::npos)
      << out;
}

TEST_F(HttpTls, AnUnknownTlsKeyIsAConfigurationError) {
  std::string out;
  const int code = refused_start(
      "  tls:\n    cert_file: a.pem\n    key_file: a.key\n"
      "    ca_file: c.pem\n",
      &out);
  EXPECT_EQ(code, 2) << out;
  EXPECT_NE(out.find("vigie.yaml:11: http.tls.ca_file: unknown key"), std::string::npos) << out;
}

}  // namespace
