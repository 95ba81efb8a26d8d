// The posix node's store file.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "core/journal.hpp"
#include "file_flash.hpp"

namespace vigie::posix {
namespace {

class StoreFile : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/vigie-store-XXXXXX";
    int fd = mkstemp(tmpl);
    ASSERT_GE(fd, 0);
    ::close(fd);
    ::unlink(tmpl);  // FileFlash creates it
    path_ = tmpl;
  }
  void TearDown() override { ::unlink(path_.c_str()); }
  std::string path_;
};

TEST_F(StoreFile, IsCreatedErasedAtTheFullSize) {
  FileFlash flash;
  std::string error;
  ASSERT_TRUE(flash.open(path_, error)) << error;
  std::uint8_t bytes[64];
  ASSERT_TRUE(flash.read(FileFlash::kPageSize * 3, bytes, sizeof bytes));
  for (auto b : bytes) EXPECT_EQ(b, 0xFF);
  std::ifstream in(path_, std::ios::binary | std::ios::ate);
  EXPECT_EQ(static_cast<std::uint64_t>(in.tellg()),
            std::uint64_t{FileFlash::kPageSize} * FileFlash::kPageCount);
}

TEST_F(StoreFile, KeepsAJournalAcrossReopening) {
  std::string error;
  std::uint64_t epoch = 0;
  {
    FileFlash flash;
    ASSERT_TRUE(flash.open(path_, error)) << error;
    fw::Journal<FileFlash, FileFlash::kPageCount> journal(flash);
    ASSERT_EQ(journal.open(0xabc), decltype(journal)::OpenResult::formatted);
    std::uint64_t seq = 0;
    for (int i = 0; i < 100; ++i) journal.append("event", 5, seq);
    epoch = journal.epoch();
  }
  FileFlash flash;
  ASSERT_TRUE(flash.open(path_, error)) << error;
  fw::Journal<FileFlash, FileFlash::kPageCount> journal(flash);
  ASSERT_EQ(journal.open(1), decltype(journal)::OpenResult::mounted);
  EXPECT_EQ(journal.epoch(), epoch);
  EXPECT_EQ(journal.next_seq(), 101u);
}

TEST_F(StoreFile, RefusesAStoreAnotherNodeHasOpen) {
  std::string error;
  FileFlash first;
  ASSERT_TRUE(first.open(path_, error)) << error;
  FileFlash second;
  EXPECT_FALSE(second.open(path_, error));
  EXPECT_NE(error.find("in use"), std::string::npos) << error;
}

TEST_F(StoreFile, RefusesAFileThatIsNotAStore) {
  {
    std::ofstream out(path_);
    out << "hello";
  }
  FileFlash flash;
  std::string error;
  EXPECT_FALSE(flash.open(path_, error));
  EXPECT_NE(error.find("not a vigie-node store"), std::string::npos) << error;
}

TEST_F(StoreFile, RefusesAccessOutsideTheStore) {
  FileFlash flash;
  std::string error;
  ASSERT_TRUE(flash.open(path_, error)) << error;
  std::uint8_t byte = 0;
  const std::uint32_t end = FileFlash::kPageSize * FileFlash::kPageCount;
  EXPECT_FALSE(flash.read(end, &byte, 1));
  EXPECT_FALSE(flash.program(end - 4, "12345678", 8));
  EXPECT_FALSE(flash.erase_page(FileFlash::kPageCount));
}

}  // namespace
}  // namespace vigie::posix
