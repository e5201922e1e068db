#include "report/report_spill.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include <fcntl.h>
#include <unistd.h>

#include <piiscan/error.hpp>

#include "util/errno_text.hpp"

namespace piiscan {

namespace {

template <typename T>
void put(char*& at, T value) {
  std::memcpy(at, &value, sizeof value);
  at += sizeof value;
}

template <typename T>
T get(const char*& at) {
  T value;
  std::memcpy(&value, at, sizeof value);
  at += sizeof value;
  return value;
}

// rule, length, line, column, offset, confidence, validated, and the sizes of location,
// excerpt and value, which follow.
constexpr std::size_t k_fixed = 4 + 4 + 8 + 8 + 8 + 1 + 1 + 4 + 4 + 4;

// pread(2), retried when a signal interrupts it.
ssize_t read_at(int fd, char* buffer, std::size_t size, std::uint64_t offset) {
  ssize_t n = 0;
  do {
    n = ::pread(fd, buffer, size, static_cast<off_t>(offset));
  } while (n < 0 && errno == EINTR);
  return n;
}

// Writes `bytes` at `offset`, through short writes and interruptions; returns how many bytes
// went to the file, fewer than all when a write failed (a full disk).
std::size_t write_at(int fd, std::string_view bytes, std::uint64_t offset) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::pwrite(fd, bytes.data() + done, bytes.size() - done,
                               static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  return done;
}

}  // namespace

// The report's folder first: that is where the text goes next. Where it takes no O_TMPFILE (NFS
// and SMB shares, where a consultant may well write the report), the system's temporary folder
// still keeps the memory flat.
int open_temp_file(const std::string& directory) {
  constexpr int k_flags = O_TMPFILE | O_RDWR | O_CLOEXEC;
  if (!directory.empty()) {
    const int fd = ::open(directory.c_str(), k_flags, 0600);
    if (fd >= 0) {
      return fd;
    }
  }
  const char* tmpdir = std::getenv("TMPDIR");
  const char* where = tmpdir != nullptr && *tmpdir != 0 ? tmpdir : "/tmp";
  return ::open(where, k_flags, 0600);
}

PackedSpill::~PackedSpill() { ::close(m_fd); }

std::unique_ptr<FindingSpill> PackedSpill::make(const std::string& directory, bool show_values) {
  const int fd = open_temp_file(directory);
  if (fd < 0) {
    return nullptr;
  }
  return std::make_unique<PackedSpill>(fd, show_values);
}

void PackedSpill::read_back(const std::function<void(std::span<const Finding>)>& batch_) const {
  std::vector<Finding> batch;
  batch.reserve(k_batch);
  const auto hand_over = [&] {
    batch_(batch);
    batch.clear();
  };
  std::string bytes;  // read, not yet unpacked (a finding may span two reads)
  std::size_t used = 0;
  for (std::uint64_t at = 0; at < m_written;) {
    bytes.erase(0, used);
    const std::size_t kept = bytes.size();
    bytes.resize(kept + static_cast<std::size_t>(std::min<std::uint64_t>(k_block, m_written - at)));
    const ssize_t n = read_at(m_fd, bytes.data() + kept, bytes.size() - kept, at);
    if (n <= 0) {
      set_lost(n < 0 ? errno : EIO);
      break;
    }
    bytes.resize(kept + static_cast<std::size_t>(n));
    at += static_cast<std::uint64_t>(n);
    used = unpack(bytes, batch, hand_over);
  }
  if (lost_errno() == 0) {
    bytes.erase(0, used);
    bytes.append(m_packed);
    unpack(bytes, batch, hand_over);
  }
  if (!batch.empty()) {
    hand_over();
  }
}

void PackedSpill::write(std::span<const Finding> findings) {
  for (const Finding& finding : findings) {
    pack(finding);
  }
  if (m_packed.size() >= k_block && !m_write_failed) {
    write_out();
  }
}

void PackedSpill::pack(const Finding& finding) {
  const std::string_view location = finding.location.view();
  const std::string_view excerpt = finding.excerpt.view();
  const std::string_view value = m_show_values ? finding.value.view() : std::string_view();
  const std::size_t start = m_packed.size();
  m_packed.resize(start + k_fixed + location.size() + excerpt.size() + value.size());
  char* at = m_packed.data() + start;
  put(at, rule_index(finding.rule));
  put(at, finding.length);
  put(at, finding.line);
  put(at, finding.column);
  put(at, finding.offset);
  put(at, static_cast<std::uint8_t>(finding.confidence));
  put(at, static_cast<std::uint8_t>(finding.validated ? 1 : 0));
  for (const std::string_view text : {location, excerpt, value}) {
    put(at, static_cast<std::uint32_t>(text.size()));
  }
  for (const std::string_view text : {location, excerpt, value}) {
    if (!text.empty()) {  // an empty view's data() may be null, which memcpy must not get
      std::memcpy(at, text.data(), text.size());
      at += text.size();
    }
  }
}

// Unpacks the whole findings at the start of `bytes` into `batch` (which copies their text),
// calling `full` whenever it holds k_batch. Returns the bytes used.
template <typename Full>
std::size_t PackedSpill::unpack(const std::string& bytes, std::vector<Finding>& batch,
                                Full&& full) const {
  const char* at = bytes.data();
  const char* const end = bytes.data() + bytes.size();
  while (static_cast<std::size_t>(end - at) >= k_fixed) {
    const char* fixed = at;
    Finding finding;
    finding.rule = m_rules[get<std::uint32_t>(fixed)];
    finding.length = get<std::uint32_t>(fixed);
    finding.line = get<std::uint64_t>(fixed);
    finding.column = get<std::uint64_t>(fixed);
    finding.offset = get<std::uint64_t>(fixed);
    finding.confidence = static_cast<Confidence>(get<std::uint8_t>(fixed));
    finding.validated = get<std::uint8_t>(fixed) != 0;
    const std::size_t sizes[3] = {get<std::uint32_t>(fixed), get<std::uint32_t>(fixed),
                                  get<std::uint32_t>(fixed)};
    if (static_cast<std::size_t>(end - fixed) < sizes[0] + sizes[1] + sizes[2]) {
      break;  // the rest comes with the next read
    }
    finding.location = std::string_view(fixed, sizes[0]);
    finding.excerpt = std::string_view(fixed + sizes[0], sizes[1]);
    finding.value = std::string_view(fixed + sizes[0] + sizes[1], sizes[2]);
    at = fixed + sizes[0] + sizes[1] + sizes[2];
    batch.push_back(std::move(finding));
    if (batch.size() == k_batch) {
      full();
    }
  }
  return static_cast<std::size_t>(at - bytes.data());
}

std::uint32_t PackedSpill::rule_index(const Rule* rule) {
  if (m_last_rule < m_rules.size() && m_rules[m_last_rule] == rule) {
    return static_cast<std::uint32_t>(m_last_rule);
  }
  m_last_rule = static_cast<std::size_t>(
      std::find(m_rules.begin(), m_rules.end(), rule) - m_rules.begin());
  if (m_last_rule == m_rules.size()) {
    m_rules.push_back(rule);
  }
  return static_cast<std::uint32_t>(m_last_rule);
}

void PackedSpill::write_out() {
  const std::size_t done = write_at(m_fd, m_packed, m_written);
  m_write_failed = done < m_packed.size();
  m_written += done;
  m_packed.erase(0, done);
}

void for_each_finding_batch(const FileReport& report,
                            const std::function<void(std::span<const Finding>)>& batch) {
  if (report.spilled != nullptr) {
    dynamic_cast<const PackedSpill&>(*report.spilled).read_back(batch);  // from spill()
  }
  const std::span<const Finding> rest(report.findings);
  for (std::size_t at = 0; at < rest.size(); at += PackedSpill::k_batch) {
    batch(rest.subspan(at, std::min(PackedSpill::k_batch, rest.size() - at)));
  }
}

RecordStore::~RecordStore() {
  if (m_fd >= 0) {
    ::close(m_fd);
  }
}

void RecordStore::add(std::string key, const std::function<void(const PieceSink&)>& render) {
  Record record{std::move(key), {}, {}};
  render([&](std::string& piece) {
    store(record, piece);
    piece.clear();
  });
  std::lock_guard lock(m_mutex);
  m_records.push_back(std::move(record));
}

// Each piece gets its place in the file under the lock and is written outside it, so that the
// workers write at once. A piece whose write fails stays in memory, as does all that follows.
void RecordStore::store(Record& record, std::string_view piece) {
  std::uint64_t offset = 0;
  if (piece.empty()) {
    return;
  }
  if (!record.kept.empty() || !reserve(piece.size(), offset)) {
    record.kept.append(piece);
    return;
  }
  if (write_at(m_fd, piece, offset) < piece.size()) {
    std::lock_guard lock(m_mutex);
    m_file_failed = true;
    record.kept.append(piece);
    return;
  }
  if (!record.extents.empty() &&
      record.extents.back().offset + record.extents.back().size == offset) {
    record.extents.back().size += piece.size();  // no other record's piece came between
  } else {
    record.extents.push_back(Extent{offset, piece.size()});
  }
}

// Reserves `size` bytes at the end of the file, made at the first record; false when there is
// no file to write to.
bool RecordStore::reserve(std::size_t size, std::uint64_t& offset) {
  std::lock_guard lock(m_mutex);
  if (m_fd < 0 && !m_file_failed) {
    m_fd = open_temp_file(m_directory);
    m_file_failed = m_fd < 0;
  }
  if (m_file_failed) {
    return false;
  }
  offset = m_end;
  m_end += size;
  return true;
}

void RecordStore::write_sorted(std::ostream& out, std::string_view first_prefix,
                               std::string_view prefix) {
  std::stable_sort(m_records.begin(), m_records.end(),
                   [](const Record& a, const Record& b) { return a.key < b.key; });
  std::string buffer;
  for (std::size_t i = 0; i < m_records.size(); ++i) {
    const Record& record = m_records[i];
    out << (i == 0 ? first_prefix : prefix);
    for (const Extent& extent : record.extents) {
      copy_out(out, extent, buffer);
    }
    out << record.kept;
  }
}

void RecordStore::copy_out(std::ostream& out, const Extent& extent, std::string& buffer) const {
  constexpr std::size_t k_block = std::size_t{1} << 20;
  for (std::uint64_t done = 0; done < extent.size;) {
    buffer.resize(static_cast<std::size_t>(std::min<std::uint64_t>(k_block, extent.size - done)));
    const ssize_t n = read_at(m_fd, buffer.data(), buffer.size(), extent.offset + done);
    if (n <= 0) {
      throw ConfigError("cannot write report: its temporary file could not be read back: " +
                        errno_text(n < 0 ? errno : EIO));
    }
    out.write(buffer.data(), n);
    done += static_cast<std::uint64_t>(n);
  }
}

}  // namespace piiscan
