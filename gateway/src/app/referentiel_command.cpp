// `vigie referentiel check FILE` and `vigie referentiel kinds`: validates a
// referentiel file against the kind table, one error a line as
// FILE:LINE:COLUMN: message, without starting anything else of the gateway.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>
#include <tuple>

#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "app/text_file.hpp"
#include "referentiel/kinds.hpp"
#include "referentiel/loader.hpp"

namespace vigie::app {
namespace {

constexpr const char* kReferentielUsage =
    "usage: vigie referentiel check FILE\n"
    "       vigie referentiel kinds\n"
    "\n"
    "check  validates a referentiel file: its YAML, every key, every criterion's\n"
    "       kind and parameters (against the kind table), and the values once each\n"
    "       profile and each site's overrides are applied. Prints each error as\n"
    "       FILE:LINE:COLUMN: message, then a summary.\n"
    "       Exit 0 valid, 1 the file has errors, 2 bad usage or unreadable file.\n"
    "kinds  prints the criterion kinds with their parameters, types, defaults\n"
    "       and documentation.\n";

constexpr Usage kUsage{"vigie referentiel", kReferentielUsage};

std::string count(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

void print_valid(const referentiel::Referentiel& ref, const std::string& file) {
  std::cout << file << ": valid\n"
            << "  referentiel " << ref.name << ", version " << ref.version << "\n"
            << "  " << count(ref.criteria.size(), "criterion", "criteria") << ", "
            << count(ref.profiles.size(), "profile", "profiles") << ", "
            << count(ref.sites.size(), "site override", "site overrides") << "\n";
  std::size_t own_targets = 0;
  for (const auto& c : ref.criteria) own_targets += c.target.has_value();
  std::cout << "  targets: " << own_targets << " set by the file; the others by severity"
            << " (critical 100%, major 95%, minor 90%, info 80%)\n";
  for (const auto& p : ref.profiles) {
    std::size_t in_profile = 0;
    for (const auto& c : ref.criteria)
      for (const auto& name : c.profiles) in_profile += name == p.name;
    std::cout << "  profile " << p.name << (p.name == ref.default_profile ? " (default)" : "")
              << ": " << count(in_profile, "criterion", "criteria") << "\n";
  }
}

int check(const std::string& file) {
  std::string text;
  if (const auto why = read_text(file, text)) {
    std::cerr << "vigie referentiel: cannot read '" << file << "': " << *why << "\n";
    return 2;
  }
  auto diagnostics = referentiel::check_referentiel_text(text, file);
  // In file order, whatever order the checks ran in; whole-file errors (line 0) first.
  std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const auto& a, const auto& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  });
  if (!diagnostics.empty()) {
    for (const auto& d : diagnostics) std::cout << d.to_string() << "\n";
    std::cout << file << ": " << count(diagnostics.size(), "error", "errors") << "\n";
    return 1;
  }
  const auto ref = referentiel::parse_referentiel(text, file);
  print_valid(ref, file);
  return 0;
}

}  // namespace

int referentiel_command(const std::vector<std::string>& args) {
  if (asks_for_help(args)) return kUsage.help();
  if (args.empty()) return kUsage.error("a subcommand is required (check or kinds)");
  const std::string& sub = args.front();
  if (sub == "kinds") {
    if (args.size() != 1) return kUsage.error("unexpected argument '" + args[1] + "'");
    std::cout << referentiel::describe_kinds();
    return 0;
  }
  if (sub != "check") return kUsage.error("unknown subcommand '" + sub + "'");
  if (const auto refused = refuse_check_operands(kUsage, args)) return *refused;
  try {
    return check(args[1]);
  } catch (const std::exception& e) {
    // check_referentiel_text collects errors rather than throwing; this is a bug, not input.
    std::cerr << "vigie referentiel: internal error: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace vigie::app
