// Model: load (identifier, flatbuffers Verifier, unpack, our checks), serialize (pack, finish
// with "TFL3", verify the result) and save atomically.
#include "edgepose/model.h"

#include <cstdint>
#include <cstring>
#include <limits>
#include <utility>

#include "edgepose/file_io.h"
#include "model/verifier.h"

namespace edgepose {
namespace {

// flatbuffers offsets are 32-bit signed: a single flatbuffer stays below 2 GiB.
constexpr uint64_t kMaxFlatbufferBytes = (uint64_t{1} << 31) - 1;
constexpr size_t kMinModelBytes = 8;  // root offset + file identifier
// Generous for TFLite (tables nest ~6 deep); bounds the Verifier's work on hostile input.
constexpr flatbuffers::uoffset_t kMaxDepth = 64;
constexpr flatbuffers::uoffset_t kMaxTables = 10'000'000;

Result<std::unique_ptr<tfl::ModelT>> VerifyAndUnpack(const uint8_t* data, size_t size) {
  if (size < kMinModelBytes) {
    return MakeError("file is too small to be a TFLite model (" + std::to_string(size) + " bytes)");
  }
  if (size >= kMaxFlatbufferBytes) {
    return MakeError("models larger than 2 GB (external buffers) are not supported");
  }
  if (!tfl::ModelBufferHasIdentifier(data)) {
    return MakeError("not a TFLite model (missing \"" + std::string(tfl::ModelIdentifier()) +
                     "\" file identifier)");
  }
  flatbuffers::Verifier::Options options;
  options.max_depth = kMaxDepth;
  options.max_tables = kMaxTables;
  flatbuffers::Verifier verifier(data, size, options);
  if (!tfl::VerifyModelBuffer(verifier)) {
    return MakeError("corrupt flatbuffer (the flatbuffers verifier rejected the file)");
  }
  return std::unique_ptr<tfl::ModelT>(tfl::GetModel(data)->UnPack());
}

// Upper bound of the serialized size from the bulk data, checked before packing because the
// flatbuffers builder aborts instead of failing when it passes 2 GiB.
uint64_t BulkBytes(const tfl::ModelT& ir) {
  uint64_t bytes = 0;
  for (const auto& buffer : ir.buffers) bytes += buffer ? buffer->data.size() + 16 : 0;
  for (const auto& subgraph : ir.subgraphs) {
    if (!subgraph) continue;
    for (const auto& op : subgraph->operators) bytes += op ? op->custom_options.size() : 0;
  }
  return bytes;
}

}  // namespace

Model::Model(std::unique_ptr<tfl::ModelT> ir, std::string name)
    : ir_(std::move(ir)), name_(std::move(name)) {}
Model::Model(Model&&) noexcept = default;
Model& Model::operator=(Model&&) noexcept = default;
Model::~Model() = default;

Result<Model> Model::Load(const std::string& path) {
  EP_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, ReadFileBytes(path));
  return FromBytes(bytes.data(), bytes.size(), path);
}

Result<Model> Model::FromBytes(const uint8_t* data, size_t size, const std::string& name) {
  // Unpacking reads scalars in place, so give it an aligned copy when the caller's is not.
  std::vector<uint8_t> aligned_copy;
  if (data && reinterpret_cast<uintptr_t>(data) % alignof(std::max_align_t) != 0) {
    aligned_copy.assign(data, data + size);
    data = aligned_copy.data();
  }
  if (!data) size = 0;
  auto ir = VerifyAndUnpack(data, size);
  if (!ir) return MakeError(name + ": " + ir.error().message);
  return FromIr(std::move(*ir), name);
}

Result<Model> Model::FromIr(std::unique_ptr<tfl::ModelT> ir, const std::string& name) {
  if (!ir) return MakeError(name + ": no model");
  Model model(std::move(ir), name);
  EP_RETURN_IF_ERROR(model.Validate());
  return model;
}

Status Model::Validate() const {
  return WithContext(model::VerifyModelIr(*ir_), name_);
}

Result<std::vector<uint8_t>> Model::Serialize() const {
  EP_RETURN_IF_ERROR(Validate());  // packing dereferences union members: never pack a bad IR
  const uint64_t bulk = BulkBytes(*ir_);
  if (bulk > kMaxFlatbufferBytes / 2) {
    return MakeError(name_ + ": model data (" + std::to_string(bulk) +
                     " bytes) too large: models larger than 2 GB are not supported");
  }
  flatbuffers::FlatBufferBuilder builder(static_cast<size_t>(bulk) + (1 << 20));
  builder.ForceDefaults(false);
  builder.Finish(tfl::Model::Pack(builder, ir_.get()), tfl::ModelIdentifier());
  std::vector<uint8_t> bytes(builder.GetBufferPointer(),
                             builder.GetBufferPointer() + builder.GetSize());
  flatbuffers::Verifier verifier(bytes.data(), bytes.size(), kMaxDepth, kMaxTables);
  if (!tfl::VerifyModelBuffer(verifier)) {
    return MakeError(name_ + ": serialized model failed flatbuffers verification");
  }
  return bytes;
}

Status Model::Save(const std::string& path) const {
  EP_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, Serialize());
  return WriteFileAtomic(path, bytes);
}

tfl::BuiltinOperator BuiltinCode(const tfl::OperatorCodeT& code) {
  return std::max(code.builtin_code,
                  static_cast<tfl::BuiltinOperator>(code.deprecated_builtin_code));
}

const char* OpName(tfl::BuiltinOperator op) {
  const char* name = tfl::EnumNameBuiltinOperator(op);
  return (name && *name) ? name : "UNKNOWN";
}

}  // namespace edgepose
