#include "model/summary.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <map>
#include <set>

#include "model/macs.h"
#include "model/sparsity.h"
#include "edgepose/tensor.h"
#include "model/tensor_utils.h"

namespace edgepose::model {
namespace {

TensorSummary SummarizeTensor(const tfl::TensorT& tensor) {
  TensorSummary summary;
  summary.name = tensor.name;
  summary.dtype = TensorTypeName(tensor.type);
  summary.shape = tensor.shape;
  if (tensor.quantization) {
    summary.scale = tensor.quantization->scale;
    summary.zero_point = tensor.quantization->zero_point;
    summary.quantized_dimension = tensor.quantization->quantized_dimension;
  }
  return summary;
}

std::string QuantizationText(const TensorSummary& tensor) {
  if (tensor.scale.empty()) return "-";
  char text[96];
  if (tensor.scale.size() == 1) {
    std::snprintf(text, sizeof(text), "scale %.6g zero point %lld", tensor.scale[0],
                  static_cast<long long>(tensor.zero_point.empty() ? 0 : tensor.zero_point[0]));
  } else {
    std::snprintf(text, sizeof(text), "per-channel: %zu scales along dim %d", tensor.scale.size(),
                  tensor.quantized_dimension);
  }
  return text;
}

nlohmann::json TensorJson(const TensorSummary& tensor) {
  nlohmann::json json = {{"name", tensor.name}, {"dtype", tensor.dtype}, {"shape", tensor.shape}};
  if (!tensor.scale.empty()) {
    json["quantization"] = {{"scale", tensor.scale},
                            {"zero_point", tensor.zero_point},
                            {"quantized_dimension", tensor.quantized_dimension}};
  } else {
    json["quantization"] = nullptr;
  }
  return json;
}

void AppendLine(std::string& out, const char* format, ...) __attribute__((format(printf, 2, 3)));
void AppendLine(std::string& out, const char* format, ...) {
  char line[512];
  va_list args;
  va_start(args, format);
  std::vsnprintf(line, sizeof(line), format, args);
  va_end(args);
  out += line;
  out += '\n';
}

void AppendTensors(std::string& out, const char* title, const std::vector<TensorSummary>& tensors) {
  AppendLine(out, "%s", title);
  for (const auto& tensor : tensors) {
    AppendLine(out, "  %-36s %-8s %-18s %s", tensor.name.c_str(), tensor.dtype.c_str(),
               ShapeToString(tensor.shape).c_str(), QuantizationText(tensor).c_str());
  }
}

}  // namespace

ModelSummary Summarize(const Model& model) {
  const tfl::ModelT& ir = model.ir();
  const tfl::SubGraphT& main = *ir.subgraphs[0];
  ModelSummary summary;
  summary.file = model.name();
  summary.description = ir.description;
  summary.schema_version = ir.version;
  summary.subgraphs = static_cast<int>(ir.subgraphs.size());
  summary.operators = static_cast<int>(main.operators.size());
  summary.tensors = static_cast<int>(main.tensors.size());
  summary.buffers = static_cast<int>(ir.buffers.size());
  for (int32_t index : main.inputs) summary.inputs.push_back(SummarizeTensor(*main.tensors[index]));
  for (int32_t index : main.outputs) summary.outputs.push_back(SummarizeTensor(*main.tensors[index]));

  std::map<std::string, OpTypeSummary> op_types;
  for (size_t i = 0; i < main.operators.size(); ++i) {
    const char* name = OpName(BuiltinCode(*ir.operator_codes[main.operators[i]->opcode_index]));
    OpTypeSummary& entry = op_types[name];
    entry.op = name;
    ++entry.count;
    entry.macs += OperatorMacs(ir, 0, static_cast<int>(i));
  }
  for (auto& [name, entry] : op_types) summary.op_types.push_back(entry);
  std::stable_sort(summary.op_types.begin(), summary.op_types.end(),
                   [](const auto& a, const auto& b) { return a.count > b.count; });
  summary.total_macs = SubgraphMacs(ir, 0);

  std::map<std::string, DtypeBytes> parameters;
  std::set<uint32_t> counted_buffers;  // a buffer shared by tensors counts once
  for (const auto& subgraph : ir.subgraphs) {
    for (const auto& tensor : subgraph->tensors) {
      const std::vector<uint8_t>* data = ConstantData(ir, *tensor);
      if (!data || !counted_buffers.insert(tensor->buffer).second) continue;
      DtypeBytes& entry = parameters[TensorTypeName(tensor->type)];
      entry.dtype = TensorTypeName(tensor->type);
      ++entry.tensors;
      entry.bytes += static_cast<int64_t>(data->size());
      summary.parameter_bytes += static_cast<int64_t>(data->size());
    }
  }
  for (auto& [dtype, entry] : parameters) summary.parameters.push_back(entry);

  std::map<std::string, DtypeBytes> activations;
  for (const auto& tensor : main.tensors) {
    if (ConstantData(ir, *tensor)) continue;
    DtypeBytes& entry = activations[TensorTypeName(tensor->type)];
    entry.dtype = TensorTypeName(tensor->type);
    ++entry.tensors;
    int64_t elements = 1;
    for (int32_t d : tensor->shape) elements *= std::max<int32_t>(d, 1);
    entry.bytes += elements * static_cast<int64_t>(edgepose::DTypeSize(static_cast<edgepose::DType>(tensor->type)));
  }
  for (auto& [dtype, entry] : activations) summary.activations.push_back(entry);

  for (const auto& tensor : main.tensors) {
    if (!tensor->sparsity) continue;
    SparseTensorSummary sparse{tensor->name, TensorTypeName(tensor->type), tensor->shape};
    if (auto layout = ResolveSparsity(tensor->shape, *tensor->sparsity)) {  // verified on load
      sparse.stored_values = layout->stored_values;
      sparse.dense_elements = layout->dense_elements;
    }
    summary.sparse_tensors.push_back(sparse);
  }
  for (const auto& metadata : ir.metadata) {
    summary.metadata.push_back(
        {metadata->name, static_cast<int64_t>(ir.buffers[metadata->buffer]->data.size())});
  }
  return summary;
}

nlohmann::json SummaryToJson(const ModelSummary& s) {
  nlohmann::json json;
  json["file"] = s.file;
  json["description"] = s.description;
  json["schema_version"] = s.schema_version;
  json["subgraphs"] = s.subgraphs;
  json["operators"] = s.operators;
  json["tensors"] = s.tensors;
  json["buffers"] = s.buffers;
  json["inputs"] = nlohmann::json::array();
  for (const auto& t : s.inputs) json["inputs"].push_back(TensorJson(t));
  json["outputs"] = nlohmann::json::array();
  for (const auto& t : s.outputs) json["outputs"].push_back(TensorJson(t));
  json["op_types"] = nlohmann::json::array();
  for (const auto& op : s.op_types) {
    json["op_types"].push_back({{"op", op.op}, {"count", op.count}, {"macs", op.macs}});
  }
  json["total_macs"] = s.total_macs;
  json["parameters"] = nlohmann::json::array();
  for (const auto& p : s.parameters) {
    json["parameters"].push_back({{"dtype", p.dtype}, {"tensors", p.tensors}, {"bytes", p.bytes}});
  }
  json["parameter_bytes"] = s.parameter_bytes;
  json["activations"] = nlohmann::json::array();
  for (const auto& a : s.activations) {
    json["activations"].push_back({{"dtype", a.dtype}, {"tensors", a.tensors}, {"bytes", a.bytes}});
  }
  json["sparse_tensors"] = nlohmann::json::array();
  for (const auto& t : s.sparse_tensors) {
    json["sparse_tensors"].push_back({{"name", t.name},
                                      {"dtype", t.dtype},
                                      {"shape", t.shape},
                                      {"stored_values", t.stored_values},
                                      {"dense_elements", t.dense_elements}});
  }
  json["metadata"] = nlohmann::json::array();
  for (const auto& m : s.metadata) json["metadata"].push_back({{"name", m.name}, {"bytes", m.bytes}});
  return json;
}

std::string SummaryToTable(const ModelSummary& s) {
  std::string out;
  AppendLine(out, "model        %s", s.file.c_str());
  AppendLine(out, "description  %s", s.description.c_str());
  AppendLine(out, "schema %u, %d subgraph(s); main subgraph: %d operators, %d tensors; %d buffers",
             s.schema_version, s.subgraphs, s.operators, s.tensors, s.buffers);
  AppendLine(out, "%s", "");
  AppendTensors(out, "inputs", s.inputs);
  AppendTensors(out, "outputs", s.outputs);
  AppendLine(out, "%s", "");
  AppendLine(out, "  %-28s %7s %12s", "operator", "count", "MACs (M)");
  for (const auto& op : s.op_types) {
    AppendLine(out, "  %-28s %7d %12.2f", op.op.c_str(), op.count, op.macs / 1e6);
  }
  AppendLine(out, "  %-28s %7d %12.2f", "total", s.operators, s.total_macs / 1e6);
  AppendLine(out, "%s", "");
  AppendLine(out, "  %-28s %7s %12s", "parameters", "tensors", "bytes");
  for (const auto& p : s.parameters) {
    AppendLine(out, "  %-28s %7d %12lld", p.dtype.c_str(), p.tensors, static_cast<long long>(p.bytes));
  }
  AppendLine(out, "  %-28s %7s %12lld", "total", "", static_cast<long long>(s.parameter_bytes));
  AppendLine(out, "%s", "");
  AppendLine(out, "  %-28s %7s %12s", "activations", "tensors", "bytes");
  for (const auto& a : s.activations) {
    AppendLine(out, "  %-28s %7d %12lld", a.dtype.c_str(), a.tensors, static_cast<long long>(a.bytes));
  }
  if (!s.sparse_tensors.empty()) {
    AppendLine(out, "%s", "");
    AppendLine(out, "sparse tensors (%zu)", s.sparse_tensors.size());
    for (const auto& t : s.sparse_tensors) {
      AppendLine(out, "  %-44s %-8s %-18s %lld of %lld stored", t.name.c_str(), t.dtype.c_str(),
                 ShapeToString(t.shape).c_str(), static_cast<long long>(t.stored_values),
                 static_cast<long long>(t.dense_elements));
    }
  }
  if (!s.metadata.empty()) {
    AppendLine(out, "%s", "");
    AppendLine(out, "metadata");
    for (const auto& m : s.metadata) {
      AppendLine(out, "  %-28s %lld bytes", m.name.c_str(), static_cast<long long>(m.bytes));
    }
  }
  return out;
}

}  // namespace edgepose::model
