// E-mail (RFC 5322 / MIME) extraction through GMime.
//
// GMime parses the whole message: it caps multipart nesting itself at 1024 levels, so a deep
// bomb cannot overflow its stack, and email_guard.hpp bounds its parsing time. This file walks
// the parsed tree with its own, lower depth cap and turns address headers and text parts into
// text, every other part into a member: attachments, but also inline images and non-text parts
// without a file name, which may carry metadata or documents. Embedded messages
// (message/rfc822) become members too, so the driver recurses into them under its depth limit.
#include "extract/extractors.hpp"

#include "extract/email_gmime.hpp"
#include "extract/email_guard.hpp"
#include "extract/email_html.hpp"

#include <array>
#include <cstdint>
#include <exception>
#include <string>

namespace piiscan {

namespace {

// Multipart levels walked below the message; deeper parts are reported, not read.
constexpr int k_max_mime_depth = 32;

// RFC 5322 forbids groups inside groups; the cap only guards against a parser that allows them.
constexpr int k_max_group_depth = 4;

struct AddressHeader {
  std::string_view name;
  InternetAddressList* (*get)(GMimeMessage*);
};

const std::array<AddressHeader, 6> k_address_headers = {{
    {"From", g_mime_message_get_from},
    {"Sender", g_mime_message_get_sender},
    {"Reply-To", g_mime_message_get_reply_to},
    {"To", g_mime_message_get_to},
    {"Cc", g_mime_message_get_cc},
    {"Bcc", g_mime_message_get_bcc},
}};

// A decoded header value on one line: folded or encoded line breaks become spaces.
std::string one_line(const char* value) {
  std::string line = to_utf8(value == nullptr ? "" : value, nullptr);
  for (char& c : line) {
    if (c == '\r' || c == '\n') {
      c = ' ';
    }
  }
  return line;
}

// Appends "Header: Name <address>" per mailbox of `list`, flattening groups.
void append_addresses(InternetAddressList* list, std::string_view header, int depth,
                      std::string& out) {
  if (list == nullptr || depth > k_max_group_depth) {
    return;
  }
  const int count = internet_address_list_length(list);
  for (int i = 0; i < count; ++i) {
    InternetAddress* address = internet_address_list_get_address(list, i);
    if (INTERNET_ADDRESS_IS_GROUP(address)) {
      append_addresses(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(address)), header,
                       depth + 1, out);
      continue;
    }
    if (!INTERNET_ADDRESS_IS_MAILBOX(address)) {
      continue;
    }
    const std::string name = one_line(internet_address_get_name(address));
    const std::string addr =
        one_line(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(address)));
    out.append(header).append(": ");
    out += name.empty() ? addr : name + " <" + addr + ">";
    out += '\n';
  }
}

// Pushes the address headers and the subject as text "headers"; false when the budget is spent.
bool emit_headers(GMimeMessage* message, DocumentSink& sink) {
  std::string text;
  for (const auto& header : k_address_headers) {
    append_addresses(header.get(message), header.name, 0, text);
  }
  if (const char* subject = g_mime_message_get_subject(message)) {
    text += "Subject: " + one_line(subject) + "\n";
  }
  if (text.empty()) {
    return true;
  }
  if (!sink.consume(text.size())) {
    return false;
  }
  sink.text(text, "headers");
  return true;
}

bool is_encrypted(GMimeObject* object) {
  if (GMIME_IS_MULTIPART_ENCRYPTED(object)) {
    return true;
  }
  return GMIME_IS_APPLICATION_PKCS7_MIME(object) &&
         g_mime_application_pkcs7_mime_get_smime_type(GMIME_APPLICATION_PKCS7_MIME(object)) ==
             GMIME_SECURE_MIME_TYPE_ENVELOPED_DATA;
}

// Detached signatures hold certificates, not content worth a member of its own.
bool is_detached_signature(GMimeObject* object) {
  GMimeContentType* type = g_mime_object_get_content_type(object);
  for (const char* subtype : {"pgp-signature", "pkcs7-signature", "x-pkcs7-signature"}) {
    if (g_mime_content_type_is_type(type, "application", subtype)) {
      return true;
    }
  }
  return false;
}

// Walks the MIME tree below a message, pushing body text and members into the sink.
class MimeWalker {
 public:
  MimeWalker(const ExtractLimits& limits, DocumentSink& sink) : m_limits(limits), m_sink(sink) {}

  // Visits `object`, which sits below `depth` multiparts.
  void walk(GMimeObject* object, int depth);

 private:
  bool stopped() const { return m_stopped || m_sink.exhausted(); }
  bool admit_part();
  void walk_multipart(GMimeMultipart* multipart, int depth);
  void visit_part(GMimePart* part);
  void visit_message_part(GMimeMessagePart* part);
  void emit_text(GMimePart* part, std::string_view location, bool html);
  void emit_member(const std::string& name, std::string_view bytes);
  std::string member_name(GMimeObject* object, bool message);

  const ExtractLimits& m_limits;
  DocumentSink& m_sink;
  std::uint64_t m_parts = 0;
  std::uint64_t m_members = 0;
  bool m_depth_reported = false;
  bool m_stopped = false;
};

void MimeWalker::walk(GMimeObject* object, int depth) {
  if (object == nullptr || stopped()) {
    return;
  }
  if (is_encrypted(object)) {
    m_sink.problem(ProblemKind::encrypted, "email: encrypted part");
  } else if (GMIME_IS_MULTIPART(object)) {
    walk_multipart(GMIME_MULTIPART(object), depth);
  } else if (GMIME_IS_MESSAGE_PART(object)) {
    visit_message_part(GMIME_MESSAGE_PART(object));
  } else if (GMIME_IS_PART(object)) {
    visit_part(GMIME_PART(object));
  }
}

void MimeWalker::walk_multipart(GMimeMultipart* multipart, int depth) {
  if (depth >= k_max_mime_depth) {
    if (!m_depth_reported) {
      m_sink.problem(ProblemKind::limit, "max_mime_depth");
      m_depth_reported = true;
    }
    return;
  }
  const int count = g_mime_multipart_get_count(multipart);
  for (int i = 0; i < count && !stopped(); ++i) {
    walk(g_mime_multipart_get_part(multipart, i), depth + 1);
  }
}

// Counts a leaf or embedded message against max_entries.
bool MimeWalker::admit_part() {
  if (++m_parts > m_limits.max_entries) {
    m_sink.problem(ProblemKind::limit, "max_entries");
    m_stopped = true;
    return false;
  }
  return true;
}

void MimeWalker::visit_part(GMimePart* part) {
  GMimeObject* object = GMIME_OBJECT(part);
  if (is_detached_signature(object) || !admit_part()) {
    return;
  }
  const bool attachment =
      g_mime_part_is_attachment(part) || g_mime_part_get_filename(part) != nullptr;
  GMimeContentType* type = g_mime_object_get_content_type(object);
  if (!attachment && g_mime_content_type_is_type(type, "text", "plain")) {
    emit_text(part, "body", false);
  } else if (!attachment && g_mime_content_type_is_type(type, "text", "html")) {
    emit_text(part, "html", true);
  } else {
    // Inline images and other non-text parts are scanned as files too (EXIF, PDFs …).
    emit_member(member_name(object, false), decoded_content(part));
  }
}

void MimeWalker::visit_message_part(GMimeMessagePart* part) {
  GMimeMessage* message = g_mime_message_part_get_message(part);
  if (message == nullptr || !admit_part()) {
    return;
  }
  emit_member(member_name(GMIME_OBJECT(part), true), serialize_object(GMIME_OBJECT(message)));
}

void MimeWalker::emit_text(GMimePart* part, std::string_view location, bool html) {
  const char* charset = g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset");
  std::string text = to_utf8(decoded_content(part), charset);
  if (html) {
    text = strip_html_tags(text);
  }
  if (text.size() > m_limits.max_member_bytes) {
    text.resize(m_limits.max_member_bytes);
    m_sink.problem(ProblemKind::limit, "max_member_bytes");
  }
  if (text.empty()) {
    return;
  }
  if (text.back() != '\n') {
    text.push_back('\n');
  }
  if (!m_sink.consume(text.size())) {
    m_stopped = true;
    return;
  }
  m_sink.text(text, location);
}

void MimeWalker::emit_member(const std::string& name, std::string_view bytes) {
  if (bytes.size() > m_limits.max_member_bytes) {
    m_sink.problem(ProblemKind::limit, "max_member_bytes");
    return;
  }
  if (!m_sink.consume(bytes.size())) {
    m_stopped = true;
    return;
  }
  m_sink.member(name, bytes);
}

// The attachment's file name (RFC 2231 decoded by GMime), else "attachment-N" (".eml" for an
// embedded message so the driver's extension hint fits).
std::string MimeWalker::member_name(GMimeObject* object, bool message) {
  ++m_members;
  const char* filename = GMIME_IS_PART(object)
                             ? g_mime_part_get_filename(GMIME_PART(object))
                             : g_mime_object_get_content_disposition_parameter(object, "filename");
  if (filename == nullptr) {
    filename = g_mime_object_get_content_type_parameter(object, "name");
  }
  if (filename != nullptr && *filename != '\0') {
    return one_line(filename);
  }
  return "attachment-" + std::to_string(m_members) + (message ? ".eml" : "");
}

}  // namespace

void extract_email(std::string_view bytes, std::string_view /*name*/, const ExtractLimits& limits,
                   DocumentSink& sink) {
  try {
    const std::size_t affordable = affordable_mime_prefix(bytes, k_max_boundary_checks);
    if (affordable < bytes.size()) {
      sink.problem(ProblemKind::limit, "mime_boundary_checks");
    }
    const GObjectPtr<GMimeMessage> message = parse_message(bytes.substr(0, affordable));
    if (!message) {
      sink.problem(ProblemKind::corrupt, "email: cannot be parsed");
      return;
    }
    if (!emit_headers(message.get(), sink)) {
      return;
    }
    MimeWalker(limits, sink).walk(g_mime_message_get_mime_part(message.get()), 0);
  } catch (const std::exception& error) {
    // GMime is C and aborts on out-of-memory; only our own std::string growth can throw here.
    sink.problem(ProblemKind::corrupt, std::string("email: ") + error.what());
  }
}

}  // namespace piiscan
