// The gateway's side of C2SP tlog-witness: each new checkpoint submitted to every witness
// of evidence.witnesses (POST <url>/add-checkpoint, with the consistency proof from the
// size that witness last cosigned), its cosignature checked and stored next to the
// checkpoint (store/witness_repository); a 409 answered by proving again from the size
// the witness reports. On a thread of its own with its own store connection: a slow or
// absent witness never holds ingest or the engine. Failures are counted for /metrics and
// tried again at the next checkpoint or after `retry`.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "config/config.hpp"

namespace vigie::witness {

class WitnessSubmitter {
 public:
  // Throws std::runtime_error when a witness's key or CA file cannot be used.
  WitnessSubmitter(const Config& config, std::chrono::milliseconds retry);
  ~WitnessSubmitter();  // stop()
  WitnessSubmitter(const WitnessSubmitter&) = delete;
  WitnessSubmitter& operator=(const WitnessSubmitter&) = delete;

  void start();
  // A new checkpoint was stored: submit it now. From any thread.
  void nudge();
  void stop();
  std::string prometheus_text() const;

  struct Witness;

 private:
  void run();
  void round();

  std::filesystem::path store_path_;
  std::string synchronous_;
  std::chrono::milliseconds retry_;
  std::vector<std::unique_ptr<Witness>> witnesses_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool nudged_ = false, stopping_ = false;
  std::thread thread_;
};

}  // namespace vigie::witness
