//===- ApplyQuantInfo.cpp - test mode: fix points from quant_info.json ----===//
//
// nndct-apply-quant-info: copies the corrected biases of the calibration
// run's bundle (when the file says bias correction ran), or its weights and
// biases (when it says fast finetune ran: vai's load_ft_param), then
// applies the file's fix points (QuantInfoReader.cpp). Parameters go
// first: applying the fix points is all-or-nothing and names every
// mismatch, including parameters the bundle lacks.
//
//===----------------------------------------------------------------------===//

#include "backends/quantinfo/QuantInfo.h"
#include "backends/quantinfo/QuantNames.h"

#include "ir/ConstantUtils.h"
#include "ir/ModelSource.h"
#include "ir/NNDCTOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/Pass/Pass.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

namespace mlir::nndct {
#define GEN_PASS_DEF_APPLYQUANTINFOPASS
#include "backends/quantinfo/QuantInfoPasses.h.inc"
} // namespace mlir::nndct

using namespace mlir;
using namespace mlir::nndct;

namespace {

/// The bias fixes (and weight fixes, with `weights`) of `module`'s
/// functions by quant_info.json name.
llvm::StringMap<FixOp> paramFixes(ModuleOp module, bool weights) {
  llvm::StringMap<FixOp> out;
  for (auto func : module.getOps<func::FuncOp>())
    for (QuantEntry &e : collectQuantEntries(func))
      if (e.section == QuantSection::Param && e.slots.size() == 1 &&
          e.slots[0] &&
          (e.slots[0].getKind() == FixKind::bias ||
           (weights && e.slots[0].getKind() == FixKind::weight)))
        out[e.name] = e.slots[0];
  return out;
}

struct ApplyQuantInfoPass
    : public nndct::impl::ApplyQuantInfoPassBase<ApplyQuantInfoPass> {
  using Base::Base;

  /// Replaces the data of every bias (and weight, with `weights`) the
  /// bundle has by the bundle's.
  LogicalResult copyParameters(ModuleOp module, bool weights) {
    // A separate context: the bundle's blob names must not take the names
    // the copies need in the model's context.
    MLIRContext bundleContext(getContext().getDialectRegistry());
    bundleContext.loadAllAvailableDialects();
    auto buffer = llvm::MemoryBuffer::getFile(bundle);
    if (!buffer)
      return module.emitError("cannot read the bundle ")
             << bundle << ": " << buffer.getError().message();
    llvm::SourceMgr sourceMgr;
    sourceMgr.AddNewSourceBuffer(std::move(*buffer), llvm::SMLoc());
    OwningOpRef<ModuleOp> parsed = parseModelSource(sourceMgr, &bundleContext);
    if (!parsed)
      return failure();
    llvm::StringMap<FixOp> corrected = paramFixes(*parsed, weights);
    for (auto &[name, fix] : paramFixes(module, weights)) {
      auto it = corrected.find(name);
      // Not in the bundle: applying the fix points reports the mismatch.
      if (it == corrected.end())
        continue;
      ElementsAttr value = getConstantValue(it->second.getInput());
      std::optional<std::vector<float>> values =
          value ? readFloats(value) : std::nullopt;
      auto type = dyn_cast<RankedTensorType>(fix.getInput().getType());
      if (!values || !type || int64_t(values->size()) != type.getNumElements())
        return fix.emitError() << bundle << ": parameter '" << name
                               << "' does not match the model";
      replaceFixInputData(fix, *values, name.str() + ".bundle");
    }
    return success();
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (file.empty()) {
      module.emitError("nndct-apply-quant-info needs file=<quant_info.json>");
      return signalPassFailure();
    }
    auto buffer = llvm::MemoryBuffer::getFile(file);
    if (!buffer) {
      module.emitError("cannot read ")
          << file << ": " << buffer.getError().message();
      return signalPassFailure();
    }
    llvm::StringRef text = (*buffer)->getBuffer();
    // A corrupt file is reported (with line and column) by applyQuantInfo.
    if (llvm::Expected<llvm::json::Value> json = llvm::json::parse(text)) {
      const llvm::json::Object *object = json->getAsObject();
      bool corrected =
          object && object->getBoolean("bias_corrected").value_or(false);
      bool finetuned =
          object && object->getBoolean("fast_finetuned").value_or(false);
      if (corrected || finetuned) {
        if (bundle.empty() || !llvm::sys::fs::exists(bundle)) {
          InFlightDiagnostic warning =
              module.emitWarning()
              << file << " says "
              << (finetuned ? "fast_finetuned" : "bias_corrected") << " but ";
          if (bundle.empty())
            warning << "no bundle= was given";
          else
            warning << bundle << " is missing";
          warning << (finetuned ? ": weights and biases stay as imported"
                                : ": biases stay uncorrected");
        } else if (failed(copyParameters(module, finetuned))) {
          return signalPassFailure();
        } else {
          if (corrected)
            module->setAttr(kBiasCorrectedAttr, UnitAttr::get(&getContext()));
          if (finetuned)
            module->setAttr(kFastFinetunedAttr, UnitAttr::get(&getContext()));
        }
      }
    } else {
      llvm::consumeError(json.takeError());
    }
    if (failed(applyQuantInfo(module, text, file)))
      return signalPassFailure();
  }
};

} // namespace
