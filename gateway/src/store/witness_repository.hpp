// The gateway's record of its witnesses (schema v7): each witness's cosignature line
// of a checkpoint (by size and root), and the size each witness last cosigned, which
// the next submission proves consistency from. A witness is named by its vkey.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "domain/event.hpp"
#include "store/database.hpp"

namespace vigie::store {

class WitnessRepository {
 public:
  explicit WitnessRepository(Database& db) : db_(db) {}

  // The size WITNESS last cosigned or reported (a 409), 0 when none.
  std::int64_t known_size(const std::string& witness);
  void set_known_size(const std::string& witness, std::int64_t size, TimestampMs at);
  // Stores LINE and moves the witness's known size to SIZE, in one transaction.
  void add_cosignature(const std::string& witness, std::int64_t size,
                       const std::array<std::uint8_t, 32>& root, const std::string& line,
                       TimestampMs at);
  bool has_cosignature(const std::string& witness, std::int64_t size,
                       const std::array<std::uint8_t, 32>& root);
  // Every stored cosignature line of the checkpoint (size, root), in witness order.
  std::vector<std::string> cosignatures(std::int64_t size,
                                        const std::array<std::uint8_t, 32>& root);

 private:
  Database& db_;
};

}  // namespace vigie::store
