"""Polarity and status of an event from the words around its trigger."""

from __future__ import annotations

from spacy.tokens import Token

from .events import Modality

_CONDITIONAL_MARKS = {"if", "unless", "whether"}
_IRREALIS_TYPES = {"attack", "casualties", "arrest", "protest"}
_DEFINITE_DETS = {"the", "this", "that", "these", "those", "both", "each", "every", "all"}
_PREVENT_HEADS = {"prevent", "avoid", "avert", "deter", "forestall", "preclude", "thwart", "foil"}
_PREDICTIVE_AUX = {"could", "may", "might", "will", "would", "'ll", "shall", "can", "wo"}
_PREDICTION_HEADS = {
    "threat",
    "risk",
    "possibility",
    "fear",
    "danger",
    "prospect",
    "warn",
    "warning",
    "prepare",
    "preparation",
    "plan",
    "ready",
    "poised",
    "track",
}
_REFUSAL_HEADS = {"refuse", "decline", "fail", "reject", "rule", "oppose"}


def _definite(noun: Token) -> bool:
    """A noun that refers to a particular act: "the attacks", "Monday's bombing", "two strikes"."""
    return any(
        (c.dep_ == "det" and c.lower_ in _DEFINITE_DETS)
        or c.dep_ in {"poss", "nummod"}
        or (c.dep_ == "compound" and c.pos_ == "PROPN")
        for c in noun.children
    )


def _infinitive(verb: Token) -> bool:
    return verb.tag_ == "VB" or any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


class ModalityDetector:
    def __init__(self, cues: dict) -> None:
        m = cues["modality"]
        self.negation = frozenset(m["negation"])
        self.planned_aux = frozenset(m["planned_aux"])
        self.planned_heads = frozenset(m["planned_heads"])
        self.hypothetical_aux = frozenset(m["hypothetical_aux"])
        self.hypothetical_heads = frozenset(m["hypothetical_heads"])
        self.denial_heads = frozenset(m["denial_heads"])

    def detect(self, anchor: Token, verb: Token | None, event_type: str) -> Modality:
        """Modality of the event whose trigger is ``anchor`` (``verb`` governs noun triggers)."""
        clause = verb if verb is not None else anchor
        polarity = (
            "negative" if self._negated(anchor) or (clause is not anchor and self._negated(clause)) else "positive"
        )
        chain = self._chain(clause)
        if anchor is not clause:
            chain.insert(0, anchor)
        # Someone denies the act: "Moscow denies planning an invasion".
        for tok in chain[1:]:
            if tok.lemma_.lower() in self.denial_heads and event_type != "rejection":
                return Modality(polarity, "reported_denied")
            if tok.lemma_.lower() in _REFUSAL_HEADS and event_type != "rejection":
                polarity = "negative"
        if self._conditional(chain, anchor, event_type):
            return Modality(polarity, "conditional")
        if event_type in _IRREALIS_TYPES:
            # "a force for a full-scale invasion", "sending forces to fight a war"
            if anchor.dep_ == "pobj" and anchor.head.lower_ == "for" and not _definite(anchor):
                return Modality(polarity, "hypothetical")
            infinitive = clause.head if clause.dep_ == "conj" else clause
            if any(c.dep_ == "aux" and c.lower_ == "to" for c in infinitive.children):
                head = infinitive.head
                if head.lemma_.lower() in {"try", "attempt"} and head.tag_ in {"VBD", "VBN"}:
                    return Modality(polarity, "asserted")  # "tried to assassinate him": an attempt is an act
                lemma = head.lemma_.lower()
                # "plan to attack" is planned; "a plan to attack", "the risk to attack" are not.
                if lemma in self.planned_heads and (
                    head.pos_ in {"VERB", "AUX"} or lemma not in self.hypothetical_heads
                ):
                    return Modality(polarity, "planned")
                return Modality(polarity, "hypothetical")
        if anchor.sent.text.rstrip().endswith("?"):
            return Modality(polarity, "hypothetical")
        for tok in chain[:3]:
            auxes = {c.lower_ for c in tok.children if c.dep_ in {"aux", "auxpass"}}
            if auxes == {"would"} | (auxes & {"to", "be", "have"}) and tok.dep_ == "ccomp" and tok.head.pos_ == "VERB":
                return Modality(polarity, "planned")  # "Washington said it would send troops"
            if auxes & self.hypothetical_aux:
                return Modality(polarity, "hypothetical")
            if auxes & self.planned_aux:
                return Modality(polarity, "planned")
            # "set to meet", "plans to deploy"; not a participle ("..., killing three").
            if tok.dep_ in {"xcomp", "advcl"} and tok.head.lemma_.lower() in self.planned_heads and _infinitive(tok):
                return Modality(polarity, "planned")
        for tok in chain:
            # The trigger itself does not count: a warning is not a hypothetical warning.
            if tok is not anchor and tok.lemma_.lower() in self.hypothetical_heads:
                return Modality(polarity, "hypothetical")
        if anchor.pos_ in {"NOUN", "PROPN"}:
            for child in anchor.children:
                if child.lower_ in {"planned", "upcoming", "scheduled", "proposed", "future", "next"}:
                    return Modality(polarity, "planned")
                if child.lower_ in {"possible", "potential", "hypothetical", "any"}:
                    return Modality(polarity, "hypothetical")
            if anchor.dep_ in {"nsubj", "nsubjpass"} and verb is not None:
                auxes = {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}
                if auxes & self.planned_aux:
                    return Modality(polarity, "planned")
                if auxes & self.hypothetical_aux:
                    return Modality(polarity, "hypothetical")
        return Modality(polarity, "asserted")

    def predicted(self, anchor: Token, verb: Token | None) -> bool:
        """The act is foreseen, not reported as done: "could launch", "a force for an
        invasion", "the risk of an attack"; not "tried to assassinate", "is believed
        to have detonated"."""
        chain = self._chain(verb if verb is not None else anchor)[:4]
        own = {c.lower_ for t in {anchor, chain[0]} for c in t.children if c.dep_ in {"aux", "auxpass"}}
        if own & {"have", "has", "had"} or anchor.tag_ == "VBD":
            return False
        auxes = {c.lower_ for t in [anchor, *chain] for c in t.children if c.dep_ in {"aux", "auxpass"}}
        if auxes & _PREDICTIVE_AUX:
            return True
        if anchor.dep_ == "pobj" and anchor.head.lower_ == "for":
            return True
        return any(t.lemma_.lower() in _PREDICTION_HEADS for t in chain if t is not anchor)

    def prevented(self, anchor: Token, verb: Token | None) -> bool:
        """Someone acts so that the act does not happen: "to prevent a clash", "avert war"."""
        chain = self._chain(verb if verb is not None else anchor)[:4]
        return any(t.lemma_.lower() in _PREVENT_HEADS for t in [*chain, *(anchor.ancestors)][:5] if t is not anchor)

    def conditional_clause(self, token: Token) -> bool:
        """``token`` carries an if/unless clause ("... if Russia invades")."""
        return any(
            c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _CONDITIONAL_MARKS for m in c.children)
            for c in token.children
        )

    def _negated(self, token: Token) -> bool:
        for child in token.children:
            if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
                return True
        return False

    def _chain(self, token: Token) -> list[Token]:
        chain = [token]
        current = token
        for _ in range(5):
            if current.dep_ in {"ROOT"} or current.head is current:
                break
            if current.dep_ in {
                "xcomp",
                "ccomp",
                "conj",
                "pcomp",
                "pobj",
                "prep",
                "dobj",
                "acl",
                "advcl",
                "relcl",
                "nsubj",
                "nsubjpass",
                "compound",
                "amod",
                "appos",
                "attr",
            }:
                current = current.head
                chain.append(current)
            else:
                break
        return chain

    def _conditional(self, chain: list[Token], anchor: Token, event_type: str) -> bool:
        # The event sits inside an if-clause ("if Russia invades").
        for tok in chain[:4]:
            if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in tok.children):
                return True
            if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in {"case", "event"}:
                return True
            if tok.dep_ == "pobj" and tok.head.lower_ in {"in"} and tok.lower_ in {"case", "event"}:
                return True
        # The event's clause carries an if-clause: "it will have a high price if they were to intervene".
        if event_type in {"warning", "sanction", "withdrawal", "aid", "agreement", "demand", "deployment"}:
            for tok in chain[:2]:
                for child in tok.children:
                    if child.dep_ == "advcl" and any(
                        c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in child.children
                    ):
                        return True
                    if child.dep_ == "prep" and child.lower_ == "in":
                        pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                        if pobj is not None and pobj.lower_ in {"case", "event"}:
                            return True
        return False
