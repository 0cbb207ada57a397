//===- ConstantUtils.cpp - reading and making constant tensors ------------===//

#include "ir/ConstantUtils.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include <cstring>

using namespace mlir;
using namespace mlir::nndct;

namespace {
template <typename T>
std::optional<std::vector<T>> readBlob(DenseResourceElementsAttr attr) {
  AsmResourceBlob *blob = attr.getRawHandle().getBlob();
  if (!blob)
    return std::nullopt;
  ArrayRef<char> bytes = blob->getData();
  auto type = attr.getType();
  int64_t count = type.getNumElements();
  Type element = type.getElementType();
  std::vector<T> out(count);
  unsigned bits = element.getIntOrFloatBitWidth();
  size_t width = (bits + 7) / 8;
  if (int64_t(bytes.size()) != count * int64_t(width))
    return std::nullopt;
  for (int64_t i = 0; i < count; ++i) {
    const char *p = bytes.data() + i * width;
    if (element.isF32()) {
      float f;
      std::memcpy(&f, p, 4);
      out[i] = T(f);
    } else if (element.isF64()) {
      double d;
      std::memcpy(&d, p, 8);
      out[i] = T(d);
    } else if (auto intType = dyn_cast<IntegerType>(element)) {
      int64_t v = 0;
      std::memcpy(&v, p, width);
      if (!intType.isUnsigned() && bits < 64 && (v >> (bits - 1)) & 1)
        v |= ~((int64_t(1) << bits) - 1); // sign-extend
      out[i] = T(v);
    } else if (auto floatType = dyn_cast<FloatType>(element)) {
      uint64_t raw = 0;
      std::memcpy(&raw, p, width);
      APFloat value(floatType.getFloatSemantics(), APInt(bits, raw));
      out[i] = T(value.convertToDouble());
    } else {
      return std::nullopt;
    }
  }
  return out;
}
} // namespace

std::optional<std::vector<float>> mlir::nndct::readFloats(ElementsAttr attr) {
  if (!attr || !isa<FloatType>(attr.getElementType()))
    return std::nullopt;
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr))
    return readBlob<float>(resource);
  if (auto dense = dyn_cast<DenseFPElementsAttr>(attr)) {
    std::vector<float> out;
    out.reserve(dense.getNumElements());
    for (APFloat v : dense.getValues<APFloat>())
      out.push_back(float(v.convertToDouble()));
    return out;
  }
  return std::nullopt;
}

std::optional<std::vector<int64_t>> mlir::nndct::readInts(ElementsAttr attr) {
  if (!attr || !isa<IntegerType>(attr.getElementType()))
    return std::nullopt;
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr))
    return readBlob<int64_t>(resource);
  if (auto dense = dyn_cast<DenseIntElementsAttr>(attr)) {
    std::vector<int64_t> out;
    out.reserve(dense.getNumElements());
    // Bools read as 0/1, not as the sign-extended -1 of an i1 `true`.
    bool isUnsigned = dense.getElementType().isUnsignedInteger() ||
                      dense.getElementType().isInteger(1);
    for (APInt v : dense.getValues<APInt>())
      out.push_back(isUnsigned ? int64_t(v.getZExtValue()) : v.getSExtValue());
    return out;
  }
  return std::nullopt;
}

ElementsAttr mlir::nndct::makeFloatResource(RankedTensorType type,
                                            StringRef name,
                                            ArrayRef<float> values) {
  assert(type.getElementType().isF32() && "resource constants are f32");
  assert(int64_t(values.size()) == type.getNumElements() && "size mismatch");
  return DenseResourceElementsAttr::get(
      type, name,
      HeapAsmResourceBlob::allocateAndCopyInferAlign(ArrayRef<float>(values)));
}

ConstantOp mlir::nndct::createFloatConstant(OpBuilder &builder, Location loc,
                                            RankedTensorType type,
                                            StringRef name,
                                            ArrayRef<float> values) {
  return ConstantOp::create(builder, loc, type,
                            makeFloatResource(type, name, values));
}

ElementsAttr mlir::nndct::getConstantValue(Value v) {
  if (auto constant = v.getDefiningOp<ConstantOp>())
    return constant.getValue();
  return {};
}

Value mlir::nndct::replaceFloatData(OpBuilder &builder, Value value,
                                    ArrayRef<float> values,
                                    StringRef fallbackName) {
  auto type = cast<RankedTensorType>(value.getType());
  assert(int64_t(values.size()) == type.getNumElements() && "size mismatch");
  auto constant = value.getDefiningOp<ConstantOp>();
  auto resource = constant
                      ? dyn_cast<DenseResourceElementsAttr>(constant.getValue())
                      : nullptr;
  if (resource && type.getElementType().isF32() && value.hasOneUse()) {
    resource.getRawHandle().getResource()->setBlob(
        HeapAsmResourceBlob::allocateAndCopyInferAlign(values));
    return value;
  }
  Location loc = constant ? constant.getLoc() : value.getLoc();
  return createFloatConstant(builder, loc, type, fallbackName, values);
}

void mlir::nndct::replaceFixInputData(FixOp fix, ArrayRef<float> values,
                                      StringRef fallbackName) {
  OpBuilder builder(fix);
  Value old = fix.getInput();
  Value now = replaceFloatData(builder, old, values, fallbackName);
  if (now == old)
    return;
  fix.getInputMutable().assign(now);
  if (Operation *def = old.getDefiningOp(); def && def->use_empty())
    def->erase();
}

std::string mlir::nndct::resourceName(ElementsAttr attr, StringRef fallback) {
  if (auto resource = dyn_cast_or_null<DenseResourceElementsAttr>(attr))
    return resource.getRawHandle().getKey().str();
  return fallback.str();
}

ElementsAttr
mlir::nndct::gatherElements(ElementsAttr value, RankedTensorType type,
                            function_ref<int64_t(int64_t)> gather) {
  if (auto dense = dyn_cast<DenseElementsAttr>(value); dense && dense.isSplat())
    return dense.resizeSplat(type);
  if (type.getElementType().isF32()) {
    std::optional<std::vector<float>> data = readFloats(value);
    if (!data)
      return {};
    std::vector<float> moved(type.getNumElements());
    for (int64_t i = 0; i < type.getNumElements(); ++i)
      moved[i] = (*data)[gather(i)];
    return makeFloatResource(type, resourceName(value, "folded"), moved);
  }
  auto dense = dyn_cast<DenseElementsAttr>(value);
  if (!dense)
    return {};
  auto values = llvm::to_vector(dense.getValues<Attribute>());
  SmallVector<Attribute> moved;
  for (int64_t i = 0; i < type.getNumElements(); ++i)
    moved.push_back(values[gather(i)]);
  return DenseElementsAttr::get(type, moved);
}

std::optional<float> mlir::nndct::uniformConstant(Value v) {
  ElementsAttr attr = getConstantValue(v);
  if (!attr)
    return std::nullopt;
  std::optional<std::vector<float>> values = readFloats(attr);
  if (!values || values->empty())
    return std::nullopt;
  for (float f : *values)
    if (f != values->front())
      return std::nullopt;
  return values->front();
}
