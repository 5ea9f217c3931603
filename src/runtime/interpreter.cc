#include "edgepose/interpreter.h"

#include <chrono>
#include <cstdlib>
#include <cstring>

#include "runtime/kernel_registry.h"
#include "runtime/memory_planner.h"

#ifdef EDGEPOSE_WITH_XNNPACK
#include <pthreadpool.h>
#endif

namespace edgepose {

using runtime::KernelDef;
using runtime::KernelParams;
using runtime::KernelRegistry;
using runtime::NodeContext;

const char* BackendName(Backend backend) {
  return backend == Backend::kXnnpack ? "xnnpack" : "reference";
}

bool BackendAvailable(Backend backend) {
#ifdef EDGEPOSE_WITH_XNNPACK
  return true;
#else
  return backend == Backend::kReference;
#endif
}

namespace {

constexpr size_t kAlignment = 64;
// Optimized kernels (XNNPACK's XNN_EXTRA_BYTES) may read up to 16 bytes past a tensor.
constexpr size_t kReadSlack = 16;

size_t AlignUp(size_t bytes) { return (bytes + kAlignment - 1) / kAlignment * kAlignment; }

struct AlignedFree {
  void operator()(uint8_t* p) const { std::free(p); }
};
using AlignedBuffer = std::unique_ptr<uint8_t, AlignedFree>;

AlignedBuffer AllocateAligned(size_t bytes) {
  const size_t rounded = AlignUp(bytes + kReadSlack);
  auto* data = static_cast<uint8_t*>(std::aligned_alloc(kAlignment, rounded));
  if (data) std::memset(data, 0, rounded);
  return AlignedBuffer(data);
}

bool IsKnownDType(int8_t type) {
  switch (static_cast<DType>(type)) {
    case DType::kFloat32: case DType::kFloat16: case DType::kInt32: case DType::kUInt8:
    case DType::kInt64: case DType::kBool: case DType::kInt16: case DType::kInt8:
      return true;
    default:
      return false;
  }
}

}  // namespace

class Interpreter::Impl {
 public:
  struct Node {
    NodeContext context;
    const KernelDef* kernel = nullptr;
    KernelParams params;
    bool constant = false;  // evaluated once at Create
    std::vector<int> observed_outputs;  // handed to options_.tensor_observer after each run
  };

  Status Build(const Model& model, const InterpreterOptions& options);
  Status Run();

  std::string name_;
  InterpreterOptions options_;
  std::vector<Tensor> tensors_;
  std::vector<Node> nodes_;
  std::vector<int> inputs_, outputs_;
  std::vector<int> observed_inputs_;  // the inputs handed to options_.tensor_observer before each run
  std::vector<AlignedBuffer> constant_storage_;
  size_t constant_bytes_ = 0;
  AlignedBuffer arena_;
  size_t arena_bytes_ = 0;
  std::vector<NodeProfile> profile_;
  void* threadpool_ = nullptr;

  ~Impl() {
#ifdef EDGEPOSE_WITH_XNNPACK
    nodes_.clear();  // kernels release backend state before the pool goes
    if (threadpool_) pthreadpool_destroy(static_cast<pthreadpool_t>(threadpool_));
#endif
  }

 private:
  Status CreateTensors(const tfl::ModelT& ir, const tfl::SubGraphT& graph);
  Status PrepareNodes(const tfl::ModelT& ir, const tfl::SubGraphT& graph);
  Status EvaluateConstantNode(Node& node);
  Status PlanArena();
};

Status Interpreter::Impl::CreateTensors(const tfl::ModelT& ir, const tfl::SubGraphT& graph) {
  tensors_.resize(graph.tensors.size());
  for (size_t i = 0; i < graph.tensors.size(); ++i) {
    const tfl::TensorT& source = *graph.tensors[i];
    Tensor& tensor = tensors_[i];
    tensor.name = source.name;
    if (!IsKnownDType(source.type))
      return MakeError("tensor " + std::to_string(i) + " (\"" + source.name + "\"): dtype " +
                       tfl::EnumNameTensorType(source.type) + " is not supported");
    tensor.type = static_cast<DType>(source.type);
    tensor.shape.assign(source.shape.begin(), source.shape.end());
    if (source.quantization) {
      tensor.quant.scale = source.quantization->scale;
      tensor.quant.zero_point = source.quantization->zero_point;
      tensor.quant.quantized_dimension = source.quantization->quantized_dimension;
    }
    const auto& buffer = ir.buffers[source.buffer];
    if (buffer && !buffer->data.empty()) {
      tensor.is_constant = true;
      tensor.bytes = buffer->data.size();
    }
  }
  // Constants are copied once into one pool: 64-byte aligned for vector loads, with read slack
  // after each, and owned here so no kernel ever points into the model's buffers.
  size_t pool_bytes = 0;
  for (const Tensor& tensor : tensors_)
    if (tensor.is_constant) pool_bytes += AlignUp(tensor.bytes + kReadSlack);
  constant_storage_.push_back(AllocateAligned(pool_bytes));
  uint8_t* cursor = constant_storage_.back().get();
  if (!cursor) return MakeError("cannot allocate " + std::to_string(pool_bytes) + " bytes for constants");
  for (size_t i = 0; i < tensors_.size(); ++i) {
    Tensor& tensor = tensors_[i];
    if (!tensor.is_constant) continue;
    std::memcpy(cursor, ir.buffers[graph.tensors[i]->buffer]->data.data(), tensor.bytes);
    tensor.data = cursor;
    cursor += AlignUp(tensor.bytes + kReadSlack);
  }
  constant_bytes_ = pool_bytes;
  return Ok();
}

Status Interpreter::Impl::EvaluateConstantNode(Node& node) {
  // Constant sub-graphs (DEQUANTIZE of FLOAT16 weights, DENSIFY) run once, on the reference kernel.
  if (node.kernel->backend != Backend::kReference) {
    node.kernel = KernelRegistry::Global().Find(node.context.op, Backend::kReference);
    if (!node.kernel) return node.context.Fail("no reference kernel to fold a constant node");
    EP_ASSIGN_OR_RETURN(node.params, node.kernel->prepare(node.context));
  }
  for (Tensor* output : node.context.outputs) {
    if (!output) continue;
    output->bytes = static_cast<size_t>(output->num_elements()) * DTypeSize(output->type);
    constant_storage_.push_back(AllocateAligned(output->bytes));
    output->data = constant_storage_.back().get();
    if (!output->data) return node.context.Fail("out of memory folding a constant");
    constant_bytes_ += output->bytes;
  }
  EP_RETURN_IF_ERROR(node.kernel->eval(node.context, node.params));
  for (Tensor* output : node.context.outputs)
    if (output) output->is_constant = true;
  node.constant = true;
  return Ok();
}

Status Interpreter::Impl::PrepareNodes(const tfl::ModelT& ir, const tfl::SubGraphT& graph) {
  const KernelRegistry& registry = KernelRegistry::Global();
  const Backend preferred = BackendAvailable(options_.backend) ? options_.backend : Backend::kReference;
  nodes_.resize(graph.operators.size());
  for (size_t i = 0; i < graph.operators.size(); ++i) {
    const tfl::OperatorT& op = *graph.operators[i];
    const tfl::OperatorCodeT& code = *ir.operator_codes[op.opcode_index];
    Node& node = nodes_[i];
    NodeContext& context = node.context;
    context.node_index = static_cast<int>(i);
    context.op = BuiltinCode(code);
    context.op_version = code.version;
    context.ir = &op;
    context.graph = &graph;
    context.tensors = tensors_;
    context.threadpool = threadpool_;
    if (options_.tensor_observer)
      for (int32_t index : op.outputs)
        if (index >= 0 && (!options_.observes || options_.observes(index))) node.observed_outputs.push_back(index);
    context.outputs_observed = !node.observed_outputs.empty();
    context.num_threads = options_.num_threads;
    if (context.op == tfl::BuiltinOperator_CUSTOM)
      return MakeError("node " + std::to_string(i) + ": custom operator \"" + code.custom_code +
                       "\" is not supported");
    for (int32_t index : op.inputs) context.inputs.push_back(index < 0 ? nullptr : &tensors_[index]);
    for (int32_t index : op.outputs) context.outputs.push_back(&tensors_[index]);

    const KernelDef* kernel = registry.Find(context.op, preferred);
    if (kernel && kernel->supports && !kernel->supports(context)) kernel = nullptr;
    if (!kernel) kernel = registry.Find(context.op, Backend::kReference);
    if (!kernel) return context.Fail("operator not supported (no kernel)");
    node.kernel = kernel;
    EP_ASSIGN_OR_RETURN(node.params, kernel->prepare(context));

    bool all_inputs_constant = true;
    for (Tensor* input : context.inputs)
      if (input && !input->is_constant) all_inputs_constant = false;
    if (all_inputs_constant) EP_RETURN_IF_ERROR(EvaluateConstantNode(node));
  }
  return Ok();
}

Status Interpreter::Impl::PlanArena() {
  const int end = static_cast<int>(nodes_.size());
  std::vector<int> first(tensors_.size(), -2), last(tensors_.size(), -2);
  auto touch = [&](int tensor, int position) {
    if (first[tensor] == -2) first[tensor] = position;
    first[tensor] = std::min(first[tensor], position);
    last[tensor] = std::max(last[tensor], position);
  };
  // Graph inputs stay live for the whole run: callers may Invoke again without refilling them.
  for (int input : inputs_) {
    touch(input, 0);
    touch(input, end);
  }
  for (int position = 0; position < end; ++position) {
    const Node& node = nodes_[position];
    if (node.constant) continue;
    for (Tensor* t : node.context.inputs)
      if (t && !t->is_constant) touch(static_cast<int>(t - tensors_.data()), position);
    for (Tensor* t : node.context.outputs) touch(static_cast<int>(t - tensors_.data()), position);
  }
  for (int output : outputs_)
    if (!tensors_[output].is_constant) touch(output, end);

  std::vector<int> planned;
  std::vector<runtime::BufferRequest> requests;
  for (size_t t = 0; t < tensors_.size(); ++t) {
    if (first[t] == -2 || tensors_[t].is_constant) continue;
    Tensor& tensor = tensors_[t];
    const int64_t elements = tensor.num_elements();
    if (elements < 0) return MakeError("tensor \"" + tensor.name + "\": negative shape " + ShapeToString(tensor.shape));
    tensor.bytes = static_cast<size_t>(elements) * DTypeSize(tensor.type);
    planned.push_back(static_cast<int>(t));
    requests.push_back({tensor.bytes, first[t], last[t]});
  }
  runtime::MemoryPlan plan = runtime::PlanMemory(requests, kAlignment);
  EP_RETURN_IF_ERROR(runtime::CheckMemoryPlan(requests, plan));
  arena_ = AllocateAligned(plan.arena_bytes);
  if (!arena_) return MakeError("cannot allocate the " + std::to_string(plan.arena_bytes) + "-byte arena");
  arena_bytes_ = plan.arena_bytes;
  for (size_t i = 0; i < planned.size(); ++i) tensors_[planned[i]].data = arena_.get() + plan.offsets[i];
  return Ok();
}

Status Interpreter::Impl::Build(const Model& model, const InterpreterOptions& options) {
  options_ = options;
  name_ = model.name();
  const tfl::ModelT& ir = model.ir();
  if (ir.subgraphs.empty()) return MakeError("model has no subgraph");
  const tfl::SubGraphT& graph = *ir.subgraphs[0];
#ifdef EDGEPOSE_WITH_XNNPACK
  if (options_.backend == Backend::kXnnpack && options_.num_threads > 1)
    threadpool_ = pthreadpool_create(static_cast<size_t>(options_.num_threads));
#endif
  inputs_.assign(graph.inputs.begin(), graph.inputs.end());
  outputs_.assign(graph.outputs.begin(), graph.outputs.end());
  if (options_.tensor_observer)
    for (int input : inputs_)
      if (!options_.observes || options_.observes(input)) observed_inputs_.push_back(input);
  EP_RETURN_IF_ERROR(CreateTensors(ir, graph));
  EP_RETURN_IF_ERROR(PrepareNodes(ir, graph));
  EP_RETURN_IF_ERROR(PlanArena());
  for (Node& node : nodes_) {
    if (node.constant || !node.kernel->bind) continue;
    EP_RETURN_IF_ERROR(node.kernel->bind(node.context, node.params));
  }
  for (const Node& node : nodes_) {
    if (node.constant) continue;
    std::string kernel = node.kernel->name;
    if (!node.context.kernel_note.empty()) kernel += " (" + node.context.kernel_note + ")";
    profile_.push_back({node.context.node_index, OpName(node.context.op), kernel, 0, 0, 0});
  }
  return Ok();
}

Status Interpreter::Impl::Run() {
  const auto& observe = options_.tensor_observer;
  for (int input : observed_inputs_) observe(input, tensors_[input]);
  size_t profiled = 0;
  for (Node& node : nodes_) {
    if (node.constant) continue;
    if (options_.profile) {
      const auto start = std::chrono::steady_clock::now();
      EP_RETURN_IF_ERROR(WithContext(node.kernel->eval(node.context, node.params), name_));
      const auto stop = std::chrono::steady_clock::now();
      NodeProfile& entry = profile_[profiled++];
      entry.total_ns += std::chrono::duration_cast<std::chrono::nanoseconds>(stop - start).count();
      ++entry.runs;
    } else {
      EP_RETURN_IF_ERROR(WithContext(node.kernel->eval(node.context, node.params), name_));
    }
    for (int output : node.observed_outputs) observe(output, tensors_[static_cast<size_t>(output)]);
  }
  return Ok();
}

Result<std::unique_ptr<Interpreter>> Interpreter::Create(const Model& model, const InterpreterOptions& options) {
  if (options.num_threads < 1) return MakeError(model.name() + ": number of threads must be at least 1");
  auto impl = std::make_unique<Impl>();
  EP_RETURN_IF_ERROR(WithContext(impl->Build(model, options), model.name()));
  return std::unique_ptr<Interpreter>(new Interpreter(std::move(impl)));
}

Interpreter::Interpreter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Interpreter::~Interpreter() = default;

size_t Interpreter::input_count() const { return impl_->inputs_.size(); }
size_t Interpreter::output_count() const { return impl_->outputs_.size(); }
Tensor& Interpreter::input(size_t i) { return impl_->tensors_[impl_->inputs_.at(i)]; }
const Tensor& Interpreter::output(size_t i) const { return impl_->tensors_[impl_->outputs_.at(i)]; }

int Interpreter::FindInput(const std::string& name) const {
  for (size_t i = 0; i < impl_->inputs_.size(); ++i)
    if (impl_->tensors_[impl_->inputs_[i]].name == name) return static_cast<int>(i);
  return -1;
}

int Interpreter::FindOutput(const std::string& name) const {
  for (size_t i = 0; i < impl_->outputs_.size(); ++i)
    if (impl_->tensors_[impl_->outputs_[i]].name == name) return static_cast<int>(i);
  return -1;
}

int Interpreter::input_tensor_index(size_t i) const { return impl_->inputs_.at(i); }
int Interpreter::output_tensor_index(size_t i) const { return impl_->outputs_.at(i); }
Status Interpreter::Invoke() { return impl_->Run(); }
size_t Interpreter::arena_bytes() const { return impl_->arena_bytes_; }
size_t Interpreter::constant_bytes() const { return impl_->constant_bytes_; }
const std::vector<NodeProfile>& Interpreter::profile() const { return impl_->profile_; }
void Interpreter::ResetProfile() {
  for (NodeProfile& entry : impl_->profile_) entry.total_ns = entry.runs = 0;
}

}  // namespace edgepose
