// A JSON text read once into a flat list of values that point into it: no
// allocation per value, for the audit pack's entries (read by the hundred
// thousand). It accepts exactly what nlohmann::json::parse accepts (RFC 8259,
// UTF-8 checked, a leading byte-order mark skipped, a NUL after the value taken
// as the end of the text, a number that overflows a double refused) and answers as a parsed
// nlohmann::json would: a duplicate key's last value, members in key order, nlohmann's dump() of a
// number.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vigie::evidence {

class JsonDoc;

// A value of a JsonDoc, or none (a missing member, a failed parse): none reads as null.
class JsonRef {
 public:
  JsonRef() = default;
  bool exists() const { return doc_ != nullptr; }
  bool is_null() const;  // null, or none
  bool is_object() const;
  bool is_array() const;
  bool is_string() const;
  bool is_number() const;

  // Member KEY of an object (the last one when KEY is repeated); none otherwise.
  JsonRef operator[](std::string_view key) const;
  // The string's text, unescaped; nullopt when not a string.
  std::optional<std::string> string() const;
  // An integer written as one, within int64 (as pack::integer reads it); nullopt otherwise.
  std::optional<std::int64_t> integer() const;
  // As nlohmann's get<double>() and get<std::uint64_t>() of a number.
  double number() const;
  std::uint64_t unsigned_number() const;
  // nlohmann's dump() of the value ("null" for none).
  std::string dump() const;
  // nlohmann's size(): members (keys once), elements, 0 for null, 1 for the rest.
  std::size_t size() const;
  // nlohmann's items(): an object's members in key order, keys once; an array's
  // elements keyed "0", "1"...; nothing for null; a scalar once, keyed "".
  std::vector<std::pair<std::string, JsonRef>> items() const;
  // What a range-for over the nlohmann value visits: elements, members' values in
  // key order, nothing for null, the scalar itself once.
  std::vector<JsonRef> elements() const;
  // The value's own bytes in the text.
  std::string_view raw() const;

 private:
  friend class JsonDoc;
  JsonRef(const JsonDoc* doc, std::size_t node) : doc_(doc), node_(node) {}
  const JsonDoc* doc_ = nullptr;
  std::size_t node_ = 0;
};

class JsonDoc {
 public:
  // False when TEXT is not one JSON value as nlohmann::json::parse reads one. TEXT
  // must outlive the document and its refs; parse again to reuse the document.
  bool parse(std::string_view text);
  // The value read; none after a failed parse.
  JsonRef root() const { return ok_ ? JsonRef(this, 0) : JsonRef(); }

 private:
  friend class JsonRef;
  enum class Type : std::uint8_t { null, boolean, integral, floating, string, array, object };
  struct Node {
    std::size_t begin = 0, end = 0;  // the value's bytes, quotes included
    std::size_t next = 0;            // the node after this value and all it holds
    Type type = Type::null;
    bool escaped = false;  // a string with a backslash in it
  };
  // The end of the string at P, after its closing quote; 0 when malformed.
  std::size_t string_at(std::size_t p, bool& escaped) const;
  std::size_t number_at(std::size_t p, Type& type) const;  // the number's end; 0 if malformed
  bool key_is(std::size_t node, std::string_view key) const;
  std::string_view text_;
  std::vector<Node> nodes_;
  std::vector<std::size_t> open_;  // containers being read
  bool ok_ = false;
};

}  // namespace vigie::evidence
