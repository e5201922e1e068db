// Small GMime helpers for the e-mail extractor: ownership of GObjects, decoded part content and
// conversion of text to valid UTF-8.
//
// GMime is initialised once per process (`gmime_parser_options`); after that every function here
// works only on objects the calling thread owns, which GMime allows from any thread.
#pragma once

#include <gmime/gmime.h>

#include <memory>
#include <string>
#include <string_view>

namespace piiscan {

struct GObjectUnref {
  void operator()(gpointer object) const { g_object_unref(object); }
};

// Owns one reference to a GObject (GMimeMessage, GMimeStream, GMimeParser …).
template <typename T>
using GObjectPtr = std::unique_ptr<T, GObjectUnref>;

// Initialises GMime on first use and returns the parser options shared by all threads:
// header text that is neither RFC 2047 encoded nor valid UTF-8 is read as Windows-1252, and
// parser warnings are not printed. Never null; lives until exit.
GMimeParserOptions* gmime_parser_options();

// Parses `bytes` (an RFC 5322 message) without copying it more than once; null when GMime finds
// no message in it.
GObjectPtr<GMimeMessage> parse_message(std::string_view bytes);

// The content of `part` with its Content-Transfer-Encoding (base64, quoted-printable, uuencode)
// undone. Invalid encoded characters are skipped, as GMime's decoders do; the result is never
// larger than the encoded content, so it is bounded by the input size.
std::string decoded_content(GMimePart* part);

// `object` written back in MIME form (an embedded message/rfc822 as a file of its own).
std::string serialize_object(GMimeObject* object);

// `bytes` as valid UTF-8: converted from `declared_charset` when that names a charset iconv
// knows; text that is undeclared or mislabelled and not valid UTF-8 is read as Windows-1252;
// whatever still is not valid UTF-8 becomes U+FFFD. `declared_charset` may be null.
std::string to_utf8(std::string_view bytes, const char* declared_charset);

}  // namespace piiscan
