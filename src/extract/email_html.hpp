// Crude HTML-to-text for e-mail bodies: enough for the detectors, not a renderer.
#pragma once

#include <string>
#include <string_view>

namespace piiscan {

// Returns the text of `html` (UTF-8): tags, comments and the content of <script>/<style> are
// dropped, block-level tags (<br>, <p>, <div>, <tr>, <li>, headings) become line breaks, table
// cells a space, and character references (&amp;, &auml;, &#228;, &#xE4; …) are decoded; an
// unknown or malformed reference is kept as written. Linear in the input; never throws except
// std::bad_alloc.
std::string strip_html_tags(std::string_view html);

}  // namespace piiscan
