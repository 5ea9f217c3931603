#include "core/npy.h"

#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "edgepose/file_io.h"

namespace edgepose {
namespace {

std::vector<uint8_t> Bytes(const std::string& text) { return std::vector<uint8_t>(text.begin(), text.end()); }

// A file as NumPy >= 1.14 writes np.array([[1, 2, 3], [-4, 5, -6]], dtype='<i2'), spelled out from
// the format spec: "\x93NUMPY", version 1.0, uint16 header length 118, the dict padded with spaces
// and a newline so the data starts at byte 128, then six little-endian int16.
std::vector<uint8_t> NumpyInt16File() {
  const std::string dict = "{'descr': '<i2', 'fortran_order': False, 'shape': (2, 3), }";
  std::string file = std::string("\x93NUMPY\x01\x00\x76\x00", 10) + dict + std::string(58, ' ') + "\n";
  const uint8_t data[] = {0x01, 0x00, 0x02, 0x00, 0x03, 0x00, 0xfc, 0xff, 0x05, 0x00, 0xfa, 0xff};
  file.append(reinterpret_cast<const char*>(data), sizeof(data));
  return Bytes(file);
}

Result<NpyArray> Parse(const std::vector<uint8_t>& bytes) { return ParseNpy(bytes.data(), bytes.size()); }

// A v1.0 file around an arbitrary header text (no padding rules applied), for malformed cases.
std::vector<uint8_t> WithHeader(const std::string& header, size_t data_bytes) {
  std::string file = std::string("\x93NUMPY\x01\x00", 8);
  file += static_cast<char>(header.size() & 0xff);
  file += static_cast<char>(header.size() >> 8);
  file += header + std::string(data_bytes, '\0');
  return Bytes(file);
}

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "npy_test_XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

TEST(NpyTest, ParsesFileLaidOutByTheSpec) {
  auto array = Parse(NumpyInt16File());
  ASSERT_TRUE(array) << array.error().message;
  EXPECT_EQ(array->dtype, DType::kInt16);
  EXPECT_EQ(array->shape, (Shape{2, 3}));
  ASSERT_EQ(array->data.size(), 12u);
  const int16_t* values = array->data_as<int16_t>();
  EXPECT_EQ(values[0], 1);
  EXPECT_EQ(values[3], -4);
  EXPECT_EQ(values[5], -6);
}

TEST(NpyTest, EncodesExactlyAsTheSpecLaysOut) {
  NpyArray array = MakeNpyArray(DType::kInt16, {2, 3});
  const int16_t values[] = {1, 2, 3, -4, 5, -6};
  std::memcpy(array.data.data(), values, sizeof(values));
  auto bytes = EncodeNpy(array);
  ASSERT_TRUE(bytes) << bytes.error().message;
  EXPECT_EQ(*bytes, NumpyInt16File());
}

TEST(NpyTest, HeaderOfEveryWrittenFileIsPaddedTo64Bytes) {
  for (const Shape& shape : {Shape{}, Shape{7}, Shape{1, 224, 224, 3}, Shape{1, 2254, 12}}) {
    auto bytes = EncodeNpy(MakeNpyArray(DType::kFloat32, shape));
    ASSERT_TRUE(bytes);
    const size_t header_length = (*bytes)[8] | ((*bytes)[9] << 8);
    EXPECT_EQ((10 + header_length) % 64, 0u) << ShapeToString(shape);
    EXPECT_EQ((*bytes)[10 + header_length - 1], '\n');
  }
}

TEST(NpyTest, PythonTupleSpellingOfShapes) {
  auto scalar = EncodeNpy(MakeNpyArray(DType::kFloat32, {}));
  auto vector = EncodeNpy(MakeNpyArray(DType::kUInt8, {3}));
  ASSERT_TRUE(scalar && vector);
  const std::string scalar_text(scalar->begin(), scalar->end());
  const std::string vector_text(vector->begin(), vector->end());
  EXPECT_NE(scalar_text.find("'shape': (), }"), std::string::npos);
  EXPECT_NE(vector_text.find("{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }"), std::string::npos);
}

TEST(NpyTest, RoundTripsEveryDtypeThroughAFile) {
  TempDir dir;
  const DType dtypes[] = {DType::kFloat32, DType::kFloat16, DType::kInt8, DType::kUInt8,
                          DType::kInt16,   DType::kInt32,   DType::kInt64, DType::kBool};
  for (DType dtype : dtypes) {
    NpyArray array = MakeNpyArray(dtype, {2, 1, 3});
    for (size_t i = 0; i < array.data.size(); ++i) array.data[i] = static_cast<uint8_t>(i * 37 + 11);
    if (dtype == DType::kBool) {
      for (auto& byte : array.data) byte &= 1;
    }
    const std::string path = dir.File(std::string(DTypeName(dtype)) + ".npy");
    ASSERT_TRUE(WriteNpy(path, array));
    auto back = ReadNpy(path);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->dtype, dtype) << DTypeName(dtype);
    EXPECT_EQ(back->shape, array.shape);
    EXPECT_EQ(back->data, array.data);
  }
}

TEST(NpyTest, ReadsVersion2Header) {
  const std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\n";
  std::string file = std::string("\x93NUMPY\x02\x00", 8);
  for (int i = 0; i < 4; ++i) file += static_cast<char>((dict.size() >> (8 * i)) & 0xff);
  const float values[] = {1.5f, -2.25f};
  file += dict + std::string(reinterpret_cast<const char*>(values), sizeof(values));
  auto array = Parse(Bytes(file));
  ASSERT_TRUE(array) << array.error().message;
  EXPECT_EQ(array->shape, (Shape{2}));
  EXPECT_EQ(array->data_as<float>()[1], -2.25f);
}

TEST(NpyTest, AcceptsKeysInAnyOrderAndDoubleQuotes) {
  auto array = Parse(WithHeader("{\"shape\": (1, 2), \"fortran_order\": False, \"descr\": \"|i1\"}\n", 2));
  ASSERT_TRUE(array) << array.error().message;
  EXPECT_EQ(array->dtype, DType::kInt8);
  EXPECT_EQ(array->shape, (Shape{1, 2}));
}

TEST(NpyTest, RejectsMalformedFilesWithAMessage) {
  const struct {
    std::string header;
    size_t data_bytes;
    std::string expected_problem;
  } cases[] = {
      {"{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", 8, "Fortran"},
      {"{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", 8, "big-endian"},
      {"{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }", 16, "unsupported dtype"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }", 8, "non-negative"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 7, "needs 8"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 9, "needs 8"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2,)", 8, "expected ',' or '}'"},
      {"{'descr': '<f4', 'shape': (2,), }", 8, "lacks"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'extra': 1}", 8, "unknown header key"},
      {"{'descr' '<f4', 'fortran_order': False, 'shape': (2,), }", 8, "expected ':' after 'descr'"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999,), }", 8, "too large"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2,), } junk", 8, "after the header"},
      {"", 0, "start with '{'"},
  };
  for (const auto& c : cases) {
    auto array = Parse(WithHeader(c.header, c.data_bytes));
    ASSERT_FALSE(array) << c.header;
    EXPECT_NE(array.error().message.find(c.expected_problem), std::string::npos)
        << c.header << " -> " << array.error().message;
  }
}

TEST(NpyTest, RejectsBadMagicVersionAndHeaderLength) {
  std::vector<uint8_t> file = NumpyInt16File();
  file[1] = 'X';
  EXPECT_FALSE(Parse(file));
  file = NumpyInt16File();
  file[6] = 4;
  auto bad_version = Parse(file);
  ASSERT_FALSE(bad_version);
  EXPECT_NE(bad_version.error().message.find("version 4"), std::string::npos);
  file = NumpyInt16File();
  file[8] = 0xff;
  file[9] = 0xff;  // header length beyond the end of the file
  auto truncated = Parse(file);
  ASSERT_FALSE(truncated);
  EXPECT_NE(truncated.error().message.find("truncated"), std::string::npos);
}

TEST(NpyTest, EveryTruncationIsAnErrorNotACrash) {
  const std::vector<uint8_t> file = NumpyInt16File();
  for (size_t size = 0; size < file.size(); ++size) {
    std::vector<uint8_t> prefix(file.begin(), file.begin() + size);  // exact-size buffer for ASan
    EXPECT_FALSE(ParseNpy(prefix.data(), prefix.size())) << "size " << size;
  }
}

TEST(NpyTest, EncodeRejectsDataOfTheWrongSize) {
  NpyArray array = MakeNpyArray(DType::kFloat32, {2, 2});
  array.data.pop_back();
  auto bytes = EncodeNpy(array);
  ASSERT_FALSE(bytes);
  EXPECT_NE(bytes.error().message.find("needs 16"), std::string::npos);
}

TEST(NpyTest, ReadErrorNamesThePath) {
  TempDir dir;
  const std::string path = dir.File("garbage.npy");
  ASSERT_TRUE(WriteFileAtomic(path, std::string_view("not numpy at all")));
  auto array = ReadNpy(path);
  ASSERT_FALSE(array);
  EXPECT_EQ(array.error().message, path + ": not a .npy file");
}

}  // namespace
}  // namespace edgepose
