// Two QuantStub regions with a float sigmoid between them (it stays out of
// both xmodels); placement numbers subgraphs across both regions.
module {
  func.func @main(%x: tensor<1x4xf32> {nndct.name = "features"}) -> tensor<1x4xf32> {
    %r0 = nndct.region "quant_0" {
      %q = nndct.quant_stub %x : tensor<1x4xf32> loc("stub0")
      %qf = nndct.fix %q kind <input> round <half_up> bits 8 fp 6 : tensor<1x4xf32> loc("stub0")
      %w = nndct.constant dense_resource<fc0.weight> : tensor<4x4xf32> loc("fc0.weight")
      %wf = nndct.fix %w kind <weight> round <std_round> bits 8 fp 7 : tensor<4x4xf32> loc("fc0.weight")
      %y = nndct.linear %qf, %wf : (tensor<1x4xf32>, tensor<4x4xf32>) -> tensor<1x4xf32> loc("fc0")
      %r = nndct.relu %y : tensor<1x4xf32> loc("relu0")
      %rf = nndct.fix %r kind <activation> round <half_up> bits 8 fp 5 : tensor<1x4xf32> loc("relu0")
      nndct.yield %rf : tensor<1x4xf32>
    } : tensor<1x4xf32>
    %d = nndct.dequant_stub %r0 : tensor<1x4xf32> loc("dq0")
    %s = nndct.sigmoid %d : tensor<1x4xf32> loc("gate")
    %r1 = nndct.region "quant_1" {
      %q = nndct.quant_stub %s : tensor<1x4xf32> loc("stub1")
      %qf = nndct.fix %q kind <input> round <half_up> bits 8 fp 7 : tensor<1x4xf32> loc("stub1")
      %w = nndct.constant dense_resource<fc1.weight> : tensor<4x4xf32> loc("fc1.weight")
      %wf = nndct.fix %w kind <weight> round <std_round> bits 8 fp 7 : tensor<4x4xf32> loc("fc1.weight")
      %y = nndct.linear %qf, %wf : (tensor<1x4xf32>, tensor<4x4xf32>) -> tensor<1x4xf32> loc("fc1")
      %yf = nndct.fix %y kind <activation> round <half_up> bits 8 fp 4 : tensor<1x4xf32> loc("fc1")
      nndct.yield %yf : tensor<1x4xf32>
    } : tensor<1x4xf32>
    %o = nndct.dequant_stub %r1 : tensor<1x4xf32> loc("dq1")
    return %o : tensor<1x4xf32>
  }
}

{-#
  dialect_resources: {
    builtin: {
      fc0.weight: "0x04000000d76615befec3e4bc063be23c05a0823ca1ce9cbe69ef9b3cededad3ed608c6be81005c3ee26ff43c673724bed306003f7423433e4c8299bef79b983ceea1133e",
      fc1.weight: "0x040000001a5041bd35d32e3e3c3a88bcbcd02a3e8221b83e34f82cbe9103503da736edbda752023dfef597be1c4d14be99e748bd6415663ea296923e5c69a9beaf6d4bbe"
    }
  }
#-}
