"""The small logistic models of the storytelling checks, shipped as ``storymodel.json``.

Each model is a weight per feature (see :func:`wsstories.claims.features`
and :func:`wsstories.wording.features`) and two thresholds on the summed
score: ``warn`` (a possible finding, a warning) and ``error`` (a clear one).
The file is written by ``python benchmarks/train_storytelling.py`` from the
labelled corpus in ``tests/data/storytelling``; nothing is downloaded or
trained at run time.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass, field
from importlib import resources
from itertools import repeat


@dataclass
class Model:
    weights: dict[str, float] = field(default_factory=dict)
    bias: float = 0.0
    warn: float = 0.0  # score (log-odds) from which a sentence is a possible finding
    error: float = 2.0  # score from which a finding with a structure is a clear one

    def score(self, features) -> float:
        """The log-odds that a sentence with ``features`` is a finding."""
        return self.bias + sum(map(self.weights.get, features, repeat(0.0)))

    @functools.cached_property
    def lexical(self) -> tuple[dict[str, float], dict[tuple[str, str], float]]:
        """The weights of single words (``u:word``) by word, and of two roles side by side
        (``r:A_B``) by the pair: a sentence's score is summed from them without naming features."""
        words = {f[2:]: w for f, w in self.weights.items() if f.startswith("u:")}
        pairs = {}
        for f, w in self.weights.items():
            if f.startswith("r:") and f.count("_") == 1:
                first, second = f[2:].split("_")
                if "w" not in (first, second):
                    pairs[(first, second)] = w
        return words, pairs

    def weight(self, feature: str) -> float:
        return self.weights.get(feature, 0.0)

    def probability(self, features) -> float:
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, self.score(features)))))

    def as_json(self) -> dict:
        return {"bias": round(self.bias, 4), "warn": round(self.warn, 4),
                "error": round(self.error, 4),
                "weights": {k: round(v, 4) for k, v in sorted(self.weights.items())}}

    @classmethod
    def from_json(cls, data: dict) -> "Model":
        return cls(dict(data["weights"]), data["bias"], data["warn"], data["error"])


@functools.lru_cache(maxsize=None)
def _shipped() -> dict:
    try:
        text = resources.files("wsstories.checks").joinpath("storymodel.json").read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    return json.loads(text)


def load(name: str) -> Model:
    """The shipped model ``name`` ('claim' or 'saviour'); an empty model if none is shipped."""
    data = _shipped().get(name)
    return Model.from_json(data) if data else Model(bias=-10.0)
