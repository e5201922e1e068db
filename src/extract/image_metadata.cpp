// Personal metadata of images through exiv2 (EXIF, XMP, IPTC of every format exiv2 opens).
//
// exiv2 0.27 keeps a visited set while reading IFDs, so an IFD cycle (bad-inputs D07) ends the
// read; it says so only in its log. Its error-level log is therefore captured per thread and
// becomes a `corrupt` problem: the metadata read before the error is still reported.
#include "extract/extractors.hpp"

#include "extract/image_text.hpp"

#include <exiv2/exiv2.hpp>

#include <algorithm>
#include <array>
#include <climits>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace piiscan {

namespace {

struct Found {
  std::string field;
  std::string value;
};

enum class Encoding { bytes, ucs2 };

struct ExifField {
  std::string_view key;
  Encoding encoding;
};

const std::array<ExifField, 9> k_exif_fields = {{
    {"Exif.Image.Artist", Encoding::bytes},
    {"Exif.Image.Copyright", Encoding::bytes},
    {"Exif.Image.XPAuthor", Encoding::ucs2},
    {"Exif.Photo.CameraOwnerName", Encoding::bytes},
    {"Exif.Photo.BodySerialNumber", Encoding::bytes},
    {"Exif.Canon.OwnerName", Encoding::bytes},
    {"Exif.Canon.SerialNumber", Encoding::bytes},
    {"Exif.Nikon3.SerialNumber", Encoding::bytes},
    {"Exif.Pentax.SerialNumber", Encoding::bytes},
}};

// An XMP property, or (`nested`) every leaf below a struct or array whose key ends in `suffix`;
// `field` names nested finds (empty: the datum's own key).
struct XmpField {
  std::string_view key;
  bool nested;
  std::string_view suffix;
  std::string_view field;
};

const std::array<XmpField, 11> k_xmp_fields = {{
    {"Xmp.dc.creator", false, "", ""},
    {"Xmp.dc.rights", false, "", ""},
    {"Xmp.tiff.Artist", false, "", ""},
    {"Xmp.photoshop.Author", false, "", ""},
    {"Xmp.exifEX.CameraOwnerName", false, "", ""},
    {"Xmp.exifEX.BodySerialNumber", false, "", ""},
    {"Xmp.aux.SerialNumber", false, "", ""},
    {"Xmp.iptcExt.PersonInImage", false, "", ""},
    {"Xmp.iptc.CreatorContactInfo", true, "", ""},
    {"Xmp.MP.RegionInfo", true, "/MPReg:PersonDisplayName", "Xmp.MP.RegionInfo"},
    {"Xmp.mwg-rs.Regions", true, "/mwg-rs:Name", "Xmp.mwg-rs.Regions"},
}};

const std::array<std::string_view, 3> k_iptc_fields = {
    "Iptc.Application2.Byline", "Iptc.Application2.Contact", "Iptc.Application2.Copyright"};

// The first error exiv2 logged on this thread during the current extraction.
thread_local std::string* t_exiv2_error = nullptr;

void capture_exiv2_log(int level, const char* message) {
  if (level >= Exiv2::LogMsg::error && t_exiv2_error != nullptr && t_exiv2_error->empty()) {
    *t_exiv2_error = message;
    while (!t_exiv2_error->empty() && t_exiv2_error->back() == '\n') {
      t_exiv2_error->pop_back();
    }
  }
}

// Routes exiv2's error log into `error` while alive; never prints it.
class Exiv2ErrorCapture {
 public:
  explicit Exiv2ErrorCapture(std::string& error) { t_exiv2_error = &error; }
  ~Exiv2ErrorCapture() { t_exiv2_error = nullptr; }
  Exiv2ErrorCapture(const Exiv2ErrorCapture&) = delete;
  Exiv2ErrorCapture& operator=(const Exiv2ErrorCapture&) = delete;
};

void init_exiv2() {
  static std::once_flag once;
  std::call_once(once, [] {
    Exiv2::XmpParser::initialize();  // not thread-safe itself, hence here
    Exiv2::LogMsg::setLevel(Exiv2::LogMsg::error);
    Exiv2::LogMsg::setHandler(capture_exiv2_log);
  });
}

void add(std::vector<Found>& found, std::string_view field, std::string value) {
  if (!value.empty()) {
    found.push_back({std::string(field), std::move(value)});
  }
}

// String-like EXIF values as their bytes; anything else (a hostile SHORT "Artist") as exiv2
// prints it.
std::string exif_value(const Exiv2::Exifdatum& datum, Encoding encoding) {
  const Exiv2::TypeId type = datum.typeId();
  if (type != Exiv2::asciiString && type != Exiv2::undefined && type != Exiv2::unsignedByte &&
      type != Exiv2::signedByte) {
    return exif_string_to_utf8(datum.toString());
  }
  std::string bytes(static_cast<std::size_t>(datum.size()), '\0');
  datum.copy(reinterpret_cast<Exiv2::byte*>(bytes.data()), Exiv2::littleEndian);
  return encoding == Encoding::ucs2 ? ucs2le_to_utf8(bytes) : exif_string_to_utf8(bytes);
}

std::optional<GpsCoordinate> gps_coordinate(const Exiv2::ExifData& exif, const char* key,
                                            const char* reference_key) {
  const auto datum = exif.findKey(Exiv2::ExifKey(key));
  if (datum == exif.end() || datum->count() < 3) {
    return std::nullopt;
  }
  GpsCoordinate coordinate;
  for (long i = 0; i < 3; ++i) {
    const Exiv2::Rational part = datum->toRational(i);
    coordinate.dms[static_cast<std::size_t>(i)] = {part.first, part.second};
  }
  const auto reference = exif.findKey(Exiv2::ExifKey(reference_key));
  if (reference != exif.end()) {
    coordinate.reference = reference->toString();
  }
  return coordinate;
}

void collect_exif(const Exiv2::ExifData& exif, std::vector<Found>& found) {
  for (const auto& datum : exif) {
    const std::string key = datum.key();
    for (const auto& field : k_exif_fields) {
      if (field.key == key) {
        add(found, key, exif_value(datum, field.encoding));
      }
    }
  }
  const auto latitude =
      gps_coordinate(exif, "Exif.GPSInfo.GPSLatitude", "Exif.GPSInfo.GPSLatitudeRef");
  const auto longitude =
      gps_coordinate(exif, "Exif.GPSInfo.GPSLongitude", "Exif.GPSInfo.GPSLongitudeRef");
  if (latitude && longitude) {
    if (auto position = format_gps_position(*latitude, *longitude)) {
      add(found, "GPS position", std::move(*position));
    }
  }
}

const XmpField* find_xmp_field(std::string_view key) {
  for (const auto& field : k_xmp_fields) {
    if (!field.nested && key == field.key) {
      return &field;
    }
    if (field.nested && key.size() > field.key.size() && key.starts_with(field.key) &&
        key[field.key.size()] == '/' && key.ends_with(field.suffix)) {
      return &field;
    }
  }
  return nullptr;
}

// Every text of an XMP value: each item of a bag/seq/alt, each language of a lang-alt.
void add_xmp_values(const Exiv2::Value& value, std::string_view field, std::vector<Found>& found) {
  if (const auto* languages = dynamic_cast<const Exiv2::LangAltValue*>(&value)) {
    for (const auto& [language, text] : languages->value_) {
      add(found, field, exif_string_to_utf8(text));
    }
  } else if (value.typeId() == Exiv2::xmpBag || value.typeId() == Exiv2::xmpSeq ||
             value.typeId() == Exiv2::xmpAlt) {
    for (long i = 0; i < value.count(); ++i) {
      add(found, field, exif_string_to_utf8(value.toString(i)));
    }
  } else {
    add(found, field, exif_string_to_utf8(value.toString()));
  }
}

void collect_xmp(const Exiv2::XmpData& xmp, std::vector<Found>& found) {
  for (const auto& datum : xmp) {
    const std::string key = datum.key();
    if (const XmpField* field = find_xmp_field(key)) {
      add_xmp_values(datum.value(), field->field.empty() ? key : field->field, found);
    }
  }
}

void collect_iptc(const Exiv2::IptcData& iptc, std::vector<Found>& found) {
  for (const auto& datum : iptc) {
    const std::string key = datum.key();
    for (std::string_view field : k_iptc_fields) {
      if (field == key) {
        add(found, key, exif_string_to_utf8(datum.toString()));
      }
    }
  }
}

// exiv2's format probes can throw on short input ("Failed to read input data"): that, too, means
// no format it knows.
int image_type(const Exiv2::byte* data, long size) {
  try {
    return Exiv2::ImageFactory::getType(data, size);
  } catch (const Exiv2::AnyError&) {
    return Exiv2::ImageType::none;
  }
}

// Opens the image and collects what exiv2 could read; a read error after a partial read still
// leaves the values read so far.
void read_image(std::string_view bytes, std::vector<Found>& found, DocumentSink& sink) {
  const auto* data = reinterpret_cast<const Exiv2::byte*>(bytes.data());
  const long size = static_cast<long>(bytes.size());
  if (image_type(data, size) == Exiv2::ImageType::none) {
    sink.problem(ProblemKind::unsupported, "image: format not read by exiv2");
    return;
  }
  auto image = Exiv2::ImageFactory::open(data, size);
  try {
    image->readMetadata();
  } catch (const Exiv2::AnyError& error) {
    sink.problem(ProblemKind::corrupt, std::string("image metadata: ") + error.what());
  }
  collect_exif(image->exifData(), found);
  collect_xmp(image->xmpData(), found);
  collect_iptc(image->iptcData(), found);
}

// Each value as metadata, and all of them as text "metadata" so the detectors see addresses
// and names in them.
void emit(std::vector<Found>& found, const ExtractLimits& limits, DocumentSink& sink) {
  if (found.size() > limits.max_entries) {
    found.resize(limits.max_entries);
    sink.problem(ProblemKind::limit, "max_entries");
  }
  std::string text;
  for (const auto& item : found) {
    std::string line = item.field + ": " + item.value;
    std::replace_if(line.begin(), line.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
    text += line + "\n";
  }
  if (text.empty() || !sink.consume(text.size())) {
    return;
  }
  for (const auto& item : found) {
    sink.metadata(item.field, item.value, "image_metadata");
  }
  sink.text(text, "metadata");
}

}  // namespace

void extract_image_metadata(std::string_view bytes, std::string_view /*name*/,
                            const ExtractLimits& limits, DocumentSink& sink) {
  if (bytes.size() > static_cast<std::size_t>(LONG_MAX)) {
    sink.problem(ProblemKind::limit, "image larger than exiv2 reads");
    return;
  }
  init_exiv2();
  std::string logged_error;
  std::vector<Found> found;
  try {
    const Exiv2ErrorCapture capture(logged_error);
    read_image(bytes, found, sink);
  } catch (const Exiv2::AnyError& error) {
    sink.problem(ProblemKind::corrupt, std::string("image metadata: ") + error.what());
  } catch (const std::exception& error) {
    sink.problem(ProblemKind::corrupt, std::string("image metadata: ") + error.what());
  }
  if (!logged_error.empty()) {
    sink.problem(ProblemKind::corrupt, "image metadata: " + logged_error);
  }
  emit(found, limits, sink);
}

}  // namespace piiscan
