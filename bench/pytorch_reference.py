#!/usr/bin/env python3
"""The PyTorch side of bench/compare_pytorch.sh: trains the reference SASRec (the architecture of
pmixer/SASRec.pytorch, as written in tests/interop/pmixer_sasrec.py) on Amazon Scientific with
Debian's python3-torch and prints training positions per second and full-ranking evaluation time.

The training windows are the ones RecLens trains on (core/train/trainer.cpp): each customer's
training prefix (the history before the validation target) cut into windows of max_len + 1 items
from the end, so both sides train on the same target positions per epoch. Two batching modes:
  --pad fixed    every window left-padded to max_len, as the reference implementation does;
  --pad buckets  RecLens's length buckets: windows sorted by length (after a shuffle), batches of
                 consecutive windows padded to their own longest, batch order shuffled.
Losses: ce (full softmax over all items at every position) and bce (one sampled negative).

Usage: pytorch_reference.py DATA_DIR [--loss ce|bce] [--pad fixed|buckets] [--epochs N]
                            [--threads T] [--dim D] [--heads H] [--max-len L] [--dropout P]
"""
import argparse
import math
import os
import random
import sys
import time

import torch
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests",
                                "interop"))
import pmixer_sasrec as ref  # noqa: E402  (the one PyTorch SASRec of the project)


class BucketedSASRec(ref.SASRec):
    """The reference model with positions counted from the right, so a window padded to its
    batch's longest gets the position embeddings it would get padded to max_len."""

    def hidden(self, emb, items):
        t = items.size(1)
        positions = torch.arange(self.max_len - t, self.max_len)
        x = emb * self.scale + self.pos_emb(positions).unsqueeze(0)
        keep = (items != 0).unsqueeze(-1).type_as(x)
        x = self.drop(x) * keep
        causal = torch.ones(t, t).triu(1) > 0.5
        for blk in self.blocks:
            x = blk(x, causal) * keep
        return self.last_norm(x)


def read_split(path):
    """user -> (history list, target) from a UniSRec .inter file, item ids shifted by 1."""
    out = {}
    with open(path) as f:
        next(f)
        for line in f:
            user, hist, target = line.rstrip("\n").split("\t")
            out[user] = ([int(i) + 1 for i in hist.split()] if hist else [], int(target) + 1)
    return out


def windows_of(seq, max_len):
    span = max_len + 1
    out = []
    end = len(seq)
    while end >= 2:
        start = max(0, end - span)
        out.append(seq[start:end])
        if start == 0:
            break
        end = start + 1
    return out


def batches(windows, batch, pad, rng):
    order = list(range(len(windows)))
    rng.shuffle(order)
    if pad == "buckets":
        order.sort(key=lambda i: len(windows[i]))  # stable: ties keep the shuffled order
    starts = list(range(0, len(order), batch))
    rng.shuffle(starts)
    return [order[s:s + batch] for s in starts]


def left_pad(rows, t):
    return torch.tensor([[0] * (t - len(r)) + r for r in rows])


def train_epoch(model, opt, windows, args, rng, n_items):
    model.train()
    positions = 0
    t0 = time.perf_counter()
    for rows in batches(windows, 128, args.pad, rng):
        ws = [windows[i] for i in rows]
        t = args.max_len if args.pad == "fixed" else max(len(w) for w in ws) - 1
        inp = left_pad([w[:-1] for w in ws], t)
        pos = left_pad([w[1:] for w in ws], t)
        real = pos != 0
        h = model.hidden(model.embed(inp), inp)[real]
        target = pos[real]
        positions += int(target.numel())
        if args.loss == "ce":
            logits = h @ model.item_emb.weight[1:].t()
            loss = nn.functional.cross_entropy(logits, target - 1)
        else:
            neg = torch.randint(1, n_items + 1, target.shape)
            pl = (h * model.item_emb(target)).sum(-1)
            nl = (h * model.item_emb(neg)).sum(-1)
            bce = nn.functional.binary_cross_entropy_with_logits
            loss = bce(pl, torch.ones_like(pl)) + bce(nl, torch.zeros_like(nl))
        opt.zero_grad()
        loss.backward()
        opt.step()
    return positions, time.perf_counter() - t0


def evaluate(model, histories, args):
    """Seconds to score every item for every test history (full ranking) and the test NDCG@10."""
    model.eval()
    order = sorted(range(len(histories)), key=lambda i: len(histories[i][0]))
    if args.pad == "fixed":
        order = list(range(len(histories)))
    t0 = time.perf_counter()
    ndcg = 0.0
    with torch.no_grad():
        for s in range(0, len(order), 256):
            rows = [histories[i] for i in order[s:s + 256]]
            hs = [h[-args.max_len:] for h, _ in rows]
            t = args.max_len if args.pad == "fixed" else max(len(h) for h in hs)
            inp = left_pad(hs, t)
            scores = model(inp)[:, 1:]
            targets = torch.tensor([tg - 1 for _, tg in rows])
            rank = (scores > scores.gather(1, targets.view(-1, 1))).sum(1)
            ndcg += float((1.0 / torch.log2(rank.float() + 2) * (rank < 10)).sum())
    return time.perf_counter() - t0, ndcg / len(histories)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("data_dir")
    p.add_argument("--loss", choices=["ce", "bce"], default="ce")
    p.add_argument("--pad", choices=["fixed", "buckets"], default="buckets")
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--dim", type=int, default=64)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--max-len", type=int, default=50)
    p.add_argument("--dropout", type=float, default=0.5)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(42)
    rng = random.Random(42)
    ref.MAX_LEN, ref.DIM, ref.HEADS, ref.DROPOUT = args.max_len, args.dim, args.heads, args.dropout
    base = os.path.join(args.data_dir, "Scientific")
    valid = read_split(base + ".valid.inter")
    test = read_split(base + ".test.inter")
    with open(base + ".item2index") as f:
        n_items = sum(1 for _ in f)
    windows = [w for h, _ in valid.values() for w in windows_of(h, args.max_len)]
    model = BucketedSASRec(n_items)
    for param in model.parameters():  # the reference initialises every matrix this way
        if param.dim() > 1:
            torch.nn.init.xavier_normal_(param)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.98))
    print(f"pytorch {torch.__version__} threads {args.threads} loss {args.loss} pad {args.pad} "
          f"d {args.dim} heads {args.heads} max_len {args.max_len}: {len(windows)} windows, "
          f"{n_items} items")
    for epoch in range(1, args.epochs + 1):
        positions, seconds = train_epoch(model, opt, windows, args, rng, n_items)
        print(f"epoch {epoch}: {positions} positions in {seconds:.2f} s = "
              f"{positions / seconds:.0f} positions/s")
    seconds, ndcg = evaluate(model, list(test.values()), args)
    print(f"full-ranking evaluation of {len(test)} customers x {n_items} items: {seconds:.2f} s "
          f"(test NDCG@10 {ndcg:.4f})")


if __name__ == "__main__":
    main()
