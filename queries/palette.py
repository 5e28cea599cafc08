"""Colours for relation types, shared by the HTML view and the explorer app.

A colour per relation type lets a reader tell WORKS_FOR from PART_OF without
reading a label. Colours follow the ontology's order of relation types, so the
same type has the same colour in every view of every workspace; co-mentions
are always a light grey, since they are not typed relations.

>>> from threadline.graph.ontology import Ontology
>>> colors = relation_colors(Ontology.load())
>>> colors["MENTIONED_WITH"]
'#b8bec6'
>>> len(set(colors.values())) == len(colors)
True
"""

from __future__ import annotations

from threadline.graph.model import MENTIONED_WITH
from threadline.graph.ontology import Ontology

COMENTION_COLOR = "#b8bec6"
UNKNOWN_RELATION_COLOR = "#5b6570"

# Distinguishable on white, none of them the co-mention grey.
_PALETTE = (
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
    "#17becf", "#bcbd22", "#393b79", "#ad494a", "#637939", "#7b4173", "#843c39",
    "#3182bd", "#e6550d", "#31a354", "#756bb1", "#636363", "#a55194",
)  # fmt: skip


def relation_colors(ontology: Ontology) -> dict[str, str]:
    """Relation type -> colour, for every relation type of the ontology and co-mentions."""
    colors = {
        name: _PALETTE[index % len(_PALETTE)] for index, name in enumerate(ontology.relation_types)
    }
    colors[MENTIONED_WITH] = COMENTION_COLOR
    return colors


def relation_color(ontology: Ontology, relation_type: str) -> str:
    """The colour of one relation type (a neutral grey-blue for a type the ontology lacks)."""
    return relation_colors(ontology).get(relation_type, UNKNOWN_RELATION_COLOR)
