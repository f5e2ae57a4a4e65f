"""Name finding: recall and precision on labelled interview sentences, variants of known
people, and the words that are not names."""

from __future__ import annotations

import pytest

from nlp.names import KnownNames, damerau_levenshtein, find_names, trained_pipeline_name
from nlp.names_eval import gold_spans, score_names
from nlp.redact import find_personal_data_in_many
from tests.unit.nlp.name_sentences import held_out_rows, rows


def texts(found):
    return [m.text for m in found]


def test_the_labelled_set_is_large_and_labelled_correctly():
    labelled = rows()
    assert len(labelled) >= 150
    assert sum(len(names) for _, names, _ in labelled) >= 120
    for text, names, _ in labelled:
        gold_spans(text, names)  # raises on a name that is not in its sentence


def test_rules_find_at_least_95_percent_of_names_with_few_false_alarms():
    scores = score_names(rows(), model=False)
    assert scores.recall >= 0.95, scores.misses
    assert scores.precision >= 0.95, scores.false_positives


def test_rules_find_names_in_sentences_written_after_they_were_settled():
    scores = score_names(held_out_rows(), model=False)
    assert scores.recall >= 0.9, scores.misses
    assert scores.precision >= 0.9, scores.false_positives


@pytest.mark.skipif(trained_pipeline_name() is None, reason="no trained English pipeline installed")
def test_the_trained_pipeline_only_adds_names():
    scores = score_names(rows(), model=True)
    assert scores.recall >= 0.95, scores.misses
    assert scores.precision >= 0.9, scores.false_positives


def test_a_gold_name_counts_as_found_only_when_all_its_words_are_covered():
    scores = score_names([("I spoke to Bethan Zzyzx-Quorn today.", ("Bethan Zzyzx-Quorn",), ())], model=False)
    assert (scores.gold, scores.found) == (1, 1)
    scores = score_names([("Then Bethan left.", ("Bethan",), ())], model=False)
    assert scores.recall == 1.0


def test_gold_spans_refuse_a_name_that_is_not_in_the_sentence():
    with pytest.raises(ValueError):
        gold_spans("Nobody here.", ["Bethan"])


@pytest.mark.parametrize(
    ("text", "known", "found"),
    [
        ("Thanks, Rhianon.", "Rhiannon Davies", ["Rhianon"]),  # one letter missing, 8 letters
        ("Rhianon Davies, Team Manager at Caerphilly.", "Rhiannon Davies", ["Rhianon Davies"]),
        ("Morning Geriant.", "Geraint Lewis", ["Geriant"]),  # transposed letters
        ("Sian rang.", "Siân Evans", ["Sian"]),  # without the accent
        ("Ask Bob.", "Robert Jones", ["Bob"]),  # nickname
        ("Dai, tell me more.", "Dafydd Williams", ["Dai"]),
        ("Mags was there.", "Margaret Bowen", ["Mags"]),
        ("Gwen said so.", "Gwenllian Thomas", ["Gwen"]),
        ("Thanks Rhod.", "Rhodri Parry", ["Rhod"]),
        ("I asked Ali.", "Alun Jones", []),  # three letters: no misspelling allowed
    ],
)
def test_variants_of_a_known_name_belong_to_that_person(text, known, found):
    mentions = find_names(text, [known], rules=False)
    assert texts(mentions) == found
    assert all(m.owners == {known} for m in mentions)


def test_misspellings_are_one_edit_for_short_names_and_two_for_long_ones():
    known = KnownNames(["Rhiannon Davies", "Sioned Evans"])
    assert known.owners_of_word("Rhianen")[0] == {"Rhiannon Davies"}  # 8 letters: 2 edits allowed
    assert known.owners_of_word("Rhianonn")[0] == {"Rhiannon Davies"}
    assert known.owners_of_word("Sionad")[0] == {"Sioned Evans"}  # 6 letters: 1 edit
    assert known.owners_of_word("Sianad")[0] == frozenset()  # 2 edits is too many
    assert damerau_levenshtein("geraint", "geriant", 1) == 1
    assert damerau_levenshtein("abcdef", "uvwxyz", 2) == 3


def test_ordinary_words_are_not_taken_for_a_known_person():
    mentions = find_names("Will you ring? The price went up.", ["William Price"], rules=False)
    assert mentions == []


def test_a_different_given_name_before_a_speakers_surname_is_nobody_known():
    [mention] = find_names("His wife Bethan Price rang.", ["Gareth Price"], model=False)
    assert (mention.text, mention.owners) == ("Bethan Price", frozenset())


@pytest.mark.parametrize(
    "text",
    [
        "We live in Pontypool near the Cwmbran Stadium.",
        "Neath Port Talbot and Merthyr Tydfil share the out-of-hours team.",
        "Care Inspectorate Wales and Age Cymru wrote to Blaenau Gwent.",
        "The Occupational Therapist and the Care Coordinator came on Monday in May.",
        "Aneurin Bevan University Health Board and Hywel Dda both said no.",
        "Mark the boxes and send it to Barry.",
    ],
)
def test_places_services_job_titles_and_days_are_not_names(text):
    assert find_names(text, model=False) == []


def test_a_thousand_turn_transcript_is_checked_turn_by_turn():
    """Its speed is measured by bench/long_transcript.py, not asserted here."""
    sentences = [text for text, _, _ in rows()]
    turns = [" ".join(sentences[(i * 3 + k) % len(sentences)] for k in range(3)) for i in range(1000)]
    known = KnownNames(["Rhiannon Davies", "Gareth Price", *(f"Person{i} Surname{i}" for i in range(40))])
    found = find_personal_data_in_many(turns, known, model=False)
    assert len(found) == 1000 and sum(len(spans) for spans in found) > 1000
