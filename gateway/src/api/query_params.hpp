// The query string of a request, decoded and checked against the keys a route accepts.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace vigie::api {

// A value or what was wrong with the input, in words for the client.
template <typename T>
struct Parsed {
  std::optional<T> value;
  std::string error;  // set when value is not
  static Parsed ok(T v) { return {std::move(v), {}}; }
  static Parsed fail(std::string why) { return {std::nullopt, std::move(why)}; }
};

using QueryParams = std::map<std::string, std::string, std::less<>>;

// "state=all&criterion=BRK-01" -> {state: all, criterion: BRK-01}, percent-decoded ('+' is a
// space). Fails on a key outside ALLOWED, a key given twice or a bad %-escape. An empty value
// ("since=") counts as absent, so a form may send every field.
Parsed<QueryParams> parse_query(std::string_view query,
                                std::initializer_list<std::string_view> allowed);

// Milliseconds since the epoch, a plain non-negative decimal integer; NAME is for the message.
Parsed<std::int64_t> parse_epoch_ms(std::string_view name, std::string_view text);

// Contract sec. 1: 1-64 chars of [A-Za-z0-9._-].
bool is_valid_id(std::string_view id);

}  // namespace vigie::api
