#include "util/log.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace piiscan {

std::shared_ptr<spdlog::logger> core_logger() {
  static const std::shared_ptr<spdlog::logger> logger = [] {
    if (auto existing = spdlog::get("piiscan")) {
      return existing;
    }
    return spdlog::stderr_logger_mt("piiscan");
  }();
  return logger;
}

}  // namespace piiscan
