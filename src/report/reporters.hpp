// Factories of the built-in reporters; make_reporter (reporter.cpp) is the one table of them.
#pragma once

#include <memory>
#include <ostream>

#include <piiscan/reporter.hpp>

namespace piiscan {

std::unique_ptr<Reporter> make_json_reporter(std::ostream& out, const ReportOptions& options);
std::unique_ptr<Reporter> make_jsonl_reporter(std::ostream& out, const ReportOptions& options);
std::unique_ptr<Reporter> make_csv_reporter(std::ostream& out, const ReportOptions& options);
std::unique_ptr<Reporter> make_table_reporter(std::ostream& out, const ReportOptions& options);

}  // namespace piiscan
