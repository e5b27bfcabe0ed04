"""Out-of-office replies recognisable only from their text.

Some mail systems and helpdesks send an auto-reply with a plain "Re:" subject and no
``Auto-Submitted`` header. The readers' header and subject rules miss it, and it would count as
the client writing. The rule here is narrow on purpose: a short text that says the writer is
away *and* points the reader elsewhere or to the return ("limited access to email", "for urgent
matters please contact", "I will reply on my return"); not one that asks a question or goes on
with "but"/"however"/"quickly" ("I'm out of the office until Monday, but quickly: the numbers
look wrong" is a person writing), not one with a word of complaint ("broken", "again",
"missed", "cancel"...), and only when every sentence belongs to the notice: the absence, the
referral or return, a greeting, thanks for the message, a closing, contact details, and after the
notice a signature block.
"""

from __future__ import annotations

import re

__all__ = ["out_of_office"]

_MAX_CHARS = 700

_AWAY = re.compile(
    r"\b(?:I am|I['’]m|I will be|I['’]ll be|I have been|I shall be)\s+(?:currently\s+|now\s+)?"
    r"(?:out of (?:the )?office|away from (?:the|my) (?:office|desk)|absent from (?:the|my) office|"
    r"(?:on|in) (?:annual |parental |maternity |paternity |sick |medical |study )?"
    r"(?:leave|vacation|holidays?|PTO)|out sick|on (?:a )?business trip|attending an? (?:conference|event|"
    r"training)|away at an? (?:conference|event|trade fair|training)|off sick|"
    r"away (?:until|till|from|on)|travell?ing (?:until|till|with limited))", re.IGNORECASE)
_REFERRAL = re.compile(
    r"\b(?:limited (?:access|connectivity)|no access to (?:my )?e-?mail|"
    r"(?:for|if (?:it is|it['’]s|this is)|if you need anything) urgent|urgent (?:matters|requests|"
    r"issues|enquiries|inquiries|questions)|please (?:contact|reach out to|e-?mail|"
    r"get in touch with|call)|in my absence|(?:upon|on|after) my return|when I(?: am|['’]m) back|"
    r"(?:respond|reply|answer it|get back to you)(?: to your (?:e-?mail|message))? (?:upon|on|when|"
    r"as soon as|after)|will (?:not|be unable to) (?:be )?(?:check|read|respond|reply)|"
    r"direct (?:any|all|your) (?:queries|questions|enquiries|inquiries|requests)|"
    r"(?:ring|phone) (?:reception|the office|our office|the service desk)|pick up your (?:e-?mail|message)|"
    r"(?:will not|won['’]t|has not|hasn['’]t|is not|isn['’]t) be(?:en)? forwarded|urgent cases?|"
    r"please you contact|check(?:ing)? (?:my )?e-?mails? (?:only )?occasionally|"
    r"no access to (?:my )?mails?)", re.IGNORECASE)
# what else an auto-reply says: a greeting, thanks for the message, the return date, a closing or
# contact details (a signature block after the notice: :func:`_signature_line`)
_FILLER = re.compile(
    r"^(?:(?:hi|hello|hey|dear|greetings|bonjour|hallo|hola|ciao|good (?:morning|afternoon|day|evening))"
    r"\b.{0,40}|(?:thank you and |thanks and )?(?:with )?(?:best|kind|warm|many) (?:regards|wishes|thanks)\b.{0,40}|"
    r"(?:many )?thanks?(?: you)?(?: very much)? for (?:your (?:e-?mail|message|note)|getting in touch|"
    r"reaching out|contacting (?:me|us))\b.{0,40}|dear (?:sender|sir|madam|customer|colleague)\b.{0,20}|"
    r"(?:best|kind|warm)?\s*(?:regards|wishes)\b.{0,40}|(?:best|cheers|thanks|thank you|sincerely)\W{0,3}|"
    r".{0,60}\b(?:back (?:in|on|at|from)|return(?:ing)? (?:on|to|from)|in the office (?:on|from))\b.{0,40}|"
    r"[\w\s()+./:@-]{0,60}(?:\+?\d[\d\s()-]{6,}|@[\w-]+\.\w+)[\w\s()+./:@-]{0,40})$",
    re.IGNORECASE)
_PARTS = re.compile(r"(?<=[.!?])\s+|\n+")
_COMPLAINT = re.compile(
    r"\b(?:broken|fail(?:ed|s|ing|ure)?|unacceptable|again|still|wrong|missed|deadline|cancel\w*|"
    r"down|outage|errors?|bugs?|crash\w*|not working|fix(?:ed)?|"
    r"frustrat\w*|disappoint\w*|complain\w*|terminat\w*|overdue|chas(?:e|ing))\b", re.IGNORECASE)
_AWAY_WORDS = ("office", "away", "leave", "vacation", "holiday", "pto", "travel", "sick", "trip",
               "conference", "absent")  # ("off sick", "away at a conference" contain one)
_GOES_ON = re.compile(r"\b(?:but|however|though|although|quick(?:ly)?)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!\n])\s")


def out_of_office(text: str) -> bool:
    """True when a short cleaned text is an out-of-office reply rather than a person writing.

    >>> out_of_office("I am currently out of the office with limited access to email. "
    ...               "For urgent matters please contact Raj.")
    True
    >>> out_of_office("I'm out of the office until Monday, but quickly: the totals look wrong. "
    ...               "Please contact Raj about the invoice.")
    False
    """
    if not isinstance(text, str) or not text or len(text) > _MAX_CHARS or "?" in text:
        return False
    low = text.lower()  # (substring tests first: the regexes run on a few texts in a thousand)
    if not any(w in low for w in _AWAY_WORDS):
        return False
    away = _AWAY.search(text)
    if away is None or not _REFERRAL.search(text):
        return False
    rest = _SENTENCE_END.split(text[away.end():], maxsplit=1)[0]
    if _GOES_ON.search(rest) is not None:
        return False
    # every sentence must be part of the notice: "I'm on leave from tomorrow. Please contact Raj
    # about the broken export, it has failed for three weeks." is a complaint with an absence
    if _COMPLAINT.search(text):  # an auto-reply complains about nothing
        return False
    seen_notice = False
    for part in _PARTS.split(text):
        x = " ".join(part.split())
        if not x.strip(" .,!-–—"):
            continue
        if _AWAY.search(x) or _REFERRAL.search(x):
            seen_notice = True
        elif not (_FILLER.match(x) or (seen_notice and _signature_line(x))):
            return False
    return True


def _signature_line(line: str) -> bool:
    """A line of a signature block after the notice ("Head of Marketing | Aldergate Ltd",
    "12 Quay Street, Bristol BS1 4DJ", "T 0117 496 0555"): every longer word is capitalised, has a
    digit, or is an address; a sentence ("Love the new logo!") has lower-case words."""
    if line.endswith(("!", "?")):
        return False
    words = [w.strip(".,;:|()[]'\"") for w in line.split()]
    return all(len(w) < 4 or w[:1].isupper() or any(c.isdigit() for c in w) or "@" in w
               or w.lower().startswith("www.") for w in words)
