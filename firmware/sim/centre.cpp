#include "centre.hpp"

#include <algorithm>
#include <cmath>
#include <ctime>

namespace vigie::sim {

using nlohmann::json;

namespace {
constexpr Ms kSecond = 1000, kMinute = 60 * kSecond, kHour = 60 * kMinute;

// Relative call volume by local hour (1.0 = the nominal offered load).
double arrival_profile(int hour) {
  static const double profile[24] = {0,   0,    0,   0,   0,   0,   0,   0.5, 0.8, 1.0, 1.2, 1.15,
                                     0.8, 0.85, 1.1, 1.1, 1.0, 0.8, 0.6, 0.4, 0,   0,   0,   0};
  return profile[std::clamp(hour, 0, 23)];
}
}  // namespace

struct PlannedPause {
  Ms at = 0;
  Ms length = 0;
  const char* reason = "break";
};

struct Centre::Agent {
  std::string id, team_id;
  int team = 0;
  std::string state = "logged_out";
  Ms state_since = 0;
  bool on_shift = false, busy = false, pause_pending = false, ending = false;
  bool skip_pauses = false, overtime = false, late_schedule = false;
  bool difficult_last = false;
  std::vector<PlannedPause> pauses;
  std::size_t next_pause = 0;
  Ms shift_end = 0, idle_since = 0, call_started = 0;
  std::string call;
};

Centre::Centre(CentreOptions options) : o_(std::move(options)), rng_(o_.seed) {
  waiting_.resize(static_cast<std::size_t>(o_.teams));
  for (int t = 0; t < o_.teams; ++t) figures_.teams.push_back({"sav-" + std::to_string(t + 1)});
  for (int i = 0; i < o_.agents; ++i) {
    Agent a;
    a.id = std::to_string(4001 + i);
    a.team = i % o_.teams;
    a.team_id = "sav-" + std::to_string(a.team + 1);
    a.skip_pauses = i < o_.skip_pauses;
    a.overtime = i >= o_.skip_pauses && i < o_.skip_pauses + o_.overtime;
    a.late_schedule = i >= o_.agents - o_.late_schedule;
    agents_.push_back(std::move(a));
  }
}

Centre::~Centre() = default;

std::vector<std::string> Centre::nodes() const {
  std::vector<std::string> n{o_.acd_node};
  for (int t = 0; t < o_.teams; ++t) n.push_back("noise-plateau-" + std::to_string(t + 1));
  return n;
}

std::vector<std::pair<std::string, std::string>> Centre::roster() const {
  std::vector<std::pair<std::string, std::string>> r;
  for (const auto& a : agents_) r.emplace_back(a.id, a.team_id);
  return r;
}

double Centre::lognormal(double median_s, double sigma) {
  std::lognormal_distribution<double> d(std::log(median_s), sigma);
  return d(rng_);
}

Ms Centre::local_midnight(Ms t) const {
  std::time_t secs = static_cast<std::time_t>(t / 1000);
  std::tm tm{};
  localtime_r(&secs, &tm);
  tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
  tm.tm_isdst = -1;
  return static_cast<Ms>(std::mktime(&tm)) * 1000;
}

namespace {
// The instant of local wall-clock time MINUTES after the local midnight MIDNIGHT.
Ms at_local(Ms midnight, int minutes) {
  std::time_t secs = static_cast<std::time_t>(midnight / 1000);
  std::tm tm{};
  localtime_r(&secs, &tm);
  tm.tm_hour = 0;
  tm.tm_min = minutes;
  tm.tm_sec = 0;
  tm.tm_isdst = -1;
  return static_cast<Ms>(std::mktime(&tm)) * 1000;
}
int local_hour(Ms t) {
  std::time_t secs = static_cast<std::time_t>(t / 1000);
  std::tm tm{};
  localtime_r(&secs, &tm);
  return tm.tm_hour;
}
int local_weekday(Ms t) {
  std::time_t secs = static_cast<std::time_t>(t / 1000);
  std::tm tm{};
  localtime_r(&secs, &tm);
  return tm.tm_wday;
}
}  // namespace

void Centre::schedule(Ms at, Kind kind, int who) {
  steps_.push({at, order_++, kind, who});
}

void Centre::emit(Ms ts, const std::string& node, json event) {
  event["ts"] = ts;
  out_.push_back({{ts, node, std::move(event)}, emitted_++});
  std::push_heap(out_.begin(), out_.end(), std::greater<>());
}

void Centre::set_state(Agent& a, const char* state, Ms now, const char* reason, bool with_call) {
  auto& fig = figures_.teams[static_cast<std::size_t>(a.team)];
  const double held = static_cast<double>(now - a.state_since) / 1000.0;
  const bool was_busy = a.state == "talking" || a.state == "hold" || a.state == "wrap_up";
  if (was_busy) fig.busy_s += held;
  if (was_busy || a.state == "available") fig.ready_s += held;
  a.state = state;
  a.state_since = now;
  json e{{"type", "agent.state"}, {"agent", a.id}, {"team", a.team_id}, {"state", state}};
  if (reason) e["reason"] = reason;
  if (with_call) e["call"] = a.call;
  emit(now, o_.acd_node, std::move(e));
}

void Centre::plan_day(Ms midnight) {
  std::uniform_int_distribution<int> start_jitter(0, 30);  // in 5-minute steps
  std::uniform_int_distribution<int> lunch_jitter(0, 60);
  std::uniform_int_distribution<int> lunch_extra(0, 15);
  const int weekday = local_weekday(midnight + 12 * kHour);
  for (std::size_t i = 0; i < agents_.size(); ++i) {
    auto& a = agents_[i];
    if (weekday == 0 || (weekday == 6 && i % 3 != 0)) continue;  // Sunday off, a third on Saturday
    const int start_min = 7 * 60 + 30 + 5 * start_jitter(rng_);
    const Ms start = at_local(midnight, start_min);
    const Ms length = a.overtime ? 11 * kHour : 7 * kHour + 30 * kMinute;
    const Ms end = start + length;
    a.pauses.clear();
    a.next_pause = 0;
    // Breaks every 110 minutes of work, a lunch inside 11:45-13:45.
    const Ms lunch_at = std::max(start + 3 * kHour + 30 * kMinute,
                                 at_local(midnight, 11 * 60 + 45 + lunch_jitter(rng_)));
    const Ms lunch_len = a.skip_pauses ? 15 * kMinute : (45 + lunch_extra(rng_)) * kMinute;
    for (Ms t = start + 110 * kMinute; t + 30 * kMinute < lunch_at; t += 120 * kMinute)
      if (!a.skip_pauses) a.pauses.push_back({t, 10 * kMinute, "break"});
    a.pauses.push_back({lunch_at, lunch_len, "lunch"});
    for (Ms t = lunch_at + lunch_len + 110 * kMinute; t + 30 * kMinute < end; t += 120 * kMinute)
      if (!a.skip_pauses) a.pauses.push_back({t, 10 * kMinute, "break"});

    json breaks = json::array();
    for (const auto& p : a.pauses)
      breaks.push_back({{"start", p.at}, {"end", p.at + p.length}, {"kind", p.reason}});
    const Ms published = start - (a.late_schedule ? 2 : 14) * 24 * kHour;
    const Ms now = std::max(midnight, o_.start);
    emit(now, o_.acd_node,
         {{"type", "schedule.shift"},
          {"agent", a.id},
          {"team", a.team_id},
          {"shift", "s-" + a.id + "-" + std::to_string(midnight / 1000)},
          {"start", start},
          {"end", end},
          {"breaks", breaks},
          {"published", published}});
    if (start >= o_.start) schedule(start, Kind::shift_start, static_cast<int>(i));
    a.shift_end = end;
  }
}

void Centre::try_assign(int team, Ms now) {
  auto& q = waiting_[static_cast<std::size_t>(team)];
  auto& fig = figures_.teams[static_cast<std::size_t>(team)];
  while (!q.empty()) {
    if (static_cast<double>(now - q.front().arrived) > o_.patience_s * 1000) {
      q.pop();
      fig.abandoned++;
      continue;
    }
    Agent* best = nullptr;
    for (auto& a : agents_)
      if (a.team == team && a.on_shift && !a.busy && a.state == "available" &&
          (!best || a.idle_since < best->idle_since))
        best = &a;
    if (!best) return;
    q.pop();
    fig.calls++;
    best->busy = true;
    best->call = "c-" + std::to_string(++call_counter_);
    best->call_started = now;
    set_state(*best, "talking", now, nullptr, true);
    const Ms talk = static_cast<Ms>(lognormal(o_.talk_median_s, o_.talk_sigma) * 1000);
    Ms end = now + talk;
    if (std::uniform_real_distribution<>(0, 1)(rng_) < o_.hold_probability) {
      const Ms hold = static_cast<Ms>(std::uniform_int_distribution<int>(20, 90)(rng_)) * kSecond;
      emit(now + talk / 2, o_.acd_node,
           {{"type", "agent.state"},
            {"agent", best->id},
            {"team", best->team_id},
            {"state", "hold"},
            {"call", best->call}});
      emit(now + talk / 2 + hold, o_.acd_node,
           {{"type", "agent.state"},
            {"agent", best->id},
            {"team", best->team_id},
            {"state", "talking"},
            {"call", best->call}});
      end += hold;
    }
    schedule(end, Kind::call_end, static_cast<int>(best - agents_.data()));
  }
}

void Centre::agent_free(Agent& a, Ms now) {
  a.busy = false;
  if (a.pause_pending && a.next_pause < a.pauses.size()) {
    const auto& p = a.pauses[a.next_pause++];
    a.pause_pending = false;
    set_state(a, "not_ready", now, p.reason);
    schedule(now + p.length, Kind::pause_end, static_cast<int>(&a - agents_.data()));
    return;
  }
  if (now >= a.shift_end) {
    a.on_shift = false;
    set_state(a, "logged_out", now);
    return;
  }
  a.idle_since = now;
  set_state(a, "available", now);
  try_assign(a.team, now);
}

void Centre::run(const std::function<bool(const Emitted&)>& sink) {
  const Ms end = o_.start + o_.duration;
  for (Ms day = local_midnight(o_.start); day < end; day = local_midnight(day + 26 * kHour))
    schedule(std::max(day, o_.start), Kind::day_start, 0);
  for (int t = 0; t < o_.teams; ++t) {
    schedule(o_.start, Kind::arrival, t);
    schedule(o_.start + kMinute, Kind::sample, t);
  }
  while (!steps_.empty() && steps_.top().at < end) {
    const Step s = steps_.top();
    steps_.pop();
    // Hand over every event that is due before this step.
    while (!out_.empty() && out_.front().e.ts <= s.at) {
      std::pop_heap(out_.begin(), out_.end(), std::greater<>());
      if (!sink(out_.back().e)) return;
      out_.pop_back();
    }
    const Ms now = s.at;
    switch (s.kind) {
      case Kind::day_start:
        plan_day(local_midnight(now + kHour));
        break;
      case Kind::shift_start: {
        auto& a = agents_[static_cast<std::size_t>(s.who)];
        a.on_shift = true;
        a.ending = false;
        a.idle_since = now;
        set_state(a, "available", now);
        for (std::size_t p = 0; p < a.pauses.size(); ++p)
          schedule(a.pauses[p].at, Kind::pause_due, s.who);
        schedule(a.shift_end, Kind::shift_end, s.who);
        try_assign(a.team, now);
        break;
      }
      case Kind::arrival: {
        int working = 0;
        for (const auto& a : agents_)
          working += a.team == s.who && a.on_shift && a.state != "not_ready";
        double rate_h = working * o_.calls_per_agent_hour * arrival_profile(local_hour(now));
        if (s.who < o_.overloaded_teams) rate_h *= 1.4;
        if (rate_h <= 0) {
          schedule(now + kMinute, Kind::arrival, s.who);
          break;
        }
        waiting_[static_cast<std::size_t>(s.who)].push({now, s.who});
        try_assign(s.who, now);
        const double gap_s = std::exponential_distribution<>(rate_h / 3600.0)(rng_);
        schedule(now + static_cast<Ms>(gap_s * 1000) + 1, Kind::arrival, s.who);
        break;
      }
      case Kind::call_end: {
        auto& a = agents_[static_cast<std::size_t>(s.who)];
        std::uniform_real_distribution<> u(0, 1);
        a.difficult_last = u(rng_) < o_.difficult_probability;
        const bool shock = u(rng_) < o_.acoustic_shock_probability;
        if (a.difficult_last || shock) {
          json tags = json::array();
          if (a.difficult_last) tags.push_back(u(rng_) < 0.3 ? "abusive" : "difficult");
          if (shock) tags.push_back("acoustic_shock");
          emit(now, o_.acd_node,
               {{"type", "call.tag"}, {"agent", a.id}, {"call", a.call}, {"tags", tags}});
        }
        set_state(a, "wrap_up", now, nullptr, true);
        schedule(now + static_cast<Ms>(lognormal(o_.wrap_median_s, o_.wrap_sigma) * 1000),
                 Kind::wrap_end, s.who);
        break;
      }
      case Kind::wrap_end: {
        auto& a = agents_[static_cast<std::size_t>(s.who)];
        figures_.handle_s.push_back(static_cast<double>(now - a.call_started) / 1000.0);
        if (a.difficult_last && std::uniform_real_distribution<>(0, 1)(rng_) < 0.7) {
          set_state(a, "not_ready", now, "recovery");
          schedule(now + static_cast<Ms>(std::uniform_int_distribution<int>(5, 8)(rng_)) * kMinute,
                   Kind::recovery_end, s.who);
          a.busy = false;
          break;
        }
        agent_free(a, now);
        break;
      }
      case Kind::pause_due: {
        auto& a = agents_[static_cast<std::size_t>(s.who)];
        if (!a.on_shift) break;
        a.pause_pending = true;
        if (!a.busy && a.state == "available") agent_free(a, now);
        break;
      }
      case Kind::pause_end:
      case Kind::recovery_end: {
        auto& a = agents_[static_cast<std::size_t>(s.who)];
        if (a.on_shift) agent_free(a, now);
        break;
      }
      case Kind::shift_end: {
        auto& a = agents_[static_cast<std::size_t>(s.who)];
        a.pause_pending = false;
        if (a.on_shift && !a.busy && (a.state == "available" || a.state == "not_ready")) {
          a.on_shift = false;
          set_state(a, "logged_out", now);
        }
        break;
      }
      case Kind::sample: {
        int talking = 0;
        for (const auto& a : agents_)
          talking += a.team == s.who && (a.state == "talking" || a.state == "hold");
        std::normal_distribution<> jitter(0, 1.0);
        const double l50 = 38 + 4.5 * std::sqrt(static_cast<double>(talking)) +
                           (s.who < o_.overloaded_teams ? 3 : 0) + jitter(rng_);
        const std::string zone = "plateau-" + std::to_string(s.who + 1);
        emit(now, "noise-" + zone,
             {{"type", "env.sample"},
              {"zone", zone},
              {"window_s", 60},
              {"l50_db", std::round(l50 * 10) / 10},
              {"laeq_db", std::round((l50 + 4) * 10) / 10}});
        schedule(now + kMinute, Kind::sample, s.who);
        break;
      }
    }
  }
  std::sort(out_.begin(), out_.end(), [](const Queued& a, const Queued& b) { return b > a; });
  for (const auto& q : out_)
    if (q.e.ts < end && !sink(q.e)) return;
  out_.clear();
}

}  // namespace vigie::sim
