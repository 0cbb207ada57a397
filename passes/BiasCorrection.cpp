//===- BiasCorrection.cpp - biases absorb the mean quantization error ------===//
//
// nndct-bias-correction: vai_q_pytorch's default accuracy fix. Quantizing
// weights and inputs shifts each conv/linear output channel by a mean error;
// subtracting that mean from the bias removes it at no run-time cost.
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/Interpreter.h"
#include "ir/ConstantUtils.h"
#include "ir/NNDCTOps.h"
#include "passes/Calibration.h"
#include "passes/CalibrationData.h"
#include "passes/FixPointMath.h"

namespace mlir::nndct {
#define GEN_PASS_DEF_BIASCORRECTIONPASS
#include "passes/CalibrationPasses.h.inc"
} // namespace mlir::nndct

using namespace mlir;
using namespace mlir::nndct;
namespace fx = mlir::nndct::fixpoint;

namespace {

/// Per-output-channel sums of one op's output.
struct ChannelSums {
  int64_t channelDim = 1;
  std::vector<double> sum[2]; // [float, quantized]
  int64_t count = 0;          // elements per channel (float runs)
};

struct SumObserver : TensorObserver {
  DenseMap<Operation *, ChannelSums *> targets;
  int which = 0;
  void observe(Operation *op, unsigned, const Tensor &t) override {
    auto it = targets.find(op);
    if (it == targets.end())
      return;
    ChannelSums &s = *it->second;
    int64_t dim = s.channelDim < 0 ? int64_t(t.shape.size()) - 1 : s.channelDim;
    int64_t channels = t.shape[dim], inner = 1;
    for (size_t d = dim + 1; d < t.shape.size(); ++d)
      inner *= t.shape[d];
    std::vector<double> &acc = s.sum[which];
    acc.resize(channels, 0.0);
    for (int64_t i = 0; i < int64_t(t.data.size()); ++i)
      acc[(i / inner) % channels] += t.data[i];
    if (which == 0)
      s.count += t.numElements() / channels;
  }
};

struct BiasCorrectionPass
    : public nndct::impl::BiasCorrectionPassBase<BiasCorrectionPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    func::FuncOp func;
    for (auto f : module.getOps<func::FuncOp>())
      if (!f.isExternal() && (entry.empty() ? (!func || f.getSymName() == "main")
                                            : f.getSymName() == entry))
        func = f;
    if (!func) {
      module.emitError("nndct-bias-correction: no function to correct");
      return signalPassFailure();
    }
    if (data.empty()) {
      module.emitError("nndct-bias-correction: needs data=<file.npy>[,...]");
      return signalPassFailure();
    }

    // Quantized conv/linear ops (weight behind a fix with a fix point).
    std::vector<std::unique_ptr<ChannelSums>> sums;
    SmallVector<Operation *> targets;
    SumObserver observer;
    bool missing = false;
    func.walk([&](Operation *op) {
      if (!isa<Conv2DOp, ConvTranspose2DOp, LinearOp>(op))
        return;
      auto wfix = op->getOperand(1).getDefiningOp<FixOp>();
      if (!wfix)
        return;
      if (!wfix.getFixPoint()) {
        wfix.emitError("nndct-bias-correction needs fix points; run "
                       "nndct-assign-fix-points first");
        missing = true;
        return;
      }
      auto s = std::make_unique<ChannelSums>();
      s->channelDim = isa<LinearOp>(op) ? -1 : 1;
      observer.targets[op] = s.get();
      targets.push_back(op);
      sums.push_back(std::move(s));
    });
    if (missing)
      return signalPassFailure();
    if (targets.empty())
      return;

    auto source = CalibrationData::open(func, data);
    if (failed(source))
      return signalPassFailure();
    for (int which = 0; which < 2; ++which) {
      InterpreterOptions options;
      options.mode = which ? ExecutionMode::FakeQuant : ExecutionMode::Float;
      options.threads = threads;
      auto interp = Interpreter::create(func, options);
      if (failed(interp))
        return signalPassFailure();
      observer.which = which;
      int64_t runs = (*source)->numSamples() / (*source)->runBatch();
      for (int64_t r = 0; r < runs; ++r) {
        auto inputs = (*source)->readRun(r);
        if (failed(inputs) || failed((*interp)->run(*inputs, &observer)))
          return signalPassFailure();
      }
    }

    for (auto [op, s] : llvm::zip(targets, sums)) {
      if (s->count == 0)
        continue;
      if (failed(correct(op, *s)))
        return signalPassFailure();
    }
    module->setAttr("nndct.bias_corrected", UnitAttr::get(&getContext()));
  }

  LogicalResult correct(Operation *op, const ChannelSums &s) {
    int64_t channels = int64_t(s.sum[0].size());
    OpBuilder builder(op);
    Value biasOperand = op->getNumOperands() > 2 ? op->getOperand(2) : Value();
    FixOp biasFix = biasOperand ? biasOperand.getDefiningOp<FixOp>() : FixOp();
    std::vector<float> bias(channels, 0.0f);
    std::string name = "bias";
    if (auto loc = dyn_cast<NameLoc>(op->getLoc()))
      name = (loc.getName().getValue() + ".bias").str();
    if (biasFix) {
      ElementsAttr value = getConstantValue(biasFix.getInput());
      auto values = value ? readFloats(value) : std::nullopt;
      if (!values)
        return op->emitError("nndct-bias-correction: bias is not a constant with data");
      bias = *values;
      name = resourceName(value, name);
    } else if (biasOperand) {
      return success(); // a float bias: nothing quantized to correct
    }
    for (int64_t c = 0; c < channels; ++c)
      bias[c] -= float((s.sum[1][c] - s.sum[0][c]) / double(s.count));

    auto type = RankedTensorType::get({channels}, builder.getF32Type());
    Value constant = createFloatConstant(builder, op->getLoc(), type,
                                         name + ".corrected", bias);
    int64_t bits = 8;
    if (auto wfix = op->getOperand(1).getDefiningOp<FixOp>())
      bits = wfix.getBitWidth();
    int64_t fp = std::min(fx::diffsFixPoint(bias.data(), channels, bits,
                                            fx::Rounding::StdRound),
                          fx::maxFixPoint(bits));
    auto fix = builder.create<FixOp>(
        op->getLoc(), type, constant, FixKindAttr::get(op->getContext(), FixKind::bias),
        RoundModeAttr::get(op->getContext(), RoundMode::std_round),
        builder.getI64IntegerAttr(bits), builder.getI64IntegerAttr(fp),
        builder.getBoolAttr(true), CalibStatsAttr());
    if (biasOperand) {
      op->setOperand(2, fix);
      if (biasFix->use_empty()) {
        Operation *c = biasFix.getInput().getDefiningOp();
        biasFix->erase();
        if (c && c->use_empty())
          c->erase();
      }
    } else if (auto conv = dyn_cast<Conv2DOp>(op)) {
      conv.getBiasMutable().assign(fix);
    } else if (auto convT = dyn_cast<ConvTranspose2DOp>(op)) {
      convT.getBiasMutable().assign(fix);
    } else if (auto linear = dyn_cast<LinearOp>(op)) {
      linear.getBiasMutable().assign(fix);
    }
    return success();
  }
};

} // namespace
