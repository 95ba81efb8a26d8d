// evidence::JsonDoc against nlohmann::json::parse, the reader it stands in for on
// the audit pack's entries: the same texts accepted, the same answers read.
#include "evidence/json_view.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>

#include "evidence/pack_fields.hpp"

namespace vigie::evidence {
namespace {

using nlohmann::json;

// Every answer of R against J's, recursively; the first difference, or "".
std::string differs(const JsonRef& r, const json& j, const std::string& path) {
  if (r.is_null() != j.is_null() || r.is_object() != j.is_object() ||
      r.is_array() != j.is_array() || r.is_string() != j.is_string() ||
      r.is_number() != j.is_number())
    return path + ": type";
  if (r.size() != j.size()) return path + ": size";
  if (r.integer() != pack::integer(&j)) return path + ": integer";
  if (r.string() != pack::text(&j)) return path + ": string";
  if (r.dump() != j.dump()) return path + ": dump " + r.dump() + " vs " + j.dump();
  if (r.is_number()) {
    const double a = r.number(), b = j.get<double>();
    if (!(a == b || (a != a && b != b))) return path + ": number";
    if (j.is_number_integer() && r.unsigned_number() != j.get<std::uint64_t>())
      return path + ": unsigned";
  }
  const auto items = r.items();
  if (!j.is_structured()) {  // a scalar's items are itself, once, keyed ""
    if (j.is_null() ? !items.empty() : items.size() != 1 || !items[0].first.empty())
      return path + ": items of a scalar";
    return "";
  }
  std::size_t k = 0;
  for (const auto& [key, value] : j.items()) {
    if (k >= items.size() || items[k].first != key) return path + ": key " + key;
    if (j.is_object() && r[key].raw() != items[k].second.raw()) return path + ": member " + key;
    if (auto d = differs(items[k].second, value, path + "/" + key); !d.empty()) return d;
    ++k;
  }
  if (k != items.size()) return path + ": items";
  if (r.elements().size() != static_cast<std::size_t>(std::distance(j.begin(), j.end())))
    return path + ": elements";
  return "";
}

// "" when JsonDoc and nlohmann agree on TEXT.
std::string compare(std::string_view text) {
  JsonDoc doc;
  const bool ours = doc.parse(text);
  const json theirs = json::parse(text, nullptr, false);
  if (ours == theirs.is_discarded())
    return std::string(ours ? "accepted" : "refused") + " what nlohmann does not";
  if (!ours) return "";
  return differs(doc.root(), theirs, "");
}

const char* const kEntry =
    R"({"at":1793574000000,"data":{"alert":{"acked":{"at":1,"by":"sup-1"},"criterion":)"
    R"("pause-2h","id":"p-0a1b2c","severity":"warning","subject":{"agent":"p-9f8e"},)"
    R"("summary":"agent.p-9f8e sans pause","threshold":7200000,"unit":"ms","value":7.25e3},)"
    R"("from":"due","state":"firing"},"idx":67,"kind":"alert.ack","site":"paris-1"})";

TEST(JsonView, ReadsAnEntryAsNlohmannDoes) {
  EXPECT_EQ(compare(kEntry), "");
  JsonDoc doc;
  ASSERT_TRUE(doc.parse(kEntry));
  EXPECT_EQ(doc.root()["idx"].integer(), 67);
  EXPECT_EQ(doc.root()["data"]["alert"]["subject"]["agent"].string(), "p-9f8e");
  EXPECT_FALSE(doc.root()["missing"].exists());
}

TEST(JsonView, AcceptsAndRefusesWhatNlohmannDoes) {
  const std::vector<std::string> texts = {"",
                                          " ",
                                          "{}",
                                          "[]",
                                          "[ ]",
                                          "{ }",
                                          "null",
                                          "true",
                                          "false",
                                          "nul",
                                          "truex",
                                          "1",
                                          "-0",
                                          "-",
                                          "01",
                                          "-01",
                                          "1.",
                                          ".5",
                                          "1e",
                                          "1e+",
                                          "1E-2",
                                          "+1",
                                          "0.0",
                                          "1.50",
                                          "6.7e1",
                                          "67.0",
                                          "1e400",
                                          "-1e400",
                                          "1e-400",
                                          "18446744073709551615",
                                          "18446744073709551616",
                                          "9223372036854775807",
                                          "9223372036854775808",
                                          "-9223372036854775808",
                                          "-9223372036854775809",
                                          std::string(400, '9'),
                                          "[1,]",
                                          "[,1]",
                                          "{\"a\":1,}",
                                          "{\"a\"}",
                                          "{\"a\":}",
                                          "{a:1}",
                                          "{\"a\":1 \"b\":2}",
                                          "[1 2]",
                                          "1 2",
                                          " 1 ",
                                          "\t[\r\n1\n]\r",
                                          "\xEF\xBB\xBF{}",
                                          "\xEF\xBB{}",
                                          "\xEF{}",
                                          "{}\xEF\xBB\xBF",
                                          "\"\\u0000\"",
                                          "\"\\u00e9\"",
                                          "\"\\ud83d\\ude00\"",
                                          "\"\\ud83d\"",
                                          "\"\\ud83dx\"",
                                          "\"\\ude00\"",
                                          "\"\\ud83d\\u0041\"",
                                          "\"\\uZZZZ\"",
                                          "\"\\u12\"",
                                          "\"\\x\"",
                                          "\"\\/\\b\\f\\n\\r\\t\\\"\\\\\"",
                                          "\"a\x01\"",
                                          "\"a\x7f\"",
                                          "\"\xC3\xA9\"",
                                          "\"\xC3\"",
                                          "\"\xC0\x80\"",
                                          "\"\xE0\x80\x80\"",
                                          "\"\xED\xA0\x80\"",
                                          "\"\xF4\x90\x80\x80\"",
                                          "\"\xF0\x9F\x98\x80\"",
                                          "\"\xFF\"",
                                          std::string("\"a\0b\"", 5),
                                          std::string("{}\0", 3),
                                          std::string("{} \0x", 5),
                                          std::string("[1,\0]", 5),
                                          std::string("1\0", 2),
                                          std::string("\0", 1),
                                          "{\"a\":1,\"a\":2}",
                                          "{\"b\":1,\"a\":2}",
                                          "{\"b\":{\"y\":1,\"x\":[3,{}]},\"a\":null,\"b\":true}",
                                          "{\"\\u0061\":1,\"a\":2}",
                                          "{\"a\":1,\"\\u0061\":[1.5,-2,\"x\"]}",
                                          "[[[[[]]]]]",
                                          "[[[[]]]",
                                          "\"unterminated",
                                          "{\"k\":\"v\"",
                                          "[1e2,2E+2,-0.0e-0,1.25]",
                                          "{\"subject\":{}}"};
  for (const auto& t : texts) EXPECT_EQ(compare(t), "") << "text: " << t;
}

TEST(JsonView, AgreesWithNlohmannOnMutatedEntries) {
  std::mt19937 rng(13);
  const std::string pieces[] = {std::string("\0", 1),
                                "\"",
                                "\\",
                                "{",
                                "}",
                                "[",
                                "]",
                                ",",
                                ":",
                                "-",
                                ".",
                                "e",
                                "0",
                                "9",
                                " ",
                                "\\u",
                                "\\ud83d",
                                "\xC3",
                                "\xA9",
                                "\xEF\xBB\xBF",
                                "null",
                                "1e999",
                                "\x01",
                                "\"a\":1,",
                                "\"a\":"};
  std::size_t accepted = 0;
  for (int n = 0; n < 20000; ++n) {
    std::string text = kEntry;
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < edits; ++k) {
      const std::size_t at = rng() % (text.size() + 1);
      const auto& piece = pieces[rng() % std::size(pieces)];
      switch (rng() % 3) {
        case 0:
          text.insert(at, piece);
          break;
        case 1:
          if (at < text.size()) text.erase(at, 1 + rng() % 3);
          break;
        default:
          text.replace(at, std::min<std::size_t>(piece.size(), text.size() - at), piece);
      }
    }
    const auto d = compare(text);
    ASSERT_EQ(d, "") << "text: " << text;
    accepted += JsonDoc().parse(text) ? 1 : 0;
  }
  EXPECT_GT(accepted, 100u);  // the mutations reach valid texts too, not only broken ones
}

}  // namespace
}  // namespace vigie::evidence
