#include "core/npy.h"

#include <bit>
#include <cstring>
#include <limits>
#include <string_view>

#include "edgepose/file_io.h"

namespace edgepose {
namespace {

static_assert(std::endian::native == std::endian::little, ".npy I/O assumes a little-endian host");

constexpr uint8_t kMagic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
constexpr size_t kPreludeV1 = 10;   // magic, major, minor, uint16 header length
constexpr size_t kPreludeV2 = 12;   // ... uint32 header length
constexpr size_t kAlignment = 64;   // the spec aligns the data start to 64 bytes

struct DescrEntry {
  const char* code;  // descr without its byte-order character
  DType dtype;
};
constexpr DescrEntry kDescrs[] = {
    {"f4", DType::kFloat32}, {"f2", DType::kFloat16}, {"i1", DType::kInt8},  {"u1", DType::kUInt8},
    {"i2", DType::kInt16},   {"i4", DType::kInt32},   {"i8", DType::kInt64}, {"b1", DType::kBool},
};

// The header is a Python dict literal such as
//   {'descr': '<f4', 'fortran_order': False, 'shape': (1, 224, 224, 3), }
// This reads exactly that grammar: string keys; a string, a bool or a tuple of ints as values.
class HeaderParser {
 public:
  explicit HeaderParser(std::string_view text) : text_(text) {}

  Status Parse(NpyArray* array) {
    bool have_descr = false, have_order = false, have_shape = false;
    SkipSpace();
    if (!Consume('{')) return Fail("header does not start with '{'");
    while (true) {
      SkipSpace();
      if (Consume('}')) break;
      EP_ASSIGN_OR_RETURN(std::string key, ParseString());
      SkipSpace();
      if (!Consume(':')) return Fail("expected ':' after '" + key + "'");
      SkipSpace();
      if (key == "descr") {
        EP_ASSIGN_OR_RETURN(std::string descr, ParseString());
        EP_ASSIGN_OR_RETURN(array->dtype, DescrToDType(descr));
        have_descr = true;
      } else if (key == "fortran_order") {
        EP_ASSIGN_OR_RETURN(bool fortran, ParseBool());
        if (fortran) return Fail("Fortran-order arrays are not supported");
        have_order = true;
      } else if (key == "shape") {
        EP_ASSIGN_OR_RETURN(array->shape, ParseShape());
        have_shape = true;
      } else {
        return Fail("unknown header key '" + key + "'");
      }
      SkipSpace();
      if (Consume(',')) continue;
      SkipSpace();
      if (Consume('}')) break;
      return Fail("expected ',' or '}' in header");
    }
    if (!have_descr || !have_order || !have_shape) {
      return Fail("header lacks one of 'descr', 'fortran_order', 'shape'");
    }
    SkipSpace();  // the spec pads with spaces and a final newline
    if (pos_ != text_.size()) return Fail("unexpected text after the header dict");
    return Ok();
  }

 private:
  static tl::unexpected<Error> Fail(const std::string& problem) { return MakeError("bad .npy header: " + problem); }

  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\t')) ++pos_;
  }
  bool Consume(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  Result<std::string> ParseString() {
    if (pos_ >= text_.size() || (text_[pos_] != '\'' && text_[pos_] != '"')) return Fail("expected a quoted string");
    const char quote = text_[pos_++];
    const size_t end = text_.find(quote, pos_);
    if (end == std::string_view::npos) return Fail("unterminated string");
    std::string value(text_.substr(pos_, end - pos_));
    pos_ = end + 1;
    return value;
  }

  Result<bool> ParseBool() {
    for (auto [word, value] : {std::pair{std::string_view("True"), true}, std::pair{std::string_view("False"), false}}) {
      if (text_.substr(pos_, word.size()) == word) {
        pos_ += word.size();
        return value;
      }
    }
    return Fail("expected True or False");
  }

  Result<Shape> ParseShape() {
    if (!Consume('(')) return Fail("shape is not a tuple");
    Shape shape;
    while (true) {
      SkipSpace();
      if (Consume(')')) return shape;
      int64_t dim = 0;
      size_t digits = 0;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
        dim = dim * 10 + (text_[pos_++] - '0');
        if (dim > std::numeric_limits<int32_t>::max()) return Fail("shape dimension too large");
        ++digits;
      }
      if (digits == 0) return Fail("shape entries must be non-negative integers");
      shape.push_back(static_cast<int32_t>(dim));
      SkipSpace();
      if (Consume(',')) continue;
      SkipSpace();
      if (Consume(')')) return shape;
      return Fail("expected ',' or ')' in shape");
    }
  }

  static Result<DType> DescrToDType(const std::string& descr) {
    if (descr.size() != 3) return Fail("unsupported dtype '" + descr + "'");
    const char order = descr[0];
    for (const DescrEntry& entry : kDescrs) {
      if (descr.compare(1, 2, entry.code) != 0) continue;
      const bool one_byte = DTypeSize(entry.dtype) == 1;
      // '|' means "not applicable" (1-byte types); '=' is native order, little-endian here.
      if (order == '<' || order == '=' || (one_byte && (order == '|' || order == '>'))) return entry.dtype;
      if (order == '>') return Fail("big-endian dtype '" + descr + "' is not supported");
      return Fail("bad byte order in dtype '" + descr + "'");
    }
    return Fail("unsupported dtype '" + descr + "'");
  }

  std::string_view text_;
  size_t pos_ = 0;
};

const char* DTypeToDescr(DType dtype) {
  switch (dtype) {
    case DType::kFloat32: return "<f4";
    case DType::kFloat16: return "<f2";
    case DType::kInt8: return "|i1";
    case DType::kUInt8: return "|u1";
    case DType::kInt16: return "<i2";
    case DType::kInt32: return "<i4";
    case DType::kInt64: return "<i8";
    case DType::kBool: return "|b1";
    case DType::kString: return nullptr;
  }
  return nullptr;
}

uint32_t ReadLittleEndian(const uint8_t* bytes, size_t count) {
  uint32_t value = 0;
  for (size_t i = 0; i < count; ++i) value |= static_cast<uint32_t>(bytes[i]) << (8 * i);
  return value;
}

// Bytes needed by the shape, or an error when the product overflows.
Result<size_t> DataBytes(const Shape& shape, DType dtype) {
  uint64_t bytes = DTypeSize(dtype);
  for (int32_t dim : shape) {
    if (dim < 0) return MakeError("negative dimension in shape " + ShapeToString(shape));
    if (dim != 0 && bytes > std::numeric_limits<uint64_t>::max() / static_cast<uint64_t>(dim)) {
      return MakeError("shape " + ShapeToString(shape) + " is too large");
    }
    bytes *= static_cast<uint64_t>(dim);
  }
  if (bytes > std::numeric_limits<size_t>::max()) return MakeError("shape " + ShapeToString(shape) + " is too large");
  return static_cast<size_t>(bytes);
}

}  // namespace

NpyArray MakeNpyArray(DType dtype, Shape shape) {
  NpyArray array;
  array.dtype = dtype;
  array.shape = std::move(shape);
  const int64_t count = NumElements(array.shape);
  array.data.assign(count > 0 ? static_cast<size_t>(count) * DTypeSize(dtype) : 0, 0);
  return array;
}

Result<NpyArray> ParseNpy(const uint8_t* bytes, size_t size) {
  if (size < kPreludeV1 || std::memcmp(bytes, kMagic, sizeof(kMagic)) != 0) return MakeError("not a .npy file");
  const uint8_t major = bytes[6];
  size_t prelude = 0;
  size_t header_length = 0;
  if (major == 1) {
    prelude = kPreludeV1;
    header_length = ReadLittleEndian(bytes + 8, 2);
  } else if (major == 2 || major == 3) {  // 3.0 differs from 2.0 only in allowing utf-8 in the header
    if (size < kPreludeV2) return MakeError("truncated .npy header");
    prelude = kPreludeV2;
    header_length = ReadLittleEndian(bytes + 8, 4);
  } else {
    return MakeError("unsupported .npy version " + std::to_string(major));
  }
  if (header_length > size - prelude) return MakeError("truncated .npy header");

  NpyArray array;
  HeaderParser parser(std::string_view(reinterpret_cast<const char*>(bytes + prelude), header_length));
  EP_RETURN_IF_ERROR(parser.Parse(&array));
  EP_ASSIGN_OR_RETURN(size_t expected, DataBytes(array.shape, array.dtype));
  const size_t available = size - prelude - header_length;
  if (available != expected) {
    return MakeError(".npy data has " + std::to_string(available) + " bytes, " + DTypeName(array.dtype) +
                     " " + ShapeToString(array.shape) + " needs " + std::to_string(expected));
  }
  const uint8_t* data = bytes + prelude + header_length;
  array.data.assign(data, data + expected);
  return array;
}

Result<std::vector<uint8_t>> EncodeNpy(const NpyArray& array) {
  const char* descr = DTypeToDescr(array.dtype);
  if (!descr) return MakeError(std::string("dtype ") + DTypeName(array.dtype) + " has no .npy equivalent");
  EP_ASSIGN_OR_RETURN(size_t expected, DataBytes(array.shape, array.dtype));
  if (array.data.size() != expected) {
    return MakeError("array has " + std::to_string(array.data.size()) + " bytes, " + DTypeName(array.dtype) +
                     " " + ShapeToString(array.shape) + " needs " + std::to_string(expected));
  }
  // Python's tuple repr: "()", "(3,)", "(1, 2, 3)".
  std::string shape = "(";
  for (size_t i = 0; i < array.shape.size(); ++i) {
    if (i) shape += ", ";
    shape += std::to_string(array.shape[i]);
  }
  if (array.shape.size() == 1) shape += ",";
  shape += ")";
  std::string header = std::string("{'descr': '") + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
  const size_t unpadded = kPreludeV1 + header.size() + 1;  // + the final '\n'
  header.append((kAlignment - unpadded % kAlignment) % kAlignment, ' ');
  header += '\n';
  if (header.size() > std::numeric_limits<uint16_t>::max()) return MakeError("shape too long for a v1.0 .npy header");

  std::vector<uint8_t> out(kMagic, kMagic + sizeof(kMagic));
  out.push_back(1);  // version 1.0
  out.push_back(0);
  out.push_back(static_cast<uint8_t>(header.size() & 0xff));
  out.push_back(static_cast<uint8_t>(header.size() >> 8));
  out.insert(out.end(), header.begin(), header.end());
  out.insert(out.end(), array.data.begin(), array.data.end());
  return out;
}

Result<NpyArray> ReadNpy(const std::string& path) {
  EP_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, ReadFileBytes(path));
  return WithContext(ParseNpy(bytes.data(), bytes.size()), path);
}

Status WriteNpy(const std::string& path, const NpyArray& array) {
  EP_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, WithContext(EncodeNpy(array), path));
  return WriteFileAtomic(path, bytes);
}

}  // namespace edgepose
