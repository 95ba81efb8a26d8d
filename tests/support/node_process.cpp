#include "node_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace vigie::testing {

std::string node_binary() {
  return VIGIE_NODE_BINARY;
}

NodeProcess::NodeProcess(const std::filesystem::path& dir, const std::string& broker_url,
                         const std::string& node, std::vector<std::string> extra_args)
    : log_(dir / (node + ".log")) {
  std::filesystem::create_directories(dir);
  signal(SIGPIPE, SIG_IGN);
  int fds[2];
  // Close-on-exec: a process spawned later must not hold this pipe open (no EOF).
  if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, fds[0], 0);
  posix_spawn_file_actions_addclose(&fa, fds[1]);
  posix_spawn_file_actions_addopen(&fa, 1, log_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  std::vector<std::string> args{node_binary(),
                                "--broker",
                                broker_url,
                                "--site",
                                "paris-1",
                                "--node",
                                node,
                                "--kind",
                                "acd-bridge",
                                "--store",
                                (dir / (node + ".journal")).string()};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const int rc = posix_spawn(&pid_, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  close(fds[0]);
  if (rc != 0) throw std::runtime_error("cannot spawn " + node_binary());
  in_ = fdopen(fds[1], "w");
}

NodeProcess::~NodeProcess() {
  if (in_) fclose(in_);
  if (pid_ > 0) kill9();
}

void NodeProcess::write_line(const std::string& line) {
  std::fprintf(in_, "%s\n", line.c_str());
  std::fflush(in_);
}

int NodeProcess::finish() {
  if (in_) fclose(in_);
  in_ = nullptr;
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int NodeProcess::kill9() {
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return status;
}

std::string NodeProcess::log_text() const {
  std::ifstream in(log_);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string stream_line(std::uint64_t i) {
  static const char* states[] = {"available", "talking", "wrap_up", "hold"};
  return "{\"ts\":" + std::to_string(kStreamBaseTs + static_cast<std::int64_t>(i) * 10) +
         ",\"type\":\"agent.state\",\"agent\":\"a" + std::to_string(i % 97) +
         "\",\"team\":\"sav-1\",\"state\":\"" + states[i % 4] + "\"}";
}

}  // namespace vigie::testing
