// A small quantized CNN in one region (hand-made, as nndct-assign-fix-points
// leaves it): conv+relu, depthwise conv, max pool, add, concat, global
// average pool, flatten, linear, softmax. Locations are the user's node
// names; conv2 carries a fused location (after batch-norm folding).
module {
  func.func @main(%arg0: tensor<1x3x8x8xf32> {nndct.name = "image"}) -> tensor<1x10xf32> {
    %r = nndct.region "quant_0" {
      %q = nndct.quant_stub %arg0 : tensor<1x3x8x8xf32> loc("quant_stub")
      %qf = nndct.fix %q kind <input> round <half_up> bits 8 fp 6 : tensor<1x3x8x8xf32> loc("quant_stub")
      %w1 = nndct.constant dense_resource<conv1.weight> : tensor<4x3x3x3xf32> loc("conv1.weight")
      %w1f = nndct.fix %w1 kind <weight> round <std_round> bits 8 fp 7 : tensor<4x3x3x3xf32> loc("conv1.weight")
      %b1 = nndct.constant dense_resource<conv1.bias> : tensor<4xf32> loc("conv1.bias")
      %b1f = nndct.fix %b1 kind <bias> round <std_round> bits 8 fp 8 : tensor<4xf32> loc("conv1.bias")
      %c1 = nndct.conv2d %qf, %w1f, %b1f {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32> loc("conv1")
      %r1 = nndct.relu %c1 : tensor<1x4x8x8xf32> loc("relu1")
      %r1f = nndct.fix %r1 kind <activation> round <half_up> bits 8 fp 4 : tensor<1x4x8x8xf32> loc("relu1")
      %w2 = nndct.constant dense_resource<conv2.weight> : tensor<4x1x3x3xf32> loc("conv2.weight")
      %w2f = nndct.fix %w2 kind <weight> round <std_round> bits 8 fp 6 : tensor<4x1x3x3xf32> loc("conv2.weight")
      %c2 = nndct.conv2d %r1f, %w2f {groups = 4 : i64, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x4x4xf32> loc(fused["conv2", "bn2"])
      %c2f = nndct.fix %c2 kind <activation> round <half_up> bits 8 fp 3 : tensor<1x4x4x4xf32> loc(fused["conv2", "bn2"])
      %p = nndct.max_pool2d %r1f {kernel_size = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32> loc("pool")
      %pf = nndct.fix %p kind <activation> round <half_up> bits 8 fp 4 : tensor<1x4x4x4xf32> loc("pool")
      %a = nndct.add %c2f, %pf : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> loc("add")
      %af = nndct.fix %a kind <activation> round <half_up> bits 8 fp 3 : tensor<1x4x4x4xf32> loc("add")
      %cat = nndct.concat %af, %pf {axis = 1 : i64} : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x8x4x4xf32> loc("cat")
      %catf = nndct.fix %cat kind <activation> round <half_up> bits 8 fp 3 : tensor<1x8x4x4xf32> loc("cat")
      %g = nndct.adaptive_avg_pool2d %catf : (tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32> loc("gap")
      %gf = nndct.fix %g kind <activation> round <half_up> bits 8 fp 5 : tensor<1x8x1x1xf32> loc("gap")
      %fl = nndct.reshape %gf : (tensor<1x8x1x1xf32>) -> tensor<1x8xf32> loc("flatten")
      %w3 = nndct.constant dense_resource<fc.weight> : tensor<10x8xf32> loc("fc.weight")
      %w3f = nndct.fix %w3 kind <weight> round <std_round> bits 8 fp 8 : tensor<10x8xf32> loc("fc.weight")
      %b3 = nndct.constant dense_resource<fc.bias> : tensor<10xf32> loc("fc.bias")
      %b3f = nndct.fix %b3 kind <bias> round <std_round> bits 8 fp 9 : tensor<10xf32> loc("fc.bias")
      %fc = nndct.linear %fl, %w3f, %b3f : (tensor<1x8xf32>, tensor<10x8xf32>, tensor<10xf32>) -> tensor<1x10xf32> loc("fc")
      %fcf = nndct.fix %fc kind <activation> round <half_up> bits 8 fp 2 : tensor<1x10xf32> loc("fc")
      %sm = nndct.softmax %fcf {axis = 1 : i64} : tensor<1x10xf32> loc("softmax")
      %smf = nndct.fix %sm kind <activation> round <half_up> bits 8 fp 7 : tensor<1x10xf32> loc("softmax")
      nndct.yield %smf : tensor<1x10xf32>
    } : tensor<1x10xf32>
    return %r : tensor<1x10xf32>
  }
}

{-#
  dialect_resources: {
    builtin: {
      conv1.weight: "0x04000000193da1392df5983dcc5b8cbdd4fd63be9ccae8bd8cdc7dbe2359763c2c8cab3e7e02fcbd71d71ebe94ccfa3de5b9b63d6de3d73c27336ebe85a1efbb64ff313e390facbe9d4ceabd445bf3be930fa5bef9bdebbebbbb70bdb03ba2be29e38a3d5b83203dd36a3fbd971221bfc7e709beeda846bc8b0ee83c7ddbc3be149cf4bd3a807abef50f4fbe87cb873e98ba4ebe7b3505bc6067623ed76615befec3e4bc063be23c05a0823ca1ce9cbe69ef9b3cededad3ed608c6be81005c3ee26ff43c673724bed306003f7423433e4c8299bef79b983ceea1133e1a5041bd35d32e3e3c3a88bcbcd02a3e8221b83e34f82cbe9103503da736edbda752023dfef597be1c4d14be99e748bd6415663ea296923e5c69a9beaf6d4bbe769b253e9d07ffbe9a24edbd5e3ec7bcdee5a03ec67c303e8488a7bdfbb5bcbd9d1980bd0303c33e1626dbbdff7b9bbd8e86b43d7f56f7bce0044abdc1998ebe8ac43cbb141de3bdad43953ecf30273ed4c8c5bb051b2b3e6203aebd14ac863ecceeb0ba8c58153efd3ba5be0c80b13d1317d8bed44202bf65e49bbda86166be75fd273d18aa0f3fcfeb54bec4ba1fbe6955523d3d6cfc3d",
      conv1.bias: "0x04000000cba334bd67df52bd9dd4333eab18053e",
      conv2.weight: "0x040000007d4f84bed129a2bcf188103c5af986bea109853d09a35bbe5dd9783e2f5f453d52e6b63ca24d17beb5e9f2bc27b6ffbef6d190be23c6b93d713a08bf56bb583e1780dfbe9db9413e7e7258bef66b473e1318063d02b7c4be1be49f3edc89b83eb9c486bcc13e8cbd2ab423bd95a379be7e9e8c3ef7fa0abe0aad51bc79154bbe544620be7f8ca3bea6e7a03e22c91dbd",
      fc.weight: "0x04000000a446773e694f5a3b6ec431be4a43a7bd4d6b0fbee266023bfa22c0bd578f99bd2375b0be748d4ebe28b8d33ef1d52bbe8cec86be09b6ac3d7f21b43e781dbabec08655bd32ce21be1669e1be28243c3e760dc0bb1a50923c7c9740be78d9e83d640f0abe385512bd7ddb8dbe41a99bbeb5f2aa3e9dd101be2157953dd7670abcc9dde1bdbb0902be184d213e648e9abd0b141bbdfc09b63bd397963ef8352e3e2fe4c33d374610be5ae4b0be6514733e1469773edd1510bde6b80a3ea70c483e81c8543ecadf6b3eb746e9bda2eac13e5d909fbee2995c3eaae4fc3d81a55f3e5883f03e4f02be3e289592be6426d8bea41f513eedeb81bef93f4bbb61f8563ef467d2beeb0907bfd7c2843dfbcd353ccdb37bbda1d61d3cc04a5cbe2fbac1be92a72abde7c178be995dd2be5174013e217d7bbc8224d03d6f427dbe8a7628be",
      fc.bias: "0x0400000049c17fbef6fa62be0319483d067148be524eb63d7df4ad3d3d9c013fe946b2be924d633e7745b7bc"
    }
  }
#-}