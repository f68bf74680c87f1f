"""Trigger coverage and modality of material acts (service/extraction/triggers.py, modality.py)."""

from __future__ import annotations

import pytest


def types_by_trigger(extractor, text: str) -> dict[str, set[str]]:
    """Every mention's trigger words and its event's type (mentions of one act merge)."""
    found: dict[str, set[str]] = {}
    for event in extractor.extract(text).events:
        for mention in event.mentions:
            found.setdefault(mention.trigger.text, set()).add(event.type)
    return found


@pytest.mark.parametrize(
    ("text", "trigger", "event_type"),
    [
        ("Rebels set off a car bomb outside the ministry in Kabul.", "set off a car bomb", "attack"),
        ("Gunmen ambushed a convoy and a firefight followed near the border.", "firefight", "attack"),
        ("The army staged a coup in the capital on Tuesday.", "coup", "attack"),
        ("Separatists seized two journalists in Donetsk.", "seized", "arrest"),
        ("The suspect was jailed for ten years.", "jailed", "arrest"),
        ("The council convened in Brussels to discuss the crisis.", "convened", "meeting"),
        ("He tried to blackmail the minister with the photographs.", "blackmail", "warning"),
        ("Two civilians lost their lives in the shelling.", "lost their lives", "casualties"),
        ("The court sent Navalny to prison for 19 years.", "sent Navalny to prison", "arrest"),
        ("A judge sent him back to jail on Monday.", "sent him back to jail", "arrest"),
        ("Police put the opposition leader behind bars.", "put the opposition leader behind bars", "arrest"),
    ],
)
def test_word_and_phrase_triggers(extractor, text, trigger, event_type):
    assert event_type in types_by_trigger(extractor, text).get(trigger, set())


def test_a_massacre_is_both_an_attack_and_casualties(extractor):
    found = types_by_trigger(extractor, "Soldiers carried out a massacre in the village.")

    assert found["massacre"] == {"attack", "casualties"}


def test_shot_dead_reports_the_shooting_and_the_death(extractor):
    found = types_by_trigger(extractor, "The villagers were shot dead by special forces.")

    assert "casualties" in found["shot dead"]
    assert "attack" in found["shot"]


def test_a_noun_modifying_a_noun_is_not_an_event(extractor):
    found = types_by_trigger(extractor, "Congress debated the death penalty and a new attack helicopter.")

    assert "death" not in found
    assert "attack" not in found


def test_named_wars_are_not_events(extractor):
    assert "War" not in types_by_trigger(extractor, "His grandfather fought in the Vietnam War.")


def test_responsibility_for_the_attacks_is_a_real_attack(extractor):
    # "for" + a definite noun refers to an attack that happened ("for a new offensive" would not).
    events = extractor.extract("The Taliban claimed responsibility for the attacks in Kabul.").events

    attacks = [e for e in events if e.type == "attack"]
    assert [e.trigger.text for e in attacks] == ["attacks"]
    assert attacks[0].modality.status == "asserted"


def test_a_force_for_an_invasion_is_a_hypothetical_attack(extractor):
    events = extractor.extract("Russia has assembled a force for a full-scale invasion.").events

    attacks = [e for e in events if e.type == "attack"]
    assert [(e.trigger.text, e.modality.status) for e in attacks] == [("invasion", "hypothetical")]
    deployment = next(e for e in events if e.type == "deployment")
    assert attacks[0].confidence < deployment.confidence


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("Scores of traders held a sit-in at the market to protest the restrictions.", "protest"),
        ("Hundreds gathered outside parliament to protest the new law.", "protest"),
        (
            "An offensive launched by forces earlier this month, in part to chase the leader, has met with success.",
            "attack",
        ),
    ],
)
def test_an_act_done_stays_an_asserted_event_whatever_governs_it(extractor, text, event_type):
    found = [e for e in extractor.extract(text).events if e.type == event_type]
    assert [e.modality.status for e in found] == ["asserted"]


def test_a_protest_planned_stays_planned(extractor):
    found = [e for e in extractor.extract("The unions plan to protest on Friday.").events if e.type == "protest"]
    assert [e.modality.status for e in found] == ["planned"]


def test_an_intended_attack_keeps_its_status_and_a_denied_one_is_dropped(extractor):
    intended = extractor.extract("The rebels plan to attack the town next week.").events
    denied = extractor.extract("The rebels deny planning an attack on the town.").events

    assert [(e.type, e.modality.status) for e in intended if e.type == "attack"] == [("attack", "planned")]
    assert not [e for e in denied if e.type == "attack"]


def test_an_attack_someone_predicts_is_an_alarm(extractor):
    events = extractor.extract("Residents fear that rebels may attack the town.").events

    assert [(e.type, e.subtype) for e in events] == [("warning", "alarm")]


def test_a_participle_after_a_planned_head_is_not_planned(extractor):
    # "set" plans only with an infinitive ("set to meet"); "set off ..., killing" happened.
    events = extractor.extract("They set off two bombs near the finish line, killing three people.").events

    deaths = [e for e in events if e.type == "casualties"]
    assert [e.trigger.text for e in deaths] == ["killing"]
    assert deaths[0].modality.status == "asserted"


def test_people_shot_are_casualties_of_a_shooting(extractor):
    found = types_by_trigger(extractor, "Two men were shot outside the bar.")

    assert found["shot"] == {"attack", "casualties"}


def test_executing_a_plan_is_not_a_killing(extractor):
    assert "executed" not in types_by_trigger(extractor, "The company executed the plan.")


def test_an_attempt_is_an_act_and_a_claimed_attack_is_not_an_alarm(extractor):
    attempt = extractor.extract("They tried to assassinate the president with two drones.").events
    claimed = extractor.extract("The Taliban claimed responsibility for both attacks.").events

    # The attempt is an attack; the president's death is only what was tried.
    assert [(e.type, e.modality.status) for e in attempt] == [("attack", "asserted"), ("casualties", "hypothetical")]
    assert [(e.type, e.modality.status) for e in claimed] == [("attack", "asserted")]


def test_an_attack_someone_acts_to_prevent_is_not_an_event(extractor):
    events = extractor.extract("Diplomats are meeting in Geneva to prevent a clash between Russia and NATO.").events

    assert [e.type for e in events] == ["meeting"]


@pytest.mark.parametrize(
    "text",
    [
        "What al-Shabab person has a child, she asked.",
        "Pressed on how sure he was, Exantus said police had confirmed it.",
        "Asked by VOA whether the U.S. was considering action, Rubio said no.",
        "They have until Feb. 4 to appeal the High Court's order.",
        "The owner, who requested anonymity for fear of reprisal, told VOA the books were banned.",
    ],
)
def test_a_question_asked_is_no_demand(extractor, text):
    assert not [e for e in extractor.extract(text).events if e.type == "demand"]


@pytest.mark.parametrize(
    "text",
    [
        "Kyiv asked Washington to send more air defense systems.",
        "Ukraine appealed for calm.",
        "The families asked that the men be released.",
    ],
)
def test_asking_someone_to_act_is_a_demand(extractor, text):
    assert [e.type for e in extractor.extract(text).events if e.type == "demand"] == ["demand"]


@pytest.mark.parametrize(
    "text",
    [
        "The company phased out its coal-fired power plants.",
        "Travelers from the pandemic-hit Indian sub-continent face new rules.",
        "Italy, one of the worst-hit areas, closed its borders.",
    ],
)
def test_a_hyphenated_modifier_is_no_act(extractor, text):
    assert not [e for e in extractor.extract(text).events if e.type in {"attack", "casualties"}]


def test_a_hyphenated_act_is_still_an_act(extractor):
    events = extractor.extract("Ukraine launched a counter-attack near Kharkiv.").events

    assert [e.type for e in events] == ["attack"]


@pytest.mark.parametrize(
    "text",
    [
        "Italy has registered 121,177 deaths linked to COVID-19 since the outbreak.",
        "I am trying to see my mom before she dies from COVID.",
        "Tropical Cyclone Jude slammed into parts of southern Africa this week, causing no deaths.",
        "Millions of dogs are killed for their meat annually.",
    ],
)
def test_deaths_no_one_inflicts_are_no_casualties(extractor, text):
    assert not [e for e in extractor.extract(text).events if e.type == "casualties"]


@pytest.mark.parametrize(
    "text",
    ["Two people died in a fire set by the militants.", "The airstrike killed 12 civilians during the pandemic."],
)
def test_deaths_people_inflict_are_casualties(extractor, text):
    assert [e.type for e in extractor.extract(text).events if e.type == "casualties"] == ["casualties"]


@pytest.mark.parametrize(
    ("text", "event_type", "subtype"),
    [
        ("Protesters blocked roads in the capital.", "protest", None),
        ("The rebels surrendered to the army.", "withdrawal", "military"),
        ("Israel lifted the blockade of Gaza.", "withdrawal", "military"),
        ("Troops remained on high alert.", "deployment", "alert"),
        ("Russia strengthened its forces near the border.", "deployment", "buildup"),
        ("The two sides reached a consensus on trade.", "agreement", "deal"),
        ("Australia offered to resettle the refugees.", "agreement", "pledge"),
        ("The general ordered troops to withdraw.", "demand", None),
        ("Activists pushed for his release.", "demand", None),
        ("He reneged on the deal.", "rejection", "rejection"),
        ("Such a move is out of the question, Tehran said.", "rejection", "rejection"),
        ("Iran violated the nuclear agreement.", "rejection", "rejection"),
        ("Pakistan suspended flights to India.", "sanction", "impose"),
        ("Germany granted asylum to the dissident.", "aid", "humanitarian"),
        ("Two soldiers were killed by an improvised explosive device.", "attack", "airstrike"),
        ("Police beat up the demonstrators.", "attack", "ground_assault"),
        # each alternative of a phrase is one word: "order|step up|increase" once read as
        # "order|step" followed by "up|increase", so "ordered patrols" was missed
        ("The army ordered patrols along the river.", "deployment", "deployment"),
        ("The army increased patrols along the river.", "deployment", "deployment"),
        ("The army stepped up patrols along the river.", "deployment", "deployment"),
        ("Moscow cut gas supplies to Bulgaria.", "sanction", "impose"),
        ("Moscow cut off gas supplies to Bulgaria.", "sanction", "impose"),
    ],
)
def test_the_political_vocabulary_codebooks_code(extractor, text, event_type, subtype):
    assert (event_type, subtype) in {(e.type, e.subtype) for e in extractor.extract(text).events}


@pytest.mark.parametrize(
    "text",
    ["In order to win, they trained hard.", "The court ordered the release of the documents.", "She violated no rule."],
)
def test_words_that_only_look_like_it(extractor, text):
    assert not [e for e in extractor.extract(text).events if e.type in {"demand", "rejection"}]


@pytest.mark.parametrize(
    "text", ["Constructive dialogue is the answer.", "Continued negotiations will be needed on subsidies."]
)
def test_the_kind_of_meeting_is_no_meeting(extractor, text):
    assert not extractor.extract(text).events


@pytest.mark.parametrize(
    "text",
    ["The talks ended.", "Talks between Russia and Ukraine resumed.", "Negotiations in Doha resumed on Monday."],
)
def test_a_particular_meeting_is_one(extractor, text):
    assert [e.type for e in extractor.extract(text).events] == ["meeting"]


@pytest.mark.parametrize(
    "text",
    ["Iran is willing to resume nuclear talks.", "Hamas said it is prepared to release the hostages."],
)
def test_intent_to_cooperate_is_a_pledge(extractor, text):
    assert ("agreement", "pledge") in {(e.type, e.subtype) for e in extractor.extract(text).events}


def test_readiness_to_fight_is_no_pledge(extractor):
    assert "agreement" not in [e.type for e in extractor.extract("The army is ready to fight.").events]


@pytest.mark.parametrize(
    ("text", "protest"),
    [
        ("Thousands demonstrated in the capital on Sunday.", True),
        ("Students demonstrated against the new law.", True),
        ("Japan held the exercise to demonstrate the Quad's naval strength.", False),
        ("The shuttling of people demonstrates a complete disregard for human dignity.", False),
        ("The test demonstrated that the missile works.", False),
    ],
)
def test_to_demonstrate_something_is_no_protest(extractor, text, protest):
    assert ("protest" in [e.type for e in extractor.extract(text).events]) is protest


def test_a_killing_someone_is_wanted_over_happened(extractor):
    text = "Police arrested a soldier wanted over the killing of five security guards at a factory this morning."
    found = [e for e in extractor.extract(text).events if e.type == "casualties"]
    assert [e.modality.status for e in found] == ["asserted"]


@pytest.mark.parametrize(
    ("text", "agreement"),
    [
        ("“The danger has not passed yet,” agreed Polat Sayim, an ethnic Uyghur living in Australia.", False),
        ("Russia and Ukraine agreed to a prisoner swap.", True),
    ],
)
def test_agreeing_with_a_quoted_view_is_no_agreement(extractor, text, agreement):
    assert ("agreement" in [e.type for e in extractor.extract(text).events]) is agreement


def test_demand_in_the_market_sense_is_no_demand(extractor):
    text = "Businesses are struggling, but there is an increased demand for books."
    assert "demand" not in [e.type for e in extractor.extract(text).events]


def test_tariff_threats_threaten_tariffs_they_impose_none(extractor):
    text = "Asked whether he might back off his heightened tariff threats against allies, Trump said no."
    assert "sanction" not in [e.type for e in extractor.extract(text).events]


@pytest.mark.parametrize(
    "text",
    [
        "Equiluz notes these laws are preventing access because negotiating with armed groups is considered a crime.",
        "Attacking civilians is a war crime.",
    ],
)
def test_an_activity_talked_about_as_a_subject_is_no_event(extractor, text):
    assert extractor.extract(text).events == []


def test_a_gerund_that_reports_an_act_is_still_an_event(extractor):
    events = extractor.extract("Shelling of Kharkiv continued overnight.").events
    assert [e.type for e in events] == ["attack"]


def test_committing_abuses_is_no_pledge_but_committing_to_talks_is(extractor):
    assert "committed" not in types_by_trigger(extractor, "The U.N. says both sides have committed grave abuses.")
    assert "agreement" in types_by_trigger(extractor, "Ukraine is committed to talks with Russia.")["committed"]


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("The offensive launched by Puntland forces has met with surprising success.", "meeting", False),
        ("The plan met with criticism from Kyiv.", "meeting", False),
        ("Putin met with Xi in Moscow.", "meeting", True),
        ("The party's limited popular appeal worries its leaders.", "demand", False),
        ("The families issued an appeal for the release of the hostages.", "demand", True),
    ],
)
def test_how_something_is_received_or_liked_is_no_meeting_or_plea(extractor, text, kind, expected):
    found = [e for e in extractor.extract(text).events if e.type == kind]
    assert bool(found) == expected


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Gunmen assassinated the governor in Kandahar on Monday.", "asserted"),
        ("Gunmen tried to assassinate the governor on Monday.", "hypothetical"),
        ("The assassination attempt on the governor failed.", "hypothetical"),
    ],
)
def test_an_assassination_kills_but_an_attempt_at_one_only_attacks(extractor, text, status):
    events = extractor.extract(text).events
    assert [e.modality.status for e in events if e.type == "attack"] == ["asserted"]
    assert [e.modality.status for e in events if e.type == "casualties"] == [status]


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Pakistan and the United States have designated BLA a terrorist group.", "designated"),
        ("HTS is a group that is designated as a terrorist organization by the United States.", "designated"),
        ("Canada imposed new tariffs on U.S. exports.", "imposed new tariffs"),
        ("On Wednesday, Trump levied 25% tariffs on steel.", "levied"),
        ("China's punitive measures against Australia hurt its farmers.", "punitive measures"),
    ],
)
def test_designations_levies_and_punitive_measures_are_sanctions(extractor, text, trigger):
    sanctions = [e for e in extractor.extract(text).events if e.type == "sanction"]
    assert [e.trigger.text for e in sanctions] == [trigger]


@pytest.mark.parametrize(
    ("text", "kind", "trigger"),
    [
        ("He was rearrested in July 2019 as he was going into surgery.", "arrest", "rearrested"),
        ("Thailand turned them down for fear that China might retaliate.", "rejection", "turned them down"),
    ],
)
def test_words_the_tagger_mangles_or_splits_still_trigger(extractor, text, kind, trigger):
    assert [e.trigger.text for e in extractor.extract(text).events if e.type == kind] == [trigger]


def test_a_threat_made_alongside_a_demand_is_its_own_act(extractor):
    text = "Threatening to kill the hostages, BLA demanded the release of political prisoners."
    events = extractor.extract(text).events
    assert [(e.type, e.modality.status) for e in events if e.type in {"warning", "demand"}] == [
        ("warning", "asserted"),
        ("demand", "asserted"),
    ]


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Turkey plunged into a recession following Trump's imposition of sanctions.", "imposition of sanctions"),
        (
            "Officials hint at lifting the sanctions Washington has imposed on Moscow.",
            "sanctions Washington has imposed",
        ),
    ],
)
def test_an_imposition_told_with_its_sanction_is_one_trigger(extractor, text, trigger):
    assert [e.trigger.text for e in extractor.extract(text).events if e.type == "sanction"] == [trigger]


@pytest.mark.parametrize(
    ("text", "hurt"),
    [("Tariffs imposed by Trump hurt Canada.", False), ("The blast hurt three soldiers.", True)],
)
def test_only_people_are_hurt_as_casualties(extractor, text, hurt):
    assert bool([e for e in extractor.extract(text).events if e.type == "casualties"]) == hurt


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("His Australian counterparts have in previous years battled blazes in Canada.", "attack", False),
        ("Bilateral trade between the two countries hit $1.1 billion last year.", "attack", False),
        ("Wind power will be crucial to fight the rise of greenhouse gases.", "attack", False),
        ("Russian missiles hit Kyiv on Monday.", "attack", True),
        ("Rebels fought government troops near Goma.", "attack", True),
        ("The green card holder can appeal to a Federal Court of Appeals.", "demand", False),
        ("Zelensky appealed to NATO for more air defence.", "demand", True),
    ],
)
def test_fighting_fires_records_and_courts_is_no_attack_or_plea(extractor, text, kind, expected):
    assert bool([e for e in extractor.extract(text).events if e.type == kind]) == expected


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        ("Marapira said Mhlanga's arrest was not a reflection of the state of press freedom.", "positive"),
        ("The talks did not take place.", "negative"),
        ("The meeting was not held on Monday.", "negative"),
    ],
)
def test_what_is_denied_of_an_act_does_not_deny_the_act(extractor, text, polarity):
    (event,) = extractor.extract(text).events
    assert event.modality.polarity == polarity
