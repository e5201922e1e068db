// Compact owned strings for the fields of a finding, of which a scan holds hundreds of
// thousands at once.
//
// ShortString: an owned string that keeps up to 31 bytes in itself, in the 32 bytes a
// std::string takes, and only longer text on the heap.
//
// Why: every finding owns its masked excerpt, and an IBAN (22 or 27 bytes) or an e-mail address
// is longer than std::string's 15 inline bytes. In an HR export that was one allocation and one
// free per finding, about 45 M of the 984 M instructions of a scan (malloc's slow paths, as the
// excerpts live until their file is reported).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

namespace piiscan {

class ShortString {
 public:
  static constexpr std::size_t k_inline = 31;

  ShortString() noexcept { set_inline_size(0); }
  ShortString(std::string_view text) : ShortString() { assign(text); }  // NOLINT: as std::string
  ShortString(const char* text) : ShortString(std::string_view(text)) {}  // NOLINT
  ShortString(const ShortString& other) : ShortString() { assign(other.view()); }
  ShortString(ShortString&& other) noexcept {
    std::memcpy(m_bytes, other.m_bytes, sizeof m_bytes);
    other.set_inline_size(0);
  }
  ShortString& operator=(const ShortString& other) { return *this = other.view(); }
  ShortString& operator=(ShortString&& other) noexcept {
    if (this != &other) {
      release();
      std::memcpy(m_bytes, other.m_bytes, sizeof m_bytes);
      other.set_inline_size(0);
    }
    return *this;
  }
  // Through a copy: `text` may lie in this string's own bytes, which writing would overwrite.
  ShortString& operator=(std::string_view text) { return *this = ShortString(text); }
  ShortString& operator=(const char* text) { return *this = std::string_view(text); }
  ~ShortString() { release(); }

  // Makes the string `size` bytes of unspecified content and returns them to be written.
  char* overwrite(std::size_t size) {
    release();
    if (size <= k_inline) {
      set_inline_size(size);
      return m_bytes;
    }
    char* heap = new char[size];
    std::memcpy(m_bytes, &heap, sizeof heap);
    std::memcpy(m_bytes + sizeof heap, &size, sizeof size);
    m_bytes[k_tag] = static_cast<char>(k_on_heap);
    return heap;
  }
  // Keeps the first `size` bytes (at most size()).
  void truncate(std::size_t size) noexcept {
    if (on_heap()) {
      std::memcpy(m_bytes + sizeof(char*), &size, sizeof size);
    } else {
      set_inline_size(size);
    }
  }

  const char* data() const noexcept { return on_heap() ? heap_data() : m_bytes; }
  std::size_t size() const noexcept {
    if (!on_heap()) {
      return static_cast<unsigned char>(m_bytes[k_tag]);
    }
    std::size_t size = 0;
    std::memcpy(&size, m_bytes + sizeof(char*), sizeof size);
    return size;
  }
  bool empty() const noexcept { return size() == 0; }
  std::string_view view() const noexcept { return {data(), size()}; }
  operator std::string_view() const noexcept { return view(); }  // NOLINT: as std::string

  friend bool operator==(const ShortString& a, std::string_view b) noexcept {
    return a.view() == b;
  }
  friend std::ostream& operator<<(std::ostream& out, const ShortString& text) {
    return out << text.view();
  }

 private:
  static constexpr std::size_t k_tag = k_inline;  // the last byte: inline size, or k_on_heap
  static constexpr unsigned char k_on_heap = 0xFF;

  bool on_heap() const noexcept { return static_cast<unsigned char>(m_bytes[k_tag]) == k_on_heap; }
  char* heap_data() const noexcept {
    char* heap = nullptr;
    std::memcpy(&heap, m_bytes, sizeof heap);
    return heap;
  }
  void set_inline_size(std::size_t size) noexcept {
    m_bytes[k_tag] = static_cast<char>(static_cast<unsigned char>(size));
  }
  void assign(std::string_view text) {
    char* to = overwrite(text.size());
    if (!text.empty()) {
      std::memcpy(to, text.data(), text.size());
    }
  }
  void release() noexcept {
    if (on_heap()) {
      delete[] heap_data();
      set_inline_size(0);
    }
  }

  alignas(char*) char m_bytes[k_inline + 1];
};

static_assert(sizeof(ShortString) == 32);

// RareString: an owned string that is nearly always empty, in the 8 bytes of a pointer. A
// finding's document location and raw value are set only in documents and with
// --show-values; as two std::strings they were 64 of a finding's 152 bytes, written for each
// of the hundreds of thousands of findings of an HR export.
class RareString {
 public:
  RareString() noexcept = default;
  RareString(std::string_view text) { assign(text); }  // NOLINT: implicit, as std::string
  RareString(const char* text) : RareString(std::string_view(text)) {}  // NOLINT
  RareString(const RareString& other) { assign(other.view()); }
  RareString(RareString&& other) noexcept = default;
  RareString& operator=(const RareString& other) {
    if (this != &other) {
      assign(other.view());
    }
    return *this;
  }
  RareString& operator=(RareString&& other) noexcept = default;
  RareString& operator=(std::string_view text) {
    assign(text);
    return *this;
  }
  RareString& operator=(const char* text) { return *this = std::string_view(text); }
  ~RareString() = default;

  bool empty() const noexcept { return !m_text; }
  std::size_t size() const noexcept { return m_text ? m_text->size() : 0; }
  std::string_view view() const noexcept { return m_text ? std::string_view(*m_text) : ""; }
  operator std::string_view() const noexcept { return view(); }  // NOLINT: as std::string

  friend bool operator==(const RareString& a, std::string_view b) noexcept {
    return a.view() == b;
  }
  friend std::ostream& operator<<(std::ostream& out, const RareString& text) {
    return out << text.view();
  }

 private:
  void assign(std::string_view text) {
    m_text = text.empty() ? nullptr : std::make_unique<std::string>(text);
  }

  std::unique_ptr<std::string> m_text;  // null when empty
};

static_assert(sizeof(RareString) == sizeof(void*));

}  // namespace piiscan
