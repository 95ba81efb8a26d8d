// The body of C2SP tlog-witness's add-checkpoint request (https://c2sp.org/tlog-witness):
//   "old <size>\n", zero to 63 consistency proof lines (one base64 hash each), "\n",
//   then the checkpoint's signed note. One owner for both sides: the gateway writes
//   it, `vigie witness` reads it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "evidence/hash.hpp"

namespace vigie::witness {

// The spec's bound on consistency proof lines.
inline constexpr std::size_t kMaxProofLines = 63;
// The 409 answer's Content-Type: the witness's size in decimal and a newline.
inline constexpr const char* kSizeContentType = "text/x.tlog.size";

struct AddCheckpoint {
  std::uint64_t old_size = 0;
  std::vector<evidence::Hash> proof;
  std::string note;  // the checkpoint's signed note, as submitted
};

std::string format_add_checkpoint(const AddCheckpoint& request);
// nullopt with *error naming the line at fault when BODY is not one.
std::optional<AddCheckpoint> parse_add_checkpoint(std::string_view body, std::string* error);

// A 409 body ("<size>\n"): the size, or nullopt when it is not one.
std::optional<std::uint64_t> parse_size_body(std::string_view body);

}  // namespace vigie::witness
