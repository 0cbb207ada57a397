//===- TargetSupport.h - can the target's NPU run this op? ------*- C++ -*-===//
//
// The per-op question behind placement: given a target model, does one of
// its engines run the op as written, and if not, why not. Asked by
// nndct-place-ops (which adds the graph-level decisions: fused activations,
// fragments) and nndct-verify-target. Only the target model's tables are
// consulted; nothing here is specific to one target.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_IR_TARGETSUPPORT_H
#define NNDCT_IR_TARGETSUPPORT_H

#include "ir/NNDCTDialect.h"
#include "ir/TargetModel.h"

#include "mlir/IR/Operation.h"

#include <string>

namespace mlir::nndct {

/// The answer for one op: an engine, or a reason and a message naming the
/// limit.
struct OpSupport {
  Engine engine = Engine::Conv;
  std::optional<CpuReason> reason; ///< set when the op goes to the CPU
  std::string message;

  bool onNpu() const { return !reason; }
  static OpSupport npu(Engine e) { return {e, std::nullopt, ""}; }
  static OpSupport cpu(CpuReason r, std::string message) {
    return {Engine::Conv, r, std::move(message)};
  }
};

/// Whether `target` runs `op` on an NPU engine, judged from the op alone.
/// An activation the target runs only fused answers `unfused_activation`;
/// nndct-place-ops fuses it into an NPU producer whose engine takes it.
OpSupport checkOpSupport(const TargetModel &target, Operation *op);

/// The engine of `producer` when `activation` fuses into it: the producer
/// runs on an NPU engine itself (an activation already fused into it
/// leaves no second stage), `activation` is its only user (directly or
/// through the fix of its output), and the engine applies that activation.
/// Empty otherwise.
std::optional<Engine> fusedEngine(const TargetModel &target,
                                  Operation *activation, Operation *producer);

/// The fused-nonlinear flag of an activation op, or None for other ops.
Nonlinear nonlinearOf(Operation *op, const TargetModel &target);

/// The activations `engine` applies to its own output on `target`.
Nonlinear fusedNonlinears(const TargetModel &target, Engine engine);

} // namespace mlir::nndct

#endif // NNDCT_IR_TARGETSUPPORT_H
