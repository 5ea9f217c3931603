// PAD as TFLite runs it (pad.cc, reference/pad.h): input of rank <= 6, paddings a constant INT32 or
// INT64 tensor [rank, 2] of non-negative (before, after) counts; output dim = before + in + after.
// The fill is 0 for float/integer tensors and the output zero point for quantized ones; PADV2
// (padv2.cc) takes it from its third input. Dtypes FLOAT32, INT8, UINT8, INT16, INT32, INT64.
#include "runtime/kernels/reference/pad.h"

#include <cstring>
#include <string>
#include <vector>

#include "runtime/kernels/common/quantization.h"

namespace edgepose::kernels::reference {
namespace {

bool IsSupported(DType type) {
  switch (type) {
    case DType::kFloat32: case DType::kInt8: case DType::kUInt8: case DType::kInt16: case DType::kInt32:
    case DType::kInt64:
      return true;
    default:
      return false;
  }
}

template <class T>
void StoreFill(PadParams& params, T value) {
  static_assert(sizeof(T) <= 8);
  std::memcpy(params.fill.data(), &value, sizeof(T));
}

// Fill value for PAD: zero, or the zero point for quantized tensors.
void SetZeroFill(PadParams& params, const Tensor& output) {
  const int32_t zero_point = ZeroPoint(output);
  switch (output.type) {
    case DType::kInt8: StoreFill<int8_t>(params, static_cast<int8_t>(zero_point)); break;
    case DType::kUInt8: StoreFill<uint8_t>(params, static_cast<uint8_t>(zero_point)); break;
    case DType::kInt16: StoreFill<int16_t>(params, static_cast<int16_t>(zero_point)); break;
    default: break;  // all-zero bytes are 0 for float and wider integers
  }
}

}  // namespace

Result<PadParams> PreparePad(runtime::NodeContext& node) {
  const bool v2 = node.op == tfl::BuiltinOperator_PADV2;
  const size_t min_inputs = 2, max_inputs = v2 ? 3 : 2;
  if (node.inputs.size() < min_inputs || node.inputs.size() > max_inputs || node.outputs.size() != 1)
    return node.Fail(v2 ? "expected 2 or 3 inputs and 1 output" : "expected 2 inputs and 1 output");
  const Tensor* input = node.input(kPadInput);
  const Tensor* paddings = node.input(kPadPaddings);
  Tensor& output = *node.outputs[0];
  if (!input || !paddings) return node.Fail("input and paddings are required");
  if (!IsSupported(input->type)) return node.Fail(std::string("dtype ") + DTypeName(input->type) + " is not supported");
  if (input->type != output.type)
    return node.Fail(std::string("input dtype ") + DTypeName(input->type) + " differs from output " + DTypeName(output.type));
  if (input->rank() > kMaxPadRank) return node.Fail("input rank " + std::to_string(input->rank()) + " exceeds 6");
  const int rank = static_cast<int>(input->rank());
  if (paddings->rank() != 2 || paddings->dim(0) != rank || paddings->dim(1) != 2)
    return node.Fail("paddings \"" + paddings->name + "\" has shape " + ShapeToString(paddings->shape) + ", expected [" +
                     std::to_string(rank) + ",2]");
  if (!paddings->is_constant) return node.Fail("paddings \"" + paddings->name + "\" must be constant");
  if (paddings->type != DType::kInt32 && paddings->type != DType::kInt64)
    return node.Fail(std::string("paddings dtype ") + DTypeName(paddings->type) + " is not INT32 or INT64");

  PadParams params;
  params.rank = rank;
  Shape out_shape(rank);
  for (int d = 0; d < rank; ++d) {
    int64_t pad[2];
    for (int side = 0; side < 2; ++side)
      pad[side] = paddings->type == DType::kInt32 ? paddings->data_as<int32_t>()[d * 2 + side]
                                                  : paddings->data_as<int64_t>()[d * 2 + side];
    if (pad[0] < 0 || pad[1] < 0 || pad[0] + pad[1] + input->dim(d) > INT32_MAX)
      return node.Fail("padding (" + std::to_string(pad[0]) + ", " + std::to_string(pad[1]) + ") of dim " +
                       std::to_string(d) + " is negative or too large");
    params.before[d] = static_cast<int32_t>(pad[0]);
    params.after[d] = static_cast<int32_t>(pad[1]);
    out_shape[d] = input->dim(d) + params.before[d] + params.after[d];
  }

  const bool quantized = input->type == DType::kInt8 || input->type == DType::kUInt8 || input->type == DType::kInt16;
  if (quantized && (input->quant.scale != output.quant.scale || ZeroPoint(*input) != ZeroPoint(output)))
    return node.Fail("quantized input \"" + input->name + "\" and output \"" + output.name + "\" need equal quantization");
  const Tensor* constant = v2 ? node.input(kPadConstant) : nullptr;
  if (constant) {
    if (constant->type != input->type || constant->num_elements() != 1)
      return node.Fail("constant_values \"" + constant->name + "\" must be one " + DTypeName(input->type) + " value");
    if (!constant->is_constant) return node.Fail("constant_values \"" + constant->name + "\" must be constant");
    if (quantized && (constant->quant.scale != output.quant.scale || ZeroPoint(*constant) != ZeroPoint(output)))
      return node.Fail("constant_values \"" + constant->name + "\" must share the output's quantization");
    std::memcpy(params.fill.data(), constant->data, DTypeSize(constant->type));
  } else {
    SetZeroFill(params, output);
  }
  output.shape = out_shape;
  return params;
}

void EvalPad(const runtime::NodeContext& node, const PadParams& p) {
  const Tensor& input = *node.inputs[kPadInput];
  Tensor& output = *node.outputs[0];
  const size_t element = DTypeSize(input.type);
  uint8_t* out = output.data;
  // Fill everything, then copy each innermost input row to its place.
  const int64_t out_count = output.num_elements();
  for (int64_t i = 0; i < out_count; ++i) std::memcpy(out + i * element, p.fill.data(), element);
  if (input.num_elements() == 0) return;
  if (p.rank == 0) {
    std::memcpy(out, input.data, element);
    return;
  }
  const int last = p.rank - 1;
  std::vector<int64_t> out_stride(p.rank, 1);
  for (int d = last - 1; d >= 0; --d) out_stride[d] = out_stride[d + 1] * output.dim(d + 1);
  const size_t row_bytes = static_cast<size_t>(input.dim(last)) * element;
  std::vector<int32_t> index(p.rank, 0);  // over the outer input dims
  const int64_t rows = input.num_elements() / input.dim(last);
  const uint8_t* src = input.data;
  for (int64_t row = 0; row < rows; ++row, src += row_bytes) {
    int64_t offset = p.before[last];
    for (int d = 0; d < last; ++d) offset += (index[d] + p.before[d]) * out_stride[d];
    std::memcpy(out + offset * element, src, row_bytes);
    for (int d = last - 1; d >= 0; --d) {
      if (++index[d] < input.dim(d)) break;
      index[d] = 0;
    }
  }
}

namespace {

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  EP_ASSIGN_OR_RETURN(PadParams params, PreparePad(node));
  return runtime::KernelParams::Make(std::move(params));
}

Status Eval(const runtime::NodeContext& node, runtime::KernelParams& state) {
  EvalPad(node, state.as<PadParams>());
  return Ok();
}

}  // namespace

const runtime::KernelDef& PadKernel() {
  static const runtime::KernelDef kernel{"reference/PAD", tfl::BuiltinOperator_PAD, Backend::kReference, nullptr,
                                         Prepare, Eval};
  return kernel;
}

}  // namespace edgepose::kernels::reference
