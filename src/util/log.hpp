// The core's diagnostics logger: always stderr, never stdout (the report may be on stdout), and
// never given a found value. The CLI sets its pattern and level; a program embedding the core
// gets warnings on stderr by default.
#pragma once

#include <memory>

#include <spdlog/logger.h>

namespace piiscan {

// The shared "piiscan" logger, created on first use.
std::shared_ptr<spdlog::logger> core_logger();

}  // namespace piiscan
