// A simulated call centre: agents in teams working planned shifts, calls
// arriving as a Poisson process shaped by a daily profile, log-normal talk
// and wrap-up times, planned breaks and lunches, difficult calls, a noise
// sensor per zone, and a few configurable misbehaviours. It emits the events
// an ACD/PBX bridge and the sensors would publish (contract.md sec. 3.2).
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <queue>
#include <random>
#include <string>
#include <vector>

namespace vigie::sim {

using Ms = std::int64_t;

struct CentreOptions {
  int agents = 40;
  int teams = 4;
  std::uint32_t seed = 1;
  Ms start = 0;  // sim start, ms since the epoch
  Ms duration = 24 * 3600 * 1000LL;
  double calls_per_agent_hour = 8.5;  // offered load per working agent
  double talk_median_s = 240, talk_sigma = 0.6;
  double wrap_median_s = 45, wrap_sigma = 0.5;
  double hold_probability = 0.15;
  double difficult_probability = 0.03;
  double acoustic_shock_probability = 0.001;
  double patience_s = 180;  // a waiting caller hangs up after this
  // Misbehaviours, each applied to the first agents or teams.
  int skip_pauses = 1;       // agents who skip their breaks and shorten lunch
  int overtime = 1;          // agents who work an 11-hour day
  int late_schedule = 1;     // agents whose schedule is published 2 days ahead
  int overloaded_teams = 1;  // teams offered 40 % more calls
  std::string acd_node = "acd-1";
};

// One event on its way to a node, in the node's line-feed format (no seq).
struct Emitted {
  Ms ts = 0;
  std::string node;
  nlohmann::json event;
};

struct TeamFigures {
  std::string team;
  double busy_s = 0, ready_s = 0;  // (talking+hold+wrap_up) and that + available
  std::uint64_t calls = 0, abandoned = 0;
  double occupancy() const { return ready_s > 0 ? busy_s / ready_s : 0; }
};

struct Figures {
  std::vector<TeamFigures> teams;
  std::vector<double> handle_s;  // talk + hold + wrap-up per handled call
};

class Centre {
 public:
  explicit Centre(CentreOptions options);
  ~Centre();
  // Runs until SINK returns false or the duration ends. Events come in ts order
  // (for every node: once an event is handed over, none before its ts follows),
  // and those of one instant in the order they happened.
  void run(const std::function<bool(const Emitted&)>& sink);
  const Figures& figures() const { return figures_; }
  std::vector<std::string> nodes() const;
  // Each agent's id and team id, in order: what a PBX's roster would list.
  std::vector<std::pair<std::string, std::string>> roster() const;

 private:
  struct Agent;
  struct Call {
    Ms arrived = 0;
    int team = 0;
  };
  enum class Kind {
    day_start,
    shift_start,
    arrival,
    call_end,
    wrap_end,
    pause_due,
    pause_end,
    shift_end,
    sample,
    recovery_end
  };
  // An event waiting for its time; `order` keeps one instant's events in order.
  struct Queued {
    Emitted e;
    std::uint64_t order;
    bool operator>(const Queued& o) const {
      return e.ts != o.e.ts ? e.ts > o.e.ts : order > o.order;
    }
  };
  struct Step {
    Ms at;
    std::uint64_t order;
    Kind kind;
    int who;  // agent or team index
    bool operator>(const Step& o) const { return at != o.at ? at > o.at : order > o.order; }
  };

  void schedule(Ms at, Kind kind, int who);
  void plan_day(Ms day_midnight);
  void set_state(Agent& a, const char* state, Ms now, const char* reason = nullptr,
                 bool with_call = false);
  void try_assign(int team, Ms now);
  void agent_free(Agent& a, Ms now);
  void emit(Ms ts, const std::string& node, nlohmann::json event);
  Ms local_midnight(Ms t) const;
  double lognormal(double median_s, double sigma);

  CentreOptions o_;
  std::mt19937_64 rng_;
  std::vector<Agent> agents_;
  std::vector<std::queue<Call>> waiting_;
  std::priority_queue<Step, std::vector<Step>, std::greater<>> steps_;
  std::uint64_t order_ = 0;
  std::uint64_t call_counter_ = 0;
  std::vector<Queued> out_;  // a min-heap on (ts, order)
  std::uint64_t emitted_ = 0;
  Figures figures_;
};

}  // namespace vigie::sim
