"""Properties of offsets and names on generated hostile text (hypothesis, real pipeline).

Every offset an extraction gives must index the document text it claims to
quote, also when a long document is cut into slices; cleanup is idempotent on
whole documents; a non-empty name never normalizes to nothing.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from threadline.config import Config, IngestConfig
from threadline.errors import InputError
from threadline.graph.model import Document
from threadline.graph.ontology import Ontology
from threadline.ingest.cleanup import clean
from threadline.ingest.documents import read_file
from threadline.names import canonical_name, name_key

SLICE = 1000  # the smallest slice size: long examples are cut, offsets shifted back

NAMES = ["Maria Okonkwo", "Lagos Port Authority", "Rotterdam Harbour Company", "Acme Corp.",
         "Dr. Peter Grant", "the Oslo Shipping Registry", "J\u00fcrgen M\u00fcller", "Paris",
         "\u05d3\u05d5\u05d3 \u05dc\u05d5\u05d9", "O'Brien", "Kestrel Labs", "NATO", "Jos\u00e9"]  # fmt: skip
PIECES = st.sampled_from(
    [*NAMES, " works for ", " is based in ", " signed an agreement with ", ", a subsidiary of ",
     " was founded by ", " chair of ", ". ", ", ", " and ", "\n", "\n\n", " ", "\t", '"', "'",
     "\u201c", "\u2019", "`", "<script>alert(1)</script>", "})-[:X]->(", "\u200b", "\u200d",
     "\u202e", "\U0001f680", "e\u0301", "\u00a0", "\r\n", "The board met on Monday. ",
     "x" * 120, "Words " * 40]
)  # fmt: skip
TEXTS = st.lists(PIECES, min_size=1, max_size=120).map("".join)
PROPERTY = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def slicing_extractor():
    """The full extractor with the smallest slice size, so offsets cross slice boundaries."""
    from threadline.ingest.extract import Extractor

    config = Config.model_validate({"nlp": {"max_chars": SLICE}})
    extractor = Extractor(config, Ontology.load())
    _ = extractor.nlp
    return extractor


def _assert_offsets_index_the_text(text: str, extraction) -> None:
    assert extraction.text_length == len(text)
    for entity in extraction.entities:
        assert entity.name.strip(), entity
        assert entity.mentions, entity
        for mention in entity.mentions:
            assert 0 <= mention.start < mention.end <= len(text)
            assert text[mention.start : mention.end] == mention.text
    ids = {e.id for e in extraction.entities}
    for relation in extraction.relations:
        assert {relation.source, relation.target} <= ids
        for evidence in relation.evidence:
            assert 0 <= evidence.start < evidence.end <= len(text)
            assert text[evidence.start : evidence.end] == evidence.sentence
    for co in extraction.co_mentions:
        assert {co.source, co.target} <= ids
        if co.sentence is not None:
            assert text[co.start : co.end] == co.sentence


def test_offsets_survive_many_slices_with_hostile_characters(slicing_extractor) -> None:
    """Not left to chance: a text of many slices, with relations found in later ones."""
    sentence = (
        "Maria Okonkwo works for the Lagos Port Authority. \u200b\U0001f680 "
        "The Lagos Port Authority is based in Lagos. \u202e`})-[:X]->(\u202c "
    )
    text = "\n\n".join(f"{i}: {sentence}" for i in range(60))
    extraction = slicing_extractor.extract(Document(id="d", text=text))
    _assert_offsets_index_the_text(text, extraction)
    assert len(text) > 5 * SLICE
    assert max(m.start for e in extraction.entities for m in e.mentions) > 4 * SLICE
    assert max(ev.start for r in extraction.relations for ev in r.evidence) > 4 * SLICE


@PROPERTY
@given(TEXTS)
def test_offsets_index_the_raw_text_as_given(slicing_extractor, text: str) -> None:
    """The --jsonl-input contract: offsets index the text exactly as given, even uncleaned."""
    extraction = slicing_extractor.extract(Document(id="d", text=text))
    _assert_offsets_index_the_text(text, extraction)


@PROPERTY
@given(TEXTS)
def test_offsets_index_the_text_of_documents_read_from_files(
    slicing_extractor, tmp_path_factory, text: str
) -> None:
    path = tmp_path_factory.mktemp("doc") / "generated.txt"
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    try:
        documents = read_file(path, IngestConfig())
    except InputError:
        return  # e.g. nothing but whitespace: refused with a reason, tested elsewhere
    for document in documents:
        extraction = slicing_extractor.extract(document)
        _assert_offsets_index_the_text(document.text, extraction)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_cleanup_is_idempotent_on_whole_documents(text: str) -> None:
    once = clean(text)
    assert clean(once) == once


NAME_TEXT = st.one_of(
    st.lists(PIECES, min_size=1, max_size=6).map("".join),
    st.text(min_size=1, max_size=40),
)
TYPES = st.sampled_from(["Person", "Organization", "Location", "Group", "Event"])


@settings(max_examples=1000, deadline=None)
@given(NAME_TEXT, TYPES)
def test_a_name_with_a_letter_or_digit_never_normalizes_to_nothing(text: str, kind: str) -> None:
    if not any(c.isalnum() for c in text):
        return
    name = canonical_name(text, kind)
    assert name.strip()
    assert any(c.isalnum() for c in name)
    assert canonical_name(name, kind) == name or canonical_name(name, kind).strip()
    assert name_key(name) or not any(c.isalnum() for c in name_key(text))


def _full_name_key(name: str) -> str:
    """``name_key`` through every normalization step, with no shortcut for ASCII."""
    import unicodedata

    from threadline.names import _LEADING_DETERMINER, _NON_WORD, _POSSESSIVE, unify_punctuation

    text = unify_punctuation(unicodedata.normalize("NFKC", name)).strip()
    text = _POSSESSIVE.sub("", _LEADING_DETERMINER.sub("", text))
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.text(alphabet=st.characters(max_codepoint=127), max_size=30), NAME_TEXT))
def test_the_ascii_shortcut_of_name_key_gives_the_full_normalization_s_key(text: str) -> None:
    assert name_key(text) == _full_name_key(text)
