// A JSON writer over a caller's fixed buffer. It never writes past the buffer:
// once something does not fit it stops and ok() stays false, so a caller checks
// once at the end. Commas are placed automatically.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace vigie::fw {

class JsonWriter {
 public:
  JsonWriter(char* buffer, std::size_t capacity) : buf_(buffer), cap_(capacity) {}

  // Starts over on the same buffer.
  void reset() {
    size_ = 0;
    tail_ = 0;
    need_comma_ = false;
    ok_ = true;
  }

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

  void key(std::string_view name);
  void string(std::string_view text);
  void u64(std::uint64_t value);
  void i64(std::int64_t value);
  // A decimal number given in hundredths, printed without trailing zeros: 6525 -> 65.25.
  void centi(std::int64_t hundredths);

  // Bytes kept free at the end so a caller can always close what it opened:
  // reserve them while adding elements, set 0 again before closing.
  void reserve_tail(std::size_t bytes) { tail_ = bytes; }

  // A point to come back to when an element turns out not to fit.
  struct Mark {
    std::size_t size;
    bool need_comma;
    bool ok;
  };
  Mark mark() const { return Mark{size_, need_comma_, ok_}; }
  void rewind(const Mark& m) {
    size_ = m.size;
    need_comma_ = m.need_comma;
    ok_ = m.ok;
  }

  bool ok() const { return ok_; }
  std::size_t size() const { return size_; }
  const char* data() const { return buf_; }

 private:
  void open(char bracket);
  void close(char bracket);
  void separate();
  void put(char c);
  void put(std::string_view text);
  void put_unsigned(std::uint64_t value);

  char* buf_;
  std::size_t cap_;
  std::size_t size_ = 0;
  std::size_t tail_ = 0;
  bool need_comma_ = false;
  bool ok_ = true;
};

}  // namespace vigie::fw
