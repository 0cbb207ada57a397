
// A producer with two consumers ends its group (the add gets its own fix);
// concat inputs consumed only by the concat share the concat's fix.
func.func @negative_two_consumers_and_concat(%x: tensor<1x4xf32>) -> tensor<1x8xf32> {
  %0 = nndct.region "quant_0" {
    %q = nndct.quant_stub %x : tensor<1x4xf32>
    %a = nndct.add %q, %q : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
    %r = nndct.relu %a : tensor<1x4xf32>
    %m = nndct.mul %a, %a : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
    %c = nndct.concat %r, %m {axis = 1 : i64} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x8xf32>
    nndct.yield %c : tensor<1x8xf32>
  } : tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}
