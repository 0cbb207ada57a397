//===- QuantInfoReader.cpp - apply quant_info.json (test mode) ------------===//
//
// Reads a quant_info.json back onto the model it was written for. The
// file's names are matched with the names the writer would produce for this
// model (QuantNames.h); any difference is reported at once — every missing
// and every extra name with the likely cause — because a name mismatch is
// the error vai_q_pytorch users hit most, and fixing it one name at a time
// is hopeless. Nothing is changed unless the whole file applies.
//
//===----------------------------------------------------------------------===//

#include "backends/quantinfo/QuantInfo.h"
#include "backends/quantinfo/QuantNames.h"
#include "ir/Naming.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"

#include <map>
#include <optional>

using namespace mlir;
using namespace mlir::nndct;

namespace {

/// One slot of a file entry: a (bit_width, fix_point) pair or null.
struct FileSlot {
  std::optional<std::pair<int64_t, int64_t>> value;
};

/// The file's entries by (section, name without the `Graph::` prefix).
using FileEntries =
    std::map<std::pair<QuantSection, std::string>, std::vector<FileSlot>>;

/// Drops the `<graph>::` prefix (any graph name is accepted).
std::string stripPrefix(llvm::StringRef key) {
  size_t pos = key.find("::");
  return (pos == llvm::StringRef::npos ? key : key.drop_front(pos + 2)).str();
}

/// Parses the three sections; structural problems are appended to `errors`.
FileEntries parseSections(const llvm::json::Object &root,
                          std::vector<std::string> &errors) {
  FileEntries result;
  for (QuantSection section :
       {QuantSection::Param, QuantSection::Output, QuantSection::Input}) {
    llvm::StringRef key = sectionKey(section);
    const llvm::json::Value *value = root.get(key);
    if (!value)
      continue;
    const llvm::json::Object *object = value->getAsObject();
    if (!object) {
      errors.push_back(llvm::formatv("\"{0}\" must be an object", key).str());
      continue;
    }
    for (const auto &kv : *object) {
      std::string name = kv.first.str();
      auto bad = [&] {
        errors.push_back(
            llvm::formatv("\"{0}\" entry \"{1}\" must be a list of "
                          "[bit_width, fix_point] or null",
                          key, name)
                .str());
      };
      const llvm::json::Array *slots = kv.second.getAsArray();
      if (!slots) {
        bad();
        continue;
      }
      std::vector<FileSlot> parsed;
      bool rejected = false;
      for (const llvm::json::Value &slot : *slots) {
        if (slot.getAsNull()) {
          parsed.push_back({});
          continue;
        }
        const llvm::json::Array *pair = slot.getAsArray();
        std::optional<int64_t> bits, fp;
        if (pair && pair->size() == 2) {
          bits = (*pair)[0].getAsInteger();
          fp = (*pair)[1].getAsInteger();
        }
        if (!bits || !fp) {
          bad();
          rejected = true;
          break;
        }
        if (*fp < FixOp::kMinFixPoint || *fp > FixOp::kMaxFixPoint) {
          errors.push_back(
              llvm::formatv("\"{0}\" entry \"{1}\": fix point {2} is "
                            "outside [{3}, {4}]",
                            key, name, *fp, FixOp::kMinFixPoint,
                            FixOp::kMaxFixPoint)
                  .str());
          rejected = true;
          break;
        }
        parsed.push_back({std::make_pair(*bits, *fp)});
      }
      if (rejected)
        continue;
      result[{section, stripPrefix(name)}] = std::move(parsed);
    }
  }
  return result;
}

std::string describe(QuantSection section, llvm::StringRef name) {
  return llvm::formatv("{0} ({1})", name, sectionKey(section)).str();
}

} // namespace

LogicalResult mlir::nndct::applyQuantInfo(ModuleOp module,
                                          const llvm::json::Value &json) {
  func::FuncOp func = getEntryFunction(module);
  if (!func)
    return emitError(module.getLoc(),
                     "quant_info.json: the module has no function");
  const llvm::json::Object *root = json.getAsObject();
  if (!root)
    return emitError(module.getLoc(),
                     "quant_info.json: the top level must be an object");

  std::vector<std::string> structural;
  FileEntries file = parseSections(*root, structural);
  if (!structural.empty()) {
    InFlightDiagnostic diag =
        emitError(module.getLoc(), "quant_info.json is malformed:");
    for (const std::string &line : structural)
      diag << "\n  " << line;
    return diag;
  }

  std::vector<QuantEntry> model = collectQuantEntries(func);
  std::vector<std::string> missing, extra, different;
  std::map<std::pair<QuantSection, std::string>, const QuantEntry *> modelByKey;
  for (const QuantEntry &entry : model)
    modelByKey[{entry.section, entry.name}] = &entry;

  for (const QuantEntry &entry : model) {
    auto it = file.find({entry.section, entry.name});
    if (it == file.end()) {
      missing.push_back(describe(entry.section, entry.name));
      continue;
    }
    const std::vector<FileSlot> &slots = it->second;
    if (slots.size() != entry.slots.size()) {
      different.push_back(
          llvm::formatv("{0}: {1} value(s) in the file, {2} output(s) "
                        "in the model",
                        describe(entry.section, entry.name), slots.size(),
                        entry.slots.size())
              .str());
      continue;
    }
    for (size_t i = 0; i < slots.size(); ++i) {
      FixOp fix = entry.slots[i];
      if (!slots[i].value)
        continue;
      if (!fix) {
        different.push_back(
            llvm::formatv("{0}[{1}]: quantized in the file, not in the model",
                          describe(entry.section, entry.name), i)
                .str());
      } else if (slots[i].value->first !=
                 static_cast<int64_t>(fix.getBitWidth())) {
        different.push_back(
            llvm::formatv("{0}[{1}]: bit width {2} in the file, {3} in "
                          "the model",
                          describe(entry.section, entry.name), i,
                          slots[i].value->first, fix.getBitWidth())
                .str());
      }
    }
  }
  for (const auto &kv : file)
    if (!modelByKey.count(kv.first))
      extra.push_back(describe(kv.first.first, kv.first.second));

  std::string modelHash = computeGraphHash(module);
  std::optional<llvm::StringRef> fileHash = root->getString("graph_md5");
  bool sameGraph = fileHash && *fileHash == modelHash;

  if (!missing.empty() || !extra.empty() || !different.empty()) {
    InFlightDiagnostic diag =
        emitError(module.getLoc())
        << "quant_info.json does not match this model: " << missing.size()
        << " name(s) missing from the file, " << extra.size()
        << " name(s) not in the model, " << different.size()
        << " entr(y/ies) that differ";
    auto list = [&](llvm::StringRef title,
                    const std::vector<std::string> &items) {
      if (items.empty())
        return;
      diag << "\n  " << title << ":";
      for (const std::string &item : items)
        diag << "\n    " << item;
    };
    list("missing (in the model, not in the file)", missing);
    list("extra (in the file, not in the model)", extra);
    list("different", different);
    diag << "\n  likely cause: ";
    if (sameGraph)
      diag
          << "the graph structure is the same (graph_md5 matches) but nodes "
             "were "
             "renamed: re-export the model with the names it had in calib mode";
    else if (!fileHash)
      diag << "the file has no graph_md5; it was probably written for another "
              "model";
    else if (!different.empty() && missing.empty() && extra.empty())
      diag << "the file was written with different quantization options "
              "(bit widths) or for another target (graph_md5 "
           << *fileHash << " in the file, " << modelHash << " for this model)";
    else
      diag << "the file was written for a different model, or with different "
              "quantization options or target (graph_md5 "
           << *fileHash << " in the file, " << modelHash << " for this model)";
    return diag;
  }

  if (fileHash && !sameGraph)
    emitWarning(module.getLoc())
        << "quant_info.json: every name matches but graph_md5 differs ("
        << *fileHash << " in the file, " << modelHash
        << " for this model): the model changed since calibration";

  Builder builder(module.getContext());
  for (const QuantEntry &entry : model) {
    const std::vector<FileSlot> &slots = file[{entry.section, entry.name}];
    for (size_t i = 0; i < slots.size(); ++i) {
      FixOp fix = entry.slots[i];
      if (!fix)
        continue;
      if (slots[i].value)
        fix.setFixPointAttr(builder.getI64IntegerAttr(slots[i].value->second));
      else
        fix->removeAttr(fix.getFixPointAttrName());
    }
  }
  return success();
}

LogicalResult mlir::nndct::applyQuantInfo(ModuleOp module, llvm::StringRef text,
                                          llvm::StringRef fileName) {
  llvm::Expected<llvm::json::Value> json = llvm::json::parse(text);
  if (!json) {
    // llvm::json reports "[line:column, byte=N]: message".
    std::string message = llvm::toString(json.takeError());
    return emitError(module.getLoc())
           << fileName << ": not valid JSON: " << message;
  }
  return applyQuantInfo(module, *json);
}

llvm::Expected<std::vector<std::pair<std::string, std::string>>>
mlir::nndct::keptFloatOps(const llvm::json::Value &json) {
  std::vector<std::pair<std::string, std::string>> ops;
  const llvm::json::Object *root = json.getAsObject();
  const llvm::json::Object *section =
      root ? root->getObject("float_ops") : nullptr;
  if (!section)
    return ops;
  for (const auto &[name, value] : *section) {
    std::optional<llvm::StringRef> reason = value.getAsString();
    if (!reason)
      return llvm::createStringError(
          "\"float_ops\": the entry of '" + escapeUntrustedText(name.str()) +
          "' is not a string (the reason it is kept float)");
    ops.emplace_back(name.str(), reason->str());
  }
  llvm::sort(ops);
  return ops;
}
