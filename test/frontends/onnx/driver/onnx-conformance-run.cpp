//===- onnx-conformance-run.cpp - ONNX test cases through nndct ----------===//
//
// The in-process driver behind onnx_conformance.py --run: for every line of
// a manifest it imports an ONNX model, prepares the interpreter, reads the
// case's TensorProto inputs, runs and writes each result as
// OUTDIR/output_<k>.npy. One process handles a whole suite (a process per
// case would spend most of its time loading libraries); the script compares
// the outputs with the expected ones.
//
// Manifest: one case per line, tab-separated: ID MODEL OUTDIR [INPUT.pb...],
// one input file per graph input, in order. The case's model runs
// unmodified: inputs that a node needs as constants (shapes, axes, pads,
// scales, bounds...) are bound at import, as `nndct run` binds them.
// Protocol on stdout, one line per step, flushed so that the caller can
// resume after a crash:
//   BEGIN <id>
//   BIND <id> <input> <needed by>  an input bound as a constant (0 or more)
//   OK <id>                     outputs written
//   IMPORT <id> <message>       the importer rejected the model
//   PREPARE <id> <message>      the interpreter cannot run it
//   RUN <id> <message>          bad inputs or a run-time error
//
// usage: onnx-conformance-run MANIFEST [--threads N] [--reference-kernels]
//                             [--skip N]
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/Interpreter.h"
#include "backends/interpreter/OpKernels.h"
#include "backends/interpreter/TensorIO.h"
#include "frontends/onnx/ONNXImporter.h"
#include "frontends/onnx/TensorProtoIO.h"
#include "ir/NNDCTDialect.h"
#include "ir/Naming.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>

using namespace mlir;
using namespace mlir::nndct;

namespace {

/// The first line of a message, tabs and newlines flattened.
std::string oneLine(llvm::StringRef msg) {
  std::string s = msg.split('\n').first.str();
  for (char &c : s)
    if (c == '\t' || c == '\r')
      c = ' ';
  return s.empty() ? "(no message)" : s;
}

void report(const char *status, llvm::StringRef id, llvm::StringRef msg = "") {
  std::string line = std::string(status) + " " + id.str();
  if (!msg.empty())
    line += " " + oneLine(msg);
  std::printf("%s\n", line.c_str());
  std::fflush(stdout);
}

/// The case's input files, by graph input name, for the importer to bind.
class CaseInputs : public InputValueSource {
public:
  explicit CaseInputs(llvm::ArrayRef<llvm::StringRef> files) : files(files) {}

  std::string setInputNames(llvm::ArrayRef<std::string> names) override {
    if (names.size() != files.size())
      return "the model has " + std::to_string(names.size()) +
             " inputs, the case gives " + std::to_string(files.size());
    byName.clear();
    for (size_t i = 0; i < names.size(); ++i)
      byName[names[i]] = files[i].str();
    return "";
  }
  bool hasValue(llvm::StringRef name) override {
    return byName.count(name.str());
  }
  std::string read(llvm::StringRef name, TensorData &out) override {
    return readTensorProtoFile(byName.at(name.str()), out);
  }

  llvm::ArrayRef<llvm::StringRef> files;
  std::map<std::string, std::string> byName;
};

/// Runs one case; returns the status line's tag and message.
std::pair<const char *, std::string>
runCase(MLIRContext &context, llvm::ArrayRef<llvm::StringRef> fields,
        const InterpreterOptions &options) {
  llvm::StringRef model = fields[1], outDir = fields[2];
  std::string diag;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &d) {
    if (d.getSeverity() == DiagnosticSeverity::Error && diag.empty())
      diag = d.str();
    return success();
  });
  CaseInputs caseInputs(fields.drop_front(3));
  std::vector<BoundInput> bound;
  ImportOptions importOptions;
  importOptions.values = &caseInputs;
  importOptions.bound = &bound;
  OwningOpRef<ModuleOp> module = importONNXFile(model, &context, importOptions);
  for (const BoundInput &b : bound)
    report("BIND", fields[0], b.input + " " + b.neededBy);
  if (!module)
    return {"IMPORT", diag.empty() ? "import failed" : diag};
  auto func = module->lookupSymbol<func::FuncOp>("main");
  if (!func)
    return {"IMPORT", "no @main"};
  auto interpreter = Interpreter::create(func, options);
  if (failed(interpreter))
    return {"PREPARE", diag.empty() ? "create failed" : diag};

  std::vector<Tensor> inputs;
  for (unsigned i = 0; i < func.getNumArguments(); ++i) {
    auto name = func.getArgAttrOfType<StringAttr>(i, kNameAttr);
    auto file =
        name ? caseInputs.byName.find(name.str()) : caseInputs.byName.end();
    if (file == caseInputs.byName.end())
      return {"RUN", "argument " + std::to_string(i) + " has no input file"};
    TensorData data;
    std::string err = readTensorProtoFile(file->second, data);
    if (!err.empty())
      return {"RUN", err};
    Tensor t;
    t.shape = data.shape;
    t.data = std::move(data.data);
    auto type = cast<ShapedType>(func.getArgument(i).getType());
    t.kind = elementKindOf(type.getElementType());
    inputs.push_back(std::move(t));
  }
  FailureOr<std::vector<Tensor>> results = (*interpreter)->run(inputs);
  if (failed(results))
    return {"RUN", diag.empty() ? "run failed" : diag};
  if (std::error_code ec = llvm::sys::fs::create_directories(outDir))
    return {"RUN", outDir.str() + ": " + ec.message()};
  for (size_t k = 0; k < results->size(); ++k) {
    std::string path = (outDir + "/output_" + llvm::Twine(k) + ".npy").str();
    if (llvm::Error e = writeFile(path, encodeNpy((*results)[k])))
      return {"RUN", llvm::toString(std::move(e))};
  }
  return {"OK", ""};
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: onnx-conformance-run MANIFEST [--threads N] "
                         "[--reference-kernels] [--skip N]\n");
    return 2;
  }
  InterpreterOptions options;
  long skip = 0;
  for (int i = 2; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--threads") && i + 1 < argc)
      options.threads = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--reference-kernels"))
      options.useOneDNN = false;
    else if (!std::strcmp(argv[i], "--skip") && i + 1 < argc)
      skip = std::atol(argv[++i]);
    else {
      std::fprintf(stderr, "onnx-conformance-run: unknown argument '%s'\n",
                   argv[i]);
      return 2;
    }
  }
  auto manifest = llvm::MemoryBuffer::getFile(argv[1]);
  if (!manifest) {
    std::fprintf(stderr, "onnx-conformance-run: %s: %s\n", argv[1],
                 manifest.getError().message().c_str());
    return 2;
  }

  DialectRegistry registry;
  registry.insert<NNDCTDialect, func::FuncDialect>();
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  // Diagnostics go to the status lines, never to stderr.
  context.printOpOnDiagnostic(false);

  llvm::SmallVector<llvm::StringRef> lines;
  (*manifest)->getBuffer().split(lines, '\n', -1, false);
  for (size_t n = skip; n < lines.size(); ++n) {
    llvm::SmallVector<llvm::StringRef> fields;
    lines[n].split(fields, '\t', -1, false);
    if (fields.size() < 3) {
      std::fprintf(stderr,
                   "onnx-conformance-run: manifest line %zu: expected "
                   "ID MODEL OUTDIR [INPUT...]\n",
                   n + 1);
      return 2;
    }
    report("BEGIN", fields[0]);
    auto [status, msg] = runCase(context, fields, options);
    report(status, fields[0], msg);
  }
  return 0;
}
