# lit configuration for nndct: every .mlir (and .test) file under test/ is a
# test whose RUN lines call nndct-opt / nndct-translate / nndct and FileCheck.
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "NNDCT"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py",
                   "consumer", "unit", "corpus"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.nndct_obj_root, "test")

llvm_config.with_system_environment(["HOME", "PATH", "TMPDIR"])
llvm_config.use_default_substitutions()
llvm_config.add_tool_substitutions(
    ["nndct-opt", "nndct-translate", "nndct"], [config.nndct_tools_dir])
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
config.substitutions.append(("%python", config.python3))
config.substitutions.append(("%nndct_src", config.nndct_src_root))
config.substitutions.append(("%nndct_obj", config.nndct_obj_root))
# npm packages (onnxruntime-node) and pretrained models that setup.sh fetched.
config.substitutions.append(("%node_modules",
                             os.path.join(config.nndct_deps_dir, "npm", "node_modules")))
config.substitutions.append(("%models", os.path.join(config.nndct_deps_dir, "models")))
if config.nndct_have_torch:
    config.available_features.add("torch")
# The nndct Python package (tools/python) as the build tree has it:
# %nndct_python runs Debian's python3 with it and test/python/Inputs on the
# path.
if config.nndct_python_dir and os.path.isdir(os.path.join(config.nndct_python_dir, "nndct")):
    config.available_features.add("nndct-python")
    config.substitutions.append((
        "%nndct_python",
        "env PYTHONPATH=%s:%s NNDCT_SRC=%s NNDCT_BIN=%s %s" % (
            config.nndct_python_dir,
            os.path.join(config.nndct_src_root, "test", "python", "Inputs"),
            config.nndct_src_root, config.nndct_tools_dir, config.python3)))

# npm packages for cross-checks (onnxruntime-node runs exported ONNX models):
# $NNDCT_NODE_MODULES, else what setup.sh installs under .deps/npm.
node_modules = os.environ.get(
    "NNDCT_NODE_MODULES",
    os.path.join(config.nndct_src_root, ".deps", "npm", "node_modules"))
config.substitutions.append(("%node_modules", node_modules))
if os.path.isdir(os.path.join(node_modules, "onnxruntime-node")):
    config.available_features.add("onnxruntime")

# Headless Chromium for the browser test of `nndct inspect --html`
# ($NNDCT_CHROMIUM, else chromium on PATH; setup.sh installs it).
import shutil
chromium = os.environ.get("NNDCT_CHROMIUM") or shutil.which("chromium")
if chromium:
    config.available_features.add("chromium")
    config.substitutions.append(("%chromium", chromium))
