//===- TargetModel.cpp - the registered target descriptions ---------------===//
//
// Each target is one table. Numbers come from Vitis AI 3.5's
// AMD_AIE2_Nx4_Overlay description and AMD Quark's NPU refinement rules.
//
//===----------------------------------------------------------------------===//

#include "ir/TargetModel.h"
#include "ir/NNDCTDialect.h"

#include "mlir/IR/BuiltinOps.h"

using namespace mlir;
using namespace mlir::nndct;

namespace {
/// The Phoenix/Hawk Point NPU overlay used by Ryzen AI. `_cfg0` has no public
/// definition; nndct treats it as AMD_AIE2_Nx4_Overlay with Quark's NPU rules.
constexpr TargetModel kAIE2Nx4Cfg0 = {
    /*name=*/"AMD_AIE2_Nx4_Overlay_cfg0",
    /*description=*/"AMD AIE2 NPU (Phoenix), Nx4 overlay",
    /*bitWidth=*/8,
    /*conv=*/{{1, 8}, {1, 2}},
    /*depthwiseConv=*/{{1, 9}, {1, 2}},
    /*maxPool=*/{{1, 32}, {1, 32}},
    /*avgPool=*/{{1, 32}, {1, 16}},
    /*shifts=*/
    {/*shiftCut=*/{0, 16},
     /*shiftBiasMax=*/15,
     /*shiftBiasSpan=*/24,
     /*shiftRead=*/{0, 7},
     /*shiftWriteAdd=*/{-7, 25},
     /*shiftWriteMul=*/{0, 32},
     /*hardSigmoidIn=*/{0, 15},
     /*hardSigmoidOutMin=*/7},
    /*groupedConvolution=*/false,
    // relu6(x + 3) / 6, PyTorch's hardsigmoid.
    /*hardSigmoidAlpha=*/1.0 / 6.0,
    /*hardSigmoidBeta=*/0.5,
};

const TargetModel *const kTargets[] = {&kAIE2Nx4Cfg0};
} // namespace

const TargetModel *TargetModel::lookup(llvm::StringRef name) {
  for (const TargetModel *t : kTargets)
    if (name == t->name)
      return t;
  return nullptr;
}

llvm::ArrayRef<const TargetModel *> TargetModel::all() { return kTargets; }

const TargetModel *mlir::nndct::getTargetModel(Operation *op) {
  auto module = dyn_cast<ModuleOp>(op);
  if (!module)
    module = op->getParentOfType<ModuleOp>();
  if (!module)
    return nullptr;
  auto target = module->getAttrOfType<TargetAttr>(kTargetAttrName);
  return target ? TargetModel::lookup(target.getName()) : nullptr;
}
