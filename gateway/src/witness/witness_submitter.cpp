#include "witness/witness_submitter.hpp"

#include <iostream>
#include <sstream>

#include "domain/wall_now.hpp"
#include "evidence/cosignature.hpp"
#include "evidence/merkle.hpp"
#include "evidence/signed_note.hpp"
#include "notify/http_post.hpp"
#include "store/database.hpp"
#include "store/ledger_repository.hpp"
#include "store/witness_repository.hpp"
#include "witness/add_checkpoint.hpp"

namespace vigie::witness {

struct WitnessSubmitter::Witness {
  std::string vkey;
  evidence::Verifier verifier;
  notify::HttpTarget target;  // <url>/add-checkpoint
  std::shared_ptr<boost::asio::ssl::context> tls;
  std::atomic<std::uint64_t> cosignatures{0}, failures{0};
  std::atomic<std::int64_t> cosigned_size{0};
  std::string last_error;  // logged once until it changes
};

namespace {

std::string label(const std::string& name) {
  std::string out;
  for (char c : name) {
    if (c == '\\' || c == '"') out += '\\';
    out += c;
  }
  return out;
}

// The answer's line that is a valid cosignature by W of NOTE, if any.
std::optional<std::string> cosignature_in(const std::string& answer, const std::string& note,
                                          const evidence::Verifier& w) {
  std::istringstream lines(answer);
  for (std::string line; std::getline(lines, line);) {
    line += '\n';
    if (evidence::verify_cosignature(note + line, w, nullptr)) return line;
  }
  return std::nullopt;
}

}  // namespace

WitnessSubmitter::WitnessSubmitter(const Config& config, std::chrono::milliseconds retry)
    : store_path_(config.store.path), synchronous_(config.store.synchronous), retry_(retry) {
  for (const auto& t : config.evidence.witnesses) {
    auto w = std::make_unique<Witness>();
    w->vkey = t.key;
    std::string why;
    const auto v = evidence::Verifier::parse(t.key, &why, evidence::kCosignatureV1);
    if (!v) throw std::runtime_error("evidence.witnesses: " + t.key + ": " + why);
    w->verifier = *v;
    const auto target = notify::HttpTarget::parse(t.url, &why);
    if (!target) throw std::runtime_error("evidence.witnesses: " + t.url + ": " + why);
    w->target = target->with_path_suffix("/add-checkpoint");
    if (w->target.tls) w->tls = notify::client_tls_context(t.ca_file);
    witnesses_.push_back(std::move(w));
  }
}

WitnessSubmitter::~WitnessSubmitter() {
  stop();
}

void WitnessSubmitter::start() {
  if (witnesses_.empty() || thread_.joinable()) return;
  thread_ = std::thread([this] { run(); });
}

void WitnessSubmitter::nudge() {
  {
    std::lock_guard lock(mu_);
    nudged_ = true;
  }
  wake_.notify_one();
}

void WitnessSubmitter::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void WitnessSubmitter::run() {
  for (;;) {
    try {
      round();
    } catch (const std::exception& e) {
      // The store was busy or refused: the next round tries again.
      std::cerr << "vigie: witnesses: " << e.what() << std::endl;
    }
    std::unique_lock lock(mu_);
    wake_.wait_for(lock, retry_, [this] { return nudged_ || stopping_; });
    if (stopping_) return;
    nudged_ = false;
  }
}

void WitnessSubmitter::round() {
  store::Database db(store_path_, {.synchronous = synchronous_});
  store::LedgerRepository ledger(db);
  store::WitnessRepository record(db);
  const auto latest = ledger.latest_checkpoint();
  if (!latest) return;
  std::vector<evidence::Hash> leaves;  // read once a witness needs a proof
  for (auto& w : witnesses_) {
    if (record.has_cosignature(w->vkey, latest->size, latest->root)) continue;
    std::string error;
    // Two tries: the second after a 409 that told us the witness's size.
    for (int attempt = 0; attempt < 2; ++attempt) {
      const std::int64_t known = record.known_size(w->vkey);
      if (known > latest->size) {
        error = "it cosigned size " + std::to_string(known) + ", past this log's " +
                std::to_string(latest->size);
        break;
      }
      witness::AddCheckpoint req{static_cast<std::uint64_t>(known), {}, latest->note};
      if (known > 0 && known < latest->size) {
        if (leaves.empty()) leaves = ledger.leaf_hashes(latest->size);
        req.proof = evidence::consistency_proof(leaves, static_cast<std::uint64_t>(known));
      }
      const auto r = notify::post(w->target, witness::format_add_checkpoint(req),
                                  "text/plain; charset=utf-8", w->tls.get());
      if (r.status == 200) {
        if (auto line = cosignature_in(r.body, latest->note, w->verifier)) {
          record.add_cosignature(w->vkey, latest->size, latest->root, *line, wall_now());
          w->cosignatures++;
          w->cosigned_size = latest->size;
          error.clear();
        } else {
          error = "its answer carries no valid cosignature by " + w->verifier.name;
        }
        break;
      }
      const auto size = r.status == 409 && r.content_type.rfind(witness::kSizeContentType, 0) == 0
                            ? witness::parse_size_body(r.body)
                            : std::nullopt;
      if (size && static_cast<std::int64_t>(*size) != known) {
        record.set_known_size(w->vkey, static_cast<std::int64_t>(*size), wall_now());
        error = "409: it last cosigned size " + std::to_string(*size);
        continue;
      }
      error = r.error.empty() ? "answered " + std::to_string(r.status) : r.error;
      if (size) error += " (a different tree at the size it cosigned: it refuses this log's view)";
      break;
    }
    if (!error.empty()) {
      w->failures++;
      if (error != w->last_error)
        std::cerr << "vigie: witness " << w->verifier.name << " (" << w->target.url()
                  << "): no cosignature of size " << latest->size << ": " << error
                  << "; tried again later" << std::endl;
    }
    w->last_error = error;
  }
}

std::string WitnessSubmitter::prometheus_text() const {
  std::ostringstream o;
  auto family = [&](const char* name, const char* type, const char* help, auto value) {
    o << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n';
    for (const auto& w : witnesses_)
      o << name << "{witness=\"" << label(w->verifier.name) << "\"} " << value(*w) << '\n';
  };
  family("vigie_witness_cosignatures_total", "counter",
         "Checkpoints a witness cosigned (C2SP tlog-witness add-checkpoint answered 200).",
         [](const Witness& w) { return w.cosignatures.load(); });
  family("vigie_witness_failures_total", "counter",
         "Submissions to a witness that brought no cosignature (refused, unreachable, bad "
         "answer); tried again later.",
         [](const Witness& w) { return w.failures.load(); });
  family("vigie_witness_cosigned_size", "gauge",
         "The tree size of the newest checkpoint a witness cosigned since the gateway started.",
         [](const Witness& w) { return w.cosigned_size.load(); });
  return o.str();
}

}  // namespace vigie::witness
