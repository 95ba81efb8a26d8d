#include "evidence/json_view.hpp"

#include <locale.h>
#include <stdlib.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

namespace vigie::evidence {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// The code unit of \uXXXX at P (the four hex digits), or -1.
int hex4(std::string_view t, std::size_t p) {
  if (p + 4 > t.size()) return -1;
  int v = 0;
  for (std::size_t i = p; i < p + 4; ++i) {
    const char c = t[i];
    const int d = c >= '0' && c <= '9'   ? c - '0'
                  : c >= 'a' && c <= 'f' ? c - 'a' + 10
                  : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                         : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

// strtod in the C locale, as nlohmann reads a number that is not a 64-bit integer.
double to_double(std::string_view number) {
  static const locale_t c_locale = newlocale(LC_ALL_MASK, "C", locale_t{});
  const std::string copy(number);
  return strtod_l(copy.c_str(), nullptr, c_locale);
}

// An integer token that nlohmann keeps as an integer: within uint64, or within int64 if negative.
bool fits_64(std::string_view number, std::uint64_t* u = nullptr, std::int64_t* i = nullptr) {
  const char* first = number.data();
  const char* last = first + number.size();
  if (number.front() == '-') {
    std::int64_t v = 0;
    const auto r = std::from_chars(first, last, v);
    if (r.ec != std::errc{} || r.ptr != last) return false;
    if (i) *i = v;
    return true;
  }
  std::uint64_t v = 0;
  const auto r = std::from_chars(first, last, v);
  if (r.ec != std::errc{} || r.ptr != last) return false;
  if (u) *u = v;
  return true;
}

void put_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The text of a string the parser accepted, between its quotes.
std::string unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out += s[i];
      continue;
    }
    const char e = s[++i];
    switch (e) {
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        auto cp = static_cast<std::uint32_t>(hex4(s, i + 1));
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {  // a low surrogate follows: checked by the parser
          const auto low = static_cast<std::uint32_t>(hex4(s, i + 3));
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          i += 6;
        }
        put_utf8(out, cp);
        break;
      }
      default:  // '"', '\\', '/'
        out += e;
    }
  }
  return out;
}

}  // namespace

std::size_t JsonDoc::string_at(std::size_t p, bool& escaped) const {
  const std::string_view t = text_;
  const std::size_t n = t.size();
  std::size_t i = p + 1;
  while (i < n) {
    const auto c = static_cast<unsigned char>(t[i]);
    if (c == '"') return i + 1;
    if (c == '\\') {
      escaped = true;
      if (i + 1 >= n) return 0;
      switch (t[i + 1]) {
        case '"':
        case '\\':
        case '/':
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
          i += 2;
          continue;
        case 'u': {
          const int cp = hex4(t, i + 2);
          if (cp < 0 || (cp >= 0xDC00 && cp <= 0xDFFF)) return 0;
          i += 6;
          if (cp >= 0xD800 && cp <= 0xDBFF) {  // a high surrogate: a low one must follow
            if (i + 1 >= n || t[i] != '\\' || t[i + 1] != 'u') return 0;
            const int low = hex4(t, i + 2);
            if (low < 0xDC00 || low > 0xDFFF) return 0;
            i += 6;
          }
          continue;
        }
        default:
          return 0;
      }
    }
    if (c < 0x20) return 0;
    if (c < 0x80) {
      ++i;
      continue;
    }
    // UTF-8 (RFC 3629 sec. 4): the byte ranges nlohmann's lexer accepts.
    int more = 0;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
      more = 1;
    else if (c == 0xE0)
      more = 2, lo = 0xA0;
    else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF)
      more = 2;
    else if (c == 0xED)
      more = 2, hi = 0x9F;
    else if (c == 0xF0)
      more = 3, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3)
      more = 3;
    else if (c == 0xF4)
      more = 3, hi = 0x8F;
    else
      return 0;
    for (int k = 1; k <= more; ++k) {
      if (i + static_cast<std::size_t>(k) >= n) return 0;
      const auto b = static_cast<unsigned char>(t[i + static_cast<std::size_t>(k)]);
      if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) return 0;
    }
    i += static_cast<std::size_t>(more) + 1;
  }
  return 0;
}

std::size_t JsonDoc::number_at(std::size_t p, Type& type) const {
  const std::string_view t = text_;
  const std::size_t n = t.size();
  std::size_t i = p;
  if (t[i] == '-') ++i;
  if (i >= n) return 0;
  if (t[i] == '0') {
    ++i;
  } else if (t[i] >= '1' && t[i] <= '9') {
    while (i < n && is_digit(t[i])) ++i;
  } else {
    return 0;
  }
  type = Type::integral;
  if (i < n && t[i] == '.') {
    ++i;
    if (i >= n || !is_digit(t[i])) return 0;
    while (i < n && is_digit(t[i])) ++i;
    type = Type::floating;
  }
  if (i < n && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < n && (t[i] == '+' || t[i] == '-')) ++i;
    if (i >= n || !is_digit(t[i])) return 0;
    while (i < n && is_digit(t[i])) ++i;
    type = Type::floating;
  }
  // nlohmann reads an integer beyond 64 bits as a double, and refuses a double that overflows.
  const std::string_view number = t.substr(p, i - p);
  if (type == Type::integral && fits_64(number)) return i;
  if (!std::isfinite(to_double(number))) return 0;
  return i;
}

bool JsonDoc::parse(std::string_view text) {
  text_ = text;
  nodes_.clear();
  open_.clear();
  ok_ = false;
  const std::size_t n = text.size();
  std::size_t p = 0;
  if (n > 0 && static_cast<unsigned char>(text[0]) == 0xEF) {  // nlohmann skips a byte-order mark
    if (n < 3 || static_cast<unsigned char>(text[1]) != 0xBB ||
        static_cast<unsigned char>(text[2]) != 0xBF)
      return false;
    p = 3;
  }
  const auto skip_space = [&] {
    while (p < n && (text[p] == ' ' || text[p] == '\t' || text[p] == '\n' || text[p] == '\r')) ++p;
  };
  const auto add = [&](Type type, std::size_t begin, std::size_t end, bool escaped) {
    nodes_.push_back({begin, end, nodes_.size() + 1, type, escaped});
  };
  // An object's key and its ':', at P.
  const auto key = [&] {
    skip_space();
    if (p >= n || text[p] != '"') return false;
    bool escaped = false;
    const std::size_t end = string_at(p, escaped);
    if (end == 0) return false;
    add(Type::string, p, end, escaped);
    p = end;
    skip_space();
    if (p >= n || text[p] != ':') return false;
    ++p;
    return true;
  };
  for (;;) {
    // A value at P.
    skip_space();
    if (p >= n) return false;
    const char c = text[p];
    bool opened = false;
    if (c == '{' || c == '[') {
      const std::size_t at = nodes_.size();
      add(c == '{' ? Type::object : Type::array, p, 0, false);
      ++p;
      skip_space();
      if (p < n && text[p] == (c == '{' ? '}' : ']')) {
        nodes_[at].end = ++p;
      } else {
        open_.push_back(at);
        if (c == '{' && !key()) return false;
        opened = true;
      }
    } else if (c == '"') {
      bool escaped = false;
      const std::size_t end = string_at(p, escaped);
      if (end == 0) return false;
      add(Type::string, p, end, escaped);
      p = end;
    } else if (c == '-' || is_digit(c)) {
      Type type = Type::integral;
      const std::size_t end = number_at(p, type);
      if (end == 0) return false;
      add(type, p, end, false);
      p = end;
    } else {
      const std::string_view rest = text.substr(p);
      const std::size_t len = rest.starts_with("true") || rest.starts_with("null") ? 4
                              : rest.starts_with("false")                          ? 5
                                                                                   : 0;
      if (len == 0) return false;
      add(c == 'n' ? Type::null : Type::boolean, p, p + len, false);
      p += len;
    }
    if (opened) continue;
    // After a value: the next one, or the end of containers, or of the text.
    for (;;) {
      skip_space();
      if (open_.empty()) {
        // nlohmann's lexer reads a NUL where a token would start as the end of the input.
        if (p != n && text[p] != '\0') return false;
        ok_ = true;
        return true;
      }
      const std::size_t top = open_.back();
      const bool object = nodes_[top].type == Type::object;
      if (p >= n) return false;
      if (text[p] == ',') {
        ++p;
        if (object && !key()) return false;
        break;
      }
      if (text[p] != (object ? '}' : ']')) return false;
      nodes_[top].end = ++p;
      nodes_[top].next = nodes_.size();
      open_.pop_back();
    }
  }
}

bool JsonDoc::key_is(std::size_t node, std::string_view key) const {
  const Node& k = nodes_[node];
  const std::string_view inside = text_.substr(k.begin + 1, k.end - k.begin - 2);
  return k.escaped ? unescape(inside) == key : inside == key;
}

bool JsonRef::is_null() const {
  return !doc_ || doc_->nodes_[node_].type == JsonDoc::Type::null;
}
bool JsonRef::is_object() const {
  return doc_ && doc_->nodes_[node_].type == JsonDoc::Type::object;
}
bool JsonRef::is_array() const {
  return doc_ && doc_->nodes_[node_].type == JsonDoc::Type::array;
}
bool JsonRef::is_string() const {
  return doc_ && doc_->nodes_[node_].type == JsonDoc::Type::string;
}
bool JsonRef::is_number() const {
  if (!doc_) return false;
  const auto type = doc_->nodes_[node_].type;
  return type == JsonDoc::Type::integral || type == JsonDoc::Type::floating;
}

std::string_view JsonRef::raw() const {
  if (!doc_) return {};
  const auto& node = doc_->nodes_[node_];
  return doc_->text_.substr(node.begin, node.end - node.begin);
}

JsonRef JsonRef::operator[](std::string_view key) const {
  if (!is_object()) return {};
  const auto& nodes = doc_->nodes_;
  std::optional<std::size_t> found;
  // Members are key, value pairs; nlohmann keeps the last value of a repeated key.
  for (std::size_t i = node_ + 1; i < nodes[node_].next; i = nodes[i + 1].next)
    if (doc_->key_is(i, key)) found = i + 1;
  return found ? JsonRef(doc_, *found) : JsonRef();
}

std::optional<std::string> JsonRef::string() const {
  if (!is_string()) return std::nullopt;
  const std::string_view r = raw();
  const std::string_view inside = r.substr(1, r.size() - 2);
  if (!doc_->nodes_[node_].escaped) return std::string(inside);
  return unescape(inside);
}

std::optional<std::int64_t> JsonRef::integer() const {
  if (!doc_ || doc_->nodes_[node_].type != JsonDoc::Type::integral) return std::nullopt;
  std::int64_t v = 0;
  const std::string_view r = raw();
  const auto res = std::from_chars(r.data(), r.data() + r.size(), v);
  if (res.ec != std::errc{} || res.ptr != r.data() + r.size()) return std::nullopt;
  return v;
}

double JsonRef::number() const {
  if (!is_number()) return 0;
  std::uint64_t u = 0;
  std::int64_t i = 0;
  const std::string_view r = raw();
  if (doc_->nodes_[node_].type == JsonDoc::Type::integral && fits_64(r, &u, &i))
    return r.front() == '-' ? static_cast<double>(i) : static_cast<double>(u);
  return to_double(r);
}

std::uint64_t JsonRef::unsigned_number() const {
  if (!is_number()) return 0;
  std::uint64_t u = 0;
  std::int64_t i = 0;
  const std::string_view r = raw();
  if (doc_->nodes_[node_].type == JsonDoc::Type::integral && fits_64(r, &u, &i))
    return r.front() == '-' ? static_cast<std::uint64_t>(i) : u;
  return nlohmann::json::parse(r).get<std::uint64_t>();
}

std::string JsonRef::dump() const {
  if (!doc_) return "null";
  const auto type = doc_->nodes_[node_].type;
  const std::string_view r = raw();
  // An integer nlohmann keeps as one is written back as it was read ("-0" is 0).
  if (type == JsonDoc::Type::boolean || type == JsonDoc::Type::null ||
      (type == JsonDoc::Type::integral && r != "-0" && fits_64(r)))
    return std::string(r);
  return nlohmann::json::parse(r).dump();
}

std::vector<std::pair<std::string, JsonRef>> JsonRef::items() const {
  std::vector<std::pair<std::string, JsonRef>> out;
  if (is_null()) return out;
  const auto& nodes = doc_->nodes_;
  if (is_array()) {
    std::size_t k = 0;
    for (std::size_t i = node_ + 1; i < nodes[node_].next; i = nodes[i].next)
      out.emplace_back(std::to_string(k++), JsonRef(doc_, i));
    return out;
  }
  if (!is_object()) {
    out.emplace_back("", *this);
    return out;
  }
  bool ordered = true;
  for (std::size_t i = node_ + 1; i < nodes[node_].next; i = nodes[i + 1].next) {
    out.emplace_back(*JsonRef(doc_, i).string(), JsonRef(doc_, i + 1));
    if (out.size() > 1 && !(out[out.size() - 2].first < out.back().first)) ordered = false;
  }
  if (ordered) return out;
  // nlohmann's std::map: keys in order, a repeated key once, with its last value.
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::pair<std::string, JsonRef>> once;
  for (std::size_t i = 0; i < out.size(); ++i)
    if (i + 1 == out.size() || out[i + 1].first != out[i].first) once.push_back(std::move(out[i]));
  return once;
}

std::vector<JsonRef> JsonRef::elements() const {
  std::vector<JsonRef> out;
  if (is_array()) {
    const auto& nodes = doc_->nodes_;
    for (std::size_t i = node_ + 1; i < nodes[node_].next; i = nodes[i].next)
      out.push_back(JsonRef(doc_, i));
  } else if (is_object()) {
    for (auto& [key, value] : items()) out.push_back(value);
  } else if (!is_null()) {
    out.push_back(*this);
  }
  return out;
}

std::size_t JsonRef::size() const {
  if (is_null()) return 0;
  if (is_array()) return elements().size();
  if (is_object()) return items().size();
  return 1;
}

}  // namespace vigie::evidence
