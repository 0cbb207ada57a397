//===- FloatOpSearch.cpp - the ops kept float for accuracy ----------------===//

#include "passes/FloatOpSearch.h"

#include "ir/NNDCTOps.h"
#include "ir/Naming.h"
#include "ir/QuantRole.h"
#include "passes/CalibrationData.h"
#include "passes/FixProbes.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Format.h"

#include <cmath>
#include <set>

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

/// The fixes that disappear when the quant groups of `heads` are kept
/// float, as nndct-insert-fix places fixes around float ops: a fix goes
/// when no quantized op outside those groups reads it and, for a group's
/// own output fix, when its group is kept (a quantized producer keeps its
/// output fix whoever reads it).
llvm::SetVector<Operation *> floatDrops(ArrayRef<Operation *> heads) {
  SmallVector<Operation *> ops;
  for (Operation *head : heads) {
    ops.push_back(head);
    llvm::append_range(ops, quantGroupFollowers(head));
  }
  llvm::DenseSet<Operation *> kept(ops.begin(), ops.end());
  auto unread = [&](FixOp fix) {
    return llvm::none_of(fix->getUsers(), [&](Operation *user) {
      return !kept.contains(user) && isQuantized(getQuantRole(user));
    });
  };
  llvm::SetVector<Operation *> drops;
  for (Operation *op : ops) {
    for (Value v : op->getOperands())
      if (auto fix = v.getDefiningOp<FixOp>(); fix && unread(fix)) {
        Operation *producer = fix.getInput().getDefiningOp();
        if (fix.getKind() != FixKind::activation || kept.contains(producer))
          drops.insert(fix);
      }
    for (Value r : op->getResults())
      for (Operation *user : r.getUsers())
        if (auto fix = dyn_cast<FixOp>(user); fix && unread(fix))
          drops.insert(fix);
  }
  return drops;
}

/// The units the search keeps float, each by the names nndct-keep-float
/// marks: every computing quant group head (not stubs, concats or data
/// movement) alone, and with the heads that read its output, whose input
/// fix then goes too (a float op's output is quantized again wherever a
/// quantized op reads it).
std::vector<std::vector<std::string>>
floatUnits(func::FuncOp func,
           llvm::StringMap<SmallVector<Operation *, 1>> &opsByName) {
  llvm::DenseSet<Operation *> continued;
  llvm::DenseMap<Operation *, std::string> headName;
  SmallVector<Operation *> heads;
  func.walk([&](RegionOp region) {
    for (Operation &op : region.getBody().front()) {
      QuantRole role = getQuantRole(&op);
      if (continued.contains(&op) || op.getNumResults() != 1 ||
          !(role == QuantRole::Compute ||
            (role == QuantRole::Follower && !isValuePreserving(&op))))
        continue;
      for (Operation *follower : quantGroupFollowers(&op))
        continued.insert(follower);
      if (std::optional<std::string> name = userName(op.getLoc())) {
        headName[&op] = *name;
        heads.push_back(&op);
        opsByName[*name].push_back(&op);
      }
    }
  });
  std::vector<std::vector<std::string>> units;
  std::set<std::vector<std::string>> seen;
  auto addUnit = [&](std::vector<std::string> names) {
    if (seen.insert(names).second)
      units.push_back(std::move(names));
  };
  for (Operation *head : heads) {
    addUnit({headName[head]});
    SmallVector<Operation *> group = quantGroupFollowers(head);
    Operation *last = group.empty() ? head : group.back();
    if (!last->getResult(0).hasOneUse())
      continue;
    auto fix = dyn_cast<FixOp>(*last->getResult(0).getUsers().begin());
    if (!fix)
      continue;
    std::vector<std::string> names{headName[head]};
    bool allHeads = true;
    for (Operation *user : fix->getUsers()) {
      if (!isQuantized(getQuantRole(user)))
        continue;
      auto it = headName.find(user);
      if (it == headName.end()) {
        allHeads = false;
        break;
      }
      if (!llvm::is_contained(names, it->second))
        names.push_back(it->second);
    }
    if (allHeads && names.size() > 1)
      addUnit(std::move(names));
  }
  return units;
}

} // namespace

FailureOr<double> mlir::nndct::measureOutputSqnr(func::FuncOp func,
                                                 CalibrationData &data,
                                                 int64_t samples, int threads,
                                                 int64_t first) {
  FailureOr<std::unique_ptr<OutputNoiseMeter>> meter =
      OutputNoiseMeter::create(func, data, samples, threads, first);
  if (failed(meter))
    return failure();
  FailureOr<double> nsr = (*meter)->worstOutputNSR(nullptr);
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
  FailureOr<double> base = (*meter)->worstOutputNSR(nullptr);
  if (failed(base))
    return failure();
  // The held-out samples, when the data has more.
  std::unique_ptr<OutputNoiseMeter> held;
  if (options.checkSamples > 0 && data.numSamples() > options.samples) {
    FailureOr<std::unique_ptr<OutputNoiseMeter>> check =
        OutputNoiseMeter::create(func, data, options.checkSamples,
                                 options.threads, options.samples);
    if (failed(check))
      return failure();
    held = std::move(*check);
  }
  OutputNoiseMeter &judge = held ? *held : **meter;
  FailureOr<double> judgeBase = judge.worstOutputNSR(nullptr);
  if (failed(judgeBase))
    return failure();
  FloatOpSearchResult result;
  result.first = held ? options.samples : 0;
  result.samples = judge.numSamples();
  result.sqnrBefore = result.sqnrAfter = sqnrOf(*judgeBase);

  llvm::StringMap<SmallVector<Operation *, 1>> opsByName;
  std::vector<std::vector<std::string>> units = floatUnits(func, opsByName);
  ProgressSink *progress = data.progress();
  // The fixes left float when the ops of `names` are.
  auto leftFloat = [&](const llvm::SetVector<StringRef> &names) {
    SmallVector<Operation *> heads;
    for (StringRef name : names)
      llvm::append_range(heads, opsByName[name]);
    SetFix set;
    for (Operation *fix : floatDrops(heads))
      set.add(cast<FixOp>(fix), std::nullopt);
    return set;
  };
  auto namesOf = [](const std::vector<std::string> &unit) {
    llvm::SetVector<StringRef> names;
    for (const std::string &name : unit)
      names.insert(name);
    return names;
  };
  result.candidates = int64_t(opsByName.size());

  // Alone: each unit float, every other op quantized.
  struct Ranked {
    size_t unit;
    double nsr;
  };
  std::vector<Ranked> ranked;
  for (auto [i, unit] : llvm::enumerate(units)) {
    SetFix set = leftFloat(namesOf(unit));
    FailureOr<double> nsr = (*meter)->worstOutputNSR(&set);
    if (failed(nsr))
      return failure();
    if (*nsr < *base)
      ranked.push_back({i, *nsr});
    if (progress)
      progress->update("keep-float search", int64_t(i) + 1,
                       int64_t(units.size()));
  }
  if (progress)
    progress->finish();
  // Best first; ties keep program order.
  llvm::stable_sort(
      ranked, [](const Ranked &a, const Ranked &b) { return a.nsr < b.nsr; });

  // Together: each next unit kept only if it still helps with those
  // before it (interactions make the gains alone overestimates), by at
  // least minGainDb, and fits in maxOps; a few tries past a useless one.
  llvm::SetVector<StringRef> kept;
  double current = *base, currentHeld = *judgeBase;
  int64_t tries = 0, maxTries = 2 * options.maxOps + 4;
  for (const Ranked &r : ranked) {
    if (int64_t(kept.size()) >= options.maxOps ||
        sqnrOf(currentHeld) >= options.targetSqnr || tries >= maxTries)
      break;
    llvm::SetVector<StringRef> trial = kept;
    for (const std::string &name : units[r.unit])
      trial.insert(name);
    if (trial.size() == kept.size() || int64_t(trial.size()) > options.maxOps)
      continue;
    ++tries;
    SetFix set = leftFloat(trial);
    FailureOr<double> nsr = (*meter)->worstOutputNSR(&set);
    if (failed(nsr))
      return failure();
    if (!(sqnrOf(*nsr) - sqnrOf(current) >= options.minGainDb))
      continue;
    FailureOr<double> heldNsr =
        held ? held->worstOutputNSR(&set) : FailureOr<double>(*nsr);
    if (failed(heldNsr))
      return failure();
    if (!(*heldNsr < currentHeld))
      continue; // helps only the samples it was ranked on
    FloatOpChoice choice;
    for (StringRef name : trial)
      if (!kept.contains(name))
        choice.names.push_back(name.str());
    choice.gainDb = sqnrOf(*heldNsr) - sqnrOf(currentHeld);
    if (progress) {
      std::string line;
      llvm::raw_string_ostream(line)
          << "keep float " << result.chosen.size() + 1 << ": "
          << llvm::join(choice.names, ", ") << ": output SQNR "
          << llvm::format("%.2f", sqnrOf(currentHeld)) << " -> "
          << llvm::format("%.2f", sqnrOf(*heldNsr)) << " dB";
      progress->note(line);
    }
    result.chosen.push_back(std::move(choice));
    kept = std::move(trial);
    current = *nsr;
    currentHeld = *heldNsr;
  }
  result.sqnrAfter = sqnrOf(currentHeld);
  return result;
}
