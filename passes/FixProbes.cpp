//===- FixProbes.cpp - one fix changed, the network output compared -------===//

#include "passes/FixProbes.h"

#include "ir/ConstantUtils.h"
#include "ir/numerics/FixArithmetic.h"
#include "passes/CalibrationData.h"

using namespace mlir;
using namespace mlir::nndct;

void SetFix::add(FixOp fix, std::optional<int64_t> fixPoint) {
  Entry &e = entries.emplace_back();
  e.fix = fix;
  e.fixPoint = fixPoint;
  // A region's result is its yielded value (regions forward, unobserved).
  Value in = lookIntoRegions(fix.getInput());
  if (auto arg = dyn_cast<BlockArgument>(in)) {
    e.argument = int(arg.getArgNumber());
  } else if (auto constant = in.getDefiningOp<ConstantOp>()) {
    if (auto values = readFloats(constant.getValue()))
      e.captured = std::move(*values);
  } else {
    e.producer = in.getDefiningOp();
    e.resultIndex = cast<OpResult>(in).getResultNumber();
  }
}

bool SetFix::observes(Operation *op) {
  return llvm::any_of(entries, [&](Entry &e) { return e.producer == op; });
}

void SetFix::observe(Operation *op, unsigned result, const Tensor &t) {
  for (Entry &e : entries)
    if (op == e.producer && result == e.resultIndex)
      e.captured.assign(t.data.begin(), t.data.end());
}

bool SetFix::adjusts(Operation *op) {
  return llvm::any_of(entries,
                      [&](Entry &e) { return e.fix.getOperation() == op; });
}

void SetFix::adjust(Operation *op, unsigned, Tensor &t) {
  for (Entry &e : entries) {
    if (e.fix.getOperation() != op)
      continue;
    const std::vector<float> &in =
        e.argument >= 0 ? inputs[e.argument].data : e.captured;
    if (in.size() != t.data.size())
      return; // a constant without data: nothing to set (never in practice)
    if (!e.fixPoint) {
      std::copy(in.begin(), in.end(), t.data.begin());
      return;
    }
    fixArray(in.data(), t.data.data(), int64_t(t.data.size()), *e.fixPoint,
             e.fix.getRounding(), e.fix.getRange());
    return;
  }
}

std::vector<Tap> mlir::nndct::outputTaps(func::FuncOp func) {
  std::vector<Tap> taps;
  for (Value v : func.front().getTerminator()->getOperands()) {
    Value at = lookIntoRegions(v);
    // Behind the output's fixes, the op that computes it.
    Value computed = at;
    while (auto fix = computed.getDefiningOp<FixOp>())
      computed = lookIntoRegions(fix.getInput());
    if (Operation *def = computed.getDefiningOp();
        def && isa<SoftmaxOp, LogSoftmaxOp, SigmoidOp, HardSigmoidOp>(def))
      at = lookIntoRegions(def->getOperand(0));
    if (auto result = dyn_cast<OpResult>(at);
        result && !isa<ConstantOp>(result.getOwner()))
      taps.push_back({result.getOwner(), result.getResultNumber()});
  }
  return taps;
}

bool TapObserver::observes(Operation *op) {
  return llvm::any_of(taps, [&](const Tap &t) { return t.op == op; }) ||
         (also && also->observes(op));
}

void TapObserver::observe(Operation *op, unsigned result, const Tensor &t) {
  for (auto [k, tap] : llvm::enumerate(taps))
    if (tap.op == op && tap.result == result)
      values[k].assign(t.data.begin(), t.data.end());
  if (also && also->observes(op))
    also->observe(op, result, t);
}

std::vector<double> mlir::nndct::tapNoises(ArrayRef<std::vector<float>> got,
                                           ArrayRef<std::vector<float>> want) {
  std::vector<double> noise(std::min(got.size(), want.size()), 0.0);
  for (size_t k = 0; k < noise.size(); ++k)
    for (size_t i = 0; i < got[k].size() && i < want[k].size(); ++i) {
      double d = double(got[k][i]) - double(want[k][i]);
      noise[k] += d * d;
    }
  return noise;
}

double mlir::nndct::tapNoise(ArrayRef<std::vector<float>> got,
                             ArrayRef<std::vector<float>> want) {
  double noise = 0;
  for (double n : tapNoises(got, want))
    noise += n;
  return noise;
}

FailureOr<std::vector<double>>
mlir::nndct::runsTapNoises(Interpreter &interp, ArrayRef<Tap> taps,
                           ArrayRef<std::vector<Tensor>> inputs,
                           ArrayRef<std::vector<std::vector<float>>> reference,
                           SetFix *set) {
  std::vector<double> noise(taps.size(), 0.0);
  for (size_t r = 0; r < inputs.size(); ++r) {
    if (set)
      set->setInputs(inputs[r]);
    TapObserver tapped(taps, set);
    if (failed(interp.run(inputs[r], &tapped, set)))
      return failure();
    std::vector<double> run = tapNoises(tapped.values, reference[r]);
    for (size_t k = 0; k < run.size(); ++k)
      noise[k] += run[k];
  }
  return noise;
}

FailureOr<double>
mlir::nndct::runsTapNoise(Interpreter &interp, ArrayRef<Tap> taps,
                          ArrayRef<std::vector<Tensor>> inputs,
                          ArrayRef<std::vector<std::vector<float>>> reference,
                          SetFix *set) {
  FailureOr<std::vector<double>> noises =
      runsTapNoises(interp, taps, inputs, reference, set);
  if (failed(noises))
    return failure();
  double noise = 0;
  for (double n : *noises)
    noise += n;
  return noise;
}

double mlir::nndct::tapEnergy(ArrayRef<std::vector<float>> values) {
  double energy = 0;
  for (const std::vector<float> &t : values)
    for (float v : t)
      energy += double(v) * double(v);
  return energy;
}

FailureOr<std::unique_ptr<OutputNoiseMeter>>
OutputNoiseMeter::create(func::FuncOp func, CalibrationData &data,
                         int64_t samples, int threads, int64_t first) {
  auto meter = std::make_unique<OutputNoiseMeter>();
  meter->taps = outputTaps(func);
  InterpreterOptions options;
  options.mode = ExecutionMode::Float;
  options.threads = threads;
  auto floatRun = Interpreter::create(func, options);
  options.mode = ExecutionMode::FakeQuant;
  auto quantRun = Interpreter::create(func, options);
  if (failed(floatRun) || failed(quantRun))
    return failure();
  meter->interp = std::move(*quantRun);
  int64_t batch = data.runBatch();
  int64_t firstRun = std::max<int64_t>(
      0, std::min(first / batch, data.numSamples() / batch - 1));
  int64_t runs = std::max<int64_t>(
      1, std::min(samples, data.numSamples() - firstRun * batch) / batch);
  for (int64_t r = firstRun; r < firstRun + runs; ++r) {
    FailureOr<std::vector<Tensor>> in = data.readRun(r);
    if (failed(in))
      return failure();
    TapObserver tapped(meter->taps, nullptr);
    if (failed((*floatRun)->run(*in, &tapped)))
      return failure();
    meter->outputEnergy += tapEnergy(tapped.values);
    meter->energyPerTap.resize(tapped.values.size(), 0.0);
    for (size_t k = 0; k < tapped.values.size(); ++k)
      meter->energyPerTap[k] += mlir::nndct::tapEnergy(tapped.values[k]);
    meter->inputs.push_back(std::move(*in));
    meter->reference.push_back(std::move(tapped.values));
  }
  return meter;
}

FailureOr<double> OutputNoiseMeter::outputNSR(FixOp fix, int64_t fixPoint) {
  // At its own fix point every fix measures the same network.
  if (fixPoint == *fix.getFixPoint())
    return outputNSR(nullptr);
  SetFix move(fix, fixPoint);
  return outputNSR(&move);
}

FailureOr<double> OutputNoiseMeter::outputNSR(SetFix *set) {
  if (!set && baseline)
    return *baseline;
  FailureOr<double> noise = runsTapNoise(*interp, taps, inputs, reference, set);
  if (failed(noise))
    return failure();
  double nsr = outputEnergy > 0 ? *noise / outputEnergy : 0.0;
  if (!set)
    baseline = nsr;
  return nsr;
}

FailureOr<double> OutputNoiseMeter::worstOutputNSR(SetFix *set) {
  FailureOr<std::vector<double>> noise =
      runsTapNoises(*interp, taps, inputs, reference, set);
  if (failed(noise))
    return failure();
  double worst = 0;
  for (size_t k = 0; k < noise->size() && k < energyPerTap.size(); ++k)
    if (energyPerTap[k] > 0)
      worst = std::max(worst, (*noise)[k] / energyPerTap[k]);
  return worst;
}

int64_t OutputNoiseMeter::numSamples() const {
  int64_t n = 0;
  for (const std::vector<Tensor> &run : inputs)
    n += run.empty() || run.front().shape.empty() ? 1 : run.front().shape[0];
  return n;
}
