"""HTML pages: main text through trafilatura, plus title, date, author and URL.

trafilatura drops navigation, footers, scripts, styles and iframes and keeps
the article. Pages too short for it fall back to its baseline extractor. A page
that breaks the parser (pathologically deep nesting, say) is refused with a
reason rather than crashing the batch.
"""

from __future__ import annotations

import logging

from threadline.config import IngestConfig
from threadline.errors import InputError
from threadline.ingest.readers.base import RawDocument, blank_to_none

# trafilatura logs every page it finds too short; the fallback handles those.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


def read_html(name: str, data: bytes, config: IngestConfig) -> list[RawDocument]:
    """An .html file: one raw document with the page's metadata."""
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            data,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            # "enable JavaScript" notices are not the article; iframe content is
            # fallback text browsers never show, yet a lxml tree keeps it as text
            prune_xpath=["//noscript", "//iframe"],
        )
        text = getattr(result, "text", None) if result is not None else None
        if not text:
            _tree, text, _length = trafilatura.baseline(data)
    except RecursionError as exc:
        raise InputError(name, "HTML nested too deeply to parse") from exc
    except Exception as exc:  # a third-party parser: any failure is a bad input
        raise InputError(name, f"cannot parse HTML ({type(exc).__name__})") from exc
    if not text or not text.strip():
        raise InputError(name, "no text found in HTML")
    # trafilatura puts one paragraph per line; blank lines keep them paragraphs.
    text = "\n\n".join(line for line in text.split("\n") if line.strip())
    meta = result if result is not None else None
    return [
        RawDocument(
            text=text,
            title=blank_to_none(getattr(meta, "title", None)),
            date=blank_to_none(getattr(meta, "date", None)),
            url=blank_to_none(getattr(meta, "url", None)),
            source=blank_to_none(getattr(meta, "sitename", None)),
            author=blank_to_none(getattr(meta, "author", None)),
        )
    ]
