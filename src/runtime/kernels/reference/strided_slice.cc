// STRIDED_SLICE: numpy-style input[begin:end:stride] per axis (TFLite kernels/strided_slice.cc
// and internal/strided_slice_logic.h, current version). Inputs: input, begin, end, strides
// (constant 1-D INT32 of one length n). StridedSliceOptions:
//  - begin_mask / end_mask bit i: ignore begin[i] / end[i], take the fullest range;
//  - ellipsis_mask: that spec entry expands to as many full dims as needed (at least one);
//  - new_axis_mask bit i (not on the ellipsis): insert a dim of 1;
//  - shrink_axis_mask bit i: take the single element at begin[i] and drop the dim;
//  - offset: end[i] is relative to the (resolved) begin[i].
// Negative indices count from the end; out-of-range ones clamp. Spec entries past n cover the
// remaining dims fully. Any dtype (byte copy); quantization passes through.
#include <cmath>
#include <cstring>
#include <limits>

#include "runtime/kernel.h"

namespace edgepose::kernels::reference {
namespace {

constexpr size_t kInput = 0, kBegin = 1, kEnd = 2, kStrides = 3;
constexpr int kMaxDims = 8;

struct StridedSliceParams {
  std::vector<int64_t> start, stride, count;  // per effective dim
  std::vector<int64_t> input_stride;          // elements, per effective dim (0 for new axes)
  size_t element_bytes = 1;
};

struct Spec {  // the options after expanding ellipsis and new axes, one bit / entry per effective dim
  std::vector<int32_t> begin, end, stride;
  std::vector<int32_t> dims;           // effective input shape
  std::vector<int> input_dim;          // input dim of each effective dim, -1 for a new axis
  uint32_t begin_mask = 0, end_mask = 0, shrink_mask = 0;
};

Spec ExpandSpec(const tfl::StridedSliceOptionsT& o, const Shape& input, const int32_t* begin, const int32_t* end,
                const int32_t* stride, int n) {
  const int rank = static_cast<int>(input.size());
  int new_axes = 0;
  for (int i = 0; i < n; ++i)
    if (!(o.ellipsis_mask & (1 << i)) && (o.new_axis_mask & (1 << i))) ++new_axes;
  const int dims = rank + new_axes;
  // Which effective dims the ellipsis covers, and which are new axes.
  uint64_t ellipsis = 0, added = 0;
  int ellipsis_start = dims, expanded = 0;
  for (int i = 0; i < dims;) {
    if (o.ellipsis_mask & (1 << i)) {
      ellipsis_start = i;
      const int stop = std::max(i + 1, std::min(i + 1 + new_axes + rank - n, dims));
      expanded = stop - ellipsis_start - 1;
      for (; i < stop; ++i) ellipsis |= uint64_t{1} << i;
      continue;
    }
    if (i - expanded >= 0 && i - expanded < 32 && (o.new_axis_mask & (1 << (i - expanded)))) added |= uint64_t{1} << i;
    ++i;
  }
  Spec spec;
  int added_ellipsis = 0, added_axes = 0;
  for (int i = 0; i < dims; ++i) {
    const uint32_t bit = 1u << i;
    if (ellipsis & (uint64_t{1} << i)) {
      added_ellipsis = std::max(0, i - ellipsis_start);
      spec.begin_mask |= bit;
      spec.end_mask |= bit;
      spec.begin.push_back(0), spec.end.push_back(0), spec.stride.push_back(1);
      spec.input_dim.push_back(i - added_axes);
    } else if (added & (uint64_t{1} << i)) {
      spec.begin.push_back(0), spec.end.push_back(1), spec.stride.push_back(1);
      spec.input_dim.push_back(-1);
      ++added_axes;
    } else if (i >= n + expanded) {
      spec.begin_mask |= bit;
      spec.end_mask |= bit;
      spec.begin.push_back(0), spec.end.push_back(0), spec.stride.push_back(1);
      spec.input_dim.push_back(i - added_axes);
    } else {
      const int k = i - added_ellipsis;
      spec.begin.push_back(begin[k]), spec.end.push_back(end[k]), spec.stride.push_back(stride[k]);
      if (o.begin_mask & (1 << k)) spec.begin_mask |= bit;
      if (o.end_mask & (1 << k)) spec.end_mask |= bit;
      if (o.shrink_axis_mask & (1 << k)) spec.shrink_mask |= bit;
      spec.input_dim.push_back(i - added_axes);
    }
    spec.dims.push_back(spec.input_dim.back() < 0 ? 1 : input[spec.input_dim.back()]);
  }
  return spec;
}

int64_t Clamp(int64_t v, int64_t lo, int64_t hi) { return std::min(std::max(v, lo), hi); }

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  if (node.inputs.size() != 4 || node.outputs.size() != 1)
    return node.Fail("expected 4 inputs (input, begin, end, strides) and 1 output");
  for (size_t i = 0; i < 4; ++i)
    if (!node.inputs[i]) return node.Fail("input " + std::to_string(i) + " is missing");
  const Tensor& in = *node.inputs[kInput];
  Tensor& out = *node.outputs[0];
  if (out.type != in.type)
    return node.Fail(std::string("output dtype ") + DTypeName(out.type) + " differs from input dtype " + DTypeName(in.type));
  if (DTypeSize(in.type) == 0) return node.Fail(std::string("dtype ") + DTypeName(in.type) + " is not supported");
  if (in.rank() > 5) return node.Fail("input rank " + std::to_string(in.rank()) + " exceeds 5");
  const Tensor* index_tensors[3] = {node.inputs[kBegin], node.inputs[kEnd], node.inputs[kStrides]};
  const int n = index_tensors[0]->rank() == 1 ? index_tensors[0]->dim(0) : -1;
  for (const Tensor* t : index_tensors) {
    if (t->type != DType::kInt32 || t->rank() != 1 || t->dim(0) != n)
      return node.Fail("begin, end and strides must be 1-D INT32 tensors of one length (\"" + t->name + "\" is " +
                       DTypeName(t->type) + " " + ShapeToString(t->shape) + ")");
    if (!t->is_constant || !t->data || t->bytes < static_cast<size_t>(n) * sizeof(int32_t))
      return node.Fail("\"" + t->name + "\" is not constant (dynamic shapes are not supported)");
  }
  if (n > 32) return node.Fail("more than 32 slice specs");
  tfl::StridedSliceOptionsT defaults;
  const auto* found = node.ir->builtin_options.AsStridedSliceOptions();
  const tfl::StridedSliceOptionsT& options = found ? *found : defaults;
  const int32_t* stride_values = index_tensors[2]->data_as<int32_t>();
  for (int i = 0; i < n; ++i)
    if (stride_values[i] == 0) return node.Fail("stride " + std::to_string(i) + " is zero");

  const Spec spec = ExpandSpec(options, in.shape, index_tensors[0]->data_as<int32_t>(),
                               index_tensors[1]->data_as<int32_t>(), stride_values, n);
  const int dims = static_cast<int>(spec.dims.size());
  if (dims > kMaxDims) return node.Fail("more than " + std::to_string(kMaxDims) + " dims after new axes");
  StridedSliceParams params;
  params.element_bytes = DTypeSize(in.type);
  std::vector<int64_t> in_strides(in.rank(), 1);
  for (int d = static_cast<int>(in.rank()) - 2; d >= 0; --d) in_strides[d] = in_strides[d + 1] * in.dim(d + 1);
  Shape out_shape;
  constexpr int64_t kLow = std::numeric_limits<int32_t>::lowest(), kHigh = std::numeric_limits<int32_t>::max();
  for (int i = 0; i < dims; ++i) {
    const int64_t size = spec.dims[i], stride = spec.stride[i];
    const bool forward = stride > 0;
    // Start: masked means the first element in the direction of travel.
    int64_t start = spec.begin[i];
    if (spec.begin_mask & (1u << i)) start = forward ? kLow : kHigh;
    if (start < 0) start += size;
    start = forward ? Clamp(start, 0, size) : Clamp(start, -1, size - 1);
    int64_t stop;
    if (spec.shrink_mask & (1u << i)) {
      stop = start >= size ? start : start + 1;
    } else {
      stop = spec.end[i];
      if (options.offset) stop += start;
      if (spec.end_mask & (1u << i)) stop = forward ? kHigh : kLow;
      if (stop < 0) stop += size;
      stop = forward ? Clamp(stop, 0, size) : Clamp(stop, -1, size - 1);
    }
    int64_t count = std::max<int64_t>(0, static_cast<int64_t>(std::ceil((stop - start) / static_cast<double>(stride))));
    if (spec.shrink_mask & (1u << i)) {
      // A shrunk dim yields exactly one element whatever the stride's sign; out of range it
      // has none, and the output would have nothing to hold (TensorFlow rejects it too).
      if (start < 0 || start >= size)
        return node.Fail("shrink index " + std::to_string(spec.begin[i]) + " is outside dim " + std::to_string(i) +
                         " of size " + std::to_string(size));
      count = 1;
    }
    params.start.push_back(start);
    params.stride.push_back(stride);
    params.count.push_back(count);
    params.input_stride.push_back(spec.input_dim[i] < 0 ? 0 : in_strides[spec.input_dim[i]]);
    if (!(spec.shrink_mask & (1u << i))) out_shape.push_back(static_cast<int32_t>(count));
  }
  out.shape = out_shape;
  return runtime::KernelParams::Make(std::move(params));
}

Status Eval(const runtime::NodeContext& node, runtime::KernelParams& state) {
  const auto& params = state.as<StridedSliceParams>();
  const int dims = static_cast<int>(params.count.size());
  for (int d = 0; d < dims; ++d)
    if (params.count[d] == 0) return Ok();
  const uint8_t* in = node.inputs[kInput]->data;
  uint8_t* out = node.outputs[0]->data;
  const size_t bytes = params.element_bytes;
  int64_t index[kMaxDims] = {};
  int64_t offset = 0;  // input element offset of the current output element
  for (int d = 0; d < dims; ++d) offset += params.start[d] * params.input_stride[d];
  const int64_t total = node.outputs[0]->num_elements();
  for (int64_t o = 0; o < total; ++o) {
    std::memcpy(out + o * bytes, in + offset * bytes, bytes);
    for (int d = dims - 1; d >= 0; --d) {
      offset += params.stride[d] * params.input_stride[d];
      if (++index[d] < params.count[d]) break;
      offset -= params.stride[d] * params.input_stride[d] * params.count[d];
      index[d] = 0;
    }
  }
  return Ok();
}

}  // namespace

const runtime::KernelDef& StridedSliceKernel() {
  static const runtime::KernelDef kernel{"reference/STRIDED_SLICE", tfl::BuiltinOperator_STRIDED_SLICE,
                                         Backend::kReference, nullptr, Prepare, Eval};
  return kernel;
}

}  // namespace edgepose::kernels::reference
