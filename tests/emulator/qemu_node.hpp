// The Cortex-M4 image running in qemu-system-arm (netduinoplus2), wired the
// way a desk unit is: USART1 to a modem (the test plays the modem, speaking
// ports/cortex-m/modem_link.hpp), USART2 to the event feed (the test plays the
// desk or the bridge), and QEMU's monitor for resets and memory reads.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vigie::testing {

// One frame the node sent to its modem.
struct ModemFrame {
  std::string verb;  // SUB, WILL or PUB; TORN for one a reset cut short
  std::string topic;
  int qos = 0;
  bool retained = false;
  std::string payload;
};

class QemuNode {
 public:
  // Empty when qemu-system-arm is not on PATH.
  static std::optional<std::string> find_qemu();

  QemuNode(const std::string& qemu, const std::string& elf);
  ~QemuNode();
  QemuNode(const QemuNode&) = delete;
  QemuNode& operator=(const QemuNode&) = delete;

  // The next frame from the node; nullopt if none came before `limit` (a
  // liveness guard: the tests assert on what arrives, never on when).
  std::optional<ModemFrame> next_frame(std::chrono::milliseconds limit = std::chrono::seconds(30));
  void to_modem_port(const std::string& bytes);
  void to_feed_port(const std::string& bytes);

  // A monitor command and its output, up to the next prompt.
  std::string monitor(const std::string& command);
  // QEMU's system reset: the core and devices restart, RAM keeps its contents.
  void reset() { monitor("system_reset"); }
  // `count` 32-bit words of guest memory from `address`.
  std::vector<std::uint32_t> read_words(std::uint32_t address, std::size_t count);

 private:
  bool fill(int fd, std::string& buffer, std::chrono::steady_clock::time_point deadline);
  void send_all(int fd, const std::string& bytes);

  std::string dir_;
  pid_t pid_ = -1;
  int modem_ = -1, feed_ = -1, monitor_ = -1;
  std::string modem_in_, monitor_in_;
};

// An ELF symbol's address and size, from arm-none-eabi-nm.
struct Symbol {
  std::uint32_t address = 0;
  std::uint32_t size = 0;
};
std::optional<Symbol> find_symbol(const std::string& elf, const std::string& demangled_name);

}  // namespace vigie::testing
