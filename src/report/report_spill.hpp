// Where the reporters put what a scan would otherwise hold in memory until its end: the findings
// of a file with very many (Reporter::spill), and rendered records (RecordStore). Both go to
// unnamed temporary files beside the report (see open_temp_file).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <piiscan/reporter.hpp>

namespace piiscan {

// Takes a piece of a record's text and empties the string it is given.
using PieceSink = std::function<void(std::string& piece)>;

// Opens an unnamed temporary file (O_TMPFILE: gone when closed, also when piiscan is killed),
// mode 0600, in `directory`, or when that is empty or cannot take one, in $TMPDIR, else /tmp.
// Returns -1 when neither can (no O_TMPFILE there, or the folder cannot be written).
int open_temp_file(const std::string& directory);

// The findings of a file with very many, packed as they come into a temporary file and read
// back when the file's record is written. Packed, a finding takes about 60 bytes where its JSON
// takes 170: the spilled text went through the page cache twice. A write that fails (a full
// disk) loses nothing: the packed findings then stay in memory.
class PackedSpill final : public FindingSpill {
 public:
  PackedSpill(int fd, bool show_values) : m_fd(fd), m_show_values(show_values) {}
  ~PackedSpill() override;
  PackedSpill(const PackedSpill&) = delete;
  PackedSpill& operator=(const PackedSpill&) = delete;

  // Null when no temporary file can be made (see open_temp_file); the findings then stay in
  // memory.
  static std::unique_ptr<FindingSpill> make(const std::string& directory, bool show_values);

  // Hands the findings back in order to `batch`, up to k_batch at a time. A failed read of the
  // temporary file ends it (what was read before is handed over) and sets lost_errno().
  void read_back(const std::function<void(std::span<const Finding>)>& batch) const;
  static constexpr std::size_t k_batch = 4096;

 protected:
  void write(std::span<const Finding> findings) override;

 private:
  void pack(const Finding& finding);
  template <typename Full>
  std::size_t unpack(const std::string& bytes, std::vector<Finding>& batch, Full&& full) const;
  std::uint32_t rule_index(const Rule* rule);
  void write_out();

  static constexpr std::size_t k_block = std::size_t{1} << 20;
  int m_fd;
  bool m_show_values;
  std::vector<const Rule*> m_rules;  // a finding's rule is packed as its index here
  std::size_t m_last_rule = 0;
  std::string m_packed;         // packed, not yet in the file
  std::uint64_t m_written = 0;  // bytes in the file
  bool m_write_failed = false;
};

// Keeps no finding, only the counts FindingSpill takes: for a report that lists no findings
// (the table), so that a file's findings never pile up in memory for it.
class DroppedSpill final : public FindingSpill {
 protected:
  void write(std::span<const Finding>) override {}
};

// The findings of a record: those spilled first (report.spilled, a PackedSpill), then
// report.findings, handed to `batch` in order, up to PackedSpill::k_batch at a time.
void for_each_finding_batch(const FileReport& report,
                            const std::function<void(std::span<const Finding>)>& batch);

// Rendered records kept until the end of a scan, for the reports that write them sorted (json
// by path, csv by path and offset): in a temporary file beside the report, so that memory holds
// only each record's key and place, not its text (the json report of the bench share held
// 220 MiB, its csv 320 MiB, and a 64 MiB HR export's 760 MiB and 1 GiB). Records that cannot go
// to the file (no O_TMPFILE, a full disk) are kept in memory: nothing is lost.
class RecordStore {
 public:
  explicit RecordStore(std::string directory) : m_directory(std::move(directory)) {}
  ~RecordStore();
  RecordStore(const RecordStore&) = delete;
  RecordStore& operator=(const RecordStore&) = delete;

  // Stores the text `render` hands to its sink, piece by piece, as one record under `key`.
  // Called by several threads at once.
  void add(std::string key, const std::function<void(const PieceSink&)>& render);

  // Writes every record to `out`, sorted by key (records of equal keys in the order their `add`
  // ended), each after `first_prefix` (the first) or `prefix` (the others). Throws ConfigError
  // when the temporary file cannot be read back.
  void write_sorted(std::ostream& out, std::string_view first_prefix, std::string_view prefix);

  std::size_t size() const noexcept { return m_records.size(); }

 private:
  struct Extent {
    std::uint64_t offset = 0;
    std::uint64_t size = 0;
  };
  struct Record {
    std::string key;
    std::vector<Extent> extents;  // in the file, in order
    std::string kept;             // after the extents, what could not go to the file
  };

  void store(Record& record, std::string_view piece);
  bool reserve(std::size_t size, std::uint64_t& offset);
  void copy_out(std::ostream& out, const Extent& extent, std::string& buffer) const;

  std::string m_directory;
  std::mutex m_mutex;
  int m_fd = -1;
  bool m_file_failed = false;   // no file could be made, or a write failed: keep in memory
  std::uint64_t m_end = 0;      // bytes reserved in the file
  std::vector<Record> m_records;
};

}  // namespace piiscan
