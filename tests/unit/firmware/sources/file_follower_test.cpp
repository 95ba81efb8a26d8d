// Following a log as a program writes it: lines written in pieces, rotation by
// rename (with the writer still appending to the old file a moment), truncation,
// a file that appears late, and a position kept across a stop, also when the
// file was rotated meanwhile.
#include "file_follower.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace vigie::sources {
namespace {

class Follow : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("vigie-follow-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "queue_log").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void append(const std::string& text, const std::string& file = "") {
    std::ofstream out(file.empty() ? path_ : file, std::ios::app | std::ios::binary);
    out << text;
  }
  // Every complete line now readable, with a wait long enough for the
  // follower's look at the path (it looks at most every 200 ms).
  std::vector<std::string> drain(FileFollower& f) {
    std::vector<std::string> lines;
    FileFollower::Line line;
    std::string note;
    for (int idle = 0; idle < 30;) {
      if (f.next(line, note)) {
        lines.emplace_back(line.too_long ? "<too long>" : std::string(line.text));
        idle = 0;
      } else {
        ++idle;
        ::usleep(10'000);
      }
    }
    return lines;
  }

  std::filesystem::path dir_;
  std::string path_;
};

using Lines = std::vector<std::string>;

TEST_F(Follow, HandsOutOnlyCompleteLines) {
  append("a|1\nb|");
  FileFollower f;
  std::string note;
  f.start(path_, nullptr, note);
  EXPECT_EQ(drain(f), Lines{"a|1"});
  EXPECT_FALSE(f.at_end()) << "half a line is waiting";
  append("2\r\nc|3\n");
  EXPECT_EQ(drain(f), (Lines{"b|2", "c|3"}));
  EXPECT_TRUE(f.at_end());
  EXPECT_EQ(f.position().line, 3u);
  EXPECT_EQ(f.position().offset, 13u);
}

TEST_F(Follow, RotationByRenameReadsTheOldFileToItsEnd) {
  append("1\n2\n");
  FileFollower f;
  std::string note;
  f.start(path_, nullptr, note);
  EXPECT_EQ(drain(f), (Lines{"1", "2"}));
  const std::string rotated = path_ + ".1";
  std::filesystem::rename(path_, rotated);
  append("3\n", rotated);  // the writer has not reopened its log yet
  append("", path_);       // logrotate's create: a new, empty file
  EXPECT_EQ(drain(f), Lines{"3"});
  append("4", rotated);  // and a last line without its newline
  append("5\n");
  EXPECT_EQ(drain(f), (Lines{"4", "5"}));
  EXPECT_EQ(f.position().line, 1u) << "counted in the new file";
}

TEST_F(Follow, TruncationStartsOver) {
  append("1\n2\n3\n");
  FileFollower f;
  std::string note;
  f.start(path_, nullptr, note);
  EXPECT_EQ(drain(f).size(), 3u);
  std::filesystem::resize_file(path_, 0);  // copytruncate
  append("4\n");
  EXPECT_EQ(drain(f), Lines{"4"});
}

TEST_F(Follow, WaitsForAFileThatIsNotThereYet) {
  FileFollower f;
  std::string note;
  f.start(path_, nullptr, note);
  EXPECT_TRUE(f.waiting_for_file());
  append("1\n");
  ::usleep(1'100'000);  // it looks again every second
  EXPECT_EQ(drain(f), Lines{"1"});
}

TEST_F(Follow, AKeptPositionGoesOnWithoutSkippingOrRepeating) {
  append("1\n2\n");
  FilePosition kept;
  {
    FileFollower f;
    std::string note;
    f.start(path_, nullptr, note);
    EXPECT_EQ(drain(f), (Lines{"1", "2"}));
    kept = f.position();
  }
  append("3\n");
  FileFollower f;
  std::string note;
  f.start(path_, &kept, note);
  EXPECT_EQ(note, "");
  EXPECT_EQ(drain(f), Lines{"3"});
}

TEST_F(Follow, AKeptPositionFindsTheFileRotatedMeanwhile) {
  append("1\n2\n");
  FilePosition kept;
  {
    FileFollower f;
    std::string note;
    f.start(path_, nullptr, note);
    drain(f);
    kept = f.position();
  }
  append("3\n");
  std::filesystem::rename(path_, path_ + "-20251201");
  append("4\n");
  FileFollower f;
  std::string note;
  f.start(path_, &kept, note);
  EXPECT_NE(note.find("rotated while stopped"), std::string::npos) << note;
  EXPECT_EQ(drain(f), (Lines{"3", "4"}));
}

TEST_F(Follow, AKeptPositionPastTheEndMeansTruncatedWhileStopped) {
  append("1\n2\n");
  FilePosition kept;
  {
    FileFollower f;
    std::string note;
    f.start(path_, nullptr, note);
    drain(f);
    kept = f.position();
  }
  std::filesystem::resize_file(path_, 0);
  append("3\n");
  FileFollower f;
  std::string note;
  f.start(path_, &kept, note);
  EXPECT_NE(note.find("truncated"), std::string::npos) << note;
  EXPECT_EQ(drain(f), Lines{"3"});
}

TEST_F(Follow, AnOverlongLineIsSkippedAndTheNextReadWell) {
  append(std::string(FileFollower::kMaxLine + 10, 'x') + "\nshort\n");
  FileFollower f;
  std::string note;
  f.start(path_, nullptr, note);
  EXPECT_EQ(drain(f), (Lines{"<too long>", "short"}));
}

TEST_F(Follow, NotFollowingEndsAtTheEndWithALastLineWithoutNewline) {
  append("1\n2");
  FileFollower f;
  f.set_follow(false);
  std::string note;
  f.start(path_, nullptr, note);
  EXPECT_EQ(drain(f), (Lines{"1", "2"}));
  EXPECT_TRUE(f.finished());
}

}  // namespace
}  // namespace vigie::sources
