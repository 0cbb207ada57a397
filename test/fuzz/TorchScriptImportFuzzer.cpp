//===- TorchScriptImportFuzzer.cpp - fuzz the TorchScript importer --------===//
//
// bytes -> torch::jit::load -> nndct module -> verifier. libtorch's
// exceptions (c10::Error on a bad archive) must become diagnostics at the
// frontend boundary. Inputs are given one 1x1x28x28 input shape, which the
// seed models take, so the fuzzer reaches the graph import.
//
// Restricted to archives whose `*.debug_pkl` entries are intact (they
// decompress to data with the recorded CRC-32): libtorch 1.13 unpickles that
// debug info lazily, when the importer asks a node for its source range, and
// dereferences null on a corrupt one (SEGV in
// Source::findSourceRangeThatGenerated). Its loader skips zip CRC checks, so
// nothing at the frontend boundary can tell; the crash is libtorch's, and only
// structurally valid debug info is fuzzed.
//
//===----------------------------------------------------------------------===//

#include "test/fuzz/FuzzSupport.h"

#include "frontends/torchscript/TorchScriptImporter.h"

#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CRC.h"
#include "llvm/Support/Endian.h"

#include <zlib.h>

using namespace mlir;
using namespace mlir::nndct;

/// The `size` bytes that raw deflate data `in` inflates to, or false.
static bool inflateRaw(llvm::StringRef in, size_t size, std::string &out) {
  out.assign(size, '\0');
  z_stream s = {};
  if (inflateInit2(&s, -MAX_WBITS) != Z_OK)
    return false;
  s.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in.data()));
  s.avail_in = uInt(in.size());
  s.next_out = reinterpret_cast<Bytef *>(out.data());
  s.avail_out = uInt(size);
  int rc = inflate(&s, Z_FINISH);
  bool ok = rc == Z_STREAM_END && s.total_out == size;
  inflateEnd(&s);
  return ok;
}

/// Whether every `.debug_pkl` entry the zip's central directory lists is
/// stored or deflated data whose CRC-32 matches (what torch.jit.save
/// writes). Not a zip at all is fine: libtorch rejects it before unpickling.
static bool debugInfoIntact(llvm::StringRef zip) {
  using llvm::support::endian::read16le;
  using llvm::support::endian::read32le;
  size_t eocd = zip.rfind(llvm::StringRef("PK\x05\x06", 4));
  if (eocd == llvm::StringRef::npos || zip.size() - eocd < 22)
    return true;
  const char *e = zip.data() + eocd;
  uint64_t entries = read16le(e + 10), at = read32le(e + 16);
  for (uint64_t i = 0; i < entries; ++i) {
    if (at + 46 > zip.size() || zip.substr(at, 4) != "PK\x01\x02")
      return false;
    const char *c = zip.data() + at;
    uint32_t method = read16le(c + 10), crc = read32le(c + 16),
             packed = read32le(c + 20), size = read32le(c + 24);
    uint64_t nameLen = read16le(c + 28), extraLen = read16le(c + 30),
             commentLen = read16le(c + 32), local = read32le(c + 42);
    if (at + 46 + nameLen > zip.size())
      return false;
    llvm::StringRef name = zip.substr(at + 46, nameLen);
    at += 46 + nameLen + extraLen + commentLen;
    if (!name.ends_with(".debug_pkl"))
      continue;
    if (local + 30 > zip.size() || size > (1u << 20))
      return false;
    const char *l = zip.data() + local;
    uint64_t data = local + 30 + read16le(l + 26) + read16le(l + 28);
    if (data + packed > zip.size())
      return false;
    llvm::StringRef stored = zip.substr(data, packed);
    std::string inflated;
    if (method == 0)
      inflated = stored.str();
    else if (method != 8 || !inflateRaw(stored, size, inflated))
      return false;
    if (inflated.size() != size ||
        llvm::crc32(llvm::arrayRefFromStringRef(inflated)) != crc)
      return false;
  }
  return true;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!debugInfoIntact(fuzz::bytes(data, size)))
    return 0;
  fuzz::QuietContext context;
  TorchImportOptions options;
  options.inputShapes[""] = {1, 1, 28, 28};
  OwningOpRef<ModuleOp> module =
      importTorchScriptBuffer(fuzz::bytes(data, size), context.get(), options);
  if (module && failed(verify(*module)))
    context.fail("the TorchScript importer returned a module that does not "
                 "verify");
  return 0;
}
