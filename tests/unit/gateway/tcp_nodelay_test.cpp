// The broker connection gets TCP_NODELAY: found among the process's sockets by
// its peer port, and only it.
#include "broker/tcp_nodelay.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace vigie::broker {
namespace {

TEST(BrokerPort, FromTheUrlOrTheSchemesDefault) {
  EXPECT_EQ(broker_port("tcp://127.0.0.1:18830"), 18830);
  EXPECT_EQ(broker_port("ssl://broker.example:8884"), 8884);
  EXPECT_EQ(broker_port("mqtt://broker"), 1883);
  EXPECT_EQ(broker_port("mqtts://broker"), 8883);
  EXPECT_EQ(broker_port("tcp://[::1]:1999"), 1999);
  EXPECT_EQ(broker_port("tcp://[::1]"), 1883);
}

TEST(BrokerPort, RefusesWhatIsNotABrokerUrl) {
  EXPECT_EQ(broker_port("127.0.0.1:1883"), std::nullopt);
  EXPECT_EQ(broker_port("http://host:80"), std::nullopt);
  EXPECT_EQ(broker_port("tcp://host:"), std::nullopt);
  EXPECT_EQ(broker_port("tcp://host:0"), std::nullopt);
  EXPECT_EQ(broker_port("tcp://host:65536"), std::nullopt);
  EXPECT_EQ(broker_port("tcp://host:18x3"), std::nullopt);
}

// A listening socket on a free loopback port.
struct Listener {
  Listener() {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(fd, 4);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
  }
  ~Listener() { ::close(fd); }
  int connect_to() const {
    const int c = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    EXPECT_EQ(::connect(c, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    return c;
  }
  int fd = -1;
  int port = 0;
};

int nodelay(int fd) {
  int on = -1;
  socklen_t len = sizeof on;
  ::getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, &len);
  return on;
}

TEST(TcpNodelay, SetOnTheSocketsToThatPortOnly) {
  Listener broker, other;
  const int to_broker = broker.connect_to();
  const int to_other = other.connect_to();
  ASSERT_EQ(nodelay(to_broker), 0);
  EXPECT_EQ(set_nodelay_to_port(broker.port), 1);
  EXPECT_EQ(nodelay(to_broker), 1);
  EXPECT_EQ(nodelay(to_other), 0);
  ::close(to_broker);
  ::close(to_other);
}

TEST(TcpNodelay, NoSocketToThatPortSetsNothing) {
  Listener unused;
  EXPECT_EQ(set_nodelay_to_port(unused.port), 0);  // its listening socket has no peer
}

}  // namespace
}  // namespace vigie::broker
