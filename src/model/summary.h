// What `edgepose inspect` reports about a model: interface, op histogram with MACs, parameter
// bytes per dtype, activation tensors per dtype, sparse tensors, metadata. One struct, two printers (table and JSON) with the
// same fields.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "edgepose/model.h"

namespace edgepose::model {

struct TensorSummary {
  std::string name;
  std::string dtype;
  std::vector<int32_t> shape;
  std::vector<float> scale;        // empty when not quantized
  std::vector<int64_t> zero_point;
  int32_t quantized_dimension = 0;
};

struct OpTypeSummary {
  std::string op;
  int count = 0;
  int64_t macs = 0;
};

struct DtypeBytes {
  std::string dtype;
  int tensors = 0;
  int64_t bytes = 0;
};

struct SparseTensorSummary {
  std::string name;
  std::string dtype;
  std::vector<int32_t> shape;
  int64_t stored_values = 0;
  int64_t dense_elements = 0;
};

struct MetadataSummary {
  std::string name;
  int64_t bytes = 0;
};

struct ModelSummary {
  std::string file;
  std::string description;
  uint32_t schema_version = 0;
  int subgraphs = 0;
  int operators = 0;  // main subgraph (0) from here on, except parameters and metadata
  int tensors = 0;
  int buffers = 0;
  std::vector<TensorSummary> inputs;
  std::vector<TensorSummary> outputs;
  std::vector<OpTypeSummary> op_types;  // most frequent first
  int64_t total_macs = 0;
  std::vector<DtypeBytes> parameters;   // constant data over all subgraphs, by dtype
  int64_t parameter_bytes = 0;
  // Non-constant tensors of the main subgraph (inputs, outputs, intermediates) by dtype; bytes
  // from the declared shapes (dynamic dims count as 1).
  std::vector<DtypeBytes> activations;
  std::vector<SparseTensorSummary> sparse_tensors;
  std::vector<MetadataSummary> metadata;
};

ModelSummary Summarize(const Model& model);
nlohmann::json SummaryToJson(const ModelSummary& summary);
std::string SummaryToTable(const ModelSummary& summary);

}  // namespace edgepose::model
