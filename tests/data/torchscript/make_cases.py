#!/usr/bin/env python3
"""Writes the TorchScript cases of the malformed corpus (tests/data/malformed/ts_*.pt) with
Debian's python3-torch 1.13. Each breaks one rule of docs/MODEL_INTERFACE.md for a model of
5 items and max_length 4 (the dataset beside this script: items I1..I5, map items.csv).

Usage: python3 tests/data/torchscript/make_cases.py   (from the repository root)
"""
import os
import zipfile

import torch
from torch import Tensor, nn

OUT = os.path.join(os.path.dirname(__file__), "..", "malformed")
N, T, D = 5, 4, 3


class Good(nn.Module):
    def __init__(self):
        super().__init__()
        torch.manual_seed(0)
        self.emb = nn.Embedding(N + 1, D, padding_idx=0)

    @torch.jit.export
    def embed(self, items: Tensor) -> Tensor:
        return self.emb(items)

    @torch.jit.export
    def forward_embedded(self, emb: Tensor, items: Tensor) -> Tensor:
        h = emb.sum(1)
        return torch.matmul(h, self.emb.weight.t())

    def forward(self, items: Tensor) -> Tensor:
        return self.forward_embedded(self.embed(items), items)

    @torch.jit.export
    def max_length(self) -> int:
        return 4

    @torch.jit.export
    def item_count(self) -> int:
        return 5


class NoEmbed(nn.Module):
    def forward(self, items: Tensor) -> Tensor:
        return torch.zeros(items.size(0), 6)

    @torch.jit.export
    def max_length(self) -> int:
        return 4

    @torch.jit.export
    def item_count(self) -> int:
        return 5


class WrongShape(Good):
    def forward(self, items: Tensor) -> Tensor:  # no padding column: N instead of N + 1
        return self.forward_embedded(self.embed(items), items)[:, 1:]


class NaNs(Good):
    @torch.jit.export
    def forward_embedded(self, emb: Tensor, items: Tensor) -> Tensor:
        return torch.matmul(emb.sum(1), self.emb.weight.t()) / 0.0 * 0.0


class Inconsistent(Good):
    def forward(self, items: Tensor) -> Tensor:
        return self.forward_embedded(self.embed(items), items) + 1.0


def main():
    torch.jit.script(Good()).save(os.path.join(OUT, "..", "torchscript", "good.pt"))
    torch.jit.script(NoEmbed()).save(os.path.join(OUT, "ts_missing_embed.pt"))
    torch.jit.script(WrongShape()).save(os.path.join(OUT, "ts_wrong_shape.pt"))
    torch.jit.script(NaNs()).save(os.path.join(OUT, "ts_nan_logits.pt"))
    torch.jit.script(Inconsistent()).save(os.path.join(OUT, "ts_inconsistent_embed.pt"))
    # The common mistake: torch.save of the weights instead of torch.jit.save of the module.
    torch.save(Good().state_dict(), os.path.join(OUT, "ts_state_dict.pt"))
    # What PyTorch >= 2 writes when a model uses scaled_dot_product_attention (fused attention):
    # good.pt with that call put into its code, since 1.13 cannot script it itself.
    good = os.path.join(OUT, "..", "torchscript", "good.pt")
    with zipfile.ZipFile(good) as zin, \
            zipfile.ZipFile(os.path.join(OUT, "ts_pytorch2_sdpa.pt"), "w") as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name.endswith("code/__torch__.py"):
                data = data.replace(b"h = torch.sum(emb, [1])",
                                    b"h = torch.sum(torch.scaled_dot_product_attention("
                                    b"emb, emb, emb), [1])")
            zout.writestr(name, data)
    with zipfile.ZipFile(os.path.join(OUT, "ts_plain_zip.pt"), "w") as z:
        z.writestr("readme.txt", "a zip archive, but not TorchScript")


if __name__ == "__main__":
    main()
