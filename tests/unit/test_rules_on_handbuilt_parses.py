"""The extraction rules on parses built by hand, without loading a model.

Each test writes out the dependency parse of one construction the way spaCy's
English models label it (ClearNLP dependencies, Penn tags), so a rule is tested
on exactly that construction, including ones the model does not happen to
produce for the sentences in the other tests. The mention goes through the
stages in the Extractor's order (service/extraction/pipeline.py), built here
from the packaged lexicon; the golden tests keep the real model.

A parse is a table, one token a row: ``word head dep pos tag lemma [entity]``.
Heads are absolute token indices; the root is its own head.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass

import pytest
import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

from service.extraction.actors import DocContext
from service.extraction.arguments import ArgumentFinder, Roles
from service.extraction.detection import DetectedTrigger, RuleDetector
from service.extraction.events import Actor, Modality
from service.extraction.gazetteer import Gazetteer
from service.extraction.lexicon import Lexicon, default_lexicon
from service.extraction.modality import ModalityDetector
from service.extraction.pipeline import Extractor
from service.extraction.stages import (
    ConfidenceStage,
    ContentStage,
    EventDraft,
    GenericStage,
    KeptOpenStage,
    ModalityStage,
    RealisStage,
    RecodeStage,
    RoleStage,
    SubtypeStage,
    TimeStage,
)
from service.extraction.timex import TimeAttacher, TimeNormalizer

# Tokens written without a space before them.
_ATTACHED = {".", ",", "?", "'s", "n't"}


def parse(vocab: Vocab, *rows: str) -> Doc:
    """A parsed Doc from rows of ``word head dep pos tag lemma [entity]``.

    ``entity`` is a label such as ``GPE`` (starting an entity) or ``I-PERSON``
    (continuing the one before).
    """
    table = [row.split() for row in rows]
    for number, cells in enumerate(table):
        assert len(cells) in {6, 7}, f"row {number} needs 6 or 7 cells: {cells}"
    heads = [int(cells[1]) for cells in table]
    deps = [cells[2] for cells in table]
    _check_tree(heads, deps)
    words = [cells[0] for cells in table]
    entities = [cells[6] if len(cells) == 7 else "O" for cells in table]
    return Doc(
        vocab,
        words=words,
        spaces=[i + 1 < len(words) and words[i + 1] not in _ATTACHED for i in range(len(words))],
        heads=heads,
        deps=deps,
        pos=[cells[3] for cells in table],
        tags=[cells[4] for cells in table],
        lemmas=[cells[5] for cells in table],
        ents=[e if e == "O" or e.startswith("I-") else f"B-{e}" for e in entities],
    )


def _check_tree(heads: list[int], deps: list[str]) -> None:
    """A slip in a hand-written head index must fail loudly, not test another parse."""
    for i, (head, dep) in enumerate(zip(heads, deps, strict=True)):
        assert 0 <= head < len(heads), f"token {i}: head {head} is outside the sentence"
        assert (head == i) == (dep == "ROOT"), f"token {i}: only the ROOT is its own head"
        seen = {i}
        while heads[head] != head:
            assert head not in seen, f"token {i}: its heads go round in a circle"
            seen.add(head)
            head = heads[head]


def mention(
    event_type: str,
    start: int,
    end: int | None = None,
    *,
    anchor: int | None = None,
    subtype: str | None = None,
    subject_is_target: bool = False,
    subtype_given: bool = False,
) -> DetectedTrigger:
    """A detected trigger on tokens ``start``..``end`` (exclusive; one token by default)."""
    return DetectedTrigger(
        type=event_type,
        subtype=subtype,
        start=start,
        end=start + 1 if end is None else end,
        anchor=start if anchor is None else anchor,
        confidence=0.75,
        subject_is_target=subject_is_target,
        subtype_given=subtype_given,
    )


@dataclass
class Rules:
    """The lexicon and stages the Extractor builds, without its model."""

    vocab: Vocab
    lexicon: Lexicon
    gazetteer: Gazetteer
    arguments: ArgumentFinder
    modality: ModalityDetector
    stages: tuple

    @classmethod
    def build(cls) -> Rules:
        vocab = spacy.blank("en").vocab
        lexicon = default_lexicon()
        arguments = ArgumentFinder(lexicon)
        modality = ModalityDetector(lexicon)
        # The Extractor's stages, in its order (checked by test_stages_run_in_the_extractors_order).
        stages = (
            ContentStage(lexicon, modality),
            ModalityStage(modality),
            RecodeStage(lexicon, modality),
            GenericStage(lexicon),
            RoleStage(arguments),
            RealisStage(lexicon, modality, arguments),
            KeptOpenStage(lexicon, modality, arguments),
            SubtypeStage(lexicon),
            TimeStage(TimeAttacher(TimeNormalizer()), lexicon),
            ConfidenceStage(lexicon),
        )
        return cls(vocab, lexicon, Gazetteer(lexicon, vocab), arguments, modality, stages)

    def doc(self, *rows: str) -> Doc:
        return parse(self.vocab, *rows)

    def context(self, doc: Doc) -> DocContext:
        return DocContext.build(doc, self.gazetteer)

    def run(self, doc: Doc, trigger: DetectedTrigger, *others: DetectedTrigger, ctx=None) -> EventDraft | None:
        """The draft after every stage, or None if a stage found the mention is no event;
        ``others`` are the other mentions the detector found in the doc."""
        ctx = ctx or self.context(doc)
        ctx.triggers = {t.anchor: t.type for t in (trigger, *others)}
        draft = EventDraft.start(doc, trigger, None, self.lexicon.cue_words("events", "anaphoric_dets"))
        for stage in self.stages:
            draft = stage(draft, ctx)
            if draft is None:
                return None
        return draft

    def roles(self, doc: Doc, trigger: DetectedTrigger) -> Roles:
        draft = self.run(doc, trigger)
        assert draft is not None, "the mention was dropped"
        return draft.roles

    def modality_of(self, doc: Doc, trigger: DetectedTrigger) -> Modality:
        """What the modality stage alone says, before realis may drop the mention."""
        anchor = doc[trigger.anchor]
        draft = EventDraft.start(doc, trigger, None, frozenset())
        return self.modality.detect(anchor, draft.verb, trigger.type)


@pytest.fixture(scope="module")
def rules() -> Rules:
    return Rules.build()


def who(actors: list[Actor]) -> list[tuple[str, str | None]]:
    """Actors as (text, country), in order."""
    return [(a.text, a.country) for a in actors]


def test_stages_run_in_the_extractors_order(rules):
    # The hand path must mirror the Extractor, or these tests test something else.
    extractor_order = re.findall(r"(\w+Stage)\(", inspect.getsource(Extractor.__init__))
    assert extractor_order == [type(stage).__name__ for stage in rules.stages]


def test_the_parse_helper_builds_the_tree_it_is_given(rules):
    doc = rules.doc(
        "Russia  1 nsubj PROPN NNP Russia  GPE",
        "accused 1 ROOT  VERB  VBD accuse",
        "Ukraine 1 dobj  PROPN NNP Ukraine GPE",
        ".       1 punct PUNCT .   .",
    )
    assert doc.text == "Russia accused Ukraine."
    assert [(t.head.i, t.dep_, t.lemma_) for t in doc] == [
        (1, "nsubj", "Russia"),
        (1, "ROOT", "accuse"),
        (1, "dobj", "Ukraine"),
        (1, "punct", "."),
    ]
    assert [(e.text, e.label_) for e in doc.ents] == [("Russia", "GPE"), ("Ukraine", "GPE")]
    assert [s.text for s in doc.sents] == ["Russia accused Ukraine."]


# -- roles --------------------------------------------------------------------


def test_active_verb_subject_is_the_source_and_object_the_target(rules):
    doc = rules.doc(
        "Russia  1 nsubj PROPN NNP Russia  GPE",
        "accused 1 ROOT  VERB  VBD accuse",
        "Ukraine 1 dobj  PROPN NNP Ukraine GPE",
        "of      1 prep  ADP   IN  of",
        "lying   3 pcomp VERB  VBG lie",
        ".       1 punct PUNCT .   .",
    )
    roles = rules.roles(doc, mention("accusation", 1))

    assert who(roles.source) == [("Russia", "RUS")]
    assert who(roles.target) == [("Ukraine", "UKR")]
    assert roles.participants == []


def test_passive_subject_is_the_target_and_the_by_agent_the_source(rules):
    doc = rules.doc(
        "Kyiv     2 nsubjpass PROPN NNP Kyiv   GPE",
        "was      2 auxpass   AUX   VBD be",
        "attacked 2 ROOT      VERB  VBN attack",
        "by       2 agent     ADP   IN  by",
        "Russia   3 pobj      PROPN NNP Russia GPE",
        ".        2 punct     PUNCT .   .",
    )
    draft = rules.run(doc, mention("attack", 2, subtype="ground_assault"))

    assert draft is not None and draft.type == "attack"
    assert who(draft.roles.target) == [("Kyiv", "UKR")]
    assert who(draft.roles.source) == [("Russia", "RUS")]
    assert (draft.modality.polarity, draft.modality.status) == ("positive", "asserted")


def test_conjoined_subjects_of_a_meeting_are_both_participants_and_nobody_is_the_source(rules):
    doc = rules.doc(
        "Biden  3 nsubj PROPN NNP Biden  PERSON",
        "and    0 cc    CCONJ CC  and",
        "Scholz 0 conj  PROPN NNP Scholz PERSON",
        "met    3 ROOT  VERB  VBD meet",
        ".      3 punct PUNCT .   .",
    )
    roles = rules.roles(doc, mention("meeting", 3, subtype="talks"))

    assert [a.canonical for a in roles.participants] == ["Joe Biden", "Olaf Scholz"]
    assert roles.source == [] and roles.target == []


def test_a_meeting_partner_after_with_is_a_participant_and_in_names_the_place(rules):
    doc = rules.doc(
        "Biden  1 nsubj PROPN NNP Biden  PERSON",
        "met    1 ROOT  VERB  VBD meet",
        "with   1 prep  ADP   IN  with",
        "Scholz 2 pobj  PROPN NNP Scholz PERSON",
        "in     1 prep  ADP   IN  in",
        "Berlin 4 pobj  PROPN NNP Berlin GPE",
        ".      1 punct PUNCT .   .",
    )
    roles = rules.roles(doc, mention("meeting", 1, subtype="talks"))

    assert [a.canonical for a in roles.participants] == ["Joe Biden", "Olaf Scholz"]
    assert roles.location is not None and (roles.location.text, roles.location.country) == ("Berlin", "DEU")


# Joint acts of conjoined parties: "Russia and Ukraine agreed.", "Russia and Belarus held joint drills."
JOINT_ACTS = [
    pytest.param(
        "agreement",
        3,
        {"RUS", "UKR"},
        (
            "Russia  3 nsubj PROPN NNP Russia  GPE",
            "and     0 cc    CCONJ CC  and",
            "Ukraine 0 conj  PROPN NNP Ukraine GPE",
            "agreed  3 ROOT  VERB  VBD agree",
            ".       3 punct PUNCT .   .",
        ),
        id="agreed",
    ),
    pytest.param(
        "exercise",
        6,
        {"RUS", "BLR"},
        (
            "Russia  3 nsubj PROPN NNP Russia  GPE",
            "and     0 cc    CCONJ CC  and",
            "Belarus 0 conj  PROPN NNP Belarus GPE",
            "held    3 ROOT  VERB  VBD hold",
            "joint   6 amod  ADJ   JJ  joint",
            "military 6 amod ADJ   JJ  military",
            "drills  3 dobj  NOUN  NNS drill",
            ".       3 punct PUNCT .   .",
        ),
        id="held-joint-drills",
    ),
]


@pytest.mark.parametrize(("event_type", "anchor", "countries", "rows"), JOINT_ACTS)
def test_both_conjoined_parties_of_a_joint_act_are_named(rules, event_type, anchor, countries, rows):
    roles = rules.roles(rules.doc(*rows), mention(event_type, anchor))

    named = roles.source + roles.target + roles.participants
    assert len(named) == 2 and {a.country for a in named} == countries


@pytest.mark.parametrize(("event_type", "anchor", "countries", "rows"), JOINT_ACTS)
def test_the_parties_of_a_joint_act_are_participants_not_a_source(rules, event_type, anchor, countries, rows):
    roles = rules.roles(rules.doc(*rows), mention(event_type, anchor))

    assert {a.country for a in roles.participants} == countries
    assert roles.source == [] and roles.target == []


def test_a_noun_triggers_possessor_is_its_source_not_the_subject_of_its_verb(rules):
    doc = rules.doc(
        "NATO       1 nsubj PROPN NNP NATO       ORG",
        "condemned  1 ROOT  VERB  VBD condemn",
        "Russia     4 poss  PROPN NNP Russia     GPE",
        "'s         2 case  PART  POS 's",
        "deployment 1 dobj  NOUN  NN  deployment",
        "to         4 prep  ADP   IN  to",
        "Belarus    5 pobj  PROPN NNP Belarus    GPE",
        ".          1 punct PUNCT .   .",
    )
    roles = rules.roles(doc, mention("deployment", 4, subtype="deployment"))

    assert who(roles.source) == [("Russia", "RUS")]
    # Where the forces go is the place of a deployment, not whom it targets.
    assert roles.target == []
    assert roles.location is not None and (roles.location.text, roles.location.country) == ("Belarus", "BLR")


def test_a_noun_trigger_takes_its_verbs_subject_and_its_own_on_target(rules):
    doc = rules.doc(
        "Russia   1 nsubj PROPN NNP Russia GPE",
        "launched 1 ROOT  VERB  VBD launch",
        "an       3 det   DET   DT  an",
        "attack   1 dobj  NOUN  NN  attack",
        "on       3 prep  ADP   IN  on",
        "Kyiv     4 pobj  PROPN NNP Kyiv   GPE",
        ".        1 punct PUNCT .   .",
    )
    roles = rules.roles(doc, mention("attack", 3, subtype="ground_assault"))

    assert who(roles.source) == [("Russia", "RUS")]
    assert who(roles.target) == [("Kyiv", "UKR")]


def test_to_x_after_a_verb_is_the_target_of_aid(rules):
    doc = rules.doc(
        "Britain 1 nsubj PROPN NNP Britain GPE",
        "sent    1 ROOT  VERB  VBD send",
        "weapons 1 dobj  NOUN  NNS weapon",
        "to      1 prep  ADP   IN  to",
        "Ukraine 3 pobj  PROPN NNP Ukraine GPE",
        ".       1 punct PUNCT .   .",
    )
    roles = rules.roles(doc, mention("aid", 1, subtype="military"))

    assert who(roles.source) == [("Britain", "GBR")]
    assert who(roles.target) == [("Ukraine", "UKR")]


def test_to_x_after_a_deployment_verb_is_the_place_and_the_forces_moved_are_no_target(rules):
    doc = rules.doc(
        "Russia   1 nsubj   PROPN NNP Russia  GPE",
        "deployed 1 ROOT    VERB  VBD deploy",
        "30,000   3 nummod  NUM   CD  30,000  CARDINAL",
        "troops   1 dobj    NOUN  NNS troop",
        "to       1 prep    ADP   IN  to",
        "Belarus  4 pobj    PROPN NNP Belarus GPE",
        ".        1 punct   PUNCT .   .",
    )
    roles = rules.roles(doc, mention("deployment", 1, subtype="deployment"))

    assert who(roles.source) == [("Russia", "RUS")]
    assert roles.target == []
    assert roles.location is not None and roles.location.country == "BLR"
    assert roles.force is not None
    assert (roles.force.size, roles.force.text) == (30000, "30,000 troops")


# "5,000 Russian troops were deployed."
RUSSIAN_TROOPS_WERE_DEPLOYED = (
    "5,000    2 nummod    NUM   CD  5,000    CARDINAL",
    "Russian  2 amod      ADJ   JJ  russian  NORP",
    "troops   4 nsubjpass NOUN  NNS troop",
    "were     4 auxpass   AUX   VBD be",
    "deployed 4 ROOT      VERB  VBN deploy",
    ".        4 punct     PUNCT .   .",
)


def test_russian_troops_were_deployed_names_russia_as_the_source_and_counts_the_troops(rules):
    roles = rules.roles(rules.doc(*RUSSIAN_TROOPS_WERE_DEPLOYED), mention("deployment", 4, subtype="deployment"))

    assert [a.country for a in roles.source] == ["RUS"]
    assert roles.force is not None and roles.force.size == 5000


def test_forces_deployed_in_the_passive_are_not_the_target(rules):
    roles = rules.roles(rules.doc(*RUSSIAN_TROOPS_WERE_DEPLOYED), mention("deployment", 4, subtype="deployment"))

    assert roles.target == []


def test_when_the_subject_receives_the_act_it_is_the_target_and_the_speaker_the_source(rules):
    # "pay a heavy price" is a threat to its subject (triggers.yaml: subject_is: target).
    doc = rules.doc(
        "Russia 2 nsubj PROPN NNP Russia GPE",
        "will   2 aux   AUX   MD  will",
        "pay    8 ccomp VERB  VB  pay",
        "a      5 det   DET   DT  a",
        "heavy  5 amod  ADJ   JJ  heavy",
        "price  2 dobj  NOUN  NN  price",
        ",      8 punct PUNCT ,   ,",
        "Biden  8 nsubj PROPN NNP Biden  PERSON",
        "warned 8 ROOT  VERB  VBD warn",
        ".      8 punct PUNCT .   .",
    )
    trigger = mention("warning", 2, 6, anchor=2, subtype="threat", subject_is_target=True, subtype_given=True)
    draft = rules.run(doc, trigger)

    assert draft is not None and (draft.type, draft.subtype) == ("warning", "threat")
    assert who(draft.roles.target) == [("Russia", "RUS")]
    assert [a.canonical for a in draft.roles.source] == ["Joe Biden"]


def test_without_the_inversion_the_same_subject_is_the_source(rules):
    doc = rules.doc(
        "Russia  1 nsubj PROPN NNP Russia  GPE",
        "warned  1 ROOT  VERB  VBD warn",
        "Ukraine 1 dobj  PROPN NNP Ukraine GPE",
        ".       1 punct PUNCT .   .",
    )
    roles = rules.roles(doc, mention("warning", 1, subtype="threat"))

    assert who(roles.source) == [("Russia", "RUS")]
    assert who(roles.target) == [("Ukraine", "UKR")]


# -- modality -------------------------------------------------------------------


def test_did_not_meet_is_negative(rules):
    doc = rules.doc(
        "Biden  3 nsubj PROPN NNP Biden  PERSON",
        "did    3 aux   AUX   VBD do",
        "not    3 neg   PART  RB  not",
        "meet   3 ROOT  VERB  VB  meet",
        "Scholz 3 dobj  PROPN NNP Scholz PERSON",
        ".      3 punct PUNCT .   .",
    )
    draft = rules.run(doc, mention("meeting", 3, subtype="talks"))

    assert draft is not None
    assert (draft.modality.polarity, draft.modality.status) == ("negative", "asserted")


def test_will_meet_is_planned(rules):
    doc = rules.doc(
        "Biden  2 nsubj PROPN NNP Biden  PERSON",
        "will   2 aux   AUX   MD  will",
        "meet   2 ROOT  VERB  VB  meet",
        "Scholz 2 dobj  PROPN NNP Scholz PERSON",
        ".      2 punct PUNCT .   .",
    )
    draft = rules.run(doc, mention("meeting", 2, subtype="talks"))

    assert draft is not None
    assert (draft.modality.polarity, draft.modality.status) == ("positive", "planned")


def test_refused_to_meet_is_negative(rules):
    doc = rules.doc(
        "Putin   1 nsubj PROPN NNP Putin PERSON",
        "refused 1 ROOT  VERB  VBD refuse",
        "to      3 aux   PART  TO  to",
        "meet    1 xcomp VERB  VB  meet",
        "Biden   3 dobj  PROPN NNP Biden PERSON",
        ".       1 punct PUNCT .   .",
    )
    draft = rules.run(doc, mention("meeting", 3, subtype="talks"))

    assert draft is not None
    assert draft.modality.polarity == "negative"


# "Germany has refused to provide arms ... and instead offered 5,000 helmets" (seed 003).
REFUSED_AND_OFFERED = (
    "Germany 1 nsubj PROPN NNP Germany GPE",
    "refused 1 ROOT  VERB  VBD refuse",
    "to      3 aux   PART  TO  to",
    "send    1 xcomp VERB  VB  send",
    "weapons 3 dobj  NOUN  NNS weapon",
    "and     1 cc    CCONJ CC  and",
    "offered 1 conj  VERB  VBD offer",
    "helmets 6 dobj  NOUN  NNS helmet",
    ".       1 punct PUNCT .   .",
)


def test_what_is_refused_is_negative(rules):
    draft = rules.run(rules.doc(*REFUSED_AND_OFFERED), mention("aid", 3, subtype="military"))

    assert draft is not None and draft.modality.polarity == "negative"


def test_an_act_conjoined_with_a_refusal_is_not_refused(rules):
    draft = rules.run(rules.doc(*REFUSED_AND_OFFERED), mention("aid", 6, subtype="military"))

    assert draft is not None
    assert (draft.modality.polarity, draft.modality.status) == ("positive", "asserted")
    assert who(draft.roles.source) == [("Germany", "DEU")]


# "If Russia invades Ukraine, it will pay."
IF_RUSSIA_INVADES = (
    "If      2 mark   SCONJ IN  if",
    "Russia  2 nsubj  PROPN NNP Russia  GPE",
    "invades 7 advcl  VERB  VBZ invade",
    "Ukraine 2 dobj   PROPN NNP Ukraine GPE",
    ",       7 punct  PUNCT ,   ,",
    "it      7 nsubj  PRON  PRP it",
    "will    7 aux    AUX   MD  will",
    "pay     7 ROOT   VERB  VB  pay",
    ".       7 punct  PUNCT .   .",
)


def test_an_attack_in_an_if_clause_is_conditional(rules):
    doc = rules.doc(*IF_RUSSIA_INVADES)

    assert rules.modality_of(doc, mention("attack", 2, subtype="ground_assault")).status == "conditional"


def test_realis_drops_a_conditional_attack(rules):
    assert rules.run(rules.doc(*IF_RUSSIA_INVADES), mention("attack", 2, subtype="ground_assault")) is None


def test_a_warning_whose_clause_carries_an_if_clause_is_a_conditional_threat(rules):
    doc = rules.doc(
        "Biden   1 nsubj  PROPN NNP Biden   PERSON",
        "warned  1 ROOT   VERB  VBD warn",
        "Russia  1 dobj   PROPN NNP Russia  GPE",
        "of      1 prep   ADP   IN  of",
        "severe  5 amod   ADJ   JJ  severe",
        "consequences 3 pobj NOUN NNS consequence",
        "if      8 mark   SCONJ IN  if",
        "it      8 nsubj  PRON  PRP it",
        "invades 1 advcl  VERB  VBZ invade",
        ".       1 punct  PUNCT .   .",
    )
    draft = rules.run(doc, mention("warning", 1, subtype="threat"))

    assert draft is not None
    assert (draft.type, draft.subtype, draft.modality.status) == ("warning", "threat", "conditional")
    assert [a.canonical for a in draft.roles.source] == ["Joe Biden"]
    assert who(draft.roles.target) == [("Russia", "RUS")]


def test_a_warning_without_consequences_or_condition_is_an_alarm(rules):
    doc = rules.doc(
        "Officials 1 nsubj NOUN  NNS official",
        "warned    1 ROOT  VERB  VBD warn",
        "of        1 prep  ADP   IN  of",
        "an        4 det   DET   DT  an",
        "invasion  2 pobj  NOUN  NN  invasion",
        ".         1 punct PUNCT .   .",
    )
    draft = rules.run(doc, mention("warning", 1, subtype="threat"))

    assert draft is not None and (draft.type, draft.subtype) == ("warning", "alarm")


# "Moscow denies planning an attack."
DENIES_PLANNING_AN_ATTACK = (
    "Moscow   1 nsubj PROPN NNP Moscow GPE",
    "denies   1 ROOT  VERB  VBZ deny",
    "planning 1 xcomp VERB  VBG plan",
    "an       4 det   DET   DT  an",
    "attack   2 dobj  NOUN  NN  attack",
    ".        1 punct PUNCT .   .",
)


def test_an_attack_someone_denies_planning_is_reported_denied(rules):
    doc = rules.doc(*DENIES_PLANNING_AN_ATTACK)

    assert rules.modality_of(doc, mention("attack", 4, subtype="ground_assault")).status == "reported_denied"
    # A denied material act is no event.
    assert rules.run(doc, mention("attack", 4, subtype="ground_assault")) is None


def test_the_denial_itself_is_an_asserted_rejection_by_the_denier(rules):
    draft = rules.run(rules.doc(*DENIES_PLANNING_AN_ATTACK), mention("rejection", 1, subtype="denial"))

    assert draft is not None and draft.type == "rejection"
    assert (draft.modality.polarity, draft.modality.status) == ("positive", "asserted")
    assert who(draft.roles.source) == [("Moscow", "RUS")]


def test_a_rejection_conjoined_with_a_denial_is_not_reported_denied(rules):
    # types.yaml: a rejection is not deniable, so the denial beside it does not make it reported_denied.
    doc = rules.doc(
        "Moscow  1 nsubj PROPN NNP Moscow GPE",
        "denies  1 ROOT  VERB  VBZ deny",
        "the     3 det   DET   DT  the",
        "claims  1 dobj  NOUN  NNS claim",
        "and     1 cc    CCONJ CC  and",
        "rejects 1 conj  VERB  VBZ reject",
        "the     7 det   DET   DT  the",
        "demands 5 dobj  NOUN  NNS demand",
        ".       1 punct PUNCT .   .",
    )
    draft = rules.run(doc, mention("rejection", 5, subtype="rejection"))

    assert draft is not None
    assert (draft.modality.polarity, draft.modality.status) == ("positive", "asserted")
    assert who(draft.roles.source) == [("Moscow", "RUS")]


def test_an_attack_conjoined_with_a_denial_is_still_an_attack(rules):
    doc = rules.doc(
        "Russia   1 nsubj PROPN NNP Russia GPE",
        "denied   1 ROOT  VERB  VBD deny",
        "the      3 det   DET   DT  the",
        "report   1 dobj  NOUN  NN  report",
        "and      1 cc    CCONJ CC  and",
        "attacked 1 conj  VERB  VBD attack",
        "Kyiv     5 dobj  PROPN NNP Kyiv   GPE",
        ".        1 punct PUNCT .   .",
    )
    draft = rules.run(doc, mention("attack", 5, subtype="ground_assault"))

    assert draft is not None
    assert draft.modality.status == "asserted"
    assert who(draft.roles.source) == [("Russia", "RUS")]
    assert who(draft.roles.target) == [("Kyiv", "UKR")]


# -- realis: material acts that do not happen ------------------------------------


def test_an_attack_someone_acts_to_prevent_is_dropped(rules):
    doc = rules.doc(
        "NATO    1 nsubj PROPN NNP NATO ORG",
        "acted   1 ROOT  VERB  VBD act",
        "to      3 aux   PART  TO  to",
        "prevent 1 advcl VERB  VB  prevent",
        "an      5 det   DET   DT  an",
        "attack  3 dobj  NOUN  NN  attack",
        ".       1 punct PUNCT .   .",
    )
    assert rules.run(doc, mention("attack", 5, subtype="ground_assault")) is None


def test_an_attack_officials_say_could_come_is_their_alarm_about_the_attacker(rules):
    doc = rules.doc(
        "Russia    2 nsubj PROPN NNP Russia GPE",
        "could     2 aux   AUX   MD  could",
        "attack    6 ccomp VERB  VB  attack",
        "Kyiv      2 dobj  PROPN NNP Kyiv   GPE",
        ",         6 punct PUNCT ,   ,",
        "officials 6 nsubj NOUN  NNS official",
        "said      6 ROOT  VERB  VBD say",
        ".         6 punct PUNCT .   .",
    )
    draft = rules.run(doc, mention("attack", 2, subtype="ground_assault"))

    assert draft is not None
    assert (draft.type, draft.subtype, draft.modality.status) == ("warning", "alarm", "asserted")
    assert [a.text for a in draft.roles.source] == ["officials"]
    assert who(draft.roles.target) == [("Russia", "RUS")]


def test_an_attack_announced_by_its_own_side_is_a_threat(rules):
    doc = rules.doc(
        "Putin  1 nsubj PROPN NNP Putin  PERSON",
        "said   1 ROOT  VERB  VBD say",
        "Russia 4 nsubj PROPN NNP Russia GPE",
        "will   4 aux   AUX   MD  will",
        "attack 1 ccomp VERB  VB  attack",
        "Kyiv   4 dobj  PROPN NNP Kyiv   GPE",
        ".      1 punct PUNCT .   .",
    )
    draft = rules.run(doc, mention("attack", 4, subtype="ground_assault"))

    assert draft is not None and (draft.type, draft.subtype) == ("warning", "threat")
    assert [a.canonical for a in draft.roles.source] == ["Vladimir Putin"]
    assert who(draft.roles.target) == [("Kyiv", "UKR")]


def test_not_ruling_out_sanctions_against_putin_keeps_a_threat_open(rules):
    doc = rules.doc(
        "The       1 det   DET   DT  the",
        "UK        4 nsubj PROPN NNP UK        GPE",
        "is        4 aux   AUX   VBZ be",
        "not       4 neg   PART  RB  not",
        "ruling    4 ROOT  VERB  VBG rule",
        "out       4 prt   ADP   RP  out",
        "sanctions 4 dobj  NOUN  NNS sanction",
        "against   6 prep  ADP   IN  against",
        "Putin     7 pobj  PROPN NNP Putin     PERSON",
        ".         4 punct PUNCT .   .",
    )
    draft = rules.run(doc, mention("rejection", 4, 6, subtype="rejection", subtype_given=True))

    assert draft is not None
    assert (draft.type, draft.subtype) == ("warning", "threat")
    assert (draft.modality.polarity, draft.modality.status) == ("positive", "asserted")
    assert who(draft.roles.source) == [("UK", "GBR")]
    assert [a.canonical for a in draft.roles.target] == ["Vladimir Putin"]


# -- the rule trigger finder ------------------------------------------------------


def _found(rules: Rules, doc: Doc) -> list[tuple[str, str]]:
    return [(t.type, doc[t.start : t.end].text) for t in RuleDetector(rules.lexicon, rules.vocab).detect(doc)]


def test_sending_troops_is_a_deployment(rules):
    doc = rules.doc(
        "Russia 1 nsubj PROPN NNP Russia GPE",
        "sent   1 ROOT  VERB  VBD send",
        "troops 1 dobj  NOUN  NNS troop",
        ".      1 punct PUNCT .   .",
    )
    assert _found(rules, doc) == [("deployment", "sent")]


def test_sending_weapons_is_aid(rules):
    doc = rules.doc(
        "Britain 1 nsubj PROPN NNP Britain GPE",
        "sent    1 ROOT  VERB  VBD send",
        "weapons 1 dobj  NOUN  NNS weapon",
        ".       1 punct PUNCT .   .",
    )
    assert _found(rules, doc) == [("aid", "sent")]


def test_drills_are_an_exercise_but_a_noun_modifying_a_noun_is_a_kind_not_an_act(rules):
    drills = rules.doc(
        "Russia 1 nsubj PROPN NNP Russia GPE",
        "held   1 ROOT  VERB  VBD hold",
        "drills 1 dobj  NOUN  NNS drill",
        ".      1 punct PUNCT .   .",
    )
    helicopter = rules.doc(
        "Russia     1 nsubj    PROPN NNP Russia GPE",
        "lost       1 ROOT     VERB  VBD lose",
        "an         4 det      DET   DT  an",
        "attack     4 compound NOUN  NN  attack",
        "helicopter 1 dobj     NOUN  NN  helicopter",
        ".          1 punct    PUNCT .   .",
    )
    assert _found(rules, drills) == [("exercise", "drills")]
    assert _found(rules, helicopter) == []


# "The US warned Russia against an incursion."
WARNED_AGAINST_INCURSION = (
    "The       1 det   DET   DT  the",
    "US        2 nsubj PROPN NNP US GPE",
    "warned    2 ROOT  VERB  VBD warn",
    "Russia    2 dobj  PROPN NNP Russia GPE",
    "against   2 prep  ADP   IN  against",
    "an        6 det   DET   DT  an",
    "incursion 4 pobj  NOUN  NN  incursion",
    ".         2 punct PUNCT .   .",
)


def test_what_a_warning_is_about_is_its_content_not_an_event(rules):
    doc = rules.doc(*WARNED_AGAINST_INCURSION)
    warning = mention("warning", 2, subtype="threat")
    ctx = rules.context(doc)

    attack = rules.run(doc, mention("attack", 6, subtype="ground_assault"), warning, ctx=ctx)

    assert attack is None
    (content,) = ctx.contents[2]
    assert (content.type, content.trigger.text, content.modality.status) == ("attack", "incursion", "hypothetical")
    warned = rules.run(doc, warning, mention("attack", 6, subtype="ground_assault"), ctx=ctx)
    assert warned is not None and who(warned.roles.target) == [("Russia", "RUS")]
