#include "qemu_node.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <stdexcept>

namespace vigie::testing {
namespace {

using Clock = std::chrono::steady_clock;

// Where a boot's first frame starts (the node's topics all begin with vigie/).
const std::string kWillStart = "WILL vigie/";

int listen_on(const std::string& path) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (fd < 0 || path.size() >= sizeof addr.sun_path) throw std::runtime_error("socket " + path);
  std::strcpy(addr.sun_path, path.c_str());
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 1) != 0)
    throw std::runtime_error("listen on " + path + ": " + std::strerror(errno));
  return fd;
}

int accept_within(int listener, std::chrono::milliseconds limit, const char* what) {
  pollfd p{listener, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(limit.count())) != 1)
    throw std::runtime_error(std::string("QEMU never connected its ") + what);
  int fd = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
  if (fd < 0) throw std::runtime_error(std::string("accept ") + what);
  return fd;
}

}  // namespace

std::optional<std::string> QemuNode::find_qemu() {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path != nullptr ? path : "");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const std::string candidate = dir + "/qemu-system-arm";
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

QemuNode::QemuNode(const std::string& qemu, const std::string& elf) {
  char tmpl[] = "/tmp/vigie-qemu-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp");
  dir_ = tmpl;
  // QEMU connects to the test's sockets, so nothing races a listener.
  const int modem_listener = listen_on(dir_ + "/modem");
  const int feed_listener = listen_on(dir_ + "/feed");
  const int monitor_listener = listen_on(dir_ + "/monitor");
  std::vector<std::string> args = {qemu,
                                   "-M",
                                   "netduinoplus2",
                                   "-display",
                                   "none",
                                   "-kernel",
                                   elf,
                                   "-serial",
                                   "unix:" + dir_ + "/modem",  // USART1
                                   "-serial",
                                   "unix:" + dir_ + "/feed",  // USART2
                                   "-monitor",
                                   "unix:" + dir_ + "/monitor"};
  const std::string log = dir_ + "/qemu.log";
  pid_ = ::fork();
  if (pid_ == 0) {
    int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(out, 1);
    ::dup2(out, 2);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  if (pid_ < 0) throw std::runtime_error("fork");
  const auto limit = std::chrono::seconds(30);
  modem_ = accept_within(modem_listener, limit, "USART1 (modem)");
  feed_ = accept_within(feed_listener, limit, "USART2 (feed)");
  monitor_ = accept_within(monitor_listener, limit, "monitor");
  ::close(modem_listener);
  ::close(feed_listener);
  ::close(monitor_listener);
  monitor("");  // the banner, up to the first prompt
}

QemuNode::~QemuNode() {
  if (monitor_ >= 0) {
    const std::string quit = "quit\n";
    (void)!::write(monitor_, quit.data(), quit.size());
  }
  if (pid_ > 0) {
    int status = 0;
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
      if (Clock::now() > deadline) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        break;
      }
      ::usleep(10000);
    }
  }
  for (int fd : {modem_, feed_, monitor_})
    if (fd >= 0) ::close(fd);
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

bool QemuNode::fill(int fd, std::string& buffer, Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  if (left.count() <= 0) return false;
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(left.count())) != 1) return false;
  char chunk[4096];
  const ssize_t n = ::read(fd, chunk, sizeof chunk);
  if (n <= 0) return false;
  buffer.append(chunk, static_cast<std::size_t>(n));
  return true;
}

void QemuNode::send_all(int fd, const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) throw std::runtime_error("write to QEMU failed");
    done += static_cast<std::size_t>(n);
  }
}

void QemuNode::to_modem_port(const std::string& bytes) {
  send_all(modem_, bytes);
}
void QemuNode::to_feed_port(const std::string& bytes) {
  send_all(feed_, bytes);
}

std::optional<ModemFrame> QemuNode::next_frame(std::chrono::milliseconds limit) {
  const auto deadline = Clock::now() + limit;
  // A frame that a reset cut short is followed at once by the next boot's
  // Will; no payload of the node holds kWillStart.
  auto torn_before = [&](std::size_t end) {
    const std::size_t will = modem_in_.find(kWillStart, 1);
    if (will == std::string::npos || will >= end) return false;
    modem_in_.erase(0, will);
    return true;
  };
  const ModemFrame torn{"TORN", "", 0, false, ""};
  std::size_t eol;
  while ((eol = modem_in_.find('\n')) == std::string::npos)
    if (!fill(modem_, modem_in_, deadline)) return std::nullopt;
  if (torn_before(eol)) return torn;
  std::istringstream header(modem_in_.substr(0, eol));
  ModemFrame f;
  header >> f.verb;
  std::size_t size = 0;
  bool has_payload = true;
  if (f.verb == "SUB") {
    header >> f.topic;
    has_payload = false;
  } else if (f.verb == "WILL") {
    header >> f.topic >> size;
  } else if (f.verb == "PUB") {
    int retained = 0;
    header >> f.qos >> retained >> f.topic >> size;
    f.retained = retained != 0;
  }
  std::string rest;
  if (!header || f.topic.empty() || (header >> rest))
    throw std::runtime_error("the node sent a malformed frame: " + modem_in_.substr(0, eol));
  const std::size_t need = eol + 1 + (has_payload ? size + 1 : 0);
  for (;;) {
    if (torn_before(need)) return torn;
    if (modem_in_.size() >= need) break;
    if (!fill(modem_, modem_in_, deadline)) return std::nullopt;
  }
  if (has_payload) {
    f.payload = modem_in_.substr(eol + 1, size);
    if (modem_in_[need - 1] != '\n') throw std::runtime_error("a payload without its newline");
  }
  modem_in_.erase(0, need);
  return f;
}

std::string QemuNode::monitor(const std::string& command) {
  if (!command.empty()) send_all(monitor_, command + "\n");
  const auto deadline = Clock::now() + std::chrono::seconds(30);
  std::size_t prompt;
  while ((prompt = monitor_in_.find("(qemu)")) == std::string::npos)
    if (!fill(monitor_, monitor_in_, deadline)) throw std::runtime_error("no monitor prompt");
  std::string out = monitor_in_.substr(0, prompt);
  monitor_in_.erase(0, prompt + 6);
  return out;
}

std::vector<std::uint32_t> QemuNode::read_words(std::uint32_t address, std::size_t count) {
  std::vector<std::uint32_t> words;
  char command[64];
  std::snprintf(command, sizeof command, "xp /%zuwx 0x%08x", count, address);
  std::istringstream out(monitor(command));
  std::string line;
  while (std::getline(out, line)) {
    // "0000000020000000: 0x57ac0de5 0x57ac0de5 ..." (the echo is line-edited noise)
    const std::size_t colon = line.find(": 0x");
    if (colon == std::string::npos) continue;
    std::istringstream values(line.substr(colon + 2));
    std::string v;
    while (values >> v) words.push_back(static_cast<std::uint32_t>(std::stoul(v, nullptr, 16)));
  }
  return words;
}

std::optional<Symbol> find_symbol(const std::string& elf, const std::string& demangled_name) {
  const std::string command = "arm-none-eabi-nm -S -C '" + elf + "'";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return std::nullopt;
  std::optional<Symbol> found;
  char line[512];
  while (std::fgets(line, sizeof line, pipe) != nullptr) {
    std::istringstream in(line);
    std::string address, second, kind;
    in >> address >> second;
    Symbol s;
    s.address = static_cast<std::uint32_t>(std::stoul(address, nullptr, 16));
    if (second.size() == 8) {
      s.size = static_cast<std::uint32_t>(std::stoul(second, nullptr, 16));
      in >> kind;
    }
    std::string name;
    std::getline(in >> std::ws, name);
    if (name == demangled_name) found = s;
  }
  ::pclose(pipe);
  return found;
}

}  // namespace vigie::testing
