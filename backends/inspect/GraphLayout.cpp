//===- GraphLayout.cpp - a layered layout of a DAG ------------------------===//

#include "backends/inspect/GraphLayout.h"

#include <algorithm>
#include <numeric>

using namespace mlir::nndct;

LayeredLayout
mlir::nndct::layoutLayers(const std::vector<std::vector<int64_t>> &producers,
                          const LayoutSizes &s) {
  size_t n = producers.size();
  LayeredLayout out;
  out.layer.assign(n, 0);
  out.x.assign(n, 0);
  out.y.assign(n, 0);
  int64_t depth = 0;
  for (size_t i = 0; i < n; ++i) {
    for (int64_t p : producers[i])
      if (p >= 0 && size_t(p) < i)
        out.layer[i] = std::max(out.layer[i], out.layer[p] + 1);
    depth = std::max(depth, out.layer[i] + 1);
  }
  std::vector<std::vector<int64_t>> layers(depth);
  for (size_t i = 0; i < n; ++i)
    layers[out.layer[i]].push_back(int64_t(i));
  size_t widest = 0;
  for (const auto &l : layers)
    widest = std::max(widest, l.size());
  int64_t pitch = s.nodeWidth + s.hGap;
  out.width = 2 * s.margin + int64_t(widest) * pitch - (widest ? s.hGap : 0);
  out.height =
      2 * s.margin + depth * (s.nodeHeight + s.vGap) - (depth ? s.vGap : 0);
  // The barycenter sum/count of the producers' centres is compared as a
  // cross product, so the order is exact (no floating point).
  std::vector<int64_t> centre(n, 0);
  for (int64_t d = 0; d < depth; ++d) {
    std::vector<int64_t> &layer = layers[d];
    if (d > 0) {
      std::vector<std::pair<int64_t, int64_t>> key(n, {0, 0});
      for (int64_t v : layer) {
        int64_t sum = 0, count = 0;
        for (int64_t p : producers[v])
          if (p >= 0 && p < v) {
            sum += centre[p];
            ++count;
          }
        key[v] = {sum, count};
      }
      std::stable_sort(layer.begin(), layer.end(), [&](int64_t a, int64_t b) {
        auto [sa, ca] = key[a];
        auto [sb, cb] = key[b];
        // A node without producers keeps its place relative to the others
        // by sorting as if it sat at the left edge.
        return sa * std::max<int64_t>(cb, 1) < sb * std::max<int64_t>(ca, 1);
      });
    }
    int64_t offset = (int64_t(widest) - int64_t(layer.size())) * pitch / 2;
    for (size_t k = 0; k < layer.size(); ++k) {
      int64_t v = layer[k];
      out.x[v] = s.margin + offset + int64_t(k) * pitch;
      out.y[v] = s.margin + d * (s.nodeHeight + s.vGap);
      centre[v] = out.x[v] + s.nodeWidth / 2;
    }
  }
  return out;
}
