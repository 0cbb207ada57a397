//===- LayerFit.cpp - loss, gradients and optimizers of one layer ---------===//

#include "passes/finetune/LayerFit.h"

#include <algorithm>
#include <cmath>
#include <random>

using namespace mlir::nndct;
using namespace mlir::nndct::finetune;

float FixSpec::step() const { return std::ldexp(1.0f, -int(fixPoint)); }

float FixSpec::apply(float x) const {
  return fixValue(x, fixPoint, rounding, range);
}

bool FixSpec::inRange(float x) const {
  float scaled = std::ldexp(x, int(fixPoint));
  return scaled >= float(range.qmin) && scaled <= float(range.qmax);
}

namespace {

/// Calls fn(begin, end) on up to `threads` disjoint chunks of [0, n), each
/// owning its outputs (static schedule: bitwise the same for any count).
template <typename Fn> void forChunks(int64_t n, int threads, Fn &&fn) {
  int64_t chunks = std::min<int64_t>(threads, n);
  if (chunks <= 1) {
    if (n > 0)
      fn(int64_t(0), n);
    return;
  }
#pragma omp parallel for schedule(static) num_threads(int(chunks))
  for (int64_t c = 0; c < chunks; ++c)
    fn(n * c / chunks, n * (c + 1) / chunks);
}

/// y[0, n) += a * x[0, n): the inner loop of both products.
[[gnu::target_clones("avx2", "default")]] void axpy(float a, const float *x,
                                                    float *y, int64_t n) {
  for (int64_t i = 0; i < n; ++i)
    y[i] += a * x[i];
}

inline void addScaled(float a, const float *x, float *y, int64_t n) {
  if (n >= 8) {
    axpy(a, x, y, n);
    return;
  }
  for (int64_t i = 0; i < n; ++i)
    y[i] += a * x[i];
}

float activate(Activation act, float alpha, float z) {
  switch (act) {
  case Activation::None:
    return z;
  case Activation::Relu:
    return z > 0 ? z : 0.0f;
  case Activation::Relu6:
    return std::min(std::max(z, 0.0f), 6.0f);
  case Activation::LeakyRelu:
    return z >= 0 ? z : alpha * z;
  case Activation::HardSwish:
    return z * std::min(std::max(z + 3.0f, 0.0f), 6.0f) / 6.0f;
  }
  return z;
}

float activationSlope(Activation act, float alpha, float z) {
  switch (act) {
  case Activation::None:
    return 1.0f;
  case Activation::Relu:
    return z > 0 ? 1.0f : 0.0f;
  case Activation::Relu6:
    return z > 0 && z < 6 ? 1.0f : 0.0f;
  case Activation::LeakyRelu:
    return z >= 0 ? 1.0f : alpha;
  case Activation::HardSwish:
    return z < -3 ? 0.0f : z > 3 ? 1.0f : (2.0f * z + 3.0f) / 6.0f;
  }
  return 1.0f;
}

double meanSquare(const std::vector<double> &perRow, int64_t elements) {
  double sum = 0;
  for (double v : perRow)
    sum += v;
  return elements ? sum / double(elements) : 0.0;
}

} // namespace

LayerFit::LayerFit(LayerSpec spec, const LayerRows &rows,
                   LayerParams floatParams, int threads)
    : layer(std::move(spec)), data(rows), reference(std::move(floatParams)),
      threads(std::max(1, threads)) {
  std::vector<float> z;
  preActivation(data.floatInput, transposed(reference.weight), reference.bias,
                nullptr, 0, data.rows, z);
  targets.resize(z.size());
  for (size_t i = 0; i < z.size(); ++i)
    targets[i] = activate(layer.activation, layer.alpha, z[i]);
  int64_t heldOut = std::clamp<int64_t>(data.heldOut, 0, data.rows);
  if (heldOut == data.rows)
    heldOut = 0; // nothing left to fit: fit and judge on every row
  for (int64_t r = 0; r < data.rows; ++r)
    (r < heldOut ? judged : training).push_back(r);
  if (judged.empty())
    judged = training;
}

std::vector<float>
LayerFit::transposed(const std::vector<float> &weight) const {
  // [outputs][K] -> [groups][K][outPerGroup]: the product adds a row of
  // weights per input value.
  const LayerShape &s = layer.shape;
  std::vector<float> t(weight.size());
  for (int64_t o = 0; o < s.outputs(); ++o) {
    int64_t g = o / s.outPerGroup, j = o % s.outPerGroup;
    for (int64_t k = 0; k < s.inPerGroup; ++k)
      t[(g * s.inPerGroup + k) * s.outPerGroup + j] =
          weight[o * s.inPerGroup + k];
  }
  return t;
}

void LayerFit::preActivation(const std::vector<float> &input,
                             const std::vector<float> &weightT,
                             const std::vector<float> &bias,
                             const int64_t *order, int64_t begin, int64_t end,
                             std::vector<float> &z) const {
  const LayerShape &s = layer.shape;
  int64_t outs = s.outputs(), ins = s.inputs();
  z.assign(size_t((end - begin) * outs), 0.0f);
  forChunks(end - begin, threads, [&](int64_t lo, int64_t hi) {
    for (int64_t i = lo; i < hi; ++i) {
      int64_t r = order ? order[begin + i] : begin + i;
      const float *x = &input[size_t(r * ins)];
      float *zr = &z[size_t(i * outs)];
      std::copy(bias.begin(), bias.end(), zr);
      for (int64_t g = 0; g < s.groups; ++g)
        for (int64_t k = 0; k < s.inPerGroup; ++k) {
          float v = x[g * s.inPerGroup + k];
          if (v != 0.0f) // post-relu inputs are mostly zeros
            addScaled(v,
                      &weightT[size_t((g * s.inPerGroup + k) * s.outPerGroup)],
                      zr + g * s.outPerGroup, s.outPerGroup);
        }
    }
  });
}

double LayerFit::evaluate(const std::vector<float> &weight,
                          const std::vector<float> &bias, const int64_t *order,
                          int64_t begin, int64_t end,
                          std::vector<float> *dWeight,
                          std::vector<float> *dBias) const {
  const LayerShape &s = layer.shape;
  int64_t outs = s.outputs(), n = end - begin;
  std::vector<float> z;
  preActivation(data.quantInput, transposed(weight), bias, order, begin, end,
                z);
  double scale = 2.0 / double(n * outs);
  std::vector<double> rowLoss(size_t(n), 0.0);
  bool grad = dWeight || dBias;
  // z becomes dL/dz in place.
  forChunks(n, threads, [&](int64_t lo, int64_t hi) {
    for (int64_t i = lo; i < hi; ++i) {
      int64_t r = order ? order[begin + i] : begin + i;
      const float *t = &targets[size_t(r * outs)];
      float *zr = &z[size_t(i * outs)];
      double sum = 0;
      for (int64_t o = 0; o < outs; ++o) {
        float a = activate(layer.activation, layer.alpha, zr[o]);
        float y = layer.outputFix ? layer.outputFix->apply(a) : a;
        double d = double(y) - double(t[o]);
        sum += d * d;
        if (grad) {
          bool passes = !layer.outputFix || layer.outputFix->inRange(a);
          zr[o] = passes
                      ? float(scale * d) * activationSlope(layer.activation,
                                                           layer.alpha, zr[o])
                      : 0.0f;
        }
      }
      rowLoss[size_t(i)] = sum;
    }
  });
  if (dBias) {
    dBias->assign(size_t(outs), 0.0f);
    forChunks(outs, threads, [&](int64_t lo, int64_t hi) {
      for (int64_t o = lo; o < hi; ++o) {
        double sum = 0;
        for (int64_t i = 0; i < n; ++i)
          sum += z[size_t(i * outs + o)];
        (*dBias)[size_t(o)] = float(sum);
      }
    });
  }
  if (dWeight) {
    // dW^T[g, k, :] = sum over rows of x[g, k] * dz[g, :], one (g, k) row
    // per index, rows summed in order.
    std::vector<float> gradT(size_t(s.inputs() * s.outPerGroup), 0.0f);
    forChunks(s.inputs(), threads, [&](int64_t lo, int64_t hi) {
      for (int64_t i = 0; i < n; ++i) {
        int64_t r = order ? order[begin + i] : begin + i;
        const float *x = &data.quantInput[size_t(r * s.inputs())];
        const float *dz = &z[size_t(i * outs)];
        for (int64_t gk = lo; gk < hi; ++gk) {
          float v = x[gk];
          if (v != 0.0f)
            addScaled(v, dz + (gk / s.inPerGroup) * s.outPerGroup,
                      &gradT[size_t(gk * s.outPerGroup)], s.outPerGroup);
        }
      }
    });
    dWeight->assign(weight.size(), 0.0f);
    for (int64_t o = 0; o < outs; ++o) {
      int64_t g = o / s.outPerGroup, j = o % s.outPerGroup;
      for (int64_t k = 0; k < s.inPerGroup; ++k)
        (*dWeight)[size_t(o * s.inPerGroup + k)] =
            gradT[size_t((g * s.inPerGroup + k) * s.outPerGroup + j)];
    }
  }
  return meanSquare(rowLoss, n * outs);
}

LayerParams LayerFit::quantized(const LayerParams &params) const {
  LayerParams q = params;
  if (layer.weightFix)
    for (float &w : q.weight)
      w = layer.weightFix->apply(w);
  if (layer.biasFix)
    for (float &b : q.bias)
      b = layer.biasFix->apply(b);
  return q;
}

double LayerFit::loss(const LayerParams &params) const {
  LayerParams q = quantized(params);
  return evaluate(q.weight, q.bias, judged.data(), 0, int64_t(judged.size()),
                  nullptr, nullptr);
}

std::vector<double>
LayerFit::meanPreActivationError(const LayerParams &params) const {
  LayerParams q = quantized(params);
  std::vector<float> zq, zf;
  int64_t n = int64_t(training.size());
  preActivation(data.quantInput, transposed(q.weight), q.bias, training.data(),
                0, n, zq);
  preActivation(data.floatInput, transposed(reference.weight), reference.bias,
                training.data(), 0, n, zf);
  int64_t outs = layer.shape.outputs();
  std::vector<double> mean(size_t(outs), 0.0);
  for (int64_t i = 0; i < n; ++i)
    for (int64_t o = 0; o < outs; ++o)
      mean[size_t(o)] +=
          double(zq[size_t(i * outs + o)]) - double(zf[size_t(i * outs + o)]);
  for (double &m : mean)
    m /= double(std::max<int64_t>(1, n));
  return mean;
}

//===----------------------------------------------------------------------===//
// Optimizers
//===----------------------------------------------------------------------===//

namespace {

/// Adam (Kingma and Ba 2015) on one tensor.
struct Adam {
  explicit Adam(size_t n, double lr) : lr(lr), m(n, 0.0), v(n, 0.0) {}
  void step(std::vector<float> &x, const std::vector<float> &g) {
    ++t;
    double c1 = 1.0 - std::pow(0.9, double(t)),
           c2 = 1.0 - std::pow(0.999, double(t));
    for (size_t i = 0; i < x.size(); ++i) {
      m[i] = 0.9 * m[i] + 0.1 * g[i];
      v[i] = 0.999 * v[i] + 0.001 * double(g[i]) * g[i];
      x[i] -= float(lr * (m[i] / c1) / (std::sqrt(v[i] / c2) + 1e-8));
    }
  }
  double lr;
  std::vector<double> m, v;
  int64_t t = 0;
};

double standardDeviation(const std::vector<float> &x) {
  if (x.empty())
    return 0;
  double mean = 0, sq = 0;
  for (float v : x)
    mean += v;
  mean /= double(x.size());
  for (float v : x)
    sq += (v - mean) * (v - mean);
  return std::sqrt(sq / double(x.size()));
}

/// The row order of each epoch: a seeded Fisher-Yates shuffle (the same
/// sequence on every platform, unlike std::shuffle's).
void shuffleRows(std::vector<int64_t> &order, std::mt19937_64 &rng) {
  for (size_t i = order.size(); i > 1; --i)
    std::swap(order[i - 1], order[rng() % i]);
}

} // namespace

FitResult finetune::adaQuant(const LayerFit &fit, const FitOptions &options) {
  const LayerSpec &spec = fit.spec();
  LayerParams current = fit.floatParams();
  FitResult result;
  result.params = current;
  result.lossBefore = result.lossAfter = fit.loss(current);
  if (fit.rows() == 0)
    return result;
  double lrWeight = 0.01 * standardDeviation(current.weight);
  double lrBias = 0.01 * standardDeviation(current.bias);
  if (lrBias == 0)
    lrBias = lrWeight;
  Adam weightOpt(current.weight.size(), lrWeight),
      biasOpt(current.bias.size(), lrBias);
  std::vector<int64_t> order = fit.trainingRows();
  int64_t rows = int64_t(order.size());
  std::mt19937_64 rng(options.seed);
  const std::vector<float> &w0 = fit.floatParams().weight;
  std::vector<float> dWeight, dBias;
  for (int64_t epoch = 0; epoch < options.epochs; ++epoch) {
    shuffleRows(order, rng);
    for (int64_t begin = 0; begin < rows; begin += options.batchRows) {
      int64_t end = std::min(rows, begin + options.batchRows);
      LayerParams q = fit.quantized(current);
      fit.evaluate(q.weight, q.bias, order.data(), begin, end, &dWeight,
                   &dBias);
      // Straight through each parameter fix inside its range; vai's weight
      // term MSE(W, W_float) keeps the weights near the float ones.
      double decay = 2.0 / double(std::max<size_t>(1, w0.size()));
      for (size_t i = 0; i < dWeight.size(); ++i) {
        if (spec.weightFix && !spec.weightFix->inRange(current.weight[i]))
          dWeight[i] = 0;
        dWeight[i] += float(decay * (current.weight[i] - w0[i]));
      }
      for (size_t i = 0; i < dBias.size(); ++i)
        if (!spec.learnBias ||
            (spec.biasFix && !spec.biasFix->inRange(current.bias[i])))
          dBias[i] = 0;
      weightOpt.step(current.weight, dWeight);
      biasOpt.step(current.bias, dBias);
    }
    double loss = fit.loss(current);
    if (loss < result.lossAfter) {
      result.lossAfter = loss;
      result.params = current;
    } else {
      // vai's rule: back to the best point with half the step.
      current = result.params;
      weightOpt.lr /= 2;
      biasOpt.lr /= 2;
    }
  }
  result.improved = result.lossAfter < result.lossBefore;
  return result;
}

FitResult finetune::adaRound(const LayerFit &fit, const FitOptions &options,
                             double *binary) {
  const LayerSpec &spec = fit.spec();
  const LayerParams &start = fit.floatParams();
  FitResult result;
  result.params = start;
  result.lossBefore = result.lossAfter = fit.loss(start);
  if (binary)
    *binary = 1.0;
  if (!spec.weightFix || fit.rows() == 0)
    return result;
  const FixSpec &wfix = *spec.weightFix;
  // Rectified sigmoid h(V) = clamp(sigmoid(V) * (zeta - gamma) + gamma,
  // 0, 1): reaches 0 and 1 exactly, so the regularizer can make it binary.
  constexpr double zeta = 1.1, gamma = -0.1, lambda = 1.0;
  auto sigmoid = [](double v) { return 1.0 / (1.0 + std::exp(-v)); };
  auto rectified = [&](double v) {
    return std::min(1.0, std::max(0.0, sigmoid(v) * (zeta - gamma) + gamma));
  };
  size_t n = start.weight.size();
  double step = wfix.step();
  std::vector<float> floorCode(n), v(n);
  for (size_t i = 0; i < n; ++i) {
    double scaled = double(start.weight[i]) / step;
    floorCode[i] = float(std::floor(scaled));
    // Start where h(V) is the weight's fractional part (V = logit).
    double p = (scaled - std::floor(scaled) - gamma) / (zeta - gamma);
    p = std::min(1.0 - 1e-6, std::max(1e-6, p));
    v[i] = float(std::log(p / (1.0 - p)));
  }
  LayerParams q = fit.quantized(start);
  // The reconstruction loss relative to nearest rounding, so that the
  // regularizer weighs the same for every layer.
  double norm = result.lossBefore > 0 ? 1.0 / result.lossBefore : 1.0;
  Adam opt(n, 0.1);
  std::vector<int64_t> order = fit.trainingRows();
  int64_t rows = int64_t(order.size());
  std::mt19937_64 rng(options.seed);
  int64_t batches = (rows + options.batchRows - 1) / options.batchRows;
  int64_t total = std::max<int64_t>(1, options.epochs * batches);
  int64_t warmup = total / 5, iteration = 0;
  std::vector<float> soft(n), dSoft, dBias, dV(n);
  auto code = [&](size_t i, double h) {
    return std::min(double(wfix.range.qmax),
                    std::max(double(wfix.range.qmin), floorCode[i] + h));
  };
  for (int64_t epoch = 0; epoch < options.epochs; ++epoch) {
    shuffleRows(order, rng);
    for (int64_t begin = 0; begin < rows;
         begin += options.batchRows, ++iteration) {
      int64_t end = std::min(rows, begin + options.batchRows);
      for (size_t i = 0; i < n; ++i)
        soft[i] = float(step * code(i, rectified(v[i])));
      fit.evaluate(soft, q.bias, order.data(), begin, end, &dSoft, &dBias);
      // Annealed: no regularizer for the first 20 %, then beta from 20
      // (only pushes values near 0.5) down to 2 (pushes everything).
      bool regularize = iteration >= warmup;
      double beta = 20.0 + (2.0 - 20.0) * double(iteration - warmup) /
                               double(std::max<int64_t>(1, total - warmup));
      for (size_t i = 0; i < n; ++i) {
        double s = sigmoid(v[i]);
        double raw = s * (zeta - gamma) + gamma;
        double c = floorCode[i] + std::min(1.0, std::max(0.0, raw));
        bool live = raw > 0 && raw < 1 && c >= double(wfix.range.qmin) &&
                    c <= double(wfix.range.qmax);
        double dh = live ? s * (1 - s) * (zeta - gamma) : 0.0;
        double g = norm * double(dSoft[i]) * step * dh;
        if (regularize && live) {
          double h = std::min(1.0, std::max(0.0, raw));
          double u = 2 * h - 1;
          // d/dh of (1 - |2h - 1|^beta), averaged over the weights.
          double dreg =
              -beta * std::pow(std::fabs(u), beta - 1) * (u > 0 ? 2.0 : -2.0);
          g += lambda * dreg * dh / double(n);
        }
        dV[i] = float(g);
      }
      opt.step(v, dV);
    }
  }
  if (binary) {
    size_t settled = 0;
    for (size_t i = 0; i < n; ++i) {
      double h = rectified(v[i]);
      settled += h < 1e-3 || h > 1 - 1e-3;
    }
    *binary = double(settled) / double(n);
  }
  LayerParams rounded = start;
  for (size_t i = 0; i < n; ++i)
    rounded.weight[i] = float(step * code(i, v[i] >= 0 ? 1.0 : 0.0));
  // The biases absorb the mean pre-activation error left.
  if (spec.learnBias) {
    std::vector<double> shift = fit.meanPreActivationError(rounded);
    for (size_t o = 0; o < rounded.bias.size(); ++o)
      rounded.bias[o] = float(double(rounded.bias[o]) - shift[o]);
  }
  double loss = fit.loss(rounded);
  if (loss < result.lossBefore) {
    result.params = rounded;
    result.lossAfter = loss;
    result.improved = true;
  }
  return result;
}
