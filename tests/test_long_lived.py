"""Objects kept out of full collections while a build holds them, and given back after."""

from __future__ import annotations

import gc

from threadline.long_lived import LongLived


def test_the_outermost_gives_back_what_every_inner_one_kept() -> None:
    start = gc.get_freeze_count()
    assert start == 0  # nothing may be left frozen by an earlier test
    with LongLived() as outer:
        outer.keep()
        kept = gc.get_freeze_count()
        assert kept > 0
        with LongLived() as inner:
            made_inside = [[index] for index in range(100)]
            inner.keep()
        # The inner one is not the outermost: what it kept stays kept.
        assert gc.get_freeze_count() >= kept + len(made_inside)
    assert gc.get_freeze_count() == 0


def test_objects_a_caller_froze_before_stay_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with LongLived() as long_lived:
            long_lived.keep()
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()


def test_an_error_inside_still_gives_everything_back() -> None:
    try:
        with LongLived() as long_lived:
            long_lived.keep()
            raise RuntimeError("stop")
    except RuntimeError:
        pass
    assert gc.get_freeze_count() == 0
