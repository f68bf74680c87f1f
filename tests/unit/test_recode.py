"""Acts recoded the way codebooks do (stages.RecodeStage, cues.yaml ``recode``): one test per rule."""

from __future__ import annotations

import pytest


def only(extractor, text: str, event_type: str):
    found = [e for e in extractor.extract(text).events if e.type == event_type]
    assert len(found) == 1, [(e.type, e.trigger.text) for e in extractor.extract(text).events]
    return found[0]


@pytest.mark.parametrize(
    "text",
    [
        "The United States halted military aid to Ukraine.",
        "Washington suspended aid to Niger.",
        "Israel froze aid to Gaza.",
    ],
)
def test_stopped_aid_is_a_sanction(extractor, text):
    events = extractor.extract(text).events

    assert [e.type for e in events] == ["sanction"]
    assert events[0].modality.polarity == "positive" and events[0].modality.status == "asserted"
    assert events[0].source and events[0].source[0].country in {"USA", "ISR"}


def test_a_cancelled_visit_is_a_rejection_by_who_cancelled_it(extractor):
    events = extractor.extract("Macron cancelled a planned visit to Algeria.").events

    assert [e.type for e in events] == ["rejection"]
    assert [a.canonical for a in events[0].source] == ["Emmanuel Macron"]
    assert events[0].modality.status == "asserted"  # the cancelling happened; the visit was the plan


def test_calling_off_talks_is_a_rejection(extractor):
    rejection = only(extractor, "Trump called off talks with Iran.", "rejection")

    assert [a.country for a in rejection.target] == ["IRN"]


def test_calling_for_talks_is_not(extractor):
    assert not [e for e in extractor.extract("Trump called for talks with Iran.").events if e.type == "rejection"]


def test_failing_to_reach_an_agreement_is_a_rejection(extractor):
    events = extractor.extract("The two sides failed to reach an agreement.").events

    assert [e.type for e in events] == ["rejection"]


def test_being_opposed_to_mediation_is_a_rejection_by_the_opponent(extractor):
    rejection = only(extractor, "Russia is opposed to mediation by Turkey.", "rejection")

    assert [a.country for a in rejection.source] == ["RUS"]


def test_will_not_accept_is_a_positive_rejection(extractor):
    events = extractor.extract("Iran will not accept the proposal.").events

    assert [(e.type, e.modality.polarity) for e in events] == [("rejection", "positive")]
    assert [a.country for a in events[0].source] == ["IRN"]


def test_no_agreement_is_not_someone_refusing(extractor):
    text = "The president's term expired with no agreement on how to replace him."
    assert not [e for e in extractor.extract(text).events if e.type == "rejection"]


def test_must_agree_is_a_demand_of_the_subject(extractor):
    demand = only(extractor, "Kyiv must agree to the terms, Moscow said.", "demand")

    assert [a.country for a in demand.source] == ["RUS"]
    assert [a.country for a in demand.target] == ["UKR"]
    assert not [
        e for e in extractor.extract("Kyiv must agree to the terms, Moscow said.").events if e.type == "agreement"
    ]


def test_a_withdrawal_unless_something_happens_is_a_conditional_threat(extractor):
    warning = only(extractor, "Russia will withdraw its troops unless NATO stops expanding.", "warning")

    assert (warning.subtype, warning.modality.status) == ("threat", "conditional")
    assert [a.country for a in warning.source] == ["RUS"]


def test_a_withdrawal_that_happened_stays_a_withdrawal(extractor):
    events = extractor.extract("Russia withdrew its troops from Kherson.").events

    assert [e.type for e in events] == ["withdrawal"]


@pytest.mark.parametrize(
    ("text", "trigger", "source", "target"),
    [
        (
            "Rebutting the claim, Balkhi said Islamabad must address internal issues.",
            "must address",
            "Balkhi",
            "Islamabad",
        ),
        (
            "The foreign minister said that Israel must withdraw from the occupied territories.",
            "must withdraw",
            "foreign minister",
            "Israel",
        ),
        ("Washington announced that Tehran must halt enrichment.", "must halt", "Washington", "Tehran"),
        # what is asked may be negated; the demand is still made
        (
            "The Thai government shouldn't give these people back to China, the activist said.",
            "shouldn't give",
            "activist",
            "Thai government",
        ),
    ],
)
def test_a_party_told_what_it_must_do_is_the_target_of_a_demand(extractor, text, trigger, source, target):
    events = extractor.extract(text).events

    assert [e.type for e in events] == ["demand"]  # the act demanded is no event of its own
    demand = events[0]
    assert demand.trigger.text == trigger
    assert (demand.modality.polarity, demand.modality.status) == ("positive", "asserted")
    assert [a.text for a in demand.source] == [source]
    assert demand.target[0].text == target


@pytest.mark.parametrize(
    "text",
    [
        "We must do more, the minister said.",  # no party named: the speaker's own resolve
        "The U.S. and our allies must take a long-term approach, he said.",
        "Talks must continue, Scholz said.",  # an act, not a party, is the subject
        "Do you think Taiwan should upgrade its military?",
        "Analysts debated whether Mnangagwa should seek a third term.",
        "Russia should be worried, the analyst said.",
    ],
)
def test_must_and_should_alone_are_no_demand(extractor, text):
    assert "demand" not in [e.type for e in extractor.extract(text).events]


def test_a_modal_clause_under_a_demand_verb_is_that_demand(extractor):
    events = extractor.extract("Trump demanded that Ottawa must immediately drop the tariff.").events

    assert [(e.type, e.trigger.text) for e in events] == [("demand", "demanded")]


@pytest.mark.parametrize(
    ("text", "accused"),
    [
        ("Two Ivorian soldiers and a mercenary from Belarus stand accused of the 2004 bombing.", "Ivorian soldiers"),
        ("The opposition leader faces charges of treason, prosecutors said.", "opposition leader"),
        # "accused" parsed as the adjective complement of "stands"
        ("Lai stands accused of collusion with foreign forces.", "Lai"),
    ],
)
def test_who_faces_charges_is_the_accused(extractor, text, accused):
    accusation = only(extractor, text, "accusation")
    assert [a.text for a in accusation.target] == [accused]
    assert accused not in [a.text for a in accusation.source]


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("The EU warned that the Somali government's actions would divide the country.", "Somali government"),
        ("Biden warned that Russia could invade at any time.", "Russia"),
    ],
)
def test_a_warning_is_aimed_at_whom_it_is_about(extractor, text, target):
    warning = only(extractor, text, "warning")
    assert [a.text for a in warning.target] == [target]


def test_a_report_after_a_warning_is_not_what_it_is_about(extractor):
    text = "Ukraine will fight back if Russia decides to fight, warned foreign minister Dymtro Kuleba said on Thursday."
    warning = only(extractor, text, "warning")
    assert [a.text for a in warning.target] == ["Russia"]


@pytest.mark.parametrize(
    "text, source, target",
    [
        ("Britain withdrew from the European Union in 2020.", "Britain", ["European Union"]),
        ("Washington pulled out of the nuclear deal in 2018.", "Washington", []),
        ("In late January, Burkina Faso, Mali and Niger withdrew from ECOWAS.", "Burkina Faso", ["ECOWAS"]),
    ],
)
def test_leaving_a_body_or_a_pact_is_a_rejection_of_it(extractor, text, source, target):
    rejection = only(extractor, text, "rejection")
    assert rejection.source[0].text == source
    assert [a.text for a in rejection.target] == target
    assert not [e for e in extractor.extract(text).events if e.type == "withdrawal"]


def test_leaving_a_place_stays_a_withdrawal(extractor):
    withdrawal = only(extractor, "Russian troops withdrew from Kherson.", "withdrawal")
    assert withdrawal.location is not None and withdrawal.location.text == "Kherson"
