//===- FloatOpSearch.cpp - the ops kept float for accuracy ----------------===//

#include "passes/FloatOpSearch.h"

#include "ir/NNDCTOps.h"
#include "ir/Naming.h"
#include "ir/QuantRole.h"
#include "passes/CalibrationData.h"
#include "passes/FixProbes.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/Support/Format.h"

#include <cmath>

using namespace mlir;
using namespace mlir::nndct;

std::string FloatOpChoice::reason() const {
  std::string text;
  llvm::raw_string_ostream(text)
      << "kept float for accuracy: " << llvm::format("%+.2f", gainDb) << " dB";
  return text;
}

namespace {

double sqnrOf(double nsr) {
  return nsr > 0 ? -10 * std::log10(nsr)
                 : std::numeric_limits<double>::infinity();
}

/// The fixes that disappear when `head`'s quant group is kept float, as
/// nndct-insert-fix would place them around a float op: its parameters'
/// fixes and the input fixes only it reads, and its output fix unless a
/// quantized op reads it (then that fix stays, as the reader's input fix).
void addFloatDrops(Operation *head, llvm::SetVector<Operation *> &drops) {
  SmallVector<Operation *> group{head};
  llvm::append_range(group, quantGroupFollowers(head));
  auto inGroup = [&](Operation *op) { return llvm::is_contained(group, op); };
  for (Operation *op : group)
    for (Value v : op->getOperands())
      if (auto fix = v.getDefiningOp<FixOp>())
        if (fix.getKind() != FixKind::activation &&
            llvm::all_of(fix->getUsers(), inGroup))
          drops.insert(fix);
  Value out = group.back()->getResult(0);
  if (!out.hasOneUse())
    return;
  auto fix = dyn_cast<FixOp>(*out.getUsers().begin());
  if (fix && llvm::none_of(fix->getUsers(), [](Operation *user) {
        return isQuantized(getQuantRole(user));
      }))
    drops.insert(fix);
}

/// The ops that may be kept float, by name (nndct-keep-float marks every
/// op of a name), each with the fixes that then disappear: quant group
/// heads that compute (not stubs, concats or data movement).
llvm::MapVector<StringRef, llvm::SetVector<Operation *>>
candidates(func::FuncOp func, std::vector<std::string> &names) {
  llvm::DenseSet<Operation *> continued;
  std::vector<std::pair<std::string, Operation *>> heads;
  func.walk([&](RegionOp region) {
    for (Operation &op : region.getBody().front()) {
      QuantRole role = getQuantRole(&op);
      if (continued.contains(&op) || op.getNumResults() != 1 ||
          !(role == QuantRole::Compute ||
            (role == QuantRole::Follower && !isValuePreserving(&op))))
        continue;
      for (Operation *follower : quantGroupFollowers(&op))
        continued.insert(follower);
      if (std::optional<std::string> name = userName(op.getLoc()))
        heads.push_back({*name, &op});
    }
  });
  // Names first (stable storage for the map's keys).
  names.clear();
  for (auto &[name, op] : heads)
    names.push_back(name);
  llvm::MapVector<StringRef, llvm::SetVector<Operation *>> byName;
  for (auto [i, head] : llvm::enumerate(heads))
    addFloatDrops(head.second, byName[names[i]]);
  byName.remove_if([](auto &entry) { return entry.second.empty(); });
  return byName;
}

SetFix leftFloat(ArrayRef<Operation *> fixes) {
  SetFix set;
  for (Operation *fix : fixes)
    set.add(cast<FixOp>(fix), std::nullopt);
  return set;
}

} // namespace

FailureOr<double> mlir::nndct::measureOutputSqnr(func::FuncOp func,
                                                 CalibrationData &data,
                                                 int64_t samples, int threads) {
  FailureOr<std::unique_ptr<OutputNoiseMeter>> meter =
      OutputNoiseMeter::create(func, data, samples, threads);
  if (failed(meter))
    return failure();
  FailureOr<double> nsr = (*meter)->outputNSR(nullptr);
  if (failed(nsr))
    return failure();
  return sqnrOf(*nsr);
}

FailureOr<FloatOpSearchResult>
mlir::nndct::searchFloatOps(func::FuncOp func, CalibrationData &data,
                            const FloatOpSearchOptions &options) {
  FailureOr<std::unique_ptr<OutputNoiseMeter>> meter =
      OutputNoiseMeter::create(func, data, options.samples, options.threads);
  if (failed(meter))
    return failure();
  FailureOr<double> base = (*meter)->outputNSR(nullptr);
  if (failed(base))
    return failure();
  FloatOpSearchResult result;
  result.samples = (*meter)->numSamples();
  result.sqnrBefore = result.sqnrAfter = sqnrOf(*base);

  std::vector<std::string> names;
  auto byName = candidates(func, names);
  result.candidates = int64_t(byName.size());
  ProgressSink *progress = data.progress();

  // Alone: each op float, every other quantized.
  struct Ranked {
    StringRef name;
    double nsr;
  };
  std::vector<Ranked> ranked;
  int64_t measured = 0;
  for (auto &[name, drops] : byName) {
    SetFix set = leftFloat(drops.getArrayRef());
    FailureOr<double> nsr = (*meter)->outputNSR(&set);
    if (failed(nsr))
      return failure();
    if (*nsr < *base)
      ranked.push_back({name, *nsr});
    if (progress)
      progress->update("keep-float search", ++measured, result.candidates);
  }
  if (progress)
    progress->finish();
  // Best first; ties keep program order.
  llvm::stable_sort(
      ranked, [](const Ranked &a, const Ranked &b) { return a.nsr < b.nsr; });

  // Together: each next op kept only if it still helps. Interactions make
  // the sum of the gains alone an overestimate; a few extra tries past
  // maxOps find a helpful one when a top-ranked op turns out redundant.
  llvm::SetVector<Operation *> kept;
  double current = *base;
  int64_t tries = 0, maxTries = 2 * options.maxOps + 4;
  for (const Ranked &r : ranked) {
    if (int64_t(result.chosen.size()) >= options.maxOps ||
        sqnrOf(current) >= options.targetSqnr || tries++ >= maxTries)
      break;
    llvm::SetVector<Operation *> trial = kept;
    trial.insert(byName[r.name].begin(), byName[r.name].end());
    SetFix set = leftFloat(trial.getArrayRef());
    FailureOr<double> nsr = (*meter)->outputNSR(&set);
    if (failed(nsr))
      return failure();
    if (!(*nsr < current))
      continue;
    FloatOpChoice choice{r.name.str(), sqnrOf(*nsr) - sqnrOf(current)};
    if (progress) {
      std::string line;
      llvm::raw_string_ostream(line)
          << "keep float " << result.chosen.size() + 1 << ": " << r.name
          << ": output SQNR " << llvm::format("%.2f", sqnrOf(current)) << " -> "
          << llvm::format("%.2f", sqnrOf(*nsr)) << " dB";
      progress->note(line);
    }
    result.chosen.push_back(std::move(choice));
    kept = std::move(trial);
    current = *nsr;
  }
  result.sqnrAfter = sqnrOf(current);
  return result;
}
