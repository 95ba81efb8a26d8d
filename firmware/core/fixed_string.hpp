// Bounded text stored inline: the core has no heap, so every string has a capacity.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace vigie::fw {

template <std::size_t N>
class FixedString {
  static_assert(N > 0 && N < 65535, "capacity must fit the 16-bit length");

 public:
  static constexpr std::size_t kCapacity = N;

  // Leaves the string empty and returns false when `text` does not fit.
  bool assign(std::string_view text) {
    if (text.size() > N) {
      clear();
      return false;
    }
    if (!text.empty()) std::memcpy(data_, text.data(), text.size());
    data_[text.size()] = '\0';
    size_ = static_cast<std::uint16_t>(text.size());
    return true;
  }

  void clear() {
    data_[0] = '\0';
    size_ = 0;
  }

  const char* c_str() const { return data_; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::string_view view() const { return std::string_view(data_, size_); }

  // Raw access for in-place fills (the JSON reader unescapes into it).
  char* buffer() { return data_; }
  void set_size(std::size_t n) {
    size_ = static_cast<std::uint16_t>(n);
    data_[n] = '\0';
  }

  friend bool operator==(const FixedString& a, const FixedString& b) {
    return a.view() == b.view();
  }
  friend bool operator!=(const FixedString& a, const FixedString& b) { return !(a == b); }

 private:
  char data_[N + 1] = {};
  std::uint16_t size_ = 0;
};

}  // namespace vigie::fw
