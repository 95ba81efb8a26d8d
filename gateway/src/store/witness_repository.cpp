#include "store/witness_repository.hpp"

namespace vigie::store {
namespace {

std::string_view blob(const std::array<std::uint8_t, 32>& root) {
  return {reinterpret_cast<const char*>(root.data()), root.size()};
}

}  // namespace

std::int64_t WitnessRepository::known_size(const std::string& witness) {
  auto s = db_.prepare("SELECT size FROM witness_progress WHERE witness = ?");
  s.bind(1, std::string_view(witness));
  return s.step() ? s.int64(0) : 0;
}

void WitnessRepository::set_known_size(const std::string& witness, std::int64_t size,
                                       TimestampMs at) {
  auto s = db_.prepare(
      "INSERT INTO witness_progress (witness, size, updated_at) VALUES (?, ?, ?) "
      "ON CONFLICT (witness) DO UPDATE SET size = excluded.size, updated_at = excluded.updated_at");
  s.bind(1, std::string_view(witness)).bind(2, size).bind(3, static_cast<std::int64_t>(at));
  s.run();
}

void WitnessRepository::add_cosignature(const std::string& witness, std::int64_t size,
                                        const std::array<std::uint8_t, 32>& root,
                                        const std::string& line, TimestampMs at) {
  Transaction tx(db_);
  auto s = db_.prepare(
      "INSERT OR REPLACE INTO witness_cosignatures (witness, size, root, line, received_at) "
      "VALUES (?, ?, ?, ?, ?)");
  s.bind(1, std::string_view(witness))
      .bind(2, size)
      .bind_blob(3, blob(root))
      .bind(4, std::string_view(line))
      .bind(5, static_cast<std::int64_t>(at));
  s.run();
  set_known_size(witness, size, at);
  tx.commit();
}

bool WitnessRepository::has_cosignature(const std::string& witness, std::int64_t size,
                                        const std::array<std::uint8_t, 32>& root) {
  auto s =
      db_.prepare("SELECT 1 FROM witness_cosignatures WHERE witness = ? AND size = ? AND root = ?");
  s.bind(1, std::string_view(witness)).bind(2, size).bind_blob(3, blob(root));
  return s.step();
}

std::vector<std::string> WitnessRepository::cosignatures(std::int64_t size,
                                                         const std::array<std::uint8_t, 32>& root) {
  auto s = db_.prepare(
      "SELECT line FROM witness_cosignatures WHERE size = ? AND root = ? ORDER BY witness");
  s.bind(1, size).bind_blob(2, blob(root));
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.text(0));
  return out;
}

}  // namespace vigie::store
