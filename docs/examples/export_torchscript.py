# The complete export example of docs/MODEL_INTERFACE.md (run by tests/interop, so it stays
# correct): a model with the methods of the contract, saved with torch.jit.script + save, and its
# item map. Run with PyTorch <= 1.13 (Debian python3-torch) in the folder to write into.
import csv
import math
from typing import List

import torch
from torch import Tensor, nn


class MySasRec(nn.Module):
    """One causal self-attention block over item embeddings; attention as matmul + softmax."""

    def __init__(self, n_items: int, max_len: int = 50, dim: int = 64):
        super().__init__()
        self.n_items, self.max_len, self.scale = n_items, max_len, math.sqrt(dim)
        self.item_emb = nn.Embedding(n_items + 1, dim, padding_idx=0)  # 0 = padding
        self.pos_emb = nn.Embedding(max_len, dim)
        self.norm1, self.norm2 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.q, self.k, self.v = nn.Linear(dim, dim), nn.Linear(dim, dim), nn.Linear(dim, dim)
        self.ffn = nn.Sequential(nn.Linear(dim, dim), nn.ReLU(), nn.Linear(dim, dim))

    def _weights(self, x: Tensor, items: Tensor) -> Tensor:
        t = items.size(1)
        q = self.q(self.norm1(x))
        logits = torch.matmul(q, self.k(x).transpose(1, 2)) / self.scale
        causal = torch.ones(t, t).triu(1) > 0.5
        # Padding keys are masked, but every position may attend to itself, so a history of
        # padding only (an empty history) still gives finite logits.
        blocked = causal.unsqueeze(0) | ((items == 0).unsqueeze(1) & (torch.eye(t) < 0.5))
        return torch.softmax(logits.masked_fill(blocked, float("-inf")), -1)

    def _hidden(self, emb: Tensor, items: Tensor) -> Tensor:
        t = items.size(1)
        x = emb * self.scale + self.pos_emb(torch.arange(t)).unsqueeze(0)
        x = x * (items != 0).unsqueeze(-1).type_as(x)
        x = x + torch.matmul(self._weights(x, items), self.v(x))
        return self.norm2(x + self.ffn(x))

    @torch.jit.export
    def embed(self, items: Tensor) -> Tensor:
        return self.item_emb(items)

    @torch.jit.export
    def forward_embedded(self, emb: Tensor, items: Tensor) -> Tensor:
        return torch.matmul(self._hidden(emb, items)[:, -1], self.item_emb.weight.t())

    def forward(self, items: Tensor) -> Tensor:
        return self.forward_embedded(self.embed(items), items)

    @torch.jit.export
    def attention(self, items: Tensor) -> List[Tensor]:
        t = items.size(1)
        x = self.embed(items) * self.scale + self.pos_emb(torch.arange(t)).unsqueeze(0)
        x = x * (items != 0).unsqueeze(-1).type_as(x)
        return [self._weights(x, items).unsqueeze(1)]  # [B, 1 head, T, T], one layer

    @torch.jit.export
    def max_length(self) -> int:
        return self.max_len

    @torch.jit.export
    def item_count(self) -> int:
        return self.n_items


item_ids = ["SKU1001", "SKU1002", "SKU1003"]  # your catalogue, in model-index order 1..N
model = MySasRec(len(item_ids))
# ... train it ...
model.eval()  # dropout off: the file is for inference
torch.jit.script(model).save("shop_model.pt")
with open("shop_model.items.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["index", "item"])
    for index, item in enumerate(item_ids, start=1):
        w.writerow([index, item])
