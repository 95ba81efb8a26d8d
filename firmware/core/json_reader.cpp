#include "core/json_reader.hpp"

namespace vigie::fw {
namespace {

constexpr std::size_t kUnbounded = ~static_cast<std::size_t>(0);

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::size_t encode_utf8(std::uint32_t cp, char (&out)[4]) {
  if (cp < 0x80) {
    out[0] = static_cast<char>(cp);
    return 1;
  }
  if (cp < 0x800) {
    out[0] = static_cast<char>(0xC0 | (cp >> 6));
    out[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (cp >> 12));
    out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (cp >> 18));
  out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (cp & 0x3F));
  return 4;
}

// Length of the UTF-8 sequence a lead byte opens, with the allowed range of the
// second byte (which rules out overlong forms, surrogates and > U+10FFFF).
bool utf8_lead(unsigned char lead, std::size_t& length, unsigned char& lo, unsigned char& hi) {
  lo = 0x80;
  hi = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) lo = 0xA0;
    if (lead == 0xED) hi = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) lo = 0x90;
    if (lead == 0xF4) hi = 0x8F;
  } else {
    return false;
  }
  return true;
}

}  // namespace

bool JsonReader::fail(const char* reason) {
  if (error_ == nullptr) {
    error_ = reason;
    error_offset_ = pos_;
  }
  return false;
}

void JsonReader::skip_space() {
  while (!at_end()) {
    char c = current();
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
    ++pos_;
  }
}

bool JsonReader::enter(bool object) {
  if (!ok()) return false;
  skip_space();
  char open = object ? '{' : '[';
  if (at_end() || current() != open)
    return fail(object ? "expected an object" : "expected an array");
  if (depth_ >= kMaxDepth) return fail("nested too deep");
  ++pos_;
  first_[depth_] = true;
  in_object_[depth_] = object;
  ++depth_;
  return true;
}

bool JsonReader::begin_object() {
  return enter(true);
}
bool JsonReader::begin_array() {
  return enter(false);
}

bool JsonReader::next_member() {
  if (!ok()) return false;
  if (depth_ == 0 || !in_object_[depth_ - 1]) return fail("not inside an object");
  skip_space();
  if (at_end()) return fail("unterminated object");
  if (current() == '}') {
    ++pos_;
    --depth_;
    return false;
  }
  if (!first_[depth_ - 1]) {
    if (current() != ',') return fail("expected ',' or '}'");
    ++pos_;
    skip_space();
  }
  first_[depth_ - 1] = false;
  if (at_end() || current() != '"') return fail("expected a member name");
  std::size_t n = 0;
  if (!scan_string(key_, kKeyMax, n, true)) return false;
  key_size_ = n;
  key_[n] = '\0';
  skip_space();
  if (at_end() || current() != ':') return fail("expected ':'");
  ++pos_;
  skip_space();
  return true;
}

bool JsonReader::next_element() {
  if (!ok()) return false;
  if (depth_ == 0 || in_object_[depth_ - 1]) return fail("not inside an array");
  skip_space();
  if (at_end()) return fail("unterminated array");
  if (current() == ']') {
    ++pos_;
    --depth_;
    return false;
  }
  if (!first_[depth_ - 1]) {
    if (current() != ',') return fail("expected ',' or ']'");
    ++pos_;
    skip_space();
  }
  first_[depth_ - 1] = false;
  return true;
}

JsonReader::Kind JsonReader::peek() {
  if (!ok()) return Kind::invalid;
  skip_space();
  if (at_end()) return Kind::invalid;
  char c = current();
  if (c == '{') return Kind::object;
  if (c == '[') return Kind::array;
  if (c == '"') return Kind::string;
  if (c == '-' || is_digit(c)) return Kind::number;
  if (c == 't' || c == 'f' || c == 'n') return Kind::literal;
  return Kind::invalid;
}

bool JsonReader::scan_hex4(std::uint32_t& value) {
  value = 0;
  for (int i = 0; i < 4; ++i) {
    if (at_end()) return fail("unterminated escape");
    int digit = hex_value(current());
    if (digit < 0) return fail("bad \\u escape");
    value = (value << 4) | static_cast<std::uint32_t>(digit);
    ++pos_;
  }
  return true;
}

bool JsonReader::scan_escape(char* out, std::size_t capacity, std::size_t& size, bool truncate,
                             bool& full) {
  // pos_ is just past the backslash.
  if (at_end()) return fail("unterminated escape");
  char c = current();
  ++pos_;
  char unit[4];
  std::size_t length = 1;
  switch (c) {
    case '"':
    case '\\':
    case '/':
      unit[0] = c;
      break;
    case 'b':
      unit[0] = '\b';
      break;
    case 'f':
      unit[0] = '\f';
      break;
    case 'n':
      unit[0] = '\n';
      break;
    case 'r':
      unit[0] = '\r';
      break;
    case 't':
      unit[0] = '\t';
      break;
    case 'u': {
      std::uint32_t cp = 0;
      if (!scan_hex4(cp)) return false;
      if (cp >= 0xDC00 && cp <= 0xDFFF) return fail("lone low surrogate");
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (pos_ + 1 >= size_ || data_[pos_] != '\\' || data_[pos_ + 1] != 'u')
          return fail("lone high surrogate");
        pos_ += 2;
        std::uint32_t low = 0;
        if (!scan_hex4(low)) return false;
        if (low < 0xDC00 || low > 0xDFFF) return fail("bad surrogate pair");
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
      }
      length = encode_utf8(cp, unit);
      break;
    }
    default:
      return fail("bad escape");
  }
  if (full) return true;
  if (size + length > capacity) {
    if (!truncate) return fail("string too long");
    full = true;
    return true;
  }
  for (std::size_t i = 0; i < length; ++i) {
    if (out != nullptr) out[size] = unit[i];
    ++size;
  }
  return true;
}

bool JsonReader::scan_string(char* out, std::size_t capacity, std::size_t& size, bool truncate) {
  size = 0;
  if (!ok()) return false;
  skip_space();
  if (at_end() || current() != '"') return fail("expected a string");
  ++pos_;
  bool full = false;  // truncating: the rest is checked but not kept
  for (;;) {
    if (at_end()) return fail("unterminated string");
    auto byte = static_cast<unsigned char>(current());
    if (byte == '"') {
      ++pos_;
      return true;
    }
    if (byte == '\\') {
      ++pos_;
      if (!scan_escape(out, capacity, size, truncate, full)) return false;
      continue;
    }
    if (byte < 0x20) return fail("control character in string");
    std::size_t length = 1;
    if (byte >= 0x80) {
      unsigned char lo = 0, hi = 0;
      if (!utf8_lead(byte, length, lo, hi)) return fail("invalid UTF-8");
      if (pos_ + length > size_) return fail("invalid UTF-8");
      for (std::size_t i = 1; i < length; ++i) {
        auto next = static_cast<unsigned char>(data_[pos_ + i]);
        unsigned char min = i == 1 ? lo : 0x80;
        unsigned char max = i == 1 ? hi : 0xBF;
        if (next < min || next > max) return fail("invalid UTF-8");
      }
    }
    if (!full && size + length > capacity) {
      if (!truncate) return fail("string too long");
      full = true;
    }
    if (!full) {
      for (std::size_t i = 0; i < length; ++i) {
        if (out != nullptr) out[size] = data_[pos_ + i];
        ++size;
      }
    }
    pos_ += length;
  }
}

bool JsonReader::read_string(char* out, std::size_t capacity, std::size_t& size) {
  return scan_string(out, capacity, size, false);
}

bool JsonReader::scan_number(Number& n) {
  if (!ok()) return false;
  skip_space();
  n = Number{};
  if (!at_end() && current() == '-') {
    n.negative = true;
    ++pos_;
  }
  n.int_begin = pos_;
  if (at_end() || !is_digit(current())) return fail("expected a number");
  if (current() == '0') {
    ++pos_;
  } else {
    while (!at_end() && is_digit(current())) ++pos_;
  }
  n.int_end = pos_;
  if (!at_end() && current() == '.') {
    ++pos_;
    n.frac_begin = pos_;
    while (!at_end() && is_digit(current())) ++pos_;
    n.frac_end = pos_;
    if (n.frac_end == n.frac_begin) return fail("digits expected after '.'");
  }
  if (!at_end() && (current() == 'e' || current() == 'E')) {
    n.exponent = true;
    ++pos_;
    if (!at_end() && (current() == '+' || current() == '-')) ++pos_;
    std::size_t digits = pos_;
    while (!at_end() && is_digit(current())) ++pos_;
    if (pos_ == digits) return fail("digits expected in exponent");
  }
  return true;
}

bool JsonReader::read_u64(std::uint64_t& out) {
  Number n;
  std::size_t start = pos_;
  if (!scan_number(n)) return false;
  if (n.negative || n.frac_end != n.frac_begin || n.exponent) {
    pos_ = start;
    return fail("expected an unsigned integer");
  }
  std::uint64_t value = 0;
  for (std::size_t i = n.int_begin; i < n.int_end; ++i) {
    auto digit = static_cast<std::uint64_t>(data_[i] - '0');
    if (value > (~static_cast<std::uint64_t>(0) - digit) / 10) {
      pos_ = start;
      return fail("integer out of range");
    }
    value = value * 10 + digit;
  }
  out = value;
  return true;
}

bool JsonReader::read_i64(std::int64_t& out) {
  Number n;
  std::size_t start = pos_;
  if (!scan_number(n)) return false;
  if (n.frac_end != n.frac_begin || n.exponent) {
    pos_ = start;
    return fail("expected an integer");
  }
  const std::uint64_t limit = n.negative ? (std::uint64_t{1} << 63) : (std::uint64_t{1} << 63) - 1;
  std::uint64_t value = 0;
  for (std::size_t i = n.int_begin; i < n.int_end; ++i) {
    auto digit = static_cast<std::uint64_t>(data_[i] - '0');
    if (value > (limit - digit) / 10) {
      pos_ = start;
      return fail("integer out of range");
    }
    value = value * 10 + digit;
  }
  out = n.negative ? static_cast<std::int64_t>(0 - value) : static_cast<std::int64_t>(value);
  return true;
}

bool JsonReader::read_centi(std::int64_t& out) {
  Number n;
  std::size_t start = pos_;
  if (!scan_number(n)) return false;
  if (n.exponent) {
    pos_ = start;
    return fail("expected a plain decimal (no exponent)");
  }
  // 10^15 hundredths is far beyond any sound level, temperature or window.
  constexpr std::int64_t kLimit = 1000000000000000;
  std::int64_t value = 0;
  for (std::size_t i = n.int_begin; i < n.int_end; ++i) {
    value = value * 10 + (data_[i] - '0');
    if (value * 100 > kLimit) {
      pos_ = start;
      return fail("number out of range");
    }
  }
  value *= 100;
  std::size_t frac_digits = n.frac_end - n.frac_begin;
  if (frac_digits > 0) value += static_cast<std::int64_t>(data_[n.frac_begin] - '0') * 10;
  if (frac_digits > 1) value += data_[n.frac_begin + 1] - '0';
  if (frac_digits > 2 && data_[n.frac_begin + 2] >= '5') value += 1;
  out = n.negative ? -value : value;
  return true;
}

bool JsonReader::scan_literal(std::string_view word) {
  if (size_ - pos_ < word.size() || std::string_view(data_ + pos_, word.size()) != word)
    return fail("unexpected character");
  pos_ += word.size();
  return true;
}

bool JsonReader::skip_value() {
  switch (peek()) {
    case Kind::object:
      begin_object();
      while (next_member())
        if (!skip_value()) return false;
      return ok();
    case Kind::array:
      begin_array();
      while (next_element())
        if (!skip_value()) return false;
      return ok();
    case Kind::string: {
      std::size_t n = 0;
      return scan_string(nullptr, kUnbounded, n, false);
    }
    case Kind::number: {
      Number n;
      return scan_number(n);
    }
    case Kind::literal:
      if (current() == 't') return scan_literal("true");
      if (current() == 'f') return scan_literal("false");
      return scan_literal("null");
    case Kind::invalid:
      break;
  }
  return fail(at_end() ? "unexpected end" : "unexpected character");
}

bool JsonReader::finish() {
  if (!ok()) return false;
  if (depth_ != 0) return fail("unclosed object or array");
  skip_space();
  if (!at_end()) return fail("trailing characters");
  return true;
}

}  // namespace vigie::fw
