//===- QuantOpInterface.td - how an op takes part in PTQ ---*- tablegen -*-===//
//
// The op classification that quantization, the integer interpreter and the
// exporters share, declared once per op in NNDCTOps.td: each nndct op lists
// exactly one role trait (a missing or doubled one fails the build), plus
// the property traits that apply. Consumers ask `ir/QuantRole.h`, never a
// list of op types of their own.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_QUANT_OP_INTERFACE_TD
#define NNDCT_QUANT_OP_INTERFACE_TD

include "mlir/IR/OpBase.td"

class NNDCT_OpTrait<string name, code extraDecl = "">
    : NativeOpTrait<name, [], extraDecl> {
  let cppNamespace = "::mlir::nndct";
}

//===----------------------------------------------------------------------===//
// Roles (spec §Quant groups): exactly one per op.
//===----------------------------------------------------------------------===//

/// A quant group head: a quantizable op with its own output fix.
def NNDCT_ComputeRole : NNDCT_OpTrait<"ComputeRole">;
/// An activation or shape op: joins its producer's group when it is the
/// producer's only consumer, else heads its own group.
def NNDCT_FollowerRole : NNDCT_OpTrait<"FollowerRole">;
/// A concat: inputs consumed only by it share its output fix.
def NNDCT_ConcatRole : NNDCT_OpTrait<"ConcatRole">;
/// A region input (quant_stub): gets an input fix.
def NNDCT_InputRole : NNDCT_OpTrait<"InputRole">;
/// A constant: fixed as weight or bias where a quantized op reads it.
def NNDCT_ConstantRole : NNDCT_OpTrait<"ConstantRole">;
/// Region markers and terminators: neither quantized nor errors.
def NNDCT_StructuralRole : NNDCT_OpTrait<"StructuralRole">;
/// No power-of-two kernel: computes in float even inside a quantized region.
def NNDCT_FloatRole : NNDCT_OpTrait<"FloatRole">;
/// Must not appear in a quantized region; `reason` says why.
class NNDCT_ForbiddenRole<string reason> : NNDCT_OpTrait<"ForbiddenRole", [{
    static ::llvm::StringRef getForbiddenReason() { return "}] # reason # [{"; }
  }]>;
/// The role depends on the op's attributes: the op defines
/// `::mlir::nndct::QuantRole computeQuantRole()`.
def NNDCT_AttributeDependentRole : NNDCT_OpTrait<"AttributeDependentRole">;

//===----------------------------------------------------------------------===//
// Properties
//===----------------------------------------------------------------------===//

/// The result holds values of operand 0 only, moved or filtered (relu's 0 is
/// one of the grid's values): the op runs unchanged on integer codes and its
/// result has its operand's fix point.
def NNDCT_ValuePreserving : NNDCT_OpTrait<"ValuePreserving">;
/// The result has operand 0's fix point, but the arithmetic (clamp bounds,
/// pad values) must be redone on the dequantized grid.
def NNDCT_KeepsOperandFixPoint : NNDCT_OpTrait<"KeepsOperandFixPoint">;
/// The op's optional `bias` operand is quantized as a bias (a `bias` fix,
/// corrected by bias correction).
def NNDCT_HasBiasOperand : NNDCT_OpTrait<"HasBiasOperand">;
/// A transcendental float op (exp, tanh, erf...): its float result depends
/// on the math library's last-bit rounding, so an exact export can differ
/// from nndct's interpreter by one ulp.
def NNDCT_LibmRounding : NNDCT_OpTrait<"LibmRounding">;

//===----------------------------------------------------------------------===//
// The interface every nndct op has
//===----------------------------------------------------------------------===//

def NNDCT_QuantOpInterface : OpInterface<"QuantOpInterface"> {
  let description = [{
    How an nndct op takes part in quantization, from its role and property
    traits. Attached to every nndct op by `NNDCT_Op`.
  }];
  let cppNamespace = "::mlir::nndct";
  let methods = [
    InterfaceMethod<"The role declared by the op's role trait.",
      "::mlir::nndct::QuantRole", "getDeclaredQuantRole", (ins), [{}],
      [{ return ::mlir::nndct::detail::declaredRole<ConcreteOp>($_op); }]>,
    InterfaceMethod<"Why the op must not be in a quantized region (empty "
                    "unless its role is Forbidden).",
      "::llvm::StringRef", "getForbiddenReason", (ins), [{}],
      [{ return ::mlir::nndct::detail::forbiddenReason<ConcreteOp>(); }]>,
    InterfaceMethod<"True when operand `index` is the op's bias.",
      "bool", "isBiasOperand", (ins "unsigned":$index), [{}],
      [{ return ::mlir::nndct::detail::isBias<ConcreteOp>($_op, index); }]>,
  ];
}

#endif // NNDCT_QUANT_OP_INTERFACE_TD
