#!/bin/sh
# run-demo.sh - quantize the bundled Fashion-MNIST model and compare accuracy.
#
# usage: examples/run-demo.sh BIN_DIR [OUT_DIR]
#
# Quantizes examples/fashion_mnist/fmnist_cnn.onnx for the AIE2 NPU with the
# 200 bundled calibration images (vai_q_pytorch's calib mode) into OUT_DIR
# (default ./quantize_result), then prints the top-1 of the float model and
# of its int8 fake-quantized form on the 1000 bundled test images.
set -eu
if [ $# -lt 1 ]; then
  echo "usage: $0 BIN_DIR [OUT_DIR]" >&2
  exit 1
fi
BIN=$1
OUT=${2:-quantize_result}
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=$HERE/fashion_mnist
NNDCT=$BIN/nndct
[ -x "$NNDCT" ] || { echo "$0: $NNDCT not found (build first: ./setup.sh build)" >&2; exit 1; }

echo "== nndct quantize (calib): $DATA/fmnist_cnn.onnx -> $OUT/"
"$NNDCT" quantize "$DATA/fmnist_cnn.onnx" --calib-data "$DATA/calib.npy" \
  --target AMD_AIE2_Nx4_Overlay_cfg0 -o "$OUT"
ls -l "$OUT"
echo
echo "== nndct eval: float vs int8 on the 1000 test images"
"$NNDCT" eval "$DATA/fmnist_cnn.onnx" --quant "$OUT" \
  --data "$DATA/test_images.npy" --labels "$DATA/test_labels.npy"
