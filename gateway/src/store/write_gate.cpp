#include "store/write_gate.hpp"

#include <map>
#include <string>

namespace vigie::store {

std::shared_ptr<WriteGate> write_gate_of(const std::filesystem::path& file) {
  if (file.empty() || file == ":memory:") return std::make_shared<WriteGate>();
  std::error_code ec;
  auto canonical = std::filesystem::weakly_canonical(file, ec);
  const std::string key = ec ? std::filesystem::absolute(file).string() : canonical.string();
  static std::mutex mu;
  static std::map<std::string, std::weak_ptr<WriteGate>> gates;
  std::lock_guard lock(mu);
  std::erase_if(gates, [](const auto& entry) { return entry.second.expired(); });
  if (auto gate = gates[key].lock()) return gate;
  auto gate = std::make_shared<WriteGate>();
  gates[key] = gate;
  return gate;
}

}  // namespace vigie::store
