"""Rule 4: acronyms and one-word aliases, merged when one document defines them.

The entity step lists "CCP" as an alias of "Chinese Communist Party", or the
text says "Chinese Communist Party (CCP)": the acronym and the name are one
entity when no other entity claims the same acronym. An ambiguous acronym, one
no document defines but whose initials match, or one that stories write alone as
a listed company's name ("NEC") while another spells it out ("National Executive
Committee"), merges nothing and becomes a review candidate. A person's one-word
alias links no other story; nor does a place's, unless it is the place's name without
its designator ("Hebei" of "Hebei Province").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from threadline.graph.resolve.keys import LOCATION, PERSON, is_description
from threadline.graph.resolve.places import PLACE_DESIGNATORS
from threadline.graph.resolve.resolver import Resolver
from threadline.names import initials, is_acronym, resolution_key
from threadline.votes import LISTED_COMPANY_CUE


def link_defined_aliases(resolver: Resolver) -> None:
    """Rule 4: link an acronym or one-word alias to the one entity that claims it."""
    claims: dict[tuple[str, str], set[int]] = defaultdict(set)
    for i, record in enumerate(resolver.records):
        entity = record.entity
        for alias in entity.aliases:
            key = resolution_key(alias)
            if not key or key == record.key or is_description(alias):
                continue
            if is_acronym(alias) or _claims_a_word(entity.type, key, record.key):
                claims[(entity.type, key)].add(i)
    for i, acronym in acronyms_defined_in_text(resolver):
        claims[(resolver.records[i].entity.type, acronym)].add(i)

    decided: list[tuple[int, int]] = []
    defined: set[tuple[str, str]] = set()
    listed = _listed_companies(resolver)
    for type_key in sorted(claims):
        claimers = sorted({resolver.uf.find(i) for i in claims[type_key]})
        named = resolver.names.get(type_key)
        if type_key[1] in resolver.bare:
            named = None
        defined.add(type_key)
        if len(claimers) == 1:
            if named is None:
                continue
            if resolver.uf.find(named) in listed and is_acronym(
                resolver.records[named].entity.name
            ):
                # "NEC" alone, a listed company's name, and "National Executive Committee
                # (NEC)" in another story: two bodies, for an analyst to judge (a listed
                # company's own long name and letters are the gazetteer's to link)
                label = type_key[1].upper()
                reason = f"'{label}' alone is a listed company's name"
                resolver.candidates.append((named, claimers[0], 0.0, reason))
            else:
                decided.append((claimers[0], named))
            continue
        label = type_key[1].upper()
        reason = f"'{label}' is an alias of {len(claimers)} entities"
        for k, a in enumerate(claimers):
            if named is not None and resolver.uf.find(named) != a:
                resolver.candidates.append((named, a, 0.0, reason))
            for b in claimers[k + 1 :]:
                resolver.candidates.append((a, b, 0.0, reason))
    for a, b in decided:
        resolver.union(a, b, "defined alias")
    undefined_acronym_candidates(resolver, defined)


def _claims_a_word(entity_type: str, key: str, long_key: str) -> bool:
    """Whether a one-word alias stands for its long name in other stories too: not a
    person's (a surname many share), nor a place's unless the long name is the word and
    a designator ("Hebei" of "Hebei Province"; "Kestrel" of "Kestrel International", a
    contest, is another thing: graph/resolve/places.py). A contest's kind ("Cup" of
    "Davis Cup") is a generic name (ingest/entity_rules.yaml), linked to nothing."""
    if len(key.split()) != 1 or entity_type == PERSON:
        return False
    if entity_type == LOCATION:
        first, _, rest = long_key.partition(" ")
        return first == key and rest in PLACE_DESIGNATORS
    return True


def _listed_companies(resolver: Resolver) -> set[int]:
    """The groups (by union-find root) a document marks as a listed company's name."""
    return {
        resolver.uf.find(i)
        for i, record in enumerate(resolver.records)
        if LISTED_COMPANY_CUE in record.entity.type_cues
    }


def acronyms_defined_in_text(resolver: Resolver) -> Iterable[tuple[int, str]]:
    """'Chinese Communist Party (CCP)': an acronym right after a name it abbreviates."""
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, record in enumerate(resolver.records):
        by_doc[record.doc_id].append(i)
    for indices in by_doc.values():
        acronyms = [i for i in indices if is_acronym(resolver.records[i].entity.name)]
        if not acronyms:
            continue
        for i in indices:
            entity = resolver.records[i].entity
            if is_acronym(entity.name):
                continue
            letters = initials(entity.name)
            ends = {m.end for m in entity.mentions}
            for a in acronyms:
                other = resolver.records[a]
                if other.entity.type != entity.type or other.key not in letters:
                    continue
                if any(any(m.start - d in ends for d in (1, 2, 3)) for m in other.entity.mentions):
                    yield i, other.key


def undefined_acronym_candidates(resolver: Resolver, defined: set[tuple[str, str]]) -> None:
    """List acronyms no document defines beside the entities whose initials they match."""
    by_initials: dict[tuple[str, str], set[int]] = defaultdict(set)
    acronym_names: dict[tuple[str, str], int] = {}
    for i, record in enumerate(resolver.records):
        if is_acronym(record.entity.name):
            acronym_names.setdefault((record.entity.type, record.key), i)
    wanted = set(acronym_names) - defined
    if not wanted:
        return
    for i, record in enumerate(resolver.records):
        entity = record.entity
        if not is_acronym(entity.name):
            for letters in initials(entity.name):
                if (entity.type, letters) in wanted:
                    by_initials[(entity.type, letters)].add(i)
    for type_key in sorted(acronym_names):
        if type_key in defined or type_key not in by_initials:
            continue
        acronym = acronym_names[type_key]
        roots = sorted({resolver.uf.find(i) for i in by_initials[type_key]})
        reason = f"'{type_key[1].upper()}' matches the initials (no document defines it)"
        for root in roots[:10]:
            resolver.candidates.append((acronym, root, 0.0, reason))
