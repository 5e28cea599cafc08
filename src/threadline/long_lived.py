"""Objects that live as long as a build, kept out of the garbage collector's full passes.

Why: a full collection visits every container object the process holds. During
a build, this process holds the pipeline (loaded to fork the workers) and, as
documents come back, their extractions, then the resolution and the graph;
none of them is garbage until the build ends. On the 2,225 BBC articles the
build's own process ran a dozen full collections, 0.2-0.4 s each, that found
nothing: about 1.5 s while the workers parsed and 1.1 s after the last
document, when only this process works. ``gc.freeze`` moves every object
alive at that moment out of the collector's sight; later objects are
collected as usual, and their reference counts free everything else.

Frozen objects come back under the collector when the outermost ``LongLived``
ends, so a caller that builds again, or drops the pipeline, loses nothing.
A caller that froze objects itself before keeps them frozen: only the
outermost user unfreezes.
"""

from __future__ import annotations

import gc
from types import TracebackType


class LongLived:
    """``keep()`` freezes everything alive now, until the outermost ``LongLived`` ends.

    >>> with LongLived() as long_lived:
    ...     long_lived.keep()
    ...     gc.get_freeze_count() > 0
    True
    >>> gc.get_freeze_count()
    0
    """

    def __init__(self) -> None:
        self._outermost = False

    def __enter__(self) -> LongLived:
        self._outermost = gc.get_freeze_count() == 0
        return self

    def keep(self) -> None:
        gc.freeze()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._outermost:
            gc.unfreeze()
