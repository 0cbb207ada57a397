#!/usr/bin/env python3
"""Writes the ONNX models of import-sampling.test: Resize's cubic and
crop-and-resize forms, GridSample and RoiAlign (and forms nndct rejects).

usage: make_sampling_models.py NAME OUT.onnx
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def model(nodes, inputs, outputs, inits=(), opset=16, check=True):
    g = helper.make_graph(nodes, "g", inputs, outputs, list(inits))
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)],
                          producer_name="nndct-test")
    m.ir_version = 8
    if check:
        onnx.checker.check_model(m)
    return m


def const(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


def vi(name, shape, elem=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, elem, shape)


def sampling16():
    """Every sampling form at opset 16."""
    n = helper.make_node
    nodes = [
        n("Resize", ["x", "", "scales"], ["cubic"], name="cubic", mode="cubic",
          cubic_coeff_a=-0.5, exclude_outside=1),
        n("Resize", ["x", "", "", "sizes"], ["cubic_ac"], name="cubic_ac",
          mode="cubic", coordinate_transformation_mode="align_corners"),
        n("Resize", ["x", "roi", "", "sizes"], ["crop"], name="crop",
          mode="linear", coordinate_transformation_mode="tf_crop_and_resize",
          extrapolation_value=10.0),
        # Crop with scales: the output spans the box (floor(5 * 0.6 * 2)).
        n("Resize", ["x", "roi", "scales"], ["crop_s"], name="crop_s",
          mode="nearest", coordinate_transformation_mode="tf_crop_and_resize"),
        n("GridSample", ["x", "grid"], ["gs"], name="gs", mode="bicubic",
          padding_mode="reflection", align_corners=1),
        n("GridSample", ["x", "grid"], ["gs_default"], name="gs_default"),
        n("RoiAlign", ["x", "rois", "idx"], ["ra"], name="ra", mode="max",
          output_height=2, output_width=3, sampling_ratio=2,
          spatial_scale=0.25, coordinate_transformation_mode="output_half_pixel"),
        n("RoiAlign", ["x", "rois", "idx"], ["ra_default"], name="ra_default"),
    ]
    inits = [const("scales", np.array([1, 1, 2, 2], np.float32)),
             const("sizes", np.array([1, 3, 3, 4], np.int64)),
             const("roi", np.array([0, 0, 0.2, 0.1, 1, 1, 0.8, 1.1], np.float32))]
    return model(nodes, [vi("x", [1, 3, 5, 6]), vi("grid", [1, 4, 2, 2]),
                         vi("rois", [2, 4]), vi("idx", [2], TensorProto.INT64)],
                 [vi("cubic", [1, 3, 10, 12]), vi("cubic_ac", [1, 3, 3, 4]),
                  vi("crop", [1, 3, 3, 4]), vi("crop_s", [1, 3, 6, 12]),
                  vi("gs", [1, 3, 4, 2]), vi("gs_default", [1, 3, 4, 2]),
                  vi("ra", [2, 3, 2, 3]), vi("ra_default", [2, 3, 1, 1])],
                 inits)


def roialign10():
    """Opset 10 RoiAlign: output_half_pixel boxes (no coordinate mode)."""
    n = helper.make_node
    return model([n("RoiAlign", ["x", "rois", "idx"], ["y"], name="ra10",
                    output_height=2, output_width=2)],
                 [vi("x", [1, 3, 5, 6]), vi("rois", [2, 4]),
                  vi("idx", [2], TensorProto.INT64)],
                 [vi("y", [2, 3, 2, 2])], opset=10)


def grid_sample20():
    """Opset 20's mode names."""
    n = helper.make_node
    return model([n("GridSample", ["x", "grid"], ["y"], name="gs20",
                    mode="cubic", padding_mode="border")],
                 [vi("x", [1, 3, 5, 6]), vi("grid", [1, 4, 2, 2])],
                 [vi("y", [1, 3, 4, 2])], opset=20, check=False)


def bad(which):
    """Forms nndct rejects (the import stops at the first)."""
    n = helper.make_node
    nodes = {
        "crop_nc": n("Resize", ["x", "roi", "", "sizes"], ["y"], name="crop_nc",
                     mode="linear",
                     coordinate_transformation_mode="tf_crop_and_resize"),
        "gs3": n("GridSample", ["v", "grid3"], ["y"], name="gs3"),
        "gsp": n("GridSample", ["x", "grid"], ["y"], name="gsp",
                 padding_mode="wrap"),
        "ra_mode": n("RoiAlign", ["x", "rois", "idx"], ["y"], name="ra_mode",
                     coordinate_transformation_mode="asymmetric"),
    }
    inits = [const("sizes", np.array([1, 3, 3, 4], np.int64)),
             const("roi", np.array([0, 0.5, 0, 0, 1, 1, 1, 1], np.float32))]
    return model([nodes[which]],
                 [vi("x", [1, 3, 5, 6]), vi("v", [1, 3, 2, 5, 6]),
                  vi("grid", [1, 4, 2, 2]), vi("grid3", [1, 2, 4, 2, 3]),
                  vi("rois", [2, 4]), vi("idx", [2], TensorProto.INT64)],
                 [vi("y", None)], inits, opset=20, check=False)


MODELS = {f.__name__: f for f in [sampling16, roialign10, grid_sample20]}
MODELS.update({"bad_" + k: (lambda k=k: bad(k))
               for k in ("crop_nc", "gs3", "gsp", "ra_mode")})

if __name__ == "__main__":
    onnx.save(MODELS[sys.argv[1]](), sys.argv[2])
