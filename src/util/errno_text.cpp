#include "util/errno_text.hpp"

#include <cctype>
#include <cstring>

namespace piiscan {

std::string errno_text(int error) {
  std::string message = std::strerror(error);
  if (!message.empty()) {
    message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
  }
  return message;
}

}  // namespace piiscan
