// A TCP relay on a loopback port of its own to 127.0.0.1:TARGET, for tests that
// cut a client's connection mid-stream as a network failure would: each
// accepted connection is forwarded both ways, cut() ends every connection open
// at that moment (both peers see it closed), and later connections are relayed
// as before.
#pragma once

#include <atomic>
#include <list>
#include <mutex>
#include <string>
#include <thread>

namespace vigie::testing {

class TcpRelay {
 public:
  explicit TcpRelay(int target_port);
  ~TcpRelay();
  TcpRelay(const TcpRelay&) = delete;
  TcpRelay& operator=(const TcpRelay&) = delete;

  int port() const { return port_; }
  std::string url() const { return "tcp://127.0.0.1:" + std::to_string(port_); }
  // Ends every connection relayed now, both ways; returns how many it ended.
  int cut();
  // Connections accepted so far.
  int accepted() const { return accepted_; }

 private:
  struct Link {
    int client = -1, target = -1;
    bool open = true;  // guarded by mu_; the pump closes both descriptors once it ends
    bool cut = false;  // guarded by mu_
    std::thread pump;
  };
  void accept_loop();
  void pump(Link& link);

  int target_port_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> accepted_{0};
  std::mutex mu_;
  std::list<Link> links_;  // stable addresses for the pumps
  std::thread acceptor_;
};

}  // namespace vigie::testing
