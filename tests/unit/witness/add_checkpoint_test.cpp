// The add-checkpoint request body of C2SP tlog-witness, both ways, and the bodies it refuses.
#include "witness/add_checkpoint.hpp"

#include <gtest/gtest.h>

namespace vigie::witness {
namespace {

constexpr const char* kNote =
    "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n"
    "\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/"
    "Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n";

evidence::Hash filled(std::uint8_t b) {
  evidence::Hash h{};
  h.fill(b);
  return h;
}

TEST(AddCheckpointBody, WrittenAsTheSpecShowsAndReadBack) {
  const AddCheckpoint req{20852014, {filled(1), filled(2)}, kNote};
  const std::string body = format_add_checkpoint(req);
  EXPECT_EQ(body, "old 20852014\n" + evidence::base64_encode(evidence::as_bytes(filled(1))) + "\n" +
                      evidence::base64_encode(evidence::as_bytes(filled(2))) + "\n\n" + kNote);
  std::string error;
  const auto back = parse_add_checkpoint(body, &error);
  ASSERT_TRUE(back) << error;
  EXPECT_EQ(back->old_size, 20852014u);
  EXPECT_EQ(back->proof, req.proof);
  EXPECT_EQ(back->note, kNote);
}

TEST(AddCheckpointBody, OldZeroWithoutProof) {
  const auto back = parse_add_checkpoint(std::string("old 0\n\n") + kNote, nullptr);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->old_size, 0u);
  EXPECT_TRUE(back->proof.empty());
}

TEST(AddCheckpointBody, MalformedBodiesAreRefusedWithTheLineAtFault) {
  const std::string note = kNote;
  const std::string h = evidence::base64_encode(evidence::as_bytes(filled(3)));
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "line 1"},
      {"garbage\x01\xff", "line 1"},
      {"new 5\n\n" + note, "line 1"},
      {"old 05\n\n" + note, "line 1"},
      {"old -1\n\n" + note, "line 1"},
      {"old 18446744073709551616\n\n" + note, "line 1"},
      {"old 5\n" + h + "\n", "no blank line"},
      {"old 5\nnot base64!\n\n" + note, "line 2"},
      {"old 5\n" + h.substr(4) + "\n\n" + note, "line 2"},
      {"old 5\n\n", "no checkpoint"},
  };
  for (const auto& [body, why] : cases) {
    std::string error;
    EXPECT_FALSE(parse_add_checkpoint(body, &error)) << body;
    EXPECT_NE(error.find(why), std::string::npos) << body << " -> " << error;
  }
  std::string many = "old 5\n";
  for (int i = 0; i < 64; ++i) many += h + "\n";
  std::string error;
  EXPECT_FALSE(parse_add_checkpoint(many + "\n" + note, &error));
  EXPECT_NE(error.find("more than 63"), std::string::npos) << error;
}

TEST(AddCheckpointBody, ConflictBodyIsOneDecimalLine) {
  EXPECT_EQ(parse_size_body("42\n"), 42u);
  EXPECT_EQ(parse_size_body("0\n"), 0u);
  EXPECT_FALSE(parse_size_body("42"));
  EXPECT_FALSE(parse_size_body("042\n"));
  EXPECT_FALSE(parse_size_body("x\n"));
}

}  // namespace
}  // namespace vigie::witness
