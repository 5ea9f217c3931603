// A TFLite model held as an editable IR: flatbuffers' object API over our own schema
// (src/model/schema/tflite_schema.fbs), so every table and typed option survives a
// load -> save round trip.
//
// Load() verifies everything before anyone indexes into it: the flatbuffers Verifier, then
// our own checks (every tensor, buffer, opcode and subgraph index in range; buffer sizes
// against shapes and dtypes; quantization array lengths against the quantized dimension;
// sparsity metadata consistent). Errors read "<name>: <problem>".
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "edgepose/status.h"
#include "edgepose/tflite_schema_generated.h"

namespace edgepose {

class Model {
 public:
  // `name` is used in error messages (the file path when loading from disk).
  static Result<Model> Load(const std::string& path);
  static Result<Model> FromBytes(const uint8_t* data, size_t size, const std::string& name);
  // Wraps an IR built or edited in memory; runs the same checks as Load.
  static Result<Model> FromIr(std::unique_ptr<tfl::ModelT> ir, const std::string& name);

  Result<std::vector<uint8_t>> Serialize() const;  // verified flatbuffer with identifier "TFL3"
  Status Save(const std::string& path) const;      // atomic: temp file, then rename

  const tfl::ModelT& ir() const { return *ir_; }
  tfl::ModelT& mutable_ir() { return *ir_; }
  const std::string& name() const { return name_; }

  // Re-runs the structural checks after an edit (passes call this before returning).
  Status Validate() const;

  Model(Model&&) noexcept;
  Model& operator=(Model&&) noexcept;
  ~Model();

 private:
  Model(std::unique_ptr<tfl::ModelT> ir, std::string name);
  std::unique_ptr<tfl::ModelT> ir_;
  std::string name_;
};

// Builtin operator of an OperatorCode (max of the deprecated int8 code and the int32 code).
tfl::BuiltinOperator BuiltinCode(const tfl::OperatorCodeT& code);
const char* OpName(tfl::BuiltinOperator op);  // "CONV_2D"

}  // namespace edgepose
