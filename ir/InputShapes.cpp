//===- InputShapes.cpp - the --input-shape option -------------------------===//

#include "ir/InputShapes.h"

#include "llvm/Support/CommandLine.h"

#include "mlir/IR/BuiltinTypeInterfaces.h"

#include "llvm/ADT/SmallVector.h"

using namespace llvm;

std::string mlir::nndct::addInputShape(StringRef text, InputShapes &shapes) {
  StringRef name, dims = text.trim();
  if (size_t eq = dims.rfind('='); eq != StringRef::npos) {
    name = dims.take_front(eq).trim();
    dims = dims.drop_front(eq + 1).trim();
    if (name.empty())
      return "--input-shape '" + text.str() + "': empty input name before '='";
  }
  if (dims.empty())
    return "--input-shape '" + text.str() + "': no dimensions";
  std::vector<int64_t> shape;
  SmallVector<StringRef> parts;
  dims.split(parts, 'x');
  for (StringRef p : parts) {
    int64_t d;
    if (p.trim().getAsInteger(10, d) || d <= 0)
      return "--input-shape '" + text.str() + "': '" + p.str() +
             "' is not a positive dimension (expected [NAME=]D0xD1x...)";
    shape.push_back(d);
  }
  if (!shapes.emplace(name.str(), std::move(shape)).second)
    return "--input-shape given twice for " +
           (name.empty() ? std::string("the input") : "'" + name.str() + "'");
  return "";
}

std::string mlir::nndct::shapeString(ArrayRef<int64_t> shape) {
  std::string s;
  for (int64_t d : shape)
    s += (s.empty() ? "" : "x") +
         (ShapedType::isDynamic(d) ? std::string("?") : std::to_string(d));
  return s.empty() ? "scalar" : s;
}

const std::vector<std::string> &mlir::nndct::inputShapeOption() {
  static llvm::cl::list<std::string> option(
      "input-shape",
      llvm::cl::desc("fix an input's shape, [NAME=]1x3x224x224 (NAME may be "
                     "omitted for a single-input model)"),
      llvm::cl::ZeroOrMore);
  return option;
}

std::string mlir::nndct::parseInputShapeOption(InputShapes &shapes) {
  for (const std::string &text : inputShapeOption())
    if (std::string err = addInputShape(text, shapes); !err.empty())
      return err;
  return "";
}
