#!/usr/bin/env python3
"""The training step's catalog products through LibTorch's BLAS (torch.mm: OpenBLAS here) and
through oneDNN's dnnl_sgemm (the library Debian's LibTorch also links; core/train/onednngemm.h),
with Debian's python3-torch: milliseconds and GFLOP/s of each, and their largest difference.
Shapes: 512 positions, d 64, 4,385 items (Amazon Scientific), then a 1024^3 product.

Usage: /usr/bin/python3 bench/bench_train_gemm.py [THREADS=1]
"""
import ctypes
import sys
import time

import torch

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
sgemm_fn = ctypes.CDLL("libdnnl.so.2").dnnl_sgemm
sgemm_fn.restype = ctypes.c_int
sgemm_fn.argtypes = [ctypes.c_char, ctypes.c_char] + [ctypes.c_int64] * 3 + [
    ctypes.c_float, ctypes.c_void_p, ctypes.c_int64, ctypes.c_void_p, ctypes.c_int64,
    ctypes.c_float, ctypes.c_void_p, ctypes.c_int64]


def sgemm(ta, tb, a, b, c):
    """Row-major c[M, N] = op(a) op(b) through oneDNN."""
    m, n = c.shape
    k = a.shape[0] if ta == b"T" else a.shape[1]
    assert sgemm_fn(ta, tb, m, n, k, 1.0, a.data_ptr(), a.shape[1], b.data_ptr(), b.shape[1],
                    0.0, c.data_ptr(), c.shape[1]) == 0


def bench(name, fn, flops, reps=20):
    fn()
    t0 = time.perf_counter()
    for _ in range(reps):
        fn()
    s = (time.perf_counter() - t0) / reps
    print(f"{name:34s} {s * 1e3:8.3f} ms {flops / s * 1e-9:7.1f} GFLOP/s")


n, d, items = 512, 64, 4385
h, w, g = torch.randn(n, d), torch.randn(items, d), torch.randn(n, items)
logits, gh, gw = torch.empty(n, items), torch.empty(n, d), torch.empty(items, d)
fl = 2 * n * d * items
bench("torch.mm  scores = h W^T", lambda: torch.mm(h, w.t()), fl)
bench("oneDNN    scores = h W^T", lambda: sgemm(b"N", b"T", h, w, logits), fl)
bench("torch.mm  dH = G W", lambda: torch.mm(g, w), fl)
bench("oneDNN    dH = G W", lambda: sgemm(b"N", b"N", g, w, gh), fl)
bench("torch.mm  dW = G^T h", lambda: torch.mm(g.t(), h), fl)
bench("oneDNN    dW = G^T h", lambda: sgemm(b"T", b"N", g, h, gw), fl)
print("largest difference:", max(float((torch.mm(h, w.t()) - logits).abs().max()),
                                 float((torch.mm(g, w) - gh).abs().max()),
                                 float((torch.mm(g.t(), h) - gw).abs().max())))
a, b, c = torch.randn(1024, 1024), torch.randn(1024, 1024), torch.empty(1024, 1024)
bench("torch.mm  1024^3", lambda: torch.mm(a, b), 2 * 1024 ** 3, 5)
bench("oneDNN    1024^3", lambda: sgemm(b"N", b"N", a, b, c), 2 * 1024 ** 3, 5)
