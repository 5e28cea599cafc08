"""The extractor end to end: seed files, long texts, worker processes, the CLI contract."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from threadline.cli import app
from threadline.config import Config
from threadline.errors import ConfigError
from threadline.graph.model import Document
from threadline.graph.ontology import Ontology
from threadline.ingest.extract import Extractor
from threadline.ingest.nlp import load_pipeline
from threadline.ingest.slices import slice_text

GENERIC = {"Chamber", "Party", "Association", "Regime", "State", "Department", "Ministry"}


def seed_documents(seeds_dir: Path) -> list[Document]:
    return [
        Document.from_text(p.read_text("utf-8"), origins=[str(p)])
        for p in sorted(seeds_dir.glob("*.txt"))
    ]


@pytest.fixture(scope="module")
def seed_extractions(entity_extractor, seeds_dir):
    documents = seed_documents(seeds_dir)
    return documents, list(entity_extractor.extract_many(documents, workers=1))


def test_seed_mentions_quote_the_text_exactly(seed_extractions):
    documents, extractions = seed_extractions
    for document, extraction in zip(documents, extractions, strict=True):
        assert extraction.doc_id == document.id
        assert extraction.entities
        for entity in extraction.entities:
            for mention in entity.mentions:
                assert document.text[mention.start : mention.end] == mention.text


def test_seed_entities_hold_no_generic_words_or_headline_fragments(seed_extractions):
    _, extractions = seed_extractions
    for extraction in extractions:
        found = {e.name for e in extraction.entities}
        assert not found & GENERIC
        for entity in extraction.entities:
            name = entity.name
            assert " Have " not in name and " Scavenge " not in name
            assert not name.startswith("the "), name
            if name.startswith("The ") and "gazetteer" not in entity.type_cues:
                # kept only where a sentence writes the article in capitals ("told The X"),
                # or where the gazetteer's name holds it ("The Guardian")
                assert any(m.text.startswith("The ") for m in entity.mentions), name
            assert not name.endswith(("'s", "’s")), name


def test_seed_acronyms_and_short_names_resolve(seed_extractions):
    _, extractions = seed_extractions
    entities = [e for x in extractions for e in x.entities]
    by_name = {e.name: e for e in entities}
    assert "CCP" in by_name["Chinese Communist Party"].aliases
    # An acronym defined in parentheses, a person's short and alternate names.
    assert any("CAIEP" in e.aliases for e in entities)
    assert not any(e.name in {"CAIEP", "Jin", "Julien Jin", "Zhang"} for e in entities)
    jin = by_name["Jin Xinjiang"]
    assert {"Jin", "Julien Jin"} <= set(jin.aliases)
    assert any("Zhang" in e.aliases for e in entities if e.type == "Person")


def test_long_texts_are_sliced_at_paragraphs_with_offsets_shifted():
    config = Config.model_validate({"nlp": {"max_chars": 1000}})
    extractor = Extractor(config, Ontology.load(), relations=False)
    paragraph = "Karin Olsen visited the Oslo Maritime Museum with officials from Bergen. "
    text = "\n\n".join(paragraph * 3 for _ in range(12))
    assert len(slice_text(text, 1000)) > 1
    extraction = extractor.extract(Document.from_text(text))
    museum = next(e for e in extraction.entities if e.name == "Oslo Maritime Museum")
    assert len(museum.mentions) == 36
    # the name's own words say the same in every slice: counted once, as in one slice
    alone = extractor.extract(Document.from_text(paragraph))
    assert museum.type_names and museum.type_names == next(
        e.type_names for e in alone.entities if e.name == "Oslo Maritime Museum"
    )
    for entity in extraction.entities:
        for mention in entity.mentions:
            assert text[mention.start : mention.end] == mention.text


@pytest.mark.parametrize(
    ("headline", "lede"),
    [
        ("Energy talks", "Birch and Norvik are to work together."),
        ("Cup win for Rovers", "Kestrel coach Tom Hale says rugby has to act now."),
        ("Talks on pay, say unions", "Norvik Insurance will be raised if the Greens win."),
    ],
)
def test_a_paragraph_starts_a_sentence_that_keeps_its_first_word(nlp, headline, lede):
    # Given a sentence start after the line break, the parser used to cut again after
    # the first word: "Kestrel" | "coach Tom Hale says ..." lost the employer.
    doc = nlp(f"{headline}\n\n{lede}")
    assert [s.text.strip() for s in doc.sents] == [headline, lede]


def test_an_article_first_sentence_gives_its_relation_after_the_headline(extractor):
    lede = "Scotland coach Tom Hale says rugby has to act now."
    extraction = extractor.extract(Document.from_text(f"Cup win for Rovers\n\n{lede}"))
    names = {e.id: e.name for e in extraction.entities}
    found = {
        (names[r.source], r.type, names[r.target]): r.evidence[0].sentence
        for r in extraction.relations
    }
    assert found[("Tom Hale", "WORKS_FOR", "Scotland")] == lede


def test_slices_cover_the_text_exactly():
    text = ("word " * 50 + "\n\n") * 40
    pieces = slice_text(text, 1000)
    assert "".join(p for _, p in pieces) == text
    assert all(text[o : o + len(p)] == p for o, p in pieces)
    assert all(len(p) <= 1000 for _, p in pieces)


@pytest.mark.slow
def test_worker_processes_give_the_same_extractions_in_order(entity_extractor, seeds_dir):
    documents = seed_documents(seeds_dir) * 8  # more than one batch
    one = [x.to_dict() for x in entity_extractor.extract_many(documents, workers=1)]
    done = []
    two = [
        x.to_dict()
        for x in entity_extractor.extract_many(documents, workers=2, on_done=done.append)
    ]
    assert one == two
    assert len(done) == len(documents)


def test_the_pipeline_is_kept_from_full_collections_while_it_extracts(entity_extractor, seeds_dir):
    """In this process, the loaded pipeline lives as long as the run: the collector's full
    passes leave it alone until the last extraction, then it is theirs again."""
    assert gc.get_freeze_count() == 0
    runs = entity_extractor.extract_many(seed_documents(seeds_dir)[:2], workers=1)
    frozen = [gc.get_freeze_count() for _ in runs]
    assert len(frozen) >= 2 and all(count > 0 for count in frozen)
    assert gc.get_freeze_count() == 0


def _long_report(number: int) -> str:
    """About 6,000 characters of invented news in paragraphs, with relations to find."""
    people = ["Ann Tolley", "Tom Hale", "Jack Birch", "Nadia Varga"]
    firms = ["Kestrel Holdings", "Norvik Insurance", "Talvaro Shipping", "Harwick Energy"]
    towns = ["Marsburg", "Norvik", "Talvaro", "Harwick"]
    paragraphs = [f"Annual review {number}"]
    for i in range(40):
        person, firm, town = people[i % 4], firms[(i + number) % 4], towns[(i // 4) % 4]
        paragraphs.append(
            f"{person}, the chief executive of {firm}, said on Monday that the firm would "
            f"open an office in {town}. {firm} is based in {towns[(i + 1) % 4]}."
        )
    return "\n\n".join(paragraphs)


@pytest.mark.slow
def test_long_documents_are_parsed_on_several_workers_and_joined_the_same(
    seeds_dir: Path,
) -> None:
    """A report longer than ``max_chars`` is sliced; in a pool its slices go to several
    workers, even when the input is smaller than a batch, and the joined extraction is
    the one a single process makes."""
    import multiprocessing

    config = Config.model_validate({"nlp": {"max_chars": 2000}})
    extractor = Extractor(config, Ontology.load())
    documents = [Document.from_text(_long_report(n)) for n in range(2)]
    documents.insert(1, seed_documents(seeds_dir)[0])
    assert all(len(slice_text(d.text, 2000)) >= 3 for d in documents[::2])
    one = [x.to_dict() for x in extractor.extract_many(documents, workers=1)]
    assert any(x["relations"] for x in one)
    two = []
    pooled = []
    for extraction in extractor.extract_many(documents, workers=2):
        pooled.append(bool(multiprocessing.active_children()))
        two.append(extraction.to_dict())
    assert two == one
    assert all(pooled)  # three documents, fewer than a batch: shared all the same


def test_fingerprint_is_stable_and_needs_no_model():
    a = Extractor(Config(), Ontology.load())
    b = Extractor(Config(), Ontology.load())
    assert a.fingerprint == b.fingerprint
    assert a._nlp is None
    other = Config.model_validate({"nlp": {"max_chars": 5000}})
    assert Extractor(other, Ontology.load()).fingerprint != a.fingerprint


def test_an_uninstalled_model_is_a_config_error():
    with pytest.raises(ConfigError, match="no_such_pipeline_xx"):
        load_pipeline("no_such_pipeline_xx")


def test_the_ruler_runs_before_the_model(nlp):
    names = nlp.pipe_names
    assert names.index("threadline_entity_ruler") < names.index("ner")


def test_the_ruler_phrases_are_tokenized_only_and_the_pipeline_stays_whole(nlp):
    """The phrases match on their words: parsing each one at load would only cost time."""
    ruler = nlp.get_pipe("threadline_entity_ruler")
    phrases = [doc for docs in ruler.phrase_patterns.values() for doc in docs]
    assert phrases
    assert not any(doc.has_annotation("DEP") or doc.has_annotation("TAG") for doc in phrases)
    assert [t.text for t in phrases[0]] == [t.text for t in nlp.make_doc(phrases[0].text)]
    assert {"tagger", "parser", "ner", "threadline_entity_ruler"} <= set(nlp.pipe_names)


def test_cli_jsonl_input_keeps_ids_and_offsets(tmp_path: Path):
    texts = {
        "a-1": "  Leading spaces stay.  Helga Brandt works for the Hamburg Port Authority.",
        "b-2": "The Lisbon Film Society (LFS) opened a cinema. LFS sold tickets in Porto.",
    }
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps({"id": k, "text": v}) for k, v in texts.items()))
    result = CliRunner().invoke(app, ["extract", "--jsonl-input", str(source), "--workers", "1"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [x["doc_id"] for x in lines] == ["a-1", "b-2"]
    for line in lines:
        text = texts[line["doc_id"]]
        assert line["text_length"] == len(text)
        assert set(line) >= {"doc_id", "title", "text_length", "entities", "relations"}
        for entity in line["entities"]:
            # The contract's keys, plus the optional type evidence.
            assert set(entity) - {"type_votes", "type_cues", "type_labels", "type_names"} == {
                "id",
                "name",
                "type",
                "aliases",
                "mentions",
            }
            if "type_votes" in entity:
                votes = entity["type_votes"]
                assert votes[entity["type"]] == max(votes.values())
            for mention in entity["mentions"]:
                assert text[mention["start"] : mention["end"]] == mention["text"]
    society = next(e for e in lines[1]["entities"] if e["name"] == "Lisbon Film Society")
    assert [m["text"] for m in society["mentions"]].count("LFS") == 2


def test_cli_text_table_and_show_rejected():
    result = CliRunner().invoke(
        app,
        [
            "extract",
            "--text",
            "The Chamber met the Vienna Opera Guild.",
            "-f",
            "table",
            "--show-rejected",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Vienna Opera Guild" in result.output
    assert "generic word" in result.output


def test_cli_bad_jsonl_line_is_a_one_line_error(tmp_path: Path):
    source = tmp_path / "bad.jsonl"
    source.write_text('{"id": 1, "text": "fine"}\nnot json\n')
    result = CliRunner().invoke(app, ["extract", "--jsonl-input", str(source)])
    assert result.exit_code == 1
    assert "bad.jsonl:2" in result.output


def test_a_hyphenated_title_is_one_word_the_parse_can_read(nlp):
    doc = nlp("Tom Reed, European Co-Ordinator for the Kestrel Freedom Foundation, left.")
    title = next(t for t in doc if t.lower_.startswith("co"))
    assert title.text == "Co-Ordinator"
    assert title.dep_ == "appos" and title.head.text == "Reed"
    assert [c.text for c in title.children if c.dep_ == "prep"] == ["for"]
    # other hyphenated words are cut as before
    assert [t.text for t in nlp("a co-operative bank")][1:4] == ["co", "-", "operative"]


def test_a_rank_keeps_its_period_and_the_sentence_goes_on(nlp):
    doc = nlp("The blaze spread fast, said Capt. Orrin Talbot of the harbour police.")
    rank = next(t for t in doc if t.text.startswith("Capt"))
    assert rank.text == "Capt."
    assert not doc[rank.i + 1].is_sent_start


def test_a_number_glued_to_a_name_by_a_comma_is_a_word_of_its_own(nlp):
    # an age typed without its space: the name ends at the comma
    doc = nlp("Former singer Ann Tolley,31, walked out of the show.")
    assert [t.text for t in doc][2:6] == ["Ann", "Tolley", ",", "31"]
    # thousands and words glued by a comma are cut as before
    assert [t.text for t in nlp("It cost 1,000 pounds.")][2] == "1,000"


def test_a_fault_of_the_relation_step_on_one_text_keeps_the_batch_going(monkeypatch, caplog):
    # a fault injected into the relation step for one text: that text keeps its entities
    # and a warning names it; the next text of the same batch gets its relations
    extractor = Extractor(
        Config.model_validate({"nlp": {"relation_model": "none"}}), Ontology.load()
    )
    _ = extractor.nlp
    engine = extractor._relations
    assert engine is not None
    find = engine.find

    def failing_find(doc, entities):
        if "Harwick" in doc.text:
            raise ValueError("injected fault")
        return find(doc, entities)

    monkeypatch.setattr(engine, "find", failing_find)
    documents = [
        Document.from_text("Harwick Bank chief executive Tom Hale said so.", origins=["a.txt"]),
        Document.from_text("Kestrel Bank chief executive Ann Tolley said so.", origins=["b.txt"]),
    ]
    with caplog.at_level("WARNING"):
        first, second = extractor.extract_many(documents, workers=1)
    assert {e.name for e in first.entities} >= {"Harwick Bank", "Tom Hale"}
    assert first.relations == []
    assert [r.type for r in second.relations] == ["WORKS_FOR"]
    assert any(
        "a.txt: relations not read (ValueError: injected fault)" in m for m in caplog.messages
    )
