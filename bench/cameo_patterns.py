"""Would PETRARCH's verb patterns make good triggers? Measured on the corpus's train split.

    python -m bench.cameo_patterns [--split train] [--examples 20]

The service reads the patterns of PETRARCH 2's CAMEO dictionary (lexicon/cameo/) only to
give an event a finer code. This script asks what they would do as triggers: for every
verb of the split that no returned event covers, each pattern of the verb's block whose
code is one of our types (lexicon/cameo_types.yaml) is tried against the clause exactly
as the fine coder tries it. A firing is right when an annotated mention of that type
overlaps the verb. Prints the firings, how many are right, per type, and examples.
"""

from __future__ import annotations

import argparse
from collections import Counter
from datetime import date

from bench.corpus_eval import load_annotations, load_split, load_stories
from service.extraction import Extractor


def pattern_firings(extractor: Extractor, split: str) -> list[tuple[str, str, str, bool, str]]:
    """(type, verb lemma, code, right, sentence) for each verb a pattern would make a trigger."""
    coder, stories, annotations = extractor.cameo, load_stories(), load_annotations()
    found = []
    for story_id in load_split()[split]:
        story = stories[story_id]
        result = extractor.extract(story["text"], published_at=date.fromisoformat(story["published"][:10]))
        covered = [(m.trigger.start, m.trigger.end) for e in result.events for m in e.mentions]
        gold = [
            (m["trigger"]["start"], m["trigger"]["end"], event["type"])
            for event in annotations[story_id]["events"]
            for m in event["mentions"]
        ]
        for token in extractor.nlp(story["text"]):
            if token.pos_ != "VERB" or any(start <= token.idx < end for start, end in covered):
                continue
            for event_type, code in coder.pattern_codes(token):
                right = any(s <= token.idx < e and t == event_type for s, e, t in gold)
                found.append((event_type, token.lemma_, code, right, token.sent.text.strip()))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="train", choices=["train", "dev"])
    parser.add_argument("--examples", type=int, default=20)
    args = parser.parse_args(argv)
    firings = pattern_firings(Extractor(), args.split)
    right = sum(f[3] for f in firings)
    print(
        f"{args.split}: {len(firings)} pattern firings on verbs no event covers, {right} right "
        f"({right / max(1, len(firings)):.3f} precision)"
    )
    by_type, right_by_type = Counter(f[0] for f in firings), Counter(f[0] for f in firings if f[3])
    for event_type, n in by_type.most_common():
        print(f"  {event_type}: {right_by_type[event_type]}/{n}")
    for event_type, lemma, code, ok, sentence in firings[: args.examples]:
        print(f"  {'RIGHT' if ok else 'wrong'} {event_type} {code} [{lemma}] {sentence[:120]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
