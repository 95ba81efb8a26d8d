// One agent's working time (referentiel spec, "Time model"): the current
// activity (work, pause, off) from agent.state events through the site's
// mapping; interruptions (maximal runs of pause and/or off between work);
// shifts (work joined across interruptions shorter than shift_gap); work days
// (the civil date, in the site's zone, on which a shift starts: all of that
// shift's work counts toward it); weeks (Monday to Sunday of work days).
//
// It moves forward only: apply() at non-decreasing times, and on_deadline()
// when a boundary falls due (a shift ending, a day or week closing).
#pragma once

#include <optional>

#include "domain/event.hpp"
#include "engine/civil_date.hpp"
#include "engine/clock.hpp"
#include "engine/time_zone.hpp"
#include "referentiel/state_mapping.hpp"

namespace vigie::engine {

using referentiel::Activity;

// A boundary the passage of time brings, in the order they fall.
enum class Boundary { shift_ended, day_closed, week_closed };

struct WorkDay {
  CivilDate date;
  TimestampMs first_work = 0;  // start of its first shift
  TimestampMs work_ms = 0;     // work of closed segments (see WorkingTime::day_work)
  TimestampMs closed_at = 0;
  TimestampMs pause_ms = 0;  // pause (not off) while the day was open, closed segments
};

// An interruption at least this long is a real pause (Code du travail
// L3121-16: 20 consecutive minutes); shorter ones do not reset "time since".
constexpr TimestampMs kRealPauseMs = 20 * 60 * 1000;

struct WorkWeek {
  CivilDate monday;
  TimestampMs start = 0;  // Monday 00:00 local
  TimestampMs end = 0;    // next Monday 00:00 local
  TimestampMs work_ms = 0;
};

// Empty weeks closed at once: `count` from the one of `first_monday`, the last at `last_at`.
struct SkippedWeeks {
  CivilDate first_monday;
  std::int64_t count = 0;
  TimestampMs last_at = 0;
};

struct Interruption {
  TimestampMs start = 0;
  TimestampMs end = 0;
  TimestampMs length() const { return end - start; }
};

class WorkingTime {
 public:
  WorkingTime(const TimeZone& zone, const referentiel::StateMapping& mapping,
              std::int64_t shift_gap)
      : zone_(&zone), mapping_(&mapping), shift_gap_(shift_gap) {}

  // The agent entered `state` at t (t not before the last call).
  void apply(TimestampMs t, AgentState state, std::optional<NotReadyReason> reason);

  // The next boundary, or kNever. Handled by on_deadline(next_deadline()).
  TimestampMs next_deadline() const;
  Boundary on_deadline(TimestampMs t);

  const TimeZone& zone() const { return *zone_; }
  std::int64_t shift_gap() const { return shift_gap_; }

  bool known() const { return known_; }
  TimestampMs first_event() const { return first_event_; }
  Activity activity() const { return activity_; }
  bool working() const { return known_ && activity_ == Activity::work; }
  AgentState state() const { return state_; }
  std::optional<NotReadyReason> reason() const { return reason_; }
  TimestampMs since() const { return since_; }              // of the current activity
  TimestampMs state_since() const { return state_since_; }  // of the current ACD state
  std::optional<Activity> previous_activity() const { return previous_activity_; }

  // While not working: when the current interruption began (the last work's
  // end, or the first event if the agent has not worked yet).
  TimestampMs interruption_start() const { return interruption_start_; }
  // The interruption the last return to work ended.
  std::optional<Interruption> last_interruption() const { return last_interruption_; }
  bool ever_worked() const { return ever_worked_; }

  bool in_shift() const { return in_shift_; }
  bool day_open() const { return day_open_; }
  const WorkDay& day() const { return day_; }  // the open day, or the last closed one
  TimestampMs day_work(TimestampMs t) const;
  // Pause (activity pause, not off) in the open day up to t.
  TimestampMs day_pause(TimestampMs t) const;
  // The last interruption of at least kRealPauseMs that a return to work ended.
  std::optional<Interruption> last_real_pause() const { return last_real_pause_; }
  const WorkWeek& week() const { return week_; }  // the open week
  TimestampMs week_work(TimestampMs t) const;
  const WorkWeek& closed_week() const { return closed_week_; }
  // The week of `monday`, with no work.
  WorkWeek empty_week(CivilDate monday) const;

  // No day open and no work this week: the next boundaries are empty weeks' closes, one a week.
  bool idle_weeks() const { return known_ && week_open_ && !day_open_ && week_.work_ms == 0; }
  // While idle, closes at once the weeks on_deadline would close one by one up to `limit`.
  std::optional<SkippedWeeks> skip_idle_weeks(TimestampMs limit);

 private:
  void start_shift(TimestampMs t);
  void open_week(CivilDate monday);

  const TimeZone* zone_;
  const referentiel::StateMapping* mapping_;
  std::int64_t shift_gap_;

  bool known_ = false;
  TimestampMs first_event_ = 0;
  Activity activity_ = Activity::off;
  std::optional<Activity> previous_activity_;
  AgentState state_ = AgentState::logged_out;
  std::optional<NotReadyReason> reason_;
  TimestampMs since_ = 0;
  TimestampMs state_since_ = 0;

  TimestampMs interruption_start_ = 0;
  std::optional<Interruption> last_interruption_;
  std::optional<Interruption> last_real_pause_;
  bool ever_worked_ = false;

  bool in_shift_ = false;
  TimestampMs shift_ended_at_ = 0;  // when the passage of time ended the last shift

  bool day_open_ = false;
  WorkDay day_;
  TimestampMs day_end_ = 0;  // start of the day after day_.date

  bool week_open_ = false;
  WorkWeek week_;
  WorkWeek closed_week_;
};

}  // namespace vigie::engine
