#include "extract/office_sheet.hpp"

#include <algorithm>

namespace piiscan {
namespace {

constexpr std::size_t k_batch_bytes = 64 * 1024;
constexpr std::uint64_t k_max_row_repeat = 1000;

}  // namespace

SheetWriter::SheetWriter(DocumentSink& sink, std::string_view sheet_name)
    : m_sink(sink), m_location("sheet " + std::string(sheet_name)) {}

SheetWriter::~SheetWriter() { finish(); }

void SheetWriter::cell(std::size_t column, std::string_view value) {
  if (value.empty() || m_stopped) {
    return;
  }
  if (column < m_row.size() || column >= k_max_columns) {
    column = m_row.size();
  }
  if (column >= k_max_columns) {
    return;
  }
  std::size_t padding = column - m_row.size();
  if (padding > 0 && !m_sink.consume(padding)) {
    m_stopped = true;
    return;
  }
  m_row.resize(column);
  m_row.emplace_back(value);
}

bool SheetWriter::end_row(std::uint64_t repeat) {
  if (!m_stopped && !m_row.empty()) {
    m_stopped = !write_row(std::clamp<std::uint64_t>(repeat, 1, k_max_row_repeat));
  }
  m_row.clear();
  return !m_stopped && !m_sink.exhausted();
}

void SheetWriter::finish() {
  if (m_finished) {
    return;
  }
  m_finished = true;
  flush();
  if (m_headers_sent) {
    m_sink.columns({}, '\t');
  }
}

// The first row is both the column context and text of its own (a sheet may be transposed, its
// "header" may be a name).
bool SheetWriter::write_row(std::uint64_t repeat) {
  if (!m_headers_sent) {
    m_sink.columns(m_row, '\t');
    m_headers_sent = true;
  }
  std::string line;
  for (std::size_t i = 0; i < m_row.size(); ++i) {
    line.append(i == 0 ? "" : "\t").append(m_row[i]);
  }
  line.push_back('\n');
  if (repeat > 1 && !m_sink.consume(line.size() * (repeat - 1))) {
    return false;
  }
  for (std::uint64_t i = 0; i < repeat; ++i) {
    m_text.append(line);
    if (m_text.size() >= k_batch_bytes) {
      flush();
    }
  }
  return true;
}

void SheetWriter::flush() {
  if (!m_text.empty()) {
    m_sink.text(m_text, m_location);
    m_text.clear();
  }
}

long column_of_reference(std::string_view reference) {
  long column = 0;
  std::size_t pos = 0;
  for (; pos < reference.size(); ++pos) {
    char c = reference[pos];
    if (c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 'a' + 'A');
    }
    if (c < 'A' || c > 'Z') {
      break;
    }
    column = column * 26 + (c - 'A' + 1);
    if (column > static_cast<long>(SheetWriter::k_max_columns)) {
      return -1;
    }
  }
  return pos == 0 ? -1 : column - 1;
}

}  // namespace piiscan
