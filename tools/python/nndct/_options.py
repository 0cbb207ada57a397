"""Keyword options -> the textual options of nndct's PTQ pipeline.

The C++ library parses one text ("method=diffs equalize=true ..."), the
same as `nndct-opt --nndct-ptq-pipeline="..."`; Python spells the names
with underscores. Unknown names are a TypeError here, bad values an
nndct.Error from the compiler, naming the option.
"""

# Python name -> pipeline option (what `nndct quantize` calls --cle is the
# pipeline's `equalize`).
PIPELINE_OPTIONS = {
    "method": "method",
    "batch": "batch",
    "statistics": "statistics",
    "threads": "threads",
    "param_method": "param-method",
    "objective": "objective",
    "fix_point_strategy": "fix-point-strategy",
    "percentile": "percentile",
    "bias_correction": "bias-correction",
    "bias_correction_method": "bias-correction-method",
    "bias_correction_rate": "bias-correction-rate",
    "fold_affine": "fold-affine",
    "cle": "equalize",
    "equalize": "equalize",
    "fast_finetune": "fast-finetune",
    "finetune_method": "finetune-method",
    "emulate_npu": "emulate-npu",
    "convert_sigmoid": "convert-sigmoid",
    "convert_silu": "convert-silu",
    "keep_float": "keep-float",
    "max_float_ops": "max-float-ops",
    "keep_float_sqnr": "keep-float-sqnr",
    "quant_begin": "quant-begin",
    "quant_end": "quant-end",
}


def _text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    return str(value)


def pipeline_options(config, kwargs, what):
    """Merges `config` (pipeline names -> text, from a quant_config_file)
    with keyword options (which win) into {pipeline name: text}."""
    merged = dict(config)
    for key, value in kwargs.items():
        if key not in PIPELINE_OPTIONS:
            raise TypeError(f"{what}() got an unexpected keyword argument "
                            f"'{key}' (known: {', '.join(sorted(PIPELINE_OPTIONS))})")
        if value is None:
            continue
        merged[PIPELINE_OPTIONS[key]] = _text(value)
    # As `nndct quantize --keep-float-sqnr`: a target alone allows 8 ops.
    if "keep-float-sqnr" in merged and "max-float-ops" not in merged:
        merged["max-float-ops"] = "8"
    return merged


def options_text(options):
    return " ".join(f"{key}={value}" for key, value in options.items())
