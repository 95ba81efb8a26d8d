// One row of Asterisk's queue_log, whichever way it was written: the file
// Asterisk appends to (time|callid|queue|agent|event|data1|data2|...), or a
// realtime table (MySQL, PostgreSQL) exported as CSV with a header naming its
// columns. Data fields are kept as written; which of them mean what depends on
// the event and the Asterisk version, and is the mapper's business.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vigie::sources {

struct QueueLogRow {
  std::int64_t ts_ms = 0;
  std::string callid;             // the caller channel's uniqueid, or NONE, MANAGER, REALTIME
  std::string queue;              // or NONE
  std::string agent;              // an interface (Agent/1001, Local/2001@from-internal/n), a member
                                  // name, or NONE
  std::string verb;               // CONNECT, PAUSE... as written
  std::vector<std::string> data;  // data1, data2... (empty ones kept)
};

enum class RowRead : std::uint8_t {
  row,    // `row` is filled
  blank,  // an empty line (Asterisk never writes one; edited files have them)
  bad     // `why` says what is wrong
};

// A line of the queue_log file. `why` never quotes the line: it may hold a
// caller's number.
RowRead read_queue_log_line(std::string_view line, QueueLogRow& row, const char*& why);

// Seconds since the epoch ("1266833911", "1325408410.777777") or a UTC date and
// time ("2012-07-01 10:58:39.750413", "2012-07-01T10:58:39Z") to ms.
bool parse_queue_log_time(std::string_view text, std::int64_t& ms);

// A realtime table exported as CSV: the header line names the columns (Asterisk's
// time, callid, queuename, agent, event, data1..data5 or data; and the names some
// PBX exports use: date_time, queue_name, param1..).
class QueueLogTable {
 public:
  // Reads the header; false with `why` if it lacks a time, event or agent column.
  bool read_header(std::string_view line, const char*& why);
  RowRead read_row(std::string_view line, QueueLogRow& row, const char*& why) const;

 private:
  int time_ = -1, callid_ = -1, queue_ = -1, agent_ = -1, verb_ = -1, joined_data_ = -1;
  std::vector<int> data_;  // column of data1, data2...
  std::size_t columns_ = 0;
};

// Splits one CSV record (RFC 4180 quoting, no newline inside a field); false if
// a quote is left open.
bool split_csv(std::string_view line, std::vector<std::string>& fields, char separator = ',');

// Whether a first line looks like a CSV header rather than a queue_log row.
bool looks_like_csv_header(std::string_view line);

}  // namespace vigie::sources
