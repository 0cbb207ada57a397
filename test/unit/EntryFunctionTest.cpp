//===- EntryFunctionTest.cpp - the one "which function" rule --------------===//
//
// findEntryFunction on modules with one, several, no and declared-only
// functions, with and without an explicit name, and the reasons it gives.
//
//===----------------------------------------------------------------------===//

#include "ir/EntryFunction.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace mlir::nndct;

namespace {

struct Module {
  MLIRContext context;
  OwningOpRef<ModuleOp> module;
  explicit Module(StringRef text) {
    context.loadDialect<func::FuncDialect>();
    module = parseSourceString<ModuleOp>(text, &context);
  }
  /// The entry's name, or "!" + the reason there is none.
  std::string entry(StringRef name = {}) {
    std::string whyNot;
    func::FuncOp f = findEntryFunction(*module, name, &whyNot);
    return f ? f.getSymName().str() : "!" + whyNot;
  }
};

} // namespace

TEST(EntryFunction, TheOnlyFunctionWithABody) {
  Module m(R"mlir(
    func.func private @helper(%x: f32) -> f32
    func.func @net(%x: f32) -> f32 { return %x : f32 }
  )mlir");
  ASSERT_TRUE(m.module);
  EXPECT_EQ(m.entry(), "net");
  // A declared @main is no function to run.
  Module withMain(R"mlir(
    func.func private @main(%x: f32) -> f32
    func.func @net(%x: f32) -> f32 { return %x : f32 }
  )mlir");
  EXPECT_EQ(withMain.entry(), "net");
}

TEST(EntryFunction, MainAmongSeveral) {
  Module m(R"mlir(
    func.func @a() { return }
    func.func @main() { return }
    func.func @b() { return }
  )mlir");
  ASSERT_TRUE(m.module);
  EXPECT_EQ(m.entry(), "main");
  EXPECT_EQ(m.entry("b"), "b");
}

TEST(EntryFunction, AmbiguousWithoutMain) {
  Module m(R"mlir(
    func.func @a() { return }
    func.func @b() { return }
  )mlir");
  ASSERT_TRUE(m.module);
  EXPECT_EQ(m.entry(), "!several functions with a body and none is @main "
                       "(functions with a body: @a, @b)");
  EXPECT_EQ(m.entry("a"), "a");
}

TEST(EntryFunction, MissingOrDeclaredName) {
  Module m(R"mlir(
    func.func private @decl()
    func.func @net() { return }
  )mlir");
  ASSERT_TRUE(m.module);
  EXPECT_EQ(m.entry("nope"),
            "!no function @nope (functions with a body: @net)");
  EXPECT_EQ(m.entry("decl"),
            "!function @decl has no body (functions with a body: @net)");
}

TEST(EntryFunction, NoFunctionWithABody) {
  Module m(R"mlir(
    func.func private @main()
  )mlir");
  ASSERT_TRUE(m.module);
  EXPECT_EQ(m.entry(), "!the module has no function with a body");
  EXPECT_EQ(
      m.entry("main"),
      "!function @main has no body (the module has no function with a body)");
}

TEST(EntryFunction, ManyNamesAreCut) {
  std::string text;
  for (int i = 0; i < 12; ++i)
    text += "func.func @f" + std::to_string(i) + "() { return }\n";
  Module m(text);
  ASSERT_TRUE(m.module);
  EXPECT_EQ(m.entry(), "!several functions with a body and none is @main "
                       "(functions with a body: @f0, @f1, @f2, @f3, @f4, @f5, "
                       "@f6, @f7, ...)");
}

TEST(EntryFunction, LookupEmitsWithContext) {
  Module m(R"mlir(
    func.func @a() { return }
    func.func @b() { return }
  )mlir");
  ASSERT_TRUE(m.module);
  std::string message;
  ScopedDiagnosticHandler handler(&m.context, [&](Diagnostic &d) {
    message = d.str();
    return success();
  });
  EXPECT_TRUE(failed(lookupEntryFunction(*m.module, {}, "nndct-calibrate")));
  EXPECT_EQ(message,
            "nndct-calibrate: several functions with a body and none is "
            "@main (functions with a body: @a, @b)");
  EXPECT_TRUE(
      succeeded(lookupEntryFunction(*m.module, "b", "nndct-calibrate")));
}
