//===- Interpreter.cpp - executes nndct IR on tensors ---------------------===//
//
// create() flattens the function (inlining nndct.region bodies) into a list
// of steps over numbered value slots, reads every constant once, prepares
// each op's kernel and computes, per slot, the step after which it is dead.
// A step whose operands are all constants (the fix of a weight, constant
// shape arithmetic) is computed once there and its results are constants
// too, so the kernels after it see constant weights (oneDNN reorders them
// once). A run whose TensorAdjuster changes such a result uses a plan
// without precomputation.
// run() walks the steps, allocating results and dropping inputs at their
// last use, so peak memory is the live activations plus the constants.
//
// In Float mode with oneDNN, a conv2d followed by a batch_norm with constant
// parameters and/or a relu/relu6/clamp/leaky_relu (each the sole user of
// the previous result) runs as one convolution: the batch_norm is folded
// into the weights and bias once, the activation is a oneDNN post-op. A run
// with an observer must see every tensor, so it uses a second, unfused plan
// (prepared on first use). In the fused plan a convolution whose output only
// feeds another convolution passes it on in oneDNN's blocked layout.
//
// OpRunner prepares a single op with the same kernel table and runs it on
// the tensors its caller supplies.
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/Interpreter.h"
#include "backends/interpreter/Kernels.h"
#include "backends/interpreter/OpKernels.h"
#include "ir/ConstantUtils.h"
#include "ir/NNDCTOps.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <chrono>
#include <cmath>

#include <map>

using namespace mlir;
using namespace mlir::nndct;

TensorObserver::~TensorObserver() = default;
TensorAdjuster::~TensorAdjuster() = default;
Interpreter::~Interpreter() = default;
OpRunner::~OpRunner() = default;

namespace {

using TensorRef = std::shared_ptr<const Tensor>;

struct Step {
  Operation *op = nullptr;
  SmallVector<int> inputs;
  SmallVector<int> outputs;
  /// Slots dead after this step.
  SmallVector<int> release;
  PreparedKernel kernel;
  /// The profile entry of this kernel's kind (null unless profiling).
  KernelTime *time = nullptr;
  /// The op whose results the outputs are (the last op of a fused chain).
  Operation *resultOp = nullptr;
  /// Region results: forward inputs[i] to outputs[i], no compute.
  bool forward = false;
  /// Every operand is a constant: computed once by prepare(), its results
  /// are constants (fake-quant weights, float fixes of weights, constant
  /// shape arithmetic). Still a step, so observers see it in order.
  bool precomputed = false;
  SmallVector<Tensor> templates; ///< shape/kind of each output
};

class InterpreterImpl : public Interpreter {
public:
  InterpreterImpl(func::FuncOp func, InterpreterOptions options,
                  bool allowFusion, bool allowPrecompute,
                  std::shared_ptr<KernelProfile> profile)
      : func(func), options(options),
        allowFusion(allowFusion && options.mode == ExecutionMode::Float &&
                    options.useOneDNN),
        allowPrecompute(allowPrecompute), kernelProfile(std::move(profile)) {}

  LogicalResult prepare();
  FailureOr<std::vector<Tensor>> run(ArrayRef<Tensor> inputs,
                                     TensorObserver *observer,
                                     TensorAdjuster *adjuster) override;
  int64_t peakActivationBytes() const override { return peakBytes; }
  const KernelProfile &profile() const override { return *kernelProfile; }
  void clearProfile() override {
    for (auto &entry : *kernelProfile)
      entry.second = KernelTime();
  }

private:
  int slotOf(Value v) {
    auto [it, inserted] = slots.try_emplace(v, int(slots.size()));
    return it->second;
  }
  LogicalResult flatten(Block &block);
  LogicalResult addOp(Operation *op);
  /// Adds `conv` fused with the ops after it; failure = not fusible (no
  /// diagnostic), the ops are then added one by one.
  LogicalResult addFusedConv(Conv2DOp conv);
  KernelConfig configFor(Operation *op, Step &step);
  /// Points `step` at its kind's profile entry (when profiling).
  void profileAs(Step &step, ArrayRef<Operation *> ops);
  /// Computes `step` now when all its operands are constants; its results
  /// become constants.
  void precompute(Step &step);
  const Tensor *constantAt(int slot) const {
    return slot < int(constants.size()) ? constants[slot].get() : nullptr;
  }
  void setConstant(int slot, TensorRef value) {
    if (int(constants.size()) <= slot)
      constants.resize(slot + 1);
    constants[slot] = std::move(value);
  }
  /// The plan a run with these hooks needs: this one, or one without
  /// fusion (every tensor materialized) and/or without precomputed steps
  /// (the adjuster changes a precomputed result).
  FailureOr<InterpreterImpl *> planFor(TensorObserver *observer,
                                       TensorAdjuster *adjuster);

  func::FuncOp func;
  InterpreterOptions options;
  bool allowFusion;
  bool allowPrecompute;
  /// Shared with the other plans: one profile per Interpreter.
  std::shared_ptr<KernelProfile> kernelProfile;
  /// Ops folded into a preceding convolution (no step of their own).
  llvm::SmallPtrSet<Operation *, 16> fusedAway;
  /// Ops whose results this plan never writes as plain tensors: fused
  /// convolutions' own results and the fused ops but the last, and
  /// convolutions that hand their output over in a blocked layout.
  SmallVector<Operation *> hiddenResults;
  /// The plan without fusion, for runs with an observer.
  std::unique_ptr<InterpreterImpl> unfused;
  /// The plan without fusion or precomputed steps, for runs whose adjuster
  /// changes a precomputed result.
  std::unique_ptr<InterpreterImpl> unfolded;
  SmallVector<Operation *> precomputedOps;
  llvm::DenseMap<Value, int> slots;
  std::vector<TensorRef> constants; ///< by slot; null when not constant
  std::vector<Step> steps;
  SmallVector<int> argSlots, resultSlots;
  SmallVector<Tensor> argTemplates;
  int64_t liveBytes = 0, peakBytes = 0;

  /// Freed buffers by size, reused by later results of the same size (shapes
  /// repeat across runs and layers), so steady-state runs neither fault in
  /// fresh pages nor zero-fill. Holds at most what was live at the peak.
  std::multimap<size_t, std::vector<float>> freeBuffers;
  std::vector<float> takeBuffer(int64_t n) {
    auto it = freeBuffers.find(size_t(n));
    if (it == freeBuffers.end())
      return std::vector<float>(n);
    std::vector<float> v = std::move(it->second);
    freeBuffers.erase(it);
    return v;
  }
  void recycle(std::vector<float> &&v) {
    if (!v.empty())
      freeBuffers.emplace(v.size(), std::move(v));
  }
};

Tensor templateOf(Value v) {
  auto type = cast<ShapedType>(v.getType());
  Tensor t;
  t.shape.assign(type.getShape().begin(), type.getShape().end());
  t.kind = elementKindOf(type.getElementType());
  return t;
}

std::string describe(Operation *op) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "'" << op->getName() << "'";
  return s;
}

std::string shapeText(ArrayRef<int64_t> shape) {
  std::string s;
  for (int64_t d : shape)
    s += (s.empty() ? "" : "x") + std::to_string(d);
  return s.empty() ? "scalar" : s;
}

/// The kernel factory for `op` in `mode`, after checking that its results
/// are statically shaped tensors; emits an error at `op` otherwise.
const KernelFactory *factoryFor(Operation *op, ExecutionMode mode) {
  const KernelFactory *factory =
      KernelRegistry::get().lookup(op->getName().getStringRef(), mode);
  if (!factory) {
    const char *modes[] = {"float", "fake-quant", "integer"};
    op->emitError("interpreter: no ")
        << modes[int(mode)] << "-mode kernel for " << describe(op);
    return nullptr;
  }
  for (Type t : op->getResultTypes()) {
    auto shaped = dyn_cast<RankedTensorType>(t);
    if (!shaped || !shaped.hasStaticShape()) {
      op->emitError("interpreter: results must be statically shaped tensors");
      return nullptr;
    }
  }
  return factory;
}

} // namespace

LogicalResult InterpreterImpl::addOp(Operation *op) {
  if (auto constant = dyn_cast<ConstantOp>(op)) {
    int slot = slotOf(constant.getResult());
    auto t = std::make_shared<Tensor>(templateOf(constant.getResult()));
    std::optional<std::vector<float>> values;
    if (isa<IntegerType>(constant.getValue().getElementType())) {
      if (auto ints = readInts(constant.getValue()))
        values = std::vector<float>(ints->begin(), ints->end());
    } else {
      values = readFloats(constant.getValue());
    }
    if (!values || int64_t(values->size()) != t->numElements())
      return op->emitError("interpreter: cannot read the constant's data "
                           "(missing dense_resource blob?)");
    t->data = std::move(*values);
    setConstant(slot, std::move(t));
    return success();
  }

  const KernelFactory *factory = factoryFor(op, options.mode);
  if (!factory)
    return failure();
  Step step;
  step.op = step.resultOp = op;
  KernelConfig config = configFor(op, step);
  for (Value v : op->getResults()) {
    step.outputs.push_back(slotOf(v));
    step.templates.push_back(templateOf(v));
  }
  FailureOr<PreparedKernel> kernel = (*factory)(op, config);
  if (failed(kernel))
    return failure();
  step.kernel = std::move(*kernel);
  profileAs(step, op);
  if (allowPrecompute)
    precompute(step);
  steps.push_back(std::move(step));
  return success();
}

void InterpreterImpl::precompute(Step &step) {
  SmallVector<const Tensor *> ins;
  for (int s : step.inputs) {
    const Tensor *c = constantAt(s);
    if (!c)
      return;
    ins.push_back(c);
  }
  if (ins.empty())
    return;
  SmallVector<TensorRef> results;
  if (step.kernel.aliasOperand >= 0) {
    results.push_back(constants[step.inputs[step.kernel.aliasOperand]]);
  } else {
    // A failing check is reported by the run, at the op, as without
    // precomputation.
    if (step.kernel.check && !step.kernel.check(ins).empty())
      return;
    SmallVector<Tensor> outs;
    for (const Tensor &t : step.templates) {
      outs.push_back(t);
      outs.back().data.resize(t.numElements());
    }
    step.kernel.run(ins, outs);
    for (Tensor &t : outs)
      results.push_back(std::make_shared<Tensor>(std::move(t)));
  }
  for (size_t i = 0; i < step.outputs.size(); ++i)
    setConstant(step.outputs[i], results[i]);
  step.precomputed = true;
  precomputedOps.push_back(step.op);
}

void InterpreterImpl::profileAs(Step &step, ArrayRef<Operation *> ops) {
  if (!options.profile)
    return;
  std::string kind;
  for (Operation *op : ops) {
    StringRef name = op->getName().getStringRef();
    name.consume_front("nndct.");
    kind += (kind.empty() ? "" : "+") + name.str();
    // Depthwise and grouped convolutions run other code than dense ones.
    if (auto conv = dyn_cast<Conv2DOp>(op); conv && conv.getGroups() > 1)
      kind += conv.getGroups() ==
                      cast<ShapedType>(conv.getInput().getType()).getDimSize(1)
                  ? "(depthwise)"
                  : "(grouped)";
  }
  step.time = &(*kernelProfile)[kind];
}

KernelConfig InterpreterImpl::configFor(Operation *op, Step &step) {
  KernelConfig config;
  config.options = options;
  for (Value v : op->getOperands()) {
    int slot = slotOf(v);
    step.inputs.push_back(slot);
    config.constantOperands.push_back(constantAt(slot));
  }
  return config;
}

/// The values of a constant operand, or nothing.
static std::optional<std::vector<float>> constantValues(Value v) {
  auto constant = v.getDefiningOp<ConstantOp>();
  if (!constant || !isa<FloatType>(constant.getValue().getElementType()))
    return std::nullopt;
  return readFloats(constant.getValue());
}

LogicalResult InterpreterImpl::addFusedConv(Conv2DOp conv) {
  // The sole user of `op`'s only result, in the same block.
  auto soleUser = [](Operation *op) -> Operation * {
    Value v = op->getResult(0);
    if (!v.hasOneUse())
      return nullptr;
    Operation *user = *v.getUsers().begin();
    return user->getBlock() == op->getBlock() ? user : nullptr;
  };
  ConvFusion fusion;
  SmallVector<Operation *, 2> chain;
  Operation *last = conv;
  int64_t channels = cast<ShapedType>(conv.getOutput().getType()).getDimSize(1);
  if (auto bn = dyn_cast_or_null<BatchNormOp>(soleUser(last))) {
    auto g = constantValues(bn->getOperand(1)),
         b = constantValues(bn->getOperand(2)),
         m = constantValues(bn->getOperand(3)),
         v = constantValues(bn->getOperand(4));
    if (g && b && m && v && int64_t(g->size()) == channels &&
        int64_t(b->size()) == channels && int64_t(m->size()) == channels &&
        int64_t(v->size()) == channels) {
      // As the batch_norm kernel: y = (x - m) * s + b, s = g / sqrt(v + eps).
      float eps = bn.getEpsilon().convertToFloat();
      for (int64_t c = 0; c < channels; ++c) {
        float scale = (*g)[c] / std::sqrt((*v)[c] + eps);
        fusion.scale.push_back(scale);
        fusion.shift.push_back((*b)[c] - (*m)[c] * scale);
      }
      chain.push_back(bn);
      last = bn;
    }
  }
  if (Operation *user = soleUser(last)) {
    if (isa<ReluOp>(user)) {
      fusion.post = {ConvPostOp::Relu, 0.0f, 0.0f};
    } else if (isa<Relu6Op>(user)) {
      fusion.post = {ConvPostOp::Clip, 0.0f, 6.0f};
    } else if (auto clamp = dyn_cast<ClampOp>(user)) {
      fusion.post = {ConvPostOp::Clip, clamp.getMin().convertToFloat(),
                     clamp.getMax().convertToFloat()};
    } else if (auto leaky = dyn_cast<LeakyReluOp>(user)) {
      fusion.post = {ConvPostOp::Relu, leaky.getAlpha().convertToFloat(), 0.0f};
    }
    if (fusion.post.kind != ConvPostOp::None) {
      chain.push_back(user);
      last = user;
    }
  }
  if (chain.empty())
    return failure();
  Step step;
  step.op = conv;
  KernelConfig config = configFor(conv, step);
  FailureOr<PreparedKernel> kernel = prepareFusedConv(conv, config, fusion);
  if (failed(kernel))
    return failure();
  step.kernel = std::move(*kernel);
  SmallVector<Operation *, 3> ops{conv};
  ops.append(chain.begin(), chain.end());
  profileAs(step, ops);
  step.outputs.push_back(slotOf(last->getResult(0)));
  step.templates.push_back(templateOf(last->getResult(0)));
  step.resultOp = last;
  steps.push_back(std::move(step));
  fusedAway.insert(chain.begin(), chain.end());
  hiddenResults.push_back(conv);
  hiddenResults.append(chain.begin(), chain.end() - 1);
  return success();
}

LogicalResult InterpreterImpl::flatten(Block &block) {
  for (Operation &op : block) {
    if (auto region = dyn_cast<RegionOp>(&op)) {
      if (failed(flatten(region.getBody().front())))
        return failure();
      Step step;
      step.op = step.resultOp = region;
      step.forward = true;
      for (Value v : region.getYield()->getOperands())
        step.inputs.push_back(slotOf(v));
      for (Value v : region.getResults())
        step.outputs.push_back(slotOf(v));
      // Constants stay constants through the region boundary.
      for (auto [in, out] : llvm::zip(step.inputs, step.outputs))
        if (allowPrecompute && constantAt(in))
          setConstant(out, constants[in]);
      steps.push_back(std::move(step));
      continue;
    }
    if (isa<YieldOp>(op))
      continue;
    if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      for (Value v : ret.getOperands())
        resultSlots.push_back(slotOf(v));
      continue;
    }
    if (fusedAway.contains(&op))
      continue;
    if (auto conv = dyn_cast<Conv2DOp>(op); conv && allowFusion)
      if (succeeded(addFusedConv(conv)))
        continue;
    if (failed(addOp(&op)))
      return failure();
  }
  return success();
}

LogicalResult InterpreterImpl::prepare() {
  if (func.isExternal())
    return func.emitError("interpreter: function has no body");
  for (BlockArgument arg : func.getArguments()) {
    auto type = dyn_cast<RankedTensorType>(arg.getType());
    if (!type || !type.hasStaticShape())
      return func.emitError("interpreter: argument #")
             << arg.getArgNumber() << " must be a statically shaped tensor";
    argSlots.push_back(slotOf(arg));
    argTemplates.push_back(templateOf(arg));
  }
  if (failed(flatten(func.getBody().front())))
    return failure();
  constants.resize(slots.size());

  // Convolutions feeding only another convolution hand over their output in
  // oneDNN's blocked layout (no reorder to NCHW and back). Only in the fused
  // plan: observers never see such an (unwritten) NCHW tensor.
  if (allowFusion) {
    std::vector<int> readers(slots.size(), 0);
    for (const Step &step : steps)
      for (int s : step.inputs)
        ++readers[s];
    for (int s : resultSlots)
      ++readers[s];
    llvm::DenseMap<int, Step *> producerOf;
    for (Step &step : steps)
      if (step.kernel.conv && step.outputs.size() == 1)
        producerOf[step.outputs[0]] = &step;
    for (Step &step : steps) {
      if (!step.kernel.conv || step.inputs.empty())
        continue;
      int in = step.inputs[0];
      auto it = producerOf.find(in);
      if (it != producerOf.end() && readers[in] == 1) {
        onednn::chainBlocked(*it->second->kernel.conv, *step.kernel.conv);
        hiddenResults.push_back(it->second->resultOp);
      }
    }
  }

  // Last use of every slot; function results and constants live forever.
  std::vector<int> lastUse(slots.size(), -1);
  for (size_t i = 0; i < steps.size(); ++i)
    for (int s : steps[i].inputs)
      lastUse[s] = int(i);
  for (int s : resultSlots)
    lastUse[s] = int(steps.size());
  for (size_t s = 0; s < constants.size(); ++s)
    if (constants[s])
      lastUse[s] = int(steps.size());
  for (size_t i = 0; i < steps.size(); ++i) {
    for (int s : steps[i].inputs)
      if (lastUse[s] == int(i) && !llvm::is_contained(steps[i].release, s))
        steps[i].release.push_back(s);
    // Results nobody reads die right after they were produced (and observed).
    for (int s : steps[i].outputs)
      if (lastUse[s] == -1)
        steps[i].release.push_back(s);
  }
  return success();
}

FailureOr<InterpreterImpl *>
InterpreterImpl::planFor(TensorObserver *observer, TensorAdjuster *adjuster) {
  bool adjustsConstant =
      adjuster && llvm::any_of(precomputedOps, [&](Operation *op) {
        return adjuster->adjusts(op);
      });
  bool needsEveryTensor = llvm::any_of(hiddenResults, [&](Operation *op) {
    return (observer && observer->observes(op)) ||
           (adjuster && adjuster->adjusts(op));
  });
  if (!adjustsConstant && !needsEveryTensor)
    return this;
  std::unique_ptr<InterpreterImpl> &plan = adjustsConstant ? unfolded : unfused;
  if (!plan) {
    if (options.useOneDNN)
      onednn::setThreads(options.threads);
    auto made = std::make_unique<InterpreterImpl>(
        func, options, /*allowFusion=*/false,
        /*allowPrecompute=*/!adjustsConstant, kernelProfile);
    if (failed(made->prepare()))
      return failure();
    plan = std::move(made);
  }
  return plan.get();
}

FailureOr<std::vector<Tensor>> InterpreterImpl::run(ArrayRef<Tensor> inputs,
                                                    TensorObserver *observer,
                                                    TensorAdjuster *adjuster) {
  if (inputs.size() != argSlots.size())
    return func.emitError("interpreter: expected ")
           << argSlots.size() << " inputs, got " << inputs.size();
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i].shape != argTemplates[i].shape ||
        int64_t(inputs[i].data.size()) != argTemplates[i].numElements())
      return func.emitError("interpreter: input #")
             << i << " has shape " << shapeText(inputs[i].shape)
             << ", expected " << shapeText(argTemplates[i].shape);
  }
  FailureOr<InterpreterImpl *> plan = planFor(observer, adjuster);
  if (failed(plan))
    return failure();
  if (*plan != this) {
    FailureOr<std::vector<Tensor>> results =
        (*plan)->run(inputs, observer, adjuster);
    peakBytes = (*plan)->peakBytes;
    return results;
  }
  if (options.useOneDNN)
    onednn::setThreads(options.threads);

  liveBytes = peakBytes = 0;
  std::vector<TensorRef> values(constants.begin(), constants.end());
  for (size_t i = 0; i < inputs.size(); ++i)
    values[argSlots[i]] = TensorRef(TensorRef(), &inputs[i]); // non-owning

  SmallVector<const Tensor *> ins;
  for (Step &step : steps) {
    bool adjust = adjuster && !step.forward && !step.precomputed &&
                  adjuster->adjusts(step.resultOp);
    if (step.forward) {
      for (size_t i = 0; i < step.outputs.size(); ++i)
        values[step.outputs[i]] = values[step.inputs[i]];
    } else if (step.precomputed) {
      // Its results are constants, already in `values`.
    } else if (step.kernel.aliasOperand >= 0 && !adjust) {
      values[step.outputs[0]] = values[step.inputs[step.kernel.aliasOperand]];
    } else {
      SmallVector<Tensor> outs;
      if (step.kernel.aliasOperand >= 0) {
        // Adjusting a forwarded operand in place would change the operand:
        // a copy, in a recycled buffer.
        const Tensor &operand = *values[step.inputs[step.kernel.aliasOperand]];
        outs.push_back(step.templates[0]);
        outs.back().data = takeBuffer(int64_t(operand.data.size()));
        std::copy(operand.data.begin(), operand.data.end(),
                  outs.back().data.begin());
      } else {
        ins.clear();
        for (int s : step.inputs)
          ins.push_back(values[s].get());
        if (step.kernel.check) {
          std::string problem = step.kernel.check(ins);
          if (!problem.empty())
            return step.op->emitError("interpreter: ") << problem;
        }
        for (const Tensor &t : step.templates) {
          outs.push_back(t);
          outs.back().data = takeBuffer(t.numElements());
        }
        if (step.time) {
          auto start = std::chrono::steady_clock::now();
          step.kernel.run(ins, outs);
          step.time->seconds += std::chrono::duration<double>(
                                    std::chrono::steady_clock::now() - start)
                                    .count();
          ++step.time->calls;
        } else {
          step.kernel.run(ins, outs);
        }
      }
      if (adjust) {
        for (size_t i = 0; i < outs.size(); ++i) {
          [[maybe_unused]] size_t size = outs[i].data.size();
          adjuster->adjust(step.resultOp, unsigned(i), outs[i]);
          assert(outs[i].data.size() == size &&
                 "a TensorAdjuster changed a tensor's size");
        }
      }
      for (size_t i = 0; i < outs.size(); ++i) {
        int64_t bytes = int64_t(outs[i].data.size() * sizeof(float));
        liveBytes += bytes;
        // The deleter keeps the live-byte count: a buffer dies with its
        // last reference (its slot and any aliases of it).
        values[step.outputs[i]] = TensorRef(
            new Tensor(std::move(outs[i])), [this, bytes](const Tensor *t) {
              liveBytes -= bytes;
              recycle(std::move(const_cast<Tensor *>(t)->data));
              delete t;
            });
      }
      peakBytes = std::max(peakBytes, liveBytes);
    }
    if (observer && !step.forward && observer->observes(step.resultOp))
      for (size_t i = 0; i < step.outputs.size(); ++i)
        observer->observe(step.resultOp, unsigned(i), *values[step.outputs[i]]);
    for (int s : step.release)
      values[s].reset();
  }

  std::vector<Tensor> results;
  for (int s : resultSlots) {
    // Aliases of a function input (or a constant) are copied; produced
    // tensors are copied too since several results may share a slot.
    results.push_back(*values[s]);
  }
  return results;
}

FailureOr<std::unique_ptr<Interpreter>>
Interpreter::create(func::FuncOp func, InterpreterOptions options) {
  if (options.threads < 1)
    options.threads = 1;
  // oneDNN sizes its primitives for the thread count current at creation;
  // a primitive made for more threads than it later gets waits on them.
  if (options.useOneDNN)
    onednn::setThreads(options.threads);
  auto impl = std::make_unique<InterpreterImpl>(
      func, options, /*allowFusion=*/true, /*allowPrecompute=*/true,
      std::make_shared<KernelProfile>());
  if (failed(impl->prepare()))
    return failure();
  return std::unique_ptr<Interpreter>(std::move(impl));
}

namespace {

class OpRunnerImpl : public OpRunner {
public:
  OpRunnerImpl(Operation *op, InterpreterOptions options, PreparedKernel kernel)
      : op(op), options(options), kernel(std::move(kernel)) {
    for (Value v : op->getOperands())
      operandShapes.emplace_back(cast<ShapedType>(v.getType()).getShape());
    for (Value v : op->getResults())
      templates.push_back(templateOf(v));
  }

  FailureOr<std::vector<Tensor>>
  run(ArrayRef<const Tensor *> operands) override {
    if (operands.size() != operandShapes.size())
      return op->emitError("interpreter: expected ")
             << operandShapes.size() << " operands, got " << operands.size();
    for (size_t i = 0; i < operands.size(); ++i)
      if (!operands[i] ||
          ArrayRef<int64_t>(operands[i]->shape) !=
              ArrayRef<int64_t>(operandShapes[i]) ||
          int64_t(operands[i]->data.size()) != operands[i]->numElements())
        return op->emitError("interpreter: operand #")
               << i << " has shape "
               << (operands[i] ? shapeText(operands[i]->shape) : "none")
               << ", expected " << shapeText(operandShapes[i]);
    if (options.useOneDNN)
      onednn::setThreads(options.threads);
    std::vector<Tensor> results;
    if (kernel.aliasOperand >= 0) {
      results.push_back(*operands[kernel.aliasOperand]);
      return results;
    }
    if (kernel.check) {
      std::string problem = kernel.check(operands);
      if (!problem.empty())
        return op->emitError("interpreter: ") << problem;
    }
    for (const Tensor &t : templates) {
      results.push_back(t);
      results.back().data.resize(t.numElements());
    }
    kernel.run(operands, results);
    return results;
  }

private:
  Operation *op;
  InterpreterOptions options;
  PreparedKernel kernel;
  SmallVector<SmallVector<int64_t>> operandShapes;
  SmallVector<Tensor> templates;
};

} // namespace

FailureOr<std::unique_ptr<OpRunner>>
OpRunner::create(Operation *op, InterpreterOptions options,
                 ArrayRef<const Tensor *> constants) {
  assert((constants.empty() || constants.size() == op->getNumOperands()) &&
         "one constant (or null) per operand");
  if (options.threads < 1)
    options.threads = 1;
  if (options.useOneDNN)
    onednn::setThreads(options.threads);
  const KernelFactory *factory = factoryFor(op, options.mode);
  if (!factory)
    return failure();
  for (Type t : op->getOperandTypes()) {
    auto shaped = dyn_cast<RankedTensorType>(t);
    if (!shaped || !shaped.hasStaticShape())
      return op->emitError(
          "interpreter: operands must be statically shaped tensors");
  }
  // Only the operands the caller declared constant are.
  KernelConfig config;
  config.options = options;
  config.constantOperands.assign(op->getNumOperands(), nullptr);
  llvm::copy(constants, config.constantOperands.begin());
  FailureOr<PreparedKernel> kernel = (*factory)(op, config);
  if (failed(kernel))
    return failure();
  return std::unique_ptr<OpRunner>(
      std::make_unique<OpRunnerImpl>(op, options, std::move(*kernel)));
}
