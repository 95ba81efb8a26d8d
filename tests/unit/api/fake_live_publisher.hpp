// A LivePublisher that keeps what it was given.
#pragma once

#include <mutex>
#include <nlohmann/json.hpp>
#include <vector>

#include "api/floor_service.hpp"

namespace vigie::api::test {

class FakeLivePublisher : public LivePublisher {
 public:
  void publish(const nlohmann::json& message) override {
    const std::lock_guard lock(mutex_);
    messages_.push_back(message);
  }
  std::vector<nlohmann::json> messages() const {
    const std::lock_guard lock(mutex_);
    return messages_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<nlohmann::json> messages_;
};

}  // namespace vigie::api::test
