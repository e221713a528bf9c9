"""The extraction pipeline stage by stage: each registered component reads and leaves its part
on the Doc (see graph/extract/docdata.py). Sentences and names are ours."""

import pytest

from graph.extract import Extractor
from graph.extract.lexicon import load_lexicon, words
from graph.extract.patterns import compile_element, rules
from graph.model import Article

STAGES = ["fankg_mentions", "fankg_resolve", "fankg_types", "fankg_relations", "fankg_storylines",
          "fankg_attribution", "fankg_status", "fankg_claims"]


@pytest.fixture(scope="module")
def extractor():
    return Extractor()


def run_until(extractor, text, last, **meta):
    """The Doc after the model and our components up to ``last``."""
    nlp = extractor.nlp
    later = STAGES[STAGES.index(last) + 1:]
    with nlp.select_pipes(disable=later):
        return nlp(extractor.doc(Article(id="t", text=text, **meta)))


def test_the_components_are_registered_in_order(extractor):
    names = extractor.nlp.pipe_names
    assert [n for n in names if n in STAGES] == STAGES
    assert names.index("fankg_paragraphs") < names.index("parser") < names.index("fankg_mentions")


def test_mentions_find_names_and_keep_out_of_brackets_and_line_breaks(extractor):
    doc = run_until(extractor, "Ivy (Nora Vale returns.\nTom Reyes\nand Jo Penn joined Vulture's list.", "fankg_mentions")
    texts = {m.text for m in doc._.fk_mentions}
    assert {"Ivy", "Tom Reyes", "Jo Penn", "Vulture"} <= texts
    assert not any(ch in m.text for m in doc._.fk_mentions for ch in "()\n")
    assert doc._.fk_book.records["vulture"].type == "Organization"


def test_headlines_give_names_only_once_the_text_has_them(extractor):
    doc = run_until(extractor, "Why Ivy Stone Is Back For Good\nIvy Stone (Nora Vale) returns.", "fankg_mentions")
    starts = sorted(m.start for m in doc._.fk_mentions if m.text == "Ivy Stone")
    assert starts[0] < doc.text.index("\n")  # the headline's "Ivy Stone" is found by the second pass
    assert not any(m.text in ("Why Ivy Stone", "Back For Good") for m in doc._.fk_mentions)


def test_resolve_folds_short_names_and_merges_each_mention_into_one_token(extractor):
    doc = run_until(extractor, "Nora Vale stars as Ivy Stone. Vale says Ivy is tired.", "fankg_resolve")
    spans = {s.text: s.kb_id_ for s in doc.spans["fk_mentions"]}
    assert spans["Vale"] == spans["Nora Vale"] == "nora vale"
    assert spans["Ivy"] == spans["Ivy Stone"]
    assert "Nora Vale" in [t.text for t in doc]  # one token per mention


def test_types_decide_actors_and_characters(extractor):
    doc = run_until(extractor, "Ivy (Nora Vale) meets Tom Reyes, who plays Abe.", "fankg_types")
    book = doc._.fk_book
    assert book.records["nora vale"].type == book.records["tom reyes"].type == "Person"
    assert book.records["ivy"].type == book.records["abe"].type == "Character"
    assert {t.ent_type_ for t in doc if t.text == "Tom Reyes"} == {"PERSON"}


def test_relations_leave_finds_with_their_trigger_words(extractor):
    doc = run_until(extractor, "Ivy (Nora Vale) moves to Lisbon with Abe (Tom Reyes).", "fankg_relations")
    finds = {(f.subject, f.predicate, f.object) for f in doc._.fk_finds}
    assert ("ivy", "livesIn", "lisbon") in finds
    assert all(f.triggers for f in doc._.fk_finds)


def test_attribution_gives_quotes_their_speaker_and_outlet(extractor):
    text = 'Ivy (Nora Vale) is back. "Before the season ends, Ivy will finally kiss Abe," Nora Vale told Vulture.'
    doc = run_until(extractor, text, "fankg_attribution")
    last = doc._.fk_attributions[-1]
    assert (last.speaker, last.outlet, last.quoted) == ("nora vale", "vulture", True)


def test_status_is_set_on_every_find(extractor):
    doc = run_until(extractor, "Ivy (Nora Vale) and Abe (Tom Reyes) might kiss.", "fankg_status")
    assert {f.status for f in doc._.fk_finds if f.predicate == "kissed"} == {"speculated"}


def test_claims_quote_their_sentence_by_offsets(extractor):
    text = "Lumen Bay is back.\nIvy (Nora Vale) moves to Lisbon."
    claims = extractor.claims(Article(id="t", text=text, show="Lumen Bay"))
    assert claims and all(text[c.evidence.start:c.evidence.end] == c.evidence.quote for c in claims)


def test_many_articles_in_one_batch_give_what_each_gives_alone(extractor):
    items = [(Article(id=f"a{i}", text=t), ()) for i, t in enumerate(
        ["Ivy (Nora Vale) moves to Lisbon.", "Tom Reyes told Vulture that Abe is back.", ""])]
    together = extractor.claims_of_many(items)
    assert [[c.key() for c in cs] for cs in together] == [[c.key() for c in extractor.claims(a)] for a, _ in items]


def test_rules_are_data(extractor):
    assert compile_element("lemma:play|portray") == [{"LEMMA": {"IN": ["play", "portray"]}}]
    assert compile_element("@ACTORS") == [{"ENT_TYPE": {"IN": ["NAME", "PERSON"]}}]
    assert compile_element("'s") == [{"ORTH": {"IN": ["'s", "’s", "'", "’"]}}]
    assert {r.name for r in rules("cast")} >= {"stars-as", "played-by", "who-plays"}
    assert "could" in words("cues", "hedges")


def test_the_lexicon_knows_outlets_by_their_web_address_and_their_other_names():
    lexicon = load_lexicon()
    assert lexicon.outlet_of_url("https://ew.com/tv/some-show/") == "EW"
    assert lexicon.outlet_of_url("not a url") == ""
    assert "Entertainment Weekly" in lexicon.same_names["EW"]


def test_components_are_configured_like_spacy_components():
    import spacy

    from graph.extract.nlp import MODEL_NAMES

    nlp = None
    for name in MODEL_NAMES:
        try:
            nlp = spacy.load(name, exclude=["ner"])
            break
        except OSError:
            continue
    for component in STAGES:
        config = {"rule_groups": ["universe"], "frames": False} if component == "fankg_relations" else {}
        nlp.add_pipe(component, config=config)
    assert nlp.get_pipe_meta("fankg_relations").default_config["rule_groups"][0] == "production"
    quiet = Extractor(nlp)
    text = "Ivy (Nora Vale) and Abe (Tom Reyes) kissed. Nora Vale told Vulture all about it."
    got = {(c.subject.label, c.predicate, c.object.label) for c in quiet.claims(Article(id="t", text=text))}
    assert ("Ivy", "kissed", "Abe") in got  # a universe rule
    assert not any(p == "toldOutlet" for _, p, _ in got)  # the "told" group is left out
