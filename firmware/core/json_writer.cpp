#include "core/json_writer.hpp"

namespace vigie::fw {

void JsonWriter::put(char c) {
  if (!ok_ || size_ + 1 + tail_ > cap_) {
    ok_ = false;
    return;
  }
  buf_[size_++] = c;
}

void JsonWriter::put(std::string_view text) {
  if (!ok_ || size_ + text.size() + tail_ > cap_) {
    ok_ = false;
    return;
  }
  for (char c : text) buf_[size_++] = c;
}

void JsonWriter::separate() {
  if (need_comma_) put(',');
}

void JsonWriter::open(char bracket) {
  separate();
  put(bracket);
  need_comma_ = false;
}

void JsonWriter::close(char bracket) {
  put(bracket);
  need_comma_ = true;
}

void JsonWriter::key(std::string_view name) {
  string(name);
  put(':');
  need_comma_ = false;
}

void JsonWriter::string(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  separate();
  put('"');
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        put("\\\"");
        break;
      case '\\':
        put("\\\\");
        break;
      case '\n':
        put("\\n");
        break;
      case '\r':
        put("\\r");
        break;
      case '\t':
        put("\\t");
        break;
      case '\b':
        put("\\b");
        break;
      case '\f':
        put("\\f");
        break;
      default:
        if (byte < 0x20) {
          char escaped[6] = {'\\', 'u', '0', '0', kHex[byte >> 4], kHex[byte & 0xF]};
          put(std::string_view(escaped, sizeof escaped));
        } else {
          put(c);  // UTF-8 passes through as is
        }
    }
  }
  put('"');
  need_comma_ = true;
}

void JsonWriter::put_unsigned(std::uint64_t value) {
  char digits[20];
  std::size_t n = 0;
  do {
    digits[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  char ordered[20];
  for (std::size_t i = 0; i < n; ++i) ordered[i] = digits[n - 1 - i];
  put(std::string_view(ordered, n));
}

void JsonWriter::u64(std::uint64_t value) {
  separate();
  put_unsigned(value);
  need_comma_ = true;
}

void JsonWriter::i64(std::int64_t value) {
  separate();
  if (value < 0) {
    put('-');
    put_unsigned(0 - static_cast<std::uint64_t>(value));
  } else {
    put_unsigned(static_cast<std::uint64_t>(value));
  }
  need_comma_ = true;
}

void JsonWriter::centi(std::int64_t hundredths) {
  separate();
  std::uint64_t magnitude = static_cast<std::uint64_t>(hundredths);
  if (hundredths < 0) {
    put('-');
    magnitude = 0 - magnitude;
  }
  put_unsigned(magnitude / 100);
  unsigned fraction = static_cast<unsigned>(magnitude % 100);
  if (fraction != 0) {
    put('.');
    put(static_cast<char>('0' + fraction / 10));
    if (fraction % 10 != 0) put(static_cast<char>('0' + fraction % 10));
  }
  need_comma_ = true;
}

}  // namespace vigie::fw
