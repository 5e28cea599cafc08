"""Place names with and without a designator ('Hebei' / 'Hebei Province'): candidates only.

Often one place, but not always ('New York' / 'New York City'), so the pair is
listed for review and never merged.
"""

from __future__ import annotations

from threadline.graph.resolve.resolver import Resolver

PLACE_DESIGNATORS = frozenset(
    [
        "province",
        "city",
        "county",
        "district",
        "prefecture",
        "municipality",
        "region",
        "state",
        "town",
        "village",
    ]
)


def designator_candidates(resolver: Resolver) -> None:
    """'Hebei' / 'Hebei Province': often one place, but not always ('New York City')."""
    bare: dict[tuple[str, str], int] = {}
    designated: list[tuple[int, str, str]] = []
    for i, record in enumerate(resolver.records):
        if not resolver.ontology.has_trait(record.entity.type, "place"):
            continue
        words = record.key.split()
        if len(words) >= 2 and words[-1] in PLACE_DESIGNATORS:
            designated.append((i, " ".join(words[:-1]), words[-1]))
        else:
            bare.setdefault((record.entity.type, record.key), i)
    for i, stem, designator in designated:
        other = bare.get((resolver.records[i].entity.type, stem))
        if other is not None:
            reason = f"same name with and without '{designator.capitalize()}'"
            resolver.candidates.append((other, i, 0.0, reason))
