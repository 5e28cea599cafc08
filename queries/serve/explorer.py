"""What the explorer app asks of a workspace, as plain JSON-ready data.

The HTTP layer (``threadline.queries.serve.app``) only routes; every answer is
computed here from the library: ``Workspace.graph``/``entity``/``cypher``,
``queries.catalog.run_query`` and ``workspace.curation.record_judgement``. One lock
serialises access to the workspace: the embedded store handle and the cached
graph are shared, and curation rebuilds both.

Graph payloads have one shape everywhere (search results aside)::

    {"nodes": [{"id", "name", "type", "aliases", "mentions", "degree", "pagerank", "docs"}],
     "edges": [{"id", "source", "target", "type", "label", "weight", "confidence", "dates"}]}
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from threadline.errors import QueryError
from threadline.graph.model import MENTIONED_WITH
from threadline.queries.palette import relation_colors
from threadline.queries.serve.documents import DocumentReader
from threadline.queries.serve.readonly import check_read_only
from threadline.workspace import Workspace

SEARCH_LIMIT = 20
NEIGHBOUR_LIMIT = 300
GRAPH_LIMIT = 20_000
EDGE_LIMIT = 150_000


@dataclass
class Explorer:
    """A workspace seen through the app: searches, neighbourhoods, documents, queries, curation."""

    workspace: Workspace
    lock: threading.RLock = field(default_factory=threading.RLock)
    # Judgements this app recorded, newest last: what "undo" may take back.
    recorded: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.documents = DocumentReader(self.workspace)

    @classmethod
    def open(cls, path: str | Path) -> Explorer:
        return cls(Workspace.open(path))

    def graph(self) -> nx.MultiDiGraph:
        """The shared (read-only) graph, as of the last build or curation."""
        return self.workspace.graph(copy=False)

    # -- overview ---------------------------------------------------------------

    def meta(self) -> dict[str, Any]:
        """Types, colours, counts and the metrics available for node size."""
        graph = self.graph()
        ontology = self.workspace.ontology
        types: dict[str, int] = {}
        for _, entity_type in graph.nodes(data="type"):
            types[entity_type or "Unknown"] = types.get(entity_type or "Unknown", 0) + 1
        relations: dict[str, int] = {}
        for _, _, relation in graph.edges(data="type"):
            relations[relation] = relations.get(relation, 0) + 1
        colors = relation_colors(ontology)
        return {
            "workspace": self.workspace.path.name,
            "entities": graph.number_of_nodes(),
            "relations": sum(n for r, n in relations.items() if r != MENTIONED_WITH),
            "comentions": relations.get(MENTIONED_WITH, 0),
            "entity_types": [
                {"name": t, "color": ontology.color(t), "count": types[t]} for t in sorted(types)
            ],
            "relation_types": [
                {"name": r, "color": colors.get(r, "#5b6570"), "count": relations[r]}
                for r in sorted(relations, key=lambda r: (r == MENTIONED_WITH, r))
            ],
            "metrics": ["mentions", "degree", "pagerank"],
        }

    # -- entities ---------------------------------------------------------------

    def search(self, text: str, limit: int = SEARCH_LIMIT) -> list[dict[str, Any]]:
        """Entities whose name or an alias contains ``text`` (any case); best first.

        Exact matches come first, then prefixes, then substrings; ties go to the
        most mentioned entity.
        """
        needle = " ".join(text.casefold().split())
        if not needle:
            return []
        scored = []
        for node, data in self.graph().nodes(data=True):
            names = [data.get("name") or "", *(data.get("aliases") or ())]
            best = None
            for rank, name in enumerate(names):
                folded = name.casefold()
                if folded == needle:
                    score = 0
                elif folded.startswith(needle):
                    score = 1
                elif needle in folded:
                    score = 2
                else:
                    continue
                score = score * 2 + (rank > 0)
                best = score if best is None else min(best, score)
            if best is not None:
                scored.append((best, -int(data.get("mention_count") or 0), node, data))
        scored.sort(key=lambda s: (s[0], s[1], s[2]))
        return [
            {
                "id": node,
                "name": data.get("name"),
                "type": data.get("type"),
                "aliases": list(data.get("aliases") or ()),
            }
            for _, _, node, data in scored[:limit]
        ]

    def entity(self, entity_id: str) -> dict[str, Any]:
        """An entity with its relations, their evidence and each document's metadata."""
        graph = self.graph()
        if entity_id not in graph:
            raise KeyError(entity_id)
        with self.lock:
            entity = self.workspace.entity(entity_id)
        documents = graph.graph.get("documents") or {}
        doc_ids = set(entity.get("doc_ids") or ())
        for relation in entity["relations"]:
            doc_ids.update(e.get("doc_id") for e in relation.get("evidence") or ())
        entity["documents"] = {
            d: _document_meta(documents.get(d) or {"doc_id": d}) for d in sorted(doc_ids) if d
        }
        entity["mentioned_with"] = entity["mentioned_with"][:50]
        return entity

    def neighbours(
        self, entity_id: str, comentions: bool = False, limit: int = NEIGHBOUR_LIMIT
    ) -> dict[str, Any]:
        """An entity and its neighbours: typed relations first, co-mentions only when asked.

        Above ``limit`` neighbours the strongest (most evidence) are kept and
        ``left_out`` says how many were not.
        """
        graph = self.graph()
        if entity_id not in graph:
            raise KeyError(entity_id)
        strength: dict[str, tuple[int, float]] = {}
        for source, target, data in _incident(graph, entity_id):
            other = target if source == entity_id else source
            typed = data.get("type") != MENTIONED_WITH
            if not typed and not comentions:
                continue
            key = (int(typed), float(data.get("weight") or 1))
            strength[other] = max(strength.get(other, key), key)
        ranked = sorted(strength, key=lambda n: (-strength[n][0], -strength[n][1], n))
        kept = [entity_id, *ranked[:limit]]
        payload = subgraph_payload(graph, kept, comentions=comentions)
        payload["centre"] = entity_id
        payload["left_out"] = max(0, len(ranked) - limit)
        return payload

    def whole(self, comentions: bool = False, limit: int = GRAPH_LIMIT) -> dict[str, Any]:
        """The whole graph (the ``limit`` most central entities when larger)."""
        graph = self.graph()
        nodes = list(graph.nodes)
        if len(nodes) > limit:
            nodes.sort(key=lambda n: -float(graph.nodes[n].get("pagerank") or 0))
            nodes = nodes[:limit]
        payload = subgraph_payload(graph, nodes, comentions=comentions)
        payload["left_out"] = graph.number_of_nodes() - len(nodes)
        edges = payload["edges"]
        if len(edges) > EDGE_LIMIT:  # co-mentions of a big corpus: keep typed, then strongest
            edges.sort(key=lambda e: (e["type"] == MENTIONED_WITH, -e["weight"]))
            payload["edges_left_out"] = len(edges) - EDGE_LIMIT
            del edges[EDGE_LIMIT:]
        return payload

    def path(self, source: str, target: str) -> dict[str, Any]:
        """The shortest chain of typed relations between two entities (direction ignored)."""
        graph = self.graph()
        for node in (source, target):
            if node not in graph:
                raise KeyError(node)
        links = nx.Graph()
        links.add_nodes_from(graph.nodes)
        links.add_edges_from(
            (s, t) for s, t, r in graph.edges(data="type") if r != MENTIONED_WITH and s != t
        )
        try:
            chain = nx.shortest_path(links, source, target)
        except nx.NetworkXNoPath:
            raise QueryError("no chain of typed relations joins these two entities") from None
        payload = subgraph_payload(graph, chain, comentions=False)
        pairs = {frozenset(p) for p in itertools.pairwise(chain)}
        payload["edges"] = [
            e for e in payload["edges"] if frozenset((e["source"], e["target"])) in pairs
        ]
        payload["path"] = chain
        return payload

    # -- documents ----------------------------------------------------------------

    def document(self, doc_id: str) -> dict[str, Any]:
        """A document's metadata, cleaned text and the entity mentions in it."""
        with self.lock:
            return self.documents.read(doc_id, self.graph())

    # -- queries ------------------------------------------------------------------

    def queries(self) -> list[dict[str, Any]]:
        """The catalog, with each parameter's type, default and choices (to build forms)."""
        from threadline.queries.catalog import load_catalog

        catalog = load_catalog()
        ontology = self.workspace.ontology
        listed = []
        for query in sorted(catalog.values(), key=lambda q: q.name):
            listed.append(
                {
                    "name": query.name,
                    "description": query.description,
                    "parameters": [
                        {
                            "name": p.name,
                            "type": p.type,
                            "help": p.help,
                            "required": p.required,
                            "default": None if p.required else p.default,
                            "choices": list(p.choices_for(ontology)),
                            "min": p.minimum,
                            "max": p.maximum,
                        }
                        for p in query.parameters
                    ],
                }
            )
        return listed

    def run_query(self, name: str, values: dict[str, Any]) -> dict[str, Any]:
        """Run a catalog query: its rows and the subgraph of the entities it returns."""
        from threadline.queries.catalog import get_query, load_catalog, result_subgraph, run_query

        query = get_query(name, load_catalog())
        graph = self.graph()
        clean = {k: v for k, v in values.items() if v not in (None, "")}
        with self.lock:
            params = query.bind(clean, graph, self.workspace.ontology)
            rows = run_query(query, params, workspace=self.workspace, graph=graph, bound=True)
        sub = result_subgraph(query, rows, graph, params)
        result = table(rows)
        result["graph"] = subgraph_payload(graph, list(sub.nodes), comentions=False)
        return result

    def cypher(self, text: str) -> dict[str, Any]:
        """Run read-only Cypher on the embedded store (the store is also opened read-only)."""
        check_read_only(text)
        with self.lock:
            rows = self.workspace.cypher(text)
        result = table(rows)
        graph = self.graph()
        ids = [i for i in _ids_in(rows) if i in graph]
        result["graph"] = subgraph_payload(graph, ids, comentions=False) if ids else None
        return result

    # -- curation -----------------------------------------------------------------

    def judgements(self) -> dict[str, Any]:
        """The recorded judgements in order, and which this app may undo."""
        from threadline.graph.curation import Judgements

        items = [j.to_dict() for j in Judgements.load(self.workspace.path)]
        return {"judgements": items, "undoable": len(self.recorded)}

    def judge(
        self,
        action: str,
        name: str,
        argument: str | None = None,
        entity_type: str | None = None,
        note: str | None = None,
    ) -> dict[str, Any]:
        """Record a judgement as ``threadline entities ACTION`` does, then rebuild from the cache."""
        from threadline.graph.curation import Judgement, Judgements
        from threadline.ingest.gazetteer import Gazetteer
        from threadline.workspace.curation import record_judgement

        ws = self.workspace
        with self.lock:
            judgement = Judgement(action, name, argument, type=entity_type or None, note=note)
            judgements = Judgements.load(ws.path)
            record_judgement(
                judgements,
                judgement,
                ws.extractions(),
                ws.ontology,
                ws.config.resolve,
                Gazetteer.load(ws.config.nlp.gazetteers),
            )
            recorded = judgements.items[-1].to_dict()
            self.recorded.append(recorded)
            ws.refresh()
            self.documents.forget()
        return {"recorded": recorded, **self.judgements(), "found": self._find(judgement)}

    def undo(self) -> dict[str, Any]:
        """Take back the last judgement this app recorded, then rebuild from the cache."""
        from threadline.graph.curation import Judgement, Judgements

        with self.lock:
            if not self.recorded:
                raise QueryError("nothing to undo: no judgement was recorded here")
            last = self.recorded[-1]
            judgements = Judgements.load(self.workspace.path)
            target = Judgement.from_dict(last)
            for index in range(len(judgements.items) - 1, -1, -1):
                if judgements.items[index] == target:
                    del judgements.items[index]
                    break
            else:
                self.recorded.pop()
                raise QueryError("the last judgement is no longer in judgements.yaml")
            judgements.save()
            self.recorded.pop()
            self.workspace.refresh()
            self.documents.forget()
        return {"undone": last, **self.judgements()}

    def _find(self, judgement: Any) -> str | None:
        """The id of the entity a judgement leaves, to reopen its panel."""
        from threadline.lookup import find_entities

        if judgement.action == "reject":
            return None
        shown = judgement.argument if judgement.action in ("split", "rename") else judgement.name
        found = find_entities(self.graph(), shown or judgement.name)
        return found[0] if len(found) == 1 else None


# -- payloads ---------------------------------------------------------------------


def _document_meta(meta: dict[str, Any]) -> dict[str, Any]:
    return {
        key: meta.get(key)
        for key in ("doc_id", "title", "date", "source", "url", "author", "origins")
    }


def _incident(graph: nx.MultiDiGraph, node: str) -> Iterable[tuple[str, str, dict[str, Any]]]:
    yield from graph.out_edges(node, data=True)
    yield from graph.in_edges(node, data=True)


def subgraph_payload(
    graph: nx.MultiDiGraph, nodes: Iterable[str], comentions: bool = False
) -> dict[str, Any]:
    """Nodes and the edges among them, in the compact shape the page draws."""
    keep = dict.fromkeys(n for n in nodes if n in graph)
    documents = graph.graph.get("documents") or {}
    node_rows = []
    for node in keep:
        data = graph.nodes[node]
        node_rows.append(
            {
                "id": node,
                "name": data.get("name") or node,
                "type": data.get("type") or "Unknown",
                "aliases": list(data.get("aliases") or ()),
                "mentions": int(data.get("mention_count") or 0),
                "degree": int(data.get("degree") or 0),
                "pagerank": float(data.get("pagerank") or 0.0),
            }
        )
    edge_rows = []
    for source in keep:
        for _, target, key, data in graph.out_edges(source, keys=True, data=True):
            if target not in keep:
                continue
            relation = data.get("type") or "RELATED"
            if relation == MENTIONED_WITH and not comentions:
                continue
            evidence = data.get("evidence") or ()
            confidences = [e.get("confidence") for e in evidence if e.get("confidence") is not None]
            dates = sorted(
                {(documents.get(e.get("doc_id")) or {}).get("date") or "" for e in evidence} - {""}
            )
            properties = data.get("properties") or {}
            edge_rows.append(
                {
                    "id": f"{source}\x1f{target}\x1f{key}",
                    "source": source,
                    "target": target,
                    "type": relation,
                    "label": relation + "".join(f" · {v}" for v in properties.values()),
                    "weight": float(data.get("weight") or len(evidence) or 1),
                    "confidence": max(confidences) if confidences else None,
                    "dates": [dates[0][:10], dates[-1][:10]] if dates else None,
                    "status": properties.get("status") or "current",
                }
            )
    return {"nodes": node_rows, "edges": edge_rows}


def table(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Rows as columns + lists of cells (values made JSON-safe)."""
    columns: list[str] = []
    for row in rows:
        for column in row:
            if column not in columns:
                columns.append(column)
    return {
        "columns": columns,
        "rows": [[_plain(row.get(c)) for c in columns] for row in rows],
    }


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    return str(value)


def _ids_in(rows: list[dict[str, Any]]) -> list[str]:
    """Every string or node ``id`` property in a result: the entities it mentions."""
    found: dict[str, None] = {}

    def walk(value: Any) -> None:
        if isinstance(value, str):
            found.setdefault(value)
        elif isinstance(value, dict):
            if isinstance(value.get("id"), str):
                found.setdefault(value["id"])
            for item in value.values():
                if isinstance(item, list | dict):
                    walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    for row in rows:
        walk(list(row.values()))
    return list(found)
