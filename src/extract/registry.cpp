#include "extract/registry.hpp"

#include <array>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>
#include <system_error>
#include <vector>

#include <dlfcn.h>

#include "extract/module.hpp"

namespace piiscan {

namespace {

using Extractor = DocumentExtractorFn DocumentExtractors::*;

struct ExtractorRow {
  std::string_view media_type;  // exact, or a prefix ending in '*'
  Extractor extract;
};

constexpr std::array<ExtractorRow, 12> k_extractors = {{
    {"application/pdf", &DocumentExtractors::pdf},
    {"message/rfc822", &DocumentExtractors::email},
    {"image/*", &DocumentExtractors::image_metadata},
    {"application/zip", &DocumentExtractors::zip_family},
    {"application/java-archive", &DocumentExtractors::zip_family},
    {"application/vnd.openxmlformats-officedocument.*", &DocumentExtractors::zip_family},
    {"application/vnd.ms-*", &DocumentExtractors::zip_family},  // docm, xlsm, pptm (OOXML)
    {"application/vnd.oasis.opendocument.*", &DocumentExtractors::zip_family},
    {"application/gzip", &DocumentExtractors::archive},
    {"application/x-bzip2", &DocumentExtractors::archive},
    {"application/x-xz", &DocumentExtractors::archive},
    {"application/x-tar", &DocumentExtractors::archive},
}};

bool type_matches(std::string_view pattern, std::string_view media_type) noexcept {
  if (!pattern.empty() && pattern.back() == '*') {
    return media_type.substr(0, pattern.size() - 1) == pattern.substr(0, pattern.size() - 1);
  }
  return pattern == media_type;
}

constexpr const char* k_module_name = "piiscan-documents.so";

// Why the module could not be loaded; set once, before any extractor below can run.
std::string g_module_failure;

// Stands in for every extractor when the module is missing: each document becomes a scan
// error naming the cause, so the report says the scan is incomplete instead of silently
// skipping the documents.
void report_missing_module(std::string_view, std::string_view, const ExtractLimits&,
                           DocumentSink& sink) {
  sink.problem(ProblemKind::unsupported,
               "document support is not available: " + g_module_failure);
}

constexpr DocumentExtractors k_missing_module{report_missing_module, report_missing_module,
                                              report_missing_module, report_missing_module,
                                              report_missing_module};

// Where the module may be: $PIISCAN_DOCUMENTS_MODULE when set, else beside the binary, else
// where the build put it (for the tests, whose binaries live elsewhere in the build tree).
std::vector<std::string> module_candidates() {
  if (const char* path = std::getenv("PIISCAN_DOCUMENTS_MODULE"); path != nullptr && *path) {
    return {path};
  }
  std::vector<std::string> candidates;
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    candidates.push_back((self.parent_path() / k_module_name).string());
  }
#ifdef PIISCAN_BUILD_DOCUMENTS_MODULE
  if (candidates.empty() || candidates.front() != PIISCAN_BUILD_DOCUMENTS_MODULE) {
    candidates.emplace_back(PIISCAN_BUILD_DOCUMENTS_MODULE);
  }
#endif
  return candidates;
}

const DocumentExtractors* load_module() {
  std::string failures;
  const auto failed = [&failures](const std::string& why) {
    failures += (failures.empty() ? "" : "; ") + why;
  };
  for (const std::string& path : module_candidates()) {
    void* module = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (module == nullptr) {
      const char* why = ::dlerror();
      failed(why != nullptr ? why : path);
      continue;
    }
    using Entry = const DocumentExtractors* (*)();
    if (auto entry = reinterpret_cast<Entry>(::dlsym(module, PIISCAN_DOCUMENT_MODULE_ENTRY))) {
      return entry();  // the module stays loaded for the life of the process
    }
    failed(path + ": not a piiscan document module of this version");
    ::dlclose(module);
  }
  g_module_failure = failures.empty() ? std::string("no path to look for ") + k_module_name
                                      : failures;
  return &k_missing_module;
}

// Loaded on the first document, not at start-up: the libraries behind the extractors took
// most of piiscan's start-up time, and a scan of text files never needs them.
const DocumentExtractors& loaded_extractors() {
  static std::once_flag once;
  static const DocumentExtractors* extractors = nullptr;
  std::call_once(once, [] { extractors = load_module(); });
  return *extractors;
}

}  // namespace

DocumentExtractorFn find_document_extractor(std::string_view media_type) noexcept {
  for (const ExtractorRow& row : k_extractors) {
    if (type_matches(row.media_type, media_type)) {
      return loaded_extractors().*(row.extract);
    }
  }
  return nullptr;
}

std::string_view to_string(ProblemKind kind) noexcept {
  switch (kind) {
    case ProblemKind::limit: return "limit";
    case ProblemKind::encrypted: return "encrypted";
    case ProblemKind::corrupt: return "corrupt";
    case ProblemKind::unsupported: return "unsupported";
  }
  return "unknown";
}

}  // namespace piiscan
