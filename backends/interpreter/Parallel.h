//===- Parallel.h - deterministic parallel loops ----------------*- C++ -*-===//
//
// Kernels split their *output* space across threads with a static schedule:
// every output element is computed by exactly one thread with the same
// sequential reduction order, so results are bitwise identical for any
// thread count. OpenMP is the runtime because oneDNN (Debian's build) uses
// it too, so both share one pool.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_BACKENDS_INTERPRETER_PARALLEL_H
#define NNDCT_BACKENDS_INTERPRETER_PARALLEL_H

#include <cstdint>

namespace mlir::nndct {

/// Calls `fn(begin, end)` on disjoint chunks covering [0, n) using up to
/// `threads` threads. Chunks never split an index; `fn` must only write
/// outputs owned by its indices.
template <typename Fn>
void parallelFor(int64_t n, int threads, Fn &&fn) {
  if (n <= 0)
    return;
  if (threads <= 1 || n == 1) {
    fn(int64_t(0), n);
    return;
  }
  int64_t chunks = threads < n ? threads : n;
#pragma omp parallel for schedule(static) num_threads(threads)
  for (int64_t c = 0; c < chunks; ++c) {
    int64_t begin = n * c / chunks, end = n * (c + 1) / chunks;
    fn(begin, end);
  }
}

} // namespace mlir::nndct

#endif // NNDCT_BACKENDS_INTERPRETER_PARALLEL_H
