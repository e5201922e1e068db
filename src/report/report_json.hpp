// JSON shapes shared by the json and jsonl reporters (design §4.3) for the small records: scan
// facts, errors, skips and the summary (file objects go through json_writer.hpp). ordered_json
// keeps the field order of the contract.
#pragma once

#include <nlohmann/json.hpp>

#include <piiscan/reporter.hpp>

namespace piiscan {

using Json = nlohmann::ordered_json;

Json error_to_json(const ScanError& error);
Json skip_to_json(const SkipRecord& record);
Json scan_to_json(const RunInfo& info, const ScanSummary& summary);
Json summary_to_json(const ScanSummary& summary);

// Serialises without throwing on invalid UTF-8 in paths (replaced by U+FFFD).
std::string dump_json(const Json& json, int indent);

}  // namespace piiscan
