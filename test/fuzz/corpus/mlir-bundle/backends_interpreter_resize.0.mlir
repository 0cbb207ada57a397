// Resize coordinate and nearest modes as ONNX defines them (torch and the
// ONNX formula as references).

func.func @main(%x: tensor<1x2x3x5xf32>)
    -> (tensor<1x2x6x10xf32>, tensor<1x2x7x8xf32>, tensor<1x2x7x8xf32>, tensor<1x2x9x7xf32>) {
  %n = nndct.resize %x {mode = #nndct.resize_mode<nearest>, coordinate_mode = #nndct.coordinate_mode<asymmetric>,
                        nearest_mode = #nndct.nearest_mode<floor>}
      : (tensor<1x2x3x5xf32>) -> tensor<1x2x6x10xf32>
  %b = nndct.resize %x {mode = #nndct.resize_mode<bilinear>, coordinate_mode = #nndct.coordinate_mode<pytorch_half_pixel>}
      : (tensor<1x2x3x5xf32>) -> tensor<1x2x7x8xf32>
  %a = nndct.resize %x {mode = #nndct.resize_mode<bilinear>, coordinate_mode = #nndct.coordinate_mode<align_corners>}
      : (tensor<1x2x3x5xf32>) -> tensor<1x2x7x8xf32>
  %d = nndct.resize %x {mode = #nndct.resize_mode<nearest>}
      : (tensor<1x2x3x5xf32>) -> tensor<1x2x9x7xf32>
  return %n, %b, %a, %d : tensor<1x2x6x10xf32>, tensor<1x2x7x8xf32>, tensor<1x2x7x8xf32>, tensor<1x2x9x7xf32>
}