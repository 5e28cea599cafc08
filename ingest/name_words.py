"""Words of a name that the tagger read as adjectives are proper nouns.

The small model's tagger calls some names' words adjectives ("Arsenal" in "his
Arsenal team-mate", "Yorkshire" and "Essex" before a noun) while the recognizer, or
a later step, tags the name. Relation patterns find names by their part of speech,
so such a name was missed ("his Arsenal team-mate Tom Hale" said nothing of
Arsenal). After the entity steps of the pipeline, each capitalized word tagged as an
adjective inside the name of a person, an organization, a place or a facility
becomes a proper noun. Nationalities keep their adjectives ("Russian"), and common
nouns keep theirs: the recognizer also wraps a capitalized noun opening a sentence
into a name ("Slowdowns in the US"), which no pattern should read as one.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

NAME_WORDS_NAME = "threadline_name_words"
# Labels of names whose words are proper nouns; not NORP ("Russian" is an adjective).
_NAME_LABELS = frozenset({"ORG", "PERSON", "GPE", "FAC", "LOC"})


@Language.component(NAME_WORDS_NAME)
def tag_name_words(doc: Doc) -> Doc:
    """Retag the capitalized adjectives inside names as proper nouns."""
    for entity in doc.ents:
        if entity.label_ in _NAME_LABELS:
            for word in entity:
                if word.pos_ == "ADJ" and word.is_title:
                    word.pos_, word.tag_ = "PROPN", "NNP"
    return doc
