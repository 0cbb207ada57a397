"""nndct: post-training quantization for AMD's AIE2 NPU, from Python."""
