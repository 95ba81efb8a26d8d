// A bounded pull parser for the small JSON messages a node receives (acks,
// commands) and reads from its line feed. It never allocates, never reads past
// its input, refuses nesting deeper than kMaxDepth, and validates UTF-8.
// The first error sticks: every later call returns false, so callers check ok()
// once. A caller must read or skip each member's value before the next member.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/fixed_string.hpp"

namespace vigie::fw {

class JsonReader {
 public:
  static constexpr std::size_t kMaxDepth = 16;
  static constexpr std::size_t kKeyMax = 32;  // longer keys are cut: they match no known key

  enum class Kind : std::uint8_t { object, array, string, number, literal, invalid };

  JsonReader(const char* data, std::size_t size) : data_(data), size_(size) {}

  bool begin_object();
  // Reads the next member's key and the ':' after it; false at '}' or on error.
  bool next_member();
  std::string_view key() const { return std::string_view(key_, key_size_); }

  bool begin_array();
  // Positions on the next element; false at ']' or on error.
  bool next_element();

  Kind peek();

  // Unescapes into `out`; fails if it does not fit.
  bool read_string(char* out, std::size_t capacity, std::size_t& size);
  template <std::size_t N>
  bool read_string(FixedString<N>& out) {
    std::size_t n = 0;
    if (!read_string(out.buffer(), N, n)) return false;
    out.set_size(n);
    return true;
  }
  // Like read_string, but keeps what fits, cut on a character boundary.
  template <std::size_t N>
  bool read_text(FixedString<N>& out) {
    std::size_t n = 0;
    if (!scan_string(out.buffer(), N, n, true)) return false;
    out.set_size(n);
    return true;
  }

  bool read_u64(std::uint64_t& out);
  bool read_i64(std::int64_t& out);
  // A plain decimal (no exponent) in hundredths, rounded half away from zero.
  bool read_centi(std::int64_t& out);

  bool skip_value();
  // Succeeds when only whitespace follows.
  bool finish();

  // Records the first error at the current position and returns false.
  bool fail(const char* reason);
  bool ok() const { return error_ == nullptr; }
  const char* error() const { return error_ != nullptr ? error_ : ""; }
  std::size_t error_offset() const { return error_offset_; }

 private:
  struct Number {
    bool negative = false;
    std::size_t int_begin = 0, int_end = 0;
    std::size_t frac_begin = 0, frac_end = 0;
    bool exponent = false;
  };

  bool scan_string(char* out, std::size_t capacity, std::size_t& size, bool truncate);
  bool scan_escape(char* out, std::size_t capacity, std::size_t& size, bool truncate, bool& full);
  bool scan_number(Number& n);
  bool scan_literal(std::string_view word);
  bool scan_hex4(std::uint32_t& value);
  bool enter(bool object);
  void skip_space();
  bool at_end() const { return pos_ >= size_; }
  char current() const { return data_[pos_]; }

  const char* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
  std::size_t depth_ = 0;
  bool first_[kMaxDepth] = {};
  bool in_object_[kMaxDepth] = {};
  char key_[kKeyMax + 1] = {};
  std::size_t key_size_ = 0;
  const char* error_ = nullptr;
  std::size_t error_offset_ = 0;
};

}  // namespace vigie::fw
