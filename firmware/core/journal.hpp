// The node's journal: events kept on flash until the gateway has stored them.
// A ring of pages (layout in journal_layout.hpp). Appends go to the newest page
// (the head); release() frees whole pages from the oldest end (the tail) once
// every record in them is released. Kept pages always form one run of the ring
// with consecutive counters, which is what mount() looks for.
//
// Power cuts: a record is committed when append() returns ok. Mounting after a
// cut at any point yields every committed record that was not released (and
// perhaps some released ones), never a corrupt one; the record being written
// is either whole or absent. The epoch and the next seq survive because the
// head page is never erased and its header carries both. Each release also
// writes a small mark, so after a restart released() is where it was.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "core/journal_layout.hpp"
#include "core/ports.hpp"

namespace vigie::fw {

template <class Flash, std::size_t kMaxPages>
class Journal {
  static_assert(kMaxPages >= 2, "a ring needs at least two pages");

 public:
  static constexpr std::size_t kMaxPayload = journal_layout::kMaxPayload;

  enum class OpenResult : std::uint8_t { mounted, formatted, failed };
  enum class AppendResult : std::uint8_t { ok, full, too_large, flash_error, closed };

  struct Record {
    std::uint64_t seq = 0;
    std::uint16_t size = 0;
    std::uint8_t payload[kMaxPayload];
  };

  // A reading position. Valid until the next append or release.
  struct Cursor {
    std::uint32_t page = 0;
    std::uint32_t offset = 0;
    std::uint64_t want = 0;  // the lowest seq still to return
    bool failed = false;     // the flash refused a read: try again later
  };

  explicit Journal(Flash& flash) : flash_(flash) {}

  // Mounts the store; formats it with `fresh_epoch` if it holds no valid page.
  OpenResult open(std::uint64_t fresh_epoch) {
    open_ = false;
    if (!read_geometry()) return OpenResult::failed;
    if (mount()) {
      open_ = true;
      return OpenResult::mounted;
    }
    if (!format(fresh_epoch)) return OpenResult::failed;
    return OpenResult::formatted;
  }

  // Wipes every page and starts a new epoch at seq 1.
  bool format(std::uint64_t epoch) {
    open_ = false;
    if (!read_geometry()) return false;
    dirty_ = true;
    for (std::uint32_t p = 0; p < geometry_.page_count; ++p) {
      pages_[p] = PageInfo{};
      if (!range_is_erased(p, 0) && !flash_.erase_page(p)) return false;
    }
    epoch_ = epoch;
    tail_ = head_ = 0;
    if (!open_page(0, 1, 1)) return false;
    next_seq_ = 1;
    released_ = 0;
    open_ = true;
    return true;
  }

  // Makes what was written durable (see Flash::sync in ports.hpp); cheap when
  // nothing was written since the last call.
  bool sync() {
    if (!dirty_) return true;
    if (!flash_.sync()) return false;
    dirty_ = false;
    return true;
  }
  bool synced() const { return !dirty_; }

  // Appends one record and gives it the next seq.
  AppendResult append(const void* payload, std::size_t size, std::uint64_t& seq) {
    if (!open_) return AppendResult::closed;
    if (size > kMaxPayload) return AppendResult::too_large;
    AppendResult result = write_record(journal_layout::kRecordEvent, next_seq_, payload, size);
    if (result != AppendResult::ok) return result;
    pages_[head_].last_seq = next_seq_;
    seq = next_seq_++;
    return AppendResult::ok;
  }

  // Everything up to `up_to` is stored elsewhere: free the pages that hold
  // nothing else, and note the point in a mark. Without the mark (no room, a
  // flash error) a restart only sends some released records again, and the
  // gateway counts them as duplicates.
  void release(std::uint64_t up_to) {
    if (!open_) return;
    if (up_to > last_seq()) up_to = last_seq();
    if (up_to <= released_) return;
    released_ = up_to;
    reclaim();
    write_record(journal_layout::kRecordReleaseMark, up_to, nullptr, 0);
  }

  // The first record with a seq >= `seq` (or the oldest kept, if that is later).
  Cursor seek(std::uint64_t seq) const {
    Cursor c;
    c.want = seq;
    c.page = tail_;
    while (c.page != head_ && pages_[c.page].last_seq < seq) c.page = following(c.page);
    c.offset = journal_layout::kPageHeaderSize;
    return c;
  }

  // Reads the record at `c` and moves past it; false at the end of the journal
  // or if the flash refused a read (then c.failed, and `c` stays put).
  bool next(Cursor& c, Record& out) {
    using namespace journal_layout;
    if (!open_) return false;
    for (;;) {
      const PageInfo& page = pages_[c.page];
      if (page.state != PageState::kept) return false;
      if (c.offset + kRecordHeaderSize > page.end) {
        if (c.page == head_) return false;
        c.page = following(c.page);
        c.offset = kPageHeaderSize;
        continue;
      }
      const std::uint32_t at = page_base(c.page) + c.offset;
      RecordHeader h;
      if (!flash_.read(at, scratch_, kRecordHeaderSize)) {
        c.failed = true;
        return false;
      }
      const bool header_ok =
          decode_record_header(scratch_, h) && c.offset + record_span(h.size) <= page.end;
      if (header_ok && h.kind == kRecordReleaseMark) {
        c.offset += static_cast<std::uint32_t>(record_span(0));
        continue;
      }
      if (header_ok && !flash_.read(at + kRecordHeaderSize, out.payload, h.size)) {
        c.failed = true;
        return false;
      }
      if (!header_ok || !record_crc_ok(h, out.payload)) {
        // Decayed since it was written: skip the rest of the page, count it.
        ++corrupt_records_;
        c.offset = page.end;
        continue;
      }
      c.offset += static_cast<std::uint32_t>(record_span(h.size));
      if (h.seq < c.want) continue;
      out.seq = h.seq;
      out.size = h.size;
      c.want = h.seq + 1;
      return true;
    }
  }

  bool is_open() const { return open_; }
  std::uint64_t epoch() const { return epoch_; }
  std::uint64_t next_seq() const { return next_seq_; }
  std::uint64_t last_seq() const { return next_seq_ - 1; }
  std::uint64_t released() const { return released_; }

  // The oldest record still stored (released or not); next_seq() if none.
  std::uint64_t oldest_seq() const {
    for (std::uint32_t p = tail_;; p = following(p)) {
      if (pages_[p].last_seq >= pages_[p].first_seq) return pages_[p].first_seq;
      if (p == head_) return next_seq_;
    }
  }

  std::size_t pages_in_use() const {
    std::size_t n = 1;
    for (std::uint32_t p = tail_; p != head_; p = following(p)) ++n;
    return n;
  }
  std::size_t page_count() const { return geometry_.page_count; }
  std::uint32_t corrupt_records() const { return corrupt_records_; }

 private:
  enum class PageState : std::uint8_t { unused, kept };

  struct PageInfo {
    std::uint64_t first_seq = 0;
    std::uint64_t last_seq = 0;  // first_seq - 1 while the page holds no record
    std::uint32_t counter = 0;
    std::uint32_t end = 0;  // offset just past the last record
    PageState state = PageState::unused;
  };

  bool read_geometry() {
    geometry_ = flash_.geometry();
    return geometry_.page_count >= 2 && geometry_.page_count <= kMaxPages &&
           geometry_.page_size >= journal_layout::kMinPageSize &&
           geometry_.page_size % journal_layout::kAlign == 0 &&
           static_cast<std::uint64_t>(geometry_.page_size) * geometry_.page_count <= 0xFFFFFFFFu;
  }

  std::uint32_t following(std::uint32_t p) const { return (p + 1) % geometry_.page_count; }
  std::uint32_t preceding(std::uint32_t p) const {
    return (p + geometry_.page_count - 1) % geometry_.page_count;
  }
  std::uint32_t page_base(std::uint32_t p) const { return p * geometry_.page_size; }

  // Programs one record at the head, opening the next page if it does not fit.
  AppendResult write_record(std::uint16_t kind, std::uint64_t seq, const void* payload,
                            std::size_t size) {
    using namespace journal_layout;
    const std::size_t span = record_span(size);
    if (sealed_ || pages_[head_].end + span > geometry_.page_size) {
      std::uint32_t next = following(head_);
      if (pages_[next].state == PageState::kept) reclaim();
      if (pages_[next].state == PageState::kept) return AppendResult::full;
      if (!open_page(next, pages_[head_].counter + 1, next_seq_)) return AppendResult::flash_error;
      reclaim();  // the old head may already be wholly released
    }
    PageInfo& head = pages_[head_];
    encode_record(kind, seq, payload, static_cast<std::uint16_t>(size), scratch_);
    const std::uint32_t at = page_base(head_) + head.end;
    dirty_ = true;
    if (!flash_.program(at, scratch_, span) || !readback_matches(at, span)) {
      sealed_ = true;  // whatever reached the flash is not written over
      return AppendResult::flash_error;
    }
    head.end += static_cast<std::uint32_t>(span);
    return AppendResult::ok;
  }

  bool read_header(std::uint32_t p, journal_layout::PageHeader& h) {
    std::uint8_t raw[journal_layout::kPageHeaderSize];
    return flash_.read(page_base(p), raw, sizeof raw) && journal_layout::decode_page_header(raw, h);
  }

  // Finds the newest valid page, then walks back over its predecessors while
  // they continue it (same epoch, counter one less, earlier seqs).
  bool mount() {
    using journal_layout::PageHeader;
    bool found = false;
    PageHeader newest;
    for (std::uint32_t p = 0; p < geometry_.page_count; ++p) {
      pages_[p] = PageInfo{};
      PageHeader h;
      if (read_header(p, h) && (!found || h.counter > newest.counter)) {
        found = true;
        newest = h;
        head_ = p;
      }
    }
    if (!found) return false;
    epoch_ = newest.epoch;
    mark_kept(head_, newest);
    tail_ = head_;
    for (std::uint32_t p = preceding(head_); p != head_; p = preceding(p)) {
      PageHeader h;
      const PageInfo& later = pages_[following(p)];
      if (!read_header(p, h) || h.epoch != epoch_ || h.counter + 1 != later.counter ||
          h.first_seq > later.first_seq)
        break;
      mark_kept(p, h);
      tail_ = p;
    }
    std::uint64_t marked = 0;
    for (std::uint32_t p = tail_; p != head_; p = following(p)) scan_page(p, marked);
    sealed_ = !scan_page(head_, marked) || !rest_is_erased(head_);
    next_seq_ = pages_[head_].last_seq + 1;
    released_ = oldest_seq() - 1;
    if (marked > released_) released_ = marked < last_seq() ? marked : last_seq();
    return true;
  }

  void mark_kept(std::uint32_t p, const journal_layout::PageHeader& h) {
    pages_[p].state = PageState::kept;
    pages_[p].counter = h.counter;
    pages_[p].first_seq = h.first_seq;
    pages_[p].last_seq = h.first_seq - 1;
    pages_[p].end = journal_layout::kPageHeaderSize;
  }

  // Reads a page's records in order; stops at the first erased header or at the
  // first one that fails a check (torn). Returns false if it met a torn one.
  // Raises `marked` to the highest release mark seen.
  bool scan_page(std::uint32_t p, std::uint64_t& marked) {
    using namespace journal_layout;
    PageInfo& page = pages_[p];
    std::uint32_t offset = kPageHeaderSize;
    std::uint64_t expected = page.first_seq;
    bool clean = true;
    while (offset + kRecordHeaderSize <= geometry_.page_size) {
      RecordHeader h;
      if (!flash_.read(page_base(p) + offset, scratch_, kRecordHeaderSize)) {
        clean = false;
        break;
      }
      if (is_erased(scratch_, kRecordHeaderSize)) break;
      const bool is_mark = decode_record_header(scratch_, h) && h.kind == kRecordReleaseMark;
      // A mark follows the events it releases; an event continues the sequence.
      if (!decode_record_header(scratch_, h) || (is_mark ? h.seq >= expected : h.seq != expected) ||
          offset + record_span(h.size) > geometry_.page_size ||
          !flash_.read(page_base(p) + offset + kRecordHeaderSize, scratch_, h.size) ||
          !record_crc_ok(h, scratch_)) {
        clean = false;
        break;
      }
      offset += static_cast<std::uint32_t>(record_span(h.size));
      if (is_mark) {
        if (h.seq > marked) marked = h.seq;
      } else {
        ++expected;
      }
    }
    page.end = offset;
    page.last_seq = expected - 1;
    return clean;
  }

  // The head can only take more records if nothing was ever programmed past
  // its last one: a torn write may have left bits anywhere after it.
  bool rest_is_erased(std::uint32_t p) { return range_is_erased(p, pages_[p].end); }

  bool range_is_erased(std::uint32_t p, std::uint32_t from) {
    for (std::uint32_t offset = from; offset < geometry_.page_size;) {
      std::size_t n = geometry_.page_size - offset;
      if (n > sizeof scratch_) n = sizeof scratch_;
      if (!flash_.read(page_base(p) + offset, scratch_, n) ||
          !journal_layout::is_erased(scratch_, n))
        return false;
      offset += static_cast<std::uint32_t>(n);
    }
    return true;
  }

  bool open_page(std::uint32_t p, std::uint32_t counter, std::uint64_t first_seq) {
    using namespace journal_layout;
    dirty_ = true;
    if (!range_is_erased(p, 0) && !flash_.erase_page(p)) return false;
    PageHeader h;
    h.counter = counter;
    h.epoch = epoch_;
    h.first_seq = first_seq;
    encode_page_header(h, scratch_);
    if (!flash_.program(page_base(p), scratch_, kPageHeaderSize) ||
        !readback_matches(page_base(p), kPageHeaderSize))
      return false;
    mark_kept(p, h);
    head_ = p;
    sealed_ = false;
    return true;
  }

  // Frees released pages from the tail; a failed erase is retried next time.
  void reclaim() {
    while (tail_ != head_ && pages_[tail_].last_seq <= released_) {
      dirty_ = true;
      if (!flash_.erase_page(tail_)) return;
      pages_[tail_] = PageInfo{};
      tail_ = following(tail_);
    }
  }

  // Compares what the flash now holds with scratch_ (what was programmed).
  bool readback_matches(std::uint32_t at, std::size_t size) {
    std::uint8_t chunk[64];
    for (std::size_t done = 0; done < size;) {
      std::size_t n = size - done < sizeof chunk ? size - done : sizeof chunk;
      if (!flash_.read(static_cast<std::uint32_t>(at + done), chunk, n) ||
          std::memcmp(chunk, scratch_ + done, n) != 0)
        return false;
      done += n;
    }
    return true;
  }

  Flash& flash_;
  FlashGeometry geometry_;
  PageInfo pages_[kMaxPages];
  std::uint32_t head_ = 0;
  std::uint32_t tail_ = 0;
  bool sealed_ = false;  // the head may not take more records
  bool dirty_ = false;   // written since the last sync()
  bool open_ = false;
  std::uint64_t epoch_ = 0;
  std::uint64_t next_seq_ = 1;
  std::uint64_t released_ = 0;
  std::uint32_t corrupt_records_ = 0;
  alignas(8) std::uint8_t scratch_[journal_layout::kMaxRecordSpan];
};

}  // namespace vigie::fw
