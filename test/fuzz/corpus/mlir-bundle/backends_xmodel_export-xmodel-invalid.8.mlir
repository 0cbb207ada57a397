
// expected-error @+1 {{xmodel export needs a func.func @main (or exactly one function with a body)}}
module {
  func.func @a() { return }
  func.func @b() { return }
}