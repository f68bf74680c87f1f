"""The corpus scorer and validator on hand-built cases whose answers are known."""

from __future__ import annotations

from bench.corpus import taxonomy_subtypes, validate
from bench.corpus_eval import new_tally, pair_events, score_story, summarise

TEXT = "Biden met Scholz in Berlin. Russia attacked Kyiv. The talks went well. Russia shelled Kharkiv."


def span(needle: str, after: int = 0) -> dict:
    start = TEXT.index(needle, after)
    return {"text": needle, "start": start, "end": start + len(needle)}


SECTORS = {"Biden": "GOV", "Scholz": "GOV"}


def actor(needle: str, country: str, after: int = 0) -> dict:
    return {**span(needle, after), "canonical": needle, "country": country, "sector": SECTORS.get(needle)}


def event(type_: str, *triggers: str, **fields) -> dict:
    base = {
        "type": type_,
        "subtype": None,
        "mentions": [{"trigger": span(t)} for t in triggers],
        "source": [],
        "target": [],
        "participants": [],
        "location": None,
        "time": None,
        "status": "asserted",
        "polarity": "positive",
        "force": None,
    }
    return {**base, **fields}


GOLD = [
    event("meeting", "met", "talks", participants=[actor("Biden", "USA"), actor("Scholz", "DEU")]),
    event("attack", "attacked", source=[actor("Russia", "RUS")], target=[actor("Kyiv", "UKR")]),
    event("attack", "shelled", source=[actor("Russia", "RUS", 60)], target=[actor("Kharkiv", "UKR")]),
]


def score(gold: list[dict], predicted: list[dict]) -> dict:
    tally = new_tally()
    score_story(gold, predicted, tally)
    return summarise(tally)


def test_a_perfect_answer_scores_one():
    result = score(GOLD, GOLD)
    assert result["event"]["all"]["f1"] == 1.0 and result["mention"]["all"]["f1"] == 1.0
    assert all(s["accuracy"] in (1.0, None) for s in result["slots"].values())
    assert result["identity"] == {"split": 0, "merged": 0}


def test_events_pair_one_to_one_by_type_and_overlapping_mentions():
    predicted = [
        event("meeting", "met", participants=[actor("Biden", "USA")]),
        event("attack", "attacked", source=[actor("Russia", "RUS")], target=[actor("Kyiv", "UKR")]),
        event("warning", "shelled"),  # right words, wrong type: no pair
    ]
    assert pair_events(GOLD, predicted) == [(0, 0), (1, 1)]
    result = score(GOLD, predicted)
    # 2 of 3 returned events pair, 2 of 3 annotated are found.
    assert result["event"]["all"]["precision"] == 0.667 and result["event"]["all"]["recall"] == 0.667
    # Mentions: met, attacked right; shelled (warning) wrong -> 2/3; gold mentions found 2/4.
    assert result["mention"]["all"]["precision"] == 0.667 and result["mention"]["all"]["recall"] == 0.5
    # The meeting lost Scholz: not exact; one of two annotated participants found, the one returned right.
    participants = result["slots"]["participants"]
    assert (participants["accuracy"], participants["judged"]) == (0.0, 1)
    assert (participants["precision"], participants["recall"]) == (1.0, 0.5)
    assert result["slots"]["target"]["accuracy"] == 1.0


def test_one_act_returned_twice_is_a_split_and_two_acts_in_one_event_a_merge():
    predicted = [
        event("meeting", "met", participants=[actor("Biden", "USA"), actor("Scholz", "DEU")]),
        event("meeting", "talks", participants=[actor("Biden", "USA"), actor("Scholz", "DEU")]),
        event("attack", "attacked", "shelled", source=[actor("Russia", "RUS")]),
    ]
    result = score(GOLD, predicted)
    assert result["identity"] == {"split": 1, "merged": 1}
    # Each annotated act pairs with at most one returned event.
    assert result["event"]["all"]["paired"] == 2


def test_status_and_polarity_are_always_judged():
    predicted = [event("attack", "attacked", status="hypothetical", source=[actor("Russia", "RUS")])]
    result = score(GOLD[1:2], predicted)
    assert (result["slots"]["status"]["accuracy"], result["slots"]["status"]["judged"]) == (0.0, 1)
    assert result["slots"]["polarity"]["accuracy"] == 1.0


def test_the_validator_accepts_a_good_file_and_names_each_problem():
    story = {"id": "1", "text": TEXT}
    subtypes = taxonomy_subtypes()
    assert validate({"id": "1", "events": GOLD}, story, subtypes) == []
    broken = event("meeting", "met", participants=[actor("Biden", "USA")], source=[actor("Scholz", "DEU")])
    broken["mentions"][0]["trigger"]["start"] += 1
    broken["status"] = "happened"
    broken["participants"][0]["sector"] = "PRESIDENT"
    del broken["source"][0]["sector"]
    problems = validate({"id": "1", "events": [broken, event("summit", "talks")]}, story, subtypes)
    assert any("sector 'PRESIDENT' is not one of" in p for p in problems)
    assert any("sector missing" in p for p in problems)
    assert any("trigger" in p and "not 'met'" in p for p in problems)
    assert any("status 'happened'" in p for p in problems)
    assert any("symmetric act" in p for p in problems)
    assert any("type 'summit' is not in the taxonomy" in p for p in problems)


def test_actor_codes_compare_country_and_sector_of_found_actors():
    predicted = [
        event(
            "meeting",
            "met",
            participants=[{**actor("Biden", "USA"), "sector": "ELI"}, {**actor("Scholz", "DEU"), "country": None}],
        ),
        event("attack", "attacked", source=[actor("Russia", "RUS")], target=[]),
    ]
    codes = score(GOLD, predicted)["actor_codes"]
    # 4 annotated actors in the two paired events; Kyiv was not returned.
    assert (codes["annotated"], codes["found"]) == (4, 3)
    assert (codes["country"], codes["sector"], codes["code"]) == (2, 2, 1)
    assert codes["code_accuracy"] == round(1 / 3, 3)


def test_actors_are_one_by_overlapping_span_name_or_state():
    from bench.corpus_eval import same_actor

    russia = {"text": "Russia", "start": 0, "end": 6, "canonical": "Russia", "country": "RUS"}
    moscow = {"text": "Moscow", "start": 40, "end": 46, "canonical": "Moscow", "country": "RUS"}
    putin = {"text": "Putin", "start": 50, "end": 55, "canonical": "Vladimir Putin", "country": "RUS"}
    lavrov = {"text": "Lavrov", "start": 60, "end": 66, "canonical": "Sergei Lavrov", "country": "RUS"}
    short = {"text": "al-Rufay’i", "start": 80, "end": 90, "canonical": "al-Rufay’i", "country": None}
    full = {"text": "al-Rufay'i", "start": 100, "end": 110, "canonical": "Abdallah Makki Muslih al-Rufay'i"}
    assert same_actor(russia, moscow)  # the state itself on one side
    assert same_actor(short, full)  # one name inside the other, quotes straightened
    assert not same_actor(putin, lavrov)  # two people of one country are two actors


def test_places_compare_without_accents():
    from bench.corpus_eval import _place_key, slot_correct

    gold = _place_key({"text": "L'Estère", "canonical": "L'Estère"})
    assert slot_correct("location", gold, _place_key({"text": "L'Estere", "canonical": None}))
    assert not slot_correct("location", gold, _place_key({"text": "Gonaives", "canonical": "Gonaïves"}))


def test_a_place_matches_by_its_canonical_name_or_its_words_in_the_text():
    from bench.corpus_eval import _place_key, slot_correct

    gold = _place_key({"text": "Irbil", "canonical": "Irbil"})
    assert slot_correct("location", gold, _place_key({"text": "Irbil", "canonical": "Erbil"}))
    assert not slot_correct("location", gold, _place_key({"text": "Mosul", "canonical": "Mosul"}))
