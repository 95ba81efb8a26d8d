#include "api/query_params.hpp"

#include <algorithm>
#include <charconv>
#include <vector>

namespace vigie::api {

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> percent_decode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '+') {
      out += ' ';
    } else if (in[i] == '%') {
      if (i + 2 >= in.size()) return std::nullopt;
      const int hi = hex_digit(in[i + 1]);
      const int lo = hex_digit(in[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += in[i];
    }
  }
  return out;
}

std::string list(std::initializer_list<std::string_view> keys) {
  std::string out;
  for (std::string_view k : keys) {
    if (!out.empty()) out += ", ";
    out += k;
  }
  return out;
}

}  // namespace

Parsed<QueryParams> parse_query(std::string_view query,
                                std::initializer_list<std::string_view> allowed) {
  QueryParams params;
  std::vector<std::string> seen;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    const auto key = percent_decode(pair.substr(0, eq));
    const auto value =
        percent_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
    if (!key || !value) {
      return Parsed<QueryParams>::fail("malformed %-escape in the query string");
    }
    if (std::find(allowed.begin(), allowed.end(), *key) == allowed.end()) {
      // Not named: nothing of the request is echoed back.
      return Parsed<QueryParams>::fail("an unknown query parameter; this endpoint accepts " +
                                       list(allowed));
    }
    if (std::find(seen.begin(), seen.end(), *key) != seen.end()) {
      return Parsed<QueryParams>::fail("query parameter '" + *key + "' given more than once");
    }
    seen.push_back(*key);
    if (!value->empty()) params.emplace(*key, *value);
  }
  return Parsed<QueryParams>::ok(std::move(params));
}

Parsed<std::int64_t> parse_epoch_ms(std::string_view name, std::string_view text) {
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size() || v < 0 || text.empty()) {
    return Parsed<std::int64_t>::fail("'" + std::string(name) +
                                      "' must be a time in milliseconds since the Unix epoch (a "
                                      "non-negative integer)");
  }
  return Parsed<std::int64_t>::ok(v);
}

bool is_valid_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

}  // namespace vigie::api
