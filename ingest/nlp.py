"""The spaCy pipeline: loaded by name from the configuration, with the gazetteer.

Known entities (ingest/gazetteer.py) and named awards are added through spaCy's
EntityRuler placed before "ner", so the model keeps them and labels around them;
known places the model left untagged after "in" are added after it
(ingest/untagged_places.py), and so are the gazetteer's one-word names it left
untagged (ingest/known_names.py); last, the words of names tagged as adjectives become
proper nouns (ingest/name_words.py).
Components nothing downstream reads are disabled, which is most of the speed a
pipeline gives back for free; the attribute ruler's patterns are matched on arrays
and the lemmatizer runs once per word form.
"""

from __future__ import annotations

import logging
from typing import Any

import spacy
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex

from threadline.datafiles import entity_rules
from threadline.errors import ConfigError
from threadline.ingest.attribute_matcher import use_array_matching
from threadline.ingest.cached_lemmas import common_words, use_cached_lemmas
from threadline.ingest.gazetteer import Gazetteer
from threadline.ingest.known_names import KNOWN_NAMES_NAME, KnownNames
from threadline.ingest.name_words import NAME_WORDS_NAME
from threadline.ingest.surnames import SURNAMES_NAME
from threadline.ingest.untagged_places import UNTAGGED_PLACES_NAME
from threadline.names import HYPHENATED_TITLES

log = logging.getLogger(__name__)

RULER_NAME = "threadline_entity_ruler"
PARAGRAPHS_NAME = "threadline_line_breaks"
# The relation step reads tags, lemmas and dependencies; the entity step reads
# entities. Anything else a pipeline ships (e.g. textcat) is switched off.
NEEDED_COMPONENTS = frozenset(
    {"tok2vec", "transformer", "tagger", "morphologizer", "parser", "attribute_ruler",
     "lemmatizer", "ner", "senter", "sentencizer", "trainable_lemmatizer"}
)  # fmt: skip


# A comma between a letter and a digit with no space after it ("Appleton,31").
GLUED_COMMA_BEFORE_NUMBER = r"(?<=[^\W\d_]),(?=[0-9])"

# Ranks the English tokenizer splits from their period ("Capt" + "."), where the parser
# then ends a sentence; "Gen.", "Gov.", "Sen." and "Dr." it keeps whole already.
RANK_ABBREVIATIONS = ("Capt.", "Lt.", "Sgt.", "Col.", "Maj.", "Cmdr.", "Cdr.", "Cpl.", "Pvt.",
                      "Supt.", "Insp.", "Det.", "Brig.")  # fmt: skip


def title_spellings(title: str) -> tuple[str, ...]:
    """``title`` as news prints it: lower case, first letter capital, every part capital."""
    parts = title.split("-")
    return tuple(
        dict.fromkeys((title, title.capitalize(), "-".join(part.capitalize() for part in parts)))
    )


def load_pipeline(model: str, gazetteer: Gazetteer | None = None) -> Language:
    """Load the installed pipeline ``model`` with the gazetteer and award rules added.

    Raises ``ConfigError`` naming the model when it is not installed.
    """
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ConfigError(
            f"spaCy pipeline {model!r} is not installed (set [nlp] model in threadline.toml "
            f"to an installed pipeline, or pip-install the package that provides it)"
        ) from exc
    for name in nlp.pipe_names:
        if name not in NEEDED_COMPONENTS:
            nlp.disable_pipe(name)
    if "ner" not in nlp.pipe_names:
        raise ConfigError(f"spaCy pipeline {model!r} has no 'ner' component")
    # The same tags, parts of speech and lemmas, matched on arrays (ingest/attribute_matcher.py).
    use_array_matching(nlp)
    # The same lemmas, looked up once per word form (ingest/cached_lemmas.py).
    use_cached_lemmas(nlp)
    tokenizer = nlp.tokenizer
    if isinstance(tokenizer, Tokenizer):
        for abbreviation in RANK_ABBREVIATIONS:
            # "said Capt. Jane Roe of the harbour police": the rank keeps its period, so the
            # sentence does not end inside the name.
            tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
        for title in sorted(HYPHENATED_TITLES):
            for spelling in title_spellings(title):
                tokenizer.add_special_case(spelling, [{ORTH: spelling}])
        # "Natalie Appleton,31, walked out": a comma typed without its space between a
        # word and a number (an age) would keep the number inside the person's name
        tokenizer.infix_finditer = compile_infix_regex(
            [*(nlp.Defaults.infixes or ()), GLUED_COMMA_BEFORE_NUMBER]
        ).finditer
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS_NAME, before="parser")
    ruler = nlp.add_pipe(
        "entity_ruler", name=RULER_NAME, before="ner", config={"phrase_matcher_attr": "ORTH"}
    )
    patterns = gazetteer.ruler_patterns() if gazetteer else []
    patterns.extend(award_patterns())
    # The phrase patterns match on ORTH, which the tokenizer alone gives; the ruler
    # otherwise pipes every phrase through the components before it (tagger and
    # parser: about half a second of start-up for the gazetteer's names).
    with nlp.select_pipes(disable=nlp.pipe_names):
        ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    nlp.add_pipe(UNTAGGED_PLACES_NAME, after="ner")
    if gazetteer is not None:
        known = nlp.add_pipe(KNOWN_NAMES_NAME, after="ner")
        assert isinstance(known, KnownNames)
        known.add_names(gazetteer, common_words(nlp, ("noun", "adj", "verb", "adv")))
        known.add_listed_companies()
        # imported here: the entity rules import this module
        from threadline.ingest.entity_rules import SPORT_WORDS_NEEDED, bundled_rules

        rules = bundled_rules()
        known.add_clubs(
            rules.one_word_clubs,
            rules.sport_club_places,
            rules.sport_cue_words,
            SPORT_WORDS_NEEDED,
        )
    nlp.add_pipe(SURNAMES_NAME, last=True)
    nlp.add_pipe(NAME_WORDS_NAME, last=True)
    log.debug("loaded %s %s with %d ruler patterns", model, model_version(nlp), len(patterns))
    return nlp


@Language.component(PARAGRAPHS_NAME)
def sentence_starts_after_line_breaks(doc: Any) -> Any:
    """Start a sentence after every line break the cleaned text still holds.

    Cleanup has joined lines broken mid-sentence, so a line break left is a
    paragraph or a heading: an evidence sentence must never run across it
    (a headline glued to the first sentence of its article). The parser keeps
    boundaries set before it runs, but given a start it often cuts again right
    after the first word ("Kestrel | coach Tom Hale says"), which takes the
    subject from an article's first sentence; the second word of a paragraph
    is therefore marked as no sentence start.
    """
    for token in doc[:-1]:
        if "\n" in token.whitespace_ or (token.is_space and "\n" in token.text):
            first = doc[token.i + 1]
            first.is_sent_start = True
            if first.i + 1 < len(doc) and not first.is_space and not doc[first.i + 1].is_space:
                doc[first.i + 1].is_sent_start = False
    return doc


def model_version(nlp: Language) -> str:
    return str(nlp.meta.get("version", "unknown"))


def installed_model_version(model: str) -> str:
    """The version of an installed pipeline without loading it (for fingerprints)."""
    version = spacy.util.get_package_version(model)
    if version:
        return version
    try:
        return str(spacy.util.get_model_meta(model).get("version", "unknown"))
    except (OSError, ValueError):
        return "unknown"


def award_patterns() -> list[dict[str, Any]]:
    """Capitalized words ending in Award/Prize/Medal... or "of the Year": a named award.

    The ordinal of "the 5th ... Award" and connecting words of "Order of ... Medal"
    or "... of the Year Award" are allowed inside; the model alone tags such names as
    organizations or not at all.
    """
    # The award word itself capitalized: "ESE awards the prize" is a verb.
    words = [w.capitalize() for w in entity_rules()["award_words"]]
    capitalized = {"TEXT": {"REGEX": r"^(?:[A-Z]|\d+(?:st|nd|rd|th)$)"}}
    opening = [capitalized, {"OP": "*", **capitalized}]  # "Kestrel", "5th Kestrel"
    joined = {"LOWER": {"IN": ["of", "for", "and", "in", "-"]}}
    of_the = [{"LOWER": "of"}, {"LOWER": "the"}]
    award = {"TEXT": {"IN": words}}
    patterns = [
        [*opening, award],
        [*opening, joined, {"OP": "+", **capitalized}, award],
        [*opening, *of_the, {"OP": "+", **capitalized}, award],  # "Novel of the Year Award"
        # "named Kestrel Player of the Year", "won Album Of The Year": a title awarded
        [*opening, *of_the, {"TEXT": "Year"}],
    ]
    return [{"label": "Award", "pattern": pattern} for pattern in patterns]
