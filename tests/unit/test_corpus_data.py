"""The committed corpus (data/voa2025) stays valid: every span, label and split."""

from __future__ import annotations

from bench.corpus import ANNOTATIONS, CORPUS, load_annotations, load_split, load_stories, taxonomy_subtypes, validate


def test_every_story_is_in_exactly_one_split():
    split = load_split()
    stories = set(load_stories())
    assigned = [story for ids in split.values() for story in ids]
    assert len(assigned) == len(set(assigned)) == len(stories)
    assert set(assigned) == stories
    assert (len(split["train"]), len(split["dev"]), len(split["test"])) == (53, 18, 18)


def test_every_annotation_file_is_valid():
    stories = load_stories()
    subtypes = taxonomy_subtypes()
    annotations = load_annotations()
    assert set(annotations) == set(stories)  # every story annotated
    problems = {i: validate(a, stories[i], subtypes) for i, a in annotations.items()}
    assert {i: p for i, p in problems.items() if p} == {}


def test_the_second_annotations_are_valid_and_cover_a_fifth():
    stories = load_stories()
    second = load_annotations(CORPUS / "second")
    assert len(second) == 18 and set(second) <= set(stories)
    subtypes = taxonomy_subtypes()
    assert {i: p for i, a in second.items() if (p := validate(a, stories[i], subtypes))} == {}
    assert ANNOTATIONS.exists()
