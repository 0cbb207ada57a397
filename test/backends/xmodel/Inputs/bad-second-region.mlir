// Two regions: the first exports, the second holds a fix rounding with
// floor, which XIR's fix op cannot express. The export must fail naming the
// node and leave no file behind.
module {
  func.func @main(%x: tensor<1x4xf32> {nndct.name = "features"}) -> tensor<1x4xf32> {
    %r0 = nndct.region "quant_0" {
      %q = nndct.quant_stub %x : tensor<1x4xf32> loc("stub0")
      %qf = nndct.fix %q kind <input> round <half_up> bits 8 fp 6 : tensor<1x4xf32> loc("stub0")
      %r = nndct.relu %qf : tensor<1x4xf32> loc("relu0")
      %rf = nndct.fix %r kind <activation> round <half_up> bits 8 fp 5 : tensor<1x4xf32> loc("relu0")
      nndct.yield %rf : tensor<1x4xf32>
    } : tensor<1x4xf32>
    %d = nndct.dequant_stub %r0 : tensor<1x4xf32> loc("dq0")
    %s = nndct.sigmoid %d : tensor<1x4xf32> loc("gate")
    %r1 = nndct.region "quant_1" {
      %q = nndct.quant_stub %s : tensor<1x4xf32> loc("stub1")
      %qf = nndct.fix %q kind <input> round <half_up> bits 8 fp 7 : tensor<1x4xf32> loc("stub1")
      %sl = nndct.constant dense<0.25> : tensor<4xf32> loc("act.slope")
      %y = nndct.prelu %qf, %sl : (tensor<1x4xf32>, tensor<4xf32>) -> tensor<1x4xf32> loc(fused["block2.act", "block2.bn"])
      %yf = nndct.fix %y kind <activation> round <floor> bits 8 fp 4 : tensor<1x4xf32> loc(fused["block2.act", "block2.bn"])
      nndct.yield %yf : tensor<1x4xf32>
    } : tensor<1x4xf32>
    %o = nndct.dequant_stub %r1 : tensor<1x4xf32> loc("dq1")
    return %o : tensor<1x4xf32>
  }
}
