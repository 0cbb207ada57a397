//===- FixProbes.h - one fix changed, the network output compared -*- C++
//-*-===//
//
// What a single fix does to the network output is measured by running the
// interpreter with that fix changed (moved to another fix point, left
// float, or alone applied) and comparing the output with a reference run.
// The exact solver's output-noise records (nndct-measure-output-noise) and
// `nndct analyze` both measure this way; these are the pieces they share.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_PASSES_FIXPROBES_H
#define NNDCT_PASSES_FIXPROBES_H

#include "backends/interpreter/Interpreter.h"
#include "ir/NNDCTOps.h"

#include <memory>
#include <optional>
#include <vector>

namespace mlir::nndct {

/// Sets fixes' results in a run: each fix's input (kept as its producer
/// makes it; a function argument or a constant is read directly) quantized
/// at a given fix point, or left float when there is none. In a fake-quant
/// run that moves the fix or keeps its tensor float; in a float run, with a
/// fix point, it applies that fix alone.
class SetFix : public TensorObserver, public TensorAdjuster {
public:
  SetFix() = default;
  SetFix(FixOp fix, std::optional<int64_t> fixPoint) { add(fix, fixPoint); }
  /// One more fix set in the same runs.
  void add(FixOp fix, std::optional<int64_t> fixPoint);
  /// The run's inputs (a fix of a function argument reads them).
  void setInputs(ArrayRef<Tensor> runInputs) { inputs = runInputs; }

  bool observes(Operation *op) override;
  void observe(Operation *op, unsigned result, const Tensor &t) override;
  bool adjusts(Operation *op) override;
  void adjust(Operation *op, unsigned, Tensor &t) override;

private:
  struct Entry {
    FixOp fix;
    std::optional<int64_t> fixPoint;
    Operation *producer = nullptr;
    unsigned resultIndex = 0;
    int argument = -1;
    std::vector<float> captured;
  };
  std::vector<Entry> entries;
  ArrayRef<Tensor> inputs;
};

/// A value compared between a changed run and the reference.
struct Tap {
  Operation *op;
  unsigned result;
};

/// Where a network's output noise is measured: each function result, or
/// the input of the softmax / sigmoid that computes it. A confident
/// classifier's probabilities saturate at 0 and 1 and hide every fix's
/// noise; its logits show it.
std::vector<Tap> outputTaps(func::FuncOp func);

/// Keeps the tapped tensors of a run, and passes everything to a second
/// observer (a SetFix's).
class TapObserver : public TensorObserver {
public:
  TapObserver(ArrayRef<Tap> taps, TensorObserver *also)
      : taps(taps), also(also), values(taps.size()) {}

  bool observes(Operation *op) override;
  void observe(Operation *op, unsigned result, const Tensor &t) override;

  ArrayRef<Tap> taps;
  TensorObserver *also;
  /// The tapped tensors, in the order of `taps`.
  std::vector<std::vector<float>> values;
};

class CalibrationData;

/// Float runs over the first samples of the data, their tapped outputs
/// kept as the reference, and the fake-quant interpreter (every fix at its
/// fix point when created, weights quantized once) a measurement runs.
/// Create it again after fix points change.
class OutputNoiseMeter {
public:
  /// On the runs holding samples [first, first + samples) of `data` (at
  /// least one run).
  static FailureOr<std::unique_ptr<OutputNoiseMeter>>
  create(func::FuncOp func, CalibrationData &data, int64_t samples, int threads,
         int64_t first = 0);

  /// The output's noise-to-signal ratio with every fix applied and `fix`
  /// at fix point `fixPoint` (0 when the outputs have no energy).
  FailureOr<double> outputNSR(FixOp fix, int64_t fixPoint);
  /// The same with the fixes `set` changes (none: every fix at its own fix
  /// point).
  FailureOr<double> outputNSR(SetFix *set);
  /// The noise-to-signal ratio of the worst output (each output against its
  /// own energy) with the fixes `set` changes: what a multi-output model's
  /// weakest output suffers, which the total hides when another output
  /// holds most of the energy.
  FailureOr<double> worstOutputNSR(SetFix *set);
  /// The number of samples measured.
  int64_t numSamples() const;

private:
  std::unique_ptr<Interpreter> interp;
  std::vector<Tap> taps;
  std::vector<std::vector<Tensor>> inputs;
  /// The float run's tapped tensors, per run and tap.
  std::vector<std::vector<std::vector<float>>> reference;
  double outputEnergy = 0;
  std::vector<double> energyPerTap;
  /// The NSR with every fix at its own fix point, once measured.
  std::optional<double> baseline;
};

/// Sum of squared differences between two runs' tapped tensors, per tap
/// and in all.
std::vector<double> tapNoises(ArrayRef<std::vector<float>> got,
                              ArrayRef<std::vector<float>> want);
double tapNoise(ArrayRef<std::vector<float>> got,
                ArrayRef<std::vector<float>> want);
/// Sum of squares of a run's tapped tensors.
double tapEnergy(ArrayRef<std::vector<float>> values);

/// The tapped noise of runs of `interp`, one per entry of `inputs`, against
/// `reference` (the same runs' tapped tensors), with `set` (if any)
/// changing fixes: per tap, and in all.
FailureOr<std::vector<double>>
runsTapNoises(Interpreter &interp, ArrayRef<Tap> taps,
              ArrayRef<std::vector<Tensor>> inputs,
              ArrayRef<std::vector<std::vector<float>>> reference, SetFix *set);
FailureOr<double>
runsTapNoise(Interpreter &interp, ArrayRef<Tap> taps,
             ArrayRef<std::vector<Tensor>> inputs,
             ArrayRef<std::vector<std::vector<float>>> reference, SetFix *set);

} // namespace mlir::nndct

#endif // NNDCT_PASSES_FIXPROBES_H
