//===- ProblemFromIR.cpp - the fix-point problem of a function ------------===//
//
// Which fixes each NPU op's shift rules relate, the rules themselves (read
// from the target's ShiftRules), the cost curves, and writing a solution
// back. See ProblemFromIR.h.
//
//===----------------------------------------------------------------------===//

#include "passes/fixpoints/ProblemFromIR.h"

#include "ir/ConstantUtils.h"
#include "ir/FixGraph.h"
#include "ir/Naming.h"
#include "ir/Placement.h"
#include "ir/numerics/FixPointSelection.h"

#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;
using namespace mlir::nndct;
namespace fx = mlir::nndct::fixpoint;
namespace fp = mlir::nndct::fixpoints;

namespace {

/// Costs are millionths of the output's noise-to-signal ratio.
constexpr double kCostScale = 1e6;
constexpr int64_t kMaxCost = int64_t(1) << 40;

enum class RuleKind { ConvLike, AddSub, Mul, HardSigmoid, HardSwish, Aligned };

/// The fixes an NPU op's rules relate.
struct OpFixes {
  RuleKind kind;
  SmallVector<FixOp> inputs;
  FixOp weight, bias, output;
  /// A leaky relu applied on the accumulator: shift_bias >= 0.
  bool leakyFollows = false;
};

std::string nameOf(Operation *op) {
  if (std::optional<std::string> name = userName(op->getLoc()))
    return *name;
  // A fix the frontend did not name: after the op whose output it fixes.
  if (auto fix = dyn_cast<FixOp>(op))
    if (Operation *def = fix.getInput().getDefiningOp())
      if (std::optional<std::string> name = userName(def->getLoc()))
        return *name;
  return op->getName().stripDialect().str();
}

bool onNpu(Operation *op) {
  PlacementAttr p = getPlacement(op);
  return p && p.getDevice() == Device::npu;
}

/// The rule kind of `op` on `target`, if it has rules there.
std::optional<RuleKind> ruleKindOf(Operation *op, const TargetModel &t) {
  return llvm::TypeSwitch<Operation *, std::optional<RuleKind>>(op)
      .Case<Conv2DOp, ConvTranspose2DOp, LinearOp>(
          [](auto) { return RuleKind::ConvLike; })
      .Case<AddOp, SubOp>([](auto) { return RuleKind::AddSub; })
      .Case<MulOp>([](auto) { return RuleKind::Mul; })
      .Case<HardSigmoidOp>([](auto) { return RuleKind::HardSigmoid; })
      .Case<HardSwishOp>([](auto) { return RuleKind::HardSwish; })
      .Case<ConcatOp>([](auto) { return RuleKind::Aligned; })
      .Case<AvgPool2DOp, AdaptiveAvgPool2DOp>(
          [&](auto) -> std::optional<RuleKind> {
            if (t.shifts.alignAveragePools)
              return RuleKind::Aligned;
            return std::nullopt;
          })
      .Default([](Operation *) { return std::nullopt; });
}

/// The fixes of an NPU op with rules; nullopt when it has none or an
/// operand or the result is not fixed (a float op is not the device's).
std::optional<OpFixes> fixesOf(Operation *op, const TargetModel &t) {
  if (!onNpu(op))
    return std::nullopt;
  std::optional<RuleKind> kind = ruleKindOf(op, t);
  if (!kind)
    return std::nullopt;
  OpFixes f;
  f.kind = *kind;
  f.output = reachedFix(op->getResult(0));
  if (!f.output)
    return std::nullopt;
  if (f.kind == RuleKind::ConvLike) {
    f.inputs.push_back(definingFix(op->getOperand(0)));
    f.weight = op->getOperand(1).getDefiningOp<FixOp>();
    if (op->getNumOperands() > 2)
      f.bias = op->getOperand(2).getDefiningOp<FixOp>();
    if (!f.inputs[0] || !f.weight || !f.weight.getFixPoint() ||
        (op->getNumOperands() > 2 && (!f.bias || !f.bias.getFixPoint())))
      return std::nullopt;
    Value result = op->getResult(0);
    f.leakyFollows =
        result.hasOneUse() && isFusedLeaky(*result.getUsers().begin());
    return f;
  }
  for (Value v : op->getOperands()) {
    FixOp in = definingFix(v);
    if (!in)
      return std::nullopt;
    f.inputs.push_back(in);
  }
  return f;
}

/// Builds clauses over fix variables.
struct RuleBuilder {
  FixPointProblem &out;
  const TargetModel &target;
  const ProblemOptions &options;
  DenseMap<Operation *, int> varOf{};

  int var(FixOp fix);

  /// sum of coef * fix in [lo, hi], like terms combined.
  fp::Clause clause(ArrayRef<std::pair<FixOp, int64_t>> terms, int64_t lo,
                    int64_t hi) {
    fp::Clause c{{}, lo, hi};
    for (auto [fix, coef] : terms) {
      int v = varOf.lookup(fix);
      auto it = llvm::find_if(c.terms, [&](auto &t) { return t.var == v; });
      if (it != c.terms.end())
        it->coef += coef;
      else
        c.terms.push_back({v, coef});
    }
    llvm::erase_if(c.terms, [](auto &t) { return t.coef == 0; });
    return c;
  }

  void rule(Operation *op, std::string text, std::vector<fp::Clause> anyOf,
            FixOp repair) {
    // A rule whose every clause is constant either always holds (dropped)
    // or never does (kept: the solver reports it).
    bool constant =
        llvm::all_of(anyOf, [](auto &c) { return c.terms.empty(); });
    if (constant &&
        llvm::any_of(anyOf, [](auto &c) { return c.lo <= 0 && 0 <= c.hi; }))
      return;
    fp::Rule r{nameOf(op), op->getName().stripDialect().str(), std::move(text),
               std::move(anyOf), varOf.lookup(repair)};
    out.problem.rules.push_back(std::move(r));
    out.ruleOps.push_back(op);
  }

  static std::string range(StringRef what, Interval iv) {
    std::string lo = iv.min <= kAnyShift.min ? "-inf" : std::to_string(iv.min);
    std::string hi = iv.max >= kAnyShift.max ? "inf" : std::to_string(iv.max);
    return (what + " in [" + lo + ", " + hi + "]").str();
  }

  void addRules(Operation *op, const OpFixes &f);
};

/// The cost curve of `fix` over [lo, hi] around `current`: the growth of
/// the output's NSR from `noise` when measured, else of the tensor's own.
std::vector<int64_t> costCurve(FixOp fix, int64_t lo, int64_t hi,
                               int64_t current,
                               const std::optional<OutputNoise> &noise) {
  int64_t bits = fix.getBitWidth();
  std::function<double(int64_t)> error;
  double energy = 0;
  std::optional<std::vector<float>> data;
  if (fix.getKind() == FixKind::weight || fix.getKind() == FixKind::bias)
    if (ElementsAttr value = getConstantValue(fix.getInput()))
      data = readFloats(value);
  CalibStatsAttr stats = fix.getStatsAttr();
  if (data) {
    for (float v : *data)
      energy += double(v) * v;
    Rounding mode = fix.getRounding();
    error = [&, mode](int64_t k) {
      return fx::squaredError(data->data(), int64_t(data->size()), k, bits,
                              mode);
    };
  } else if (stats && stats.getErrorFixPoint() && !stats.getErrors().empty()) {
    ArrayRef<APFloat> errors = stats.getErrors();
    int64_t first = *stats.getErrorFixPoint();
    // The coarsest candidate rounds every value to zero: the energy.
    energy = errors.front().convertToDouble();
    error = [=](int64_t k) {
      int64_t i = std::clamp<int64_t>(k - first, 0, int64_t(errors.size()) - 1);
      return errors[size_t(i)].convertToDouble();
    };
  } else {
    // No record (IR written by hand): noise grows 4x per step either way.
    energy = 1e6;
    error = [=](int64_t k) {
      return std::pow(4.0, double(std::llabs(k - current)));
    };
  }
  // The NSR a fix point adds: the output's where measured; beyond the
  // measured fix points, the nearest measurement scaled by how the
  // tensor's own error grows from there.
  auto nsrAt = [&](int64_t k) {
    if (!noise)
      return energy > 0 ? error(k) / energy : 0.0;
    int64_t r = int64_t(noise->nsr.size() / 2);
    int64_t near = std::clamp(k, noise->fixPoint - r, noise->fixPoint + r);
    double measured = noise->nsr[size_t(near - noise->fixPoint + r)];
    if (near == k)
      return measured;
    double from = error(near);
    return from > 0 ? measured * error(k) / from : measured;
  };
  double base = nsrAt(current);
  std::vector<int64_t> cost;
  for (int64_t k = lo; k <= hi; ++k) {
    if (k == current) {
      cost.push_back(0);
      continue;
    }
    double regret = std::max(0.0, nsrAt(k) - base);
    // Plus one per step: of equally good values, the nearest.
    cost.push_back(
        std::llround(std::min(regret * kCostScale, double(kMaxCost))) +
        std::llabs(k - current));
  }
  return cost;
}

int RuleBuilder::var(FixOp fix) {
  auto it = varOf.find(fix);
  if (it != varOf.end())
    return it->second;
  // fixesOf only returns fixes with fix points.
  int64_t current = *fix.getFixPoint();
  fp::Variable v;
  v.name = nameOf(fix);
  v.lo = current - options.maxMove;
  v.hi = std::max(current, std::min(current + options.maxMove,
                                    fx::maxFixPoint(fix.getBitWidth())));
  v.current = current;
  if (options.costs) {
    int64_t lo = v.lo, hi = v.hi;
    auto noiseOf = options.outputNoise;
    v.computeCost = [fix, lo, hi, current, noiseOf]() {
      return costCurve(fix, lo, hi, current,
                       noiseOf ? noiseOf(fix) : recordedOutputNoise(fix));
    };
  } else {
    v.cost.assign(size_t(v.hi - v.lo + 1), 0);
  }
  int index = int(out.problem.vars.size());
  out.problem.vars.push_back(std::move(v));
  out.fixes.push_back(fix);
  varOf[fix] = index;
  return index;
}

void RuleBuilder::addRules(Operation *op, const OpFixes &f) {
  SmallVector<FixOp> all(f.inputs);
  all.push_back(f.output);
  if (f.weight)
    all.push_back(f.weight);
  if (f.bias)
    all.push_back(f.bias);
  for (FixOp fix : all)
    (void)var(fix);
  const ShiftRules &s = target.shifts;
  FixOp i = f.inputs.empty() ? FixOp() : f.inputs[0], o = f.output;
  switch (f.kind) {
  case RuleKind::ConvLike: {
    FixOp w = f.weight;
    rule(op, range("shift_cut = w + i - o", s.shiftCut),
         {clause({{w, 1}, {i, 1}, {o, -1}}, s.shiftCut.min, s.shiftCut.max)},
         w);
    if (!f.bias)
      return;
    FixOp b = f.bias;
    rule(op, "shift_bias = w + i - b <= " + std::to_string(s.shiftBiasMax),
         {clause({{w, 1}, {i, 1}, {b, -1}}, kAnyShift.min, s.shiftBiasMax)}, b);
    if (f.leakyFollows) {
      rule(op, "shift_bias = w + i - b >= 0 (a leaky relu follows)",
           {clause({{w, 1}, {i, 1}, {b, -1}}, 0, kAnyShift.max)}, b);
      return;
    }
    // shift_bias >= min(0, shift_cut + 8 - span): >= 0, or b - o <= span - 8.
    rule(op,
         "shift_bias = w + i - b >= min(0, shift_cut - " +
             std::to_string(s.shiftBiasSpan - 8) +
             "): >= 0, or b - o <= " + std::to_string(s.shiftBiasSpan - 8),
         {clause({{w, 1}, {i, 1}, {b, -1}}, 0, kAnyShift.max),
          clause({{b, 1}, {o, -1}}, kAnyShift.min, s.shiftBiasSpan - 8)},
         b);
    return;
  }
  case RuleKind::AddSub: {
    for (size_t a = 0; a < f.inputs.size(); ++a)
      for (size_t c = a + 1; c < f.inputs.size(); ++c)
        rule(op,
             "shift_read = max(i) - min(i) <= " +
                 std::to_string(s.shiftRead.max) + " (as i_a - i_b)",
             {clause({{f.inputs[a], 1}, {f.inputs[c], -1}}, -s.shiftRead.max,
                     s.shiftRead.max)},
             f.inputs[c]);
    // min(i) - o >= lo: every input; min(i) - o <= hi: some input.
    std::vector<fp::Clause> some;
    for (FixOp in : f.inputs) {
      rule(op,
           "shift_write = min(i) - o >= " + std::to_string(s.shiftWriteAdd.min),
           {clause({{in, 1}, {o, -1}}, s.shiftWriteAdd.min, kAnyShift.max)}, o);
      some.push_back(
          clause({{in, 1}, {o, -1}}, kAnyShift.min, s.shiftWriteAdd.max));
    }
    rule(op,
         "shift_write = min(i) - o <= " + std::to_string(s.shiftWriteAdd.max),
         std::move(some), o);
    return;
  }
  case RuleKind::Mul: {
    SmallVector<std::pair<FixOp, int64_t>> terms;
    for (FixOp in : f.inputs)
      terms.push_back({in, 1});
    terms.push_back({o, -1});
    rule(op, range("shift_write = sum(i) - o", s.shiftWriteMul),
         {clause(terms, s.shiftWriteMul.min, s.shiftWriteMul.max)}, o);
    return;
  }
  case RuleKind::HardSigmoid:
    rule(op, range("i", s.hardSigmoidIn),
         {clause({{i, 1}}, s.hardSigmoidIn.min, s.hardSigmoidIn.max)}, i);
    rule(op, "o >= " + std::to_string(s.hardSigmoidOutMin),
         {clause({{o, 1}}, s.hardSigmoidOutMin, kAnyShift.max)}, o);
    rule(op, range("i - o", s.hardSigmoidWindow),
         {clause({{i, 1}, {o, -1}}, s.hardSigmoidWindow.min,
                 s.hardSigmoidWindow.max)},
         o);
    return;
  case RuleKind::HardSwish:
    rule(op, range("i", s.hardSwishIn),
         {clause({{i, 1}}, s.hardSwishIn.min, s.hardSwishIn.max)}, i);
    rule(op, "o - i <= " + std::to_string(s.hardSwishOutOverIn),
         {clause({{o, 1}, {i, -1}}, kAnyShift.min, s.hardSwishOutOverIn)}, o);
    return;
  case RuleKind::Aligned:
    for (FixOp in : f.inputs)
      rule(op, "input and output fix points equal",
           {clause({{in, 1}, {o, -1}}, 0, 0)}, o);
    return;
  }
  llvm_unreachable("every rule kind is handled");
}

} // namespace

std::optional<OutputNoise> mlir::nndct::recordedOutputNoise(FixOp fix) {
  auto dict = fix->getAttrOfType<DictionaryAttr>(kOutputNoiseAttrName);
  if (!dict)
    return std::nullopt;
  // The dialect verifier checked the form.
  OutputNoise noise;
  noise.fixPoint = dict.getAs<IntegerAttr>("fix_point").getInt();
  ArrayRef<double> nsr = dict.getAs<DenseF64ArrayAttr>("nsr").asArrayRef();
  noise.nsr.assign(nsr.begin(), nsr.end());
  return noise;
}

void mlir::nndct::recordOutputNoise(FixOp fix, const OutputNoise &noise) {
  MLIRContext *ctx = fix.getContext();
  Builder b(ctx);
  fix->setAttr(
      kOutputNoiseAttrName,
      b.getDictionaryAttr(
          {b.getNamedAttr("fix_point", b.getI64IntegerAttr(noise.fixPoint)),
           b.getNamedAttr("nsr", b.getDenseF64ArrayAttr(noise.nsr))}));
}

FixPointProblem
mlir::nndct::buildFixPointProblem(func::FuncOp func, const TargetModel &target,
                                  const ProblemOptions &options) {
  FixPointProblem out;
  RuleBuilder builder{out, target, options};
  func.walk([&](Operation *op) {
    std::optional<OpFixes> f = fixesOf(op, target);
    if (!f)
      return;
    size_t before = out.problem.rules.size();
    builder.addRules(op, *f);
    if (out.problem.rules.size() > before)
      out.ops.push_back(op);
  });
  return out;
}

ShiftsAttr mlir::nndct::computeShifts(Operation *op) {
  const TargetModel *target = getTargetModel(op);
  if (!target)
    return {};
  std::optional<OpFixes> f = fixesOf(op, *target);
  if (!f || f->kind == RuleKind::HardSigmoid ||
      f->kind == RuleKind::HardSwish || f->kind == RuleKind::Aligned)
    return {};
  auto fpOf = [](FixOp fix) { return int64_t(*fix.getFixPoint()); };
  if (!f->output.getFixPoint() ||
      llvm::any_of(f->inputs, [](FixOp in) { return !in.getFixPoint(); }))
    return {};
  int64_t o = fpOf(f->output);
  MLIRContext *ctx = op->getContext();
  switch (f->kind) {
  case RuleKind::ConvLike: {
    int64_t acc = fpOf(f->weight) + fpOf(f->inputs[0]);
    std::optional<int64_t> bias;
    if (f->bias)
      bias = acc - fpOf(f->bias);
    return ShiftsAttr::get(ctx, acc - o, bias, std::nullopt, std::nullopt);
  }
  case RuleKind::AddSub: {
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (FixOp in : f->inputs) {
      lo = std::min(lo, fpOf(in));
      hi = std::max(hi, fpOf(in));
    }
    return ShiftsAttr::get(ctx, std::nullopt, std::nullopt, hi - lo, lo - o);
  }
  case RuleKind::Mul: {
    int64_t sum = 0;
    for (FixOp in : f->inputs)
      sum += fpOf(in);
    return ShiftsAttr::get(ctx, std::nullopt, std::nullopt, std::nullopt,
                           sum - o);
  }
  default:
    return {};
  }
}

int64_t mlir::nndct::applyFixPoints(FixPointProblem &p,
                                    const std::vector<int64_t> &values) {
  int64_t changed = 0;
  for (size_t i = 0; i < p.fixes.size(); ++i) {
    FixOp fix = p.fixes[i];
    if (*fix.getFixPoint() == values[i])
      continue;
    fix.setFixPointAttr(
        IntegerAttr::get(IntegerType::get(fix.getContext(), 64), values[i]));
    ++changed;
  }
  for (Operation *op : p.ops)
    if (ShiftsAttr shifts = computeShifts(op))
      op->setAttr(kShiftsAttrName, shifts);
  return changed;
}
