#include "evidence/canonical_json.hpp"

#include <algorithm>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace vigie::evidence {

namespace {

// RFC 6901 escaping, so the path in an error names the key unambiguously.
std::string pointer_token(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

[[noreturn]] void refuse(const std::string& path, const char* what) {
  throw std::invalid_argument("canonical_json: " + std::string(what) + " at \"" + path + "\"");
}

void append_string(std::string& out, const std::string& s, const std::string& path) {
  try {
    out += nlohmann::json(s).dump();
  } catch (const nlohmann::json::type_error&) {
    refuse(path, "string that is not valid UTF-8");
  }
}

void write(std::string& out, const nlohmann::json& v, const std::string& path) {
  using T = nlohmann::json::value_t;
  switch (v.type()) {
    case T::null:
      out += "null";
      return;
    case T::boolean:
      out += v.get<bool>() ? "true" : "false";
      return;
    case T::number_integer:
      out += std::to_string(v.get<std::int64_t>());
      return;
    case T::number_unsigned:
      out += std::to_string(v.get<std::uint64_t>());
      return;
    case T::number_float:
      refuse(path, "floating-point number (only integers are allowed)");
    case T::string:
      append_string(out, v.get_ref<const std::string&>(), path);
      return;
    case T::array: {
      out += '[';
      std::size_t i = 0;
      for (const auto& item : v) {
        if (i != 0) out += ',';
        write(out, item, path + "/" + std::to_string(i));
        ++i;
      }
      out += ']';
      return;
    }
    case T::object: {
      // nlohmann::json's std::map happens to order keys this way already; sorting
      // explicitly keeps the guarantee if the object type ever changes.
      // std::string compares as unsigned char, i.e. by UTF-8 bytes.
      std::vector<const std::string*> keys;
      keys.reserve(v.size());
      for (auto it = v.begin(); it != v.end(); ++it) keys.push_back(&it.key());
      std::sort(keys.begin(), keys.end(),
                [](const std::string* a, const std::string* b) { return *a < *b; });
      out += '{';
      bool first = true;
      for (const std::string* key : keys) {
        if (!first) out += ',';
        first = false;
        const std::string child = path + "/" + pointer_token(*key);
        append_string(out, *key, child);
        out += ':';
        write(out, v.at(*key), child);
      }
      out += '}';
      return;
    }
    case T::binary:
      refuse(path, "binary value");
    case T::discarded:
      refuse(path, "discarded value");
  }
  refuse(path, "unknown value type");
}

}  // namespace

std::string canonical_json(const nlohmann::json& value) {
  std::string out;
  write(out, value, "");
  return out;
}

}  // namespace vigie::evidence
