//===- QuantConfig.cpp - vai_q_pytorch's quant_config_file for nndct ------===//
//
// A small schema walk over llvm::json: every object's keys are checked
// against the keys vai_q_pytorch documents, every value against what the
// NPU can execute, and the supported settings are collected.
//
//===----------------------------------------------------------------------===//

#include "tools/nndct/QuantConfig.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace mlir;
using namespace mlir::nndct;
namespace json = llvm::json;

namespace {

/// Walks one config file; the first error wins.
class ConfigReader {
public:
  ConfigReader(llvm::StringRef path, int64_t bits)
      : path(path), targetBits(bits) {}

  llvm::Error fail(const llvm::Twine &key, const llvm::Twine &why) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   path + ": " + key + ": " + why);
  }

  llvm::Error checkKeys(const json::Object &obj, const llvm::Twine &where,
                        std::initializer_list<llvm::StringLiteral> known) {
    for (const auto &kv : obj) {
      llvm::StringRef key = kv.first;
      if (!llvm::is_contained(known, key)) {
        std::string list;
        for (llvm::StringLiteral k : known)
          list += (list.empty() ? "" : ", ") + k.str();
        return fail(where.isTriviallyEmpty() ? key : (where + "." + key).str(),
                    "unknown key (expected one of: " + list + ")");
      }
    }
    return llvm::Error::success();
  }

  /// `kind`: input, weights, bias, activation, or "" for overall settings.
  llvm::Error readTensorParams(const json::Value &value,
                               const std::string &where, llvm::StringRef kind,
                               QuantConfig &out, bool global) {
    const json::Object *obj = value.getAsObject();
    if (!obj)
      return fail(where, "expected an object of quantization parameters");
    if (llvm::Error e =
            checkKeys(*obj, where,
                      {"datatype", "bit_width", "method", "round_mode",
                       "symmetry", "per_channel", "signed", "narrow_range",
                       "scale_type", "calib_statistic_method", "percentage"}))
      return e;
    bool isParam = kind == "weights" || kind == "bias";
    for (const auto &kv : *obj) {
      std::string key = where + "." + kv.first.str();
      const json::Value &v = kv.second;
      llvm::StringRef name = kv.first;
      auto wantBool = [&](bool legal, llvm::StringRef why) -> llvm::Error {
        std::optional<bool> b = v.getAsBoolean();
        if (!b)
          return fail(key, "expected true or false");
        if (*b != legal)
          return fail(key, why);
        return llvm::Error::success();
      };
      if (name == "datatype") {
        std::optional<llvm::StringRef> s = v.getAsString();
        if (!s)
          return fail(key, "expected a string");
        if (*s != "int")
          return fail(key, "'" + *s +
                               "' is not executable on the NPU, which computes "
                               "int" +
                               llvm::Twine(targetBits) + " (use \"int\")");
      } else if (name == "bit_width") {
        std::optional<int64_t> b = v.getAsInteger();
        if (!b)
          return fail(key, "expected an integer");
        if (*b != targetBits)
          return fail(key, llvm::Twine(*b) + " bits: the target computes " +
                               llvm::Twine(targetBits) + "-bit tensors only");
      } else if (name == "method") {
        std::optional<llvm::StringRef> s = v.getAsString();
        if (!s)
          return fail(key, "expected a string");
        std::optional<CalibrationMethod> method =
            symbolizeChoice<CalibrationMethod>(*s);
        if (!method)
          return fail(key, "unknown method '" + *s + "' (" +
                               listChoices<CalibrationMethod>() + ")");
        std::optional<ParamMethod> paramMethod =
            symbolizeChoice<ParamMethod>(*s);
        if (isParam && !paramMethod)
          return fail(key, "weights and biases are quantized with " +
                               listChoices<ParamMethod>() + "; '" + *s +
                               "' needs activation statistics");
        if (!global) {
          // Per-layer: only restating the global choice is supported.
          PTQOptions defaults;
          llvm::StringRef effective =
              isParam ? stringifyChoice(
                            out.paramMethod.value_or(defaults.paramMethod))
                      : stringifyChoice(out.method.value_or(defaults.method));
          if (*s != effective)
            return fail(key, "per-layer method '" + *s +
                                 "' differs from the global '" + effective +
                                 "': nndct applies one method per tensor kind");
          continue;
        }
        if (kind.empty()) {
          out.method = method;
          if (paramMethod)
            out.paramMethod = paramMethod;
        } else if (kind == "input") {
          // Inputs always use the non-overflow fp (spec §Calibration).
        } else if (isParam) {
          if (out.paramMethod && out.paramMethod != paramMethod)
            return fail(key, "weights and bias must use the same method ('" +
                                 stringifyChoice(*out.paramMethod) + "' vs '" +
                                 *s + "')");
          out.paramMethod = paramMethod;
        } else {
          out.method = method;
        }
      } else if (name == "round_mode") {
        std::optional<llvm::StringRef> s = v.getAsString();
        if (!s)
          return fail(key, "expected a string");
        if (*s != "half_even" && *s != "half_up" && *s != "half_down" &&
            *s != "std_round")
          return fail(key, "unknown round mode '" + *s + "'");
        if (kind.empty()) {
          if (*s != "half_up" && *s != "std_round")
            return fail(
                key, "'" + *s +
                         "' is not what the NPU does: activations round "
                         "half_up (DPU_ROUND), weights and biases std_round");
        } else if (isParam && *s != "std_round") {
          return fail(key, "'" + *s + "': the NPU's " + kind +
                               " are rounded std_round (STD_ROUND)");
        } else if (!isParam && *s != "half_up") {
          return fail(key, "'" + *s + "': the NPU rounds " + kind +
                               " half_up (DPU_ROUND)");
        }
      } else if (name == "symmetry") {
        if (llvm::Error e =
                wantBool(true, "asymmetric quantization (zero point != 0) is "
                               "not executable on the NPU"))
          return e;
      } else if (name == "per_channel") {
        if (llvm::Error e =
                wantBool(false, "per-channel scales are not executable on the "
                                "NPU (one power-of-two scale per tensor)"))
          return e;
      } else if (name == "signed") {
        if (llvm::Error e =
                wantBool(true, "unsigned tensors are not executable on the NPU "
                               "(signed int8 only)"))
          return e;
      } else if (name == "narrow_range") {
        if (llvm::Error e =
                wantBool(false, "narrow range is rejected by the NPU path "
                                "(full range [-128, 127])"))
          return e;
      } else if (name == "scale_type") {
        std::optional<llvm::StringRef> s = v.getAsString();
        if (!s)
          return fail(key, "expected a string");
        if (*s != "poweroftwo")
          return fail(key, "'" + *s +
                               "' scales are not executable on the NPU, which "
                               "shifts by powers of two (use \"poweroftwo\")");
      } else if (name == "calib_statistic_method") {
        std::optional<llvm::StringRef> s = v.getAsString();
        if (!s)
          return fail(key, "expected a string");
        if (*s != "modal" && *s != "mean" && *s != "median" && *s != "max")
          return fail(key, "unknown statistic '" + *s + "'");
        if (*s != "modal")
          return fail(key, "'" + *s +
                               "' is not supported: nndct takes the modal "
                               "fix point over batches (\"modal\")");
      } else if (name == "percentage") {
        std::optional<double> p = v.getAsNumber();
        if (!p || *p <= 0 || *p > 100)
          return fail(key, "expected a number in (0, 100]");
        if (global)
          out.percentile = *p;
      }
    }
    return llvm::Error::success();
  }

  llvm::Error readTensorConfig(const json::Value &value,
                               const std::string &where, QuantConfig &out,
                               bool global) {
    const json::Object *obj = value.getAsObject();
    if (!obj)
      return fail(
          where,
          "expected an object keyed by input, weights, bias, activation");
    if (llvm::Error e =
            checkKeys(*obj, where, {"input", "weights", "bias", "activation"}))
      return e;
    for (const auto &kv : *obj)
      if (llvm::Error e = readTensorParams(
              kv.second, where + "." + kv.first.str(), kv.first, out, global))
        return e;
    return llvm::Error::success();
  }

  llvm::Error readDataTypes(const json::Value &value,
                            const std::string &where) {
    const json::Array *list = value.getAsArray();
    if (!list)
      return fail(where, "expected a list of input, weights, bias, activation");
    llvm::StringSet<> seen;
    for (const json::Value &v : *list) {
      std::optional<llvm::StringRef> s = v.getAsString();
      if (!s || (*s != "input" && *s != "weights" && *s != "bias" &&
                 *s != "activation"))
        return fail(where, "expected input, weights, bias or activation");
      seen.insert(*s);
    }
    if (seen.size() != 4)
      return fail(where,
                  "the NPU quantizes input, weights, bias and activation "
                  "together; leaving some float is not supported");
    return llvm::Error::success();
  }

  llvm::Expected<QuantConfig> read(llvm::StringRef text) {
    llvm::Expected<json::Value> root = json::parse(text);
    if (!root)
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          path + ": invalid JSON: " + llvm::toString(root.takeError()));
    const json::Object *obj = root->getAsObject();
    if (!obj)
      return fail("(top level)", "expected a JSON object");
    if (llvm::Error e = checkKeys(
            *obj, "",
            {"convert_relu6_to_relu", "convert_silu_to_hswish", "include_cle",
             "include_bias_corr", "keep_first_last_layer_accuracy",
             "keep_add_layer_accuracy", "target_device", "onnx_opset_version",
             "change_concat_input_fix", "change_pool_input_fix",
             "quantizable_data_type", "overall_quantize_config",
             "tensor_quantize_config", "layer_quantize_config"}))
      return std::move(e);

    QuantConfig out;
    auto boolKey =
        [&](llvm::StringRef key) -> llvm::Expected<std::optional<bool>> {
      const json::Value *v = obj->get(key);
      if (!v)
        return std::optional<bool>();
      std::optional<bool> b = v->getAsBoolean();
      if (!b)
        return fail(key, "expected true or false");
      return b;
    };
    struct Unsupported {
      llvm::StringLiteral key;
      bool legal;
      const char *why;
    };
    for (const Unsupported &u : std::initializer_list<Unsupported>{
             {"convert_relu6_to_relu", false,
              "not supported: nndct keeps relu6, which the NPU executes"},
             {"keep_first_last_layer_accuracy", false,
              "not supported: every layer of a region runs int8 on the NPU"},
             {"keep_add_layer_accuracy", false,
              "not supported: every layer of a region runs int8 on the NPU"},
             {"change_concat_input_fix", true,
              "the NPU requires concat inputs and output to share one fix "
              "point"},
             {"change_pool_input_fix", true,
              "the NPU requires pool inputs and outputs to share one fix "
              "point"}}) {
      llvm::Expected<std::optional<bool>> b = boolKey(u.key);
      if (!b)
        return b.takeError();
      if (*b && **b != u.legal)
        return fail(u.key, u.why);
    }
    llvm::Expected<std::optional<bool>> cle = boolKey("include_cle");
    if (!cle)
      return cle.takeError();
    out.equalize = *cle;
    // vai's SiLU -> hard swish is nndct-legalize-target's convert-silu.
    llvm::Expected<std::optional<bool>> silu =
        boolKey("convert_silu_to_hswish");
    if (!silu)
      return silu.takeError();
    out.convertSilu = *silu;
    llvm::Expected<std::optional<bool>> bias = boolKey("include_bias_corr");
    if (!bias)
      return bias.takeError();
    if (*bias)
      out.biasCorrection = **bias;
    if (const json::Value *v = obj->get("target_device")) {
      std::optional<llvm::StringRef> s = v->getAsString();
      if (!s || (*s != "DPU" && *s != "CPU" && *s != "GPU"))
        return fail("target_device", "expected DPU, CPU or GPU");
      if (*s != "DPU")
        return fail("target_device", "'" + *s +
                                         "': nndct quantizes for the NPU "
                                         "(DPU semantics); use \"DPU\"");
    }
    if (const json::Value *v = obj->get("onnx_opset_version")) {
      std::optional<int64_t> n = v->getAsInteger();
      if (!n || *n < 13 || *n > 17)
        return fail("onnx_opset_version", "expected an integer from 13 to 17");
      out.onnxOpset = *n;
    }
    if (const json::Value *v = obj->get("quantizable_data_type"))
      if (llvm::Error e = readDataTypes(*v, "quantizable_data_type"))
        return std::move(e);
    if (const json::Value *v = obj->get("overall_quantize_config"))
      if (llvm::Error e =
              readTensorParams(*v, "overall_quantize_config", "", out, true))
        return std::move(e);
    if (const json::Value *v = obj->get("tensor_quantize_config"))
      if (llvm::Error e =
              readTensorConfig(*v, "tensor_quantize_config", out, true))
        return std::move(e);
    if (const json::Value *v = obj->get("layer_quantize_config")) {
      const json::Array *layers = v->getAsArray();
      if (!layers)
        return fail("layer_quantize_config", "expected a list");
      for (size_t i = 0; i < layers->size(); ++i) {
        std::string where = "layer_quantize_config[" + std::to_string(i) + "]";
        const json::Object *layer = (*layers)[i].getAsObject();
        if (!layer)
          return fail(where, "expected an object");
        if (llvm::Error e = checkKeys(
                *layer, where,
                {"layer_type", "layer_name", "quantizable_data_type",
                 "overall_quantize_config", "tensor_quantize_config"}))
          return std::move(e);
        if (!layer->get("layer_type") && !layer->get("layer_name"))
          return fail(where, "needs layer_type or layer_name");
        if (const json::Value *t = layer->get("quantizable_data_type"))
          if (llvm::Error e =
                  readDataTypes(*t, where + ".quantizable_data_type"))
            return std::move(e);
        if (const json::Value *t = layer->get("overall_quantize_config"))
          if (llvm::Error e = readTensorParams(
                  *t, where + ".overall_quantize_config", "", out, false))
            return std::move(e);
        if (const json::Value *t = layer->get("tensor_quantize_config"))
          if (llvm::Error e = readTensorConfig(
                  *t, where + ".tensor_quantize_config", out, false))
            return std::move(e);
      }
    }
    return out;
  }

private:
  std::string path;
  int64_t targetBits;
};

} // namespace

llvm::Expected<QuantConfig> mlir::nndct::readQuantConfig(llvm::StringRef path,
                                                         int64_t targetBits) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return llvm::createStringError(
        buffer.getError(),
        path + ": cannot read: " + buffer.getError().message());
  return parseQuantConfig((*buffer)->getBuffer(), path, targetBits);
}

llvm::Expected<QuantConfig> mlir::nndct::parseQuantConfig(llvm::StringRef text,
                                                          llvm::StringRef name,
                                                          int64_t targetBits) {
  return ConfigReader(name, targetBits).read(text);
}

std::vector<std::pair<std::string, std::string>>
QuantConfig::pipelineOptions() const {
  std::vector<std::pair<std::string, std::string>> options;
  auto flag = [](bool b) { return std::string(b ? "true" : "false"); };
  if (method)
    options.emplace_back("method", stringifyChoice(*method).str());
  if (paramMethod)
    options.emplace_back("param-method", stringifyChoice(*paramMethod).str());
  if (percentile)
    options.emplace_back("percentile", std::to_string(*percentile));
  if (biasCorrection)
    options.emplace_back("bias-correction", flag(*biasCorrection));
  if (convertSilu)
    options.emplace_back("convert-silu", flag(*convertSilu));
  if (equalize)
    options.emplace_back("equalize", flag(*equalize));
  return options;
}
