#include "extract/office_package.hpp"

#include "extract/xml_text.hpp"

#include <algorithm>
#include <cctype>

namespace piiscan {
namespace {

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

std::string_view digit_run(std::string_view text, std::size_t pos) {
  std::size_t end = pos;
  while (end < text.size() && is_digit(text[end])) {
    ++end;
  }
  return text.substr(pos, end - pos);
}

// Compares two digit runs as numbers without converting them (they may be long).
int compare_numbers(std::string_view a, std::string_view b) {
  a.remove_prefix(std::min(a.find_first_not_of('0'), a.size()));
  b.remove_prefix(std::min(b.find_first_not_of('0'), b.size()));
  if (a.size() != b.size()) {
    return a.size() < b.size() ? -1 : 1;
  }
  return a.compare(b);
}

std::string rels_name(std::string_view name) {
  std::size_t slash = name.rfind('/');
  std::string_view dir = slash == std::string_view::npos ? "" : name.substr(0, slash + 1);
  std::string_view file = slash == std::string_view::npos ? name : name.substr(slash + 1);
  return std::string(dir) + "_rels/" + std::string(file) + ".rels";
}

std::string_view directory_of(std::string_view name) {
  std::size_t slash = name.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : name.substr(0, slash);
}

}  // namespace

OfficePackage::OfficePackage(const ExtractLimits& limits, DocumentSink& sink)
    : m_limits(limits), m_sink(sink) {}

void OfficePackage::add(std::string_view name, std::string_view data) {
  m_parts.insert_or_assign(std::string(name), std::string(data));
}

bool OfficePackage::has(std::string_view name) const { return m_parts.find(name) != m_parts.end(); }

std::vector<std::string> OfficePackage::names(std::string_view prefix,
                                              std::string_view suffix) const {
  std::vector<std::string> found;
  for (auto it = m_parts.lower_bound(prefix); it != m_parts.end(); ++it) {
    std::string_view name = it->first;
    if (name.substr(0, prefix.size()) != prefix) {
      break;
    }
    std::string_view rest = name.substr(prefix.size());
    if (rest.size() >= suffix.size() && rest.substr(rest.size() - suffix.size()) == suffix &&
        rest.find('/') == std::string_view::npos) {
      found.emplace_back(name);
    }
  }
  std::sort(found.begin(), found.end(), natural_less);
  return found;
}

bool OfficePackage::visit(std::string_view name, const std::function<void(pugi::xml_node)>& fn) {
  auto it = m_parts.find(name);
  if (it == m_parts.end() || m_sink.exhausted()) {
    return false;
  }
  // A part of exactly max_member_bytes was cut by the archive reader, which said so already.
  bool truncated = it->second.size() >= m_limits.max_member_bytes;
  if (it->second.size() > m_limits.max_xml_part_bytes) {
    it->second.resize(m_limits.max_xml_part_bytes);
    m_sink.problem(ProblemKind::limit, "max_xml_part_bytes: " + it->first);
    truncated = true;
  }
  bool ran = false;
  {
    pugi::xml_document document;
    if (parse_xml_part(it->second, it->first, truncated, document, m_sink)) {
      fn(document);
      ran = true;
    }
  }
  m_parts.erase(it);
  return ran;
}

std::map<std::string, Relationship> OfficePackage::relationships(std::string_view name) {
  std::map<std::string, Relationship> found;
  std::string_view base = directory_of(name);
  visit(rels_name(name), [&](pugi::xml_node document) {
    pugi::xml_node root = child_element(document, "Relationships");
    for (pugi::xml_node item : root.children()) {
      if (local_name(item.name()) != "Relationship" ||
          std::string_view(item.attribute("TargetMode").value()) == "External") {
        continue;
      }
      found[item.attribute("Id").value()] = {
          item.attribute("Type").value(),
          resolve_part_name(base, item.attribute("Target").value())};
    }
  });
  return found;
}

void read_properties(pugi::xml_node parent, std::span<const PropertyField> metadata,
                     std::span<const std::string_view> text, DocumentSink& sink) {
  TextFlow flow(sink, "properties");
  for (pugi::xml_node child = parent.first_child(); child; child = child.next_sibling()) {
    std::string_view name = local_name(child.name());
    std::string value = element_text(child);
    std::string_view trimmed = trim_space(value);
    if (trimmed.empty()) {
      continue;
    }
    auto field = std::find_if(metadata.begin(), metadata.end(),
                              [&](const PropertyField& entry) { return entry.local == name; });
    if (field != metadata.end()) {
      sink.metadata(field->field, trimmed, "metadata");
    } else if (std::find(text.begin(), text.end(), name) != text.end()) {
      flow.append(trimmed);
      flow.end_paragraph();
    }
  }
}

std::string resolve_part_name(std::string_view base_dir, std::string_view target) {
  std::string joined =
      target.substr(0, 1) == "/"
          ? std::string(target.substr(1))
          : std::string(base_dir) + (base_dir.empty() ? "" : "/") + std::string(target);
  std::vector<std::string_view> segments;
  std::string_view rest = joined;
  while (!rest.empty()) {
    std::size_t slash = rest.find('/');
    std::string_view segment = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (segment == "..") {
      if (!segments.empty()) {
        segments.pop_back();
      }
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
  }
  std::string resolved;
  for (std::string_view segment : segments) {
    resolved.append(resolved.empty() ? "" : "/").append(segment);
  }
  return resolved;
}

unsigned long part_number(std::string_view name) {
  std::size_t slash = name.rfind('/');
  std::string_view file = slash == std::string_view::npos ? name : name.substr(slash + 1);
  std::size_t first = file.find_first_of("0123456789");
  if (first == std::string_view::npos) {
    return 0;
  }
  std::string_view digits = digit_run(file, first).substr(0, 9);
  unsigned long value = 0;
  for (char digit : digits) {
    value = value * 10 + static_cast<unsigned long>(digit - '0');
  }
  return value;
}

bool natural_less(std::string_view a, std::string_view b) {
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < b.size()) {
    if (is_digit(a[i]) && is_digit(b[j])) {
      std::string_view x = digit_run(a, i);
      std::string_view y = digit_run(b, j);
      if (int order = compare_numbers(x, y); order != 0) {
        return order < 0;
      }
      i += x.size();
      j += y.size();
    } else if (a[i] != b[j]) {
      return a[i] < b[j];
    } else {
      ++i;
      ++j;
    }
  }
  return a.size() - i < b.size() - j;
}

}  // namespace piiscan
