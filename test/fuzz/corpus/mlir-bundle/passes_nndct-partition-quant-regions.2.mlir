
// No stubs and no names: the whole body is one region; a float op (sigmoid)
// stays inside, unquantized.
func.func @whole(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %r = nndct.relu %x : tensor<1x8xf32>
  %s = nndct.sigmoid %r : tensor<1x8xf32>
  return %s : tensor<1x8xf32>
}
