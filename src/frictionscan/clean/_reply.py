"""Line-based reply splitter: (sender's new text, quoted history, dropped signature/disclaimer).

One pass over the lines classifies each as the sender's (``T``) or history (``Q``):

* ``>``-prefixed lines are history; unquoted lines between them are the sender's inline answers,
  except a lowercase "lazy continuation" wrapped straight out of a quoted line;
* a *soft* boundary (an attribution "On ... wrote:" in any covered language, or a Gmail/Thunderbird
  quote container) followed by ``>`` lines starts an interleaved region; followed by anything else
  it ends the sender's text;
* a *hard* boundary ("-----Original Message-----", a forward banner, an Outlook header block,
  an Outlook/Yahoo reply container) ends the sender's text: everything from it on is history.

The sender's lines then lose external-sender banners, the ``-- `` signature, "Sent from my ..."
lines, legal disclaimers, and a closing ("Best regards,") with the name/title/phone block after it.
Those dropped lines are returned separately so callers (and tests) can see that nothing else was lost.
"""

from __future__ import annotations

import re
from email.utils import parseaddr
from functools import lru_cache

from . import _patterns as P

_MAX_ATTR_LEN = 400
_STRIP_ROUNDS = 5
# the line break before the first line that is neither quoted (">" after optional whitespace) nor
# blank: where a run of quoted/blank lines ends (a literal "\n" first lets the engine skip ahead)
_RUN_END_RE = re.compile(r"\n(?![^\S\n]*[>\n])")
_MOBILE_FIRST = frozenset("sSeEiIvVgGdDbBhHwWtToO")  # first letters of the device-line openers
_TAIL_WINDOW = 16  # closings / signature blocks are looked for in the last N non-blank lines
_SPLIT_NL_RE = re.compile(r"\r\n?")
_PROSE_END = (".", "!", "?")
# a finished sentence (or a closing's comma) just above a lone name; 。！？，are the CJK ones
_SENTENCE_END = (".", "!", "?", ",", "。", "！", "？", "，")
_OPENER_FIRST = frozenset("OALEIDPWN")  # first letters of ATTR_OPENER_RE's words (case-sensitive)


def signer(name: str | None, address: str | None) -> str | None:
    """``"Name" <address>`` for :func:`sender_names`: a display name is how people sign ("Jean-Luc"),
    an address often is not (``jl.roussel@...``).

    >>> signer("Jean-Luc Roussel", "jl.roussel@maris.example"), signer(None, "a@b.example")
    ('"Jean-Luc Roussel" <jl.roussel@maris.example>', 'a@b.example')
    """
    return f'"{name}" <{address or ""}>' if name else address


@lru_cache(maxsize=512)
def sender_names(sender: str | None) -> frozenset[str]:
    """Lower-cased strings a signature line naming ``sender`` may consist of."""
    if not sender:
        return frozenset()
    name, addr = parseaddr(sender)
    if not name and "@" not in sender:
        name = sender
    names: set[str] = set()
    name = _bare_name(name.strip().strip("\"'"))  # "Ann Lee, PhD" is no "Last, First"
    if name.count(",") == 1:  # "Schmidt, Anna"
        last, first = name.split(",")
        name = f"{first.strip()} {last.strip()}"
    words = [w.lower() for w in re.split(r"[\s,]+", name) if w]
    if words:
        names.add(" ".join(words))
        names.add(words[0])
        if len(words) >= 2:
            names.add(f"{words[0]} {words[-1]}")
            names.add(f"{words[0][0]}. {words[-1]}")
            names.add(f"{words[-1]}, {words[0]}")  # written "Park, Felix" under the text
    local = addr.split("@", 1)[0].lower() if "@" in addr else ""
    parts = [p for p in re.split(r"[._-]+", local) if len(p) > 1 and not p.isdigit()]
    if len(parts) >= 2:
        names.add(" ".join(parts))
        names.add(parts[0])
    return frozenset(n for n in names if len(n) >= 2)


def _is_quoted(s: str) -> bool:
    return s[:1] == P.QUOTE_PREFIX


def _has_attr_verb(s: str) -> bool:
    """Cheap substring test before the (slow, search-anywhere) attribution regex."""
    low = s.lower()
    return any(stem in low for stem in P.ATTR_VERB_STEMS) and bool(P.ATTR_RE.search(low))


def _attribution_span(lines: list[str], i: int, s: str) -> int:
    """Number of lines (1-3) forming an attribution starting at line ``i``, or 0."""
    if s[-1:] == ":" or s[-2:] == ": ":
        if len(s) <= _MAX_ATTR_LEN and _has_attr_verb(s) and _strong_attr(s):
            return 1
        return 0
    if not P.ATTR_OPENER_RE.match(s) or len(s) > _MAX_ATTR_LEN:
        return 0
    joined = s
    for k in (1, 2):
        if i + k >= len(lines):
            break
        nxt = lines[i + k].strip()
        if not nxt or _is_quoted(nxt):
            break
        joined = f"{joined} {nxt}"
        if len(joined) > _MAX_ATTR_LEN:
            break
        if joined.endswith(":") and _has_attr_verb(joined):
            return k + 1
    return 0


def _strong_attr(s: str) -> bool:
    """An attribution that cuts even without ``>`` lines after it (has a date, address or opener)."""
    return bool(P.ATTR_OPENER_RE.match(s) or "@" in s or P.HAS_DIGIT_RE.search(s))


def _weak_attr(s: str) -> bool:
    """'Anna Schmidt wrote:' -- counts only when quoted lines follow."""
    return (s.endswith(":") or s.endswith(": ")) and len(s) <= 200 and _has_attr_verb(s)


def _header_match(s: str) -> re.Match[str] | None:
    """``HEADER_RE.match(s)``, skipping the regex when the text before the first colon is too long
    to be a header key (the key, blanks and ``*``/``_`` are all there is before that colon)."""
    colon = s.find(":")
    if colon < 0:
        colon = s.find("：")  # full-width colon (ja/zh clients)
    if colon < 0 or len(s[:colon].strip().lstrip("*_")) > P.HEADER_KEY_MAX:
        return None
    return P.HEADER_RE.match(s)


def _header_block(lines: list[str], i: int, s: str) -> bool:
    """Outlook-style header block starting at line ``i``: From + at least two other header keys."""
    m = _header_match(s)
    if not m:
        return False
    # one-line rendering: "From: A Sent: B To: C Subject: D"
    if len(P.INLINE_HEADER_KEY_RE.findall(s)) >= 3 and m.group("from"):
        return True
    has_from = bool(m.group("from"))
    count = 1
    blanks = 0
    for j in range(i + 1, min(len(lines), i + 10)):
        t = lines[j].strip()
        if not t:
            blanks += 1
            if blanks > 2:
                break
            continue
        hm = _header_match(t)
        if hm:
            count += 1
            has_from = has_from or bool(hm.group("from"))
    return has_from and count >= 3


def _boundary(lines: list[str], i: int, s: str) -> tuple[str, int]:
    """Classify line ``i`` (stripped ``s``, not quoted) as a boundary: ("hard"|"soft"|"weak"|"", span)."""
    if s == P.SOFT_CUT:
        return "soft", 1
    if s == P.HARD_CUT:
        return "hard", 1
    if (len(s) <= 120 and ("bove" in s or "BOVE" in s or "berhalb" in s or "ber dieser" in s
                           or "dessus" in s or "ncima" in s or "sopra" in s or "boven" in s)
            and P.REPLY_ABOVE_RE.search(s)):
        return "hard", 1  # helpdesk separator (cheap substring prefilter first)
    if ":" in s or "：" in s:
        if P.QUOTING_RE.match(s):
            return "soft", 1
        if _header_match(s) and _header_block(lines, i, s):
            return "hard", 1
        if P.BEGIN_FORWARD_RE.match(s):
            return "hard", 1
        span = _attribution_span(lines, i, s)
        if span:
            return "soft", span
        if _weak_attr(s) or (len(s) <= 200 and s[-1] in ":：" and "@" in s
                             and P.VERBLESS_ATTR_RE.search(s)):
            return "weak", 1
    if "-" in s or "_" in s or "=" in s or "*" in s:
        if P.BANNER_RE.match(s):
            return "hard", 1
    elif s[0] in _OPENER_FIRST and P.ATTR_OPENER_RE.match(s):
        span = _attribution_span(lines, i, s)
        if span:
            return "soft", span
    # only F/f/O/o lower-case to a string starting with "f"/"o"
    elif s[0] in "FfOo" and s.lower().startswith(("forwarded message", "original message")) \
            and P.BANNER_RE.match(s):
        return "hard", 1
    return "", 0


def _next_nonblank(lines: list[str], j: int) -> str:
    n = len(lines)
    while j < n:
        t = lines[j].strip()
        if t:
            return t
        j += 1
    return ""


def classify(lines: list[str], text: str | None = None) -> tuple[list[int], list[int], int]:
    """Return (indices of the sender's lines incl. blanks, indices of quoted lines, cut index).

    ``text`` is ``"\n".join(lines)`` when the caller has it (saves re-joining it).
    """
    text_idx: list[int] = []
    quoted_idx: list[int] = []
    n = len(lines)
    cut = n
    i = 0
    text_nl = ""
    known_line = known_pos = 0  # a line index and its character offset in text_nl
    prev_kind = ""  # "T" / "Q" of the previous non-blank line
    while i < n:
        s = lines[i].strip()
        if not s:
            text_idx.append(i)
            i += 1
            continue
        if s[0] == ">":
            # fast path: one regex call finds the whole run of quoted/blank lines
            if not text_nl:
                text_nl = ("\n".join(lines) if text is None else text) + "\n"
            # offset of line i, advanced from the last known one (i only grows: linear overall)
            pos = known_pos + sum(map(len, lines[known_line:i])) + (i - known_line)
            m = _RUN_END_RE.search(text_nl, pos)  # line i is quoted: no match before its end
            end = m.end() if m is not None else len(text_nl)
            j = i + text_nl.count("\n", pos, end)
            known_line, known_pos = j, end
            quoted_idx.extend(range(i, j))
            prev_kind = "Q"
            i = j
            continue
        kind, span = _boundary(lines, i, s)
        if kind:
            j = i + span
            if kind in ("soft", "weak"):
                nxt = _next_nonblank(lines, j)
                # a soft container followed by the attribution line: look past it
                if nxt and not _is_quoted(nxt) and s == P.SOFT_CUT:
                    k = j
                    while k < n and not lines[k].strip():
                        k += 1
                    sub_kind, sub_span = _boundary(lines, k, lines[k].strip()) if k < n else ("", 0)
                    if sub_kind in ("soft", "weak"):
                        j = k + sub_span
                        nxt = _next_nonblank(lines, j)
                if _is_quoted(nxt):
                    while j < n and not lines[j].strip():
                        j += 1
                    quoted_idx.extend(range(i, j))
                    prev_kind = "Q"
                    i = j
                    continue
                if kind == "weak":
                    kind = ""
            if kind:
                # pull a separator line ("______") just above the boundary into the history
                j = len(text_idx)
                while j and not lines[text_idx[j - 1]].strip():
                    j -= 1
                if j and P.SEPARATOR_RE.match(lines[text_idx[j - 1]]):
                    i = text_idx[j - 1]
                    del text_idx[j - 1:]
                cut = i
                break
        if prev_kind == "Q" and s[0].islower() and i + 1 < n:
            prev = lines[i - 1].strip()
            nxt = lines[i + 1].strip()
            if prev and nxt and _is_quoted(prev) and _is_quoted(nxt) and not prev.endswith(_PROSE_END):
                quoted_idx.append(i)  # lazy continuation of a wrapped quoted line
                i += 1
                continue
        text_idx.append(i)
        prev_kind = "T"
        i += 1
    return text_idx, quoted_idx, cut


# --------------------------------------------------------------------------------------------------
# signature, disclaimer and banner removal on the sender's lines
# --------------------------------------------------------------------------------------------------


def _paragraphs_of(stripped: list[str]) -> list[tuple[int, int]]:
    """(start, end) index ranges of non-blank runs, given the stripped lines."""
    out = []
    start = None
    for k, s in enumerate(stripped):
        if s:
            if start is None:
                start = k
        elif start is not None:
            out.append((start, k))
            start = None
    if start is not None:
        out.append((start, len(stripped)))
    return out


def _is_prose(s: str) -> bool:
    return len(s.split()) >= 10 and s.endswith(_PROSE_END)


def _sig_like(lines: list[str]) -> bool:
    """Lines after a closing/name look like a signature block (short, no prose, not too many)."""
    nonblank = [ln.strip() for ln in lines if ln.strip()]
    if len(nonblank) > 12:
        return False
    return all(len(s) <= 120 and not _is_prose(s) for s in nonblank)


# (starts only where a run of spaces starts: the same matches, linear in a line of many spaces)
_SIG_SEP_RE = re.compile(r"(?<!\s)\s+[|·•]\s+")


def _bare_name(s: str) -> str:
    """``s`` without the post-nominals and pronouns a signature's name line may end with
    (:data:`P.NAME_SUFFIX_RE`), so that the name itself can be judged.

    >>> _bare_name("Ann Lee, PhD"), _bare_name("Ann Lee (she/her)"), _bare_name("Ann Lee, thanks for this")
    ('Ann Lee', 'Ann Lee', 'Ann Lee, thanks for this')
    """
    if len(s) > 80 or ("," not in s and "(" not in s):
        return s
    m = P.NAME_SUFFIX_RE.search(s)
    return s[: m.start()] if m is not None and m.start() > 0 else s


def _is_name_line(s: str, names: frozenset[str]) -> bool:
    if "|" in s or "·" in s or "•" in s:  # one-line signature: "Ann Lee | Head of IT | ACME"
        head, *rest = _SIG_SEP_RE.split(s)
        return bool(rest) and _is_name_line(head, names) and (
            any(P.TITLE_RE.search(x) or P.CONTACT_RE.search(x) for x in rest) or len(rest) >= 2
        )
    s = _bare_name(s)
    core = s.strip(P.CLOSING_TAIL_STRIP).lower()
    if core and core in names:
        return True
    if P.NAME_SINGLE_DASH_RE.match(s):
        return True
    if len(s) <= 7 and P.CJK_NAME_RE.match(s):
        return core not in P.NOT_A_NAME
    return len(s.split()) >= 2 and len(s) <= 40 and bool(P.NAME_RE.match(s)) and ":" not in s


def _could_be_senders(word: str, names: frozenset[str]) -> bool:
    """A lone capitalised word signs the mail only if it could be the sender's name: with the sender
    unknown, any; with it known, one of the sender's names or a short form of one ("Alex" for
    Alexander). A last paragraph like "Unacceptable." or "Again" is the sender's voice, not a name.

    >>> names = sender_names("Ann Smith <ann@acme.com>")
    >>> [_could_be_senders(w, names) for w in ("Ann", "Unacceptable.", "Again")], _could_be_senders("X", frozenset())
    ([True, False, False], True)
    """
    if not names:
        return True
    core = word.strip(P.CLOSING_TAIL_STRIP).lower()
    return any(core == n or (len(core) >= 3 and n.startswith(core[:3])) for n in names)


def _names_sender(s: str, names: frozenset[str]) -> bool:
    return bool(names) and _bare_name(s).strip(P.CLOSING_TAIL_STRIP).lower() in names


def _vouched_name(lines: list[str], k: int, after: list[str]) -> bool:
    """A name-like line without a closing or sender match: the signature must show itself, by
    contact details / a job title after it, or by standing alone in the last paragraph."""
    rest = [x for x in after if x.strip()]
    if rest:
        return any(P.CONTACT_RE.search(x) or P.TITLE_RE.search(x) for x in rest)
    if k > 0 and not lines[k - 1].strip():  # alone in the last paragraph
        # (a one-character Han family or given name is common: "赵 敏")
        return all(len(w) >= 2 for w in lines[k].split()) or bool(P.CJK_NAME_RE.match(lines[k].strip()))
    # "...have a great weekend!\nTom": a first name right under a finished sentence
    s = lines[k].strip().strip(P.CLOSING_TAIL_STRIP)
    prev = lines[k - 1].rstrip() if k > 0 else ""
    return (len(s.split()) == 1 and len(s) <= 15 and s.lower() not in P.NOT_A_NAME
            and prev.endswith(_SENTENCE_END))


def _is_closing(s: str, parts: int = 1) -> bool:
    """A closing line ("Best regards,", "Cordialement / Best regards," in up to three languages)."""
    if len(s) > 60 and (len(s) > 180 or ("/" not in s and "|" not in s) or "://" in s
                        or ("/" not in s[:61] and "|" not in s[:61])):
        return False  # (in a two-language closing the first one has at most 60 characters)
    low = s.lower()
    m = P.CLOSING_HEAD_RE.match(low)
    if not m:
        return False
    # lower() keeps the length except for a few letters (İ); then fall back to the lower-cased rest
    rest = (s if len(low) == len(s) else low)[m.end():].strip(P.CLOSING_TAIL_STRIP)
    if not rest:
        return True
    if rest[0] in "/|":  # the same closing in another language after it
        return parts < 3 and _is_closing(rest[1:].strip(), parts + 1)
    name = _bare_name(rest)  # "Best regards, Ann Lee, PhD"
    return ((bool(P.NAME_RE.match(name)) and len(name) <= 40)
            or bool(P.CLOSING_PLACE_RE.match(rest)))


_BANNER_MAX = 600  # characters: a longer run of lines is not a gateway's banner
# a text of one line is looked at for a banner in front of the sender's words only when it is longer
# than this ("[EXTERNAL] Hi Ann" is the shortest such form; most one-line replies are shorter)
_INLINE_BANNER_MIN = 16
_BANNER_LINE_END = (".", "!", "?", ":", "]", ")")


def _banner_span(stripped: list[str], k: int, end: int) -> int:
    """Number of lines from ``k`` (before ``end``, the paragraph's end) that form an external-sender
    banner and nothing else, or 0 (see :func:`_banner_at`).

    >>> _banner_span(["CAUTION: This email originated from outside of the", "organization.", "Hi Ann,"], 0, 3)
    2
    >>> _banner_span(["Our external auditor came from outside the organisation."], 0, 1)
    0
    """
    n, cut = _banner_at(stripped, k, end)
    return n if cut is None else 0


def _banner_at(stripped: list[str], k: int, end: int) -> tuple[int, int | None]:
    """(lines, cut): the number of lines from ``k`` (before ``end``, the paragraph's end) that an
    external-sender banner covers, or 0; and where the sender's own text starts inside them (an offset
    into those lines joined by newlines), or None when the lines hold the banner only.

    Line ``k`` must open one ("LET OP: Deze e-mail is afkomstig van buiten de organisatie ...", a
    bare "[EXTERNAL]" tag, or a label alone with the banner sentence on the next line). The banner
    runs on over wrapped lines and lines of the usual advice ("Do not click links ..."); the
    sender's own next line ends it. On its last line the sender's text may follow the banner ("...
    unless you recognize the sender. Anna, the refund is late."): the first sentence after the banner
    that opens with a greeting or a name and a comma, speaks in the sender's voice, or is neither
    advice (links, attachments, sender, careful ...) nor another banner sentence starts the cut. A banner part in the first
    person, or one that explains ("because ..."), is the sender's: (0, None).

    >>> _banner_at(["CAUTION: This email originated from outside. Do not click links. Anna, hi."], 0, 1)
    (1, 65)
    >>> _banner_at(["[EXTERNAL] Anna, the refund is late."], 0, 1)
    (1, 11)
    """
    s = stripped[k]
    if len(s) > _BANNER_MAX:
        return 0, None
    low = s.lower()
    m = P.BANNER_LABEL_RE.match(low)
    at = m.end() if m else 0
    own = low[at:]  # the line after its label
    head = own
    if not own.endswith(_PROSE_END) and k + 1 < end:  # the sentence may be wrapped: join 2 lines
        head = "\n".join([own, *(x.lower() for x in stripped[k + 1:min(end, k + 3)])])
    lead = len(head) - len(head.lstrip())
    sm = P.BANNER_SENTENCE_RE.match(head, lead)
    tag_only = False
    if sm:
        j = k + 1 + head.count("\n", 0, sm.end())
        at += sm.end()
    elif m is None:
        return 0, None
    elif own:
        if not P.BANNER_AFTER_LABEL_RE.match(own):
            if not m.group("tag"):
                return 0, None
            tag_only = True  # "[EXTERNAL] Anna, the refund is late.": the tag goes, the text stays
        j = k + 1
    elif m.group("tag") or m.group("ext"):
        j = k + 1  # "[EXTERNAL]" alone
    else:
        return 0, None
    total = sum(map(len, stripped[k:j]))
    while j < end:
        t = stripped[j]
        prev = stripped[j - 1]
        low = t.lower()
        if not (_wrapped(prev, t) or P.BANNER_CONT_RE.match(low) or P.BANNER_SENTENCE_RE.match(low)):
            break
        total += len(t)
        if total > _BANNER_MAX:
            return 0, None
        j += 1
    text = "\n".join(stripped[k:j])
    cut: int | None = at if tag_only else _banner_end(text, at)
    if P.BANNER_SENDERS_VOICE_RE.search(text if cut is None else text[:cut]):
        return 0, None
    return j - k, cut


_SENTENCE_STOP_RE = re.compile(r"[.!?](?=\s|$)")


def _banner_end(text: str, at: int) -> int | None:
    """Offset in ``text`` (banner lines, from the end of the banner's opening words at ``at``) where
    the sender's own sentence starts, or None (see :func:`_banner_at`)."""
    if not _SENTENCE_STOP_RE.search(text, at):  # (a one-sentence banner: the common case)
        return None
    low = text.lower()
    if len(low) != len(text):  # lower() changed a length (rare: "İ"): keep the lines whole
        return None
    n = len(low)
    i = at
    while True:
        m = _SENTENCE_STOP_RE.search(low, i)
        if m is None:
            return None
        i = m.end()
        while i < n and low[i].isspace():
            i += 1
        if i >= n:
            return None
        if P.BANNER_CONT_RE.match(low, i) or P.BANNER_SENTENCE_RE.match(low, i):
            continue
        label = P.BANNER_LABEL_RE.match(low, i)
        if label and P.BANNER_AFTER_LABEL_RE.match(low, label.end()):
            continue
        stop = _SENTENCE_STOP_RE.search(low, i)
        sentence = text[i:stop.end() if stop else n]
        if (P.BANNER_TAIL_SENDER_RE.match(sentence) or P.BANNER_SENDERS_VOICE_RE.search(sentence)
                or not P.BANNER_ADVICE_RE.search(sentence.lower())):
            return i


def _cut_banner(
    lines: list[str], stripped: list[str], k: int, n: int, cut: int
) -> tuple[list[str], list[str]]:
    """Drop the banner that covers lines ``k``..``k+n`` up to offset ``cut`` (into those stripped lines
    joined by newlines); the sender's text from ``cut`` on stays."""
    off = 0
    for q in range(k, k + n):
        size = len(stripped[q])
        if cut <= off + size:
            head, tail = stripped[q][:cut - off], stripped[q][cut - off:]
            return ([*lines[:k], tail, *lines[q + 1:]],
                    [*lines[k:q], head.rstrip()] if head.strip() else lines[k:q])
        off += size + 1
    return lines, []  # (not reached: the cut is inside the lines)


# words after which a hard-wrapped banner line carries on even when the next line starts in upper
# case (German nouns, "Sie"): articles, determiners, prepositions and conjunctions
_WRAP_WORDS = frozenset((
    "the", "a", "an", "of", "from", "to", "and", "or", "your", "our", "any", "this", "that", "with",
    "on", "in", "by", "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem",
    "einer", "eines", "keine", "keinen", "diese", "dieser", "dieses", "von", "auf", "aus", "mit",
    "zu", "und", "oder", "ihre", "ihren", "ihrer", "ihres", "sie", "de", "het", "een", "van", "op",
    "en", "uw", "onze", "deze", "dit", "met", "la", "le", "les", "du", "un", "une", "et", "ou",
    "votre", "vos", "notre", "ce", "cet", "cette", "à", "el", "los", "las", "y", "o", "su", "sus",
    "este", "esta", "del", "al", "il", "lo", "gli", "i", "della", "dello", "delle", "dei", "degli",
    "dal", "dalla", "e", "questa", "questo", "os", "as", "um", "uma", "da", "do", "dos", "em", "no",
    "na", "seu", "sua"
))


# words that start the sender's own next sentence rather than carry on a wrapped one
_SENTENCE_OPENERS = frozenset((
    "i", "we", "you", "our", "my", "please", "hi", "hello", "dear", "thanks", "ich", "wir", "bitte",
    "hallo", "sehr", "liebe", "lieber", "guten", "danke", "ik", "wij", "beste", "hoi", "je", "nous",
    "bonjour", "merci", "yo", "nosotros", "hola", "gracias", "io", "noi", "ciao", "grazie",
    "buongiorno"
))


def _wrapped(prev: str, t: str) -> bool:
    """Line ``t`` carries on the unfinished line ``prev`` (hard-wrapped text): it starts in lower
    case, or ``prev`` stops on an article, preposition or conjunction, or ``t`` goes on with the
    German "Sie" ("Klicken / Sie nicht auf Links") or a noun after an inflected word ("einem
    externen / Absender")."""
    if prev.endswith(_BANNER_LINE_END):
        return False
    if t[0].islower() or t.startswith("Sie "):
        return True
    last = prev.rsplit(None, 1)[-1]
    if last.lower() in _WRAP_WORDS:
        return True
    # a German adjective or article form at the end, a noun next ("einem externen / Absender")
    first = t.split(None, 1)[0]
    return (last.islower() and last.endswith(("e", "en", "em", "er", "es")) and first[0].isupper()
            and first.lower() not in _WRAP_WORDS and first.lower() not in _SENTENCE_OPENERS
            and not t.endswith(","))


class _Cues:
    """Whether the sender's text may hold a banner / a disclaimer (substring prefilters over the
    lower-cased text, made once), computed on first need: a text with one line never needs them."""

    __slots__ = ("_banner", "_disclaimer", "_lines", "_low")

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines
        self._low: str | None = None
        self._banner: bool | None = None
        self._disclaimer: bool | None = None

    def _lower(self) -> str:
        if self._low is None:
            self._low = "\n".join(self._lines).lower()
        return self._low

    def banner(self) -> bool:
        if self._banner is None:
            self._banner = _has_key(self._lower(), P.BANNER_KEYS)
        return self._banner

    def disclaimer(self) -> bool:
        if self._disclaimer is None:
            # Disclaimers are looked for in paragraphs after the first. Rounds only remove lines,
            # so the lines of the first paragraph stay in the first paragraph: skip them here.
            lines = self._lines
            n = len(lines)
            k = 0
            while k < n and not lines[k].strip():
                k += 1
            while k < n and lines[k].strip():
                k += 1
            low = self._lower()
            if len(low) != sum(map(len, lines)) + n - 1:  # lower() changed a length (rare: "İ")
                low = "\n".join(lines[k:]).lower()
            else:
                low = low[sum(map(len, lines[:k])) + k:]
            self._disclaimer = _has_key(low, P.DISCLAIMER_KEYS)
        return self._disclaimer


def _has_key(low: str, keys: tuple[str, ...]) -> bool:
    for k in keys:  # noqa: SIM110 (a plain loop: faster than any() over a generator)
        if k in low:
            return True
    return False


def strip_signature(
    lines: list[str], names: frozenset[str]
) -> tuple[list[str], list[str], bool]:
    """Remove banners, signatures, disclaimers and closings; return (kept, dropped, settled).

    ``settled`` is False when the round limit stopped the loop before a round changed nothing.
    """
    dropped: list[str] = []
    cues = _Cues(lines)  # the prefilters look at the text as it came in, before any round
    for _ in range(_STRIP_ROUNDS):
        before = len(lines)
        lines, d = _strip_once(lines, names, cues)
        dropped.extend(d)
        if len(lines) == before and not d:  # (a banner cut inside a line keeps the count)
            return lines, dropped, True
    return lines, dropped, False


def _strip_once(
    lines: list[str], names: frozenset[str], cues: _Cues
) -> tuple[list[str], list[str]]:
    stripped = [ln.strip() for ln in lines]
    paras = _paragraphs_of(stripped)
    if not paras:
        return lines, []
    # external-sender banner: whole lines at the top of the first paragraph (a plain-text banner is a
    # paragraph of its own; an HTML one renders as a line right above the greeting), or at the end of
    # the last paragraph; never the only thing the sender wrote
    s0, e0 = paras[0]
    if (len(paras) > 1 or e0 - s0 > 1 or len(stripped[s0]) > _INLINE_BANNER_MIN) and cues.banner():
        n, cut = _banner_at(stripped, s0, e0)
        if n and cut is not None:  # the sender's text goes on right after the banner
            return _cut_banner(lines, stripped, s0, n, cut)
        if n and (len(paras) > 1 or s0 + n < e0):
            return lines[:s0] + lines[s0 + n:], lines[s0:s0 + n]
        ps, pe = paras[-1]
        # a P.S. under the banner is the sender's: the banner then ends right above it
        keep = pe
        if len(paras) > 1 and stripped[ps][:1] in "PpNn" and P.PS_RE.match(stripped[ps]):
            keep = ps
            ps, pe = paras[-2]
        else:
            for q in range(ps + 1, pe):
                if stripped[q][:1] in "PpNn" and P.PS_RE.match(stripped[q]):
                    pe = keep = q
                    break
        for k in range(ps + (len(paras) == 1), pe):  # (a one-paragraph text's first line: above)
            n, cut = _banner_at(stripped, k, pe)
            if n == pe - k:
                if cut is not None:  # "... from outside the organization. P.S. Call me."
                    return _cut_banner(lines, stripped, k, n, cut)
                return lines[:k] + lines[keep:], lines[k:pe]
    # "-- " delimiter, "Sent from my iPhone", disclaimer paragraphs: drop from there to the end
    for k, s in enumerate(stripped):
        if not s:
            continue
        c = s[0]
        if c in "-_—" and P.SIG_DELIM_RE.match(s):
            return lines[:k], lines[k:]
        if c in _MOBILE_FIRST and len(s) <= 140 and P.MOBILE_RE.match(s):
            rest = [x for x in lines[k + 1:] if x.strip()]
            if len(rest) <= 3 or _sig_like(rest):
                return lines[:k], lines[k:]
            return lines[:k] + lines[k + 1:], [lines[k]]
    for idx, (ps, pe) in enumerate(paras):
        if idx == 0 or not cues.disclaimer():
            continue
        low = "\n".join(lines[ps:pe]).lower()
        if _has_key(low, P.DISCLAIMER_KEYS) and P.DISCLAIMER_RE.search(low):
            # a separator line ("______") alone in the paragraph above belongs to the footer
            prev = idx - 1
            if prev > 0 and paras[prev][1] - paras[prev][0] == 1 \
                    and P.SEPARATOR_RE.match(stripped[paras[prev][0]]):
                ps = paras[prev][0]
            return lines[:ps], lines[ps:]
    # a disclaimer starting inside the last paragraph (HTML paragraphs render as single lines):
    # a line, not the paragraph's first, that opens like one ("This email and any files ...") and,
    # with the lines after it, says two disclaimer things ("...confidential ... intended solely for
    # the use of the individual"); one phrase alone may be the sender's own words
    ps, pe = paras[-1]
    if pe - ps > 1 and _has_key("\n".join(stripped[ps + 1:pe]).lower(), P.DISCLAIMER_KEYS):
        for k in range(ps + 1, pe):
            low = stripped[k].lower()
            if len(low) >= 40 and _has_key(low, P.DISCLAIMER_KEYS):
                m = P.DISCLAIMER_RE.search(low)
                if (m and m.start() <= 30
                        and len(P.DISCLAIMER_RE.findall("\n".join(stripped[k:pe]).lower())) >= 2):
                    return lines[:k], lines[k:]
    # closing line or the sender's name, followed by a signature block, near the end
    nonblank = [k for k, x in enumerate(stripped) if x]
    first = nonblank[0]
    for k in nonblank[-_TAIL_WINDOW:]:
        s = stripped[k]
        closing = _is_closing(s)
        if not (closing or (k != first and _is_name_line(s, names))):
            continue
        if k == first:  # nothing before it
            continue
        after = lines[k + 1:]
        if (not closing and not _names_sender(s, names) and not _SIG_SEP_RE.search(s)
                and not _vouched_name(lines, k, after)):
            continue
        ps_at = next((j for j, x in enumerate(after) if P.PS_RE.match(x.strip())), None)
        sig_part = after if ps_at is None else after[:ps_at]
        if _sig_like(sig_part):
            end = k + 1 + len(sig_part)
            # a long dash line right above the closing/name opens the signature block
            if k - 1 > first and stripped[k - 1][:1] in "-_=*" and P.SEPARATOR_RE.match(stripped[k - 1]):
                k -= 1
            return lines[:k] + lines[end:], lines[k:end]
    # a lone first name as the last paragraph ("...\n\nJordan")
    # or right under a finished sentence ("...have a great weekend!\nTom")
    ps, pe = paras[-1]
    last = pe - 1
    if len(paras) > 1 or pe - ps > 1:
        s = stripped[last]
        own_para = pe - ps == 1 and len(paras) > 1
        if (len(s) <= 25 and len(s.split()) == 1
                and (P.NAME_RE.match(s) or (len(s) <= 7 and P.CJK_NAME_RE.match(s)))
                and s.strip(P.CLOSING_TAIL_STRIP).lower() not in P.NOT_A_NAME
                and _could_be_senders(s, names)
                and (own_para or lines[last - 1].rstrip().endswith(_SENTENCE_END))):
            return lines[:last], lines[last:]
    # a signature framed by long dash lines at the end ("----------\nName\nCompany\nTel ...")
    if len(paras) > 1 and stripped[ps][0] in "-_=*" and P.SEPARATOR_RE.match(stripped[ps]):
        block = stripped[ps + 1:pe]
        framed = bool(block) and bool(P.SEPARATOR_RE.match(block[-1]))
        inner = block[:-1] if framed else block
        if (1 <= len(inner) <= 10 and _sig_like(inner)
                and (framed or any(P.CONTACT_RE.search(x) for x in inner))):
            return lines[:ps], lines[ps:]
    # trailing contact block without a closing: name / title / phone / address lines
    ps, pe = paras[-1]
    if len(paras) > 1 and 2 <= pe - ps <= 10:
        block = stripped[ps:pe]
        head = block[0]
        if (len(head) <= 60 and not head.endswith((":", "?", "!")) and not _is_prose(head)
                and len(head.split()) <= 6
                and any(P.CONTACT_RE.search(x) for x in block)
                and (P.NAME_RE.match(_bare_name(head)) or P.TITLE_RE.search(head) or "|" in head)
                and _sig_like(block)):
            return lines[:ps], lines[ps:]
    return lines, []


# --------------------------------------------------------------------------------------------------


def _finish(lines: list[str]) -> str:
    out: list[str] = []
    blank = False
    for ln in lines:
        ln = ln.rstrip()
        if not ln.strip():
            blank = bool(out)
            continue
        if blank:
            out.append("")
            blank = False
        out.append(ln)
    return "\n".join(out)


def split_lines(text: str, names: frozenset[str]) -> tuple[str, str, str, bool]:
    """Split normalised plain text into (text, quoted, dropped, settled).

    ``settled`` means the signature stage reached a fixed point; the text is then stable under a
    second split as soon as :func:`classify` finds nothing to quote in it (see ``is_stable``).
    """
    lines = text.split("\n")
    text_idx, quoted_idx, cut = classify(lines, text)
    sender_lines: list[str]
    if not text_idx or text_idx[-1] - text_idx[0] == len(text_idx) - 1:  # one run: no gap to mark
        sender_lines = lines[text_idx[0]: text_idx[-1] + 1] if text_idx else []
    else:
        sender_lines = []
        last = -2
        for k in text_idx:
            if last >= 0 and k != last + 1:
                sender_lines.append("")
            sender_lines.append(lines[k])
            last = k
    kept, dropped, settled = strip_signature(sender_lines, names)
    if quoted_idx and quoted_idx[-1] - quoted_idx[0] == len(quoted_idx) - 1:  # one run
        quoted_lines = lines[quoted_idx[0]: quoted_idx[-1] + 1]
    else:
        quoted_lines = [lines[k] for k in quoted_idx]
    quoted_lines.extend(lines[cut:])
    quoted = "\n".join(quoted_lines).strip()
    return _finish(kept), quoted, "\n".join(dropped).strip(), settled


def is_stable(text: str) -> bool:
    """True when splitting ``text`` again can only give ``text`` back (nothing quoted in it).

    The signature rules look at paragraphs and lines, not at how many blank lines separate them,
    so a settled signature stage stays settled on the normalised text; only the quote/boundary
    classification could differ (lines that were apart in the body are now adjacent).
    """
    lines = text.split("\n")
    _, quoted_idx, cut = classify(lines, text)
    return not quoted_idx and cut == len(lines)


def normalise_newlines(body: str) -> str:
    if "\r" in body:
        body = _SPLIT_NL_RE.sub("\n", body)
    return body
