"""The accurate tier's transformer layers as an onnxruntime graph.

:class:`~frictionscan.detect.encoder.MiniLM` computes the embeddings, pooling and head in numpy and
hands the six transformer layers to onnxruntime when it is installed (``frictionscan[accurate]``
installs it): its fused kernels run the same float32 arithmetic about twice as fast per core as
numpy's separate BLAS calls and temporaries, and the outputs agree to about 1e-6 (a test compares
the two on every run). The graph is built in memory from the weights the encoder already loaded
and verified, so no model file is read or written here and nothing is downloaded.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

__all__ = ["available", "layers_session", "threads_for_blas_limit"]

_OPSET = 17  # LayerNormalization became a standard operator in opset 17


def available() -> bool:
    """Whether ``onnx`` and ``onnxruntime`` are importable (both come with ``frictionscan[accurate]``)."""
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in ("onnx", "onnxruntime"))


def threads_for_blas_limit() -> int:
    """The threads one session may use: the current BLAS limit of this process.

    ``frictionscan scan`` limits each worker's BLAS threads so that the workers together fill the
    cores and no more (:func:`frictionscan.parallel.blas_threads_per_worker`); onnxruntime keeps its
    own thread pool, so it is sized the same way. Without a BLAS library loaded: one per core.
    """
    from threadpoolctl import threadpool_info

    limits = [p["num_threads"] for p in threadpool_info() if p.get("user_api") == "blas"]
    return max(1, min(limits)) if limits else (os.cpu_count() or 1)


def _graph(layers: list[dict[str, tuple[np.ndarray, ...]]], hidden: int, heads: int) -> Any:
    """The ONNX model of BERT's encoder layers: inputs ``x`` (B x T x hidden, the embeddings after
    their LayerNorm) and ``bias`` (B x 1 x 1 x T: 0 for tokens, -1e4 for padding); output ``h``."""
    from onnx import TensorProto, helper, numpy_helper

    d = hidden // heads
    nodes: list[Any] = []
    inits: list[Any] = []

    def const(name: str, arr: Any) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(arr), name))
        return name

    def node(op: str, inputs: list[str], out: str, **attrs: Any) -> str:
        nodes.append(helper.make_node(op, inputs, [out], **attrs))
        return out

    def dense(x: str, wb: tuple[np.ndarray, ...], name: str) -> str:
        w, b = wb
        return node("Add", [node("MatMul", [x, const(name + ".w", w.astype(np.float32))], name + ".mm"),
                            const(name + ".b", b.astype(np.float32))], name)

    const("split_heads", np.array([0, 0, heads, d], np.int64))
    const("merge_heads", np.array([0, 0, hidden], np.int64))
    const("scale", np.array(1.0 / np.sqrt(d), np.float32))
    const("half", np.array(0.5, np.float32))
    const("one", np.array(1.0, np.float32))
    const("rsqrt2", np.array(1.0 / np.sqrt(2.0), np.float32))
    x = "x"
    for i, layer in enumerate(layers):
        p = f"layer{i}."
        qkv_w, qkv_b = layer["qkv"]
        q, k, v = (node("Reshape", [dense(x, (qkv_w[:, j * hidden:(j + 1) * hidden],
                                              qkv_b[j * hidden:(j + 1) * hidden]), p + name), "split_heads"],
                        p + name + ".heads")
                   for j, name in enumerate(("query", "key", "value")))
        q = node("Transpose", [q], p + "q.t", perm=[0, 2, 1, 3])
        k = node("Transpose", [k], p + "k.t", perm=[0, 2, 3, 1])
        v = node("Transpose", [v], p + "v.t", perm=[0, 2, 1, 3])
        s = node("Mul", [node("MatMul", [q, k], p + "scores.raw"), "scale"], p + "scores.scaled")
        s = node("Softmax", [node("Add", [s, "bias"], p + "scores")], p + "attention", axis=-1)
        ctx = node("Transpose", [node("MatMul", [s, v], p + "context.heads")], p + "context.t", perm=[0, 2, 1, 3])
        ctx = node("Reshape", [ctx, "merge_heads"], p + "context")
        a = node("Add", [dense(ctx, layer["o"], p + "attention.output"), x], p + "attention.residual")
        g, b = layer["ln1"]
        a = node("LayerNormalization", [a, const(p + "ln1.g", g), const(p + "ln1.b", b)], p + "ln1",
                 axis=-1, epsilon=1e-12)
        h = dense(a, layer["i"], p + "intermediate")
        erf = node("Erf", [node("Mul", [h, "rsqrt2"], p + "gelu.z")], p + "gelu.erf")
        h = node("Mul", [node("Mul", [h, node("Add", [erf, "one"], p + "gelu.1p")], p + "gelu.x"), "half"],
                 p + "gelu")
        y = node("Add", [dense(h, layer["out"], p + "output"), a], p + "output.residual")
        g, b = layer["ln2"]
        x = node("LayerNormalization", [y, const(p + "ln2.g", g), const(p + "ln2.b", b)], p + "ln2",
                 axis=-1, epsilon=1e-12)
    nodes.append(helper.make_node("Identity", [x], ["h"]))
    graph = helper.make_graph(
        nodes, "minilm_layers",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", "tokens", hidden]),
         helper.make_tensor_value_info("bias", TensorProto.FLOAT, ["batch", 1, 1, "tokens"])],
        [helper.make_tensor_value_info("h", TensorProto.FLOAT, ["batch", "tokens", hidden])],
        initializer=inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", _OPSET)], ir_version=8)


def layers_session(layers: list[dict[str, tuple[np.ndarray, ...]]], hidden: int, heads: int, threads: int) -> Any:
    """An ``onnxruntime.InferenceSession`` running ``layers`` on ``threads`` threads (CPU only)."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = max(1, int(threads))
    opts.inter_op_num_threads = 1
    # idle pool threads sleep instead of spinning: scan's workers share the cores
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    opts.log_severity_level = 3
    model = _graph(layers, hidden, heads).SerializeToString()
    return ort.InferenceSession(model, opts, providers=["CPUExecutionProvider"])
