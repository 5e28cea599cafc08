"""Entity candidates from spaCy's entities: typed, trimmed, named, and junk rejected.

The model's entity spans are a starting point, not a result: on real documents
it tags headline fragments as organizations, keeps possessives and determiners in
names, and tags generic words ("Chamber"). ``EntityCleaner`` runs the entity step
for one parsed document, in this order:

- adds employers and persons named around a title (ingest/employers.py) and a
  dateline's place (ingest/datelines.py), and joins names the model cut into several
  spans (ingest/span_joins.py);
- maps spaCy labels onto the ontology's entity types (labels that are not entity
  types, such as DATE or MONEY, are skipped);
- splits spans naming several things and trims each at the token level
  (ingest/mention_bounds.py), so a mention's offsets always quote the name exactly;
- gives it a canonical name (``names.canonical_name``) and a comparison key,
  a gazetteer entry's name and type where one matches;
- rejects junk by the rules of ``entity_rules.yaml`` (ingest/mention_filters.py,
  ingest/headlines.py), recording each rejection with its reason so it can be
  counted and shown;
- corrects the type from cues around the name (ingest/type_cues.py) and records
  the mention's type votes (ingest/mention_evidence.py).

Aliases, coreference and grouping into entities come after (ingest/linking.py).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from threadline.graph.ontology import Ontology
from threadline.ingest.based_places import with_based_places
from threadline.ingest.candidates import Candidate, Rejection, rejection
from threadline.ingest.datelines import dateline_end, with_datelines
from threadline.ingest.employers import with_employers, with_named_after_descriptors
from threadline.ingest.entity_rules import EntityRules
from threadline.ingest.evidence import ORGANIZATION_WORD, PERSON_TITLE, Evidence, first_names
from threadline.ingest.gazetteer import Gazetteer
from threadline.ingest.headlines import HeadlineLines
from threadline.ingest.mention_bounds import (
    after_the_seat,
    article_in_name,
    byline_first_name,
    cut_fragment,
    extend_left,
    leading_participle,
    possessive_name,
    split_span,
    trim_span,
    with_elided_g,
    with_number,
)
from threadline.ingest.mention_evidence import (
    DocFacts,
    doc_facts,
    lone_word_evidence,
    mention_evidence,
    surname_evidence,
)
from threadline.ingest.mention_filters import (
    drop_common_words,
    drop_lone_names_after_the,
    has_designator,
    junk_reason,
)
from threadline.ingest.peoples_words import unknown_peoples_evidence
from threadline.ingest.span_joins import (
    complete_cut_names,
    drop_peerage_seats,
    extend_right,
    first_names_before_names_tagged_alone,
    first_names_read_as_peoples,
    join_bracketed_clubs,
    join_colon_glued,
    join_hyphenated,
    join_listed_fields,
    join_national_bodies,
    join_nicknames,
    join_places_with_and,
    join_plural_possessives,
    join_split_names,
    quoted_titles,
    with_contest_endings,
    with_place_endings,
)
from threadline.ingest.spans import as_a_word, doc_text
from threadline.ingest.story_sides import countries_as_sides
from threadline.ingest.team_sheets import initialled_players
from threadline.ingest.type_cues import cued_type, organization_cue, person_cue
from threadline.ingest.us_states import state_at, state_spans
from threadline.ingest.work_titles import (
    colon_titles,
    headed_titles,
    hosted_shows,
    possessive_titles,
    titles_after_work_words,
    titles_cut_after_work_words,
    titles_cut_at_of,
    titles_joined_by_and_the,
    titles_of_authors,
)
from threadline.names import DETERMINERS, FIRST_NAME_TITLES, canonical_name, name_key


class EntityCleaner:
    """Turns a parsed Doc's entity spans into candidates and rejections."""

    def __init__(
        self,
        ontology: Ontology,
        gazetteer: Gazetteer | None = None,
        rules: EntityRules | None = None,
        common: frozenset[str] = frozenset(),
        verbs: frozenset[str] = frozenset(),
    ) -> None:
        self.ontology = ontology
        self.gazetteer = gazetteer or Gazetteer()
        self.rules = rules or EntityRules.load()
        # Common nouns and adjectives ("budget", "house"): see common_words().
        self.common_words = common
        # English verbs ("cite", "follow"), for a participle opening a sentence.
        self.verbs = verbs
        self.english_words = common | verbs
        self.fields_and_words = self.english_words | self.rules.body_name_fields
        # Trades a headline opens a person's name with ("Rapper Tom Hale sued").
        self.trades = self.rules.person_roles | self.rules.headline_trades
        # Words for a work a title follows: a film's, a programme's, a book's, a record's.
        self.work_words = self.rules.screen_descriptors | self.rules.publication_descriptors
        self.person_type = ontology.entity_type_for_label("PERSON")
        self.place_type = ontology.entity_type_for_label("GPE")
        # The model's labels the ontology makes entities of (not numbers, dates, amounts).
        self.name_labels = frozenset(ontology.spacy_labels)

    def entity_type(self, label: str) -> str | None:
        if label in self.ontology.entity_types:
            return label
        return self.ontology.entity_type_for_label(label)

    def candidates(self, doc: Doc) -> tuple[list[Candidate], list[Rejection]]:
        """Candidates sorted by position, and what was rejected with the reason."""
        kept: list[Candidate] = []
        rejected: list[Rejection] = []
        text = doc_text(doc)
        headline_lines = HeadlineLines(text, self.rules)
        in_headline: list[bool] = []
        facts = doc_facts(doc, self.rules)
        clubs = self.rules.club_prefixes | self.rules.club_prefixes_before_places
        spans = with_employers(doc, self.rules.employer_roles, clubs)
        spans = with_named_after_descriptors(doc, spans, self.rules.organization_descriptors)
        spans = with_based_places(doc, spans)
        spans = sorted([*spans, *state_spans(doc, spans)], key=lambda span: span.start)
        spans = with_datelines(doc, text, spans)
        spans = initialled_players(doc, spans, facts.sport)
        spans = join_split_names(
            doc,
            spans,
            self.rules.organization_suffixes,
            self.rules.organization_descriptors,
            self.rules.employer_roles,
            self.rules.body_name_fields,
            self.rules.channels,
        )
        spans = extend_right(doc, spans, self.rules.organization_suffixes)
        spans = join_national_bodies(doc, spans, self.rules.national_bodies)
        spans = join_plural_possessives(doc, spans, self.rules.organization_suffixes)
        spans = join_bracketed_clubs(doc, spans, self.rules.bracketed_club_endings)
        spans = with_place_endings(doc, spans)
        spans = with_contest_endings(doc, spans)
        spans = join_listed_fields(
            doc,
            spans,
            self.rules.organization_suffixes,
            self.fields_and_words,
            self.rules.body_name_fields,
        )
        spans = join_hyphenated(doc, spans)
        spans = join_colon_glued(doc, spans)
        spans = join_nicknames(doc, spans)
        spans = join_places_with_and(doc, spans)
        spans = first_names_read_as_peoples(doc, spans, self.common_words)
        spans = first_names_before_names_tagged_alone(
            doc, spans, self.name_labels, self.common_words, facts.lowercase, self.rules.sport_clubs
        )
        spans = complete_cut_names(doc, spans, self.name_labels)
        spans = drop_peerage_seats(doc, spans)
        spans = quoted_titles(doc, text, spans, self.rules.document_suffixes, self.rules.max_tokens)
        spans = headed_titles(doc, text, spans, self.rules.title_heads)
        spans = possessive_titles(doc, spans)
        spans = hosted_shows(doc, text, spans, self.rules.channels)
        spans = titles_after_work_words(doc, spans, self.rules.publication_descriptors)
        spans = titles_cut_after_work_words(doc, spans, self.work_words)
        spans = titles_of_authors(doc, spans, facts.about_works)
        spans = titles_cut_at_of(doc, spans, facts.about_works, facts.lowercase)
        spans = titles_joined_by_and_the(doc, spans, facts.about_works)
        works_story = (facts.about_works or facts.games or facts.records) and not facts.sport
        spans = colon_titles(doc, spans, works_story)
        # Names the document uses alone, once split names are joined.
        named = {name_key(span.text) for span in spans if len(span) <= 3}
        for whole in spans:
            entity_type = self.entity_type(whole.label_)
            if entity_type is None:
                continue
            for ent in split_span(doc, whole, self.rules, named, self.common_words):
                # a part may be relabelled ("Bluewater in Kent" as a title: a site, a place)
                part_type = self.entity_type(ent.label_) or entity_type
                candidate, reason = self._clean(doc, ent, part_type, facts, named)
                if candidate is None:
                    rejected.append(rejection(ent, reason))
                    continue
                kept.append(candidate)
                in_headline.append(
                    headline_lines.contains(candidate.start_char)
                    or (
                        " " not in candidate.key
                        and headline_lines.alone_on_line(candidate.start_char, candidate.end_char)
                    )
                )
        kept, in_headline = _without_overlaps(kept, in_headline)
        kept, in_headline = drop_common_words(
            doc,
            kept,
            in_headline,
            rejected,
            self.rules,
            self.ontology,
            self.common_words,
            facts.lowercase_common,
        )
        lone_word_evidence(kept, facts, self.ontology)
        # after the fallback that makes some of them organizations ("the Herald")
        kept, in_headline = drop_lone_names_after_the(
            doc, kept, in_headline, rejected, self.ontology
        )
        unknown_peoples_evidence(kept, self.common_words, self.ontology)
        surname_evidence(kept, facts, self.ontology)
        countries_as_sides(doc, kept, facts)
        # Headline fragments: names that appear only in Title-Case lines.
        body_keys = {c.key for c, head in zip(kept, in_headline, strict=True) if not head}
        result = []
        for candidate, head in zip(kept, in_headline, strict=True):
            span = doc[candidate.start : candidate.end]
            only_in_headings = (
                not candidate.fixed
                and candidate.key not in body_keys
                and self.ontology.has_trait(candidate.type, "headline_checked")
            )
            if (
                only_in_headings
                and head
                and candidate.end - candidate.start >= self.rules.headline_min_tokens
                and not has_designator(doc, candidate, self.rules, self.ontology)
            ):
                rejected.append(rejection(span, "headline fragment", label=candidate.type))
            elif only_in_headings and head and " " not in candidate.key:
                # "Conditions" as a section heading: a word, not a name.
                rejected.append(rejection(span, "heading word", label=candidate.type))
            else:
                result.append(candidate)
        return result, rejected

    def _clean(
        self, doc: Doc, ent: Span, entity_type: str, facts: DocFacts, named: set[str]
    ) -> tuple[Candidate | None, str]:
        """One model span cleaned: its candidate, or None and the reason it was rejected."""
        label_type = entity_type
        trade = ""
        # A gazetteer's name the span is all of; a span joined to one ("the Scottish" +
        # "Labour Party") is a longer name of its own, whatever its head word's entry.
        known_id = ent.ent_id_ if all(t.ent_id_ == ent.ent_id_ for t in ent) else ""
        start, end = trim_span(doc, ent.start, ent.end, entity_type)
        if not known_id:
            start, end = cut_fragment(doc, start, end, entity_type, self.rules, self.ontology)
            if self.ontology.has_trait(entity_type, "organization"):
                start = after_the_seat(doc, start, end)  # "London Kestrel Party MEP"
            if self._word_opening_a_heading(doc, start, end, named):
                start += 1  # "Budget Kestrel takes on Norvik", a headline: a word, a name
            while end - start > 1 and name_key(doc[start].text) in self.rules.not_entities:
                start += 1  # "GMT Kestrel": a time zone run into the name
            if leading_participle(doc, start, end, self.verbs) and (
                name_key(doc[start + 1 : end].text) in named
                or self.gazetteer.lookup(doc[start + 1 : end].text) is not None
            ):
                start += 1  # "Citing Kestrel's results, ...": the verb opening the sentence
            if self.person_type and byline_first_name(doc, start, end):
                start, entity_type = start - 1, self.person_type  # "NADIA OKAFOR": a byline
            if self.person_type and self._trade_before_a_named_person(
                doc, start, end, named, written=entity_type == self.person_type
            ):
                # "Rapper Tom Hale sued", a headline: the trade, then the name, a person's
                # whatever the model's label ("Rapper 50 Cent" tagged as a body)
                trade, entity_type = doc[start].text, self.person_type
                start += 1
            start = extend_left(
                doc, start, end, entity_type, self.rules, self.ontology, self.english_words
            )
            end = (
                with_number(doc, start, end, entity_type, self.ontology, self.rules.channels)
                if end > start
                else end
            )
            end = with_elided_g(doc, start, end) if end > start else end
        if start >= end:
            return None, "nothing left after trimming"
        possessive = not known_id and possessive_name(
            doc, start, end, entity_type, self.ontology, self.rules.possessive_company_names
        )
        span = doc[start:end]
        text = span.text
        name = canonical_name(text, entity_type)
        key = name_key(name)
        if not key:
            return None, "nothing left after trimming"
        state = state_at(doc, start, end)
        if state is not None and self.place_type is not None:
            # "Fresno, Calif.": the state, named in full.
            return self._known(span, self.place_type, state, name, "US state abbreviation"), ""
        entry = self.gazetteer.lookup(name) if not known_id else self.gazetteer.lookup(known_id)
        if (
            entry is not None
            and end - start == 1
            and doc[start].is_sent_start
            and key in facts.lowercase
        ):
            # "Labour is too costly ... skilled labour": a one-word alias the
            # document also writes in lowercase is that word at a sentence start.
            entry = None
        elif (
            entry is not None
            and end - start == 1
            and doc[start].is_lower
            and not any(form.islower() for form in entry.surface_forms())
        ):
            # "an Irish republican": a capitalized name's word written in lowercase is the
            # common word ("republican"), not the name ("Republican")
            entry = None
        if entry is not None:
            return self._known(span, entry.type, entry.name, name, "gazetteer"), ""
        if text.isupper() and dateline_end(doc, start) == end:
            # "VELMORE-ON-SEA, England (AP)": a dateline's place, written in capitals
            return self._known(
                span, self.place_type or entity_type, text.title(), name, "dateline"
            ), ""
        reason = junk_reason(
            span, name, key, entity_type, self.rules, self.ontology, self.gazetteer
        )
        if not reason and span.text in facts.term_acronyms:
            reason = "acronym of a common phrase"  # spelt out in lowercase elsewhere
        if reason:
            return None, reason
        last = key.rsplit(" ", 1)[-1]
        if (
            last in self.rules.award_words or key in self.rules.award_names
        ) and "Award" in self.ontology.entity_types:
            entity_type = "Award"
        cued_person = person_cue(doc, start, end, self.rules)
        entity_type = cued_type(doc, span, key, entity_type, cued_person, self.rules, self.ontology)
        if entity_type != ent.label_ and self.ontology.has_trait(entity_type, "person"):
            name = canonical_name(text, entity_type)
        if possessive:
            # "Macy's": the possessive is part of the name (a company called so).
            span = doc[start : end + 1]
            name = name + "'s"
        if not known_id and article_in_name(doc, start, entity_type, self.ontology):
            span = doc[start - 1 : span.end]  # "told The Daily Courier"
            name = "The " + name
        candidate = self._candidate(span, entity_type, name)
        candidate.person_cue = cued_person
        candidate.organization_cue = organization_cue(doc, start, end, self.rules)
        candidate.evidence = mention_evidence(
            doc,
            doc[start:end],
            key,
            ent.label_,
            label_type,
            entity_type,
            cued_person,
            facts,
            self.rules,
            self.ontology,
        )
        if trade:
            candidate.evidence.add("Person", PERSON_TITLE, f"title '{trade}'")
        if entity_type == self.person_type and self._outlet_of_a_broadcaster(span, cued_person):
            # "told BBC Sport he ...", which the model tagged as a person's name
            candidate.evidence.add_name(
                "Organization", ORGANIZATION_WORD + 1, f"opens with '{span[0].text}', a broadcaster"
            )
        return candidate, ""

    def _trade_before_a_named_person(
        self, doc: Doc, start: int, end: int, named: set[str], written: bool
    ) -> bool:
        """Whether a span opens a sentence (or a headline) with a trade ("Rapper",
        "Teenager", "Actress": ``person_roles``, ``headline_trades``) before a name the
        document uses alone (tagged so, or, when ``written`` is asked for, of a span the
        model calls a person, written so: "Rapper Kestro" and "Kestro's album"), or before a
        first name and a surname ("Musician Tom Hale, 23, appeared in court", where the
        document goes on with "Mr Hale"). A body's span needs the name tagged alone: the
        trades describe things too ("Model Railways" and "Railways enthusiasts")."""
        first = doc[start]
        if end - start < 2 or not first.is_sent_start or first.lower_ not in self.trades:
            return False
        if end - start == 2 and first.lower_ in FIRST_NAME_TITLES:
            return False  # "Dean Hale": a first name (names.FIRST_NAME_TITLES)
        rest = doc[start + 1 : end].text
        if name_key(rest) in named:
            return True
        not_after_the_trade = r"(?<!" + re.escape(first.text) + " )"
        if written and re.search(not_after_the_trade + as_a_word(rest), doc.text):
            return True
        return (
            end - start >= 3
            and first.lower_ not in first_names()
            and doc[start + 1].lower_ in first_names()
        )

    def _word_opening_a_heading(self, doc: Doc, start: int, end: int, named: set[str]) -> bool:
        """Whether a span opens a heading (a line with no full stop) with a common word
        that is no first name ("Budget", "Troubled") before a name the document uses alone."""
        first = doc[start]
        if end - start < 2 or first.lower_ not in self.common_words or first.is_upper:
            return False
        if first.lower_ in first_names() or first.lower_ in DETERMINERS:
            return False
        if start > 0 and "\n" not in doc[start - 1].text + doc[start - 1].whitespace_:
            return False
        text = doc.text
        line_end = text.find("\n", first.idx)
        if line_end < 0 or text[first.idx : line_end].rstrip().endswith((".", "!", "?", '"')):
            return False
        whole, rest, after = doc[start:end].text, doc[start + 1 : end].text, text[line_end:]
        if whole.lower() in after.lower():
            return False  # "Dal Maso" and then "David dal Maso": the word is the name's
        # the name alone: tagged so, or written so twice in the text after the heading
        alone = re.findall(as_a_word(rest), after)
        return name_key(rest) in named or len(alone) >= 2

    def _outlet_of_a_broadcaster(self, span: Span, cued_person: bool) -> bool:
        """Whether a longer name opens with a broadcaster's or news agency's ("BBC Sport",
        "Reuters Television"), no first name after it ("BBC's Tom Hale" aside)."""
        return (
            len(span) >= 2
            and not cued_person
            and name_key(span[0].text) in self.rules.broadcasters
            and not any(t.lower_ in first_names() for t in span[1:])
        )

    def _known(self, span: Span, entity_type: str, name: str, surface: str, cue: str) -> Candidate:
        """A mention whose name and type are known before any vote (gazetteer, US state)."""
        candidate = self._candidate(span, entity_type, name, fixed=True)
        candidate.surface = surface
        candidate.evidence = Evidence()
        candidate.evidence.add_name(entity_type, 10.0, cue)
        return candidate

    def _candidate(self, span: Span, entity_type: str, name: str, fixed: bool = False) -> Candidate:
        return Candidate(
            start=span.start,
            end=span.end,
            start_char=span.start_char,
            end_char=span.end_char,
            type=entity_type,
            name=name,
            key=name_key(name),
            fixed=fixed,
        )


def _without_overlaps(
    kept: list[Candidate], in_headline: list[bool]
) -> tuple[list[Candidate], list[bool]]:
    """Candidates that do not overlap: a name taken into a longer one ("Barnard" into
    "Barnard's Retail Consulting Group") gives way to it."""
    order = sorted(range(len(kept)), key=lambda i: (kept[i].start, -(kept[i].end - kept[i].start)))
    result: list[int] = []
    for i in order:
        if result and kept[i].start < kept[result[-1]].end:
            if kept[i].end - kept[i].start > kept[result[-1]].end - kept[result[-1]].start:
                result[-1] = i
            continue
        result.append(i)
    return [kept[i] for i in result], [in_headline[i] for i in result]
