#!/usr/bin/env python3
"""Builds the files a RecBole user has after training a SASRec, without RecBole, for
tests/interop/test_recbole_converter.cpp: a checkpoint pickle holding RecBole's Config object
(class recbole.config.configurator.Config with final_config_dict, an enum, a torch.device) and
the model's state_dict under RecBole's parameter names; a saved dataset
(recbole.data.dataset.sequential_dataset.SequentialDataset with field2id_token); the same item
tokens as a text file; and reference scores computed HERE the way RecBole's SASRec computes
them (right-padded rows, absolute positions from the first item, post-norm layers, -10000
additive mask, the hidden state gathered at item_seq_len - 1, full_sort_predict's dot products).

The SASRec is written from RecBole's description (recbole/model/sequential_recommender/sasrec.py
and layers.py: MultiHeadAttention, FeedForward, TransformerEncoder) and trained for one epoch on
sample_data/ with RecBole's default CE loss. Also writes a GRU4Rec-labelled checkpoint for the
converter's refusal test.

Usage: recbole_checkpoint.py SAMPLE_DATA_DIR OUT_DIR
"""
import csv
import enum
import json
import math
import os
import random
import sys
import types

import numpy as np
import torch
from torch import nn

MAX_LEN = 20
HIDDEN = 32
INNER = 64
HEADS = 2
LAYERS = 2
EPS = 1e-12
HISTORIES = 24


def fake_module(name):
    """Registers an empty module `name` (and its parents) so pickle records that module path."""
    parts = name.split(".")
    for i in range(1, len(parts) + 1):
        sys.modules.setdefault(".".join(parts[:i]), types.ModuleType(".".join(parts[:i])))
    return sys.modules[name]


configurator = fake_module("recbole.config.configurator")
enum_type = fake_module("recbole.utils.enum_type")
sequential_dataset = fake_module("recbole.data.dataset.sequential_dataset")


class Config:  # recbole.config.configurator.Config keeps its settings in final_config_dict
    def __init__(self, settings):
        self.final_config_dict = settings
        self.internal_config_dict = {}

    def __getitem__(self, key):
        return self.final_config_dict[key]


class ModelType(enum.Enum):
    GENERAL = 1
    SEQUENTIAL = 2


class SequentialDataset:
    def __init__(self, tokens):
        self.iid_field = "item_id"
        self.field2id_token = {"item_id": np.array(tokens), "user_id": np.array(["[PAD]", "u"])}


for cls, module in ((Config, configurator), (ModelType, enum_type),
                    (SequentialDataset, sequential_dataset)):
    cls.__module__ = module.__name__
    setattr(module, cls.__name__, cls)


class MultiHeadAttention(nn.Module):
    def __init__(self):
        super().__init__()
        self.query = nn.Linear(HIDDEN, HIDDEN)
        self.key = nn.Linear(HIDDEN, HIDDEN)
        self.value = nn.Linear(HIDDEN, HIDDEN)
        self.dense = nn.Linear(HIDDEN, HIDDEN)
        self.LayerNorm = nn.LayerNorm(HIDDEN, eps=EPS)

    def heads(self, x):
        b, t, _ = x.shape
        return x.view(b, t, HEADS, HIDDEN // HEADS).permute(0, 2, 1, 3)

    def forward(self, x, mask):
        q, k, v = self.heads(self.query(x)), self.heads(self.key(x)), self.heads(self.value(x))
        scores = torch.matmul(q, k.permute(0, 1, 3, 2)) / math.sqrt(HIDDEN // HEADS) + mask
        ctx = torch.matmul(torch.softmax(scores, -1), v).permute(0, 2, 1, 3).contiguous()
        return self.LayerNorm(self.dense(ctx.view(x.shape)) + x)


class FeedForward(nn.Module):
    def __init__(self):
        super().__init__()
        self.dense_1 = nn.Linear(HIDDEN, INNER)
        self.dense_2 = nn.Linear(INNER, HIDDEN)
        self.LayerNorm = nn.LayerNorm(HIDDEN, eps=EPS)

    def forward(self, x):
        h = self.dense_1(x)
        h = h * 0.5 * (1.0 + torch.erf(h / math.sqrt(2.0)))  # RecBole's gelu
        return self.LayerNorm(self.dense_2(h) + x)


class TransformerLayer(nn.Module):
    def __init__(self):
        super().__init__()
        self.multi_head_attention = MultiHeadAttention()
        self.feed_forward = FeedForward()

    def forward(self, x, mask):
        return self.feed_forward(self.multi_head_attention(x, mask))


class TransformerEncoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer = nn.ModuleList([TransformerLayer() for _ in range(LAYERS)])


class SASRec(nn.Module):
    def __init__(self, n_items):  # n_items counts [PAD], as RecBole's does
        super().__init__()
        self.item_embedding = nn.Embedding(n_items, HIDDEN, padding_idx=0)
        self.position_embedding = nn.Embedding(MAX_LEN, HIDDEN)
        self.trm_encoder = TransformerEncoder()
        self.LayerNorm = nn.LayerNorm(HIDDEN, eps=EPS)
        for m in self.modules():  # RecBole's _init_weights with initializer_range 0.02
            if isinstance(m, (nn.Linear, nn.Embedding)):
                m.weight.data.normal_(0.0, 0.02)
            if isinstance(m, nn.Linear):
                m.bias.data.zero_()

    def forward(self, item_seq, item_seq_len):
        """RecBole's forward: right-padded rows, the output at item_seq_len - 1."""
        pos = torch.arange(item_seq.size(1)).unsqueeze(0).expand_as(item_seq)
        x = self.LayerNorm(self.item_embedding(item_seq) + self.position_embedding(pos))
        keep = (item_seq > 0).long().unsqueeze(1).unsqueeze(2)
        causal = (torch.triu(torch.ones(1, MAX_LEN, MAX_LEN), diagonal=1) == 0).unsqueeze(1)
        mask = (1.0 - (keep * causal.long()).float()) * -10000.0
        for layer in self.trm_encoder.layer:
            x = layer(x, mask)
        return x.gather(1, (item_seq_len - 1).view(-1, 1, 1).expand(-1, -1, HIDDEN)).squeeze(1)

    def full_sort_predict(self, item_seq, item_seq_len):
        return torch.matmul(self.forward(item_seq, item_seq_len), self.item_embedding.weight.t())


def right_pad(seq):
    seq = seq[-MAX_LEN:]
    return seq + [0] * (MAX_LEN - len(seq)), len(seq)


def batch(seqs):
    rows = [right_pad(s) for s in seqs]
    return torch.tensor([r[0] for r in rows]), torch.tensor([r[1] for r in rows])


def main():
    data_dir, out = sys.argv[1], sys.argv[2]
    torch.manual_seed(7)
    random.seed(7)
    torch.set_num_threads(1)
    rows = []
    with open(os.path.join(data_dir, "interactions.csv"), newline="") as f:
        for r in csv.DictReader(f):
            rows.append((int(r["timestamp"]), r["user"], r["item"]))
    rows.sort()  # RecBole remaps ids in order of appearance; here by time, not RecLens's order
    tokens, index, by_user = ["[PAD]"], {}, {}
    for _, user, item in rows:
        if item not in index:
            index[item] = len(tokens)
            tokens.append(item)
        by_user.setdefault(user, []).append(index[item])
    model = SASRec(len(tokens))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    samples = [(s[max(0, i - MAX_LEN):i], s[i]) for s in by_user.values() for i in range(1, len(s))]
    random.shuffle(samples)
    for start in range(0, len(samples), 256):
        part = samples[start:start + 256]
        seq, length = batch([p[0] for p in part])
        logits = model.full_sort_predict(seq, length)
        loss = nn.functional.cross_entropy(logits, torch.tensor([p[1] for p in part]))
        opt.zero_grad()
        loss.backward()
        opt.step()
    model.eval()

    settings = {"model": "SASRec", "dataset": "sample", "MODEL_TYPE": ModelType.SEQUENTIAL,
                "device": torch.device("cpu"), "n_layers": LAYERS, "n_heads": HEADS,
                "hidden_size": HIDDEN, "inner_size": INNER, "hidden_dropout_prob": 0.5,
                "attn_dropout_prob": 0.5, "hidden_act": "gelu", "layer_norm_eps": EPS,
                "initializer_range": 0.02, "loss_type": "CE", "MAX_ITEM_LIST_LENGTH": MAX_LEN}
    state = model.state_dict()
    torch.save({"config": Config(settings), "epoch": 1, "cur_step": 1, "best_valid_score": 0.0,
                "state_dict": state, "other_parameter": None,
                "optimizer": opt.state_dict()}, os.path.join(out, "SASRec-sample.pth"))
    torch.save(SequentialDataset(tokens), os.path.join(out, "sample-SequentialDataset.pth"))
    with open(os.path.join(out, "item_tokens.txt"), "w") as f:
        f.write("\n".join(tokens) + "\n")
    other = dict(settings, model="GRU4Rec")
    torch.save({"config": Config(other), "state_dict": state},
               os.path.join(out, "GRU4Rec-sample.pth"))

    users = sorted(by_user)
    histories = []
    for n, user in enumerate(users[:HISTORIES]):
        seq = by_user[user]
        if n % 3 == 2:  # longer than MAX_LEN: RecBole and RecLens keep the last items
            seq = seq + by_user[users[-1 - n]] + by_user[users[-2 - n]]
        histories.append(seq[:[1, 2, 3, 5, 8, 13, 30][n % 7]])
    cases = []
    with torch.no_grad():
        for h in histories:
            seq, length = batch([h])
            scores = model.full_sort_predict(seq, length)[0]
            cases.append({"history": [tokens[i] for i in h],
                          "scores": [float(s) for s in scores[1:]]})
    with open(os.path.join(out, "reference.json"), "w") as f:
        json.dump({"items": tokens[1:], "max_length": MAX_LEN, "cases": cases}, f)


if __name__ == "__main__":
    main()
