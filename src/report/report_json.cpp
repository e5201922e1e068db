#include "report/report_json.hpp"

namespace piiscan {

Json error_to_json(const ScanError& error) {
  return Json{{"path", error.path}, {"stage", error.stage}, {"message", error.message}};
}

Json skip_to_json(const SkipRecord& record) {
  Json json{{"path", record.path}, {"reason", record.reason}};
  if (!record.detail.empty()) {
    json["detail"] = record.detail;
  }
  json["incomplete"] = record.incomplete;
  return json;
}

Json scan_to_json(const RunInfo& info, const ScanSummary& summary) {
  Json errors = Json::array();
  for (const ScanError& error : summary.errors) {
    errors.push_back(error_to_json(error));
  }
  Json skipped = Json::array();
  for (const SkipRecord& record : summary.skipped) {
    skipped.push_back(skip_to_json(record));
  }
  Json scan{{"roots", info.roots},
            {"complete", summary.complete},
            {"files_scanned", summary.files_scanned},
            {"files_skipped", summary.files_skipped},
            {"bytes_scanned", summary.bytes_scanned},
            {"duration_ms", summary.duration_ms},
            {"errors", std::move(errors)},
            {"skipped", std::move(skipped)}};
  if (summary.interrupted) {
    scan["interrupted"] = true;
  }
  return scan;
}

Json summary_to_json(const ScanSummary& summary) {
  Json by_level = Json::object();
  for (int level = 0; level < k_sensitivity_levels; ++level) {
    by_level[std::string(to_string(static_cast<Sensitivity>(level)))] =
        summary.files_by_sensitivity[level];
  }
  Json by_detector = Json::object();
  for (const auto& [detector, count] : summary.findings_by_detector) {
    by_detector[detector] = count;
  }
  return Json{{"files_by_sensitivity", std::move(by_level)},
              {"findings_by_detector", std::move(by_detector)}};
}

std::string dump_json(const Json& json, int indent) {
  return json.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace piiscan
