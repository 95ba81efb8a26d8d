// The `central:` block of the configuration: defaults, and every error naming
// its key and line.
#include <gtest/gtest.h>

#include <fstream>

#include "config/config.hpp"

using namespace vigie;

namespace {

std::string error_of(const std::string& text, const std::filesystem::path& base = "/etc/vigie") {
  try {
    parse_config(text, "vigie.yaml", base);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "<no error>";
}

}  // namespace

TEST(CentralConfig, AbsentMeansNoCentral) {
  EXPECT_FALSE(parse_config("site: paris-1\n", "vigie.yaml", "/etc/vigie").central);
}

TEST(CentralConfig, DefaultsAndValues) {
  const auto dir = std::filesystem::temp_directory_path() / "vigie-central-config-test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "central.pw") << "s3cret\n";
  auto c = parse_config(
      "site: paris-1\ncentral:\n  conninfo: host=db.example dbname=vigie user=vigie_paris_1\n",
      "vigie.yaml", dir);
  ASSERT_TRUE(c.central);
  EXPECT_EQ(c.central->conninfo, "host=db.example dbname=vigie user=vigie_paris_1");
  EXPECT_FALSE(c.central->password);
  EXPECT_EQ(c.central->batch, 2000);
  EXPECT_EQ(c.central->interval, std::chrono::seconds(2));
  EXPECT_EQ(c.central->timeout, std::chrono::seconds(30));
  c = parse_config(
      "site: paris-1\ncentral:\n  conninfo: postgresql://vigie_paris_1@db.example/vigie\n"
      "  password_file: central.pw\n  batch: 300\n  interval: 500ms\n  timeout: 10s\n",
      "vigie.yaml", dir);
  EXPECT_EQ(c.central->password, "s3cret");
  EXPECT_EQ(c.central->batch, 300);
  EXPECT_EQ(c.central->interval, std::chrono::milliseconds(500));
  EXPECT_EQ(c.central->timeout, std::chrono::seconds(10));
  std::filesystem::remove_all(dir);
}

TEST(CentralConfig, ErrorsNameTheKeyAndTheLine) {
  EXPECT_EQ(error_of("site: paris-1\ncentral:\n  batch: 10\n"),
            "vigie.yaml:3: central.conninfo: missing required key");
  EXPECT_EQ(error_of("site: paris-1\ncentral:\n  conninfo: host=x\n  bach: 10\n"),
            "vigie.yaml:4: central.bach: unknown key (expected one of: batch, conninfo, interval, "
            "password_file, timeout)");
  EXPECT_NE(error_of("site: paris-1\ncentral:\n  conninfo: \"host='x\"\n")
                .find("vigie.yaml:3: central.conninfo: not a PostgreSQL connection string: "),
            std::string::npos);
  EXPECT_NE(error_of("site: paris-1\ncentral:\n  conninfo: \"host=x nosuchkey=1\"\n")
                .find("vigie.yaml:3: central.conninfo: not a PostgreSQL connection string: "),
            std::string::npos);
  EXPECT_EQ(error_of("site: paris-1\ncentral:\n  conninfo: host=x password=hunter2\n"),
            "vigie.yaml:3: central.conninfo: holds a password: put it in a file named by "
            "central.password_file");
  EXPECT_EQ(error_of("site: paris-1\ncentral:\n  conninfo: host=x\n  batch: 0\n"),
            "vigie.yaml:4: central.batch: must be between 1 and 100000");
  EXPECT_EQ(error_of("site: paris-1\ncentral:\n  conninfo: host=x\n  interval: soon\n"),
            "vigie.yaml:4: central.interval: must be a duration of at least 100ms such as 2s, "
            "500ms, 1min");
  EXPECT_EQ(error_of("site: paris-1\ncentral:\n  conninfo: host=x\n  timeout: 10ms\n"),
            "vigie.yaml:4: central.timeout: must be a duration of at least 1000ms such as 2s, "
            "500ms, 1min");
  EXPECT_EQ(error_of("site: paris-1\ncentral:\n  conninfo: host=x\n  password_file: no.pw\n",
                     "/nonexistent"),
            "vigie.yaml:4: central.password_file: cannot read /nonexistent/no.pw");
  EXPECT_EQ(error_of("site: paris-1\ncentral: yes\n"), "vigie.yaml:2: central: must be a mapping");
}

// `vigie central serve --config FILE`.
TEST(GroupConfig, DefaultsValuesAndErrorsNamingKeyAndLine) {
  const auto g = parse_group_config(
      "database:\n  conninfo: host=db dbname=vigie user=group_dashboard\n", "group.yaml", "/etc");
  EXPECT_EQ(g.database.conninfo, "host=db dbname=vigie user=group_dashboard");
  EXPECT_EQ(g.http.host, "127.0.0.1");
  EXPECT_EQ(g.http.port, 8090);
  EXPECT_TRUE(g.tokens.empty());
  auto error_of = [](const std::string& text) {
    try {
      parse_group_config(text, "group.yaml", "/etc");
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("<no error>");
  };
  EXPECT_EQ(error_of("http:\n  listen: 127.0.0.1:8090\n"),
            "group.yaml:1: database: missing required key");
  EXPECT_EQ(error_of("database:\n  conninfo: host=db\n  batch: 5\n"),
            "group.yaml:3: database.batch: unknown key (expected one of: conninfo, "
            "password_file, timeout)");
  EXPECT_EQ(error_of("database:\n  conninfo: host=db password=x\n"),
            "group.yaml:2: database.conninfo: holds a password: put it in a file named by "
            "database.password_file");
  EXPECT_EQ(error_of("database:\n  conninfo: host=db\nsite: paris-1\n"),
            "group.yaml:3: site: unknown key (expected one of: database, http, tokens)");
  EXPECT_EQ(error_of("database:\n  conninfo: host=db\nhttp:\n  listen: nowhere\n"),
            "group.yaml:4: http.listen: must be HOST:PORT, got 'nowhere'");
}
