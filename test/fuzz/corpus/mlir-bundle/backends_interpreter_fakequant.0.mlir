// FakeQuant applies every fix with a fix point (ties included); float mode
// and fixes without a fix point are the identity. Fixes inside a region run.

func.func @main(%x: tensor<1x48xf32>) -> (tensor<1x48xf32>, tensor<1x48xf32>, tensor<1x48xf32>,
                                         tensor<1x48xf32>, tensor<1x48xf32>, tensor<1x48xf32>,
                                         tensor<1x48xf32>) {
  %r:7 = nndct.region "quant_0" {
    %0 = nndct.fix %x kind <activation> round <half_up> bits 8 fp 2 : tensor<1x48xf32>
    %1 = nndct.fix %x kind <weight> round <std_round> bits 8 fp 2 : tensor<1x48xf32>
    %2 = nndct.fix %x kind <activation> round <half_even> bits 8 fp 2 : tensor<1x48xf32>
    %3 = nndct.fix %x kind <activation> round <floor> bits 8 fp 2 : tensor<1x48xf32>
    %4 = nndct.fix %x kind <activation> round <half_up> bits 8 fp -1 : tensor<1x48xf32>
    %5 = nndct.fix %x kind <activation> round <half_up> bits 4 fp 6 {is_signed = false} : tensor<1x48xf32>
    %6 = nndct.fix %x kind <activation> round <half_up> bits 8 : tensor<1x48xf32>
    nndct.yield %0, %1, %2, %3, %4, %5, %6 : tensor<1x48xf32>, tensor<1x48xf32>, tensor<1x48xf32>,
        tensor<1x48xf32>, tensor<1x48xf32>, tensor<1x48xf32>, tensor<1x48xf32>
  } : tensor<1x48xf32>, tensor<1x48xf32>, tensor<1x48xf32>, tensor<1x48xf32>, tensor<1x48xf32>,
      tensor<1x48xf32>, tensor<1x48xf32>
  return %r#0, %r#1, %r#2, %r#3, %r#4, %r#5, %r#6 : tensor<1x48xf32>, tensor<1x48xf32>, tensor<1x48xf32>,
      tensor<1x48xf32>, tensor<1x48xf32>, tensor<1x48xf32>, tensor<1x48xf32>
}