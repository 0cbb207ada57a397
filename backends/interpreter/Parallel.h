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
#include <utility>

namespace mlir::nndct {

/// Calls `fn(begin, end)` on disjoint chunks covering [0, n) using up to
/// `threads` threads, each chunk at least `grain` indices (so small loops
/// stay on the calling thread). Chunks never split an index; `fn` must only
/// write outputs owned by its indices.
template <typename Fn>
void parallelFor(int64_t n, int threads, Fn &&fn, int64_t grain = 1) {
  if (n <= 0)
    return;
  int64_t chunks = grain > 1 ? n / grain : n;
  if (chunks > threads)
    chunks = threads;
  if (chunks <= 1) {
    fn(int64_t(0), n);
    return;
  }
#pragma omp parallel for schedule(static) num_threads(int(chunks))
  for (int64_t c = 0; c < chunks; ++c) {
    int64_t begin = n * c / chunks, end = n * (c + 1) / chunks;
    fn(begin, end);
  }
}

/// parallelFor with the grain first, for loops whose body is a lambda.
template <typename Fn>
void parallelForGrain(int64_t n, int threads, int64_t grain, Fn &&fn) {
  parallelFor(n, threads, std::forward<Fn>(fn), grain);
}

/// The grain (indices per chunk) for loops doing `work` element operations
/// per index, so that a chunk does at least `minWork`.
inline int64_t grainFor(int64_t work, int64_t minWork = 32768) {
  return work >= minWork ? 1
                         : (work <= 0 ? minWork : (minWork + work - 1) / work);
}

} // namespace mlir::nndct

#endif // NNDCT_BACKENDS_INTERPRETER_PARALLEL_H
