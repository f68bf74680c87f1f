"""Polarity and status of an event from the words around its trigger."""

from __future__ import annotations

from spacy.tokens import Token

from .events import Modality
from .lexicon import Lexicon


def _infinitive_to(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _infinitive(verb: Token) -> bool:
    return verb.tag_ == "VB" or any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


# How what is refused hangs from the refusal: "refused to meet", "refused talks".
_REFUSED_DEPS = {"xcomp", "dobj", "obj", "ccomp", "pcomp"}


class ModalityDetector:
    """Polarity and status from the words around a trigger, as its type's realis rules (types.yaml) say."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.types = lexicon.types

        def words(key: str) -> frozenset[str]:
            return lexicon.cue_words("modality", key)

        self.negation = words("negation")
        self.planned_aux = words("planned_aux")
        self.planned_heads = words("planned_heads")
        self.ordering_heads = words("ordering_heads")
        self.proposal_heads = words("proposal_heads")
        self.hypothetical_aux = words("hypothetical_aux")
        self.hypothetical_heads = words("hypothetical_heads")
        self.participle_not_hypothetical = words("participle_not_hypothetical")
        self.claimed_nouns = words("claimed_nouns")
        self.perception_verbs = words("perception_verbs")
        self.denial_heads = words("denial_heads")
        self.refusal_heads = words("refusal_heads")
        self.conditional_marks = words("conditional_marks")
        self.conditional_nouns = words("conditional_nouns")
        self.question_marks = words("question_marks")
        self.definite_dets = words("definite_dets")
        self.prevent_heads = words("prevent_heads")
        self.predictive_aux = words("predictive_aux")
        self.prediction_heads = words("prediction_heads")
        self.attempt_heads = words("attempt_heads")
        self.attempt_nouns = words("attempt_nouns")
        self.occurrence_verbs = words("occurrence_verbs")
        self.planned_modifiers = words("planned_modifiers")
        self.hypothetical_modifiers = words("hypothetical_modifiers")

    def _proposed(self, anchor: Token) -> bool:
        """The act is what a proposal, offer or invitation puts forward."""
        head = anchor.head
        if anchor.dep_ in {"dobj", "obj"}:
            return head.lemma_.lower() in self.proposal_heads
        if anchor.dep_ == "pobj" and head.lower_ == "to":
            return head.head.lemma_.lower() in self.proposal_heads
        return False

    def _definite(self, noun: Token) -> bool:
        """A noun that refers to a particular act: "the attacks", "Monday's bombing", "two strikes"."""
        return any(
            (c.dep_ == "det" and c.lower_ in self.definite_dets)
            or c.dep_ in {"poss", "nummod"}
            or (c.dep_ == "compound" and c.pos_ == "PROPN")
            for c in noun.children
        )

    def detect(self, anchor: Token, verb: Token | None, event_type: str) -> Modality:
        """Modality of the event whose trigger is ``anchor`` (``verb`` governs noun triggers)."""
        clause = verb if verb is not None else anchor
        polarity = (
            "negative"
            if self._negated(anchor)
            or (clause is not anchor and self._negated(clause) and self._clause_negates(anchor, clause))
            else "positive"
        )
        chain = self._chain(clause)
        if anchor is not clause:
            chain.insert(0, anchor)
        realis = self.types[event_type].realis
        # Someone denies the act: "Moscow denies planning an invasion". A verb conjoined
        # with the denial is a second act, not what is denied ("denied the report and
        # attacked Kyiv", "refused to send weapons and offered helmets").
        for below, tok in zip(chain, chain[1:], strict=False):
            if below.dep_ == "conj" and below.head == tok:
                continue
            if tok.lemma_.lower() in self.denial_heads and realis.deniable:
                return Modality(polarity, "reported_denied")
            if tok.lemma_.lower() in self.refusal_heads and realis.deniable and below.dep_ in _REFUSED_DEPS:
                polarity = "negative"  # "declined to sign", not "declined to 230,000 after an agreement"
        if self._conditional(chain, realis.conditional_clause) or (
            realis.condition_in_content and self._content_conditional(clause)
        ):
            return Modality(polarity, "conditional")
        if self._open_question(chain):
            # "have not determined whether Putin has decided to invade": asked, not reported.
            return Modality(polarity, "hypothetical")
        if realis.proposed_is_planned and self._proposed(anchor):
            return Modality(polarity, "planned")  # "proposed talks", "invited him to a summit"
        if realis.outcome and anchor.dep_ == "compound" and anchor.head.lemma_.lower() in self.attempt_nouns:
            return Modality(polarity, "hypothetical")  # "an assassination attempt", "a murder plot"
        if realis.material:
            if (
                anchor.dep_ == "pobj"
                and anchor.head.lower_ == "for"
                and anchor.head.head.lemma_.lower() in self.claimed_nouns
            ):
                return Modality(polarity, "asserted")  # "claimed responsibility for several attacks"
            if anchor.pos_ == "NOUN" and any(c.dep_ == "acl" and c.tag_ == "VBN" for c in anchor.children):
                # "an offensive launched by forces earlier this month", "the attack carried
                # out on Monday": the participle reports it done, whatever governs the noun.
                return Modality(polarity, "asserted")
            # "a force for a full-scale invasion", "sending forces to fight a war"
            if anchor.dep_ == "pobj" and anchor.head.lower_ == "for" and not self._definite(anchor):
                return Modality(polarity, "hypothetical")
            if anchor.dep_ in {"dobj", "obj"} and anchor.head.lemma_.lower() in self.ordering_heads:
                return Modality(polarity, "planned")  # "ordered the arrest of Dodik"
            infinitive = clause.head if clause.dep_ == "conj" else clause
            if any(c.dep_ == "aux" and c.lower_ == "to" for c in infinitive.children):
                head = infinitive.head
                if head.lemma_.lower() in self.attempt_heads and head.tag_ in {"VBD", "VBN"}:
                    # "tried to assassinate him": an attempt is an act, but not its outcome
                    return Modality(polarity, "hypothetical" if realis.outcome else "asserted")
                lemma = head.lemma_.lower()
                # "plan to attack" is planned; "a plan to attack", "the risk to attack" are not.
                if lemma in self.planned_heads and (
                    head.pos_ in {"VERB", "AUX"} or lemma not in self.hypothetical_heads
                ):
                    return Modality(polarity, "planned")
                if realis.purpose_done and infinitive.dep_ == "advcl" and head.tag_ == "VBD":
                    return Modality(polarity, "asserted")  # "held a sit-in to protest": it was the protest
                return Modality(polarity, "hypothetical")
        if anchor.sent.text.rstrip().endswith("?"):
            return Modality(polarity, "hypothetical")
        if clause.dep_ == "pcomp" and _infinitive_to(clause):
            # "with the French and Russian presidents to talk in Moscow": set to happen.
            return Modality(polarity, "planned")
        for tok in chain[:3]:
            if tok is not anchor and tok.lemma_.lower() in self.perception_verbs:
                continue  # "we can still hear gunfire": the gunfire is real
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
        # "Threatening to kill the hostages, BLA demanded ...": a participle beside its
        # head is done alongside it, not asked for by it.
        heads = chain[:1] if participle_alongside(anchor) else chain
        for tok in heads:
            # The trigger itself does not count: a warning is not a hypothetical warning.
            if tok is not anchor and tok.lemma_.lower() in self.hypothetical_heads:
                if (tok.tag_ == "VBN" or tok.dep_ == "acl") and tok.lemma_.lower() in self.participle_not_hypothetical:
                    continue  # "a soldier wanted over the killing of five guards"
                return Modality(polarity, "hypothetical")
        if anchor.pos_ in {"NOUN", "PROPN"}:
            for child in anchor.children:
                if child.lower_ in self.planned_modifiers:
                    return Modality(polarity, "planned")
                if child.lower_ in self.hypothetical_modifiers:
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
        if auxes & self.predictive_aux:
            return True
        if anchor.dep_ == "pobj" and anchor.head.lower_ == "for":
            return True
        return any(t.lemma_.lower() in self.prediction_heads for t in chain if t is not anchor)

    def negated_purpose(self, anchor: Token, verb: Token | None) -> bool:
        """The act is the purpose of something not done: "not sending forces to start a war
        or fight a war" reports no war."""
        clause = verb if verb is not None else anchor
        purpose = clause.head if clause.dep_ == "conj" else clause
        return purpose.dep_ in {"advcl", "xcomp"} and _infinitive_to(purpose) and self._negated(purpose.head)

    def prevented(self, anchor: Token, verb: Token | None) -> bool:
        """Someone acts so that the act does not happen: "to prevent a clash", "avert war"."""
        chain = self._chain(verb if verb is not None else anchor)[:4]
        return any(t.lemma_.lower() in self.prevent_heads for t in [*chain, *(anchor.ancestors)][:5] if t is not anchor)

    def conditional_clause(self, token: Token) -> bool:
        """``token`` carries an if/unless clause ("... if Russia invades")."""
        return any(
            c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in self.conditional_marks for m in c.children)
            for c in token.children
        )

    def _clause_negates(self, noun: Token, verb: Token) -> bool:
        """Whether a negated verb negates the act its subject names: "the talks did not
        take place" does; "Mhlanga's arrest was not a reflection of ..." and "the call ...
        did not mesh" do not (they deny something else of an act that did happen)."""
        return noun.dep_ not in {"nsubj", "nsubjpass"} or verb.lemma_.lower() in self.occurrence_verbs

    def _negated(self, token: Token) -> bool:
        for child in token.children:
            if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
                return True
        return False

    def _chain(self, token: Token) -> list[Token]:
        chain = [token]
        current = token
        for _ in range(5):
            if current.dep_ in {"ROOT"} or current.head == current:
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

    def _conditional(self, chain: list[Token], clause_level: bool) -> bool:
        """The act sits inside an if-clause ("if Russia invades"), or, for types whose
        realis rules say so, its own clause carries one ("it will pay a high price if ...")."""
        for tok in chain[:4]:
            if tok.dep_ == "advcl" and self._marked_conditional(tok):
                return True
            if tok.dep_ == "pobj" and tok.head.lower_ == "of" and self._in_case(tok.head.head):
                return True
            if tok.dep_ == "pobj" and tok.head.lower_ in {"in"} and self._in_case(tok):
                return True
        if clause_level:
            for tok in chain[:2]:
                for child in tok.children:
                    if child.dep_ == "advcl" and self._marked_conditional(child):
                        return True
                    if child.dep_ == "prep" and child.lower_ == "in":
                        pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                        if pobj is not None and self._in_case(pobj):
                            return True
        return False

    def _in_case(self, noun: Token) -> bool:
        """The idiom "in case (of)", "in the event of"; not "in his latest case"."""
        if noun.lower_ not in self.conditional_nouns:
            return False
        return not any(
            c.dep_ in {"poss", "amod", "compound", "nummod"} or (c.dep_ == "det" and c.lower_ != "the")
            for c in noun.children
        )

    def _content_conditional(self, clause: Token) -> bool:
        """What the act says carries an if/unless clause: "warned that it would execute
        the hostages if the state did not release prisoners"."""
        return any(
            content.dep_ in {"ccomp", "xcomp"} and self.conditional_clause(content) for content in clause.children
        )

    def _open_question(self, chain: list[Token]) -> bool:
        """The act sits in a complement clause that asks whether it happens."""
        return any(
            tok.dep_ in {"ccomp", "xcomp", "pcomp"}
            and any(c.dep_ == "mark" and c.lower_ in self.question_marks for c in tok.children)
            for tok in chain[:4]
        )

    def _marked_conditional(self, clause: Token) -> bool:
        return any(c.dep_ == "mark" and c.lower_ in self.conditional_marks for c in clause.children)


def participle_alongside(token: Token) -> bool:
    """A participial clause with no conjunction ("Threatening to kill the hostages, BLA
    demanded ..."): an act done alongside its head's, not its content."""
    return token.dep_ == "advcl" and token.tag_ == "VBG" and not any(c.dep_ == "mark" for c in token.children)
