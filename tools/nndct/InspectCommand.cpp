//===- InspectCommand.cpp - `nndct inspect`: where every op runs, and why -===//
//
//   nndct inspect MODEL|BUNDLE [--target T] [--input-shape S] [--dot FILE]
//                 [--html FILE]
//
// A model (.onnx, .pt, or an imported .mlir without regions) goes through
// the prepare pipeline for the target, then nndct-place-ops; a quantize
// bundle (<model>.nndct.mlir) is shown as it is, placed first when it was
// made before placement existed. The table goes to stdout; --dot and
// --html write Graphviz DOT and a self-contained HTML page
// (backends/inspect), each through a temp file renamed into place.
//
//===----------------------------------------------------------------------===//

#include "tools/nndct/CommandSupport.h"
#include "tools/nndct/Commands.h"
#include "tools/nndct/ModelLoader.h"

#include "backends/inspect/PlacementView.h"
#include "ir/NNDCTOps.h"
#include "ir/TargetModel.h"
#include "passes/Pipelines.h"
#include "tools/Registration.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <functional>

using namespace mlir;
using namespace mlir::nndct;
namespace cl = llvm::cl;

static constexpr llvm::StringLiteral kTool = "nndct inspect";

cl::SubCommand mlir::nndct::inspectSubCommand(
    "inspect", "Show where every op runs (NPU or CPU) and why, as a table, "
               "Graphviz DOT or an HTML page");

static cl::opt<std::string>
    modelPath(cl::Positional, cl::Required,
              cl::desc("<model.onnx|model.pt|model.mlir|bundle.nndct.mlir>"),
              cl::sub(inspectSubCommand));
static cl::opt<std::string>
    target("target",
           cl::desc("Hardware target (default: the bundle's, else "
                    "AMD_AIE2_Nx4_Overlay_cfg0); a bundle given another "
                    "target is placed again"),
           cl::init("AMD_AIE2_Nx4_Overlay_cfg0"), cl::sub(inspectSubCommand));
static cl::list<std::string>
    inputShapes("input-shape", cl::desc("[NAME=]1x3x224x224 input shape"),
                cl::sub(inspectSubCommand));
static cl::list<std::string>
    bindValues("bind",
               cl::desc("NAME=FILE: import ONNX graph input NAME as the "
                        "constant in FILE (.npy/.pb), e.g. a shape input"),
               cl::value_desc("NAME=FILE"), cl::sub(inspectSubCommand));
static cl::list<std::string>
    quantBegin("quant-begin", cl::desc("Tensors where quantization begins"),
               cl::CommaSeparated, cl::sub(inspectSubCommand));
static cl::list<std::string> quantEnd("quant-end",
                                      cl::desc("Last quantized tensors"),
                                      cl::CommaSeparated,
                                      cl::sub(inspectSubCommand));
static cl::opt<std::string> dotPath("dot",
                                    cl::desc("Write Graphviz DOT to FILE"),
                                    cl::value_desc("FILE"),
                                    cl::sub(inspectSubCommand));
static cl::opt<std::string>
    htmlPath("html", cl::desc("Write a self-contained HTML page to FILE"),
             cl::value_desc("FILE"), cl::sub(inspectSubCommand));

namespace {

int error(const llvm::Twine &msg) {
  llvm::errs() << kTool << ": error: " << msg << "\n";
  return 1;
}

/// Writes `path` through a temp file in the same folder renamed into place,
/// so a failure never leaves a partial file.
llvm::Error
writeAtomically(llvm::StringRef path,
                const std::function<void(llvm::raw_ostream &)> &write) {
  llvm::Expected<llvm::sys::fs::TempFile> temp =
      llvm::sys::fs::TempFile::create(path + ".tmp-%%%%%%");
  if (!temp)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        path + ": cannot write: " + llvm::toString(temp.takeError()));
  {
    llvm::raw_fd_ostream os(temp->FD, /*shouldClose=*/false);
    write(os);
    os.flush();
    if (os.has_error()) {
      std::string message = os.error().message();
      os.clear_error();
      llvm::consumeError(temp->discard());
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     path + ": write failed: " + message);
    }
  }
  if (llvm::Error e = temp->keep(path))
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        path + ": cannot write: " + llvm::toString(std::move(e)));
  return llvm::Error::success();
}

/// The model's base name: `fmnist_cnn` for fmnist_cnn.onnx and for the
/// bundle fmnist_cnn.nndct.mlir.
std::string modelName() {
  llvm::StringRef stem = llvm::sys::path::stem(modelPath);
  stem.consume_back(".nndct");
  return stem.str();
}

bool hasRegions(func::FuncOp func) {
  return func.walk([](RegionOp) { return WalkResult::interrupt(); })
      .wasInterrupted();
}

} // namespace

int mlir::nndct::inspectCommand() {
  registerTensorFormats();
  DialectRegistry registry;
  registerDialects(registry);
  MLIRContext context(registry);
  showWarnings(context);
  context.loadAllAvailableDialects();
  InputBindings bindings;
  bindings.bind.assign(bindValues.begin(), bindValues.end());
  OwningOpRef<ModuleOp> module = loadModel(
      modelPath,
      std::vector<std::string>(inputShapes.begin(), inputShapes.end()), context,
      kTool, &bindings);
  if (!module)
    return 1;
  func::FuncOp func = getEntryFunction(*module);
  if (!func)
    return error(modelPath + ": no function to inspect");

  // The target: --target when given, else the bundle's, else the default.
  auto existing = (*module)->getAttrOfType<TargetAttr>(kTargetAttrName);
  std::string targetName = target.getNumOccurrences() || !existing
                               ? target.getValue()
                               : existing.getName().str();
  const TargetModel *targetModel = TargetModel::lookup(targetName);
  if (!targetModel) {
    std::string names;
    for (const TargetModel *t : TargetModel::all())
      names += (names.empty() ? "" : ", ") + t->name.str();
    return error("target '" + targetName +
                 "': unknown target (known: " + names + ")");
  }
  bool retarget = existing && existing.getName() != targetName;
  (*module)->setAttr(kTargetAttrName, TargetAttr::get(&context, targetName));

  // A model not yet partitioned gets the prepare pipeline (what quantize
  // runs before calibration); then any op without a placement is placed.
  if (!hasRegions(func)) {
    PTQOptions options;
    options.bitWidth = targetModel->bitWidth;
    options.quantBegin.assign(quantBegin.begin(), quantBegin.end());
    options.quantEnd.assign(quantEnd.begin(), quantEnd.end());
    PassManager pm(&context);
    populatePTQPreparePipeline(pm, options);
    if (failed(pm.run(*module)))
      return error(modelPath +
                   ": preparing the model failed (see the diagnostics above)");
  } else if (!quantBegin.empty() || !quantEnd.empty()) {
    return error(modelPath + ": --quant-begin/--quant-end apply to a model, "
                             "not to a bundle that already has its regions");
  }
  if (failed(ensurePlacement(func, retarget)))
    return error(modelPath +
                 ": placing the ops failed (see the diagnostics above)");

  PlacementView view = PlacementView::build(func);
  if (view.ops.empty())
    return error(modelPath + ": @" + view.function + " has no op to place");
  if (!dotPath.empty())
    if (llvm::Error e = writeAtomically(dotPath, [&](llvm::raw_ostream &os) {
          writePlacementDot(view, os);
        }))
      return error(llvm::toString(std::move(e)));
  if (!htmlPath.empty())
    if (llvm::Error e = writeAtomically(htmlPath, [&](llvm::raw_ostream &os) {
          writePlacementHtml(view, modelName(), os);
        }))
      return error(llvm::toString(std::move(e)));
  llvm::outs() << "# nndct inspect: " << modelName() << " (@" << view.function
               << ")\n# target: " << targetName << "\n";
  writePlacementTable(view, llvm::outs());
  return 0;
}
