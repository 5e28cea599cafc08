"""The workspace: where a case lives, as one package.

- ``core``: ``Workspace``, the one object notebooks and the CLI use (build,
  read, curate, query) and ``BuildReport``;
- ``lock``: the build lock, one writer at a time;
- ``check``: is a workspace sound, and its repair (``threadline check``).

The cache and manifest (``threadline.graph.cache``), the judgements file
(``threadline.graph.curation``) and the store pointer
(``threadline.graph.store.pointer``) are read by the graph code too, which never
imports this package; the file names of the whole folder are
``threadline.layout``.

>>> from threadline.workspace import Workspace
>>> Workspace.__module__
'threadline.workspace.core'
"""

from __future__ import annotations

from threadline.layout import (
    CACHE_DIRNAME,
    GRAPH_FILENAME,
    JUDGEMENTS_FILENAME,
    MANIFEST_FILENAME,
    PIPELINE_FILENAME,
    STATE_FILENAME,
    STORE_DIRNAME,
)
from threadline.workspace.core import GRAPH_VERSION, BuildReport, Workspace

__all__ = [
    "CACHE_DIRNAME",
    "GRAPH_FILENAME",
    "GRAPH_VERSION",
    "JUDGEMENTS_FILENAME",
    "MANIFEST_FILENAME",
    "PIPELINE_FILENAME",
    "STATE_FILENAME",
    "STORE_DIRNAME",
    "BuildReport",
    "Workspace",
]
