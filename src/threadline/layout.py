"""A workspace folder's file names, defined once.

Every module that reads or writes part of a workspace (the workspace itself,
the cache, the build lock, the judgements, the store pointer, ``check``, the
server) takes the names from here, so the layout is written down in one place::

    threadline.toml     the configuration (optional)
    manifest.json       what each input file gave: size, mtime, documents
    cache/              one extraction per document, under the extractor's fingerprint
    pipeline.json       the extraction fingerprint the cache was built with
    graph.json          the resolved graph readers use
    graph.state         what graph.json was built from
    judgements.yaml     the analyst's judgements (merges, splits, ...)
    store/CURRENT       the store readers open: store/<name>/graph.lbdb
    .build.lock         held by the one build that writes; .build.owner says whose

It imports nothing of the project, so every layer may import it.
"""

from __future__ import annotations

__all__ = [
    "CACHE_DIRNAME",
    "CONFIG_FILENAME",
    "DB_FILENAME",
    "GRAPH_FILENAME",
    "JUDGEMENTS_FILENAME",
    "LOCK_FILENAME",
    "MANIFEST_FILENAME",
    "OWNER_FILENAME",
    "PIPELINE_FILENAME",
    "POINTER",
    "STATE_FILENAME",
    "STORE_DIRNAME",
]

CONFIG_FILENAME = "threadline.toml"
MANIFEST_FILENAME = "manifest.json"
CACHE_DIRNAME = "cache"
PIPELINE_FILENAME = "pipeline.json"
GRAPH_FILENAME = "graph.json"
STATE_FILENAME = "graph.state"
JUDGEMENTS_FILENAME = "judgements.yaml"
STORE_DIRNAME = "store"
# Inside the store folder: the pointer file, and the database in each store.
POINTER = "CURRENT"
DB_FILENAME = "graph.lbdb"
LOCK_FILENAME = ".build.lock"
OWNER_FILENAME = ".build.owner"
