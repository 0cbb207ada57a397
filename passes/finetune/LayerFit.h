//===- LayerFit.h - one layer's finetuning problem on cached rows -*- C++
//-*-===//
//
// Fast finetune (nndct-fast-finetune) fits one conv or linear at a time:
// its quantized form, on the quantized network's input, should compute
// what the float layer computes on the float network's input. The layer is
// only ever seen through sampled output positions ("rows"): for a conv,
// the input patch under one output pixel (im2col), for a linear, one input
// vector. On rows the layer is a grouped matrix product
//   z[r, o] = sum_k x[r, g(o) * K + k] * W[o, k] + b[o]
// followed by its activation and its output fix, so the loss, its gradient
// and the optimizers (AdaQuant, AdaRound) are plain C++ here, with no MLIR
// and no interpreter: the pass gathers the rows, this fits them.
//
// Every reduction runs in a fixed order on one thread (threads split the
// outputs), so results are bitwise identical for any thread count.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_PASSES_FINETUNE_LAYERFIT_H
#define NNDCT_PASSES_FINETUNE_LAYERFIT_H

#include "ir/numerics/FixArithmetic.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace mlir::nndct::finetune {

/// The activation fused after the layer (before its output fix).
enum class Activation { None, Relu, Relu6, LeakyRelu, HardSwish };

/// One fake quantization: clamp(round(x * 2^fixPoint), range) * 2^-fixPoint.
struct FixSpec {
  int64_t fixPoint = 0;
  Rounding rounding = Rounding::HalfUp;
  FixRange range{-128, 127};
  float step() const;
  float apply(float x) const;
  /// Whether x lies inside the representable range (the straight-through
  /// estimator passes the gradient there, and only there).
  bool inRange(float x) const;
};

/// A grouped layer: `groups` groups of `inPerGroup` inputs (a conv's
/// C/groups * KH * KW) and `outPerGroup` outputs.
struct LayerShape {
  int64_t groups = 1;
  int64_t inPerGroup = 0;
  int64_t outPerGroup = 0;
  int64_t inputs() const { return groups * inPerGroup; }
  int64_t outputs() const { return groups * outPerGroup; }
};

/// Weights [outputs][inPerGroup] (a conv's [O, C/groups, KH, KW] flattened)
/// and biases [outputs].
struct LayerParams {
  std::vector<float> weight;
  std::vector<float> bias;
};

/// What the layer computes and how it is quantized. Absent fixes are float.
struct LayerSpec {
  LayerShape shape;
  Activation activation = Activation::None;
  float alpha = 0.01f; ///< leaky relu slope
  std::optional<FixSpec> weightFix, biasFix, outputFix;
  /// False for a layer without a bias: its zero biases stay.
  bool learnBias = true;
};

/// The cached rows: the float network's and the quantized network's input
/// under the same output positions, [rows][shape.inputs()] each. The first
/// `heldOut` rows are not fitted: the fit is judged on them (on every row
/// when there are none), so a layer with more weights than rows cannot
/// look better by memorizing its rows.
struct LayerRows {
  int64_t rows = 0;
  int64_t heldOut = 0;
  std::vector<float> floatInput, quantInput;
};

class LayerFit {
public:
  /// Computes the targets: the float layer (`floatParams`, no fixes) on the
  /// float rows.
  LayerFit(LayerSpec spec, const LayerRows &rows, LayerParams floatParams,
           int threads);

  const LayerSpec &spec() const { return layer; }
  const LayerParams &floatParams() const { return reference; }
  int64_t rows() const { return data.rows; }

  /// Mean squared error over rows [begin, end) (in the order of `order`
  /// when given) of the layer with weights and biases exactly `weight` and
  /// `bias` (no parameter fix applied here), its activation and output fix,
  /// on the quantized rows, against the targets. With `dWeight`/`dBias`,
  /// also their gradients (sized like the parameters; the output fix passes
  /// the gradient straight through inside its range).
  double evaluate(const std::vector<float> &weight,
                  const std::vector<float> &bias, const int64_t *order,
                  int64_t begin, int64_t end, std::vector<float> *dWeight,
                  std::vector<float> *dBias) const;

  /// `params` as the device holds them (the weight and bias fixes applied).
  LayerParams quantized(const LayerParams &params) const;

  /// The loss of `params` (quantized first) over the held-out rows.
  double loss(const LayerParams &params) const;

  /// The rows the optimizers fit (all but the held-out ones, or all).
  const std::vector<int64_t> &trainingRows() const { return training; }

  /// Per output channel, the mean over the training rows of the quantized
  /// layer's pre-activation minus the float layer's, with `params`
  /// quantized.
  std::vector<double> meanPreActivationError(const LayerParams &params) const;

private:
  /// z for rows [begin, end) of `input` with the given parameters.
  void preActivation(const std::vector<float> &input,
                     const std::vector<float> &weightT,
                     const std::vector<float> &bias, const int64_t *order,
                     int64_t begin, int64_t end, std::vector<float> &z) const;
  std::vector<float> transposed(const std::vector<float> &weight) const;

  LayerSpec layer;
  const LayerRows &data;
  LayerParams reference;
  std::vector<float> targets; ///< [rows][outputs]
  std::vector<int64_t> training, judged;
  int threads;
};

/// The optimizers' settings.
struct FitOptions {
  int64_t epochs = 10;    ///< passes over the rows
  int64_t batchRows = 64; ///< rows per optimizer step
  uint64_t seed = 0;      ///< row order
};

/// What a fit did.
struct FitResult {
  LayerParams params; ///< the parameters to keep (float; fixes apply later)
  double lossBefore = 0, lossAfter = 0;
  bool improved = false;
};

/// AdaQuant (Hubara et al. 2020) as vai_q_pytorch runs it: Adam on the
/// weights and biases through the fixes (straight-through), learning rate
/// 0.01 * std of each tensor, halved (back at the best point) after an
/// epoch that does not improve the held-out loss; the best point is kept.
FitResult adaQuant(const LayerFit &fit, const FitOptions &options);

/// AdaRound (Nagel et al. 2020): whether each weight rounds up or down is
/// learned through a rectified sigmoid with an annealed regularizer that
/// drives it to 0 or 1; the weights end on the fix grid, then the biases
/// absorb the mean pre-activation error that remains. Without a weight fix
/// there is nothing to round: the float parameters come back. `binary`
/// (if given) receives the fraction of rounding variables that ended within
/// 1e-3 of 0 or 1 before the final hard rounding.
FitResult adaRound(const LayerFit &fit, const FitOptions &options,
                   double *binary = nullptr);

} // namespace mlir::nndct::finetune

#endif // NNDCT_PASSES_FINETUNE_LAYERFIT_H
