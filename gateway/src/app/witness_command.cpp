// `vigie witness --config FILE`: a witness (C2SP tlog-witness) run by a party other than
// the site: it cosigns a log's new checkpoint only when it extends the one it cosigned
// last, and refuses (and logs) anything else. `vigie witness key --config FILE` prints
// its verifier key for the sites and the auditors.
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <iostream>

#include "api/http_server.hpp"
#include "api/tls_context.hpp"
#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "config/config.hpp"
#include "evidence/cosignature.hpp"
#include "evidence/signed_note.hpp"
#include "store/database.hpp"
#include "witness/witness_service.hpp"

namespace vigie::app {
namespace {

constexpr const char* kWitnessUsage =
    "usage: vigie witness --config FILE\n"
    "       vigie witness key --config FILE\n"
    "\n"
    "Runs a witness of the sites' evidence logs (C2SP tlog-witness): POST /add-checkpoint\n"
    "cosigns a log's new checkpoint (C2SP tlog-cosignature) only when its consistency\n"
    "proof shows it extends the checkpoint this witness cosigned last for that log, and\n"
    "refuses a fork, a rollback, a bad proof, an unknown log or a bad signature, logging\n"
    "each refusal with both checkpoints. Run it at a party other than the site (the\n"
    "group's head office, the auditor, the label body). FILE has name:, key_file:\n"
    "(created 0600 when missing), store: (path), http: (listen, tls) and logs: (origin,\n"
    "key: the site's verifier key).\n"
    "\n"
    "key: prints the witness's verifier key, for the sites' evidence.witnesses and for\n"
    "'vigie audit verify --witness'.\n"
    "Exit: 0 stopped or printed, 1 cannot run, 2 bad usage or configuration.\n";

constexpr Usage kUsage{"vigie witness", kWitnessUsage};

api::Response plain(unsigned status, const std::string& content_type, std::string body) {
  api::Response res{static_cast<api::http::status>(status), 11};
  res.set(api::http::field::content_type, content_type);
  res.body() = std::move(body);
  return res;
}

api::Response answer(witness::WitnessService& service, const api::Request& req) {
  const auto path = api::target_path(api::to_std(req.target()));
  if (path == "/healthz" && req.method() == api::http::verb::get)
    return plain(200, "text/plain; charset=utf-8", "ok\n");
  if (path != "/add-checkpoint")
    return plain(404, "text/plain; charset=utf-8", "no such path: POST /add-checkpoint\n");
  if (req.method() != api::http::verb::post) {
    auto res = plain(405, "text/plain; charset=utf-8", "add-checkpoint takes POST only\n");
    res.set(api::http::field::allow, "POST");
    return res;
  }
  const auto reply = service.add_checkpoint(req.body());
  return plain(static_cast<unsigned>(reply.status), reply.content_type, reply.body);
}

std::uint64_t now_seconds() {
  using namespace std::chrono;
  return static_cast<std::uint64_t>(
      duration_cast<seconds>(system_clock::now().time_since_epoch()).count());
}

int serve(const WitnessConfig& config, const evidence::SigningKey& key) {
  std::vector<witness::WitnessedLog> logs;
  for (const auto& l : config.logs) {
    auto v = evidence::Verifier::parse(l.key, nullptr);
    if (!v) return kUsage.error("logs: the key of " + l.origin + " is not a verifier key");
    logs.push_back({l.origin, *v});
  }
  try {
    std::filesystem::create_directories(config.store_path.parent_path());
    store::Database db(config.store_path, {});
    witness::WitnessService service(db, key, witness::WitnessLog(std::move(logs)), now_seconds,
                                    std::cerr);
    return serve_http(
        "vigie witness", config.http, [&](const api::Request& r) { return answer(service, r); },
        [&](auto port) {
          std::cerr << "vigie witness: " << evidence::witness_verifier_key(key) << " witnessing "
                    << config.logs.size() << " log(s) on "
                    << (config.http.tls ? "https://" : "http://") << config.http.host << ":" << port
                    << std::endl;
        });
  } catch (const std::exception& e) {
    std::cerr << "vigie witness: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace

int witness_command(const std::vector<std::string>& args) {
  if (asks_for_help(args)) return kUsage.help();
  const bool print_key = !args.empty() && args[0] == "key";
  const auto options = read_options(args, {"--config"}, print_key ? 1 : 0);
  if (options.unexpected) return kUsage.unexpected(*options.unexpected);
  const auto config_path = options["--config"];
  if (config_path.empty()) return kUsage.error("--config FILE is required");
  const auto loaded = load_or_say("vigie witness", load_witness_config, config_path);
  if (!loaded) return 2;
  const WitnessConfig& config = *loaded;
  try {
    const auto key = evidence::SigningKey::load_or_create(config.key_file, config.name);
    if (print_key) {
      std::cout << evidence::witness_verifier_key(key) << "\n";
      return 0;
    }
    return serve(config, key);
  } catch (const std::exception& e) {
    std::cerr << "vigie witness: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace vigie::app
