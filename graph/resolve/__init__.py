"""Cross-document entity resolution: one canonical entity per real-world thing.

Each document's extraction names its entities locally; ``resolve`` groups those
document entities into canonical entities with a union-find over rules that
never cross an entity type:

1. exact names: the same normalized name (``name_key``), or a multi-word alias
   one document gives ("Julien Jin" as an alias of "Jin Xinjiang");
2. reordered person names: "Xinjiang Jin" / "Jin Xinjiang", "Zhang XX" / "XX Zhang";
3. gazetteer entries: a known entity's name and aliases are one entity;
4. acronyms and short aliases, when a document defines them (the entity step
   lists "CCP" as an alias of "Chinese Communist Party", or "Chinese Communist
   Party (CCP)" appears in the text) and no other entity claims the same
   acronym; an ambiguous acronym merges nothing and becomes a review candidate;
5. fuzzy names (rapidfuzz ``ratio`` at ``fuzzy_threshold``, blocked by the first
   and last letters of the name so that it stays fast) when every word matches
   a word of the other name up to a typo: persons who merely share a surname and
   organizations that merely share a head noun ("Ministry of Health of Hunan" /
   "... of Henan") stay apart.

Before the rules, the documents vote on each name's type: a name typed
differently in different documents takes the type with the most evidence over
the corpus (the entity step's ``type_votes``), unless a document has strong
evidence of its own for another type (a person and a country of the same
name). A one-word organization name that documents link to different full
names ("United" for two airlines), a name of several words that documents
qualify differently ("Communist Party" for the Norvik and the Talvaro Communist
Party), or a generic name ("Treasury", "Central Bank"), is never merged across
documents on the bare string: each document's bare use stays its own entity
(named by its one qualified form, if it has one) and the pairs are listed as
candidates. So is a town's name that documents give two clubs' nicknames or full
names ("Newcastle": the Magpies and the Falcons), a place's or a contest's name
that stories of two sports give their own side or contest ("England", "World
Cup"), and, in a story about sport, a surname alone that two persons named in full
share ("Robinson"); the documents naming one club, or one sport's side, are merged
by it. A bare name kept apart merges on no near spelling either, nor does a
person's name of one word.

The analyst's judgements (``threadline.graph.curation``) are applied last and
win. Canonical ids come from ``entity_id(type, canonical name)`` where the
canonical name is chosen deterministically (gazetteer name, else the name most
mentioned, then longest, then first in code-point order), so the same input
gives the same ids in any order, on any machine.

One module per concept: ``keys`` (comparing names), ``type_votes`` (the vote
on a name's type), ``generic`` (bare and generic names kept apart), ``clubs``
(a place's or a contest's name two clubs or two sports share),
``resolver`` (the shared state: records, union-find, group names), the rules
``exact`` (1-3), ``acronyms`` (4), ``fuzzy`` (5) and ``places`` (designator
candidates), ``judgements`` (the analyst's), ``assemble`` (the entry point,
``resolve``) and ``results`` (what it returns).

>>> from threadline.graph.model import Entity, Extraction, Mention
>>> from threadline.graph.ontology import Ontology
>>> from threadline.config import ResolveConfig
>>> def doc(doc_id, *entities):
...     return Extraction(doc_id, None, 100, entities=list(entities))
>>> a = doc("d1", Entity("e1", "Chinese Communist Party", "Organization", ["CCP"],
...                      [Mention(0, 23, "Chinese Communist Party")]))
>>> b = doc("d2", Entity("e1", "CCP", "Organization", [], [Mention(5, 8, "CCP")]),
...               Entity("e2", "Xinjiang Jin", "Person", [], [Mention(20, 32, "Xinjiang Jin")]))
>>> c = doc("d3", Entity("e9", "Jin Xinjiang", "Person", [], [Mention(0, 12, "Jin Xinjiang")] * 2))
>>> res = resolve([a, b, c], Ontology.load(), ResolveConfig())
>>> sorted((e.name, e.aliases, e.doc_ids) for e in res.entities.values())
[('Chinese Communist Party', ['CCP'], ['d1', 'd2']), ('Jin Xinjiang', ['Xinjiang Jin'], ['d2', 'd3'])]
>>> res.canonical_id("d2", "e1") == res.canonical_id("d1", "e1")
True
"""

from __future__ import annotations

from threadline.graph.resolve.assemble import resolve
from threadline.graph.resolve.fuzzy import words_compatible
from threadline.graph.resolve.results import Candidate, CanonicalEntity, Merge, Resolution
from threadline.graph.resolve_version import RESOLVER_VERSION

__all__ = [
    "RESOLVER_VERSION",
    "Candidate",
    "CanonicalEntity",
    "Merge",
    "Resolution",
    "resolve",
    "words_compatible",
]
