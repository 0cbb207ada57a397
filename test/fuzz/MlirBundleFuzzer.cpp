//===- MlirBundleFuzzer.cpp - fuzz .mlir model loading and the interpreter ===//
//
// What `nndct run|eval` does with a `.nndct.mlir` bundle: parse the source
// with the nndct dialects (parseModelSource: blobs checked, then the parser
// verifies), take the entry function,
// prepare the interpreter and run it once on fixed inputs. The mode is
// picked by the input's size (Float, FakeQuant, Integer; oneDNN on or off)
// so every mode gets inputs. Functions with a dynamic or large tensor are
// only prepared, never run, so one input stays fast: a tensor may have at
// most 4096 elements and a function at most 256 ops.
//
//===----------------------------------------------------------------------===//

#include "test/fuzz/FuzzSupport.h"

#include "backends/interpreter/Interpreter.h"
#include "ir/ModelSource.h"
#include "ir/NNDCTDialect.h"
#include "ir/Naming.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Parser/Parser.h"

using namespace mlir;
using namespace mlir::nndct;

static constexpr int64_t kMaxElements = 4096;
static constexpr int64_t kMaxOps = 256;

static bool smallType(Type type) {
  auto shaped = dyn_cast<ShapedType>(type);
  if (!shaped)
    return true;
  return shaped.hasStaticShape() && shaped.getNumElements() <= kMaxElements;
}

/// Whether running `func` stays cheap: few ops, every value small.
static bool cheapToRun(func::FuncOp func) {
  int64_t ops = 0;
  bool small = llvm::all_of(func.getArgumentTypes(), smallType);
  func.walk([&](Operation *op) {
    ++ops;
    small &= llvm::all_of(op->getResultTypes(), smallType);
    for (Region &region : op->getRegions())
      for (Block &block : region)
        small &= llvm::all_of(block.getArgumentTypes(), smallType);
  });
  return small && ops <= kMaxOps;
}

static ElementKind kindOf(Type type) {
  Type elem = cast<ShapedType>(type).getElementType();
  if (elem.isInteger(8))
    return elem.isUnsignedInteger() ? ElementKind::U8 : ElementKind::I8;
  if (elem.isInteger(32))
    return ElementKind::I32;
  if (elem.isInteger(64) || elem.isInteger(1))
    return ElementKind::I64;
  return ElementKind::F32;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  DialectRegistry registry;
  registry.insert<NNDCTDialect, func::FuncDialect>();
  fuzz::QuietContext context(registry);
  context.get()->loadAllAvailableDialects();
  // The tools' path: resource blobs checked before MLIR parses the text.
  // A NUL-terminated copy, as a file's buffer is: MLIR's lexer stops at the
  // terminator and otherwise reads past the end of libFuzzer's input.
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(fuzz::bytes(data, size), "<fuzz>"),
      llvm::SMLoc());
  OwningOpRef<ModuleOp> module = parseModelSource(sourceMgr, context.get());
  if (!module)
    return 0;
  func::FuncOp func = getEntryFunction(*module);
  if (!func || func.isExternal())
    return 0;

  InterpreterOptions options;
  options.mode = ExecutionMode(size % 3);
  options.useOneDNN = (size / 3) % 2 == 0;
  FailureOr<std::unique_ptr<Interpreter>> interpreter =
      Interpreter::create(func, options);
  if (failed(interpreter) || !cheapToRun(func))
    return 0;

  std::vector<Tensor> inputs;
  for (Type type : func.getArgumentTypes()) {
    auto shaped = dyn_cast<ShapedType>(type);
    if (!shaped)
      return 0;
    Tensor t;
    t.shape.assign(shaped.getShape().begin(), shaped.getShape().end());
    t.kind = kindOf(type);
    t.data.resize(size_t(t.numElements()));
    // Small integers, of both signs where the kind has them.
    int low = t.kind == ElementKind::U8 ? 0 : -3;
    for (size_t i = 0; i < t.data.size(); ++i)
      t.data[i] = float(low + int(i % 7));
    inputs.push_back(std::move(t));
  }
  (void)(*interpreter)->run(inputs);
  return 0;
}
