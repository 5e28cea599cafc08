"""The resolver's state and the steps every rule shares: union, groups, names of a group.

``Resolver`` reads the document entities (in doc-id and entity-id order, so the
result never depends on the order extractions are given), votes on their
types, marks the bare ambiguous names, and holds the union-find the rules
link in (``exact``, ``acronyms``, ``fuzzy``) and the candidates they list.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from threadline.graph.model import Extraction
from threadline.graph.resolve.clubs import APART_TYPES, clubs_apart, record_identities
from threadline.graph.resolve.generic import bare_ambiguous, qualifier, shared_surnames
from threadline.graph.resolve.keys import PERSON, is_description
from threadline.graph.resolve.records import Group, Record, UnionFind
from threadline.graph.resolve.results import Merge
from threadline.graph.resolve.type_votes import vote_types
from threadline.names import display_name, is_acronym, resolution_key
from threadline.votes import TEAM_SHEET_CUE, is_sport_cue, story_sport

if TYPE_CHECKING:
    from threadline.config import ResolveConfig
    from threadline.contracts import KnownEntities
    from threadline.graph.ontology import Ontology


class Resolver:
    """Document entities, the union-find over them (and gazetteer entries), candidates."""

    def __init__(
        self,
        extractions: Sequence[Extraction],
        ontology: Ontology,
        config: ResolveConfig,
        gazetteer: KnownEntities | None,
    ) -> None:
        self.ontology = ontology
        self.config = config
        self.records: list[Record] = []
        seen: set[tuple[str, str]] = set()
        for extraction in sorted(extractions, key=lambda e: e.doc_id):
            for entity in sorted(extraction.entities, key=lambda e: e.id):
                if (extraction.doc_id, entity.id) in seen or not entity.name.strip():
                    continue
                seen.add((extraction.doc_id, entity.id))
                self.records.append(Record(extraction.doc_id, entity, resolution_key(entity.name)))
        vote_types(self.records)
        self.gazetteer_entries = _gazetteer_entries(gazetteer)
        self.uf = UnionFind(len(self.records) + len(self.gazetteer_entries))
        # The club each document says a town's name stands for ("Newcastle", "Magpies").
        self.identities = record_identities(self.records)
        self.bare = bare_ambiguous(self.records, *_known_names(self.gazetteer_entries))
        self.bare |= clubs_apart(self.identities)
        # Surnames alone that two persons named in full share ("Robinson"), and the stories
        # about sport, where such a surname is most often one of many players'.
        self.bare_surnames = shared_surnames(self.records)
        self.sport_stories = _stories_about_sport(self.records)
        self.merges: list[Merge] = []
        self.candidates: list[tuple[int, int, float, str]] = []
        # (type, key) -> the first record carrying that name or multi-word alias.
        self.names: dict[tuple[str, str], int] = {}
        # (type, town's name, identity) -> the first record naming that club by it.
        self.clubs: dict[tuple[str, str, tuple[str, str]], int] = {}
        self.bare_first: dict[str, int] = {}
        self.bare_counts: Counter[str] = Counter()
        # The names the documents give places: a body named after one is shown by a longer name.
        self.place_keys = frozenset(
            record.key for record in self.records if ontology.has_trait(record.entity.type, "place")
        )

    def kept_apart(self, entity_type: str, key: str, doc_id: str) -> bool:
        """Whether a bare name of this type, in this document, is never merged across
        documents on the string (generic.py, clubs.py): each document's use stays its own
        entity. A surname two persons share is so in a story about sport, where the team
        sheets and reports name players by their surnames ("Brown" of three clubs); news
        of other kinds names the few public figures so ("Mr Blair")."""
        if entity_type == PERSON:
            return key in self.bare_surnames and doc_id in self.sport_stories
        return entity_type in APART_TYPES and key in self.bare

    def union(self, a: int, b: int, rule: str) -> None:
        if self.uf.union(a, b):
            self.merges.append(Merge(rule, self._label(a), self._label(b)))

    def _label(self, i: int) -> str:
        if i >= len(self.records):
            return f"gazetteer:{self.gazetteer_entries[i - len(self.records)][1]}"
        r = self.records[i]
        return f"{r.entity.name} ({r.entity.type}, {r.doc_id})"

    # -- groups and their names (after the rules) --
    def groups(self) -> list[Group]:
        members: dict[int, list[int]] = defaultdict(list)
        gazetteer_names: dict[int, str] = {}
        base = len(self.records)
        for i in range(len(self.records)):
            members[self.uf.find(i)].append(i)
        for j, (_, name, _) in enumerate(self.gazetteer_entries):
            root = self.uf.find(base + j)
            if root in members:
                gazetteer_names.setdefault(root, name)
        groups = []
        for root in sorted(members):
            records = [self.records[i] for i in members[root]]
            bare = all(self.kept_apart(r.entity.type, r.key, r.doc_id) for r in records)
            groups.append(
                Group(
                    members=members[root],
                    type=records[0].entity.type,
                    gazetteer_name=gazetteer_names.get(root),
                    bare_doc=min(r.doc_id for r in records) if bare else None,
                )
            )
        return groups

    def canonical_name(self, group: Group) -> str:
        if group.name_override:
            return group.name_override
        if group.gazetteer_name:
            return group.gazetteer_name
        counts: Counter[str] = Counter()
        # A display name every document spells with the possessive ("Standard & Poor's":
        # the entity step keeps it only where it belongs to the name) keeps it.
        spelled: dict[str, set[str]] = {}
        for i in group.members:
            entity = self.records[i].entity
            if resolution_key(entity.name) not in group.dropped_keys:
                shown = display_name(entity.name)
                counts[shown] += max(1, len(entity.mentions))
                spelled.setdefault(shown, set()).add(" ".join(entity.name.split()))
        if not counts:
            counts.update(display_name(self.records[i].entity.name) for i in group.members)
        best = min(counts, key=lambda n: (is_acronym(n), -counts[n], -len(n), n))
        if resolution_key(best) in self.bare and (qualified := self._qualified_name(group)):
            return qualified  # "Norvik Communist Party", not the bare "Communist Party"
        if group.type == "Organization" and resolution_key(best) in self.place_keys:
            # "Kestrel Rovers", not "Kestrel": a body named after a town the documents also
            # name as a place is shown by the longer name a document gives it
            longer = [n for n in counts if n.startswith(best + " ")]
            if longer:
                return min(longer, key=lambda n: (-counts[n], len(n), n))
        forms = spelled.get(best, set())
        if len(forms) == 1 and (form := next(iter(forms))).endswith("'s"):
            return form
        return best

    def _qualified_name(self, group: Group) -> str | None:
        """A bare name's one qualified form in its documents: "Norvik Communist Party"
        for the "Communist Party" a document also names so, the name that says which."""
        forms: dict[str, str] = {}
        for i in group.members:
            record = self.records[i]
            for alias in record.entity.aliases:
                key = resolution_key(alias)
                if key != record.key and qualifier(record.key, key) is not None:
                    shown = display_name(alias)
                    if key not in forms or shown < forms[key]:
                        forms[key] = shown
        return next(iter(forms.values())) if len(forms) == 1 else None

    def surface_names(self, group: Group) -> list[str]:
        """Names and aliases of a group's document entities, one per key, descriptions left out."""
        by_key: dict[str, str] = {}
        for i in group.members:
            entity = self.records[i].entity
            for surface in (entity.name, *entity.aliases):
                surface = display_name(surface)
                key = resolution_key(surface)
                if not key or key in group.dropped_keys or is_description(surface):
                    continue
                if key not in by_key or surface < by_key[key]:
                    by_key[key] = surface
        if group.gazetteer_name:
            by_key.setdefault(resolution_key(group.gazetteer_name), group.gazetteer_name)
        return [by_key[k] for k in sorted(by_key)]


def _stories_about_sport(records: list[Record]) -> frozenset[str]:
    """The documents the entity step read as stories about sport: a name marked with the
    story's sport, a player on a team sheet, or two names with a sport story's cues (one
    alone may be a stray word: "Hollywood player" in a story about films)."""
    cued: Counter[str] = Counter()
    marked: set[str] = set()
    for record in records:
        cues = record.entity.type_cues
        if story_sport(cues) or TEAM_SHEET_CUE in cues:
            marked.add(record.doc_id)
        elif any(is_sport_cue(c) for c in cues):
            cued[record.doc_id] += 1
    return frozenset(marked | {doc for doc, count in cued.items() if count >= 2})


def _known_names(
    entries: list[tuple[str, str, tuple[str, ...]]],
) -> tuple[frozenset[str], dict[str, str]]:
    """The keys of every name and alias of the gazetteer's entries, and each place's
    names and aliases mapped to its name's key ("uk" and "britain" to "united kingdom")."""
    known: set[str] = set()
    places: dict[str, str] = {}
    for entity_type, name, aliases in entries:
        keys = [resolution_key(surface) for surface in (name, *aliases)]
        known.update(keys)
        if entity_type == "Location":
            for key in keys:
                places.setdefault(key, keys[0])
    return frozenset(known), places


def _gazetteer_entries(gazetteer: KnownEntities | None) -> list[tuple[str, str, tuple[str, ...]]]:
    if gazetteer is None:
        return []
    entries: Any = getattr(gazetteer, "entries", gazetteer)
    if isinstance(entries, dict):
        entries = entries.values()
    result = [
        (str(e.type), str(e.name), tuple(str(a) for a in (getattr(e, "aliases", None) or ())))
        for e in entries
    ]
    return sorted(set(result))
