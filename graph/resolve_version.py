"""The version of the resolution rules, apart from the rules themselves.

A build compares it (in the workspace's state digest) before it knows whether
anything must be resolved at all: kept out of ``threadline.graph.resolve``,
whose import pulls in NumPy and rapidfuzz (a quarter of a second), so that a
build of unchanged input does not pay for them.
"""

from __future__ import annotations

# Bump when the rules change, so that a workspace built with older rules re-resolves.
RESOLVER_VERSION = "21"  # a contest's kind alone ("Cup") is a generic name
