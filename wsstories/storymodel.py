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


@dataclass
class Model:
    weights: dict[str, float] = field(default_factory=dict)
    bias: float = 0.0
    warn: float = 0.0  # score (log-odds) from which a sentence is a possible finding
    error: float = 2.0  # score from which a finding with a structure is a clear one

    def score(self, features) -> float:
        """The log-odds that a sentence with ``features`` is a finding."""
        get = self.weights.get
        return self.bias + sum(get(f, 0.0) for f in features)

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
        text = resources.files("wsstories").joinpath("storymodel.json").read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    return json.loads(text)


def load(name: str) -> Model:
    """The shipped model ``name`` ('claim' or 'saviour'); an empty model if none is shipped."""
    data = _shipped().get(name)
    return Model.from_json(data) if data else Model(bias=-10.0)
