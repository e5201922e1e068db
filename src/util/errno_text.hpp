// errno as the lower-case text used in piiscan's messages ("permission denied").
#pragma once

#include <string>

namespace piiscan {

std::string errno_text(int error);

}  // namespace piiscan
