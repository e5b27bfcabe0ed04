"""Two-language closings ("Met vriendelijke groet / Kind regards,") go with the signature (QA15 #12).

A closing written in two (or three) languages, split by "/" or "|", is a closing like its one-language
forms: the line and the name/title block after it are dropped, and a P.S. after it is kept.
"""

from __future__ import annotations

import pytest

from frictionscan.clean import extract_reply, split_reply_parts

BILINGUAL = [
    "Met vriendelijke groet / Kind regards,",
    "Mit freundlichen Grüßen / Best regards",
    "Cordialement / Best regards,",
    "Kind regards / Met vriendelijke groet",
    "Mit freundlichen Grüßen/Best regards",
    "Best regards | Mit freundlichen Grüßen",
    "Saludos cordiales / Kind regards",
    "Cordiali saluti / Best regards,",
    "Met vriendelijke groet / Mit freundlichen Grüßen / Kind regards",
]
TEXT = "Hello Anna,\n\nThe export failed again and the nightly report is empty."


@pytest.mark.parametrize("closing", BILINGUAL)
def test_two_language_closing_and_the_signature_after_it_are_dropped(closing):
    body = f"{TEXT}\n\n{closing}\nJoost Vos\nIT-manager | Kestrel Bank\nT +31 20 555 0142\n"
    text, _quoted, dropped = split_reply_parts(body)
    assert text == TEXT
    assert dropped.startswith(closing)


@pytest.mark.parametrize("closing", BILINGUAL)
def test_two_language_closing_with_only_a_name_under_it_is_dropped(closing):
    assert extract_reply(f"{TEXT}\n\n{closing}\nJoost") == TEXT


def test_qa15_repro_bilingual_closing():
    body = ("Hello Anna,\n\nThe export failed.\n\nMit freundlichen Grüßen / Best regards\n"
            "Joost Vos\nIT-manager\n")
    assert extract_reply(body) == "Hello Anna,\n\nThe export failed."


def test_a_ps_after_a_two_language_closing_is_kept():
    body = f"{TEXT}\n\nCordialement / Best regards,\nMarie Dubois\n\nP.S. The backup also failed."
    assert extract_reply(body) == f"{TEXT}\n\nP.S. The backup also failed."


@pytest.mark.parametrize(
    "line",
    [
        "Thanks / see you at the review on Monday when the fix is live.",
        "Danke / Thanks for nothing, the export is still broken.",
        "Regards / the invoice is still wrong",
        "Best regards / Joost: please call me back today about the outage",
    ],
)
def test_a_sentence_that_only_starts_like_a_closing_stays(line):
    body = f"{TEXT}\n\n{line}"
    assert extract_reply(body) == body


def test_a_message_that_is_only_a_two_language_thanks_keeps_it():
    assert extract_reply("Danke / Thanks!") == "Danke / Thanks!"
