"""A trained relation classifier over entity pairs, beside the patterns.

The model is a multinomial logistic regression over the sparse string features
of ``relation_features.pair_features``, stored as a NumPy ``.npz`` file of plain
arrays (feature names, class names, weights, intercepts, per-class thresholds and
a JSON metadata string). Loading it runs no code from the file (no pickle), so a
model a colleague sends is as safe to open as a CSV, and inference needs only
NumPy: scikit-learn is used to train (``threadline train-relations``), not to
extract.

For each pair of entities named in one sentence whose types the ontology admits
for some relation, the classifier gives a probability per relation type; the best
type whose probability reaches its threshold becomes a relation with the rule
``model:<name>`` and that probability as confidence. Types the ontology does not
allow for the pair's entity types are ruled out before the probabilities are
normalised.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from threadline.errors import ConfigError
from threadline.graph.ontology import Ontology

NO_RELATION = "NONE"
FORMAT_VERSION = 1
BUNDLED = "bundled"


@dataclass(frozen=True, slots=True)
class Prediction:
    relation: str
    probability: float


class RelationModel:
    """A loaded classifier: feature index, weights and thresholds."""

    def __init__(
        self,
        features: list[str],
        classes: list[str],
        weights: np.ndarray,
        intercept: np.ndarray,
        thresholds: np.ndarray,
        meta: dict[str, Any],
        fingerprint: str,
        dense: np.ndarray | None = None,
    ) -> None:
        if weights.shape != (len(features), len(classes)) or NO_RELATION not in classes:
            raise ValueError("inconsistent relation model arrays")
        self.dense = dense if dense is not None else np.zeros((0, len(classes)), np.float32)
        if self.dense.shape[1] != len(classes):
            raise ValueError("inconsistent relation model arrays")
        self.index = {name: i for i, name in enumerate(features)}
        self.classes = classes
        self.weights = weights
        self.intercept = intercept
        self.thresholds = thresholds
        self.meta = meta
        self.name = str(meta.get("name", "relations"))
        self.fingerprint = fingerprint
        self._none = classes.index(NO_RELATION)
        self._masks: dict[tuple[str, str], np.ndarray] = {}

    @classmethod
    def load(cls, path: str | Path) -> RelationModel:
        """Read a model file; a missing or malformed file is a ConfigError naming it."""
        path = Path(path)
        try:
            raw = path.read_bytes()
            with np.load(path, allow_pickle=False) as data:
                meta = json.loads(str(data["meta"]))
                if int(meta.get("format", 0)) != FORMAT_VERSION:
                    raise ValueError(f"format {meta.get('format')!r}, expected {FORMAT_VERSION}")
                return cls(
                    features=[str(f) for f in data["features"]],
                    classes=[str(c) for c in data["classes"]],
                    weights=np.asarray(data["weights"], dtype=np.float32),
                    intercept=np.asarray(data["intercept"], dtype=np.float32),
                    thresholds=np.asarray(data["thresholds"], dtype=np.float32),
                    meta=meta,
                    fingerprint=hashlib.sha256(raw).hexdigest()[:16],
                    dense=np.asarray(data["dense"], dtype=np.float32),
                )
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read relation model ({exc.strerror})") from exc
        except (ValueError, KeyError, json.JSONDecodeError) as exc:
            raise ConfigError(f"{path}: not a threadline relation model ({exc})") from exc

    def save(self, path: str | Path) -> None:
        """Write the model as an ``.npz`` file of plain arrays."""
        features = sorted(self.index, key=self.index.__getitem__)
        with Path(path).open("wb") as handle:
            np.savez_compressed(
                handle,
                features=np.array(features, dtype=str),
                classes=np.array(self.classes, dtype=str),
                weights=self.weights.astype(np.float32),
                intercept=self.intercept.astype(np.float32),
                thresholds=self.thresholds.astype(np.float32),
                dense=self.dense.astype(np.float32),
                meta=np.array(json.dumps({**self.meta, "format": FORMAT_VERSION}, sort_keys=True)),
            )

    def allowed(self, ontology: Ontology, source_type: str, target_type: str) -> np.ndarray:
        """Which classes the ontology admits between entities of these types."""
        key = (source_type, target_type)
        mask = self._masks.get(key)
        if mask is None:
            mask = np.array(
                [
                    c == NO_RELATION or ontology.allows(c, source_type, target_type)
                    for c in self.classes
                ]
            )
            self._masks[key] = mask
        return mask

    def probabilities(
        self, features: list[str], vector: np.ndarray, mask: np.ndarray
    ) -> np.ndarray:
        """Class probabilities for one pair, zero for the classes ``mask`` rules out."""
        rows = [self.index[f] for f in features if f in self.index]
        scores = self.intercept + (self.weights[rows].sum(axis=0) if rows else 0.0)
        if len(self.dense):
            if vector.shape != (len(self.dense),):
                raise ConfigError(
                    f"relation model {self.name!r} expects token vectors of "
                    f"{len(self.dense) // 4} dimensions; this pipeline gives "
                    f"{len(vector) // 4 if len(vector) else 'none'} (retrain it with this pipeline)"
                )
            scores = scores + vector @ self.dense
        scores = np.where(mask, scores, -np.inf)
        scores = scores - scores.max()
        exp = np.exp(scores)
        return exp / exp.sum()

    def predict(
        self, features: list[str], vector: np.ndarray, mask: np.ndarray
    ) -> Prediction | None:
        """The most probable relation type above its threshold, or None."""
        if mask.sum() < 2:
            return None
        probs = self.probabilities(features, vector, mask)
        probs_rel = probs.copy()
        probs_rel[self._none] = -1.0
        best = int(probs_rel.argmax())
        if probs_rel[best] < self.thresholds[best]:
            return None
        return Prediction(self.classes[best], float(probs_rel[best]))


def bundled_model_path() -> Path:
    """The model shipped in the package (trained by ``scripts/train_relation_model.py``)."""
    return Path(str(resources.files("threadline.ingest").joinpath("models", "relations.npz")))


def load_configured(setting: str) -> RelationModel | None:
    """The model ``[nlp] relation_model`` names: ``bundled``, a file, or ``none``."""
    if setting.strip().lower() in ("", "none", "off", "false"):
        return None
    path = bundled_model_path() if setting == BUNDLED else Path(setting)
    if setting == BUNDLED and not path.is_file():
        return None
    return RelationModel.load(path)
