//===- PTQOptions.h - the choices and defaults of the PTQ pipeline -*- C++
//-*-===//
//
// One struct holds every option of post-training quantization with its
// default. It is the only place a default is written: the pass options in
// Passes.td and CalibrationPasses.td default to `PTQOptions().<field>`, the
// textual `nndct-ptq-pipeline` and the `nndct quantize` flags are
// initialized from it, and an embedding compiler fills it and calls
// populatePTQPipeline (Pipelines.h). Choices are enums; the spelling of each
// value (option text, quant_config.json, the `method` the statistics
// record) comes from one table per enum.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_PASSES_PTQOPTIONS_H
#define NNDCT_PASSES_PTQOPTIONS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mlir::nndct {

/// How activation fix points are chosen from data (spec §Calibration).
enum class CalibrationMethod { Diffs, MaxMin, Percentile, Mse, Entropy };
/// How calibration batches are combined.
enum class CalibrationStatistics {
  PerBatch, ///< vai's modal vote over per-batch fix points
  Dataset,  ///< one statistic over the whole data set (batch-independent)
};
/// What an activation's fix point is chosen for.
enum class FixPointObjective {
  Tensor, ///< the tensor's own error (the calibration method alone)
  Output, ///< clipping fix points by the network output's error
};
/// How weight and bias fix points are chosen from the constants.
enum class ParamMethod { Diffs, MaxMin };
/// How fix points are made to satisfy the target's shift rules.
enum class FixPointStrategy {
  Exact,  ///< least total cost, solved exactly (Z3)
  Greedy, ///< vai_q_pytorch's one-pass repair
};
/// How bias correction moves the biases.
enum class BiasCorrectionMethod {
  Vai,  ///< vai's stepwise correction with its stop rule
  Full, ///< the whole mean error at once
};

/// How fast finetune fits each layer.
enum class FinetuneMethod {
  AdaQuant, ///< Adam on weights and biases through the fixes (vai's)
  AdaRound, ///< learned rounding direction of each weight
};

/// Where the PTQ pipeline stops: each phase is a contract later passes rely
/// on, and `compile-to` prints the IR at that boundary.
enum class CompilePhase {
  Canonical,  ///< batch norm folded, no-ops gone, device numerics marked
  Regions,    ///< quantized regions formed, fixes inserted (no fix points)
  Calibrated, ///< statistics stored, fix points assigned (vai's rules)
  Legal,      ///< fix points satisfy the target's shift rules
  Corrected,  ///< biases corrected: the whole pipeline
};

/// One value of a choice option: its spelling and help text.
template <typename E> struct Choice {
  E value;
  llvm::StringLiteral name;
  llvm::StringLiteral help;
};

/// The spellings of every choice enum (defined in PTQOptions.cpp).
template <typename E> llvm::ArrayRef<Choice<E>> choices();
template <> llvm::ArrayRef<Choice<CalibrationMethod>> choices();
template <> llvm::ArrayRef<Choice<CalibrationStatistics>> choices();
template <> llvm::ArrayRef<Choice<ParamMethod>> choices();
template <> llvm::ArrayRef<Choice<BiasCorrectionMethod>> choices();
template <> llvm::ArrayRef<Choice<FixPointStrategy>> choices();
template <> llvm::ArrayRef<Choice<FixPointObjective>> choices();
template <> llvm::ArrayRef<Choice<CompilePhase>> choices();
template <> llvm::ArrayRef<Choice<FinetuneMethod>> choices();

/// The spelling of `value`.
template <typename E> llvm::StringRef stringifyChoice(E value) {
  for (const Choice<E> &c : choices<E>())
    if (c.value == value)
      return c.name;
  return "";
}

/// The value spelled `name`, if any.
template <typename E> std::optional<E> symbolizeChoice(llvm::StringRef name) {
  for (const Choice<E> &c : choices<E>())
    if (c.name == name)
      return c.value;
  return std::nullopt;
}

/// "a, b or c": the spellings, for messages.
template <typename E> std::string listChoices() {
  std::string out;
  llvm::ArrayRef<Choice<E>> all = choices<E>();
  for (size_t i = 0; i < all.size(); ++i) {
    if (i)
      out += i + 1 == all.size() ? " or " : ", ";
    out += all[i].name.str();
  }
  return out;
}

/// The values of an llvm::cl or MLIR pass option of type `E`: pass
/// `choiceValues<E>()` where `llvm::cl::values(...)` would go.
template <typename E> struct ChoiceValues {
  template <class Opt> void apply(Opt &option) const {
    for (const Choice<E> &c : choices<E>())
      option.getParser().addLiteralOption(c.name, c.value, c.help);
  }
};
template <typename E> ChoiceValues<E> choiceValues() { return {}; }

class CalibrationSource;

/// Everything the post-training quantization pipeline can be told, with
/// the defaults of every tool and pass.
struct PTQOptions {
  /// Calibration data: one .npy per function argument, samples on dim 0.
  std::vector<std::string> data;
  /// Calibration data from C++ (CalibrationData.h); overrides `data`.
  std::shared_ptr<CalibrationSource> source;
  /// How activation fix points are chosen.
  CalibrationMethod method = CalibrationMethod::Diffs;
  /// Samples per calibration batch (0: the function's batch).
  int64_t batch = 0;
  /// How calibration batches are combined.
  CalibrationStatistics statistics = CalibrationStatistics::PerBatch;
  /// Interpreter threads; results are identical for any count.
  int threads = 1;
  /// Bits of every fix.
  int64_t bitWidth = 8;
  /// What activation fix points are chosen for (output: then
  /// nndct-refine-fix-points).
  FixPointObjective objective = FixPointObjective::Tensor;
  /// How weight and bias fix points are chosen.
  ParamMethod paramMethod = ParamMethod::Diffs;
  /// How fix points are made legal for the target (shift rules).
  FixPointStrategy fixPointStrategy = FixPointStrategy::Exact;
  /// Percentile of |x| for method=percentile.
  double percentile = 99.99;
  /// Apply vai's bias correction after fix points are assigned.
  bool biasCorrection = true;
  /// How bias correction moves the biases.
  BiasCorrectionMethod biasCorrectionMethod = BiasCorrectionMethod::Vai;
  /// vai's bias correction: the fraction of the mean error applied per step.
  double biasCorrectionRate = 0.05;
  /// Fold constant scales and shifts into neighbouring layers
  /// (nndct-fold-affine).
  bool foldAffine = true;
  /// Cross-layer equalization before calibration (nndct-equalize; vai's
  /// include_cle).
  bool equalize = false;
  /// Fit each layer's weights and biases to its float twin after the fix
  /// points are legal (nndct-fast-finetune; replaces bias correction).
  bool fastFinetune = false;
  FinetuneMethod finetuneMethod = FinetuneMethod::AdaQuant;
  /// The finetune samples when not the calibration data: `.npy` files, or
  /// a source handed in C++.
  std::vector<std::string> finetuneData;
  std::shared_ptr<CalibrationSource> finetuneSource;
  /// Rewrite/mark ops so fake-quant computes what the NPU computes
  /// (nndct-emulate-npu-numerics).
  bool emulateNPU = true;
  /// Run sigmoid as the target's hard sigmoid (nndct-legalize-target;
  /// changes the numerics).
  bool convertSigmoid = false;
  /// Run SiLU as hard swish (vai's convert_silu_to_hswish; changes the
  /// numerics).
  bool convertSilu = false;
  /// Ops that stay float inside their quantized region (their names;
  /// nndct-keep-float), with why (optional, one per name).
  std::vector<std::string> keepFloat, keepFloatReasons;
  /// Accuracy-aware float ops (runPTQ, passes/FloatOpSearch.h): up to this
  /// many of the ops that damage the network output most are kept float,
  /// until its SQNR reaches `keepFloatSqnr` dB on the first
  /// `keepFloatSamples` calibration samples. 0: no search.
  int64_t maxFloatOps = 0;
  double keepFloatSqnr = std::numeric_limits<double>::infinity();
  int64_t keepFloatSamples = 4;
  /// Region bounds for models without quant stubs (tensor names).
  std::vector<std::string> quantBegin, quantEnd;
  /// The function to quantize (empty: the only one, or @main).
  std::string entry;
  /// The last phase to run.
  CompilePhase compileTo = CompilePhase::Corrected;

  /// The hardware target (ir/TargetModel.h), attached to the module first
  /// (nndct-attach-target): legalization, device numerics and placement
  /// read it from there.
  std::string target = "AMD_AIE2_Nx4_Overlay_cfg0";
};

} // namespace mlir::nndct

#endif // NNDCT_PASSES_PTQOPTIONS_H
