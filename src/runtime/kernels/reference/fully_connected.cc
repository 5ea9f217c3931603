// FULLY_CONNECTED as TFLite runs it (fully_connected.cc, reference/fully_connected.h,
// integer_ops/fully_connected.h): weights [units, depth], the input viewed as [elements/depth, depth],
// optional bias [units]. Output [elements/depth, units], or with keep_num_dims the input shape with
// its last dim replaced by units. Options FullyConnectedOptions: fused activation, keep_num_dims;
// weights_format must be DEFAULT. Dtypes: FLOAT32; INT8 with int8 weights (per-tensor or per-channel
// on dim 0) and int32 bias; UINT8 with uint8 weights; INT16 (zero point 0) with int8 weights and
// int64/int32 bias.
#include "runtime/kernels/reference/fully_connected.h"
#include "runtime/kernels/common/accumulating.h"
#include "runtime/kernels/common/hybrid.h"

#include <string>
#include <type_traits>
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

  EP_ASSIGN_OR_RETURN(params.quant, PrepareAccumulatingDtypes(node, *input, *weights, bias, output, params.units,
                                                              /*channel_dim=*/0, params.range));
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

// Each input row is one output position; TFLite's hybrid path quantizes every row on its own
// (asymmetric_quantize_inputs).
struct RowWalker {
  using Params = FullyConnectedParams;
  static constexpr int kInput = kFullyConnectedInput, kWeights = kFullyConnectedWeights, kBias = kFullyConnectedBias;
  template <class In, class Weight, class Acc, class Emit>
  static void Walk(const runtime::NodeContext& node, const Params& p, Acc input_offset, Acc weight_offset, Emit emit) {
    const In* in = node.inputs[kInput]->data_as<In>();
    const Weight* weights = node.inputs[kWeights]->data_as<Weight>();
    std::vector<Acc> acc(static_cast<size_t>(p.units));
    for (int b = 0; b < p.batches; ++b) {
      const In* row = in + static_cast<int64_t>(b) * p.input_depth;
      for (int u = 0; u < p.units; ++u) {
        const Weight* w = weights + static_cast<int64_t>(u) * p.input_depth;
        Acc sum = 0;
        if constexpr (std::is_floating_point_v<Acc>) {
          for (int i = 0; i < p.input_depth; ++i) sum += row[i] * w[i];
        } else {
          for (int i = 0; i < p.input_depth; ++i)
            sum += (static_cast<Acc>(row[i]) + input_offset) * (static_cast<Acc>(w[i]) + weight_offset);
        }
        acc[static_cast<size_t>(u)] = sum;
      }
      emit(acc, b);
    }
  }
  static int QuantizationGroups(const runtime::NodeContext&, const Params& p) { return p.batches; }
  static Params OneGroup(const Params& p) {
    Params one = p;
    one.batches = 1;
    return one;
  }
};

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  EP_ASSIGN_OR_RETURN(FullyConnectedParams params, PrepareFullyConnected(node));
  return runtime::KernelParams::Make(std::move(params));
}

Status Eval(const runtime::NodeContext& node, runtime::KernelParams& state) {
  return EvalAccumulating<RowWalker>(node, state.as<FullyConnectedParams>());
}

}  // namespace

const runtime::KernelDef& FullyConnectedKernel() {
  static const runtime::KernelDef kernel{"reference/FULLY_CONNECTED", tfl::BuiltinOperator_FULLY_CONNECTED,
                                         Backend::kReference, nullptr, Prepare, Eval};
  return kernel;
}

}  // namespace edgepose::kernels::reference
