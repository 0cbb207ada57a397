//===- XModelExport.cpp - nndct IR to XIR .xmodel -------------------------===//
//
// The library boundary of the xmodel backend: picks the graphs to export
// (one per quantized region), builds each with GraphBuilder, groups its ops
// into device subgraphs, serializes under a temp name, reloads the file with
// libxir to check it, and renames it into place. libxir exceptions are
// caught here; libxir's glog FATAL checks (which abort) go through a failure
// function that deletes the temp file and names the node being exported.
//
//===----------------------------------------------------------------------===//

#include "backends/xmodel/XModelExport.h"
#include "backends/xmodel/GraphBuilder.h"
#include "backends/xmodel/XModelInternal.h"
#include "ir/EntryFunction.h"
#include "ir/Naming.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <glog/logging.h>

#include <cstdio>
#include <cstdlib>

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::xmodel;

//===----------------------------------------------------------------------===//
// libxir's fatal checks
//===----------------------------------------------------------------------===//

namespace {
/// What the failure function reports and cleans up. libxir is used from
/// one thread at a time by the exporter.
struct FatalState {
  std::string tempPath;
  std::string node;
  std::string type;
  bool exporting = false;
  /// Files of regions already exported by this call: all or nothing.
  std::vector<std::string> written;
};
FatalState &fatalState() {
  static FatalState state;
  return state;
}

// __attribute__ rather than [[noreturn]]: glog's logging_fail_func_t carries
// noreturn in its type, which only the GNU attribute gives (clang checks).
__attribute__((noreturn)) void onXirFatal() {
  FatalState &s = fatalState();
  if (!s.exporting)
    std::abort(); // not ours: keep glog's default behavior
  if (!s.tempPath.empty())
    std::remove(s.tempPath.c_str());
  for (const std::string &file : s.written)
    std::remove(file.c_str());
  std::fprintf(stderr,
               "error: libxir rejected the XIR '%s' op while exporting node "
               "'%s' to an xmodel (see libxir's message above); no file was "
               "written\n",
               s.type.c_str(), s.node.c_str());
  std::fflush(stderr);
  std::_Exit(1);
}

/// Installs the failure function once and marks an export as running.
struct ExportGuard {
  explicit ExportGuard(StringRef tempPath) {
    static bool installed = [] {
      google::InstallFailureFunction(&onXirFatal);
      return true;
    }();
    (void)installed;
    fatalState().exporting = true;
    fatalState().tempPath = tempPath.str();
  }
  ~ExportGuard() {
    fatalState().exporting = false;
    fatalState().tempPath.clear();
  }
};
} // namespace

ActiveNodeScope::ActiveNodeScope(StringRef node, StringRef type) {
  fatalState().node = node.str();
  fatalState().type = type.str();
}
ActiveNodeScope::~ActiveNodeScope() {
  fatalState().node.clear();
  fatalState().type.clear();
}

//===----------------------------------------------------------------------===//
// Choosing and building graphs
//===----------------------------------------------------------------------===//

namespace {

/// One graph to export: a region, or the whole function body.
struct GraphSource {
  std::string name;
  Block *body;
  Operation *scope;
};

FailureOr<func::FuncOp> findMain(ModuleOp module) {
  if (func::FuncOp entry = findEntryFunction(module))
    return entry;
  return module.emitError("xmodel export needs a func.func @main (or exactly "
                          "one function with a body)");
}

FailureOr<SmallVector<GraphSource>> collectSources(ModuleOp module,
                                                   StringRef only) {
  FailureOr<func::FuncOp> main = findMain(module);
  if (failed(main))
    return failure();
  SmallVector<GraphSource> sources;
  main->walk([&](RegionOp region) {
    sources.push_back(
        {region.getSymName().str(), &region.getBody().front(), region});
  });
  if (sources.empty())
    sources.push_back({"main", &main->getBody().front(), *main});
  if (only.empty())
    return sources;
  for (GraphSource &s : sources)
    if (s.name == only)
      return SmallVector<GraphSource>{s};
  InFlightDiagnostic diag = module.emitError("no nndct.region named '")
                            << only << "'; the regions are:";
  for (GraphSource &s : sources)
    diag << " '" << s.name << "'";
  return failure();
}

/// Groups the root subgraph's children into the device subgraphs of
/// nndct-place-ops ("USER" inputs apart), named
/// subgraph_<region>_<device>_<number>.
void assignSubgraphs(
    xir::Graph &graph, StringRef region,
    const std::vector<std::pair<xir::Op *, GraphBuilder::Subgraph>>
        &placement) {
  xir::Subgraph *root = graph.get_root_subgraph();
  root->create_children();
  std::map<GraphBuilder::Subgraph, std::set<xir::Subgraph *>> children;
  for (auto &[op, subgraph] : placement)
    children[subgraph].insert(graph.get_leaf_subgraph(op));
  for (auto &[subgraph, members] : children) {
    xir::Subgraph *merged = root->merge_children(members);
    std::string name =
        "subgraph_" + region.str() + "_" + StringRef(subgraph.device).lower();
    if (subgraph.index >= 0)
      name += "_" + std::to_string(subgraph.index);
    merged->set_name(name);
    merged->set_attr<std::string>("device", subgraph.device);
  }
}

struct BuiltGraph {
  std::unique_ptr<xir::Graph> graph;
  XModelFileInfo info;
};

FailureOr<BuiltGraph> buildGraph(const GraphSource &source,
                                 StringRef graphName) {
  BuiltGraph built;
  ExportGuard guard(""); // libxir validates every op as it is added
  try {
    built.graph = xir::Graph::create(graphName.str());
    GraphBuilder builder(*built.graph, *source.body, source.scope);
    if (failed(builder.build()))
      return failure();
    assignSubgraphs(*built.graph, source.name, builder.getSubgraphs());
    built.graph->get_root_subgraph()->set_attr<std::string>("nndct_region",
                                                            source.name);
    built.info.region = source.name;
    built.info.numOps = built.graph->get_op_num();
    for (const xir::Op *op : built.graph->get_ops())
      ++built.info.opCounts[op->get_type()];
  } catch (const std::exception &e) {
    return source.scope->emitError() << "libxir failed while building the "
                                        "xmodel graph of region '"
                                     << source.name << "': " << e.what();
  }
  return built;
}

/// Reloads `path` and compares it with the graph that was written.
LogicalResult verifyFile(StringRef path, const xir::Graph &written,
                         Operation *scope) {
  std::unique_ptr<xir::Graph> reloaded = xir::Graph::deserialize(path.str());
  if (reloaded->get_op_num() != written.get_op_num())
    return scope->emitError() << "the xmodel written to '" << path
                              << "' reloads with " << reloaded->get_op_num()
                              << " ops, expected " << written.get_op_num();
  for (const xir::Op *op : written.get_ops()) {
    const xir::Op *other = reloaded->get_op(op->get_name());
    if (!other || other->get_type() != op->get_type() ||
        other->get_output_tensor()->get_shape() !=
            op->get_output_tensor()->get_shape())
      return scope->emitError()
             << "the xmodel written to '" << path << "' does not reload op '"
             << op->get_name() << "' as written";
  }
  return success();
}

/// Serializes under a temp name beside `path`, verifies, renames; the temp
/// file is removed on failure and on a fatal signal (TempFile).
LogicalResult writeGraph(const BuiltGraph &built, StringRef path, bool verify,
                         Operation *scope) {
  llvm::Expected<llvm::sys::fs::TempFile> temp =
      llvm::sys::fs::TempFile::create(path + ".%%%%%%.tmp");
  if (!temp)
    return scope->emitError() << "cannot create a file beside '" << path
                              << "': " << llvm::toString(temp.takeError());
  ExportGuard guard(temp->TmpName);
  auto discard = [&] { llvm::consumeError(temp->discard()); };
  try {
    built.graph->serialize(temp->TmpName);
    if (verify && failed(verifyFile(temp->TmpName, *built.graph, scope))) {
      discard();
      return failure();
    }
  } catch (const std::exception &e) {
    discard();
    return scope->emitError()
           << "libxir failed to write '" << path << "': " << e.what();
  }
  if (llvm::Error e = temp->keep(path)) // keep() removes the temp file
    return scope->emitError()
           << "cannot write '" << path << "': " << llvm::toString(std::move(e));
  return success();
}

std::string graphNameFor(const XModelExportOptions &options, StringRef fallback,
                         const GraphSource &source, bool several) {
  std::string model =
      options.modelName.empty() ? fallback.str() : options.modelName;
  return several ? model + "_" + source.name : model;
}

} // namespace

//===----------------------------------------------------------------------===//
// Public API
//===----------------------------------------------------------------------===//

std::string mlir::nndct::regionXModelPath(StringRef path, StringRef region) {
  SmallString<128> out(llvm::sys::path::parent_path(path));
  StringRef ext = llvm::sys::path::extension(path);
  llvm::sys::path::append(out, llvm::sys::path::stem(path) + "_" + region +
                                   (ext.empty() ? StringRef(".xmodel") : ext));
  return std::string(out);
}

FailureOr<SmallVector<XModelFileInfo>>
mlir::nndct::exportXModel(ModuleOp module, StringRef path,
                          const XModelExportOptions &options) {
  FailureOr<SmallVector<GraphSource>> sources =
      collectSources(module, options.region);
  if (failed(sources))
    return failure();
  bool several = sources->size() > 1;
  SmallVector<XModelFileInfo> written;
  fatalState().written.clear();
  for (const GraphSource &source : *sources) {
    std::string file =
        several ? regionXModelPath(path, source.name) : path.str();
    FailureOr<BuiltGraph> built =
        buildGraph(source, graphNameFor(options, llvm::sys::path::stem(path),
                                        source, several));
    if (failed(built) ||
        failed(writeGraph(*built, file, options.verify, source.scope))) {
      // All or nothing: remove the files of the regions already written.
      for (XModelFileInfo &info : written)
        llvm::sys::fs::remove(info.path);
      fatalState().written.clear();
      return failure();
    }
    built->info.path = file;
    written.push_back(built->info);
    fatalState().written.push_back(file);
  }
  fatalState().written.clear();
  return written;
}

LogicalResult
mlir::nndct::exportXModelToStream(ModuleOp module, raw_ostream &os,
                                  const XModelExportOptions &options) {
  FailureOr<SmallVector<GraphSource>> sources =
      collectSources(module, options.region);
  if (failed(sources))
    return failure();
  if (sources->size() != 1) {
    InFlightDiagnostic diag =
        module.emitError("the module has ")
        << sources->size()
        << " quantized regions; pass --xmodel-output=<path> to write one "
           "xmodel per region, or --xmodel-region=<name> to pick one:";
    for (GraphSource &s : *sources)
      diag << " '" << s.name << "'";
    return failure();
  }
  const GraphSource &source = sources->front();
  FailureOr<BuiltGraph> built =
      buildGraph(source, graphNameFor(options, "model", source, false));
  if (failed(built))
    return failure();
  SmallString<128> temp;
  if (std::error_code ec =
          llvm::sys::fs::createTemporaryFile("nndct-export", "xmodel", temp))
    return module.emitError("cannot create a temporary file: ") << ec.message();
  if (failed(writeGraph(*built, temp, options.verify, source.scope))) {
    llvm::sys::fs::remove(temp);
    return failure();
  }
  auto buffer = llvm::MemoryBuffer::getFile(temp, /*IsText=*/false);
  llvm::sys::fs::remove(temp);
  if (!buffer)
    return module.emitError("cannot read back the xmodel: ")
           << buffer.getError().message();
  os << (*buffer)->getBuffer();
  return success();
}
