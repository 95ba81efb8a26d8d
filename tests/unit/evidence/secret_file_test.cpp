// The one secret-file writer: private whatever the umask, never over an existing file,
// no temporary left behind, and an error that names the file.
#include "evidence/secret_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <iterator>

#include "temp_dir.hpp"

namespace vigie::evidence {
namespace {

std::string read_all(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(SecretFile, IsCreatedPrivateWithItsDirectoryWhateverTheUmask) {
  test_support::TempDir dir;
  const auto file = dir.path() / "keys" / "site.key";
  const mode_t old = ::umask(0);
  const bool created = create_secret_file(file, std::string("s3cret\0x", 8));
  ::umask(old);
  ASSERT_TRUE(created);
  EXPECT_EQ(read_all(file), std::string("s3cret\0x", 8));
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // Nothing but the file in its directory: the temporary is gone.
  int entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(file.parent_path()))
    ++entries;
  EXPECT_EQ(entries, 1);
}

TEST(SecretFile, AnExistingFileIsNeverOverwritten) {
  test_support::TempDir dir;
  const auto file = dir.path() / "pseudonym.key";
  ASSERT_TRUE(create_secret_file(file, "first"));
  EXPECT_FALSE(create_secret_file(file, "second"));
  EXPECT_EQ(read_all(file), "first");
  int entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++entries;
  EXPECT_EQ(entries, 1);
}

TEST(SecretFile, AnUnwritablePlaceIsAnErrorNamingTheFile) {
  test_support::TempDir dir;
  std::ofstream(dir.path() / "not-a-dir") << "x";
  const auto file = dir.path() / "not-a-dir" / "site.key";
  try {
    create_secret_file(file, "x");
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace vigie::evidence
