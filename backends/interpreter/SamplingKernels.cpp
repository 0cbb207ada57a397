//===- SamplingKernels.cpp - resize, grid_sample, roi_align ---------------===//
//
// Kernels that read the input at computed (fractional) positions: resize
// (nearest, linear, cubic; every ONNX coordinate mode incl. crop and
// resize), grid_sample and roi_align. Each follows ONNX's definition as
// ONNX Runtime implements it (tap clamping, reflection, the RoiAlign
// sampling grid), parallelised over output planes.
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/KernelSupport.h"
#include "backends/interpreter/Parallel.h"
#include "ir/NNDCTOps.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::kernels;

namespace {

/// The cubic convolution weights of the taps at offsets -1, 0, 1, 2 from
/// floor(x), for t = x - floor(x) in [0, 1) (ONNX's cubic_coeffs).
template <typename T> void cubicWeights(T t, T a, T w[4]) {
  T t1 = t + 1, u = 1 - t, u1 = 2 - t;
  w[0] = ((a * t1 - 5 * a) * t1 + 8 * a) * t1 - 4 * a;
  w[1] = ((a + 2) * t - (a + 3)) * t * t + 1;
  w[2] = ((a + 2) * u - (a + 3)) * u * u + 1;
  w[3] = ((a * u1 - 5 * a) * u1 + 8 * a) * u1 - 4 * a;
}

//===----------------------------------------------------------------------===//
// Resize
//===----------------------------------------------------------------------===//

/// ONNX Resize: the source coordinate of output index `o` (for
/// tf_crop_and_resize, `roiStart`/`roiEnd` are the axis' normalized box).
double sourceCoordinate(int64_t o, int64_t inLen, int64_t outLen, double scale,
                        CoordinateMode mode, double roiStart, double roiEnd) {
  switch (mode) {
  case CoordinateMode::half_pixel:
    return (o + 0.5) / scale - 0.5;
  case CoordinateMode::pytorch_half_pixel:
    return outLen > 1 ? (o + 0.5) / scale - 0.5 : 0.0;
  case CoordinateMode::align_corners: {
    // ONNX divides by length_resized - 1 with length_resized = in * scale
    // (unrounded when scales were given), not by the output size.
    double resized = inLen * scale;
    return resized == 1.0 || outLen == 1
               ? 0.0
               : double(o) * (inLen - 1) / (resized - 1.0);
  }
  case CoordinateMode::asymmetric:
    return o / scale;
  case CoordinateMode::tf_crop_and_resize:
    return outLen > 1
               ? roiStart * (inLen - 1) + double(o) * (roiEnd - roiStart) *
                                              (inLen - 1) / (outLen - 1)
               : 0.5 * (roiStart + roiEnd) * (inLen - 1);
  }
  return 0.0;
}

int64_t nearestIndex(double x, NearestMode mode, int64_t inLen) {
  double r;
  switch (mode) {
  case NearestMode::floor:
    r = std::floor(x);
    break;
  case NearestMode::ceil:
    r = std::ceil(x);
    break;
  case NearestMode::round_prefer_floor:
    r = (x == std::floor(x) + 0.5) ? std::floor(x) : std::round(x);
    break;
  case NearestMode::round_prefer_ceil:
    r = (x == std::floor(x) + 0.5) ? std::ceil(x) : std::round(x);
    break;
  }
  return std::clamp<int64_t>(int64_t(r), 0, inLen - 1);
}

/// One axis of a separable resize: `n` taps (1 nearest, 2 linear, 4 cubic)
/// per output index, and whether the source lies outside the input (crop
/// and resize: the output is the extrapolation value).
struct AxisTaps {
  int n = 1;
  std::vector<int64_t> index;
  std::vector<float> weight;
  std::vector<char> outside;
};

AxisTaps resizeTaps(ResizeOp op, int64_t inLen, int64_t outLen, double scale,
                    int axis) {
  ResizeMode mode = op.getMode();
  CoordinateMode cm = op.getCoordinateMode();
  double roiStart = 0.0, roiEnd = 1.0;
  if (std::optional<ArrayRef<float>> roi = op.getRoi()) {
    roiStart = (*roi)[axis];
    roiEnd = (*roi)[2 + axis];
  }
  AxisTaps t;
  t.n = mode == ResizeMode::nearest ? 1 : mode == ResizeMode::bilinear ? 2 : 4;
  t.index.resize(outLen * t.n);
  t.weight.resize(outLen * t.n);
  t.outside.assign(outLen, 0);
  double a = op.getCubicCoeffA().convertToFloat();
  for (int64_t i = 0; i < outLen; ++i) {
    double x = sourceCoordinate(i, inLen, outLen, scale, cm, roiStart, roiEnd);
    int64_t *idx = &t.index[i * t.n];
    float *w = &t.weight[i * t.n];
    if (cm == CoordinateMode::tf_crop_and_resize &&
        !(x >= 0.0 && x <= double(inLen - 1))) {
      t.outside[i] = 1;
      std::fill_n(idx, t.n, 0);
      std::fill_n(w, t.n, 0.0f);
      continue;
    }
    if (mode == ResizeMode::nearest) {
      idx[0] = nearestIndex(x, op.getNearestMode(), inLen);
      w[0] = 1.0f;
    } else if (mode == ResizeMode::bilinear) {
      x = std::clamp(x, 0.0, double(inLen - 1));
      int64_t x0 = int64_t(std::floor(x));
      idx[0] = x0;
      idx[1] = std::min(x0 + 1, inLen - 1);
      w[1] = float(x - x0);
      w[0] = 1.0f - w[1];
    } else {
      // Cubic: 4 taps around floor(x), clamped to the edge (ONNX pads the
      // input with its edge values); exclude_outside drops the taps
      // outside the input and renormalizes.
      double base = std::floor(x), cw[4];
      cubicWeights(x - base, a, cw);
      double sum = 0.0;
      for (int k = 0; k < 4; ++k) {
        int64_t src = int64_t(base) - 1 + k;
        if (op.getExcludeOutside() && (src < 0 || src >= inLen))
          cw[k] = 0.0;
        sum += cw[k];
        idx[k] = std::clamp<int64_t>(src, 0, inLen - 1);
      }
      for (int k = 0; k < 4; ++k)
        w[k] =
            float(op.getExcludeOutside() && sum != 0.0 ? cw[k] / sum : cw[k]);
    }
  }
  return t;
}

FailureOr<PreparedKernel> prepareResize(Operation *o, const KernelConfig &cfg) {
  auto op = cast<ResizeOp>(o);
  SmallVector<int64_t> in = shapeOf(op.getInput()),
                       out = shapeOf(op.getOutput());
  double scales[2] = {double(out[2]) / in[2], double(out[3]) / in[3]};
  if (auto s = op.getScales()) {
    scales[0] = (*s)[0];
    scales[1] = (*s)[1];
  }
  AxisTaps ty = resizeTaps(op, in[2], out[2], scales[0], 0),
           tx = resizeTaps(op, in[3], out[3], scales[1], 1);
  float extrapolation = op.getExtrapolationValue().convertToFloat();
  int64_t planes = in[0] * in[1], ih = in[2], iw = in[3], oh = out[2],
          ow = out[3];
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data();
    float *y = res[0].data.data();
    int ny = ty.n, nx = tx.n;
    parallelForGrain(planes, threads, grainFor(oh * ow * ny * nx),
                     [&](int64_t begin, int64_t end) {
                       for (int64_t p = begin; p < end; ++p) {
                         const float *src = x + p * ih * iw;
                         float *dst = y + p * oh * ow;
                         for (int64_t r = 0; r < oh; ++r)
                           for (int64_t c = 0; c < ow; ++c) {
                             if (ty.outside[r] || tx.outside[c]) {
                               dst[r * ow + c] = extrapolation;
                               continue;
                             }
                             const int64_t *iy = &ty.index[r * ny],
                                           *ix = &tx.index[c * nx];
                             const float *wy = &ty.weight[r * ny],
                                         *wx = &tx.weight[c * nx];
                             if (ny == 1) {
                               dst[r * ow + c] = src[iy[0] * iw + ix[0]];
                               continue;
                             }
                             // Rows first, then across them (the linear form is
                             // the classic top/bottom lerp).
                             float acc = 0.0f;
                             for (int i = 0; i < ny; ++i) {
                               const float *row = src + iy[i] * iw;
                               float v = 0.0f;
                               for (int j = 0; j < nx; ++j)
                                 v += row[ix[j]] * wx[j];
                               acc += v * wy[i];
                             }
                             dst[r * ow + c] = acc;
                           }
                       }
                     });
  };
  return k;
}

//===----------------------------------------------------------------------===//
// GridSample
//===----------------------------------------------------------------------===//

/// Reflects `x` into [lo, hi] (ONNX Runtime's GsReflect), with the
/// reflection count in floating point so huge coordinates stay defined.
float reflect(float x, float lo, float hi) {
  float range = hi - lo;
  if (!(range > 0))
    return lo;
  if (x >= lo && x <= hi)
    return x;
  double d = x < lo ? double(lo) - x : double(x) - hi;
  double n = std::floor(d / range);
  double r = d - n * range;
  bool even = std::fmod(n, 2.0) == 0.0;
  if (x < lo)
    return float(even ? lo + r : hi - r);
  return float(even ? hi - r : lo + r);
}

struct GridSampler {
  const float *plane;
  int64_t h, w;
  GridPaddingMode padding;
  float xMin, xMax, yMin, yMax;

  /// The input at integer (y, x) under the padding mode.
  float at(int64_t y, int64_t x) const {
    switch (padding) {
    case GridPaddingMode::zeros:
      return (x >= 0 && x < w && y >= 0 && y < h) ? plane[y * w + x] : 0.0f;
    case GridPaddingMode::border:
      break;
    case GridPaddingMode::reflection:
      x = int64_t(reflect(float(x), xMin, xMax));
      y = int64_t(reflect(float(y), yMin, yMax));
      break;
    }
    x = std::clamp<int64_t>(x, 0, w - 1);
    y = std::clamp<int64_t>(y, 0, h - 1);
    return plane[y * w + x];
  }
};

FailureOr<PreparedKernel> prepareGridSample(Operation *o,
                                            const KernelConfig &cfg) {
  auto op = cast<GridSampleOp>(o);
  SmallVector<int64_t> in = shapeOf(op.getInput()),
                       out = shapeOf(op.getOutput());
  int64_t n = in[0], c = in[1], h = in[2], w = in[3], oh = out[2], ow = out[3];
  bool align = op.getAlignCorners();
  ResizeMode mode = op.getMode();
  GridPaddingMode padding = op.getPaddingMode();
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data(), *grid = ins[1]->data.data();
    float *y = res[0].data.data();
    // Pixel centres span [-0.5, size - 0.5] without align_corners.
    float xMin = align ? 0.0f : -0.5f, xMax = align ? w - 1.0f : w - 0.5f;
    float yMin = align ? 0.0f : -0.5f, yMax = align ? h - 1.0f : h - 0.5f;
    auto denormalize = [&](float v, int64_t len) {
      return align ? (v + 1) / 2.0f * float(len - 1)
                   : ((v + 1) * float(len) - 1) / 2.0f;
    };
    parallelForGrain(
        n * c, threads, grainFor(oh * ow * 16),
        [&](int64_t begin, int64_t end) {
          for (int64_t p = begin; p < end; ++p) {
            int64_t b = p / c;
            GridSampler s{x + p * h * w, h, w, padding, xMin, xMax, yMin, yMax};
            const float *g = grid + b * oh * ow * 2;
            float *dst = y + p * oh * ow;
            for (int64_t i = 0; i < oh * ow; ++i) {
              float gx = denormalize(g[2 * i], w),
                    gy = denormalize(g[2 * i + 1], h);
              if (!std::isfinite(gx) || !std::isfinite(gy)) {
                dst[i] = std::numeric_limits<float>::quiet_NaN();
                continue;
              }
              if (mode == ResizeMode::nearest) {
                gx = std::nearbyint(gx);
                gy = std::nearbyint(gy);
              }
              // Nearest and bilinear move a point outside the input to the
              // border or reflect it; cubic pads its taps only (PyTorch and
              // ONNX Runtime).
              if (mode != ResizeMode::cubic &&
                  (gx < xMin || gx > xMax || gy < yMin || gy > yMax)) {
                if (padding == GridPaddingMode::border) {
                  gx = std::clamp(gx, 0.0f, float(w - 1));
                  gy = std::clamp(gy, 0.0f, float(h - 1));
                } else if (padding == GridPaddingMode::reflection) {
                  gx = reflect(gx, xMin, xMax);
                  gy = reflect(gy, yMin, yMax);
                }
              }
              // Far outside (zeros padding) every tap reads 0: bound the
              // coordinate so the integer taps stay defined.
              gx = std::clamp(gx, -float(w) - 4, float(w) + 4);
              gy = std::clamp(gy, -float(h) - 4, float(h) + 4);
              if (mode == ResizeMode::nearest) {
                dst[i] = s.at(int64_t(gy), int64_t(gx));
              } else if (mode == ResizeMode::bilinear) {
                int64_t x1 = int64_t(std::floor(gx)),
                        y1 = int64_t(std::floor(gy));
                float dx1 = gx - float(x1), dx2 = float(x1 + 1) - gx;
                float dy1 = gy - float(y1), dy2 = float(y1 + 1) - gy;
                dst[i] =
                    dy2 * (dx2 * s.at(y1, x1) + dx1 * s.at(y1, x1 + 1)) +
                    dy1 * (dx2 * s.at(y1 + 1, x1) + dx1 * s.at(y1 + 1, x1 + 1));
              } else {
                int64_t x0 = int64_t(std::floor(gx)) - 1,
                        y0 = int64_t(std::floor(gy)) - 1;
                float wx[4], wy[4], v[4];
                cubicWeights(gx - float(x0 + 1), -0.75f, wx);
                cubicWeights(gy - float(y0 + 1), -0.75f, wy);
                for (int r = 0; r < 4; ++r)
                  v[r] = wx[0] * s.at(y0 + r, x0) +
                         wx[1] * s.at(y0 + r, x0 + 1) +
                         wx[2] * s.at(y0 + r, x0 + 2) +
                         wx[3] * s.at(y0 + r, x0 + 3);
                dst[i] =
                    wy[0] * v[0] + wy[1] * v[1] + wy[2] * v[2] + wy[3] * v[3];
              }
            }
          }
        });
  };
  return k;
}

//===----------------------------------------------------------------------===//
// RoiAlign
//===----------------------------------------------------------------------===//

/// One bilinear sample of a bin: four input offsets and their weights
/// (all zero when the sample falls outside the input).
struct RoiSample {
  int64_t pos[4];
  float w[4];
};

/// The samples of every bin of one roi (Detectron's and ONNX Runtime's
/// RoiAlign: bins split into a grid of samples, each clamped to the input).
std::vector<RoiSample> roiSamples(const float *roi, float scale, bool aligned,
                                  int64_t h, int64_t w, int64_t oh, int64_t ow,
                                  int64_t ratio, int64_t &gridH,
                                  int64_t &gridW) {
  float offset = aligned ? 0.5f : 0.0f;
  float startW = roi[0] * scale - offset, startH = roi[1] * scale - offset;
  float endW = roi[2] * scale - offset, endH = roi[3] * scale - offset;
  float roiW = endW - startW, roiH = endH - startH;
  if (!aligned) {
    roiW = std::max(roiW, 1.0f);
    roiH = std::max(roiH, 1.0f);
  }
  float binH = roiH / float(oh), binW = roiW / float(ow);
  auto gridOf = [](float size, int64_t bins) -> int64_t {
    double g = std::ceil(double(size) / double(bins));
    return std::isfinite(g) && g > 0 ? int64_t(std::min(g, 1.0e6)) : 0;
  };
  gridH = ratio > 0 ? ratio : gridOf(roiH, oh);
  gridW = ratio > 0 ? ratio : gridOf(roiW, ow);
  std::vector<RoiSample> samples;
  samples.reserve(oh * ow * gridH * gridW);
  for (int64_t ph = 0; ph < oh; ++ph)
    for (int64_t pw = 0; pw < ow; ++pw)
      for (int64_t iy = 0; iy < gridH; ++iy) {
        float yy = startH + ph * binH + (iy + 0.5f) * binH / float(gridH);
        for (int64_t ix = 0; ix < gridW; ++ix) {
          float xx = startW + pw * binW + (ix + 0.5f) * binW / float(gridW);
          RoiSample s{{0, 0, 0, 0}, {0, 0, 0, 0}};
          // Outside [-1, size] (or NaN) the sample contributes nothing.
          if (!(yy >= -1.0f && yy <= float(h) && xx >= -1.0f &&
                xx <= float(w))) {
            samples.push_back(s);
            continue;
          }
          float y = std::max(yy, 0.0f), x = std::max(xx, 0.0f);
          int64_t yLow = int64_t(y), xLow = int64_t(x), yHigh, xHigh;
          if (yLow >= h - 1) {
            yHigh = yLow = h - 1;
            y = float(yLow);
          } else {
            yHigh = yLow + 1;
          }
          if (xLow >= w - 1) {
            xHigh = xLow = w - 1;
            x = float(xLow);
          } else {
            xHigh = xLow + 1;
          }
          float ly = y - float(yLow), lx = x - float(xLow);
          float hy = 1.0f - ly, hx = 1.0f - lx;
          s = {{yLow * w + xLow, yLow * w + xHigh, yHigh * w + xLow,
                yHigh * w + xHigh},
               {hy * hx, hy * lx, ly * hx, ly * lx}};
          samples.push_back(s);
        }
      }
  return samples;
}

FailureOr<PreparedKernel> prepareRoiAlign(Operation *o,
                                          const KernelConfig &cfg) {
  auto op = cast<RoiAlignOp>(o);
  SmallVector<int64_t> in = shapeOf(op.getInput());
  int64_t batch = in[0], c = in[1], h = in[2], w = in[3];
  int64_t rois = shapeOf(op.getRois())[0];
  int64_t oh = op.getOutputHeight(), ow = op.getOutputWidth(),
          ratio = op.getSamplingRatio();
  float scale = op.getSpatialScale().convertToFloat();
  bool aligned = op.getAligned(), isMax = op.getMode() == RoiPoolMode::max;
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.check = [batch](ArrayRef<const Tensor *> ins) -> std::string {
    const std::vector<float> &idx = ins[2]->data;
    for (size_t r = 0; r < idx.size(); ++r)
      if (!(idx[r] >= 0 && idx[r] < float(batch)))
        return "batch index " + std::to_string(int64_t(idx[r])) + " of roi " +
               std::to_string(r) + " is out of range for a batch of " +
               std::to_string(batch);
    return "";
  };
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data(), *box = ins[1]->data.data(),
                *idx = ins[2]->data.data();
    float *y = res[0].data.data();
    parallelForGrain(rois, threads, 1, [&](int64_t begin, int64_t end) {
      for (int64_t r = begin; r < end; ++r) {
        int64_t gridH, gridW;
        std::vector<RoiSample> samples = roiSamples(
            box + 4 * r, scale, aligned, h, w, oh, ow, ratio, gridH, gridW);
        int64_t per = gridH * gridW;
        float count = float(std::max<int64_t>(per, 1));
        for (int64_t ch = 0; ch < c; ++ch) {
          const float *plane = x + (int64_t(idx[r]) * c + ch) * h * w;
          float *dst = y + (r * c + ch) * oh * ow;
          for (int64_t bin = 0; bin < oh * ow; ++bin) {
            const RoiSample *s = samples.data() + bin * per;
            float acc = 0.0f;
            for (int64_t i = 0; i < per; ++i) {
              const RoiSample &q = s[i];
              if (isMax) {
                // ONNX's max mode: the largest weighted corner.
                float v = std::max(std::max(q.w[0] * plane[q.pos[0]],
                                            q.w[1] * plane[q.pos[1]]),
                                   std::max(q.w[2] * plane[q.pos[2]],
                                            q.w[3] * plane[q.pos[3]]));
                acc = i == 0 ? v : std::max(acc, v);
              } else {
                acc += q.w[0] * plane[q.pos[0]] + q.w[1] * plane[q.pos[1]] +
                       q.w[2] * plane[q.pos[2]] + q.w[3] * plane[q.pos[3]];
              }
            }
            dst[bin] = isMax ? acc : acc / count;
          }
        }
      }
    });
  };
  return k;
}

} // namespace

void mlir::nndct::registerSamplingKernels(KernelRegistry &r) {
  r.add(ResizeOp::getOperationName(), prepareResize);
  r.add(GridSampleOp::getOperationName(), prepareGridSample);
  r.add(RoiAlignOp::getOperationName(), prepareRoiAlign);
}
