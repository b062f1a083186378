#pragma once
// Fused masked multi-head attention for the no-grad forward of SASRec blocks (internal:
// includes torch, so only torch .cpp files include it).
//
// The plain LibTorch block spends most of an inference forward on per-op overhead for tiny
// shapes: batched [T x dh] x [dh x T] products of 8-32 columns, a mask add, a softmax, a second
// product, a transpose and a contiguous copy, each its own op with its own allocation. This
// kernel does the logits, the masked softmax and the weighted sum of values for one (row, head)
// at a time in registers and writes the context straight into the [B, T, D] layout.

#include <torch/torch.h>

namespace reclens {

/// Whether no-grad forwards use the fused path (default on). Tests turn it off to compare
/// against the plain LibTorch ops; nothing else should.
bool fusedInferenceEnabled();
void setFusedInferenceEnabled(bool on);
/// Whether SasRecModel's scoring computes rows that share a prefix with another row of the
/// batch from that row's keys and values (prefixsharing.h; default on). Tests turn it off to
/// compare; nothing else should.
bool prefixSharingEnabled();
void setPrefixSharingEnabled(bool on);
/// Rows scored from a shared prefix so far in this process (tests check the path was taken).
std::uint64_t prefixSharedRows();
void countPrefixSharedRows(std::uint64_t rows);

/// Whether maskedAttention() handles `heads` heads of a `dim`-wide model (head width a
/// multiple of 4 up to 128); otherwise callers use the plain ops.
bool fusedAttentionSupports(std::int64_t dim, std::int64_t heads);

/// Multi-head attention of the last Tq positions of each row, without autograd.
/// `q` [B, Tq, D] unscaled queries, `kv` [B, T, 2D] keys (columns 0..D) then values
/// (columns D..2D), `real` [B, T] bool. Head h uses columns h·dh .. (h+1)·dh. The query at
/// position p = T − Tq + i attends key k when k <= p and (real[k] or k == p), the semantics of
/// causalAttentionMask(); logits are (q · scale) · k. Returns the context [B, Tq, D].
/// Rows are spread over LibTorch's intra-op threads.
torch::Tensor maskedAttention(const torch::Tensor& q, const torch::Tensor& kv,
                              const torch::Tensor& real, std::int64_t heads, float scale);

} // namespace reclens
