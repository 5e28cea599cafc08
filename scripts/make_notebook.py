"""Write notebooks/explore.ipynb from the cells below (committed without outputs).

Keeping the notebook's source here makes it reviewable as plain Python and
guarantees the committed file carries no stale outputs:

    .venv/bin/python scripts/make_notebook.py
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

CELLS: list[tuple[str, str]] = [
    (
        "md",
        """# Exploring a document network with threadline

This notebook builds the knowledge graph of the bundled example corpus (`examples/`: sixteen
short documents about research institutes, a ministry, a foundation and the people who run them)
and walks through what an analyst does next: look at entities and relations, read the evidence,
ask canned questions, run Cypher, compute centrality, draw an ego network and export for Gephi.

Every step has a command-line equivalent, given in each section. Open this notebook with

    .venv/bin/pip install jupyterlab && .venv/bin/jupyter lab notebooks/explore.ipynb
""",
    ),
    (
        "md",
        """## 1. Build the graph

`Workspace.build` reads the documents, extracts entities and typed relations (cached per
document), resolves entities across documents, and writes the graph and the embedded Cypher store
into the workspace folder. Running it again on the same input does no NLP and changes nothing.

CLI: `threadline build examples -w notebook-workspace`""",
    ),
    (
        "code",
        """import os
from pathlib import Path

from threadline import Workspace

EXAMPLES = Path(os.environ.get("THREADLINE_EXAMPLES", "../examples")).resolve()
ws = Workspace.open("notebook-workspace")
report = ws.build([EXAMPLES], progress=False)
print(f"{report.documents} documents, {report.entities} entities, {report.relations} typed relations")""",
    ),
    (
        "md",
        """## 2. Entities and relations as DataFrames

The graph is a NetworkX `MultiDiGraph`. Nodes are canonical entities (one per real-world entity,
with the aliases found across documents); edges are typed relations whose `evidence` lists the
sentences that state them. `MENTIONED_WITH` edges are sentence co-mentions, kept apart from the
typed relations.

CLI: `threadline entities list -w notebook-workspace`, `threadline stats -w notebook-workspace`""",
    ),
    (
        "code",
        """import pandas as pd

graph = ws.graph()
entities = pd.DataFrame(
    [{"id": n, **{k: d.get(k) for k in ("name", "type", "aliases", "doc_count", "pagerank")}}
     for n, d in graph.nodes(data=True)]
).sort_values("pagerank", ascending=False)
entities.head(10)""",
    ),
    (
        "code",
        """relations = pd.DataFrame(
    [{"source": graph.nodes[s]["name"], "type": d["type"], "target": graph.nodes[t]["name"],
      "properties": d.get("properties"), "evidence": d["weight"],
      "sentence": d["evidence"][0]["sentence"]}
     for s, t, d in graph.edges(data=True) if d["type"] != "MENTIONED_WITH"]
)
print(relations["type"].value_counts().to_string())
relations.head(10)""",
    ),
    (
        "md",
        """## 3. Canned investigative queries

The catalog holds named questions (`profile`, `path`, `people`, `hierarchy`, `awards`,
`brokers`, ...). Entity arguments accept names or aliases in any case.

CLI: `threadline query list`, `threadline query people --param entity=NIAM -w notebook-workspace`""",
    ),
    (
        "code",
        """from threadline.queries.catalog import load_catalog, run_query

print(sorted(load_catalog()))
people = pd.DataFrame(run_query("people", {"entity": "Northbridge Institute for Applied Materials"}, workspace=ws))
people""",
    ),
    (
        "code",
        """path = pd.DataFrame(run_query("path", {"source": "Elena Varga", "target": "Meridian Science Foundation"}, workspace=ws))
path""",
    ),
    (
        "md",
        """## 4. Raw Cypher on the embedded store

The store has one node table per entity type and one relation table per relation type. Values
are always passed as parameters.

CLI: `threadline cypher "MATCH (p:Person)-[r:WORKS_FOR]->(o) RETURN p.name, r.role, o.name" -w notebook-workspace`""",
    ),
    (
        "code",
        """rows = ws.cypher(
    "MATCH (p:Person)-[r:WORKS_FOR]->(o:Organization) WHERE o.name = $org "
    "RETURN p.name AS person, r.role AS role",
    org="Ministry of Industry and Innovation",
)
pd.DataFrame(rows)""",
    ),
    (
        "md",
        """## 5. Analytics with NetworkX

The build already wrote degree, PageRank, betweenness and Louvain communities onto the nodes
(so Cypher and the exports can sort on them). Any NetworkX algorithm works on the graph too; here
on typed relations only.

CLI: `threadline query top -w notebook-workspace`, `threadline query brokers -w notebook-workspace`""",
    ),
    (
        "code",
        """import networkx as nx

typed = nx.Graph()
typed.add_edges_from((s, t) for s, t, d in graph.edges(data=True) if d["type"] != "MENTIONED_WITH")
closeness = nx.closeness_centrality(typed)
top = sorted(closeness, key=closeness.get, reverse=True)[:5]
pd.DataFrame([{"name": graph.nodes[n]["name"], "closeness": round(closeness[n], 3),
               "community": graph.nodes[n].get("community")} for n in top])""",
    ),
    (
        "md",
        """## 6. An ego network, drawn inline

The view is one self-contained HTML file (no network needed): hover a node for its aliases,
click an edge for its evidence sentences.

CLI: `threadline viz --entity "Samuel Okafor" --hops 1 -o okafor.html -w notebook-workspace`""",
    ),
    (
        "code",
        """import html

from IPython.display import HTML

from threadline.graph.subgraph import ego_graph
from threadline.lookup import find_entity
from threadline.queries.viz import render_html

ego = ego_graph(graph, find_entity(graph, "Samuel Okafor"), hops=1)
render_html(ego, "okafor.html", ws.ontology, ws.config.viz, title="Samuel Okafor, one hop")
page = Path("okafor.html").read_text("utf-8")
HTML(f'<iframe srcdoc="{html.escape(page)}" width="100%" height="520" style="border:0"></iframe>')""",
    ),
    (
        "md",
        """## 7. Export for Gephi, yEd or Neo4j

GraphML keeps scalar attributes (lists and evidence as JSON strings) so Gephi and yEd open it.

CLI: `threadline export graphml -o examples.graphml -w notebook-workspace` (also `gexf`, `json`,
`csv`, `neo4j-csv`, `cypher`), and `threadline push neo4j --uri bolt://... -w notebook-workspace`""",
    ),
    (
        "code",
        """ws.export("graphml", "examples.graphml")
check = nx.read_graphml("examples.graphml")
print(check.number_of_nodes(), "nodes and", check.number_of_edges(), "edges in examples.graphml")""",
    ),
]


def build() -> nbformat.NotebookNode:
    cells = [new_markdown_cell(src) if kind == "md" else new_code_cell(src) for kind, src in CELLS]
    notebook = new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    notebook.metadata["language_info"] = {"name": "python"}
    return notebook


def main() -> None:
    out = Path(__file__).resolve().parent.parent / "notebooks" / "explore.ipynb"
    nbformat.write(build(), str(out))
    print(out)


if __name__ == "__main__":
    main()
