#!/usr/bin/env python3
"""Turns a RecBole SASRec checkpoint into a TorchScript file RecLens opens (docs/MODEL_INTERFACE.md).

RecBole (https://recbole.io) saves a trained model as a pickle holding `config` (its Config
object) and `state_dict`. It does not store which raw item id each model index stands for:
that lives in the dataset, so give either the dataset RecBole saved (`save_dataset: True`,
`saved/<name>-SequentialDataset.pth`) or a text file of the item tokens, one per line, line k
holding the token of index k (line 0 is RecBole's `[PAD]`), e.g. written inside your RecBole
environment with
    python -c "import torch; d=torch.load('saved/x-SequentialDataset.pth'); \
print(*d.field2id_token['item_id'], sep='\\n')" > item_tokens.txt

RecBole itself is NOT needed here (Debian's python3-torch is enough): its classes inside the
pickles are read as plain attribute holders. Like torch.load, this runs the pickles' code, so
convert only checkpoints you trust.

The written module recomputes RecBole's SASRec exactly (item + absolute position embedding,
layer norm, post-norm transformer layers with RecBole's -10000 additive mask, the hidden state
at the last real item, dot products with the item table) on RecLens's left-padded input: the
position of each item counts from the first real item of its row, as in RecBole's right-padded
batches. It provides attention() too.

Usage:
  recbole_to_torchscript.py CHECKPOINT.pth (--dataset SAVED_DATASET.pth | --item-tokens FILE)
                            --out MODEL.pt [--item-map MODEL.items.csv]
Exit codes: 0 written, 2 bad arguments, 3 a file that is not what is expected (message on stderr).
"""
import argparse
import csv
import math
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import tempfile
import types
from typing import List

import torch
from torch import Tensor, nn


class ConversionError(Exception):
    pass


# --- reading RecBole's pickles without RecBole --------------------------------------------


class _OpaqueMeta(type):
    def __getattr__(cls, name):  # enum members are pickled as getattr(EnumClass, "NAME")
        if name.startswith("__"):
            raise AttributeError(name)
        member = cls(name)
        setattr(cls, name, member)
        return member


class _Opaque(metaclass=_OpaqueMeta):
    """Stands in for a class the pickle names but this interpreter cannot import (RecBole's
    Config, enums and dataset; pandas objects): keeps whatever state the pickle gives it."""

    def __init__(self, *args, **kwargs):
        self._args = args

    def __setstate__(self, state):
        if isinstance(state, tuple) and len(state) == 2 and isinstance(state[1], dict):
            state = {**(state[0] or {}), **state[1]}  # (dict, slots) form
        if isinstance(state, dict):
            self.__dict__.update(state)
        else:
            self._state = state

    def __getitem__(self, key):  # RecBole's Config is read as config["n_heads"]
        return self.__dict__["final_config_dict"][key]


# Modules a RecBole pickle may name that need not be installed here: RecBole itself, and what
# its saved dataset may hold (pandas frames). Debian's torch.load ignores a custom pickle_module,
# so they are provided while loading as modules whose every attribute is an _Opaque subclass.
_STUBBED = ("recbole", "pandas")


class _StubModule(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        cls = type(name, (_Opaque,), {"__module__": self.__name__})
        setattr(self, name, cls)
        return cls


class _StubFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, fullname, path, target=None):
        if fullname.split(".")[0] not in _STUBBED:
            return None
        if fullname.split(".")[0] != "recbole" and importlib.util.find_spec(
                fullname.split(".")[0]) is not None:
            return None  # installed: the real classes read their own state
        return importlib.machinery.ModuleSpec(fullname, self, is_package=True)

    def create_module(self, spec):
        return _StubModule(spec.name)

    def exec_module(self, module):
        module.__path__ = []


def load_pickle(path: str, what: str):
    finder = _StubFinder()
    sys.meta_path.insert(0, finder)
    try:
        return torch.load(path, map_location="cpu")
    except FileNotFoundError:
        raise ConversionError(f"{path}: no such file ({what} expected)")
    except Exception as e:  # torch.load raises many kinds for a file that is not a pickle
        raise ConversionError(f"{path}: cannot be read as {what}: {e}")
    finally:
        sys.meta_path.remove(finder)
        for name in [m for m in sys.modules if isinstance(sys.modules[m], _StubModule)]:
            del sys.modules[name]


def config_dict(config) -> dict:
    if isinstance(config, dict):
        return config.get("final_config_dict", config)
    d = getattr(config, "final_config_dict", None)
    if isinstance(d, dict):
        return d
    raise ConversionError("the checkpoint's config has no final_config_dict (RecBole's Config)")


def item_tokens_from_dataset(path: str) -> List[str]:
    ds = load_pickle(path, "a dataset saved by RecBole (save_dataset: True)")
    f2t = getattr(ds, "field2id_token", None)
    if not isinstance(f2t, dict):
        raise ConversionError(f"{path}: has no field2id_token; expected a saved RecBole dataset")
    field = getattr(ds, "iid_field", None) or "item_id"
    if field not in f2t:
        raise ConversionError(f"{path}: field2id_token has no '{field}' entry")
    return [str(t) for t in list(f2t[field])]


def item_tokens_from_text(path: str) -> List[str]:
    try:
        with open(path, encoding="utf-8-sig") as f:
            return [line.rstrip("\r\n") for line in f]
    except OSError as e:
        raise ConversionError(f"{path}: {e.strerror}")


# --- the module ---------------------------------------------------------------------------


class Layer(nn.Module):
    """One RecBole TransformerLayer (MultiHeadAttention + FeedForward), post-norm."""

    def __init__(self, d: int, inner: int, heads: int, eps: float, act: str):
        super().__init__()
        self.heads = heads
        self.act = act
        self.query = nn.Linear(d, d)
        self.key = nn.Linear(d, d)
        self.value = nn.Linear(d, d)
        self.dense = nn.Linear(d, d)
        self.attn_norm = nn.LayerNorm(d, eps=eps)
        self.dense_1 = nn.Linear(d, inner)
        self.dense_2 = nn.Linear(inner, d)
        self.ffn_norm = nn.LayerNorm(d, eps=eps)

    def _split(self, x: Tensor) -> Tensor:
        b, t, d = x.shape
        return x.view(b, t, self.heads, d // self.heads).transpose(1, 2)

    def weights(self, x: Tensor, mask: Tensor) -> Tensor:
        q, k = self._split(self.query(x)), self._split(self.key(x))
        logits = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(q.size(-1))
        return torch.softmax(logits + mask, -1)

    def activation(self, x: Tensor) -> Tensor:
        if self.act == "gelu":
            return x * 0.5 * (1.0 + torch.erf(x / math.sqrt(2.0)))
        if self.act == "relu":
            return torch.relu(x)
        if self.act == "swish":
            return x * torch.sigmoid(x)
        if self.act == "tanh":
            return torch.tanh(x)
        return torch.sigmoid(x)

    def forward(self, x: Tensor, mask: Tensor) -> Tensor:
        b, t, d = x.shape
        ctx = torch.matmul(self.weights(x, mask), self._split(self.value(x)))
        h = self.attn_norm(self.dense(ctx.transpose(1, 2).reshape(b, t, d)) + x)
        return self.ffn_norm(self.dense_2(self.activation(self.dense_1(h))) + h)


class RecBoleSasRec(nn.Module):
    def __init__(self, n_items: int, max_len: int, d: int, inner: int, layers: int, heads: int,
                 eps: float, act: str):
        super().__init__()
        self.n_items = n_items  # N real items; RecBole's table has N + 1 rows (row 0 = [PAD])
        self.max_len = max_len
        self.item_embedding = nn.Embedding(n_items + 1, d, padding_idx=0)
        self.position_embedding = nn.Embedding(max_len, d)
        self.input_norm = nn.LayerNorm(d, eps=eps)
        self.layers = nn.ModuleList([Layer(d, inner, heads, eps, act) for _ in range(layers)])

    def _inputs(self, emb: Tensor, items: Tensor):
        t = items.size(1)
        real = items != 0
        # RecBole counts positions from the first item of a right-padded row; here rows are
        # left-padded, so a row of n items starts at column t - n.
        start = t - real.sum(1, keepdim=True)
        pos = (torch.arange(t).unsqueeze(0) - start).clamp(min=0)
        x = self.input_norm(emb + self.position_embedding(pos))
        causal = torch.ones(t, t).tril() > 0.5
        allowed = (real.unsqueeze(1) & causal.unsqueeze(0)).unsqueeze(1)
        mask = (1.0 - allowed.type_as(x)) * -10000.0
        return x, mask

    @torch.jit.export
    def embed(self, items: Tensor) -> Tensor:
        return self.item_embedding(items)

    @torch.jit.export
    def forward_embedded(self, emb: Tensor, items: Tensor) -> Tensor:
        x, mask = self._inputs(emb, items)
        for layer in self.layers:
            x = layer(x, mask)
        return torch.matmul(x[:, -1, :], self.item_embedding.weight.t())

    def forward(self, items: Tensor) -> Tensor:
        return self.forward_embedded(self.embed(items), items)

    @torch.jit.export
    def attention(self, items: Tensor) -> List[Tensor]:
        x, mask = self._inputs(self.embed(items), items)
        maps: List[Tensor] = []
        for layer in self.layers:
            maps.append(layer.weights(x, mask))
            x = layer(x, mask)
        return maps

    @torch.jit.export
    def max_length(self) -> int:
        return self.max_len

    @torch.jit.export
    def item_count(self) -> int:
        return self.n_items


def _tensor(state: dict, key: str) -> Tensor:
    if key not in state:
        raise ConversionError(f"the state_dict has no '{key}' (expected RecBole's SASRec)")
    return state[key]


def build(checkpoint: dict) -> RecBoleSasRec:
    cfg = config_dict(checkpoint["config"])
    if str(cfg.get("model", "SASRec")) != "SASRec":
        raise ConversionError(f"the checkpoint is a RecBole {cfg.get('model')}, not a SASRec; "
                              "only SASRec is converted")
    state = checkpoint["state_dict"]
    items = _tensor(state, "item_embedding.weight")
    n_rows, d = items.shape
    max_len = _tensor(state, "position_embedding.weight").shape[0]
    layers = 0
    while f"trm_encoder.layer.{layers}.multi_head_attention.query.weight" in state:
        layers += 1
    if layers == 0:
        raise ConversionError("the state_dict has no trm_encoder.layer.0 (expected RecBole's SASRec)")
    heads = int(cfg.get("n_heads", 0))
    if heads <= 0 or d % heads != 0:
        raise ConversionError(f"the config's n_heads ({cfg.get('n_heads')}) does not divide "
                              f"hidden_size {d}")
    act = str(cfg.get("hidden_act", "gelu"))
    if act not in ("gelu", "relu", "swish", "tanh", "sigmoid"):
        raise ConversionError(f"hidden_act '{act}' is not one of RecBole's gelu, relu, swish, "
                              "tanh, sigmoid")
    inner = _tensor(state, "trm_encoder.layer.0.feed_forward.dense_1.weight").shape[0]
    model = RecBoleSasRec(n_rows - 1, max_len, d, inner, layers, heads,
                          float(cfg.get("layer_norm_eps", 1e-12)), act)
    ours = {"item_embedding.weight": "item_embedding.weight",
            "position_embedding.weight": "position_embedding.weight",
            "input_norm.weight": "LayerNorm.weight", "input_norm.bias": "LayerNorm.bias"}
    parts = {"query": "multi_head_attention.query", "key": "multi_head_attention.key",
             "value": "multi_head_attention.value", "dense": "multi_head_attention.dense",
             "attn_norm": "multi_head_attention.LayerNorm", "dense_1": "feed_forward.dense_1",
             "dense_2": "feed_forward.dense_2", "ffn_norm": "feed_forward.LayerNorm"}
    for i in range(layers):
        for mine, theirs in parts.items():
            for p in ("weight", "bias"):
                ours[f"layers.{i}.{mine}.{p}"] = f"trm_encoder.layer.{i}.{theirs}.{p}"
    own = model.state_dict()
    for mine, theirs in ours.items():
        t = _tensor(state, theirs)
        if t.shape != own[mine].shape:
            raise ConversionError(f"'{theirs}' has shape {list(t.shape)}, expected "
                                  f"{list(own[mine].shape)}")
        own[mine] = t.float()
    model.load_state_dict(own)
    return model.eval()


def write_atomically(path: str, write) -> None:
    folder = os.path.dirname(os.path.abspath(path))
    # The TorchScript writer names its archive after the file: a plain name, not a dot file.
    fd, tmp = tempfile.mkstemp(dir=folder, prefix="partial_", suffix=os.path.splitext(path)[1])
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def convert(args) -> str:
    checkpoint = load_pickle(args.checkpoint, "a RecBole checkpoint")
    if not isinstance(checkpoint, dict) or "state_dict" not in checkpoint or \
            "config" not in checkpoint:
        raise ConversionError(f"{args.checkpoint}: expected a RecBole checkpoint, a dict with "
                              "'config' and 'state_dict'")
    try:
        model = build(checkpoint)
    except ConversionError as e:
        raise ConversionError(f"{args.checkpoint}: {e}")
    tokens = (item_tokens_from_dataset(args.dataset) if args.dataset
              else item_tokens_from_text(args.item_tokens))
    source = args.dataset or args.item_tokens
    if len(tokens) != model.n_items + 1:
        raise ConversionError(f"{source}: {len(tokens)} item tokens, but the model has "
                              f"{model.n_items + 1} (its {model.n_items} items and [PAD]); "
                              "expected the dataset the model was trained on")
    if len(set(tokens[1:])) != len(tokens) - 1:
        raise ConversionError(f"{source}: an item token appears twice")
    scripted = torch.jit.script(model)
    write_atomically(args.out, lambda p: scripted.save(p))
    item_map = args.item_map or os.path.splitext(args.out)[0] + ".items.csv"

    def write_map(p):
        with open(p, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["index", "item"])
            for index in range(1, len(tokens)):
                w.writerow([index, tokens[index]])

    write_atomically(item_map, write_map)
    return item_map


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("checkpoint", help="RecBole checkpoint (.pth) of a SASRec")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--dataset", help="the dataset RecBole saved (save_dataset: True)")
    src.add_argument("--item-tokens", help="item tokens, one per line; line 0 is [PAD]")
    p.add_argument("--out", required=True, help="TorchScript file to write")
    p.add_argument("--item-map", help="item map to write (default: <out>.items.csv)")
    args = p.parse_args()
    try:
        item_map = convert(args)
    except ConversionError as e:
        print(f"recbole_to_torchscript: {e}", file=sys.stderr)
        return 3
    print(f"wrote {args.out} and {item_map}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
