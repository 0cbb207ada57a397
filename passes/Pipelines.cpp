//===- Pipelines.cpp - nndct pass pipelines as a library ------------------===//
//
// The PTQ pipeline, each step with the reason it is there, and its textual
// registration (a PassPipelineOptions mirror of PTQOptions).
//
//===----------------------------------------------------------------------===//

#include "passes/Pipelines.h"

#include "passes/Calibration.h"
#include "passes/OptionChecks.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassRegistry.h"

using namespace mlir;
using namespace mlir::nndct;

void mlir::nndct::populatePTQPreparePipeline(OpPassManager &pm,
                                             const PTQOptions &o) {
  // Batch norm must be inside the conv weights before anything is measured,
  // or its scale would be quantized apart from the weights it multiplies.
  pm.addNestedPass<func::FuncOp>(createFoldBatchNormPass());
  // One canonical form (no dropout/identity, constant reshapes folded) so
  // quant groups do not stop at inference no-ops.
  pm.addNestedPass<func::FuncOp>(createCanonicalizePass());
  // The device's leaky slope, average-pool multipliers and hard sigmoid,
  // so calibration and bias correction measure what the NPU will compute.
  if (o.emulateNPU)
    pm.addNestedPass<func::FuncOp>(createEmulateNPUNumericsPass());
  // Decide what is quantized (stubs or tensor names) and make each
  // deployable part an nndct.region.
  PartitionQuantRegionsPassOptions partition;
  partition.quantBegin.assign(o.quantBegin.begin(), o.quantBegin.end());
  partition.quantEnd.assign(o.quantEnd.begin(), o.quantEnd.end());
  pm.addNestedPass<func::FuncOp>(createPartitionQuantRegionsPass(partition));
  // Fixes on every tensor the device holds as int8 (the quant-group rule).
  InsertFixPassOptions insert;
  insert.bitWidth = o.bitWidth;
  pm.addNestedPass<func::FuncOp>(createInsertFixPass(insert));
}

void mlir::nndct::populatePTQPipeline(OpPassManager &pm, const PTQOptions &o) {
  // The structure: where fixes go. Test mode stops here and reads fix points
  // from quant_info.json instead of data.
  populatePTQPreparePipeline(pm, o);
  // Statistics of every activation/input fix from data (the only step that
  // reads data; the results stay in the IR).
  CalibratePassOptions calibrate;
  calibrate.data.assign(o.data.begin(), o.data.end());
  calibrate.method = o.method;
  calibrate.batch = o.batch;
  calibrate.statistics = o.statistics;
  calibrate.threads = o.threads;
  calibrate.entry = o.entry;
  pm.addPass(createCalibratePass(calibrate, o.source));
  // Fix points from statistics (activations) and constant data (weights,
  // biases) with vai_q_pytorch's rules.
  AssignFixPointsPassOptions assign;
  assign.paramMethod = o.paramMethod;
  assign.percentile = o.percentile;
  pm.addNestedPass<func::FuncOp>(createAssignFixPointsPass(assign));
  // vai's default accuracy fix: biases absorb the mean error quantization
  // introduces in each conv/linear (needs the fix points just assigned).
  if (o.biasCorrection) {
    BiasCorrectionPassOptions bias;
    bias.data.assign(o.data.begin(), o.data.end());
    bias.threads = o.threads;
    bias.entry = o.entry;
    bias.method = o.biasCorrectionMethod;
    bias.batch = o.batch;
    pm.addPass(createBiasCorrectionPass(bias, o.source));
  }
}

namespace {
struct PTQPipelineOptions : public PassPipelineOptions<PTQPipelineOptions> {
  ListOption<std::string> data{*this, "data", llvm::cl::desc("Calibration .npy files")};
  Option<std::string> method{*this, "method", llvm::cl::desc("Calibration method"),
                             llvm::cl::init("diffs")};
  Option<int64_t> batch{*this, "batch", llvm::cl::desc("Samples per calibration batch"),
                        llvm::cl::init(0)};
  Option<std::string> statistics{*this, "statistics",
                                 llvm::cl::desc("per-batch or dataset"),
                                 llvm::cl::init("per-batch")};
  Option<int> threads{*this, "threads", llvm::cl::desc("Interpreter threads"),
                      llvm::cl::init(1)};
  Option<int64_t> bitWidth{*this, "bit-width", llvm::cl::desc("Bits of every fix"),
                           llvm::cl::init(8)};
  Option<std::string> paramMethod{*this, "param-method",
                                  llvm::cl::desc("diffs or maxmin for weights"),
                                  llvm::cl::init("diffs")};
  Option<double> percentile{*this, "percentile", llvm::cl::desc("Percentile of |x|"),
                            llvm::cl::init(99.99)};
  Option<bool> biasCorrection{*this, "bias-correction",
                              llvm::cl::desc("Apply bias correction"), llvm::cl::init(true)};
  Option<std::string> biasCorrectionMethod{*this, "bias-correction-method",
                                           llvm::cl::desc("vai or full"),
                                           llvm::cl::init("vai")};
  Option<bool> emulateNPU{*this, "emulate-npu",
                          llvm::cl::desc("Emulate the NPU's numerics in fake-quant"),
                          llvm::cl::init(true)};
  ListOption<std::string> quantBegin{*this, "quant-begin",
                                     llvm::cl::desc("Tensors where quantization begins")};
  ListOption<std::string> quantEnd{*this, "quant-end",
                                   llvm::cl::desc("Last quantized tensors")};
  Option<std::string> entry{*this, "entry", llvm::cl::desc("Function to quantize"),
                            llvm::cl::init("")};
};
} // namespace

std::string mlir::nndct::checkPTQOptions(const PTQOptions &o) {
  return options::firstProblem(
      {options::checkBatch(o.batch), options::checkThreads(o.threads),
       options::checkBitWidth(o.bitWidth), options::checkPercentile(o.percentile)});
}

void mlir::nndct::registerPTQPipeline() {
  // registerPassPipeline rather than PassPipelineRegistration: the option
  // ranges are checked when the pipeline string is parsed, before any pass
  // (calibration takes minutes) runs.
  registerPassPipeline(
      "nndct-ptq-pipeline",
      "Post-training pof2 quantization: fold-batchnorm, canonicalize, "
      "emulate-npu-numerics, partition, "
      "insert-fix, calibrate, assign-fix-points, bias-correction",
      [](OpPassManager &pm, StringRef text,
         function_ref<LogicalResult(const Twine &)> errorHandler) {
        PTQPipelineOptions cli;
        if (failed(cli.parseFromString(text)))
          return failure();
        PTQOptions o;
        o.data.assign(cli.data.begin(), cli.data.end());
        o.method = cli.method;
        o.batch = cli.batch;
        o.statistics = cli.statistics;
        o.threads = cli.threads;
        o.bitWidth = cli.bitWidth;
        o.paramMethod = cli.paramMethod;
        o.percentile = cli.percentile;
        o.biasCorrection = cli.biasCorrection;
        o.biasCorrectionMethod = cli.biasCorrectionMethod;
        o.emulateNPU = cli.emulateNPU;
        o.quantBegin.assign(cli.quantBegin.begin(), cli.quantBegin.end());
        o.quantEnd.assign(cli.quantEnd.begin(), cli.quantEnd.end());
        o.entry = cli.entry;
        if (failed(options::reportAtParse(checkPTQOptions(o), "nndct-ptq-pipeline",
                                          errorHandler)))
          return failure();
        populatePTQPipeline(pm, o);
        return success();
      },
      [](function_ref<void(const mlir::detail::PassOptions &)> optHandler) {
        optHandler(PTQPipelineOptions());
      });
}
