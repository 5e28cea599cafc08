"""The entry point: run the rules in order, apply the judgements, build the canonical entities.

Canonical ids come from ``entity_id(type, canonical name)``; two groups ending
with one id (a rename onto an existing name) are one entity. Candidates are
mapped onto the final ids, without pairs a split set apart.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from threadline.graph.curation import Judgements
from threadline.graph.model import Extraction, entity_id
from threadline.graph.resolve.acronyms import link_defined_aliases
from threadline.graph.resolve.exact import link_gazetteer, link_names
from threadline.graph.resolve.fuzzy import link_fuzzy
from threadline.graph.resolve.judgements import apply_judgements
from threadline.graph.resolve.places import designator_candidates
from threadline.graph.resolve.records import Group
from threadline.graph.resolve.resolver import Resolver
from threadline.graph.resolve.results import Candidate, CanonicalEntity, Resolution
from threadline.graph.resolve.type_votes import common_cues, summed_type_votes
from threadline.names import resolution_key

if TYPE_CHECKING:
    from threadline.config import ResolveConfig
    from threadline.contracts import KnownEntities
    from threadline.graph.ontology import Ontology


def resolve(
    extractions: Sequence[Extraction],
    ontology: Ontology,
    config: ResolveConfig,
    gazetteer: KnownEntities | None = None,
    judgements: Judgements | None = None,
) -> Resolution:
    """Group the entities of all documents into canonical entities, then apply the judgements.

    The result depends only on the extractions, the gazetteer, the configuration
    and the judgements, never on the order in which extractions are given.
    """
    resolver = Resolver(extractions, ontology, config, gazetteer)
    link_names(resolver)
    link_gazetteer(resolver)
    link_defined_aliases(resolver)
    link_fuzzy(resolver)
    designator_candidates(resolver)
    groups = resolver.groups()
    issues, apart = apply_judgements(resolver, groups, judgements)

    # Final entities; two groups ending with the same id (a rename onto an existing
    # name) are one entity.
    by_id: dict[str, list[Group]] = defaultdict(list)
    group_id: dict[int, str | None] = {}
    for group in groups:
        if group.rejected:
            for i in group.members:
                group_id[i] = None
            continue
        group.name_override = resolver.canonical_name(group)
        cid = entity_id(group.type, group.name_override)
        if group.bare_doc is not None:
            # Same bare name, another document: another entity (see generic.py).
            cid = entity_id(group.type, f"{group.name_override}\x1f{group.bare_doc}")
        by_id[cid].append(group)
        for i in group.members:
            group_id[i] = cid

    entities: dict[str, CanonicalEntity] = {}
    for cid in sorted(by_id):
        parts = by_id[cid]
        main = parts[0]
        if len(parts) > 1:
            main = Group(
                members=sorted(i for g in parts for i in g.members),
                type=main.type,
                gazetteer_name=main.gazetteer_name,
                name_override=resolver.canonical_name(main),
                dropped_keys=set().union(*(g.dropped_keys for g in parts)),
            )
        name = resolver.canonical_name(main)
        records = [resolver.records[i] for i in sorted(main.members)]
        name_k = resolution_key(name)
        entities[cid] = CanonicalEntity(
            id=cid,
            name=name,
            type=main.type,
            aliases=[a for a in resolver.surface_names(main) if resolution_key(a) != name_k],
            mention_count=sum(len(r.entity.mentions) for r in records),
            doc_ids=sorted({r.doc_id for r in records}),
            members=sorted((r.doc_id, r.entity.id) for r in records),
            type_votes=summed_type_votes(records),
            type_cues=common_cues(records, main.type),
        )

    mapping = {(r.doc_id, r.entity.id): group_id.get(i) for i, r in enumerate(resolver.records)}
    apart_ids = {
        frozenset((group_id[a.members[0]], group_id[b.members[0]]))
        for a, b in apart
        if a.members and b.members and not a.rejected and not b.rejected
    }
    return Resolution(
        entities=entities,
        candidates=final_candidates(resolver, group_id, apart_ids),
        issues=issues,
        merges=resolver.merges,
        _mapping=mapping,
        _mentions={(r.doc_id, r.entity.id): r.entity for r in resolver.records},
    )


def final_candidates(
    resolver: Resolver, group_id: dict[int, str | None], apart: set[frozenset[Any]]
) -> list[Candidate]:
    """Review candidates on the final ids: one per pair (the best reason), none a split set apart."""
    base = len(resolver.records)
    best: dict[tuple[str, str], Candidate] = {}
    for ia, ib, score, reason in resolver.candidates:
        if ia >= base or ib >= base:
            continue
        a, b = group_id.get(ia), group_id.get(ib)
        if a is None or b is None or a == b or frozenset((a, b)) in apart:
            continue
        a, b = min(a, b), max(a, b)
        known = best.get((a, b))
        if known is None or (score, reason) > (known.score, known.reason):
            best[(a, b)] = Candidate(a, b, score, reason)
    return sorted(best.values(), key=lambda c: (-c.score, c.reason, c.a, c.b))
