// The service manager's notification protocol (sd_notify(3)), spoken without
// libsystemd: a datagram to $NOTIFY_SOCKET. Under `Type=notify` the gateway says
// READY=1 once its store is open and its HTTP port listens, feeds the watchdog
// (WatchdogSec=) from the engine's thread, and says STOPPING=1 when it drains.
// Outside systemd ($NOTIFY_SOCKET unset) every call does nothing.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace vigie::app {

class SystemdNotifier {
 public:
  // Reads NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID from the environment.
  SystemdNotifier();

  bool enabled() const { return !socket_path_.empty(); }
  // Sends STATE ("READY=1", "WATCHDOG=1\nSTATUS=..."); false if it could not be sent.
  bool notify(const std::string& state) const;
  // How often to send WATCHDOG=1 (half the manager's timeout), when it asked for it.
  std::optional<std::chrono::milliseconds> watchdog_every() const { return watchdog_every_; }

 private:
  std::string socket_path_;  // '@' first: an abstract socket
  std::optional<std::chrono::milliseconds> watchdog_every_;
};

}  // namespace vigie::app
