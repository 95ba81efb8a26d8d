#include "evidence/pack_report.hpp"

#include <algorithm>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>

namespace vigie::evidence {
namespace {

// Member KEY of J, or none: none reads as null.
JsonRef get(const JsonRef& j, const char* key) {
  return j[key];
}

// The text a table shows for V: a string as it is, nothing for null, else its JSON.
std::string text_of(const JsonRef& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return *v.string();
  return v.dump();
}

std::string subject_text(const JsonRef& subject) {
  if (!subject.is_object()) return "";
  const auto members = subject.items();
  if (members.empty()) return "";
  return members.front().first + "." + text_of(members.front().second);
}

std::string minutes_text(const JsonRef& ms) {
  if (!ms.is_number()) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", ms.number() / 60000.0);
  return buf;
}

std::string percent_text(std::size_t part, std::size_t whole) {
  if (whole == 0) return "–";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f %%",
                100.0 * static_cast<double>(part) / static_cast<double>(whole));
  return buf;
}

// Agent-days per criterion, from the daily summaries.
struct DayVerdicts {
  std::size_t checked = 0, held = 0, breached = 0, justified = 0, no_data = 0;
};

// Per criterion, the distinct subjects and alerts: only their counts are shown.
// Each alert is looked up once an entry: what it went through is kept as flags.
struct CriterionFigures {
  enum Flag : std::uint8_t { breached = 1, justified = 2, acked = 4, open = 8 };
  std::unordered_set<std::string> subjects;
  std::unordered_map<std::string, std::uint8_t> alerts;  // id -> flags
  std::size_t count(Flag flag) const {
    return static_cast<std::size_t>(std::count_if(
        alerts.begin(), alerts.end(), [flag](const auto& a) { return (a.second & flag) != 0; }));
  }
};

// What the pack says it does not prove, in words; empty when all is proven.
std::string not_proven(std::uint64_t uncovered, std::size_t computed) {
  std::string out;
  if (uncovered > 0)
    out += "<p><strong>Non couvert / not covered:</strong> " + std::to_string(uncovered) +
           " entries of the period were appended after the checkpoint this pack is proven "
           "against; they are not in this pack. Export again once the gateway has signed its "
           "next checkpoint.</p>\n";
  if (computed > 0)
    out += "<p><strong>Calculé à l'export / computed at export:</strong> " +
           std::to_string(computed) +
           " agents' daily summaries (days.csv, idx \"computed\") were missing from the ledger "
           "and were computed from the stored events when the pack was cut: they are signed by "
           "the site key in the manifest, not proven by the log.</p>\n";
  return out;
}

// How the CSV files open, said in the report when they are written for a French spreadsheet.
std::string csv_note(CsvStyle style) {
  if (style.separator != ';') return "";
  return "<p>Tableaux / tables: alerts.csv, days.csv, gaps.csv, nodes.csv, loads.csv, en UTF-8 "
         "avec BOM, « ; » entre les champs et la virgule avant les décimales : ils s'ouvrent "
         "tels quels dans un tableur réglé en français (UTF-8 with a BOM, ';' between fields, "
         "',' before decimals).</p>\n";
}

}  // namespace

struct PackTables::State {
  explicit State(CsvStyle style)
      : alerts(style, {"idx", "at", "kind", "alert", "criterion", "subject", "from", "state",
                       "severity", "value", "threshold", "unit", "by", "reason", "summary"}),
        gaps(style, {"idx", "at", "kind", "node", "epoch", "from_seq", "to_seq", "from_ts", "to_ts",
                     "status"}),
        nodes(style, {"idx", "at", "kind", "node", "epoch", "state", "fw"}),
        loads(style, {"idx", "at", "kind", "name", "version", "profile", "sha256"}),
        days(style, {"idx", "date", "agent", "work_min", "pause_min", "off_min", "pauses",
                     "longest_work_min", "breached", "justified", "no_data"}) {}
  CsvWriter alerts, gaps, nodes, loads;
  std::map<std::string, CriterionFigures> criteria;
  std::size_t gaps_opened = 0, gaps_lost = 0;
  std::uint64_t missing_seq = 0;
  std::vector<std::string> referentiels;
  std::string referentiel_rows;
  CsvWriter days;
  std::map<std::string, DayVerdicts> verdicts;
  std::size_t proven = 0, computed = 0;
  JsonDoc doc;  // add(entry)'s, reused
};

PackTables::PackTables(CsvStyle style) : s_(std::make_unique<State>(style)) {}
PackTables::~PackTables() = default;

void PackTables::add(const store::LedgerEntry& e) {
  s_->doc.parse(e.entry);
  add(e, s_->doc.root());
}

void PackTables::add(const store::LedgerEntry& e, const JsonRef& entry) {
  auto& [alerts, gaps, nodes, loads, criteria, gaps_opened, gaps_lost, missing_seq, referentiels,
         referentiel_rows, days, verdicts, proven, computed, doc] = *s_;
  if (!entry.is_object()) return;
  ++(e.idx < 0 ? computed : proven);
  const JsonRef d = get(entry, "data");
  const std::string at = iso_utc(e.at);
  const std::string idx = e.idx < 0 ? "computed" : std::to_string(e.idx);
  if (e.kind.rfind("alert.", 0) == 0) {
    const JsonRef a = get(d, "alert");
    const std::string by = get(a, "justified").is_object() && e.kind == "alert.justify"
                               ? text_of(get(get(a, "justified"), "by"))
                           : get(a, "acked").is_object() && e.kind == "alert.ack"
                               ? text_of(get(get(a, "acked"), "by"))
                               : "";
    const std::string reason = e.kind == "alert.justify" && get(a, "justified").is_object()
                                   ? text_of(get(get(a, "justified"), "reason"))
                                   : "";
    const std::string id = text_of(get(a, "id")), criterion = text_of(get(a, "criterion"));
    const std::string subject = subject_text(get(a, "subject")), state = text_of(get(d, "state"));
    alerts.line({idx, at, e.kind, id, criterion, subject, text_of(get(d, "from")), state,
                 text_of(get(a, "severity")), alerts.decimal(text_of(get(a, "value"))),
                 alerts.decimal(text_of(get(a, "threshold"))), text_of(get(a, "unit")), by, reason,
                 text_of(get(a, "summary"))});
    auto& f = criteria[criterion];
    f.subjects.insert(subject);
    auto& flags = f.alerts[id];
    if (state == "firing") flags |= CriterionFigures::breached;
    if (e.kind == "alert.justify") flags |= CriterionFigures::justified;
    if (e.kind == "alert.ack") flags |= CriterionFigures::acked;
    if (state == "resolved")  // open at the end: its last state is not resolved
      flags &= static_cast<std::uint8_t>(~CriterionFigures::open);
    else
      flags |= CriterionFigures::open;
  } else if (e.kind == "agent.day") {
    std::string breached, justified, no_data;
    for (const auto& [criterion, verdict] : get(d, "criteria").items()) {
      auto& v = verdicts[criterion];
      ++v.checked;
      const std::string word = text_of(verdict);
      auto add = [&](std::string& list) { list += (list.empty() ? "" : " ") + criterion; };
      if (word == "held") ++v.held;
      if (word == "breached") ++v.breached, add(breached);
      if (word == "justified") ++v.justified, add(justified);
      if (word == "no_data") ++v.no_data, add(no_data);
    }
    const auto minutes = [&](const char* key) { return days.decimal(minutes_text(get(d, key))); };
    days.line({idx, text_of(get(d, "date")), text_of(get(d, "agent")), minutes("work_ms"),
               minutes("pause_ms"), minutes("off_ms"), std::to_string(get(d, "pauses").size()),
               minutes("longest_work_ms"), breached, justified, no_data});
  } else if (e.kind.rfind("gap.", 0) == 0) {
    gaps.line({idx, at, e.kind, text_of(get(d, "node")), text_of(get(d, "epoch")),
               text_of(get(d, "from_seq")), text_of(get(d, "to_seq")), text_of(get(d, "from_ts")),
               text_of(get(d, "to_ts")), text_of(get(d, "status"))});
    if (e.kind == "gap.opened") {
      ++gaps_opened;
      if (get(d, "from_seq").is_number() && get(d, "to_seq").is_number())
        missing_seq +=
            get(d, "to_seq").unsigned_number() - get(d, "from_seq").unsigned_number() + 1;
    }
    if (e.kind == "gap.lost") ++gaps_lost;
  } else if (e.kind.rfind("node.", 0) == 0) {
    nodes.line({idx, at, e.kind, text_of(get(d, "node")), text_of(get(d, "epoch")),
                text_of(get(d, "state")), text_of(get(d, "fw"))});
  } else if (e.kind.find(".loaded") != std::string::npos) {
    loads.line({idx, at, e.kind, text_of(get(d, "name")), text_of(get(d, "version")),
                text_of(get(d, "profile")), text_of(get(d, "sha256"))});
    if (e.kind == "referentiel.loaded")
      for (const auto& c : get(d, "criteria").elements()) {
        std::string params;
        for (const auto& [name, value] : get(c, "params").items())
          params += (params.empty() ? "" : ", ") + name + " " + text_of(value);
        referentiel_rows += "<tr><td>" + html(text_of(get(c, "id"))) + "</td><td>" +
                            html(text_of(get(c, "title"))) + "</td><td>" +
                            html(text_of(get(c, "basis"))) + "</td><td>" +
                            html(text_of(get(c, "scope"))) + "</td><td>" + html(params) +
                            "</td></tr>\n";
      }
    if (e.kind == "referentiel.loaded")
      referentiels.push_back(at + ": " + text_of(get(d, "name")) + " " +
                             text_of(get(d, "version")) + ", profile " +
                             text_of(get(d, "profile")) + ", sha256 " + text_of(get(d, "sha256")));
  }
}

std::map<std::string, std::string> PackTables::finish(const ReportContext& ctx) {
  auto& [alerts, gaps, nodes, loads, criteria, gaps_opened, gaps_lost, missing_seq, referentiels,
         referentiel_rows, days, verdicts, proven, computed, doc] = *s_;
  std::size_t widest = 1;
  for (const auto& [c, f] : criteria) widest = std::max(widest, f.alerts.size());
  std::string rows, bars;
  int y = 0;
  for (const auto& [c, f] : criteria) {
    const std::size_t breached = f.count(CriterionFigures::breached);
    rows += "<tr><td>" + html(c) + "</td><td>" + std::to_string(f.subjects.size()) + "</td><td>" +
            std::to_string(f.alerts.size()) + "</td><td>" + std::to_string(breached) + "</td><td>" +
            std::to_string(f.count(CriterionFigures::justified)) + "</td><td>" +
            std::to_string(f.count(CriterionFigures::acked)) + "</td><td>" +
            std::to_string(f.count(CriterionFigures::open)) + "</td></tr>\n";
    const auto w = [&](std::size_t n) { return std::to_string(400 * n / widest); };
    bars += "<text x=\"0\" y=\"" + std::to_string(y + 14) + "\">" + html(c) + "</text>";
    bars += "<rect x=\"110\" y=\"" + std::to_string(y + 2) + "\" width=\"" + w(f.alerts.size()) +
            "\" height=\"8\" fill=\"#9ab\"/>";
    bars += "<rect x=\"110\" y=\"" + std::to_string(y + 10) + "\" width=\"" + w(breached) +
            "\" height=\"8\" fill=\"#c33\"/>";
    y += 24;
  }
  std::string refs;
  for (const auto& r : referentiels) refs += "<li>" + html(r) + "</li>";
  std::string day_rows;
  for (const auto& [c, v] : verdicts)
    day_rows += "<tr><td>" + html(c) + "</td><td>" + std::to_string(v.checked) + "</td><td>" +
                std::to_string(v.held) + "</td><td>" + std::to_string(v.breached) + "</td><td>" +
                std::to_string(v.justified) + "</td><td>" + std::to_string(v.no_data) +
                "</td><td>" + percent_text(v.held, v.checked - v.no_data) + "</td><td>" +
                percent_text(v.checked - v.no_data, v.checked) + "</td></tr>\n";

  std::string report =
      "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Vigie — " +
      html(ctx.site) +
      "</title><style>body{font:14px sans-serif;margin:2em;max-width:60em}"
      "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;"
      "text-align:right}td:first-child,th:first-child{text-align:left}</style></head><body>\n"
      "<h1>Dossier d'audit / Audit pack — " +
      html(ctx.site) + "</h1>\n<p>Période / period: " + html(ctx.from_text) + " → " +
      html(ctx.to_text) + " (" + html(ctx.time_zone) +
      ")<br>Entrées / entries: " + std::to_string(proven) + " · journal / ledger size " +
      std::to_string(ctx.tree_size) + "<br>Clé / key: " + html(ctx.fingerprint) +
      "</p>\n<p>Agents are named by pseudonym only. Verify this pack with "
      "<code>vigie audit verify DIR --key " +
      html(ctx.fingerprint) +
      "</code> after checking this fingerprint with the site: every entry is proven against "
      "the signed checkpoint, and every table and this report are generated again from the "
      "proven entries.</p>\n" +
      csv_note(ctx.csv) + not_proven(ctx.uncovered, computed) +
      "<h2>Conformité par critère / compliance per criterion (agent-days)</h2>\n"
      "<table><tr><th>criterion</th><th>agent-days checked</th><th>held</th><th>breached</th>"
      "<th>justified</th><th>no data</th><th>compliance (held / with data)</th>"
      "<th>data completeness</th></tr>\n" +
      day_rows +
      "</table>\n<h2>Alertes / alerts</h2>\n<table><tr><th>criterion</th><th>subjects</th>"
      "<th>alerts</th><th>breaches (firing)</th><th>justified</th><th>acknowledged</th>"
      "<th>open at end</th></tr>\n" +
      rows + "</table>\n<svg width=\"520\" height=\"" + std::to_string(y + 4) +
      "\" role=\"img\" aria-label=\"alerts (grey) and breaches (red) per criterion\">" + bars +
      "</svg>\n<h2>Complétude des données / data completeness</h2>\n<p>Gaps opened: " +
      std::to_string(gaps_opened) + " (" + std::to_string(missing_seq) +
      " events missing when detected); declared lost: " + std::to_string(gaps_lost) +
      ".</p>\n<h2>Référentiel en vigueur / in force</h2>\n<ul>" + refs +
      "</ul>\n<table><tr><th>criterion</th><th>title</th><th>basis</th><th>scope</th>"
      "<th>parameters</th></tr>\n" +
      referentiel_rows + "</table>\n</body></html>\n";

  // Moved, not copied: alerts.csv alone is tens of MiB in a month's pack.
  return {{"alerts.csv", alerts.take()}, {"days.csv", days.take()},
          {"gaps.csv", gaps.take()},     {"nodes.csv", nodes.take()},
          {"loads.csv", loads.take()},   {"report.html", std::move(report)}};
}

std::map<std::string, std::string> pack_tables(const std::vector<store::LedgerEntry>& entries,
                                               const ReportContext& ctx) {
  PackTables tables(ctx.csv);
  for (const auto& e : entries) tables.add(e);
  return tables.finish(ctx);
}

std::string html(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace vigie::evidence
