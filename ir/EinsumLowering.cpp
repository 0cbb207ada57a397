//===- EinsumLowering.cpp - einsum as transpose/reshape/matmul ------------===//
//
// An equation is parsed into integer labels (a letter is its character; the
// dims an ellipsis covers get labels from kEllipsisLabel on, right-aligned
// across operands as numpy broadcasts them). Everything is checked before
// the first op is built, so a rejected equation leaves no ops behind.
//
//===----------------------------------------------------------------------===//

#include "ir/EinsumLowering.h"
#include "ir/NNDCTOps.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallSet.h"

#include <algorithm>
#include <map>

using namespace mlir;
using namespace mlir::nndct;

namespace {

constexpr int kEllipsisLabel = 1000;

using Labels = SmallVector<int, 6>;

/// One operand (or intermediate result) and the label of each dim.
struct Term {
  Value value;
  Labels labels;
};

std::string labelName(int label) {
  if (label >= kEllipsisLabel)
    return "...";
  return std::string(1, char(label));
}

/// Splits one subscript into labels; the ellipsis becomes `-1`.
LogicalResult parseSubscript(StringRef text, Labels &out, std::string &error) {
  bool ellipsis = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.') {
      if (ellipsis || !text.substr(i).starts_with("...")) {
        error = "malformed ellipsis in '" + text.str() + "'";
        return failure();
      }
      ellipsis = true;
      out.push_back(-1);
      i += 2;
    } else if (std::isalpha(static_cast<unsigned char>(c))) {
      out.push_back(c);
    } else {
      error = "unexpected character '" + std::string(1, c) + "'";
      return failure();
    }
  }
  return success();
}

int64_t product(ArrayRef<int64_t> v) {
  int64_t p = 1;
  for (int64_t d : v)
    p *= d;
  return p;
}

class Lowering {
public:
  Lowering(OpBuilder &b, Location loc, std::map<int, int64_t> &sizes)
      : b(b), loc(loc), sizes(sizes) {}

  /// `t` with `labels` summed away (the order of the rest kept).
  Term sumOut(Term t, const llvm::SmallSet<int, 8> &labels) {
    SmallVector<int64_t> axes;
    Labels kept;
    for (auto [i, l] : llvm::enumerate(t.labels))
      if (labels.contains(l))
        axes.push_back(i);
      else
        kept.push_back(l);
    if (axes.empty())
      return t;
    Value v = ReduceSumOp::create(b, loc, t.value, axes, false);
    return {v, kept};
  }

  /// `t` with its dims in the order of `labels` (a permutation of its own).
  Term permute(Term t, ArrayRef<int> labels) {
    SmallVector<int64_t> perm;
    for (int l : labels)
      perm.push_back(llvm::find(t.labels, l) - t.labels.begin());
    if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())))
      return t;
    Value v = TransposeOp::create(b, loc, t.value, perm);
    return {v, Labels(labels)};
  }

  Value reshape(Value v, ArrayRef<int64_t> shape) {
    auto type = cast<RankedTensorType>(v.getType());
    if (type.getShape() == shape)
      return v;
    return ReshapeOp::create(b, loc, type.clone(shape), v);
  }

  /// The dims of `t` for `labels` (its own sizes: a batch dim may be 1).
  SmallVector<int64_t> dimsOf(const Term &t, ArrayRef<int> labels) {
    auto shape = cast<RankedTensorType>(t.value.getType()).getShape();
    SmallVector<int64_t> dims;
    for (int l : labels)
      dims.push_back(shape[llvm::find(t.labels, l) - t.labels.begin()]);
    return dims;
  }

  SmallVector<int64_t> fullSizes(ArrayRef<int> labels) {
    SmallVector<int64_t> dims;
    for (int l : labels)
      dims.push_back(sizes[l]);
    return dims;
  }

  /// Contracts `a` with `b`, keeping the labels in `keep`.
  Term contract(Term a, Term bt, const llvm::SmallSet<int, 8> &keep) {
    Labels batch, m, n, k;
    for (int l : a.labels) {
      bool inB = llvm::is_contained(bt.labels, l);
      if (!inB)
        m.push_back(l);
      else if (keep.contains(l))
        batch.push_back(l);
      else
        k.push_back(l);
    }
    for (int l : bt.labels)
      if (!llvm::is_contained(a.labels, l))
        n.push_back(l);
    Labels aOrder(batch), bOrder(batch);
    aOrder.append(m);
    aOrder.append(k);
    bOrder.append(k);
    bOrder.append(n);
    a = permute(a, aOrder);
    bt = permute(bt, bOrder);
    SmallVector<int64_t> aBatch = dimsOf(a, batch), bBatch = dimsOf(bt, batch);
    SmallVector<int64_t> outBatch;
    for (auto [x, y] : llvm::zip(aBatch, bBatch))
      outBatch.push_back(std::max(x, y));
    SmallVector<int64_t> mDims = dimsOf(a, m), nDims = dimsOf(bt, n);
    Labels outLabels(batch);
    outLabels.append(m);
    outLabels.append(n);
    SmallVector<int64_t> outShape(outBatch);
    outShape.append(mDims);
    outShape.append(nDims);
    Value result;
    if (k.empty()) {
      // No contraction (outer or elementwise product): a broadcast mul of
      // [batch, M, 1..] and [batch, 1.., N].
      SmallVector<int64_t> as(aBatch), bs(bBatch);
      as.append(mDims);
      as.append(n.size(), 1);
      bs.append(m.size(), 1);
      bs.append(nDims);
      result =
          MulOp::create(b, loc, reshape(a.value, as), reshape(bt.value, bs));
    } else {
      // [batch, prod(M), prod(K)] x [batch, prod(K), prod(N)].
      int64_t kSize = product(fullSizes(k));
      SmallVector<int64_t> as(aBatch), bs(bBatch);
      as.append({product(mDims), kSize});
      bs.append({kSize, product(nDims)});
      result =
          MatMulOp::create(b, loc, reshape(a.value, as), reshape(bt.value, bs));
    }
    return {reshape(result, outShape), outLabels};
  }

private:
  OpBuilder &b;
  Location loc;
  std::map<int, int64_t> &sizes;
};

} // namespace

FailureOr<Value> mlir::nndct::lowerEinsum(OpBuilder &builder, Location loc,
                                          StringRef equation,
                                          ValueRange operands,
                                          std::string &error) {
  std::string eq;
  for (char c : equation)
    if (!std::isspace(static_cast<unsigned char>(c)))
      eq.push_back(c);
  StringRef text(eq);
  size_t arrow = text.find("->");
  bool explicitOutput = arrow != StringRef::npos;
  StringRef lhs = explicitOutput ? text.substr(0, arrow) : text;
  SmallVector<StringRef> inputs;
  lhs.split(inputs, ',');
  if (inputs.size() != operands.size()) {
    error = "has " + std::to_string(inputs.size()) + " input subscripts for " +
            std::to_string(operands.size()) + " operands";
    return failure();
  }

  // Labels of every operand, the ellipsis expanded right-aligned.
  SmallVector<Labels> labels(operands.size());
  SmallVector<Labels> raw(operands.size());
  int64_t ellipsisRank = 0;
  for (auto [i, in] : llvm::enumerate(inputs)) {
    auto type = dyn_cast<RankedTensorType>(operands[i].getType());
    if (!type || !type.hasStaticShape() ||
        !isa<FloatType>(type.getElementType())) {
      error = "operand " + std::to_string(i) +
              " is not a static-shaped float tensor";
      return failure();
    }
    if (failed(parseSubscript(in, raw[i], error)))
      return failure();
    int64_t letters = llvm::count_if(raw[i], [](int l) { return l >= 0; });
    bool hasEllipsis = letters != int64_t(raw[i].size());
    if (letters > type.getRank() ||
        (!hasEllipsis && letters != type.getRank())) {
      error = "subscript '" + in.str() + "' does not match operand " +
              std::to_string(i) + " of rank " + std::to_string(type.getRank());
      return failure();
    }
    if (hasEllipsis)
      ellipsisRank = std::max(ellipsisRank, type.getRank() - letters);
  }
  std::map<int, int64_t> sizes;
  std::map<int, int> counts;
  for (auto [i, operand] : llvm::enumerate(operands)) {
    ArrayRef<int64_t> shape =
        cast<RankedTensorType>(operand.getType()).getShape();
    int64_t letters = llvm::count_if(raw[i], [](int l) { return l >= 0; });
    int64_t covered = shape.size() - letters;
    for (int l : raw[i]) {
      if (l >= 0) {
        labels[i].push_back(l);
        continue;
      }
      for (int64_t j = 0; j < covered; ++j)
        labels[i].push_back(kEllipsisLabel + (ellipsisRank - covered + j));
    }
    llvm::SmallSet<int, 8> seen;
    for (auto [d, l] : llvm::enumerate(labels[i])) {
      if (!seen.insert(l).second) {
        error = "repeats index '" + labelName(l) + "' in operand " +
                std::to_string(i) + " (a diagonal), which is not supported";
        return failure();
      }
      ++counts[l];
      auto [it, fresh] = sizes.insert({l, shape[d]});
      if (fresh || it->second == shape[d])
        continue;
      // Ellipsis dims broadcast as numpy does; letters must agree.
      if (l >= kEllipsisLabel && (it->second == 1 || shape[d] == 1)) {
        it->second = std::max(it->second, shape[d]);
        continue;
      }
      error = "index '" + labelName(l) + "' has sizes " +
              std::to_string(it->second) + " and " + std::to_string(shape[d]);
      return failure();
    }
  }

  // The output labels: explicit, or the ellipsis then the letters used once
  // in alphabetical order.
  Labels output;
  if (explicitOutput) {
    Labels outRaw;
    if (failed(parseSubscript(text.substr(arrow + 2), outRaw, error)))
      return failure();
    for (int l : outRaw) {
      if (l >= 0) {
        output.push_back(l);
        continue;
      }
      for (int64_t j = 0; j < ellipsisRank; ++j)
        output.push_back(kEllipsisLabel + j);
    }
    llvm::SmallSet<int, 8> seen;
    for (int l : output) {
      if (!seen.insert(l).second) {
        error = "repeats output index '" + labelName(l) + "'";
        return failure();
      }
      if (!sizes.count(l)) {
        error = "output index '" + labelName(l) + "' is in no input";
        return failure();
      }
    }
  } else {
    for (int64_t j = 0; j < ellipsisRank; ++j)
      output.push_back(kEllipsisLabel + j);
    for (auto [l, c] : counts)
      if (l < kEllipsisLabel && c == 1)
        output.push_back(l);
  }
  // Contracting an ellipsis dim that broadcasts is not expressible with
  // one matmul: it is rejected rather than built wrong.
  for (auto [l, size] : sizes) {
    if (l < kEllipsisLabel || llvm::is_contained(output, l))
      continue;
    for (auto [i, operand] : llvm::enumerate(operands)) {
      auto shape = cast<RankedTensorType>(operand.getType()).getShape();
      auto *it = llvm::find(labels[i], l);
      if (it != labels[i].end() && shape[it - labels[i].begin()] != size) {
        error = "sums a broadcast '...' dimension, which is not supported";
        return failure();
      }
    }
  }

  // Build: sum what only one operand has, contract left to right, then
  // order the result as the output.
  Lowering lower(builder, loc, sizes);
  llvm::SmallSet<int, 8> outSet;
  for (int l : output)
    outSet.insert(l);
  SmallVector<Term> terms;
  for (auto [i, operand] : llvm::enumerate(operands)) {
    llvm::SmallSet<int, 8> alone;
    for (int l : labels[i])
      if (counts[l] == 1 && !outSet.contains(l))
        alone.insert(l);
    terms.push_back(lower.sumOut({operand, labels[i]}, alone));
  }
  Term acc = terms[0];
  for (size_t i = 1; i < terms.size(); ++i) {
    llvm::SmallSet<int, 8> keep = outSet;
    for (size_t j = i + 1; j < terms.size(); ++j)
      for (int l : terms[j].labels)
        keep.insert(l);
    acc = lower.contract(acc, terms[i], keep);
  }
  // Labels left over from the first operand alone were summed already; a
  // label shared by operands and absent from the output was contracted.
  return lower.permute(acc, output).value;
}
