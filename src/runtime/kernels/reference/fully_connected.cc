// FULLY_CONNECTED as TFLite runs it (fully_connected.cc, reference/fully_connected.h,
// integer_ops/fully_connected.h): weights [units, depth], the input viewed as [elements/depth, depth],
// optional bias [units]. Output [elements/depth, units], or with keep_num_dims the input shape with
// its last dim replaced by units. Options FullyConnectedOptions: fused activation, keep_num_dims;
// weights_format must be DEFAULT. Dtypes: FLOAT32; INT8 with int8 weights (per-tensor or per-channel
// on dim 0) and int32 bias; UINT8 with uint8 weights; INT16 (zero point 0) with int8 weights and
// int64/int32 bias.
#include "runtime/kernels/reference/fully_connected.h"
#include "runtime/kernels/common/hybrid.h"

#include <string>
#include <vector>

namespace edgepose::kernels::reference {

Result<FullyConnectedParams> PrepareFullyConnected(runtime::NodeContext& node) {
  if (node.inputs.size() < 2 || node.inputs.size() > 3 || node.outputs.size() != 1)
    return node.Fail("expected 2 or 3 inputs and 1 output");
  const Tensor* input = node.input(kFullyConnectedInput);
  const Tensor* weights = node.input(kFullyConnectedWeights);
  const Tensor* bias = node.input(kFullyConnectedBias);
  Tensor& output = *node.outputs[0];
  if (!input || !weights) return node.Fail("input and weights are required");
  if (weights->rank() != 2)
    return node.Fail("weights \"" + weights->name + "\" has " + std::to_string(weights->rank()) + " dims, expected 2");
  tfl::FullyConnectedOptionsT defaults;
  const auto* options = node.ir->builtin_options.AsFullyConnectedOptions();
  if (!options) options = &defaults;
  if (options->weights_format != tfl::FullyConnectedOptionsWeightsFormat_DEFAULT)
    return node.Fail("shuffled weights format is not supported");
  FullyConnectedParams params;
  auto range = FusedActivationRange(options->fused_activation_function);
  if (!range) return node.Fail(range.error().message);
  params.range = *range;
  params.units = weights->dim(0);
  params.input_depth = weights->dim(1);
  if (params.units < 1 || params.input_depth < 1)
    return node.Fail("weights \"" + weights->name + "\" has empty shape " + ShapeToString(weights->shape));
  const int64_t elements = input->num_elements();
  if (input->rank() < 1 || elements % params.input_depth != 0)
    return node.Fail("input " + ShapeToString(input->shape) + " is not a multiple of the weights depth " +
                     std::to_string(params.input_depth));
  params.batches = static_cast<int>(elements / params.input_depth);
  if (bias && bias->num_elements() != params.units)
    return node.Fail("bias \"" + bias->name + "\" has " + std::to_string(bias->num_elements()) + " elements, expected " +
                     std::to_string(params.units));

  if (input->type != output.type)
    return node.Fail(std::string("input dtype ") + DTypeName(input->type) + " differs from output " + DTypeName(output.type));
  switch (input->type) {
    case DType::kFloat32:
      if (IsHybrid(*input, *weights)) {  // dynamic-range quantized weights (common/hybrid.h)
        if (const std::string problem = CheckHybridWeights(*weights, bias, params.units, 0); !problem.empty())
          return node.Fail(problem);
        break;
      }
      if (weights->type != DType::kFloat32 || (bias && bias->type != DType::kFloat32))
        return node.Fail("float input needs float32 weights and bias");
      break;
    case DType::kInt8:
    case DType::kUInt8:
    case DType::kInt16: {
      if (input->type == DType::kInt16 && ZeroPoint(*input) != 0)
        return node.Fail("int16 input \"" + input->name + "\" must have zero point 0");
      if ((input->type == DType::kUInt8) != (weights->type == DType::kUInt8))
        return node.Fail(std::string("weights dtype ") + DTypeName(weights->type) + " does not match input " + DTypeName(input->type));
      if (weights->quant.per_channel() && weights->quant.quantized_dimension != 0)
        return node.Fail("per-channel weights \"" + weights->name + "\" must be quantized along dimension 0");
      auto quant = PrepareConvRequantize(*input, *weights, bias, output, params.units, params.range);
      if (!quant) return node.Fail(quant.error().message);
      params.quant = std::move(*quant);
      break;
    }
    default:
      return node.Fail(std::string("dtype ") + DTypeName(input->type) + " is not supported");
  }
  if (options->keep_num_dims) {
    if (input->shape.back() != params.input_depth)
      return node.Fail("keep_num_dims needs the input's last dim " + std::to_string(input->shape.back()) +
                       " to equal the weights depth " + std::to_string(params.input_depth));
    output.shape = input->shape;
    output.shape.back() = params.units;
  } else {
    output.shape = {params.batches, params.units};
  }
  return params;
}

namespace {

void EvalFloat(const runtime::NodeContext& node, const FullyConnectedParams& p) {
  const float* in = node.inputs[kFullyConnectedInput]->data_as<float>();
  const float* weights = node.inputs[kFullyConnectedWeights]->data_as<float>();
  const Tensor* bias = node.input(kFullyConnectedBias);
  float* out = node.outputs[0]->data_as<float>();
  for (int b = 0; b < p.batches; ++b) {
    const float* row = in + static_cast<int64_t>(b) * p.input_depth;
    for (int u = 0; u < p.units; ++u) {
      const float* w = weights + static_cast<int64_t>(u) * p.input_depth;
      float sum = 0.f;
      for (int i = 0; i < p.input_depth; ++i) sum += row[i] * w[i];
      if (bias) sum += bias->data_as<float>()[u];
      out[static_cast<int64_t>(b) * p.units + u] = p.range.Apply(sum);
    }
  }
}

// Each input row quantized on the fly (asymmetric, as asymmetric_quantize_inputs), int8 weights.
void EvalHybrid(const runtime::NodeContext& node, const FullyConnectedParams& p) {
  const float* in = node.inputs[kFullyConnectedInput]->data_as<float>();
  const Tensor& weights = *node.inputs[kFullyConnectedWeights];
  const Tensor* bias = node.input(kFullyConnectedBias);
  float* out = node.outputs[0]->data_as<float>();
  std::vector<int8_t> row(static_cast<size_t>(p.input_depth));
  for (int b = 0; b < p.batches; ++b) {
    const AsymmetricQuantization q = AsymmetricQuantizeFloats(in + static_cast<int64_t>(b) * p.input_depth, p.input_depth, row.data());
    for (int u = 0; u < p.units; ++u) {
      const int8_t* w = weights.data_as<int8_t>() + static_cast<int64_t>(u) * p.input_depth;
      int32_t sum = 0;
      for (int i = 0; i < p.input_depth; ++i) sum += static_cast<int32_t>(w[i]) * (static_cast<int32_t>(row[i]) - q.zero_point);
      out[static_cast<int64_t>(b) * p.units + u] =
          p.range.Apply(HybridValue(sum, WeightScale(weights, u), q.scale, bias ? bias->data_as<float>()[u] : 0.f));
    }
  }
}

template <class In, class Weight, class Acc>
void EvalInteger(const runtime::NodeContext& node, const FullyConnectedParams& p) {
  const In* in = node.inputs[kFullyConnectedInput]->data_as<In>();
  const Weight* weights = node.inputs[kFullyConnectedWeights]->data_as<Weight>();
  const Tensor* bias = node.input(kFullyConnectedBias);
  In* out = node.outputs[0]->data_as<In>();
  const RequantizeParams& q = p.quant;
  for (int b = 0; b < p.batches; ++b) {
    const In* row = in + static_cast<int64_t>(b) * p.input_depth;
    for (int u = 0; u < p.units; ++u) {
      const Weight* w = weights + static_cast<int64_t>(u) * p.input_depth;
      Acc sum = 0;
      for (int i = 0; i < p.input_depth; ++i)
        sum += (static_cast<Acc>(row[i]) + q.input_offset) * (static_cast<Acc>(w[i]) + q.filter_offset);
      if (bias) sum += bias->type == DType::kInt64 ? static_cast<Acc>(bias->data_as<int64_t>()[u])
                                                   : static_cast<Acc>(bias->data_as<int32_t>()[u]);
      out[static_cast<int64_t>(b) * p.units + u] = static_cast<In>(q.Apply(sum, u));
    }
  }
}

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  EP_ASSIGN_OR_RETURN(FullyConnectedParams params, PrepareFullyConnected(node));
  return runtime::KernelParams::Make(std::move(params));
}

Status Eval(const runtime::NodeContext& node, runtime::KernelParams& state) {
  const auto& params = state.as<FullyConnectedParams>();
  switch (node.inputs[kFullyConnectedInput]->type) {
    case DType::kFloat32:
      if (node.inputs[kFullyConnectedWeights]->type == DType::kInt8) EvalHybrid(node, params);
      else EvalFloat(node, params);
      break;
    case DType::kInt8: EvalInteger<int8_t, int8_t, int32_t>(node, params); break;
    case DType::kUInt8: EvalInteger<uint8_t, uint8_t, int32_t>(node, params); break;
    case DType::kInt16: EvalInteger<int16_t, int8_t, int64_t>(node, params); break;
    default: return node.Fail("unsupported dtype at Eval");
  }
  return Ok();
}

}  // namespace

const runtime::KernelDef& FullyConnectedKernel() {
  static const runtime::KernelDef kernel{"reference/FULLY_CONNECTED", tfl::BuiltinOperator_FULLY_CONNECTED,
                                         Backend::kReference, nullptr, Prepare, Eval};
  return kernel;
}

}  // namespace edgepose::kernels::reference
