"""The workspace: where a case lives, as one package.

- ``core``: ``Workspace``, the one object notebooks and the CLI use (build,
  read, curate, query) and ``BuildReport``;
- ``cache``: per-document extractions and the file manifest;
- ``lock``: the build lock, one writer at a time;
- ``curation``: try, record and undo the analyst's judgements;
- ``check``: is a workspace sound, and its repair (``threadline check``).

The judgements file (``threadline.graph.curation``, which resolution applies)
and the store pointer (``threadline.graph.store.pointer``, which the store
writes) are read by the graph code too, which never imports this package; the
file names of the whole folder are ``threadline.layout`` and its atomic writes
``threadline.atomic``.

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
