"""Time: which date expression belongs to an event, and its value.

:class:`TimeAttacher` picks the expression from the parse; :class:`TimeNormalizer`
resolves it ("on Thursday", "next week", "February 7") with dateparser against
the anchor day (publication, or a live-blog entry's stamp); without one, only
expressions that carry their own year get a value.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser
from spacy.tokens import Span, Token

from .actors import DocContext
from .arguments import clause_chain
from .events import TimeExpression
from .furniture import MONTH_NAMES
from .numbers import number_value

# Clauses whose date is not their dependents' date: reported content, modifiers of nouns.
_OPAQUE_DEPS = {"ccomp", "acl", "relcl", "parataxis"}
# Prepositions that put their object at another time than the clause they modify.
_SEQUENCE_PREPS = frozenset({"after", "before", "since", "following", "until", "till"})
_MONTHS = r"(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)"
_WEEKDAYS = r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_DATE_LIKE = re.compile(
    rf"\b({_MONTHS}|{_WEEKDAYS}|today|tonight|yesterday|tomorrow|(this|next|last|past|coming|previous) (week|month|year|weekend)|\d{{4}}|\d{{1,2}}/\d{{1,2}}|ago|this (morning|afternoon|evening)|in (a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+) (days?|weeks?|months?))\b",
    re.I,
)
# Expressions dateparser leaves without a value, resolved against the anchor day.
_SAME_DAY = re.compile(r"^(earlier |later )?(today|tonight|this (morning|afternoon|evening))$", re.I)
# "earlier this month", "later this year", "this week": the anchor's week, month or year.
_THIS_PERIOD = re.compile(r"((earlier|later|early|late) )?this (week|month|year)", re.I)
_LAST_MONTH_NAME = re.compile(rf"^(last|this past|past) ({_MONTHS})$", re.I)
_NEXT_MONTH_NAME = re.compile(rf"^(next|this coming|coming) ({_MONTHS})$", re.I)
_MONTH_OF_YEAR = re.compile(rf"^({_MONTHS}) (of )?(last|this|next) year$", re.I)
_IN_PERIOD = re.compile(r"^in (a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+) (day|week|month)s?$", re.I)
_DURATION = re.compile(
    r"^(for |over |within |the )?(\d+|a|an|one|two|three|four|five|several|many|few|\w+-)[\s-]*(hours?|days?|weeks?|months?|years?|decades?|minutes?)(-long| long)?$",
    re.I,
)
# Ranges of days: "between 10 and 20 February", "10-12 May", "March 3 to March 5",
# "June 24 to 25, 2025", "from February 28 to March 2".
_TO = r"\s*(?:and|to|-|–|until|through|till)\s*"
_ORD = r"(?:st|nd|rd|th)?"
_RANGE_DAY_FIRST = re.compile(
    rf"^(?:between|from)?\s*(?P<d1>\d{{1,2}}){_ORD}\s*(?P<m1>{_MONTHS})?{_TO}(?P<d2>\d{{1,2}}){_ORD}\s+(?P<m2>{_MONTHS})(?:\W+(?P<y>\d{{4}}))?$",
    re.I,
)
_RANGE_MONTH_FIRST = re.compile(
    rf"^(?:between|from)?\s*(?P<m1>{_MONTHS})\s+(?P<d1>\d{{1,2}}){_ORD}{_TO}(?:(?P<m2>{_MONTHS})\s+)?(?P<d2>\d{{1,2}}){_ORD}(?:\W+(?P<y>\d{{4}}))?$",
    re.I,
)
_HAS_YEAR = re.compile(r"\b(1[89]|20)\d{2}\b")
_DAY_NUMBER = re.compile(rf"\b\d{{1,2}}(st|nd|rd|th)?\b.*{_MONTHS}|{_MONTHS}\W+\d{{1,2}}(st|nd|rd|th)?\b", re.I)
_STRIP = re.compile(r"^(on|in|at|by|since|from|until|till|during|early|late|mid|the|this|that)[\s-]+", re.I)


def granularity_of(expression: str) -> str:
    low = expression.lower()
    if re.search(rf"\b({_WEEKDAYS}|today|tonight|yesterday|tomorrow|morning|afternoon|evening)\b", low):
        return "day"
    if _DAY_NUMBER.search(low) or re.search(r"\bin \w+ days?\b", low):
        return "day"
    if re.search(r"\bweeks?\b|\bweekend\b", low):
        return "week"
    if re.search(rf"\b{_MONTHS}\b|\bmonths?\b", low):
        return "month"
    return "year"


def _format(value: date, granularity: str) -> str:
    if granularity == "month":
        return value.strftime("%Y-%m")
    if granularity == "year":
        return value.strftime("%Y")
    if granularity == "week":
        return (value - timedelta(days=value.weekday())).isoformat()
    return value.isoformat()


class TimeNormalizer:
    """Resolves time expressions; results are cached per (expression, anchor, direction)."""

    def warm_up(self) -> None:
        """Load dateparser's language data now rather than on the first request."""
        self.normalize("February 7", 0, date(2022, 2, 7))

    def normalize(self, text: str, start: int, anchor: date | None, future: bool = False) -> TimeExpression | None:
        """A :class:`TimeExpression` for ``text`` at ``start``, or None if it is no date."""
        expression = text.strip()
        if not _DATE_LIKE.search(expression) or _DURATION.match(expression):
            return None
        span = _range(expression, anchor, future)
        if span is not None:
            return TimeExpression(text, start, start + len(text), value=span[0], granularity="day", value_end=span[1])
        granularity = granularity_of(expression)
        value = _resolve(expression, anchor, future, granularity)
        return TimeExpression(text=text, start=start, end=start + len(text), value=value, granularity=granularity)


def _range(expression: str, anchor: date | None, future: bool) -> tuple[str | None, str | None] | None:
    """First and last day of a range of days, or None if ``expression`` is not one."""
    cleaned = _STRIP.sub("", expression.strip()).strip()
    found = _RANGE_DAY_FIRST.match(cleaned) or _RANGE_MONTH_FIRST.match(cleaned)
    if found is None:
        return None
    parts = found.groupdict()
    first_month = parts["m1"] or parts["m2"]
    last_month = parts["m2"] or parts["m1"]
    year = f" {parts['y']}" if parts["y"] else ""
    first = _resolve(f"{parts['d1']} {first_month}{year}", anchor, future, "day")
    last = _resolve(f"{parts['d2']} {last_month}{year}", anchor, future, "day")
    if first and last and last < first:
        # "December 28 to January 3": the range runs into the next year.
        last_day = date.fromisoformat(last)
        if parts["y"]:
            first = date.fromisoformat(first).replace(year=last_day.year - 1).isoformat()
        else:
            last = last_day.replace(year=last_day.year + 1).isoformat()
    return first, last


@lru_cache(maxsize=4096)
def _resolve(expression: str, anchor: date | None, future: bool, granularity: str) -> str | None:
    has_year = bool(_HAS_YEAR.search(expression))
    if anchor is None and not has_year:
        return None
    cleaned = expression
    for _ in range(3):
        cleaned = _STRIP.sub("", cleaned).strip()
    cleaned = re.sub(r"\([^)]*\)", "", cleaned).strip() or expression
    relative = _relative(cleaned, expression, anchor)
    if relative is not None:
        return _format(relative, granularity)
    base = datetime.combine(anchor, datetime.min.time()).replace(hour=12) if anchor else datetime(2000, 1, 1, 12)
    settings = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": "future" if future else "past",
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if granularity in {"day", "month"} and not has_year and re.search(_MONTHS, cleaned, re.I):
        settings["PREFER_DATES_FROM"] = "current_period"
    try:
        parsed = dateparser.parse(cleaned, languages=["en"], settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input; an unparsed date is not fatal
        parsed = None
    if parsed is None:
        return None
    value = parsed.date()
    if anchor is not None and not has_year and re.search(_MONTHS, cleaned, re.I):
        # A month name without a year: a past act's is the latest such month up to the
        # anchor ("In April, the military removed Bashir" in a December paper is last
        # April), a planned act's the next one from it; either way within a year.
        if future:
            if (value.year, value.month) < (anchor.year, anchor.month):
                value = value.replace(year=value.year + 1)
            elif (value - anchor).days > 366:
                value = value.replace(year=value.year - 1)
        elif (value.year, value.month) > (anchor.year, anchor.month):
            value = value.replace(year=value.year - 1)
        elif (anchor - value).days > 366:
            value = value.replace(year=value.year + 1)
    if anchor is not None and cleaned.lower() in {"today", "tonight"}:
        value = anchor
    weekday = re.fullmatch(_WEEKDAYS, cleaned.lower())
    if anchor is not None and weekday and anchor.strftime("%A").lower() == cleaned.lower():
        value = anchor  # "on Thursday" in a Thursday's paper is that day, not last week
    return _format(value, granularity)


def _relative(cleaned: str, expression: str, anchor: date | None) -> date | None:
    """ "earlier today", "this morning", "last June", "August last year", "in two weeks":
    what dateparser gives no value, counted from ``anchor``."""
    if anchor is None:
        return None
    text = expression.strip().lower()
    if _SAME_DAY.match(text) or _SAME_DAY.match(cleaned.lower()) or _THIS_PERIOD.fullmatch(text):
        return anchor
    found = _LAST_MONTH_NAME.match(text)
    if found:
        month = _month_number(found.group(2))
        return date(anchor.year if month < anchor.month else anchor.year - 1, month, 1)
    found = _NEXT_MONTH_NAME.match(text)
    if found:
        month = _month_number(found.group(2))
        return date(anchor.year if month > anchor.month else anchor.year + 1, month, 1)
    found = _MONTH_OF_YEAR.match(cleaned.lower()) or _MONTH_OF_YEAR.match(text)
    if found:
        shift = {"last": -1, "this": 0, "next": 1}[found.group(found.lastindex).lower()]
        return date(anchor.year + shift, _month_number(found.group(1)), 1)
    found = _IN_PERIOD.match(text)
    if found:
        word = found.group(1).lower()
        amount = 1 if word in {"a", "an"} else int(number_value(word))
        unit = found.group(2).lower()
        if unit == "month":
            months = anchor.month - 1 + amount
            return date(anchor.year + months // 12, months % 12 + 1, 1)
        return anchor + timedelta(days=amount * (7 if unit == "week" else 1))
    return None


def _month_number(name: str) -> int:
    name = name.lower()
    return next(i for i, full in enumerate(MONTH_NAMES, start=1) if full.startswith(name[:3]))


class TimeAttacher:
    """The date of an event: a date expression attached to the trigger's clause, else
    the one date on a clause above it, resolved against the anchor day."""

    def __init__(self, normalizer: TimeNormalizer) -> None:
        self.normalizer = normalizer

    def attach(
        self, anchor: Token, verb: Token | None, ctx: DocContext, anchor_date: date | None, future: bool
    ) -> TimeExpression | None:
        chain = set(clause_chain(verb or anchor)) | {anchor}
        if verb is not None:
            chain.add(verb)
        # "since 2011, when the government sent soldiers": a clause on a date is at that date
        chain |= {c.head for c in list(chain) if c.dep_ == "relcl" and c.head.ent_type_ in {"DATE", "TIME"}}
        attached, others = [], []
        for ent in ctx.sentence_ents(anchor.sent):
            if ent.label_ not in {"DATE", "TIME"}:
                continue
            (attached if _attached(ent.root, chain) else others).append(ent)
        # The act's own date first: "opened Monday over the 2004 bombing", "Tuesday's attack"
        attached.sort(key=lambda ent: ent.root.head != anchor)
        for ent in attached:
            # "had ordered the arrest on Wednesday": a date on a verb in the past counts back,
            # whatever the status of the act the verb governs.
            # A bare date on a verb in the present or future looks ahead whatever the act's
            # status: "hopes to resolve the pause during talks Tuesday", "would hold a
            # summit in June" in Monday's paper are next Tuesday and next June.
            verb_of_date = _attachment_verb(ent.root)
            ahead = (future or _non_past(verb_of_date)) and not _past(verb_of_date)
            found = self.normalizer.normalize(*_expression(ent), anchor_date, ahead)
            if found is not None:
                return found
        # A date on an enclosing clause covers the trigger too ("goes into overdrive on
        # February 7 with the presidents to talk"), but not one on a sibling clause.
        # Not across reported content or a modifier clause: "said Friday that talks must
        # continue", "prayers Monday for Palestinians injured in clashes".
        ancestors = _covering_ancestors(anchor) | chain
        others = [e for e in others if _attachment_verb(e.root) in ancestors]
        normalized = [
            t
            for t in (self.normalizer.normalize(*_expression(e), anchor_date, future) for e in others)
            if t is not None
        ]
        if len(normalized) == 1:
            return normalized[0]
        return None

    def attach_speech(
        self, anchor: Token, ctx: DocContext, anchor_date: date | None, reporting: frozenset[str]
    ) -> TimeExpression | None:
        """A speech act is done when it is said: the one date on the sentence's reporting
        verb ("'We urge Afghanistan to act,' Khan said on Thursday")."""
        found = []
        for ent in ctx.sentence_ents(anchor.sent):
            if ent.label_ in {"DATE", "TIME"} and _attachment_verb(ent.root).lemma_.lower() in reporting:
                value = self.normalizer.normalize(*_expression(ent), anchor_date, False)
                if value is not None:
                    found.append(value)
        return found[0] if len(found) == 1 else None


def _expression(ent: Span) -> tuple[str, int]:
    """A date entity's text and start, with the "in" the model leaves outside it: "in two
    weeks" is a date two weeks ahead, "two weeks" alone a duration."""
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    if before is not None and before.lower_ == "in" and ent.root.head == before:
        return f"in {ent.text}", before.idx
    return ent.text, ent.start_char


def _past(verb: Token) -> bool:
    """A verb in a past tense: "ordered", "had ordered", "was announced"."""
    if verb.tag_ == "VBD":
        return True
    return verb.tag_ == "VBN" and any(c.dep_ in {"aux", "auxpass"} and c.tag_ == "VBD" for c in verb.children)


def _non_past(verb: Token) -> bool:
    """A verb whose date lies ahead: a modal ("will meet", "would not be"), a present
    progressive ("are meeting"), or an infinitive completing a present verb ("hopes to
    resolve"). Not a present perfect ("has been in custody since"), nor a bare present,
    which captions and headlines use for what happened ("as they march Thursday")."""
    completes = False
    for _ in range(4):
        if verb.pos_ not in {"VERB", "AUX"}:
            return False
        auxes = [c for c in verb.children if c.dep_ in {"aux", "auxpass"} and c.lower_ != "to"]
        if any(c.tag_ == "VBD" or c.lemma_.lower() == "have" for c in auxes) or verb.tag_ == "VBD":
            return False
        if any(c.tag_ == "MD" for c in auxes):
            return True
        if verb.tag_ == "VBG" and any(c.lemma_.lower() == "be" and c.tag_ in {"VBZ", "VBP"} for c in auxes):
            return True
        if completes and verb.tag_ in {"VBZ", "VBP"}:
            return True
        if verb.tag_ != "VB" or verb.dep_ not in {"xcomp", "ccomp", "advcl"}:
            return False
        verb, completes = verb.head, True
    return False


def _covering_ancestors(anchor: Token) -> set[Token]:
    """The heads above ``anchor`` whose date is the trigger's date too: up to the first
    clause that reports it or that it modifies."""
    found: set[Token] = set()
    current = anchor
    while current.head != current and current.dep_ not in _OPAQUE_DEPS:
        if current.dep_ == "pobj" and current.head.lower_ in _SEQUENCE_PREPS:
            break  # "killed 30 terrorists Wednesday, a day after an attack": the attack came before
        current = current.head
        found.add(current)
    return found


def _attached(token: Token, chain: set[Token]) -> bool:
    """A date whose head path reaches the trigger's clause before another verb."""
    tok = token
    for _ in range(5):
        if tok in chain:
            return True
        if tok.head == tok:
            return False
        tok = tok.head
        if tok.pos_ == "VERB" and tok not in chain:
            return False
    return False


def _attachment_verb(token: Token) -> Token:
    """The verb a date expression modifies."""
    current = token
    for _ in range(6):
        if current.pos_ in {"VERB", "AUX"} or current.head == current:
            return current
        current = current.head
    return current
