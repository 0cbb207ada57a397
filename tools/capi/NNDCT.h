/*===- NNDCT.h - the nndct C API ----------------------------------*- C -*-===*\
|*                                                                            *|
|* For hosts that are not C++ (Python's ctypes, Rust, a C driver): create a  *|
|* context with nndct's dialects, parse or build a module as text, quantize  *|
|* it in place, read its fix points, print it and its quant_info.json. The   *|
|* handles are MLIR-C's (`mlir-c/IR.h`), and mlirGetDialectHandle__nndct__() *|
|* registers the dialect with an MLIR C API build of the host's own.         *|
|*                                                                            *|
|* The context, parse and print calls are nndct's own rather than MLIR-C's:  *|
|* Debian ships MLIR's C API only as static archives compiled with hidden    *|
|* inline visibility, and an executable linking them keeps a private copy of *|
|* every trait's identity, so libMLIR.so and nndct would disagree on what an *|
|* op is (a terminator would not be one). These calls need only libMLIR.so.  *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef NNDCT_C_NNDCT_H
#define NNDCT_C_NNDCT_H

#include "mlir-c/IR.h"
#include "mlir-c/Support.h"

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* mlirGetDialectHandle__nndct__(): the nndct dialect for MLIR-C's
 * mlirDialectHandleRegisterDialect / LoadDialect. */
MLIR_DECLARE_CAPI_DIALECT_REGISTRATION(NNDCT, nndct);

/* A context with the dialects nndct IR is made of (nndct, func) loaded.
 * Destroy it with nndctContextDestroy. */
MLIR_CAPI_EXPORTED MlirContext nndctContextCreate(void);
MLIR_CAPI_EXPORTED void nndctContextDestroy(MlirContext context);

/* Registers every nndct pass, the `nndct-ptq-pipeline` pipeline and test
 * mode's `nndct-apply-quant-info`, as nndct-opt does (once per process). */
MLIR_CAPI_EXPORTED void nndctRegisterPasses(void);

/* Parses a module from nndct IR text (`nndct-opt` syntax); a null module
 * (mlirModuleIsNull) when it does not parse or verify, with the diagnostic
 * on the context's handlers (stderr by default). */
MLIR_CAPI_EXPORTED MlirModule nndctModuleParse(MlirContext context,
                                               MlirStringRef text);
MLIR_CAPI_EXPORTED void nndctModuleDestroy(MlirModule module);

/* Prints the module (with locations) through `callback`, in pieces. */
MLIR_CAPI_EXPORTED void nndctModulePrint(MlirModule module,
                                         MlirStringCallback callback,
                                         void *userData);

/* Runs a textual pass pipeline on `module` (nndctRegisterPasses first),
 * e.g. "builtin.module(func.func(nndct-fold-batchnorm,nndct-canonicalize))"
 * or "builtin.module(nndct-ptq-pipeline{compile-to=regions})". A pipeline
 * that does not parse, or a pass that fails, is a failure with its
 * diagnostic on the context's handlers. */
MLIR_CAPI_EXPORTED MlirLogicalResult
nndctRunPassPipeline(MlirModule module, MlirStringRef pipeline);

/* Quantizes `module` in place: the whole post-training pipeline (fold,
 * partition, fixes, calibration, legal fix points, bias correction or fast
 * finetune, and with `max-float-ops=N` the accuracy-aware float ops).
 * `options` is `nndct-ptq-pipeline`'s textual form, e.g.
 * "data=calib.npy method=diffs"; `data=` names one .npy per function
 * argument (samples on dim 0). Errors go to the context's diagnostic
 * handlers and the result is a failure; the module is then not to be
 * used. */
MLIR_CAPI_EXPORTED MlirLogicalResult nndctQuantize(MlirModule module,
                                                   MlirStringRef options);

/* One fix of a module: what it quantizes (`input`, `activation`, `weight`,
 * `bias`), the user's name for that tensor, and its fix point when set
 * (the tensor is then q * 2^-fixPoint, q an integer of `bits` bits). */
typedef struct NndctFix {
  MlirStringRef kind;
  MlirStringRef name;
  int64_t bits;
  bool hasFixPoint;
  int64_t fixPoint;
} NndctFix;

/* Calls `callback` for every nndct.fix of `module`, in program order;
 * returns how many there are. The strings live as long as the context. */
MLIR_CAPI_EXPORTED intptr_t nndctModuleForEachFix(
    MlirModule module, void (*callback)(const NndctFix *fix, void *userData),
    void *userData);

/* Writes `module`'s quant_info.json (vai_q_pytorch's layout) through
 * `callback`, in pieces. */
MLIR_CAPI_EXPORTED MlirLogicalResult nndctWriteQuantInfo(
    MlirModule module, MlirStringCallback callback, void *userData);

#ifdef __cplusplus
}
#endif

#endif /* NNDCT_C_NNDCT_H */
