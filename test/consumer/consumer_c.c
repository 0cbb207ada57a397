/*===- consumer_c.c - a C host quantizing IR it builds --------------------===*\
|*                                                                            *|
|* Builds @main(x) = relu(linear(x, W)) as IR text from its own weights,    *|
|* writes calibration samples as a .npy, quantizes the module through       *|
|* nndct's C API and prints, for every nndct.fix, its kind, name and fix     *|
|* point; then the quantized module to argv[2] and its quant_info.json to    *|
|* stdout's end.                                                             *|
|* test/consumer/run.sh checks the fix points against nndct-opt's on the     *|
|* IR this program printed before quantizing (argv[3]).                      *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#include "tools/capi/NNDCT.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static MlirStringRef str(const char *s) {
  return mlirStringRefCreate(s, strlen(s));
}

static void toFile(MlirStringRef s, void *file) {
  fwrite(s.data, 1, s.length, (FILE *)file);
}

/* A float32 C-order .npy of shape (n, c). */
static int writeNpy(const char *path, const float *data, int n, int c) {
  FILE *f = fopen(path, "wb");
  if (!f)
    return 0;
  char header[118];
  int len = snprintf(header, sizeof header,
                     "{'descr': '<f4', 'fortran_order': False, 'shape': "
                     "(%d, %d), }",
                     n, c);
  memset(header + len, ' ', sizeof header - len - 1);
  header[sizeof header - 1] = '\n';
  unsigned short headerLen = sizeof header;
  fwrite("\x93NUMPY\x01\x00", 1, 8, f);
  fwrite(&headerLen, 2, 1, f);
  fwrite(header, 1, sizeof header, f);
  fwrite(data, sizeof(float), (size_t)n * c, f);
  return fclose(f) == 0;
}

/* @main(x) = relu(linear(x, W)) as nndct IR text, W from C data. */
static MlirModule buildModule(MlirContext ctx, const float *w) {
  char text[2048];
  snprintf(text, sizeof text,
           "func.func @main(%%x: tensor<1x4xf32>) -> tensor<1x2xf32> {\n"
           "  %%w = nndct.constant dense<[[%.9e, %.9e, %.9e, %.9e], [%.9e, %.9e, %.9e, %.9e]]>"
           " : tensor<2x4xf32> loc(\"fc.weight\")\n"
           "  %%y = nndct.linear %%x, %%w : (tensor<1x4xf32>, tensor<2x4xf32>)"
           " -> tensor<1x2xf32> loc(\"fc\")\n"
           "  %%r = nndct.relu %%y : tensor<1x2xf32> loc(\"relu\")\n"
           "  return %%r : tensor<1x2xf32>\n"
           "}\n",
           w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]);
  return nndctModuleParse(ctx, str(text));
}

static void printFix(const NndctFix *fix, void *count) {
  printf("fix %.*s %.*s bits %lld", (int)fix->kind.length, fix->kind.data,
         (int)fix->name.length, fix->name.data, (long long)fix->bits);
  if (fix->hasFixPoint) {
    printf(" fp %lld\n", (long long)fix->fixPoint);
    ++*(int *)count;
  } else {
    printf(" unset\n");
  }
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s CALIB.npy OUT.mlir BEFORE.mlir\n", argv[0]);
    return 1;
  }
  /* 16 samples spread over [-2, 2]. */
  float samples[16 * 4];
  for (int i = 0; i < 16 * 4; ++i)
    samples[i] = -2.0f + 4.0f * (float)((i * 37) % 64) / 63.0f;
  if (!writeNpy(argv[1], samples, 16, 4)) {
    fprintf(stderr, "consumer_c: cannot write %s\n", argv[1]);
    return 1;
  }

  MlirContext ctx = nndctContextCreate();
  nndctRegisterPasses();
  float weights[8] = {0.5f, -0.25f, 0.125f, 1.0f, -0.75f, 0.3f, 0.2f, -0.1f};
  MlirModule module = buildModule(ctx, weights);
  if (mlirModuleIsNull(module)) {
    fprintf(stderr, "consumer_c: the IR it built does not parse\n");
    return 1;
  }
  FILE *before = fopen(argv[3], "w");
  nndctModulePrint(module, toFile, before);
  fclose(before);

  char options[512];
  snprintf(options, sizeof options, "data=%s", argv[1]);
  if (mlirLogicalResultIsFailure(nndctQuantize(module, str(options)))) {
    fprintf(stderr, "consumer_c: nndctQuantize failed\n");
    return 1;
  }
  /* The registered passes, as a textual pipeline: fixes without fix points
   * (the `regions` phase), printed to argv[2].regions. */
  MlirModule staged = buildModule(ctx, weights);
  if (mlirLogicalResultIsFailure(nndctRunPassPipeline(
          staged,
          str("builtin.module(nndct-ptq-pipeline{compile-to=regions})")))) {
    fprintf(stderr, "consumer_c: the textual pipeline failed\n");
    return 1;
  }
  printf("regions phase: %d fixes\n",
         (int)nndctModuleForEachFix(staged, NULL, NULL));
  nndctModuleDestroy(staged);
  if (!mlirLogicalResultIsFailure(
          nndctRunPassPipeline(module, str("builtin.module(nope)")))) {
    fprintf(stderr, "consumer_c: an unknown pass was accepted\n");
    return 1;
  }

  /* A bad option is a failure with a diagnostic, not a crash. */
  MlirModule other = buildModule(ctx, weights);
  MlirLogicalResult bad = nndctQuantize(other, str("method=nonsense"));
  nndctModuleDestroy(other);
  if (!mlirLogicalResultIsFailure(bad)) {
    fprintf(stderr, "consumer_c: a bad option was accepted\n");
    return 1;
  }

  int fixed = 0;
  intptr_t fixes = nndctModuleForEachFix(module, printFix, &fixed);
  printf("fixes with a fix point: %d of %d\n", fixed, (int)fixes);
  FILE *out = fopen(argv[2], "w");
  nndctModulePrint(module, toFile, out);
  fclose(out);
  if (mlirLogicalResultIsFailure(nndctWriteQuantInfo(module, toFile, stdout)))
    return 1;
  nndctModuleDestroy(module);
  nndctContextDestroy(ctx);
  return fixed == 3 ? 0 : 1;
}
