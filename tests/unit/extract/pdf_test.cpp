// Tests of extract_pdf. Fixtures are written here byte by byte (with computed xref offsets) so
// no PDF is committed; the IBAN is the documented example DE89 3704 0044 0532 0130 00.
#include "extract/extractors.hpp"
#include "test_sink.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

using piiscan::ProblemKind;
using piiscan::test::TestSink;

// A PDF file from numbered object bodies (object i + 1 is `objects[i]`), with a correct xref
// table and trailer.
std::string build_pdf(const std::vector<std::string>& objects) {
  std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const std::size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (std::size_t offset : offsets) {
    char entry[21];
    std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", offset);
    pdf += entry;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R >>\n";
  pdf += "startxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

std::string content_stream(const std::string& line) {
  const std::string ops = "BT /F1 12 Tf 72 720 Td (" + line + ") Tj ET";
  return "<< /Length " + std::to_string(ops.size()) + " >>\nstream\n" + ops + "\nendstream";
}

std::string page_object(int contents) {
  return "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents " +
         std::to_string(contents) + " 0 R /Resources << /Font << /F1 7 0 R >> >> >>";
}

// Two pages; the IBAN is on page 2.
std::string two_page_pdf() {
  return build_pdf({
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
      page_object(5),
      page_object(6),
      content_stream("Rechnung Nr. 4711"),
      content_stream("IBAN DE89 3704 0044 0532 0130 00"),
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  });
}

// bad-inputs.md D04: object 2 lists itself as its own kid.
const std::string k_self_referential_pdf =
    "%PDF-1.5\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n"
    "2 0 obj <</Type/Pages/Kids[2 0 R]/Count 1>> endobj\n"
    "trailer <</Root 1 0 R/Size 3>>\n%%EOF\n";

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

bool has_qpdf() { return std::system("command -v qpdf >/dev/null 2>&1") == 0; }

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Runs `qpdf --encrypt <user> owner 256 <extra> -- in out` over `pdf`; empty on failure.
std::string qpdf_encrypt(const std::string& pdf, const std::string& user,
                         const std::string& extra) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("piiscan_pdf_test_" + std::to_string(std::rand()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "in.pdf", std::ios::binary) << pdf;
  const std::string command = "qpdf --encrypt '" + user + "' owner 256 " + extra + " -- '" +
                              (dir / "in.pdf").string() + "' '" + (dir / "out.pdf").string() +
                              "' >/dev/null 2>&1";
  const bool ok = std::system(command.c_str()) == 0;
  std::string out = ok ? read_file(dir / "out.pdf") : std::string();
  std::filesystem::remove_all(dir);
  return out;
}

}  // namespace

TEST_CASE("pdf text comes out per page with 1-based page locations", "[extract][pdf]") {
  TestSink sink;
  piiscan::extract_pdf(two_page_pdf(), "invoice.pdf", {}, sink);
  CHECK(sink.problems.empty());
  CHECK(sink.text_at("page 1").find("Rechnung Nr. 4711") != std::string::npos);
  CHECK(sink.text_at("page 2").find("DE89 3704 0044 0532 0130 00") != std::string::npos);
  CHECK(sink.text_at("page 1").find("DE89") == std::string::npos);
  REQUIRE(!sink.texts.empty());
  CHECK(sink.texts.back().text.back() == '\n');
  CHECK(sink.consumed == sink.all_text().size());
}

TEST_CASE("pdf extraction stops when the byte budget is spent", "[extract][pdf]") {
  piiscan::ExtractLimits limits;
  limits.max_total_bytes = 25;  // page 1 fits, page 2 does not
  TestSink sink(limits);
  piiscan::extract_pdf(two_page_pdf(), "invoice.pdf", limits, sink);
  CHECK(!sink.text_at("page 1").empty());
  CHECK(sink.text_at("page 2").empty());
  CHECK(sink.has_problem(ProblemKind::limit, "max_total_bytes"));
}

TEST_CASE("pdf page count is bounded by max_entries", "[extract][pdf]") {
  piiscan::ExtractLimits limits;
  limits.max_entries = 1;
  TestSink sink(limits);
  piiscan::extract_pdf(two_page_pdf(), "invoice.pdf", limits, sink);
  CHECK(!sink.text_at("page 1").empty());
  CHECK(sink.text_at("page 2").empty());
  CHECK(sink.has_problem(ProblemKind::limit, "max_entries"));
}

TEST_CASE("a pdf with a self-referential page tree finishes quickly (D04)", "[extract][pdf]") {
  TestSink sink;
  const auto start = std::chrono::steady_clock::now();
  piiscan::extract_pdf(k_self_referential_pdf, "selfref.pdf", {}, sink);
  const double seconds = seconds_since(start);
  CHECK(seconds < 1.0);
  WARN("D04 self-referential page tree: " << seconds * 1000 << " ms");
  CHECK(sink.all_text().find_first_not_of(" \n\f") == std::string::npos);
  CHECK(sink.has_problem(ProblemKind::corrupt));
}

TEST_CASE("garbage, empty and truncated pdfs are corrupt, not crashes", "[extract][pdf]") {
  const std::string pdf = two_page_pdf();
  for (const std::string& bytes :
       {std::string(), std::string("%PDF-1.7\n"), std::string("not a pdf at all"),
        pdf.substr(0, pdf.size() / 2)}) {
    TestSink sink;
    piiscan::extract_pdf(bytes, "bad.pdf", {}, sink);
    CHECK(sink.has_problem(ProblemKind::corrupt));
  }
}

TEST_CASE("a pdf with a user password is reported as encrypted", "[extract][pdf]") {
  if (!has_qpdf()) {
    WARN("qpdf not installed: encrypted-pdf test skipped");
    return;
  }
  const std::string encrypted = qpdf_encrypt(two_page_pdf(), "geheim", "");
  REQUIRE(!encrypted.empty());
  TestSink sink;
  piiscan::extract_pdf(encrypted, "locked.pdf", {}, sink);
  CHECK(sink.has_problem(ProblemKind::encrypted, "pdf"));
  CHECK(sink.texts.empty());
}

TEST_CASE("a pdf encrypted only with an owner password is read", "[extract][pdf]") {
  if (!has_qpdf()) {
    WARN("qpdf not installed: owner-password pdf test skipped");
    return;
  }
  const std::string encrypted = qpdf_encrypt(two_page_pdf(), "", "--extract=n");
  REQUIRE(!encrypted.empty());
  TestSink sink;
  piiscan::extract_pdf(encrypted, "restricted.pdf", {}, sink);
  CHECK(sink.problems.empty());
  CHECK(sink.text_at("page 2").find("DE89 3704 0044 0532 0130 00") != std::string::npos);
}

TEST_CASE("mutated pdfs never crash the extractor", "[extract][pdf][mutation]") {
  for (const std::string& bytes : piiscan::test::mutated_copies(two_page_pdf(), 300, 7)) {
    TestSink sink;
    piiscan::extract_pdf(bytes, "mutated.pdf", {}, sink);
    CHECK(sink.consumed == sink.all_text().size());
  }
}
