#include "extract/email_gmime.hpp"

#include <mutex>
#include <optional>

namespace piiscan {

namespace {

std::string mem_stream_bytes(GMimeStream* stream) {
  GByteArray* array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream));
  if (array == nullptr || array->len == 0) {
    return {};
  }
  return std::string(reinterpret_cast<const char*>(array->data), array->len);
}

// g_utf8_validate stops at NUL bytes; a NUL inside otherwise valid UTF-8 must not send the text
// down the Windows-1252 path.
bool is_valid_utf8(std::string_view bytes) {
  while (!bytes.empty()) {
    const std::size_t nul = bytes.find('\0');
    const std::string_view segment = bytes.substr(0, nul);
    if (!g_utf8_validate(segment.data(), static_cast<gssize>(segment.size()), nullptr)) {
      return false;
    }
    bytes.remove_prefix(nul == std::string_view::npos ? bytes.size() : nul + 1);
  }
  return true;
}

bool names_utf8_or_ascii(const char* charset) {
  for (const char* name : {"utf-8", "utf8", "us-ascii", "ascii"}) {
    if (g_ascii_strcasecmp(charset, name) == 0) {
      return true;
    }
  }
  return false;
}

// `bytes` converted from `charset` to UTF-8 through GMime's iconv filter (which skips what it
// cannot convert); nullopt when iconv does not know `charset`.
std::optional<std::string> convert_charset(std::string_view bytes, const char* charset) {
  GMimeFilter* filter = g_mime_filter_charset_new(charset, "UTF-8");
  if (filter == nullptr) {
    return std::nullopt;
  }
  GObjectPtr<GMimeStream> out(g_mime_stream_mem_new());
  GObjectPtr<GMimeStream> filtered(g_mime_stream_filter_new(out.get()));
  g_mime_stream_filter_add(GMIME_STREAM_FILTER(filtered.get()), filter);
  g_object_unref(filter);
  g_mime_stream_write(filtered.get(), bytes.data(), bytes.size());
  g_mime_stream_flush(filtered.get());
  return mem_stream_bytes(out.get());
}

std::string make_valid_utf8(std::string_view bytes) {
  if (is_valid_utf8(bytes)) {
    return std::string(bytes);
  }
  gchar* valid = g_utf8_make_valid(bytes.data(), static_cast<gssize>(bytes.size()));
  std::string out(valid);
  g_free(valid);
  return out;
}

}  // namespace

GMimeParserOptions* gmime_parser_options() {
  static GMimeParserOptions* options = nullptr;
  static std::once_flag once;
  std::call_once(once, [] {
    g_mime_init();
    options = g_mime_parser_options_new();
    const char* fallback[] = {"utf-8", "windows-1252", nullptr};
    g_mime_parser_options_set_fallback_charsets(options, fallback);
    g_mime_parser_options_set_warning_callback(options, nullptr, nullptr);
  });
  return options;
}

GObjectPtr<GMimeMessage> parse_message(std::string_view bytes) {
  GMimeParserOptions* options = gmime_parser_options();
  GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
  GObjectPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  return GObjectPtr<GMimeMessage>(g_mime_parser_construct_message(parser.get(), options));
}

std::string decoded_content(GMimePart* part) {
  GMimeDataWrapper* content = g_mime_part_get_content(part);
  if (content == nullptr) {
    return {};
  }
  GObjectPtr<GMimeStream> out(g_mime_stream_mem_new());
  g_mime_data_wrapper_write_to_stream(content, out.get());
  return mem_stream_bytes(out.get());
}

std::string serialize_object(GMimeObject* object) {
  GObjectPtr<GMimeStream> out(g_mime_stream_mem_new());
  g_mime_object_write_to_stream(object, nullptr, out.get());
  return mem_stream_bytes(out.get());
}

std::string to_utf8(std::string_view bytes, const char* declared_charset) {
  std::optional<std::string> converted;
  if (declared_charset != nullptr && !names_utf8_or_ascii(declared_charset)) {
    converted = convert_charset(bytes, declared_charset);
  }
  // Undeclared or mislabelled 8-bit text on German shares is nearly always Windows-1252.
  if (!converted && !is_valid_utf8(bytes)) {
    converted = convert_charset(bytes, "windows-1252");
  }
  return make_valid_utf8(converted ? *converted : bytes);
}

}  // namespace piiscan
