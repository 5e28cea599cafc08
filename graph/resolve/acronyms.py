"""Rule 4: acronyms and one-word aliases, merged when one document defines them.

The entity step lists "CCP" as an alias of "Chinese Communist Party", or the
text says "Chinese Communist Party (CCP)": the acronym and the name are one
entity when no other entity claims the same acronym. An ambiguous acronym, one
no document defines but whose initials match, or one that stories write alone as
a listed company's name ("NEC") while another spells it out ("National Executive
Committee"), merges nothing and becomes a review candidate. So does a one-word
alias written alone with "The" ("The Sun") beside a long name without one ("Sun
Microsystems"); a place's or a person's one-word alias, or a word naming a kind of
event ("Cup"), links no other story at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from threadline.datafiles import entity_rules
from threadline.graph.resolve.keys import LOCATION, PERSON, is_description
from threadline.graph.resolve.places import PLACE_DESIGNATORS
from threadline.graph.resolve.resolver import Resolver
from threadline.names import initials, is_acronym, name_key, resolution_key
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
            if _the_and_no_the(resolver, named, claimers[0]):
                # "The Sun" alone and "Sun" of "Sun Microsystems": a paper's or a
                # title's name, not a firm's short one
                label = resolver.records[named].entity.name
                reason = f"'{label}' is written with 'The', its long name without"
                resolver.candidates.append((named, claimers[0], 0.0, reason))
            elif resolver.uf.find(named) in listed and is_acronym(
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
    contest, is another thing: graph/resolve/places.py), nor a word that names a kind of
    thing ("Cup" of "Davis Cup", "Sea" of "North Sea")."""
    if len(key.split()) != 1 or entity_type == PERSON or key in _kind_words():
        return False
    if entity_type == LOCATION:
        first, _, rest = long_key.partition(" ")
        return first == key and rest in PLACE_DESIGNATORS
    return True


@lru_cache(maxsize=1)
def _kind_words() -> frozenset[str]:
    """The words that end names of events and places (the entity rules' suffixes): a
    kind of thing, no name of one alone. Not those of bodies and buildings, which are
    a paper's or a club's short name too ("the Telegraph", "Palace")."""
    rules = entity_rules()
    lists = ("event_suffixes", "location_suffixes")
    return frozenset(name_key(str(w)) for name in lists for w in rules.get(name) or ())


def _the_and_no_the(resolver: Resolver, named: int, claimer: int) -> bool:
    """Whether the bare name is written with a leading "The" ("The Sun") and the long
    name that claims it as an alias without one ("Sun Microsystems")."""
    bare = resolver.records[named].entity.name
    long_name = resolver.records[claimer].entity.name
    return bare.startswith("The ") and not long_name.startswith("The ")


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
