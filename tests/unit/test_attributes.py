"""The compiled attribute ruler (service/extraction/attributes.py) annotates
exactly as spaCy's AttributeRuler, and stands aside for patterns it cannot compile."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from service.extraction import DEFAULT_MODEL, attributes, pipeline
from service.extraction.attributes import CompiledAttributeRuler, CompiledRules, use_compiled_attribute_ruler
from tests.conftest import load_seed, seed_ids

EDGE_TEXTS = [
    "",
    " ",
    "\n",
    "\n\n\n\n",
    "  \t \n \n\n  ",
    "Russia's troops.\n\n\nThey're here, it's said; he'd gone and we'd go.",
    "I'm gonna go and you wanna stay. We gotta leave. Let's go! let 's",
    "C'mon, y'all ain't seen nothin' yet. Y all. He ain't here, ya ain't either.",
    "There is a plan. There's a plan. There are, there were, there was. Here's 's",
    "'s 's 'S 'em doin' goin' somethin' ol' 'nuff 'll 'd 've 're 'm",
    "Gon na. GONNA. gotta\nta. ai n't. Ca n't, wo n't, sha n't. NOT nt n’t",
    "He has been being had; she did have; they were; gets got; I myself, themself.",
]


@pytest.fixture(scope="module")
def original() -> Language:
    """The service's pipeline with spaCy's own AttributeRuler left in place."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "use_compiled_attribute_ruler", lambda nlp: False)
        return pipeline.load_model(DEFAULT_MODEL)


@pytest.fixture(scope="module")
def compiled(original) -> CompiledAttributeRuler:
    """The compiled twin of ``original``'s ruler, on the same vocab."""
    return CompiledAttributeRuler(
        original.vocab, CompiledRules(original.get_pipe("attribute_ruler").patterns, original.vocab)
    )


def annotations(doc: Doc) -> list[tuple]:
    return [
        (t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.is_sent_start, t.ent_iob_, t.ent_type_)
        for t in doc
    ]


def test_load_model_swaps_in_the_compiled_ruler(extractor, original):
    nlp = extractor.nlp

    assert nlp.pipe_names == original.pipe_names
    assert isinstance(nlp.get_pipe("attribute_ruler"), CompiledAttributeRuler)
    assert nlp.get_pipe_meta("attribute_ruler").factory == "compiled_attribute_ruler"


def parse(nlp: Language, text: str) -> Doc:
    """``text`` through the components before the attribute ruler."""
    with nlp.select_pipes(enable=["tok2vec", "tagger", "line_sentences", "parser"]):
        return nlp(text)


@pytest.mark.parametrize("seed_id", seed_ids())
def test_seed_annotations_are_identical(original, compiled, seed_id):
    # The seeds are parsed once; both rulers (and the lemmatizer, which fills only unset lemmas) run on copies.
    parsed = parse(original, load_seed(seed_id)["text"])
    lemmatizer = original.get_pipe("lemmatizer")

    expected = lemmatizer(original.get_pipe("attribute_ruler")(parsed.copy()))
    assert annotations(lemmatizer(compiled(parsed.copy()))) == annotations(expected)


@pytest.mark.parametrize("text", EDGE_TEXTS)
def test_edge_text_annotations_are_identical(extractor, original, text):
    assert annotations(extractor.nlp(text)) == annotations(original(text))


def test_multi_token_rules_set_their_token(extractor):
    doc = extractor.nlp("We're gonna win. Let's go. There is hope.")
    by_text = {t.text: t for t in doc}

    assert (by_text["gon"].lemma_, by_text["na"].lemma_) == ("go", "to")
    assert by_text["'s"].lemma_ == "us"
    assert by_text["is"].pos_ == "VERB"


def test_forgetting_remembered_outcomes_changes_nothing(original, monkeypatch):
    monkeypatch.setattr(attributes, "_MEMO_LIMIT", 7)
    ruler = original.get_pipe("attribute_ruler")
    compiled = CompiledAttributeRuler(original.vocab, CompiledRules(ruler.patterns, original.vocab))
    parsed = parse(original, EDGE_TEXTS[-1] + " " + EDGE_TEXTS[-2])

    assert annotations(compiled(parsed.copy())) == annotations(ruler(parsed.copy()))
    assert len(compiled._memo) <= 7


# Rule order decides between a multi-token rule and one-token rules on the same token,
# whichever kind comes later; IN, NOT_IN, REGEX, TEXT and flags; negative index.
HANDMADE = [
    {"patterns": [[{"LOWER": "new"}, {"LOWER": "york"}]], "attrs": {"LEMMA": "NY", "POS": "PROPN"}, "index": -1},
    {"patterns": [[{"ORTH": "York"}]], "attrs": {"POS": "NOUN", "TAG": "NN"}},
    {"patterns": [[{"TEXT": {"REGEX": "^[A-Z]"}, "IS_TITLE": True}]], "attrs": {"MORPH": "Case=Nom"}},
    {"patterns": [[{"LOWER": {"NOT_IN": ["new", "york"]}, "IS_PUNCT": False}]], "attrs": {"TAG": "X", "LEMMA": "x"}},
    {"patterns": [[{"LOWER": "new"}, {}]], "attrs": {"LEMMA": "novel", "MORPH": "Degree=Pos"}, "index": 0},
    {"patterns": [[{"LOWER": {"IN": ["is", "are"]}}], [{"IS_SPACE": True}]], "attrs": {"POS": "AUX"}},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"POS": "SPACE", "MORPH": "_", "DEP": "dep"}},
]


def blank_with_ruler(patterns: list[dict]) -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler").add_patterns(patterns)
    return nlp


def test_handmade_rules_annotate_as_spacy():
    text = "New York is new. NEW york!\n\n new  York are York New"
    nlp = blank_with_ruler(HANDMADE)
    expected = annotations(nlp(text))

    assert use_compiled_attribute_ruler(nlp)
    assert annotations(nlp(text)) == expected


@pytest.mark.parametrize(
    "pattern",
    [
        {"patterns": [[{"LOWER": "very", "OP": "+"}]], "attrs": {"POS": "ADV"}},
        {"patterns": [[{"LOWER": {"FUZZY": "russia"}}]], "attrs": {"POS": "PROPN"}},
        {"patterns": [[{"LOWER": {"IN": [1, 2]}}]], "attrs": {"POS": "NUM"}},
        {"patterns": [[{"LENGTH": {">=": 3}}]], "attrs": {"POS": "X"}},
        {"patterns": [[{"_": {"flag": True}}]], "attrs": {"POS": "X"}},
        {"patterns": [[{"MORPH": {"IS_SUPERSET": ["Number=Sing"]}}]], "attrs": {"POS": "X"}},
        {"patterns": [[{"LOWER": "us"}]], "attrs": {"NORM": "United States"}},
        {"patterns": [[{"LOWER": "us"}]], "attrs": {"POS": "PROPN"}, "index": 1},
    ],
)
def test_uncompilable_ruler_is_left_in_place(pattern):
    nlp = blank_with_ruler([{"patterns": [[{"LOWER": "the"}]], "attrs": {"POS": "DET"}}, pattern])

    assert not use_compiled_attribute_ruler(nlp)
    assert type(nlp.get_pipe("attribute_ruler")) is AttributeRuler
    assert nlp.pipe_names == ["attribute_ruler"]
