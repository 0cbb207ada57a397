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
constexpr Nonlinear kReluFamily = Nonlinear::Relu | Nonlinear::Relu6;
constexpr Nonlinear kHardFamily = Nonlinear::HardSigmoid | Nonlinear::HardSwish;

/// The Phoenix/Hawk Point NPU overlay used by Ryzen AI. `_cfg0` has no public
/// definition; nndct treats it as AMD_AIE2_Nx4_Overlay with Quark's NPU rules
/// (docs/target-aie2.md).
constexpr TargetModel kAIE2Nx4Cfg0 = {
    /*name=*/"AMD_AIE2_Nx4_Overlay_cfg0",
    /*description=*/"AMD AIE2 NPU (Phoenix), Nx4 overlay",
    /*bitWidth=*/8,
    /*conv=*/
    {{1, 8},
     {1, 2},
     /*dilation=*/{1, 1},
     /*squareKernel=*/false,
     /*maxOutputChannels=*/0,
     /*channelParallel=*/16,
     /*bankDepth=*/0,
     /*maxDilationChannels=*/0,
     kReluFamily | Nonlinear::LeakyRelu | Nonlinear::PRelu | kHardFamily},
    /*depthwiseConv=*/
    {{1, 9}, {1, 2}, {1, 1}, false, 0, 8, 0, 0, kReluFamily | kHardFamily},
    /*transposedConv=*/{kNoEngine, kNoEngine},
    /*maxPool=*/{{1, 32}, {1, 32}, {1, 1}, false, 0, 32},
    /*avgPool=*/{{1, 32}, {1, 16}, {1, 1}, false, 0, 32},
    /*eltwiseFused=*/Nonlinear::Relu,
    /*standalone=*/Nonlinear::HardSigmoid,
    /*nearestResize=*/false,
    /*shifts=*/
    {/*shiftCut=*/{0, 16},
     /*shiftBiasMax=*/15,
     /*shiftBiasSpan=*/24,
     /*shiftRead=*/{0, 7},
     /*shiftWriteAdd=*/{-7, 25},
     /*shiftWriteMul=*/{0, 32},
     /*hardSigmoidIn=*/{0, 15},
     /*hardSigmoidOutMin=*/7,
     /*hardSigmoidWindow=*/{-13, 17},
     /*hardSwishIn=*/kAnyShift,
     /*hardSwishOutOverIn=*/kAnyShift.max,
     /*alignAveragePools=*/true},
    /*numerics=*/
    {/*leakyDenominator=*/256,
     /*fixedLeakyNumerator=*/0,
     /*hardSigmoidMultiplier=*/2731,
     /*hardSigmoidShift=*/14,
     /*avgPoolFactors=*/true},
    /*groupedConvolution=*/false,
    // relu6(x + 3) / 6, PyTorch's hardsigmoid.
    /*hardSigmoidAlpha=*/1.0 / 6.0,
    /*hardSigmoidBeta=*/0.5,
    /*coreMemoryBytes=*/64 * 1024,
    /*sharedMemoryBytes=*/512 * 1024,
};

/// The Zynq UltraScale+ DPU of the ZCU102/ZCU104 boards (Vitis AI's
/// DPUCZDX8G_ISA1_B4096: channel_parallel 16, bank_depth 2048) with
/// vai_q_pytorch's DPU rules. Limits from UG1414's "Currently Supported
/// Operators" table; shift rules from the vai_q_pytorch column of
/// quantization-spec.md.
constexpr int64_t kDpuChannelParallel = 16;
constexpr int64_t kDpuMaxChannels = 256 * kDpuChannelParallel;
constexpr TargetModel kDPUCZDX8G = {
    /*name=*/"DPUCZDX8G_ISA1_B4096",
    /*description=*/"Xilinx DPUCZDX8G (Zynq UltraScale+, ZCU102/ZCU104), B4096",
    /*bitWidth=*/8,
    /*conv=*/
    {{1, 16},
     {1, 8},
     /*dilation=*/{1, 16},
     /*squareKernel=*/false,
     kDpuMaxChannels,
     kDpuChannelParallel,
     /*bankDepth=*/2048,
     /*maxDilationChannels=*/kDpuMaxChannels,
     kReluFamily | Nonlinear::LeakyRelu | kHardFamily},
    /*depthwiseConv=*/
    {{1, 256},
     {1, 8},
     {1, 16},
     false,
     kDpuMaxChannels,
     kDpuChannelParallel,
     2048,
     kDpuMaxChannels,
     kReluFamily},
    /*transposedConv=*/
    {{1, 16},
     {1, 16},
     {1, 1},
     false,
     kDpuMaxChannels,
     kDpuChannelParallel,
     2048,
     0,
     kReluFamily | Nonlinear::LeakyRelu},
    /*maxPool=*/{{1, 256}, {1, 256}, {1, 1}, false, kDpuMaxChannels, 16},
    /*avgPool=*/{{1, 256}, {1, 256}, {1, 1}, true, kDpuMaxChannels, 16},
    /*eltwiseFused=*/Nonlinear::Relu,
    /*standalone=*/kHardFamily,
    /*nearestResize=*/true,
    /*shifts=*/
    {/*shiftCut=*/{0, 16},
     /*shiftBiasMax=*/16,
     /*shiftBiasSpan=*/24,
     /*shiftRead=*/{0, 15},
     /*shiftWriteAdd=*/{-15, 15},
     /*shiftWriteMul=*/{0, 32},
     /*hardSigmoidIn=*/{0, kAnyShift.max},
     /*hardSigmoidOutMin=*/7,
     /*hardSigmoidWindow=*/kAnyShift,
     /*hardSwishIn=*/{0, kAnyShift.max},
     /*hardSwishOutOverIn=*/7,
     /*alignAveragePools=*/false},
    /*numerics=*/
    {/*leakyDenominator=*/256,
     // The DPU's leaky relu is alpha = 0.1 only, computed as 26/256.
     /*fixedLeakyNumerator=*/26,
     /*hardSigmoidMultiplier=*/2731,
     /*hardSigmoidShift=*/14,
     /*avgPoolFactors=*/true},
    /*groupedConvolution=*/false,
    /*hardSigmoidAlpha=*/1.0 / 6.0,
    /*hardSigmoidBeta=*/0.5,
    // Weight/activation banks: 8 banks of 2048 x 16 bytes.
    /*coreMemoryBytes=*/2048 * kDpuChannelParallel,
    /*sharedMemoryBytes=*/8 * 2048 * kDpuChannelParallel,
};

const TargetModel *const kTargets[] = {&kAIE2Nx4Cfg0, &kDPUCZDX8G};
} // namespace

llvm::StringRef mlir::nndct::stringifyEngine(Engine e) {
  switch (e) {
  case Engine::Conv:
    return "conv";
  case Engine::DepthwiseConv:
    return "depthwise_conv";
  case Engine::TransposedConv:
    return "transposed_conv";
  case Engine::Eltwise:
    return "eltwise";
  case Engine::Pool:
    return "pool";
  case Engine::Activation:
    return "activation";
  case Engine::DataMovement:
    return "data_movement";
  }
  llvm_unreachable("unknown engine");
}

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
