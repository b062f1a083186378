#!/usr/bin/env python3
"""A SASRec written in PyTorch the way the reference implementation (pmixer/SASRec.pytorch) is
built, trained for one epoch on RecLens's sample_data/, exported under docs/MODEL_INTERFACE.md,
with reference numbers computed here in PyTorch for tests/interop/test_interop.cpp.

Architecture (from the paper and the reference implementation's description): item embeddings
with padding index 0 scaled by sqrt(d), learned absolute position embeddings, dropout, padding
positions zeroed; per block a pre-norm causal self-attention whose residual starts from the
normed queries, a layer norm, and a point-wise two-layer ReLU feed-forward with its own
residual; padding zeroed after every block; a final layer norm; logits are the dot products of
the last position with the item embeddings; trained with binary cross-entropy against one
sampled negative per position. Attention is written as matmul + softmax (no
nn.MultiheadAttention, no scaled_dot_product_attention) so LibTorch 1.13 runs the export. Like
the reference, keys are masked only causally (padding keys are zero vectors plus biases), so no
attention() method is exported: RecLens must report attention as unavailable.

Usage: pmixer_sasrec.py SAMPLE_DATA_DIR OUT_DIR  -> OUT_DIR/model.pt, item_map.csv, reference.json
"""
import csv
import json
import math
import os
import random
import sys
from typing import List

import torch
from torch import Tensor, nn

MAX_LEN = 20
DIM = 32
HEADS = 2
BLOCKS = 2
DROPOUT = 0.2
IG_STEPS = 512  # midpoint rule
HISTORIES = 24


class Block(nn.Module):
    def __init__(self, d: int, heads: int):
        super().__init__()
        self.heads = heads
        self.attn_norm = nn.LayerNorm(d, eps=1e-8)
        self.in_proj = nn.Linear(d, 3 * d)  # queries, keys, values as in MultiheadAttention
        self.out_proj = nn.Linear(d, d)
        self.ffn_norm = nn.LayerNorm(d, eps=1e-8)
        self.ffn1 = nn.Linear(d, d)  # the reference's Conv1d with kernel size 1
        self.ffn2 = nn.Linear(d, d)
        self.drop = nn.Dropout(DROPOUT)

    def forward(self, x: Tensor, causal: Tensor) -> Tensor:
        b, t, d = x.shape
        h = self.heads
        dh = d // h
        q_in = self.attn_norm(x)
        wq, wk, wv = self.in_proj.weight.chunk(3, 0)
        bq, bk, bv = self.in_proj.bias.chunk(3, 0)
        q = nn.functional.linear(q_in, wq, bq).view(b, t, h, dh).transpose(1, 2)
        k = nn.functional.linear(x, wk, bk).view(b, t, h, dh).transpose(1, 2)
        v = nn.functional.linear(x, wv, bv).view(b, t, h, dh).transpose(1, 2)
        logits = torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(dh)
        w = self.drop(torch.softmax(logits.masked_fill(causal, float("-inf")), -1))
        ctx = torch.matmul(w, v).transpose(1, 2).reshape(b, t, d)
        y = self.ffn_norm(q_in + self.out_proj(ctx))
        return y + self.drop(self.ffn2(self.drop(torch.relu(self.ffn1(y)))))


class SASRec(nn.Module):
    def __init__(self, n_items: int):
        super().__init__()
        self.n_items = n_items
        self.max_len = MAX_LEN
        self.scale = math.sqrt(DIM)
        self.item_emb = nn.Embedding(n_items + 1, DIM, padding_idx=0)
        self.pos_emb = nn.Embedding(MAX_LEN, DIM)
        self.drop = nn.Dropout(DROPOUT)
        self.blocks = nn.ModuleList([Block(DIM, HEADS) for _ in range(BLOCKS)])
        self.last_norm = nn.LayerNorm(DIM, eps=1e-8)

    def hidden(self, emb: Tensor, items: Tensor) -> Tensor:
        t = items.size(1)
        x = emb * self.scale + self.pos_emb(torch.arange(t)).unsqueeze(0)
        keep = (items != 0).unsqueeze(-1).type_as(x)
        x = self.drop(x) * keep
        causal = torch.ones(t, t).triu(1) > 0.5
        for blk in self.blocks:
            x = blk(x, causal) * keep
        return self.last_norm(x)

    @torch.jit.export
    def embed(self, items: Tensor) -> Tensor:
        return self.item_emb(items)

    @torch.jit.export
    def forward_embedded(self, emb: Tensor, items: Tensor) -> Tensor:
        return torch.matmul(self.hidden(emb, items)[:, -1, :], self.item_emb.weight.t())

    def forward(self, items: Tensor) -> Tensor:
        return self.forward_embedded(self.embed(items), items)

    @torch.jit.export
    def max_length(self) -> int:
        return self.max_len

    @torch.jit.export
    def item_count(self) -> int:
        return self.n_items


def read_sequences(data_dir: str):
    rows = []
    with open(os.path.join(data_dir, "interactions.csv"), newline="") as f:
        for r in csv.DictReader(f):
            rows.append((r["user"], int(r["timestamp"]), r["item"]))
    rows.sort(key=lambda r: (r[0], r[1]))  # stable: equal times keep file order
    seqs = {}
    for user, _, item in rows:
        seqs.setdefault(user, []).append(item)
    return seqs


def left_pad(seq: List[int]) -> List[int]:
    seq = seq[-MAX_LEN:]
    return [0] * (MAX_LEN - len(seq)) + seq


def train_one_epoch(model: SASRec, seqs: List[List[int]], n_items: int):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.98))
    model.train()
    random.shuffle(seqs)
    for start in range(0, len(seqs), 128):
        batch = seqs[start:start + 128]
        inp = torch.tensor([left_pad(s[:-1]) for s in batch])
        pos = torch.tensor([left_pad(s[1:]) for s in batch])
        neg = torch.randint(1, n_items + 1, pos.shape) * (pos != 0)
        h = model.hidden(model.embed(inp), inp)
        pl = (h * model.item_emb(pos)).sum(-1)
        nl = (h * model.item_emb(neg)).sum(-1)
        real = pos != 0
        bce = nn.functional.binary_cross_entropy_with_logits
        loss = bce(pl[real], torch.ones_like(pl[real])) + bce(nl[real], torch.zeros_like(nl[real]))
        opt.zero_grad()
        loss.backward()
        opt.step()
    model.eval()


def reference(model, histories, index_item):
    out = []
    for hist in histories:
        items = torch.tensor([left_pad(hist)])
        with torch.no_grad():
            row = model(items)[0]
        target = int(row[1:].argmax()) + 1
        clipped = hist[-MAX_LEN:]
        loo = []
        for i in range(len(clipped)):
            rest = torch.tensor([left_pad(clipped[:i] + clipped[i + 1:])])
            with torch.no_grad():
                loo.append(float(row[target] - model(rest)[0][target]))
        emb = model.embed(items).detach()
        x = emb.clone().requires_grad_(True)
        g = torch.autograd.grad(model.forward_embedded(x, items)[0, target], x)[0]
        gxi = (g * emb).sum(-1)[0, MAX_LEN - len(clipped):]
        # Integrated gradients from the padding (zero) embedding at the real positions.
        alphas = (torch.arange(IG_STEPS, dtype=torch.float32) + 0.5) / IG_STEPS
        path = (alphas.view(-1, 1, 1) * emb).requires_grad_(True)
        f = model.forward_embedded(path, items.expand(IG_STEPS, -1))[:, target]
        gp = torch.autograd.grad(f.sum(), path)[0]
        ig = (gp.mean(0) * emb[0]).sum(-1)[MAX_LEN - len(clipped):]
        out.append({
            "history": [index_item[i] for i in hist],
            "target": index_item[target],
            "scores": [float(s) for s in row[1:]],
            "loo": loo,
            "grad_x_input": [float(v) for v in gxi],
            "ig": [float(v) for v in ig],
        })
    return out


def main():
    data_dir, out_dir = sys.argv[1], sys.argv[2]
    torch.manual_seed(3)
    random.seed(3)
    torch.set_num_threads(1)
    by_user = read_sequences(data_dir)
    # Model indices in order of first appearance in the file, not RecLens's order, so the
    # item map really is needed.
    item_index = {}
    for user in sorted(by_user):
        for item in by_user[user]:
            item_index.setdefault(item, len(item_index) + 1)
    index_item = {i: item for item, i in item_index.items()}
    seqs = [[item_index[i] for i in s] for s in by_user.values() if len(s) >= 2]
    model = SASRec(len(item_index))
    train_one_epoch(model, seqs, len(item_index))

    scripted = torch.jit.script(model)
    scripted.save(os.path.join(out_dir, "model.pt"))
    with open(os.path.join(out_dir, "item_map.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["index", "item"])
        for i in sorted(index_item):
            w.writerow([i, index_item[i]])
    users = sorted(by_user)
    # Histories of 1 to 30 items: prefixes of the first customers' sequences, and two customers'
    # sequences joined for histories longer than max_length() (RecLens clips those).
    histories = []
    for n, user in enumerate(users[:HISTORIES]):
        seq = by_user[user]
        if n % 3 == 2:
            seq = seq + by_user[users[-1 - n]] + by_user[users[-2 - n]]
        length = [1, 2, 3, 5, 8, 13, 30][n % 7]
        histories.append([item_index[i] for i in seq[:length]])
    ref = {"torch_version": torch.__version__, "max_length": MAX_LEN, "ig_steps": IG_STEPS,
           "items": [index_item[i] for i in range(1, len(index_item) + 1)],
           "cases": reference(model, histories, index_item)}
    with open(os.path.join(out_dir, "reference.json"), "w") as f:
        json.dump(ref, f)


if __name__ == "__main__":
    main()
