"""One way to write the graph in any format: ``export(graph, fmt, path, filters)``.

Each format is a small module with a ``write`` function; this is the one entry
point the CLI, the notebook and scripts call, so ``--types``, ``--relations``,
``--min-weight`` and co-mentions mean the same thing for every format and an
empty cut is refused the same way.

>>> import networkx as nx, tempfile, pathlib
>>> g = nx.MultiDiGraph()
>>> g.add_node("p1", name="Ada", type="Person"); g.add_node("o1", name="Acme", type="Organization")
>>> _ = g.add_edge("p1", "o1", key="WORKS_FOR", type="WORKS_FOR", weight=1)
>>> out = pathlib.Path(tempfile.mkdtemp()) / "g.json"
>>> result = export(g, "json", out, ExportFilters(types=("Person", "Organization")))
>>> result.entities, result.typed_relations, result.comentions, out.exists()
(2, 1, 0, True)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from threadline.errors import QueryError

if TYPE_CHECKING:  # the CLI imports ExportFormat at start-up: nothing heavy here
    import networkx as nx

    from threadline.graph.ontology import Ontology

__all__ = ["ExportFilters", "ExportFormat", "ExportResult", "export"]


class ExportFormat(StrEnum):
    """The formats ``export`` writes."""

    graphml = "graphml"
    gexf = "gexf"
    json = "json"
    csv = "csv"
    neo4j_csv = "neo4j-csv"
    cypher = "cypher"

    @property
    def wants_mentions(self) -> bool:
        """Whether the format carries documents and their MENTIONS edges."""
        return self in (ExportFormat.neo4j_csv, ExportFormat.cypher)


@dataclass(frozen=True, slots=True)
class ExportFilters:
    """The cut of the graph to export (``threadline.graph.subgraph.filter_graph``)."""

    types: tuple[str, ...] | None = None
    relations: tuple[str, ...] | None = None
    min_weight: float = 0
    comentions: bool = True


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What was written, for the user: where, and how much of the graph."""

    written: str
    entities: int
    typed_relations: int
    comentions: int


def export(
    graph: nx.MultiDiGraph,
    fmt: ExportFormat | str,
    path: str | Path,
    filters: ExportFilters | None = None,
    *,
    ontology: Ontology | None = None,
    mentions: Mapping[tuple[str, str], int] | None = None,
) -> ExportResult:
    """Write the cut of ``graph`` that ``filters`` select to ``path`` in ``fmt``.

    ``mentions`` ((doc_id, entity id) -> count) adds the MENTIONS edges of the
    formats that carry documents (neo4j-csv, cypher). A filter naming an unknown
    type, or a cut that leaves no entity, raises ``QueryError``.
    """
    from threadline.graph.model import MENTIONED_WITH
    from threadline.graph.ontology import Ontology
    from threadline.graph.subgraph import check_filters, empty_result, filter_graph

    fmt = ExportFormat(fmt)
    filters = filters or ExportFilters()
    ontology = ontology or Ontology.load()
    check_filters(graph, filters.types, filters.relations, ontology)
    cut = filter_graph(
        graph,
        types=filters.types,
        relations=filters.relations,
        min_weight=filters.min_weight,
        comentions=filters.comentions,
    )
    if cut.number_of_nodes() == 0:
        raise QueryError(empty_result(filters.types, filters.relations, filters.min_weight))
    written = _write(cut, fmt, Path(path), ontology, mentions if fmt.wants_mentions else None)
    comentions = sum(1 for *_, t in cut.edges(data="type") if t == MENTIONED_WITH)
    return ExportResult(
        written=written,
        entities=cut.number_of_nodes(),
        typed_relations=cut.number_of_edges() - comentions,
        comentions=comentions,
    )


def _write(
    graph: nx.MultiDiGraph,
    fmt: ExportFormat,
    output: Path,
    ontology: Ontology,
    mentions: Mapping[tuple[str, str], int] | None,
) -> str:
    from threadline.graph.export import (
        csv_export,
        cypher_script,
        gexf,
        graphml,
        json_export,
        neo4j_csv,
    )

    if fmt == ExportFormat.graphml:
        graphml.write(graph, output)
    elif fmt == ExportFormat.gexf:
        gexf.write(graph, output, ontology)
    elif fmt == ExportFormat.json:
        json_export.write(graph, output)
    elif fmt == ExportFormat.csv:
        paths = csv_export.write(graph, output)
        return ", ".join(str(p) for p in paths)
    elif fmt == ExportFormat.neo4j_csv:
        neo4j_csv.write(graph, output, ontology, mentions)
        return f"{output}/ (import command in {output / 'README.md'})"
    else:
        cypher_script.write(graph, output, ontology, mentions)
    return str(output)
