"""Known places the model left untagged before "-based" (ingest/based_places.py)."""

from __future__ import annotations

from threadline.ingest.based_places import with_based_places


def test_a_known_place_before_based_becomes_a_place(nlp):
    doc = nlp("Leeds-based indie band Kestrels topped the chart.")
    doc.ents = []  # as when the model leaves the place untagged
    spans = with_based_places(doc, [])
    assert [(s.text, s.label_) for s in spans] == [("Leeds", "GPE")]


def test_a_place_of_two_words_is_read_whole(nlp):
    doc = nlp("Tom Hale, a San Francisco-based lawyer, said so.")
    doc.ents = []
    assert [s.text for s in with_based_places(doc, [])] == ["San Francisco"]


def test_an_unknown_name_before_based_is_left_alone(nlp):
    doc = nlp("The Kestrelvik-based firm Talbot Data made a loss.")
    doc.ents = []
    assert with_based_places(doc, []) == []


def test_a_tagged_name_before_based_is_not_added_again(nlp):
    doc = nlp("Leeds-based indie band Kestrels topped the chart.")
    tagged = [doc[0:1]]
    assert with_based_places(doc, tagged) == tagged
