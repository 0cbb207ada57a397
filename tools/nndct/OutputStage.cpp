//===- OutputStage.cpp - all-or-nothing output directories ----------------===//
//
// The stage is a sibling of the output directory so the final renames stay
// on one file system (rename(2) is atomic only there).
//
//===----------------------------------------------------------------------===//

#include "tools/nndct/OutputStage.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"

#include <cerrno>
#include <cstring>
#include <unistd.h>

using namespace mlir::nndct;

static llvm::Error stageError(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

llvm::Expected<std::unique_ptr<OutputStage>>
OutputStage::create(llvm::StringRef dirPath) {
  auto stage = std::unique_ptr<OutputStage>(new OutputStage());
  llvm::SmallString<256> dir(dirPath);
  llvm::sys::path::remove_dots(dir, true);
  if (dir.empty())
    dir = ".";
  stage->dir = std::string(dir);
  if (llvm::sys::fs::exists(dir)) {
    if (!llvm::sys::fs::is_directory(dir))
      return stageError("-o " + dirPath + ": exists and is not a directory");
    if (::access(stage->dir.c_str(), W_OK | X_OK) != 0)
      return stageError("-o " + dirPath + ": cannot write to this directory: " +
                        std::strerror(errno));
  }
  llvm::SmallString<256> parent = llvm::sys::path::parent_path(dir);
  if (parent.empty())
    parent = ".";
  if (llvm::sys::fs::exists(parent) && !llvm::sys::fs::is_directory(parent))
    return stageError("-o " + dirPath + ": " + parent + " is not a directory");
  // Parents that do not exist yet are created and removed again on failure.
  for (llvm::SmallString<256> p = parent;
       !p.empty() && !llvm::sys::fs::exists(p);
       p = llvm::sys::path::parent_path(p))
    stage->createdDirs.insert(stage->createdDirs.begin(), std::string(p));
  if (std::error_code ec = llvm::sys::fs::create_directories(parent))
    return stageError("-o " + dirPath + ": cannot create " + parent + ": " +
                      ec.message());
  llvm::SmallString<256> tmp(parent);
  llvm::sys::path::append(tmp,
                          "." + llvm::sys::path::filename(dir) + ".nndct-tmp-" +
                              llvm::Twine(llvm::sys::Process::getProcessId()));
  stage->stage = std::string(tmp);
  if (std::error_code ec = llvm::sys::fs::create_directory(tmp)) {
    std::string msg = ec.message();
    stage.reset();
    return stageError("-o " + dirPath + ": cannot write next to it (" + tmp +
                      "): " + msg);
  }
  return stage;
}

std::string OutputStage::path(llvm::StringRef name) const {
  llvm::SmallString<256> p(stage);
  llvm::sys::path::append(p, name);
  return std::string(p);
}

std::string OutputStage::finalPath(llvm::StringRef name) const {
  llvm::SmallString<256> p(dir);
  llvm::sys::path::append(p, name);
  return std::string(p);
}

llvm::Error OutputStage::commit() {
  bool created = !llvm::sys::fs::exists(dir);
  if (std::error_code ec = llvm::sys::fs::create_directory(dir))
    return stageError("-o " + dir + ": cannot create: " + ec.message());
  if (created)
    createdDirs.push_back(dir);
  std::error_code ec;
  std::vector<std::string> files;
  for (llvm::sys::fs::directory_iterator it(stage, ec), end; it != end && !ec;
       it.increment(ec))
    files.push_back(it->path());
  for (const std::string &f : files) {
    std::string target = finalPath(llvm::sys::path::filename(f));
    if (std::error_code rc = llvm::sys::fs::rename(f, target))
      return stageError(target + ": cannot write: " + rc.message());
  }
  llvm::sys::fs::remove(stage);
  committed = true;
  return llvm::Error::success();
}

OutputStage::~OutputStage() {
  if (!stage.empty() && llvm::sys::fs::exists(stage)) {
    std::error_code ec;
    std::vector<std::string> files;
    for (llvm::sys::fs::directory_iterator it(stage, ec), end; it != end && !ec;
         it.increment(ec))
      files.push_back(it->path());
    for (const std::string &f : files)
      llvm::sys::fs::remove(f);
    llvm::sys::fs::remove(stage);
  }
  if (!committed)
    for (auto it = createdDirs.rbegin(); it != createdDirs.rend(); ++it)
      llvm::sys::fs::remove(*it);
}
