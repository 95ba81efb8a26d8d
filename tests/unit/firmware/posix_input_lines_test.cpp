// Event lines from stdin: splitting, numbering, holding a line back.
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "input_lines.hpp"

namespace vigie::posix {
namespace {

struct Taken {
  std::string text;
  std::uint64_t number;
  bool too_long;
};

// Feeds `chunks` through a pipe, one write each, and takes every line.
std::vector<Taken> take_all(const std::vector<std::string>& chunks) {
  int fds[2];
  EXPECT_EQ(::pipe(fds), 0);
  InputLines lines(fds[0]);
  std::vector<Taken> out;
  auto drain = [&] {
    InputLines::Line line;
    while (lines.front(line)) {
      out.push_back({std::string(line.text), line.number, line.too_long});
      lines.pop();
    }
  };
  for (const auto& chunk : chunks) {
    for (std::size_t done = 0; done < chunk.size();) {
      std::size_t n = std::min<std::size_t>(chunk.size() - done, 32 * 1024);
      EXPECT_EQ(::write(fds[1], chunk.data() + done, n), static_cast<ssize_t>(n));
      done += n;
      lines.fill();
      drain();
    }
  }
  ::close(fds[1]);
  while (!lines.finished()) {
    lines.fill();
    drain();
  }
  ::close(fds[0]);
  return out;
}

TEST(InputLines, SplitsAndNumbersLinesAcrossReads) {
  auto lines = take_all({"{\"a\":1}\n{\"b\"", ":2}\r\n\n{\"c\":3}"});
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].text, "{\"a\":1}");
  EXPECT_EQ(lines[1].text, "{\"b\":2}");  // CR dropped
  EXPECT_EQ(lines[2].text, "");           // an empty line still counts
  EXPECT_EQ(lines[3].text, "{\"c\":3}");  // the last line needs no newline
  EXPECT_EQ(lines[3].number, 4u);
}

TEST(InputLines, ReportsAnOverlongLineOnceAndGoesOn) {
  std::string huge(InputLines::kMaxLine + 10, 'x');
  auto lines = take_all({"first\n", huge, "\nlast\n"});
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].text, "first");
  EXPECT_TRUE(lines[1].too_long);
  EXPECT_EQ(lines[1].number, 2u);
  EXPECT_EQ(lines[2].text, "last");
  EXPECT_EQ(lines[2].number, 3u);
}

TEST(InputLines, HoldsTheFrontLineUntilPopped) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ASSERT_EQ(::write(fds[1], "one\ntwo\n", 8), 8);
  ::close(fds[1]);
  InputLines lines(fds[0]);
  lines.fill();
  InputLines::Line line;
  ASSERT_TRUE(lines.front(line));
  EXPECT_EQ(line.text, "one");
  ASSERT_TRUE(lines.front(line));  // not taken yet: the same line again
  EXPECT_EQ(line.text, "one");
  lines.pop();
  ASSERT_TRUE(lines.front(line));
  EXPECT_EQ(line.text, "two");
  EXPECT_EQ(line.number, 2u);
  lines.pop();
  lines.fill();
  EXPECT_TRUE(lines.finished());
  ::close(fds[0]);
}

}  // namespace
}  // namespace vigie::posix
