//===- ReplayMain.cpp - run a fuzz target over files without libFuzzer ----===//
//
// The GCC build has no libFuzzer, so each fuzz target is linked with this
// main instead: it calls LLVMFuzzerTestOneInput once per file of the
// directories and files on the command line (directories recursively, in
// sorted order), as `<target>-fuzzer -runs=0 DIR` does. ctest runs it over
// the committed corpus (`fuzz-regression-<target>`), so an input that once
// crashed a target stays a regression test. Exit code 0 when every input
// returned, 1 when an argument cannot be read.
//
//===----------------------------------------------------------------------===//

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
    __attribute__((weak));

namespace fs = std::filesystem;

int main(int argc, char **argv) {
  if (LLVMFuzzerInitialize)
    LLVMFuzzerInitialize(&argc, &argv);
  std::vector<fs::path> files;
  bool ok = true;
  for (int i = 1; i < argc; ++i) {
    std::error_code ec;
    fs::path arg = argv[i];
    if (fs::is_directory(arg, ec)) {
      for (auto it = fs::recursive_directory_iterator(arg, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file(ec))
          files.push_back(it->path());
    } else if (fs::is_regular_file(arg, ec)) {
      files.push_back(arg);
    } else {
      std::fprintf(stderr, "%s: cannot read '%s'\n", argv[0], argv[i]);
      ok = false;
    }
  }
  std::sort(files.begin(), files.end());
  auto start = std::chrono::steady_clock::now();
  for (const fs::path &file : files) {
    std::ifstream in(file, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                            std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) {
      std::fprintf(stderr, "%s: cannot read '%s'\n", argv[0], file.c_str());
      ok = false;
      continue;
    }
    // An empty vector's data() may be null; libFuzzer never passes null.
    static const uint8_t empty = 0;
    LLVMFuzzerTestOneInput(
        bytes.empty() ? &empty
                      : reinterpret_cast<const uint8_t *>(bytes.data()),
        bytes.size());
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  std::printf("%s: ran %zu inputs in %.2fs\n", argv[0], files.size(), seconds);
  return ok ? 0 : 1;
}
