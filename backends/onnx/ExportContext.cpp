//===- ExportContext.cpp - state of one ONNX export -----------------------===//
//
// Names, initializers and node helpers shared by the op and fix converters.
//
//===----------------------------------------------------------------------===//

#include "backends/onnx/ExportContext.h"

#include "ir/ConstantUtils.h"

#include "llvm/ADT/Twine.h"

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::onnx_export;

int32_t onnx_export::onnxElementType(Type type) {
  if (type.isF32())
    return onnx::TensorProto::FLOAT;
  if (type.isF16())
    return onnx::TensorProto::FLOAT16;
  if (type.isBF16())
    return onnx::TensorProto::BFLOAT16;
  if (type.isF64())
    return onnx::TensorProto::DOUBLE;
  if (auto integer = dyn_cast<IntegerType>(type)) {
    bool isUnsigned = integer.isUnsigned();
    switch (integer.getWidth()) {
    case 1:
      return onnx::TensorProto::BOOL;
    case 8:
      return isUnsigned ? onnx::TensorProto::UINT8 : onnx::TensorProto::INT8;
    case 16:
      return isUnsigned ? onnx::TensorProto::UINT16 : onnx::TensorProto::INT16;
    case 32:
      return isUnsigned ? onnx::TensorProto::UINT32 : onnx::TensorProto::INT32;
    case 64:
      return isUnsigned ? onnx::TensorProto::UINT64 : onnx::TensorProto::INT64;
    default:
      break;
    }
  }
  return onnx::TensorProto::UNDEFINED;
}

std::string ExportContext::uniqueName(llvm::StringRef base) {
  std::string root = base.empty() ? std::string("tensor") : base.str();
  if (used.insert(root).second)
    return root;
  for (unsigned k = 1;; ++k) {
    std::string candidate = root + "_" + std::to_string(k);
    if (used.insert(candidate).second)
      return candidate;
  }
}

std::string ExportContext::uniqueNodeName(llvm::StringRef base) {
  std::string root = base.empty() ? std::string("node") : base.str();
  if (usedNodes.insert(root).second)
    return root;
  for (unsigned k = 1;; ++k) {
    std::string candidate = root + "_" + std::to_string(k);
    if (usedNodes.insert(candidate).second)
      return candidate;
  }
}

std::string ExportContext::nodeName(Operation *op) {
  if (std::optional<std::string> name = userName(op->getLoc()))
    return *name;
  auto [it, inserted] = unnamedIndex.try_emplace(op, unnamedIndex.size());
  return (op->getName().stripDialect() + "_" + llvm::Twine(it->second)).str();
}

std::string ExportContext::resultName(Value v, llvm::StringRef base) {
  auto it = requested.find(v);
  if (it != requested.end()) {
    std::string name = it->second;
    requested.erase(it); // a second producer of the same value gets an Identity
    return name;
  }
  return uniqueName(base);
}

FailureOr<std::string> ExportContext::valueName(Value v, Operation *user) {
  auto it = names.find(v);
  if (it != names.end())
    return it->second;
  if (auto constant = v.getDefiningOp<ConstantOp>()) {
    FailureOr<std::string> name = addConstant(constant);
    if (succeeded(name))
      names[v] = *name;
    return name;
  }
  return user->emitError("ONNX export: operand has no exported producer");
}

onnx::NodeProto &
ExportContext::addNode(llvm::StringRef opType, llvm::StringRef name,
                       const std::vector<std::string> &inputs,
                       const std::vector<std::string> &outputs) {
  onnx::NodeProto &node = *graph.add_node();
  node.set_op_type(opType.str());
  node.set_name(name.str());
  for (const std::string &input : inputs)
    node.add_input(input);
  for (const std::string &output : outputs)
    node.add_output(output);
  return node;
}

onnx::NodeProto &
ExportContext::addNode(llvm::StringRef opType, llvm::StringRef name,
                       std::initializer_list<std::string> inputs,
                       std::initializer_list<std::string> outputs) {
  return addNode(opType, name, std::vector<std::string>(inputs),
                 std::vector<std::string>(outputs));
}

void ExportContext::setAttr(onnx::NodeProto &node, llvm::StringRef name,
                            int64_t value) {
  onnx::AttributeProto &attr = *node.add_attribute();
  attr.set_name(name.str());
  attr.set_type(onnx::AttributeProto::INT);
  attr.set_i(value);
}

void ExportContext::setAttr(onnx::NodeProto &node, llvm::StringRef name,
                            float value) {
  onnx::AttributeProto &attr = *node.add_attribute();
  attr.set_name(name.str());
  attr.set_type(onnx::AttributeProto::FLOAT);
  attr.set_f(value);
}

void ExportContext::setAttr(onnx::NodeProto &node, llvm::StringRef name,
                            llvm::StringRef value) {
  onnx::AttributeProto &attr = *node.add_attribute();
  attr.set_name(name.str());
  attr.set_type(onnx::AttributeProto::STRING);
  attr.set_s(value.str());
}

void ExportContext::setAttr(onnx::NodeProto &node, llvm::StringRef name,
                            llvm::ArrayRef<int64_t> values) {
  onnx::AttributeProto &attr = *node.add_attribute();
  attr.set_name(name.str());
  attr.set_type(onnx::AttributeProto::INTS);
  for (int64_t v : values)
    attr.add_ints(v);
}

std::string ExportContext::addFloatTensor(llvm::StringRef base,
                                          llvm::ArrayRef<int64_t> shape,
                                          llvm::ArrayRef<float> values) {
  onnx::TensorProto &tensor = *graph.add_initializer();
  std::string name = uniqueName(base);
  tensor.set_name(name);
  tensor.set_data_type(onnx::TensorProto::FLOAT);
  for (int64_t d : shape)
    tensor.add_dims(d);
  tensor.set_raw_data(std::string(reinterpret_cast<const char *>(values.data()),
                                  values.size() * sizeof(float)));
  return name;
}

std::string ExportContext::addInt64Tensor(llvm::StringRef base,
                                          llvm::ArrayRef<int64_t> values) {
  onnx::TensorProto &tensor = *graph.add_initializer();
  std::string name = uniqueName(base);
  tensor.set_name(name);
  tensor.set_data_type(onnx::TensorProto::INT64);
  tensor.add_dims(static_cast<int64_t>(values.size()));
  for (int64_t v : values)
    tensor.add_int64_data(v);
  return name;
}

std::string ExportContext::addScalar(llvm::StringRef base, Type element,
                                     double value) {
  if (isa<FloatType>(element))
    return addFloatScalar(base, float(value));
  onnx::TensorProto &tensor = *graph.add_initializer();
  std::string name = uniqueName(base);
  tensor.set_name(name);
  int32_t type = onnxElementType(element);
  tensor.set_data_type(type);
  if (type == onnx::TensorProto::INT64)
    tensor.add_int64_data(int64_t(value));
  else if (type == onnx::TensorProto::UINT32 ||
           type == onnx::TensorProto::UINT64)
    tensor.add_uint64_data(uint64_t(value));
  else
    tensor.add_int32_data(int32_t(value));
  return name;
}

std::string ExportContext::addZeroPoint(llvm::StringRef base, bool isSigned) {
  onnx::TensorProto &tensor = *graph.add_initializer();
  std::string name = uniqueName(base);
  tensor.set_name(name);
  tensor.set_data_type(isSigned ? onnx::TensorProto::INT8
                                : onnx::TensorProto::UINT8);
  tensor.add_int32_data(0);
  return name;
}

FailureOr<std::string> ExportContext::addConstant(ConstantOp constant) {
  ElementsAttr value = constant.getValue();
  auto type = cast<RankedTensorType>(value.getType());
  std::string base = resourceName(value, nodeName(constant) + "_const");
  Type element = type.getElementType();
  if (element.isF32() || element.isF16() || element.isBF16()) {
    std::optional<std::vector<float>> floats = readFloats(value);
    if (!floats)
      return constant.emitError(
                 "ONNX export: cannot read the data of constant '")
             << base << "' (missing dense_resource blob?)";
    // Exported as f32; narrower float constants are widened exactly.
    return addFloatTensor(base, type.getShape(), *floats);
  }
  if (auto integer = dyn_cast<IntegerType>(element)) {
    std::optional<std::vector<int64_t>> ints = readInts(value);
    if (!ints)
      return constant.emitError("ONNX export: cannot read integer constant '")
             << base << "'";
    onnx::TensorProto &tensor = *graph.add_initializer();
    std::string name = uniqueName(base);
    tensor.set_name(name);
    tensor.set_data_type(onnxElementType(element));
    for (int64_t d : type.getShape())
      tensor.add_dims(d);
    // TensorProto's storage: int64_data for int64, uint64_data for uint32
    // and uint64, int32_data for every narrower integer and bool.
    unsigned width = integer.getWidth();
    for (int64_t v : *ints) {
      if (width == 64 && !integer.isUnsigned())
        tensor.add_int64_data(v);
      else if (width >= 32 && integer.isUnsigned())
        tensor.add_uint64_data(static_cast<uint64_t>(v));
      else
        tensor.add_int32_data(static_cast<int32_t>(v));
    }
    return name;
  }
  return constant.emitError("ONNX export: constants of element type ")
         << element << " are not supported";
}
