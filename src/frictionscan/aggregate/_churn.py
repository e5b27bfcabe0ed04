"""A client saying it is leaving, or weighing it: the plainest warning a relationship can give.

Found by rule in the client's own messages (not a model signal: these sentences are rare, very
costly to miss, and their wording is narrow):

* **notice** -- the client ends or will not renew the contract ("formal notice to end the
  retainer", "we will not be renewing our subscription", "we've decided to move our digital work to
  Kestrel Digital", "please cancel our account");
* **risk** -- the client is weighing alternatives ("the board is reviewing all agency spend",
  "we're putting the contract out to tender", "we have been talking to other vendors",
  "we may have to look elsewhere").

A negation in the clause before the cue drops it ("we have no plans to cancel our contract",
"we're not looking at other vendors"), and so does cancelling something that is not the
relationship ("cancel the meeting", "cancel my order").
"""

from __future__ import annotations

import re

__all__ = ["churn_cue"]

_OBJECT = (r"(?:(?:contract|agreement|retainer|subscription|services?|licen[cs]es?|membership|"
           r"plan|partnership|engagement|relationship|cooperation|collaboration|SLA|support|"
           r"(?<=our )sub(?=\s*(?:[.!?,;]|$))|(?<=our )acct|(?<=our )account|(?<=my )account|(?<=the )account)"
           # ... not a smaller thing named after it ("our support ticket", "our contract meeting")
           r"(?!\s+(?:tickets?|requests?|cases?|query|queries|calls?|meetings?|chats?|e-?mails?|upgrades?|"
           r"invites?|orders?|renewal date|review|queue|portal)\b))")
_PROVIDER = r"(?:vendors?|providers?|suppliers?|agenc(?:y|ies)|partners?|firms?)"
# (weighing "other tools" or "other options" is a risk; moving to "a new platform" may be the
# client's own systems, so notice needs a provider)
_VENDOR = rf"(?:{_PROVIDER}|solutions?|options?|tools?|platforms?)"

#: what a notice reaches past: the end of a period or engagement, not of a day
_PERIOD = (r"(?:project|contract|term|year|quarter|month|period|engagement|agreement|renewal|"
           r"season|campaign|retainer|financial year|fiscal year)")
#: where a switch goes when it is away from us: a provider, a name ending the sentence, "away"
#: ("switching to another supplier", "switching to Kestrel.", not "switching the meeting to Thursday")
_AWAY = (r"(?=\s*(?:[.,;!?]|$)|\s+(?:(?:over |away )?to (?:(?:another|a different|a new|a cheaper|other) (?:\w+ )?"
         r"(?:providers?|suppliers?|vendors?|agenc(?:y|ies)|partners?|firms?|compan(?:y|ies))|(?-i:[A-Z])[\w&.-]*\s*"
         r"(?:[.!?;]|$))|providers?|suppliers?|vendors?|agenc|away))")
#: our work, business or account moving on ("moving our work to ...", not "moving our account review")
_MOVING_OURS = r"moving (?:our|the) (?:\w+ )?(?:work|business|account)(?=\s*(?:[.,;!?]|$)|\s+(?:to|elsewhere|away|over)\b)"
_MONTH = (r"(?:january|february|march|april|may|june|july|august|september|october|november|"
          r"december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b")

_NOTICE = re.compile(
    r"\b(?:"
    # "formal notice to end the retainer", "notice of termination"
    rf"notice (?:to|that we (?:will|are going to|intend to)) (?:end|terminate|cancel|close|exit)(?! (?:their|his|her)\b)|"
    # a follow-up on a notice given before: "can you confirm you've cancelled our subscription"
    rf"confirm (?:that )?you(?:['’]ve| have) (?:already )?(?:cancell?ed|terminated|closed|ended) (?:our|my|the) "
    rf"(?:\w+ ){{0,2}}{_OBJECT}\b|"
    rf"have you (?:already )?(?:cancell?ed|terminated|closed|ended) (?:our|my|the) (?:\w+ ){{0,2}}{_OBJECT}\b"
    r"(?= yet\b| as (?:requested|asked|agreed|instructed)\b)|"
    r"notice of (?:termination|cancellation|non-?renewal)|"
    # "we will not be renewing", "decided not to renew our contract"
    r"(?:will not|won['’]t|shan['’]t|shall not|do not|don['’]t|not going to|decided not to|have decided not to|"
    r"are not|aren['’]t) (?:be )?renew(?:ing)?\b"
    # ... the relationship itself, not "renewing the SSL certificate"
    rf"(?=\s*(?:[.,;!?]|$)|\s+(?:with (?:you|your)|when|after|at the end|because|due to|owing to|given|for (?:another|a further|"
    rf"next)|next|this year|in \w+|it\b|(?:our|the|this|my|your) (?:\w+ ){{0,2}}{_OBJECT}\b))|"
    # "terminate/cancel/end/close our contract", "cancelling the subscription"
    rf"(?:terminat(?:e|ing)|cancel(?:l?ing)?|end(?:ing)?|clos(?:e|ing)|discontinu(?:e|ing)) "
    rf"(?:our|the|this|my) (?:\w+ ){{0,2}}{_OBJECT}\b|"
    # "move our digital work to ...", "switching our account to another agency"
    rf"(?:mov(?:e|ing)|switch(?:ing)?|transferr?(?:ing)?|transition(?:ing)?|migrat(?:e|ing)) "
    rf"(?:our|the|all(?: of)? our) (?:\w+ ){{0,3}}(?:work|account|business|spend|contract|processing|"
    rf"operations|hosting|logistics|production|{_OBJECT}) "
    rf"(?:over )?to\b|"
    rf"(?:mov(?:e|ing)|switch(?:ing)?|go(?:ing)?) (?:over )?to (?:another|a different|a new|a competing|"
    rf"an alternative) {_PROVIDER}|"
    r"(?:mov(?:e|ing)|tak(?:e|ing)) (?:our|all(?: of)? our) (?:\w+ ){0,3}(?:work|account|business|spend) elsewhere|"
    # no object: "we'll be cancelling at the end of the month", "I'd like to cancel please"
    r"(?:we|i)(?:['’]ll| will| shall| would like to|['’]d like to| want to| are going to|['’]re going to)(?: be)? "
    r"(?:cancel(?:l?ing)?|terminat(?:e|ing))(?=\s*(?:[.!;]|$)|,?\s+please\b|\s+(?:at the end|from|effective|as of|asap|"
    r"immediately)\b)(?![^.!?]*\b(?:meeting|call|order|booking|appointment|rebook\w*|reschedul\w*|session|demo|visit|"
    r"delivery|slot|trip|flight|event)\b)|"
    r"(?:treat this as (?:our|my) (?:[\w'’]+ ){0,3}notice|(?:we are|we['’]re) giving (?:you )?(?:our )?"
    r"(?:formal |official )?notice)(?=\s*(?:[.!;]|$)|\s+(?:to|of) (?:end|terminat|cancel|non-?renewal))|"
    rf"(?:decided|chosen|going) to go with (?:another|a different|a new|a cheaper) (?:\w+ )?{_PROVIDER}|"
    r"(?:this|today) (?:is|will be) our last (?:month|invoice|order|week|quarter|year)(?: with you)?|"
    rf"{_OBJECT}(?: with (?:you|your \w+))? will not be (?:renewed|extended)|"
    rf"(?:chosen|decided|agreed) not to (?:renew|extend|continue)|"
    rf"(?:will not|won['’]?t|wont|are not|aren['’]t) be continuing (?:with|our|the)|"
    r"(?:signed|gone|going) with (?:a|another) (?:new |different )?(?:provider|vendor|supplier|agency|partner)|"
    r"transition(?:ing)? away from you|"
    r"(?:don['’]t|do not|please don['’]t) (?:auto-?)?renew|"
    r"(?:this|it) is (?:our|my) notice|consider this (?:our|my) notice|"
    # "we won't be extending the contract beyond June", "we're taking this work in-house"
    rf"(?:will not|won['’]t|are not|aren['’]t|not going to|decided not to) (?:be )?extend(?:ing)? "
    rf"(?:the|our|this) (?:\w+ ){{0,2}}{_OBJECT}\b|"
    # "... bring the translation work back in-house", "bringing support in house"
    r"(?:tak(?:e|ing)|bring(?:ing)?|mov(?:e|ing)) (?:(?:this|the|all|our|that) )?(?:\w+ ){0,3}(?:work|account|"
    r"service|support|function)s? (?:back )?in[- ]?house\b|"
    # "we will not need your services after this project", "we no longer require your services"
    r"(?:will not|won['’]t|no longer|not going to|shall not) (?:need|require) (?:your|the) (?:\w+ )?services?"
    r"(?=\s+(?:(?:after|beyond|at the end of|from the end of) (?:this|the|our|that|the current) (?:\w+ )?"
    rf"{_PERIOD}|beyond|going forward|any ?more|"
    # from a date on, not for a stretch of hours or days ("from 2 to 4 pm", "from May 3 to May 5")
    rf"from (?:next|the (?:start|beginning|end) of|{_MONTH}|q[1-4]\b|20\d\d|the \d{{1,2}}(?:st|nd|rd|th)\b|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH})(?![^.;!?]*\b(?:to|until|till)\b))|\s*(?:[.,;!?]|$))|"
    r"(?:we['’]re|we are|we will be|we['’]ll be) (?:leaving|parting ways)"
    r"(?=\s*(?:[.,;!?]|$)|\s+(?:you|your|with you))"
    r")", re.IGNORECASE)

_RISK = re.compile(
    r"\b(?:"
    rf"(?:review(?:ing)?|re-?evaluat(?:e|ing)|re-?assess(?:ing)?) (?:all |our |every )?"
    rf"(?:\w+ )?(?:{_VENDOR}|agency|vendor|supplier) (?:spend|relationships?|contracts?|arrangements?)|"
    r"(?:out|go(?:ing)?) to tender|(?:issu(?:e|ing)|run(?:ning)?|send(?:ing)? out) an? (?:RFP|RFQ|tender)|"
    rf"(?:look(?:ing)? at|evaluat(?:e|ing)|talk(?:ing)? to|speak(?:ing)? (?:to|with)|meet(?:ing)? with|"
    rf"get(?:ting)? quotes from) (?:other|alternative|competing|a few other|some other|new) {_VENDOR}|"
    r"(?:look(?:ing)?|go(?:ing)?|shop(?:ping)? around) elsewhere|"
    rf"(?:evaluat|explor|consider|compar|assess)(?:e|es|ing) (?:\w+ ){{0,2}}(?:alternatives?|other {_VENDOR}|"
    rf"competitors?)|compar(?:e|es|ing) your (?:\w+ )?with|"
    r"(?:competing|rival) (?:quotes|bids|offers|proposals)|(?:start|begun|began|started|launch)\w* an? (?:RFP|tender)|"
    r"RFP process|review(?:ing)? all (?:external |outside |our )?(?:suppliers|vendors|agencies|providers)|"
    r"reconsider(?:ing)? (?:whether|the (?:partnership|contract|relationship|renewal))|"
    r"not sure (?:we|if we|whether we) (?:will|would|should|can) (?:renew|continue|keep)|"
    r"renewal is not guaranteed|(?:meeting|talking|speaking) with (?:a|one of your) competitors?|"
    r"whether (?:we|to) (?:should )?keep working with you|switch(?:ing)? to a cheaper|"
    rf"consider(?:ing)? (?:other|alternative) (?:options|{_VENDOR})|consider(?:ing)? switching{_AWAY}|"
    r"question(?:ing)? whether (?:we|to) (?:should )?continue|"
    rf"(?:get|getting|obtain) quotes from (?:\w+ )?(?:other )?{_VENDOR}|"
    rf"look(?:ing)? for (?:another|a different) {_VENDOR}|(?:won['’]t|will not|not) renew unless|"
    r"competitor of yours|"
    # hedged non-renewal: "we may not renew", "we're considering not renewing", "we haven't decided whether to renew"
    rf"(?:may|might|could) not (?:be )?renew(?:ing)?(?=\s*(?:[.,;!?]|$)|\s+(?:with (?:you|your)|(?:our|the|this) "
    rf"(?:\w+ ){{0,2}}{_OBJECT}\b))|consider(?:ing)? not (?:renewing|extending|continuing)\b|"
    rf"think(?:ing)? (?:of|about) (?:switching{_AWAY}|{_MOVING_OURS})|"
    rf"suggest(?:s|ed|ing)? (?:switching{_AWAY}|{_MOVING_OURS})|"
    rf"(?:haven['’]t|have not|not yet) decided (?:whether|if) (?:we(?:['’]ll| will) |to )?(?:renew|continue|extend)"
    rf"(?=\s*(?:[.,;!?]|$)|\s+(?:with (?:you|your)|(?:our|the|this) (?:\w+ ){{0,2}}{_OBJECT}))|"
    # "we will have to review the contract with our procurement team"
    r"(?:will|['’]ll|may|might|would)? ?have to (?:review|revisit|reconsider|re-?examine|re-?evaluate) "
    r"(?:the|our|this) (?:\w+ ){0,2}(?:contract|agreement|relationship|arrangement|partnership)\b|"
    # a competitor in the room: "we've had a pitch from Kestrel", "for less than we pay you"
    r"(?:had|received|got|taken) (?:a |an )?(?:competing |rival )?(?:pitch|counter-?offer)s? from|"
    r"for less than (?:we pay you|you charge|your)|cheaper than (?:you|your)\b|"
    r"(?:consider(?:ing)?|think(?:ing)? about|may have to|might have to|will have to|forced to|"
    rf"question(?:ing)? whether to) (?:cancel(?:l?ing)?|terminat(?:e|ing)|end(?:ing)?|leav(?:e|ing)|"
    rf"switch(?:ing)?|mov(?:e|ing))\b"
    # ... the relationship, not "we will have to cancel the order for 40 units"
    rf"(?=\s*(?:[.,;!?]|$)|\s+(?:you|with you|(?:our|the|this|your) (?:\w+ ){{0,2}}{_OBJECT}\b|"
    rf"(?:to )?(?:another|a different) {_VENDOR}))"
    r")", re.IGNORECASE)

_NEGATED = re.compile(r"\b(?:no|not|never|nor|without)\b|n['’]t\b", re.IGNORECASE)
_CLAUSE = re.compile(r"[.!?;:,\n]")
_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+|$)")


_HEDGE = re.compile(r"\b(?:may|might|could|would|consider(?:ing)?|think(?:ing)? (?:about|of)|if|unless|"
                    r"have to|had to|forced to|otherwise|or else|risk|(?<!\bi )(?<!\bwe )(?<!\byou )(?:suggested|proposed)|"
                    r"suggesting|proposing|wonder(?:s|ed|ing)?)\b",
                    re.IGNORECASE)
#: a polite request to us is not a hedge ("would you please cancel our subscription")
_REQUEST = re.compile(r"\b(?:would|could|can|will) you(?: please| kindly)?\b", re.IGNORECASE)
#: the sentence up to the cue makes it conditional: "If this isn't fixed, we will cancel ...",
#: "Unless things improve, ...", "Fix this or we'll ...", "One more outage and we ...",
#: "Should this happen again, ..."
_CONDITIONAL = re.compile(r"^\W*(?:if|unless|should(?! you\b)|in case|any more|one more|miss|do (?:that|this|it))\b|"
                          r"\b(?:if|unless)\b[^.!?]*,|"
                          r"\bor(?: else)?(?: (?:we|i)\b|\s*$)|\bone more \w+(?: \w+)? and\b|\botherwise\b", re.IGNORECASE)

#: an "if" that is a courtesy, not a condition: "if possible", "let me know if ...", "if you have any
#: questions"
_COURTESY_IF = re.compile(r"\b(?:if (?:possible|needed|necessary|required|convenient|you (?:have|need) any|there(?:['’]s| is| are) any|"
                          r"anything|i(?:['’]m| am)(?: being)? honest|i may|you didn['’]t know)|in case you missed it|"
                          r"(?:know|see|check|ask|wonder(?:ing)?|tell (?:me|us)) (?:if|whether)|"
                          r"(?:grateful|appreciate(?: it)?|glad|happy|thankful|pleased) if|even if|as if)\b[^.!?,;]*", re.IGNORECASE)


def _conditional(before: str, after: str) -> bool:
    """The sentence around a notice makes it a threat: a condition before it (up to any "but")
    or an if/unless after it, courtesies ("if possible", "let me know if") aside."""
    before = _COURTESY_IF.sub(" ", before)
    cut = list(re.finditer(r"\bbut\b", before, re.IGNORECASE))
    if cut:
        before = before[cut[-1].end():]
    return bool(_CONDITIONAL.search(before)) or bool(
        re.match(r"[^.!?]*\b(?:unless|if)\b", _COURTESY_IF.sub(" ", after), re.IGNORECASE))


#: after a notice, only a preference for us takes it off us ("we will not be renewing the Kestrel
#: contract, we prefer you"); "nothing to do with you personally" after a notice means "not your
#: fault" and keeps it
_STAY_WITH_US = r"(?:we |i )?prefer (?:you|your (?:team|service|work))\b|(?:staying|stay|sticking|stick) with you\b"
_PREFER_US = re.compile(r"\b(?:" + _STAY_WITH_US + r"|consolidat\w* (?:\w+ )?with you\b)", re.IGNORECASE)
#: after a weighing cue, a remark that it is not about us takes it off us too ("... talking to other
#: vendors about new laptops, nothing to do with you")
_NOT_ABOUT_US = re.compile(r"\b(?:nothing to do with (?:you|your)|not about (?:you|your)|unrelated to (?:you|your)|"
                           + _STAY_WITH_US + ")", re.IGNORECASE)
#: the contract is with someone else, or the work comes to us: "could you cancel our contract
#: with Kestrel on our behalf?", "we are moving our digital work to you", "with your competitor"
_NOT_US_AFTER = re.compile(r"^\s*(?:with (?:the old|our old|your competitor|our (?:previous|former))|"
                           r"(?:over )?to you\b|you(?=\s*(?:[.!?;,]|$)|\s+(?:from|instead)\b))|\bon our behalf\b|"
                           r"\bwhich (?:has|is) nothing to do with you\b|"
                           r"^\s*to (?:the|our) (?:\w+ )?(?:newsletter|mailing list)|\b(?:he|she|who) (?:has|have) left\b|"
                           r"\bfor (?:december|january|february|march|april|may|june|july|august|september|october|november) only\b",
                           re.IGNORECASE)
#: an object-less cancel ("I want to cancel") and what it may be about instead of the relationship
_OBJECTLESS = re.compile(r"(?:we|i)\b[^.!?]*\b(?:cancel(?:l?ing)?|terminat(?:e|ing))$", re.IGNORECASE)
_SMALL_THINGS = re.compile(r"\b(?:meeting|call|orders?|ordered|booking|booked|appointment|reservation|room|table|"
                           r"delivery|parcel|size|item|ticket|session|demo|visit|slot|trip|flight|event|rebook\w*|"
                           r"reschedul\w*)\b", re.IGNORECASE)
_CONCESSIVE = re.compile(r"\b(?:even though|although|though|even if|much as)\b[^.!?;]*", re.IGNORECASE)
#: only part of the work leaves: "... for SMS, the email part stays with you", "... for payroll only"
_PARTIAL = re.compile(r"\b(?:stays?|remains?) with you\b|\b(?:keep|keeping) (?:you|your)\b|\byou (?:to )?keep\b|\bfor (?:the )?[\w -]{1,30}?"
                      r"(?:\bonly\b|\bside\b|\bpart\b)|\b(?:rest|remainder) (?:of (?:our|the) \w+ )?(?:stays|remains)\b",
                      re.IGNORECASE)
_REVIEW = re.compile(r"\b(?:review|revisit|re-?examine)\b(?=[^.!?]*\b(?:contract|agreement)\b)", re.IGNORECASE)
#: a smaller thing than the relationship inside the cue
_INCIDENTAL = re.compile(r"\b(?:newsletter|mailing|duplicate|leaver['’]?s?|upgrade|user licen[cs]e|seat)\b",
                         re.IGNORECASE)

#: someone else does the cancelling ("did you cancel our account by mistake?", "you closed our
#: account"): not the client leaving
_ACTOR = r"(?:you|they|someone|somebody|your (?:\w+ )?(?:team|side|system|staff|people))"
_OTHER_ACTOR = re.compile(
    rf"\b(?:did|didn['’]t|why did|how did|have|has|had|haven['’]t|hasn['’]t)\s+{_ACTOR}\s+"
    r"(?:(?:just|accidentally|mistakenly|already|wrongly|actually)\s+)*$|"
    rf"\b{_ACTOR}\s+(?:(?:have|has|had)\s+)?(?:just|accidentally|mistakenly|wrongly|already)\s+$", re.IGNORECASE)
#: a negation inside an if/unless condition ("if this is not fixed we will have to ...") does not
#: negate the main clause after it
_CONDITION = re.compile(r"\b(?:if|unless)\b.*\b(?:we|i)\b(?=[^\n]*$)", re.IGNORECASE)


_THIS_IS_NOTICE = re.compile(r"\bconsider this (?:\w+ )?(?:(?:as|to be) )?(?:our|my|the) (?:\w+ )?notice\b",
                             re.IGNORECASE)


def _clause_before(text: str, start: int, width: int = 60) -> str:
    """The clause the cue at ``start`` sits in, up to the cue (at most ``width`` characters)."""
    head = text[max(0, start - width):start]
    cut = list(_CLAUSE.finditer(head))
    return head[cut[-1].end():] if cut else head


_OWN_NOT = re.compile(r"(?:will not|won['’]t|do not|don['’]t|not going|decided not|have decided not|"
                      r"are not|aren['’]t)", re.IGNORECASE)


def _negated(text: str, start: int, cue: str) -> bool:
    """A negation in the same clause, before the cue ("no plans to cancel our contract"); the
    cue's own "not" ("will not be renewing") does not count, and such a cue looks back less far."""
    width = 40 if _OWN_NOT.match(cue) else 60
    clause = _clause_before(text, start, width)
    cond = _CONDITION.search(clause)
    if cond is not None:  # judge the main clause only: from its subject on
        clause = clause[cond.end() - len(cond.group(0).split()[-1]):]
    return _NEGATED.search(clause) is not None


#: the client asks itself whether to leave ("should we cancel ...?", "do we need to end ...?");
#: "are you aware we will not be renewing?" still gives notice
_ASKS_WHETHER = re.compile(r"(?<!\bhow )(?<!\bwhere )\b(?:should|shall|could|would|must|will|whether) (?:we|i)\b|"
                           r"(?<!\bhow )\bdo (?:we|i) (?:really )?(?:want|need) to\b", re.IGNORECASE)


_ENDS = re.compile(r"[.!?\n]+\s*")
_END_AFTER = re.compile(r"[.!?](?=\s|$)|\n")  # (a dot inside an address does not end the sentence)
_END_MARK = re.compile(r"[.!?\n]")


def _sentence_before(text: str, at: int) -> str:
    """The sentence holding position ``at``, up to ``at``."""
    cut = [m.end() for m in _ENDS.finditer(text[:at])]
    return text[cut[-1] if cut else 0:at]


def _sentence_after(text: str, at: int) -> str:
    """The rest of the sentence from position ``at`` (a dot inside an address does not end it)."""
    end = _END_AFTER.search(text, at)
    return text[at:end.start() if end else len(text)]


def _in_question(text: str, at: int) -> bool:
    """The sentence holding position ``at`` ends with a question mark."""
    end = _END_MARK.search(text, at)
    return end is not None and end.group(0) == "?"


def churn_cue(text: object) -> tuple[str, str] | None:
    """``("notice", sentence)`` or ``("risk", sentence)`` when a client message says it is leaving
    or weighing it, else None.

    >>> churn_cue("Please take this as formal notice to end the retainer on 31 December.")[0]
    'notice'
    >>> churn_cue("The board is reviewing all agency spend this quarter.")[0]
    'risk'
    >>> churn_cue("We have no plans to cancel our contract.") is None
    True
    """
    if not isinstance(text, str) or not text:
        return None
    found = None
    for kind, pattern in (("notice", _NOTICE), ("risk", _RISK)):
        for m in pattern.finditer(text):
            clause = _clause_before(text, m.start())
            if _negated(text, m.start(), m.group(0)) or _OTHER_ACTOR.search(clause):
                continue
            after = _sentence_after(text, m.end())
            before = _sentence_before(text, m.start())
            plain_after = _CONCESSIVE.sub(" ", after)  # "..., even though we'd prefer your team" keeps it
            if (_PREFER_US if kind == "notice" else _NOT_ABOUT_US).search(plain_after) or _NOT_US_AFTER.search(after):
                continue  # "... new laptops, nothing to do with you" / "..., we prefer you" / "... with Kestrel for us"
            if kind == "notice" and _OBJECTLESS.match(m.group(0)) and _SMALL_THINGS.search(text):
                continue  # "I ordered the wrong size. I want to cancel."
            if _INCIDENTAL.search(m.group(0)):
                continue  # "cancel our newsletter subscription", "the duplicate subscription"
            if kind == "risk" and _REVIEW.search(m.group(0)) and not _conditional(before, after):
                continue  # "Legal will have to review the contract before we sign": routine
            if kind == "notice" and _PARTIAL.search(after):
                kind = "risk"  # "switching to another provider for SMS, the email part stays with you"
            if kind == "notice" and _in_question(text, m.start()) and _ASKS_WHETHER.search(clause):
                kind = "risk"  # "should we cancel our subscription if this continues?" asks, it does not give notice
            if kind == "notice" and not _THIS_IS_NOTICE.search(text[max(0, m.start() - 80):m.end()]) and (
                    _HEDGE.search(_REQUEST.sub(" ", clause))
                    or _conditional(before, after)):
                kind = "risk"  # "we may have to end our contract", "if this isn't fixed, we'll switch"
            found = (kind, m.start())
            break
        if found:
            break
    if found is None:
        return None
    kind, at = found
    for s in _SENTENCE.finditer(text):
        if s.start() <= at < max(s.end(), s.start() + 1):
            return kind, " ".join(s.group(0).split())
    return kind, " ".join(text.split())[:200]
