// Tests of extract_email. Messages are built here; names, addresses (example.de), the tax ID
// and the IBAN (the documented example DE89 3704 0044 0532 0130 00) are synthetic.
#include "extract/email_guard.hpp"
#include "extract/extractors.hpp"
#include "test_sink.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <string>

namespace {

using piiscan::ProblemKind;
using piiscan::test::TestSink;

std::string base64(std::string_view bytes) {
  static constexpr char k_alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    unsigned value = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) value |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) value |= static_cast<unsigned char>(bytes[i + 2]);
    out += k_alphabet[(value >> 18) & 63];
    out += k_alphabet[(value >> 12) & 63];
    out += i + 1 < bytes.size() ? k_alphabet[(value >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? k_alphabet[value & 63] : '=';
  }
  return out + "\n";
}

const std::string k_csv = "name;iban\nErika Musterfrau;DE89 3704 0044 0532 0130 00\n";

// multipart/mixed: a quoted-printable ISO-8859-1 body, a base64 CSV attachment and an embedded
// message/rfc822.
std::string mixed_message() {
  return "From: Max Mustermann <max.mustermann@example.de>\n"
         "To: \"Erika Musterfrau\" <erika.musterfrau@example.de>, buchhaltung@example.de\n"
         "Cc: =?ISO-8859-1?Q?J=FCrgen_M=FCller?= <max.mustermann@example.de>\n"
         "Subject: =?ISO-8859-1?Q?Unterlagen_f=FCr_die_Steuererkl=E4rung?=\n"
         "MIME-Version: 1.0\n"
         "Content-Type: multipart/mixed; boundary=\"outer\"\n"
         "\n"
         "--outer\n"
         "Content-Type: text/plain; charset=ISO-8859-1\n"
         "Content-Transfer-Encoding: quoted-printable\n"
         "\n"
         "Sehr geehrte Frau M=FCller,\n"
         "meine Steuer-IdNr: 36574261809, die Stra=DFe ist ge=\n"
         "=E4ndert.\n"
         "Gr=FC=DFe\n"
         "--outer\n"
         "Content-Type: text/csv; name=\"personal.csv\"\n"
         "Content-Disposition: attachment; filename=\"personal.csv\"\n"
         "Content-Transfer-Encoding: base64\n"
         "\n" +
         base64(k_csv) +
         "--outer\n"
         "Content-Type: message/rfc822\n"
         "\n"
         "From: Erika Musterfrau <erika.musterfrau@example.de>\n"
         "Subject: Weitergeleitet\n"
         "\n"
         "Innere Nachricht\n"
         "--outer--\n";
}

// `depth` multipart/mixed parts, each the only child of the one above, around a text part.
std::string nested_message(int depth) {
  std::string message = "From: a@example.de\nMIME-Version: 1.0\n";
  for (int level = 0; level < depth; ++level) {
    message += "Content-Type: multipart/mixed; boundary=\"b" + std::to_string(level) + "\"\n\n";
    message += "--b" + std::to_string(level) + "\n";
  }
  message += "Content-Type: text/plain\n\ninnermost text\n";
  for (int level = depth - 1; level >= 0; --level) {
    message += "--b" + std::to_string(level) + "--\n";
  }
  return message;
}

// ASan's realloc always copies, and GMime grows its header buffer step by step: the 10 MB header
// line takes 60 ms normally and 10 s under ASan (9 s under TSan, whose realloc copies too).
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr double k_sanitizer_slowdown = 10;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr double k_sanitizer_slowdown = 10;
#else
constexpr double k_sanitizer_slowdown = 1;
#endif
#else
constexpr double k_sanitizer_slowdown = 1;
#endif

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE("e-mail address headers and subject come out as header text", "[extract][email]") {
  TestSink sink;
  piiscan::extract_email(mixed_message(), "mail.eml", {}, sink);
  const std::string headers = sink.text_at("headers");
  CHECK(headers.find("From: Max Mustermann <max.mustermann@example.de>\n") != std::string::npos);
  CHECK(headers.find("To: Erika Musterfrau <erika.musterfrau@example.de>\n") != std::string::npos);
  CHECK(headers.find("To: buchhaltung@example.de\n") != std::string::npos);
  CHECK(headers.find("Cc: J\xC3\xBCrgen M\xC3\xBCller <max.mustermann@example.de>\n") !=
        std::string::npos);
  CHECK(headers.find("Subject: Unterlagen f\xC3\xBCr die Steuererkl\xC3\xA4rung\n") !=
        std::string::npos);
}

TEST_CASE("a quoted-printable latin-1 body is decoded to UTF-8", "[extract][email]") {
  TestSink sink;
  piiscan::extract_email(mixed_message(), "mail.eml", {}, sink);
  const std::string body = sink.text_at("body");
  CHECK(body.find("Sehr geehrte Frau M\xC3\xBCller,\n") != std::string::npos);
  CHECK(body.find("Steuer-IdNr: 36574261809, die Stra\xC3\x9F" "e ist ge\xC3\xA4ndert.") !=
        std::string::npos);
  CHECK(body.find("Innere Nachricht") == std::string::npos);  // that is the member's text
  CHECK(sink.problems.empty());
}

TEST_CASE("attachments and embedded messages become members", "[extract][email]") {
  TestSink sink;
  piiscan::extract_email(mixed_message(), "mail.eml", {}, sink);
  REQUIRE(sink.members.size() == 2);
  CHECK(sink.members[0].name == "personal.csv");
  CHECK(sink.members[0].bytes == k_csv);
  CHECK(sink.members[1].name == "attachment-2.eml");
  CHECK(sink.members[1].bytes.find("From: Erika Musterfrau <erika.musterfrau@example.de>") !=
        std::string::npos);
  CHECK(sink.members[1].bytes.find("Innere Nachricht") != std::string::npos);
  CHECK(sink.consumed == sink.all_text().size() + k_csv.size() + sink.members[1].bytes.size());
}

TEST_CASE("html bodies are stripped of tags and entities are decoded", "[extract][email]") {
  const std::string message =
      "From: a@example.de\nMIME-Version: 1.0\n"
      "Content-Type: multipart/alternative; boundary=\"alt\"\n\n"
      "--alt\nContent-Type: text/html; charset=utf-8\n\n"
      "<html><head><style>p { color: red }</style><script>var x = '<b>';</script></head>"
      "<body><p>IBAN&nbsp;DE89&#32;3704 0044 0532 0130 00</p><p>Gr&uuml;&szlig;e &amp; "
      "<b>Max</b> &bogus; a < b</p><!-- Kommentar --></body></html>\n"
      "--alt--\n";
  TestSink sink;
  piiscan::extract_email(message, "mail.eml", {}, sink);
  const std::string html = sink.text_at("html");
  CHECK(html.find("IBAN DE89 3704 0044 0532 0130 00\n") != std::string::npos);
  CHECK(html.find("Gr\xC3\xBC\xC3\x9F" "e & Max &bogus; a < b") != std::string::npos);
  CHECK(html.find("color") == std::string::npos);
  CHECK(html.find("var x") == std::string::npos);
  CHECK(html.find("Kommentar") == std::string::npos);
  CHECK(sink.text_at("body").empty());
}

TEST_CASE("undeclared 8-bit bodies are read as Windows-1252", "[extract][email]") {
  TestSink sink;
  piiscan::extract_email("From: a@example.de\nSubject: x\n\nStra\xDF" "e \x80 5\n", "m.eml", {},
                         sink);
  CHECK(sink.text_at("body") == "Stra\xC3\x9F" "e \xE2\x82\xAC 5\n");
}

TEST_CASE("a 1000-deep nested multipart hits the depth limit without overflow (D08)",
          "[extract][email]") {
  TestSink sink;
  const auto start = std::chrono::steady_clock::now();
  piiscan::extract_email(nested_message(1000), "deep.eml", {}, sink);
  const double seconds = seconds_since(start);
  WARN("D08 1000-deep multipart: " << seconds * 1000 << " ms");
  CHECK(seconds < 2.0);
  CHECK(sink.has_problem(ProblemKind::limit, "max_mime_depth"));
  CHECK(sink.problems.size() == 1);
}

TEST_CASE("32 nested multiparts are read, 33 hit the depth limit", "[extract][email]") {
  TestSink within;
  piiscan::extract_email(nested_message(32), "deep.eml", {}, within);
  CHECK(within.problems.empty());
  CHECK(within.text_at("body") == "innermost text\n");
  TestSink beyond;
  piiscan::extract_email(nested_message(33), "deep.eml", {}, beyond);
  CHECK(beyond.has_problem(ProblemKind::limit, "max_mime_depth"));
  CHECK(beyond.text_at("body").empty());
}

TEST_CASE("invalid base64 decodes what it can without crashing", "[extract][email]") {
  const std::string message =
      "From: a@example.de\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=x\n\n"
      "--x\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n"
      "SGFs!!bG8g*V2VsdA=\x01\xff=\n====\n"
      "--x\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n"
      "%%%% not base64 at all %%%%\n"
      "--x";  // no closing boundary either
  TestSink sink;
  piiscan::extract_email(message, "broken.eml", {}, sink);
  REQUIRE(sink.members.size() == 1);
  CHECK(sink.members[0].name == "attachment-1");
  CHECK(sink.members[0].bytes.substr(0, 5) == "Hallo");
}

TEST_CASE("the byte budget bounds e-mail output", "[extract][email]") {
  piiscan::ExtractLimits limits;
  limits.max_total_bytes = 200;
  TestSink sink(limits);
  piiscan::extract_email(mixed_message(), "mail.eml", limits, sink);
  CHECK(sink.has_problem(ProblemKind::limit, "max_total_bytes"));
  CHECK(sink.members.size() < 2);
}

TEST_CASE("max_entries bounds the parts read", "[extract][email]") {
  piiscan::ExtractLimits limits;
  limits.max_entries = 1;
  TestSink sink(limits);
  piiscan::extract_email(mixed_message(), "mail.eml", limits, sink);
  CHECK(!sink.text_at("body").empty());
  CHECK(sink.members.empty());
  CHECK(sink.has_problem(ProblemKind::limit, "max_entries"));
}

TEST_CASE("an encrypted part is reported as encrypted", "[extract][email]") {
  const std::string message =
      "From: a@example.de\nMIME-Version: 1.0\n"
      "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=e\n\n"
      "--e\nContent-Type: application/pgp-encrypted\n\nVersion: 1\n"
      "--e\nContent-Type: application/octet-stream\n\n-----BEGIN PGP MESSAGE-----\nxx\n"
      "--e--\n";
  TestSink sink;
  piiscan::extract_email(message, "secret.eml", {}, sink);
  CHECK(sink.has_problem(ProblemKind::encrypted));
  CHECK(sink.members.empty());
}

TEST_CASE("a 10 MB header line and garbage input are handled (D08)", "[extract][email]") {
  TestSink huge;
  const auto start = std::chrono::steady_clock::now();
  piiscan::extract_email("Subject: " + std::string(10'000'000, 'x') + "\n\nbody\n", "big.eml", {},
                         huge);
  const double seconds = seconds_since(start);
  WARN("D08 10 MB subject line: " << seconds * 1000 << " ms");
  CHECK(seconds < 5.0 * k_sanitizer_slowdown);
  CHECK(huge.text_at("body") == "body\n");
  for (const std::string& bytes : {std::string(), std::string("\0\0\xff\xfe", 4),
                                   std::string("--x--\n\n\n"), std::string(5000, '\n')}) {
    TestSink sink;
    piiscan::extract_email(bytes, "junk.eml", {}, sink);  // must not crash
    SUCCEED();
  }
}

TEST_CASE("a deep nest followed by many boundary-like lines is parsed only in part",
          "[extract][email]") {
  // 1020 nested multiparts, then 2.5 million "--x" lines: GMime alone needs ~26 s for this.
  std::string message = nested_message(1020);
  message.resize(message.find("innermost"));
  message.reserve(message.size() + 10'000'000);
  for (int i = 0; i < 2'500'000; ++i) {
    message += "--x\n";
  }
  TestSink sink;
  const auto start = std::chrono::steady_clock::now();
  piiscan::extract_email(message, "dashes.eml", {}, sink);
  const double seconds = seconds_since(start);
  WARN("1020-deep nest + 2.5M '--' lines: " << seconds * 1000 << " ms");
  CHECK(seconds < 5.0);
  CHECK(sink.has_problem(ProblemKind::limit, "mime_boundary_checks"));
  CHECK(sink.text_at("headers") == "From: a@example.de\n");
}

TEST_CASE("ordinary messages are far below the boundary-check bound", "[extract][email]") {
  const std::string message = mixed_message();
  CHECK(piiscan::affordable_mime_prefix(message, 1000) == message.size());
  const std::string deep = nested_message(100);
  CHECK(piiscan::affordable_mime_prefix(deep, 100) < deep.size());
}

TEST_CASE("mutated messages never crash the extractor", "[extract][email][mutation]") {
  for (const std::string& bytes : piiscan::test::mutated_copies(mixed_message(), 300, 8)) {
    TestSink sink;
    piiscan::extract_email(bytes, "mutated.eml", {}, sink);
    std::uint64_t members = 0;
    for (const auto& member : sink.members) {
      members += member.bytes.size();
    }
    CHECK(sink.consumed == sink.all_text().size() + members);
  }
}
