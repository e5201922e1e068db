// PDF text extraction through poppler-cpp: one text section per page, labelled "page N".
//
// poppler does the parsing (xref repair, page-tree cycle detection, stream filters); this file
// only bounds what comes out of it. Known gap: poppler-cpp has no hook to cap or cancel the
// work on one page, so a FlateDecode bomb in a content stream (bad-inputs D06) costs poppler's
// time for that page (measured: about 8 s per GiB of inflated content; memory stays flat because
// poppler streams it); the budget check between pages stops the document after it.
#include "extract/extractors.hpp"

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <climits>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <string>

namespace piiscan {

namespace {

// poppler reports syntax errors of hostile files on stderr by default; the core library must
// stay silent, and the problems that matter are reported through the sink.
void silence_poppler_log(const std::string& /*message*/, void* /*closure*/) {}

void init_poppler() {
  static std::once_flag once;
  std::call_once(once, [] { poppler::set_debug_error_function(silence_poppler_log, nullptr); });
}

// Loads the document, or reports why it cannot be read and returns null.
std::unique_ptr<poppler::document> load_document(std::string_view bytes, DocumentSink& sink) {
  if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
    sink.problem(ProblemKind::limit, "pdf larger than 2 GiB");
    return nullptr;
  }
  std::unique_ptr<poppler::document> document(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!document) {
    sink.problem(ProblemKind::corrupt, "pdf: cannot be parsed");
    return nullptr;
  }
  // poppler opens a PDF whose user password is empty (owner password only) and decrypts it;
  // only a document it cannot decrypt is locked.
  if (document->is_locked()) {
    sink.problem(ProblemKind::encrypted, "pdf");
    return nullptr;
  }
  return document;
}

// Extracts one page; returns false when the sink's budget is spent.
bool extract_page(const poppler::document& document, int index, const ExtractLimits& limits,
                  DocumentSink& sink) {
  // A null page is what poppler returns for a page-tree cycle (bad-inputs D04) and other
  // damaged page nodes.
  std::unique_ptr<poppler::page> page(document.create_page(index));
  if (!page) {
    sink.problem(ProblemKind::corrupt, "pdf: page " + std::to_string(index + 1) + " unreadable");
    return true;
  }
  const poppler::byte_array utf8 = page->text().to_utf8();
  std::string text(utf8.begin(), utf8.end());
  // poppler ends each page with "\n\f"; the form feed carries nothing for the detectors.
  while (!text.empty() && (text.back() == '\f' || text.back() == '\n')) {
    text.pop_back();
  }
  if (text.empty()) {
    return true;
  }
  if (text.size() > limits.max_member_bytes) {
    text.resize(limits.max_member_bytes);
    sink.problem(ProblemKind::limit, "max_member_bytes");
  }
  text.push_back('\n');
  if (!sink.consume(text.size())) {
    return false;
  }
  sink.text(text, "page " + std::to_string(index + 1));
  return true;
}

void extract_pages(const poppler::document& document, const ExtractLimits& limits,
                   DocumentSink& sink) {
  const int pages = document.pages();
  if (pages <= 0) {
    // Also what poppler makes of a page tree whose /Count exceeds the objects in the file.
    sink.problem(ProblemKind::corrupt, "pdf: no readable pages");
    return;
  }
  for (int index = 0; index < pages; ++index) {
    if (sink.exhausted()) {
      return;
    }
    if (static_cast<std::uint64_t>(index) >= limits.max_entries) {
      sink.problem(ProblemKind::limit, "max_entries");
      return;
    }
    if (!extract_page(document, index, limits, sink)) {
      return;
    }
  }
}

}  // namespace

void extract_pdf(std::string_view bytes, std::string_view /*name*/, const ExtractLimits& limits,
                 DocumentSink& sink) {
  init_poppler();
  try {
    if (auto document = load_document(bytes, sink)) {
      extract_pages(*document, limits, sink);
    }
  } catch (const std::exception& error) {
    // poppler-cpp itself does not throw, but std::bad_alloc from a huge page can.
    sink.problem(ProblemKind::corrupt, std::string("pdf: ") + error.what());
  }
}

}  // namespace piiscan
