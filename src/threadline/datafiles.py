"""The bundled YAML data files, read once: shared by the layers that use them.

Resolution (graph/) reads the generic organization names of the entity rules
that the entity step (ingest/) also reads; loading them here keeps the graph
layer from importing the ingest layer.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

__all__ = ["entity_rules"]


@cache
def entity_rules() -> dict[str, Any]:
    """The bundled cleanup rules (ingest/entity_rules.yaml)."""
    text = resources.files("threadline.ingest").joinpath("entity_rules.yaml").read_text("utf-8")
    return yaml.safe_load(text)
