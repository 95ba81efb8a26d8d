// The WAN between the sites and the central, as a test controls it: a TCP
// proxy on a loopback port of its own to 127.0.0.1:TARGET. cut() ends every
// connection at once (both ends see it closed, mid-statement or not);
// set_down(true) also refuses new connections until set_down(false).
#pragma once

#include <atomic>
#include <list>
#include <memory>
#include <mutex>
#include <thread>

namespace vigie::testing {

class WanProxy {
 public:
  explicit WanProxy(int target_port);
  ~WanProxy();
  WanProxy(const WanProxy&) = delete;
  WanProxy& operator=(const WanProxy&) = delete;

  int port() const { return port_; }
  int cut();  // returns how many connections it ended
  void set_down(bool down) { down_ = down; }
  int accepted() const { return accepted_; }

 private:
  struct Pipe {
    int a = -1, b = -1;
    std::atomic<bool> done{false};
    std::thread pump;
  };
  void accept_loop();
  static void pump(Pipe& p);

  int target_port_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false}, down_{false};
  std::atomic<int> accepted_{0};
  std::mutex mu_;
  std::list<std::unique_ptr<Pipe>> pipes_;
  std::thread acceptor_;
};

}  // namespace vigie::testing
