
func.func @region_reason_on_npu(%x: tensor<4xf32>) {
  // expected-error @+1 {{a fallback reason is only meaningful on a cpu region}}
  %0 = nndct.region "npu_0" device <npu> attributes {reason = "why"} {
    nndct.yield %x : tensor<4xf32>
  } : tensor<4xf32>
  return
}
