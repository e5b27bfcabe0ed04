"""Common closings of the covered languages are dropped with the signature (QA15v #10).

"Med vänlig hälsning" (the usual Swedish singular, alone or with "/ Best regards") and "Salutations
distinguées" stayed in the client's text, as did several other everyday closings.
"""

from __future__ import annotations

import pytest

from frictionscan.clean import extract_reply

BODY = "Anna, the VPN dropped again and nobody called us back."
CLOSINGS = [
    "Med vänlig hälsning",
    "Med vänlig hälsning / Best regards",
    "Vänlig hälsning",
    "Bästa hälsningar",
    "Med vänlig hälsning / Kind regards / Mit freundlichen Grüßen",
    "Salutations distinguées",
    "Cordiales salutations",
    "Mange hilsner",
    "Bedste hilsner",
    "Beste hilsen",
    "Vennlige hilsener",
    "Z wyrazami szacunku",
    "Serdeczne pozdrowienia",
    "Łączę pozdrowienia",
    "Cordialità",
    "Herzlichen Gruß",
    "Besten Gruß",
    "Lieben Gruß",
]
# closings that already worked: they must keep working
KNOWN = [
    "Med vänliga hälsningar", "Med venlig hilsen", "Med vennlig hilsen", "Pozdrawiam", "Z poważaniem",
    "Atenciosamente", "Saludos cordiales", "Cordiali saluti", "Met vriendelijke groet", "Viele Grüße",
    "Meilleures salutations",
]


@pytest.mark.parametrize("closing", CLOSINGS + KNOWN)
@pytest.mark.parametrize("punct", ["", ","])
def test_closing_and_the_signature_under_it_are_dropped(closing, punct):
    body = f"Hej Anna,\n\n{BODY}\n\n{closing}{punct}\nSven Berg\nIT-chef, Kestrel AB\n+46 8 123 45 67"
    assert extract_reply(body) == f"Hej Anna,\n\n{BODY}"


@pytest.mark.parametrize("closing", CLOSINGS)
def test_closing_with_only_a_name_under_it_is_dropped(closing):
    assert extract_reply(f"{BODY}\n\n{closing},\nSven") == BODY


def test_qa15v_repro_swedish_singular_with_english():
    assert extract_reply(f"{BODY}\nMed vänlig hälsning / Kind regards\nSven") == BODY


@pytest.mark.parametrize("line", [
    "Vänligen skicka fakturan igen.",
    "Salutations distinguées et merci pour rien.",
    "Pozdrowienia od zespołu nie naprawią VPN.",
])
def test_a_sentence_that_only_starts_like_a_closing_stays(line):
    assert extract_reply(f"Hej,\n{line}") == f"Hej,\n{line}"
