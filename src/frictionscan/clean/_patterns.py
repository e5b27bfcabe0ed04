"""Precompiled patterns for reply extraction (quote headers, signatures, disclaimers).

Everything here is compiled once at import. The patterns cover English, German, French, Spanish,
Italian, Dutch, Portuguese, Swedish, Danish, Norwegian and Polish mail clients (Gmail, Apple Mail,
Outlook desktop/web/mobile, Thunderbird, Yahoo and the common phone mail apps).
"""

from __future__ import annotations

import re

# ASCII control characters used as structure markers by the HTML renderer (ASCII keeps the string
# compact: selectolax gets it without a UTF-8 encoding pass). They are removed from untrusted
# input before rendering, so a body can never forge one; none of them is whitespace to str.split.
BREAK = "\x0e"  # line break (block boundary)
SOFT_CUT = "\x0f"  # reply container that may hold inline answers (gmail_quote, moz-cite-prefix)
SIG_MARK = "\x10"  # a signature container begins (gmail_signature, moz-signature ...)
HARD_CUT = "\x11"  # container whose content is entirely history (Outlook divRplyFwdMsg ...)
HBREAK = "\x12"  # an explicit <br>: unlike block boundaries, several in a row make a blank line
NBSP = "\x13"  # &nbsp; while whitespace is collapsed
QOPEN = "\x14"  # <blockquote> opens
QCLOSE = "\x15"  # </blockquote> closes
MARKER_CHARS_RE = re.compile("[\x0e-\x15]")

# C0 controls that are not text (NUL, BEL, ESC...): a NUL cuts a cell short in CSV readers and C
# tools, ESC drives the terminal a table is printed on. No ``text`` keeps them. Tab, line feed,
# carriage return and form feed (a page break) are text; the vertical tab (a line break inside a
# paragraph) is a space. (The second pattern spares the two cut markers the renderer leaves.)
CONTROL_CHARS_RE = re.compile("[\x00-\x08\x0e-\x1f]")
CONTROL_BUT_CUTS_RE = re.compile("[\x00-\x08\x0e\x10\x12-\x1f]")

# --- attribution lines: "On <date>, <name> wrote:" and its translations ---------------------------
# The verb may come last (en, fr, es, it, pt, pl) or before the name (de, nl, sv, da, no).
# Lower-case, grouped by first letter so the regex engine tries few branches per position (the
# line is lower-cased before matching; IGNORECASE matching is several times slower).
_ATTR_VERB = (
    r"(?:w(?:rote|rites)|has\s+written|"
    r"s(?:chrieb|chreibt|chreef|krev|kriver|crisse)|ge(?:schrieben|schreven)|a\s+[ée]crit|"
    r"e(?:scribi[óo]|screveu)|ha\s+scritto|pisze|"
    r"n(?:apisa[łl]\s*\(a\)|apisa[łl]a|apisa[łl]|apsal\s*\(a\)|apsal)|kirjoitti|írta|irta)"
)
# verb, then at most a name/address, then the closing colon at the end of the (joined) line
ATTR_RE = re.compile(_ATTR_VERB + r"(?![\w])[^\n]{0,160}?\s*:\s*$")
# (every alternative starts with a plain letter, so the regex engine skips positions whose character
# cannot start a verb: about twice as fast as with a character class first)
# lower-case substrings one of which every attribution verb above contains
ATTR_VERB_STEMS = (
    "wr", "schr", "crit", "scri", "escrib", "escrev", "skr", "pis", "napisa", "kirjoitti", "rta",
    "napsal",
)
# words that open an attribution in the languages covered (case-sensitive on purpose)
ATTR_OPENER_RE = re.compile(
    r"^(?:On|Am|Le|El|Il|Op|Em|Den|D\.|På|W\s+dniu|Dnia|Dne|No\s+dia|Il\s+giorno)\s"
)
HAS_DIGIT_RE = re.compile(r"\d")
# an attribution without a verb (Japanese Gmail: "2026年3月2日(月) 9:05 Name <a@b.example>:"): a date's
# digits, an <address> and a closing colon; counts only when ">" lines follow
VERBLESS_ATTR_RE = re.compile(r"\d[^\n]*<\s*[^<>\s@]+@[^<>\s]+\s*>\s*[:：]$")

# --- "-----Original Message-----" and forward banners ----------------------------------------------
_ORIGINAL = (
    r"original\s+message|original\s+nachricht|urspr[üu]ngliche\s+nachricht|message\s+d'origine|"
    r"message\s+original|mensaje\s+original|messaggio\s+originale|oorspronkelijk\s+bericht|"
    r"origineel\s+bericht|mensagem\s+original|ursprungligt\s+meddelande|oprindelig\s+meddelelse|"
    r"opprinnelig\s+melding|oryginalna\s+wiadomo[śs][ćc]|wiadomo[śs][ćc]\s+oryginalna|"
    r"original\s+meddelelse|originalmeddelande"
)
_FORWARDED = (
    r"forwarded\s+message|weitergeleitete\s+nachricht|message\s+transf[ée]r[ée]|"
    r"mensaje\s+reenviado|messaggio\s+inoltrato|doorgestuurd\s+bericht|mensagem\s+encaminhada|"
    r"mensagem\s+reencaminhada|vidarebefordrat\s+meddelande|videresendt\s+(?:meddelelse|besked|"
    r"melding)|wiadomo[śs][ćc]\s+przekazana|przekazana\s+wiadomo[śs][ćc]|forwarded\s+by\s.{1,80}"
)
BANNER_RE = re.compile(
    r"^[-=_*\s]{0,20}(?:" + _ORIGINAL + "|" + _FORWARDED + r")[-=_*\s]*$", re.I
)
BEGIN_FORWARD_RE = re.compile(
    r"^(?:begin\s+forwarded\s+message|anfang\s+der\s+weitergeleiteten\s+(?:nachricht|e-?mail)|"
    r"d[ée]but\s+du\s+message\s+(?:r[ée]exp[ée]di[ée]|transf[ée]r[ée])|"
    r"inicio\s+del\s+mensaje\s+reenviado|inizio\s+(?:del\s+)?messaggio\s+inoltrato|"
    r"begin\s+doorgestuurd\s+bericht|in[íi]cio\s+da\s+mensagem\s+(?:re)?encaminhada|"
    r"b[öo]rjan\s+p[åa]\s+vidarebefordrat\s+meddelande|start\s+p[åa]\s+videresendt\s+"
    r"(?:besked|meddelelse|melding)|pocz[ąa]tek\s+przekazanej\s+wiadomo[śs]ci)\s*:?\s*$",
    re.I,
)
# helpdesk reply separators (Zendesk, Freshdesk, Jira ...) and webmail quote headers
REPLY_ABOVE_RE = re.compile(
    r"(?:reply|respond|write|type\s+your\s+reply)\s+above\s+this\s+line|"
    r"(?:antworten|schreiben)\s+sie\s+(?:bitte\s+)?(?:oberhalb|über)\s+dieser\s+zeile|"
    r"r[ée]pondez\s+au-dessus\s+de\s+cette\s+ligne|responda\s+por\s+encima\s+de\s+esta\s+l[íi]nea|"
    r"rispondi\s+sopra\s+questa\s+riga|antwoord\s+boven\s+deze\s+regel",
    re.I,
)
QUOTING_RE = re.compile(r"^(?:quoting|zitat\s+von|citando|citation\s+de|cytuj[ęe])\s.{1,160}:\s*$", re.I)
SEPARATOR_RE = re.compile(r"^\s*(?:_{8,}|-{8,}|={8,}|\*{8,})\s*$")

# --- Outlook "From:/Sent:/To:/Subject:" header blocks ---------------------------------------------
_FROM_KEYS = (
    r"from|von|de|da|van|fr[åa]n|fra|od|afzender|remitente|mittente|avs[äa]ndare|afsender|"
    r"差出人|送信者|发件人|寄件者|寄件人"  # ja, zh (simplified, traditional)
)
_OTHER_KEYS = (
    r"sent|date|to|cc|bcc|subject|reply-to|gesendet|datum|an|kopie|betreff|envoy[ée]|[àa]|objet|"
    r"enviado|enviada|fecha|para|asunto|inviato|data|oggetto|verzonden|aan|onderwerp|assunto|"
    r"skickat|till|[äa]mne|sendt|dato|til|emne|wys[łl]ano|do|temat|kopia|importance|priority|"
    r"送信日時|日付|宛先|件名|发送时间|发送日期|日期|时间|收件人|主题|抄送|寄件日期|收件者|主旨|副本"
)
HEADER_RE = re.compile(
    r"^\s*[*_]{0,2}(?:(?P<from>" + _FROM_KEYS + r")|(?:" + _OTHER_KEYS + r"))\s*[:：][*_]{0,2}(?:\s|$|(?<=：))",  # CJK clients write a full-width colon, often unspaced
    re.I,
)
# longest header key above (reply-to, importance, ...) plus slack: when the text before the first colon
# is longer than this once stripped of blanks and * / _, HEADER_RE cannot match (cheap precheck)
HEADER_KEY_MAX = 12
# a whole header block rendered on one line: "From: A Sent: Mon To: B Subject: x"
INLINE_HEADER_KEY_RE = re.compile(
    r"(?:^|\s)[*_]{0,2}(?:" + _FROM_KEYS + "|" + _OTHER_KEYS + r")\s*[:：][*_]{0,2}\s", re.I
)

QUOTE_PREFIX = ">"

# --- signatures ------------------------------------------------------------------------------------
SIG_DELIM_RE = re.compile(r"^(?:--|-- |—|__)\s*$")
MOBILE_RE = re.compile(
    r"^(?:sent|envoy[ée]|enviado|inviato|verzonden|skickat|sendt|wys[łl]ane|gesendet|von\s+meinem|"
    r"get|t[ée]l[ée]charger|obtener|obt[ée]n|scarica|download|baixe|baixar|h[äa]mta|hent|descargar|"
    r"verstuurd|envi[ée])\b.{0,70}\b(?:iphone|ipad|android|outlook|samsung|galaxy|mobile|"
    r"blackberry|huawei|xiaomi|pixel|gmail|yahoo|mail|smartphone|handy|portable|m[óo]vil|"
    r"cellulare|telefoon|celular|mobil|mobilen|telefon|telefonu|proton(?:mail)?|ios|tablet|"
    r"aol)\b.{0,60}$"
    # mail apps that sign with their own name: "Sent via Superhuman", "Sent with Spark"
    r"|^(?:sent|envoy[ée]|enviado|inviato|gesendet|verzonden)\s+(?:via|with|from|using|avec|"
    r"depuis|con|desde|mit|von|met)\s+(?:superhuman|spark|bluemail|airmail|canary\s+mail|"
    r"mimestream|shortwave|fastmail|tutanota|tuta\s+mail|hey)\b(?:\s+(?:for\s+)?(?:ios|android|"
    r"mac|windows|desktop))?\s*(?:\(\s*https?://\S+\s*\)|<https?://\S+>)?\s*[.!]?$",
    re.I,
)
CLOSING_HEAD_RE = re.compile(
    r"^(?:(?:best|kind|kindest|warm|warmest|many|with\s+best|with\s+kind|warm\s+personal|"
    r"all\s+the\s+best|best\s+wishes|respectful|sincere)\s+regards|best\s+wishes|all\s+the\s+best|"
    r"regards|cheers|thanks(?:\s+(?:again|in\s+advance|a\s+lot|so\s+much|very\s+much|"
    r"(?:&|and)\s+(?:best\s+|kind\s+)?regards))?|thank\s+you(?:\s+(?:again|in\s+advance|so\s+much|"
    r"very\s+much))?|many\s+thanks|thx|sincerely|yours(?:\s+(?:sincerely|truly|faithfully))?|"
    r"respectfully|cordially|talk\s+soon|speak\s+soon|take\s+care|best|br|"
    r"mit\s+(?:freundlichen|besten|herzlichen|sch[öo]nen|lieben|vielen)\s+gr[üu](?:ß|ss)en|"
    r"freundliche\s+gr[üu](?:ß|ss)e|(?:sch[öo]nen|herzlichen|besten|lieben|freundlichen)\s+gru(?:ß|ss)|"
    r"alles\s+gute|"
    r"(?:sehr\s+|ganz\s+)?(?:viele|beste|liebe|herzliche|sch[öo]ne)\s+gr[üu](?:ß|ss)e|mfg|lg|vg|gru(?:ß|ss)|"
    r"gr[üu](?:ß|ss)e|danke(?:\s+(?:und|&)\s+gru(?:ß|ss))?|vielen\s+dank|besten\s+dank|"
    r"(?:bien\s+)?cordialement|bien\s+[àa]\s+vous|(?:sinc[èe]res\s+|meilleures\s+|cordiales\s+)?"
    r"salutations(?:\s+(?:distingu[ée]es|cordiales|respectueuses))?|"
    r"merci(?:\s+(?:d'avance|beaucoup|encore))?|amicalement|tr[èe]s\s+cordialement|"
    r"(?:bonne|belle)\s+(?:fin\s+de\s+)?(?:journ[ée]e|soir[ée]e|semaine)|[àa]\s+bient[ôo]t|"
    r"(?:reciba\s+)?(?:un\s+)?(?:(?:cordial|afectuoso|atento|fuerte)(?:es)?\s+)?saludos?"
    r"(?:\s+cordial(?:es)?)?|(?:un\s+)?(?:fuerte\s+)?abrazos?|atentamente|cordialmente|"
    r"(?:muchas\s+)?gracias|"
    r"(?:cordiali|distinti|cari)\s+saluti|saluti(?:\s+cordiali)?|cordialit[àa]|"
    r"(?:un\s+)?(?:caro\s+|cordiale\s+)?saluto|grazie(?:\s+(?:mille|e\s+(?:cordiali\s+)?saluti))?|"
    r"buona\s+(?:giornata|serata)|a\s+presto|"
    r"met\s+(?:vriendelijke|hartelijke|beste)\s+groet(?:en)?|vriendelijke\s+groet(?:en)?|"
    r"(?:hartelijke\s+)?groet(?:en|jes)?|mvg|bedankt|"
    r"atenciosamente|(?:com\s+os\s+)?(?:melhores\s+)?cumprimentos(?:\s+cordiais)?|"
    r"(?:um\s+)?abra[çc]os?|sauda[çc][õo]es|obrigad[oa]|att|"
    r"(?:med\s+)?(?:v[äa]nlig(?:a|en)?|b[äa]sta|varma|m[åa]nga)\s+h[äa]lsning(?:ar)?|h[äa]lsning(?:ar)?|"
    r"v[äa]nligen|mvh|tack|"
    r"(?:med\s+)?(?:venlig(?:e)?|vennlig(?:e)?|mange|bedste|beste|de\s+beste?)\s+hils(?:en|ner|ener)|"
    r"(?:med\s+)?venlig|hilsen|tak|takk|"
    r"pozdrawiam(?:\s+serdecznie)?|serdecznie\s+pozdrawiam|z\s+powa[żz]aniem|dzi[ęe]kuj[ęe]|"
    r"z\s+wyrazami\s+szacunku|(?:[łl][ąa]cz[ęe]\s+)?(?:serdeczne\s+)?pozdrowienia|"
    # ja / zh: the closing is a whole line ("よろしくお願いいたします。", "谢谢，", "此致\n敬礼")
    r"(?:引き続き|今後とも|何卒|なにとぞ|どうぞ)?(?:よろしく|宜しく)お願い(?:いた|致)?します|"
    r"(?:よろしく|宜しく)お願い申し上げます|以上(?:、?よろしくお願いします)?|"
    r"谢谢(?:您|你)?|謝謝(?:您|你)?|多谢|多謝|感谢|感謝|此致|敬礼|敬禮|祝好|顺祝商祺|順祝商祺|"
    r"顺颂商祺|順頌商祺|祝商祺|祝工作顺利|祝工作順利)"
    r"(?![\w'])",  # matched against the lower-cased line (faster than IGNORECASE)
)
CLOSING_TAIL_STRIP = " \t,.!:;-–—~，、。！：；\u3000"
# "Viele Grüße aus Hamburg", "Greetings from Leeds", "Saludos desde Valencia"
CLOSING_PLACE_RE = re.compile(
    r"^(?:aus|from|de|depuis|desde|da|dal|dalla|uit|vanuit|fr[åa]n|fra|z|ze|do)\s+"
    r"[A-ZÀ-ÖØ-ÞŁŚŻŹĆŃ][\w'’.-]*(?:\s+[\w'’.-]+){0,3}$"
)
# a person's name: 1-4 capitalised words (particles allowed), optional leading dash
NAME_RE = re.compile(
    r"^[-–—~]*\s*[A-ZÀ-ÖØ-ÞŁŚŻŹĆŃ][\w'’.-]*"
    r"(?:\s+(?:[A-ZÀ-ÖØ-ÞŁŚŻŹĆŃ][\w'’.-]*|van|von|de|der|den|da|di|del|la|le|du|dos|das|ten|ter))"
    r"{0,3}\s*$"
)
# what may follow a name on its signature line without making it prose: post-nominal letters after a
# comma ("Ann Lee, PhD", "Ann Lee, CPA, CFA", "John Smith, Jr.") and pronouns in brackets ("Ann Lee
# (she/her)"), any number of them, at the end. Post-nominals are matched as written (case-sensitive):
# "Ann Lee, thanks for this" and "Ann Lee, ma'am" stay sentences. Letters that are also US state codes
# or words ("New Bedford, MA", "DO", "PE") are left out (MD stays: it is the common one).
POST_NOMINALS = (
    "PhD", "Ph.D.", "DPhil", "MBA", "CPA", "CFA", "CFP", "CMA", "CIA", "CISA", "CISSP", "CISM", "MD",
    "M.D.", "DDS", "RN", "PA-C", "JD", "J.D.", "LLM", "LL.M.", "Esq.", "Esq", "Jr.", "Jr",
    "Sr.", "Sr", "II", "III", "IV", "FCA", "ACA", "ACCA", "FCCA", "CIMA", "ACMA", "FCMA", "CEng",
    "P.E.", "PMP", "PRINCE2", "SHRM-CP", "SHRM-SCP", "PHR", "SPHR", "MSc", "M.Sc.", "BSc", "B.Sc.",
    "M.A.", "B.A.", "MEng", "MPH", "MPA", "EdD", "FRSA", "OBE", "MBE", "CBE",
)
NAME_SUFFIX_RE = re.compile(
    r"(?:\s*,\s*(?:" + "|".join(re.escape(x) for x in sorted(POST_NOMINALS, key=len, reverse=True))
    + r")(?![\w.-])|\s*\((?i:she|he|they|ze|xe)(?:\s*/\s*(?i:her|hers|him|his|them|theirs|they|she|he"
    r"|zir|hir|xem|xyr)){1,2}\))+\s*$"
)
# a ja/zh name: 2-5 Han characters, family and given name optionally apart ("佐藤 花子", "李娜")
CJK_NAME_RE = re.compile(r"^[\u4e00-\u9fff]{1,3}[ \u3000]?[\u4e00-\u9fff]{1,3}$")
NAME_SINGLE_DASH_RE = re.compile(r"^[-–—~]+\s*[A-ZÀ-ÖØ-ÞŁŚŻŹĆŃ][\w'’.-]{0,30}\s*$")
PS_RE = re.compile(r"^(?:p\.?\s?s\.?|pps\.?|nb:?)(?:\s|:|$)", re.I)
# (an address starts where its run of [\w.+-] starts, (?<!...): a match inside the run implies one at
# its start, and a long line of letters is read once, not once per position: quadratic before)
CONTACT_RE = re.compile(
    r"(?:(?:\+|00)\d[\d\s().\/-]{6,}\d|\(\d{2,5}\)\s*\d|\b(?:tel|tél|phone|mobile|mob|cell|fax|"
    r"handy|mobil|telefon|telefone|t[ée]l[ée]phone|m[óo]vil|cellulare|telefoon|direct|office|"
    r"skype|whatsapp)\b\.?\s*[:.]|(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+|\bwww\.|https?://|\b(?:linkedin|"
    r"twitter)\b|\|)",
    re.I,
)
TITLE_RE = re.compile(
    r"\b(?:manager|director|head\s+of|ceo|cto|cfo|coo|founder|co-founder|vp|vice\s+president|"
    r"president|engineer|consultant|specialist|coordinator|officer|lead|partner|account\s+"
    r"executive|analyst|assistant|gesch[äa]ftsf[üu]hrer(?:in)?|leiter(?:in)?|abteilung|"
    r"directeur|directrice|responsable|charg[ée]e?\s+de|gerente|director[a]?|jefe|responsabile|"
    r"direttore|directeur|afdeling|hoofd|gerente|diretor[a]?|chef|chefe|vd|kierownik|dyrektor|"
    r"gmbh|ag|ltd|inc|llc|s\.?a\.?s?|s\.?r\.?l|b\.?v|ab|as|a/s|sp\.\s*z\s*o\.\s*o)\b",
    re.I,
)

# --- legal disclaimers and external-sender banners -------------------------------------------------
DISCLAIMER_RE = re.compile(
    r"(?:confidentiality\s+(?:notice|note|statement)|legal\s+disclaimer|^disclaimer\b|"
    r"intended\s+(?:solely\s+|only\s+|exclusively\s+)?for\s+the\s+(?:sole\s+)?(?:use\s+of\s+the\s+)?"
    r"(?:named\s+)?(?:addressee|recipient|individual|person|entity)|intended\s+recipient|"
    r"received\s+this\s+(?:e-?mail|message|communication|transmission)\s+in\s+error|"
    r"(?:this|the)\s+(?:e-?mail|message|communication|transmission)(?:\s+and\s+any\s+(?:attachments?|"
    r"files?|documents?)(?:\s+(?:to|transmitted\s+with)\s+it)?)?\s+(?:is|are|may\s+(?:be|contain)|"
    r"contains?|might\s+contain)\s+(?:strictly\s+)?(?:confidential|privileged|proprietary|"
    r"intended)|consider\s+the\s+environment\s+before\s+printing|think\s+before\s+you\s+print|"
    r"vertrauliche\s+(?:und/oder\s+)?(?:rechtlich\s+gesch[üu]tzte\s+)?informationen|"
    r"(?:nicht\s+der\s+)?(?:richtige|beabsichtigte)\s+(?:adressat|empf[äa]nger)|"
    r"diese\s+(?:e-?mail|nachricht)\s+(?:enth[äa]lt|ist|kann)\s+vertraulich|"
    r"denken\s+sie\s+an\s+die\s+umwelt|bevor\s+sie\s+diese\s+(?:e-?mail|nachricht)\s+ausdrucken|"
    r"(?:ce|le\s+pr[ée]sent)\s+(?:message|courriel|e-?mail)(?:\s+et\s+(?:toutes\s+)?(?:les|ses)\s+"
    r"pi[èe]ces\s+jointes)?\s+(?:est|sont|peu[vt]e?n?t?\s+contenir|contient)\s+(?:strictement\s+)?"
    r"(?:des\s+informations\s+)?(?:confidenti|priv[ée]l[ée]gi)|"
    r"si\s+vous\s+(?:avez\s+re[çc]u\s+ce|n'[êe]tes\s+pas\s+le\s+destinataire)|"
    r"pensez\s+[àa]\s+l'environnement|avant\s+d'imprimer|"
    r"(?:este|el\s+presente)\s+(?:mensaje|correo)(?:\s+electr[óo]nico)?(?:\s+y\s+sus\s+"
    r"(?:anexos|adjuntos))?\s+(?:es|contiene|puede\s+contener)\s+(?:informaci[óo]n\s+)?confidencial|"
    r"si\s+usted\s+no\s+es\s+el\s+destinatario|"
    r"questo\s+messaggio(?:\s+e\s+i\s+suoi\s+allegati)?\s+(?:[èe]|contiene|pu[òo]\s+contenere)\s+"
    r"(?:informazioni\s+)?(?:riservat|confidenzial)|le\s+informazioni\s+contenute\s+in\s+questa|"
    r"dit\s+(?:e-?mail)?bericht\s+(?:is|kan)\s+(?:uitsluitend\s+)?(?:vertrouwelijk|bestemd)|"
    r"de\s+informatie\s+(?:verzonden\s+)?(?:met|in)\s+dit\s+e-?mail|"
    r"esta\s+mensagem(?:\s+e\s+(?:seus|os\s+seus)\s+anexos)?\s+(?:[ée]|cont[ée]m|pode\s+conter)\s+"
    r"(?:informa[çc][ãa]o\s+|informa[çc][õo]es\s+)?confidencia|"
    r"detta\s+(?:e-?post)?meddelande\s+(?:[äa]r|kan\s+inneh[åa]lla)\s+(?:konfidentiell|sekretess)|"
    r"denne\s+e-?(?:mail|post)\s+(?:er|kan\s+indeholde|kan\s+inneholde)\s+(?:fortrolig|konfidensiell)|"
    r"ta\s+wiadomo[śs][ćc]\s+(?:jest|mo[żz]e\s+zawiera[ćc])\s+pouf|"
    # mailing-list footers: Mailman ("<list> mailing list" + listinfo URL), Google Groups
    r"^[\w.@+-]+(?:[ \t]+[\w.@+-]+){0,2}[ \t]+mailing[ \t]+list[ \t]*\n(?:[^\n]*\n){0,3}?[^\n]*"
    r"(?:listinfo|unsubscribe|mailman|-request@)|"
    r"you\s+received\s+this\s+message\s+because\s+you\s+are\s+subscribed\s+to|"
    r"to\s+unsubscribe\s+from\s+this\s+(?:group|list|mailing\s+list)\b)",
    re.M,  # applied to lower-cased text
)
# External-sender banners, matched at the start of a lower-cased stripped line. A banner line opens
# with a sentence saying that this mail comes from outside / from an external sender, optionally
# after a label ("CAUTION:", "LET OP:", "[EXTERN]"); after a label, "External email" or "Do not click"
# also open one; a bracketed "[EXTERNAL]" tag may stand alone. Its lines then run on while they are
# wrapped (a lower-case start under an unfinished line) or give the usual advice ("Klik niet op ...").
# Anchoring at the line start keeps a client's sentence that only mentions an external sender or the
# organisation ("Wir haben eine Mail von einem externen Absender bekommen") out.
_BANNER_LABEL = (
    r"caution|warning|attention|important|notice|security\s+notice|"
    r"achtung|vorsicht|warnung|hinweis|sicherheitshinweis|"
    r"let\s+op|waarschuwing|opgelet|pas\s+op|"
    r"avertissement|prudence|mise\s+en\s+garde|"
    r"precauci[óo]n|atenci[óo]n|aviso|advertencia|cuidado|"
    r"attenzione|avviso|avvertenza|cautela|aten[çc][ãa]o|varning|observera|obs|advarsel|bem[æa]rk|merk|"
    r"uwaga|ostrze[żz]enie"
)
_BANNER_EXTERNAL = (  # "External email", "Externe Nachricht", "Courriel externe" ...
    r"(?:external|extern[eao]?|estern[oa]|externer|ekstern[te]?|zewn[ęe]trzn[aey])(?:\s+(?:e-?mail|"
    r"sender|message|mail|nachricht|absender|afzender|bericht|correo|remitente|mensaje|messaggio|"
    r"mittente|exp[ée]diteur|remetente|mensagem|avs[äa]ndare|afsender|avsender|wiadomo[śs][ćc]))?|"
    r"(?:e-?mail|mail|courriel|message|correo|messaggio|mensagem)\s+(?:extern[eao]?|estern[oa])"
)
BANNER_LABEL_RE = re.compile(
    r"[*_]{0,2}(?:\[\s*(?P<tag>" + _BANNER_EXTERNAL + r")\s*\]|\(\s*(?:" + _BANNER_EXTERNAL
    + r")\s*\)|(?P<ext>" + _BANNER_EXTERNAL + r")\s*[:!]+|(?:" + _BANNER_LABEL + r")\s*[:!]+|(?:"
    + _BANNER_LABEL + r")\s*$)[*_]{0,2}\s*[-–—]?\s*"
)
_APOS = "['’]"
BANNER_SENTENCE_RE = re.compile(
    # en
    r"(?:this\s+(?:e-?mail|message|mail)\s+(?:(?:has\s+)?originated|originates|came|comes|"
    r"(?:was|has\s+been|is\s+being)\s+sent|arrived|is)\s+(?:from\s+)?(?:outside|an?\s+external|"
    r"external)|this\s+is\s+an\s+external\s+(?:e-?mail|message|sender)|"
    r"you\s+(?:have\s+)?received\s+this\s+(?:e-?mail|message)\s+from\s+(?:an?\s+)?(?:external|outside)|"
    # de
    r"diese\s+(?:e-?mail|nachricht|mail)\s+(?:stammt|kommt|wurde|ist)\s+(?:von\s+|aus\s+)?"
    r"(?:au(?:ß|ss)erhalb|(?:einem\s+|einer\s+)?externen?|extern)|dies\s+ist\s+eine\s+externe\s+|"
    # nl
    r"(?:deze\s+(?:e-?mail|mail)|dit\s+(?:e-?mail)?bericht)\s+(?:is\s+)?(?:afkomstig|komt|verzonden|"
    r"verstuurd|ontvangen)\s+(?:van\s+|vanaf\s+|uit\s+|door\s+)?(?:buiten|een\s+externe?|extern)|"
    r"dit\s+is\s+een\s+externe\s+|"
    # fr
    r"(?:cet?\s+(?:e-?mail|courriel|message|mail))\s+(?:provient|vient|[ée]mane|a\s+[ée]t[ée]\s+"
    r"(?:envoy[ée]|exp[ée]di[ée]|[ée]mis)|est\s+envoy[ée])\s+(?:de\s+|d" + _APOS + r"\s*|par\s+|depuis\s+)?"
    r"(?:l" + _APOS + r"\s*ext[ée]rieur|une?\s+(?:source|exp[ée]diteur|adresse|origine|"
    r"correspondant)\s+externe|l" + _APOS + r"\s*externe|hors\s+de)|"
    r"ceci\s+est\s+un\s+(?:courriel|message|e-?mail)\s+externe|"
    # es
    r"(?:este|el\s+presente)\s+(?:correo(?:\s+electr[óo]nico)?|mensaje|e-?mail)\s+(?:se\s+(?:ha\s+)?"
    r"origin[óo]|ha\s+sido\s+(?:enviado|originado)|fue\s+(?:enviado|originado)|se\s+envi[óo]|"
    r"proviene|procede|viene|llega|es)\s+(?:de\s+|desde\s+)?(?:fuera|afuera|un\s+remitente\s+externo|"
    r"una?\s+(?:fuente|direcci[óo]n|origen|dominio)\s+extern[oa]|el\s+exterior|extern)|"
    r"este\s+es\s+un\s+(?:correo|mensaje)\s+externo|"
    # it
    r"(?:questa\s+(?:e-?mail|mail)|questo\s+(?:messaggio|e-?mail))\s+(?:proviene|arriva|viene|"
    r"[èe]\s+stat[oa]\s+(?:inviat[oa]|originat[oa]|spedit[oa])|ha\s+avuto\s+origine|[èe]\s+originat[oa])"
    r"\s+(?:dall" + _APOS + r"\s*esterno|all" + _APOS + r"\s*esterno|da\s+(?:un\s+)?mittent[ei]\s+"
    r"estern[oi]|da\s+(?:una?\s+)?(?:fonte|indirizzo|dominio)\s+estern[oa]|(?:al\s+di\s+)?fuori|"
    r"esternamente)|questa\s+[èe]\s+una\s+(?:e-?mail|mail)\s+esterna|"
    # pt
    r"(?:este\s+(?:e-?mail|correio(?:\s+eletr[ôo]nico)?)|esta\s+mensagem)\s+(?:foi\s+(?:enviad[oa]|"
    r"originad[oa]|recebid[oa])|[ée]\s+origin[áa]ri[oa]|teve\s+origem|(?:se\s+)?originou|prov[ée]m|"
    r"vem|chegou|[ée])\s+(?:de\s+|do\s+)?(?:fora|um\s+remetente\s+externo|uma?\s+(?:fonte|origem|"
    r"endere[çc]o|dom[íi]nio)\s+extern[oa]|exterior|extern)|"
    # sv
    r"(?:det\s+h[äa]r|detta)\s+(?:e-?post\w*|e-?mail\w*|meddelande\w*)\s+(?:kommer|har\s+skickats|"
    r"skickades|[äa]r)\s+(?:fr[åa]n\s+)?(?:utanf[öo]r|en\s+extern|externt?)|"
    # da, no
    r"denne\s+(?:e-?mail\w*|mail\w*|e-?post\w*|meddelelse\w*|melding\w*)\s+(?:stammer|kommer|"
    r"er\s+sendt|ble\s+sendt|blev\s+sendt|er)\s+(?:fra\s+)?(?:uden\s+for|utenfor|utsiden|udefra|"
    r"en\s+ekstern|ekstern)|"
    # pl
    r"(?:ta\s+wiadomo[śs][ćc](?:\s+e-?mail)?|ten\s+e-?mail|ten\s+mail)\s+(?:pochodzi|"
    r"zosta[łl]a?\s+wys[łl]an[ya]|przysz[łl]a)\s+(?:spoza|z\s+zewn[ąa]trz|(?:od|z)\s+zewn[ęe]trzn)"
    r")"
)
# after a label only: "CAUTION: External email.", "WARNING: Do not click links ..."
BANNER_AFTER_LABEL_RE = re.compile(
    r"(?:" + _BANNER_EXTERNAL + r")(?:[\s.!,:;]|$)|(?:do\s+not|don" + _APOS + r"t)\s+click|"
    r"klicken\s+sie\s+nicht|klik\s+niet|ne\s+cliquez\s+pas|no\s+haga\s+clic|non\s+(?:fare\s+clic|"
    r"cliccare)|n[ãa]o\s+clique|klicka\s+inte|klik\s+ikke|ikke\s+klikk|nie\s+klikaj"
)
# a line that carries on a banner: the usual advice, or another banner sentence
BANNER_CONT_RE = re.compile(
    r"(?:do\s+not|don" + _APOS + r"t)\s+(?:click|open|reply)|be\s+(?:careful|cautious)|"
    r"(?:use|exercise)\s+caution|learn\s+(?:why|more)|report\s+(?:this|suspicious|phishing)|"
    r"klicken\s+sie\s+nicht|[öo]ffnen\s+sie\s+(?:keine|nicht)|seien\s+sie\s+vorsichtig|"
    r"weitere\s+informationen|erfahren\s+sie|"
    r"klik\s+niet|open\s+geen|wees\s+(?:voorzichtig|alert)|meer\s+informatie|meer\s+info\b|"
    r"ne\s+cliquez|n" + _APOS + r"ouvrez|soyez\s+(?:prudent|vigilant)|en\s+savoir\s+plus|"
    r"no\s+(?:haga|hagas)\s+clic|no\s+abra|tenga\s+(?:cuidado|precauci)|sea\s+precavid|"
    r"m[áa]s\s+informaci[óo]n|"
    r"non\s+(?:fare\s+clic|cliccare|aprire)|(?:presta|prestare|fate|fai)\s+attenzione|"
    r"(?:ulteriori|maggiori)\s+informazioni|"
    r"n[ãa]o\s+(?:clique|abra)|klicka\s+inte|[öo]ppna\s+inte|klik\s+ikke|[åa]bn\s+ikke|"
    r"ikke\s+(?:klikk|[åa]pne)|nie\s+(?:klikaj|otwieraj)"
)
# a banner never speaks in the first person singular (checked on the original case: Italian "i" is an
# article, so only the English capital "I"; Dutch "je" is "you", so French "je" is left out), never
# explains or apologises ("... from an external account because our server is down", "..., bo wasz
# VPN nie działa") and never tells the reader that something of theirs is broken ("... your VPN does
# not work"): such a line is the sender's, wherever it stands (a banner kept is better than client
# text lost). Reason words that are also common short words elsewhere ("da", "want") count only
# after a comma; "denn" not in the banners' "es sei denn" (unless).
BANNER_SENDERS_VOICE_RE = re.compile(
    r"\bI\b|\b(?:[Ii]['’](?:m|ve|ll|d)|[Mm][ye]|[Ii]ch|[Mm]ein(?:e[nmrs]?)?|[Mm]i(?:r|ch)|[Jj]['’]|"
    r"[Mm]oi|[Ii]k|[Mm]ijn|[Yy]o|[Ii]o|[Mm]io|[Ee]u|[Jj]ag|[Jj]eg|[Mm]nie|[Mm]ój|[Mm]oj(?:a|e|ego|ej))\b|"
    r"(?i:\b(?:"
    # reasons: en, de, nl, fr, es, it, pt, sv, da/no, pl
    r"because|since|weil|(?<!sei\s)denn|zumal|omdat|doordat|aangezien|parce\s+qu|car|puisque|vu\s+que|"
    r"porque|ya\s+que|puesto\s+que|dado\s+que|visto\s+que|perch[ée]|poich[ée]|siccome|dato\s+che|"
    r"visto\s+che|pois|j[áa]\s+que|eftersom|d[äa]rf[öo]r\s+att|fordi|ettersom|bo|poniewa[żz]|gdy[żz]|"
    # apologies
    r"sorry|entschuldig\w*|excuses|d[ée]sol[ée]e?|disculp\w*|scusa\w*|desculp\w*|perd[ãa]o|"
    r"spijt|urs[äa]kta|f[öo]rl[åa]t|undskyld|beklager|przepraszam|"
    # something that does not work
    r"(?:does|do|is|are)(?:n['’]t|\s+not)\s+work(?:ing)?|not\s+working|stopped\s+working|broken|"
    r"(?:is|are)\s+down|funktionier\w*\s+nicht|geht\s+nicht|kaputt|ausgefallen|"
    r"werk(?:t|en)\s+niet|doet\s+het\s+niet|kapot|ne\s+(?:marche|fonctionne)(?:nt)?\s+pas|"
    r"en\s+panne|no\s+funciona\w*|est[áa]\s+ca[íi]d[oa]|non\s+funziona\w*|fuori\s+uso|"
    r"n[ãa]o\s+funciona\w*|fungerar\s+inte|funkar\s+inte|ligger\s+nere|virker\s+ikke|"
    r"fungerer\s+ikke|er\s+nede|nie\s+dzia[łl]a(?:j[ąa])?"
    r")\b|,\s*(?:da|want)\b)"
)

# a further sentence on a banner's line that still gives banner advice ("Please take care with links
# and attachments.", "Bitte seien Sie vorsichtig.", "If in doubt, contact the IT service desk."):
# searched in the lower-cased sentence (links, attachments, sender, suspicious, careful, doubt, verify,
# report ... in the banner languages)
BANNER_ADVICE_RE = re.compile(
    r"link|lenke|koppeling|l[äa]nk|[łl][ąa]cz|attachment|anh[äa]ng|bijlage|pi[èe]ces?\s+jointes?|"
    r"adjunto|allegat|anexo|bilag|vedh[æa]ft|vedlegg|za[łl][ąa]cznik|sender|absender|afzender|"
    r"exp[ée]diteur|remitente|mittente|remetente|avs[äa]ndare|afsender|avsender|nadawc|phishing|"
    r"hame[çc]onnage|suspicious|verd[äa]chtig|verdacht|suspect|sospech|sospett|suspeit|misst[äa]nk|"
    r"mist[æa]nk|podejrzan|caution|cautious|careful|vorsicht|voorzichtig|prudent|vigilan|precauci|"
    r"cuidado|prudenza|f[öo]rsiktig|forsi[gk]tig|ostro[żz]n|doubt|unsure|zweifel|twijfel|doute|duda|"
    r"dubbio|d[úu]vida|tveksam|tvivl|\btvil|w[ąa]tpliwo|verif|pr[üu]fen|controleer|report|melden|"
    r"signal|segnal|service\s*desk|help\s*desk|\bit[-\s](?:department|team|support|abteilung|afdeling)"
)
# a further sentence on a banner's line that opens as the sender's own text: a greeting or a name and a
# comma ("Anna, the refund is late.", "Hi Anna, ..."); checked on the original case
BANNER_TAIL_SENDER_RE = re.compile(
    r"(?:(?i:hi|hello|hey|dear|hallo|hoi|beste|liebe|lieber|bonjour|hola|ciao|buongiorno|ol[áa]|oi|"
    r"hej|cze[śs][ćc]|witam|dzie[ńn]\s+dobry|guten\s+(?:tag|morgen))\b|[A-ZÀ-ÖØ-ÞŁŚŻŹĆŃ][\w'’-]+\s*,)"
)

# one-word lines that end a reply but are not a name
NOT_A_NAME = frozenset(
    ["done", "agreed", "great", "perfect", "yes", "no", "okay", "ok", "sure", "noted", "confirmed", "approved", "correct", "absolutely", "exactly", "right", "fine", "good", "bye", "ciao", "ja", "nein", "oui", "non", "si", "sí", "nee", "sim", "não", "nie", "klar", "gerne", "super", "parfait", "perfecto", "perfetto", "prima", "nice", "awesome", "excellent", "indeed", "urgent", "reminder", "update", "thanks", "danke", "merci", "gracias", "grazie", "bedankt", "obrigado", "tack", "tak", "takk", "dzięki", "attached", "erledigt", "einverstanden", "entendu", "d'accord", "vale", "claro", "certo", "akkoord", "prima", "klart",
     # ja / zh replies of two or three Han characters that would pass for a name
     "好的", "收到", "明白", "了解", "同意", "确认", "確認", "可以", "没问题", "沒問題", "辛苦了",
     "加油", "拜托", "拜託", "承知", "承知致", "感谢", "感謝", "多谢", "多謝", "谢谢", "謝謝",
     "以上", "不用", "不要", "对", "對", "是的", "不是", "没有", "沒有", "完成", "已完成", "已发送",
     "已發送", "已收到", "了解了", "知道了", "稍等", "请查收", "請查收"]
)

# cheap substring prefilters: the (slow, many-branch) disclaimer/banner regexes only run on text
# that contains one of these lower-cased stems (for banners: a word every BANNER_SENTENCE_RE branch,
# every external tag and every BANNER_AFTER_LABEL_RE branch holds)
DISCLAIMER_KEYS = (
    "confiden", "intended", "privileg", "environment", "print", "vertraulich", "adressat",
    "empfänger", "empfanger", "umwelt", "destinataire", "imprimer", "riservat", "vertrouwelijk",
    "bestemd", "konfidentiell", "fortrolig", "konfidensiell", "pouf", "disclaimer", "sekretess",
    "in error", "dit e-mail", "informatie", "informazioni", "privil", "proprietary", "ausdruck",
    "avez reçu ce", "environnement", "destinatari", "mailing list", "unsubscribe",
)
BANNER_KEYS = (  # (xter: external, extern*, exterior; stern: esterno, ekstern; tside: utsiden)
    "xter", "stern", "tside", "clic", "kli", "erhalb", "buiten", "fuera", "fuori", "fora", "xtér",
    "utanf", "uden for", "utenfor", "udefra", "hors de", "spoza", "zewn",
)
