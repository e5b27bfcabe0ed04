"""out_of_office: an auto-reply known only by its text, never a person who mentions an absence."""

from __future__ import annotations

import pytest

from frictionscan.clean import out_of_office


@pytest.mark.parametrize("text", [
    "I am currently out of the office with limited access to email. For urgent matters please "
    "contact Raj.",
    "Hi, I'm on annual leave until the 14th and will reply on my return.\n\nBest,\nAnn",
    "Thank you for your message. I am out of the office until Monday 10 March. I will respond to "
    "your email upon my return. If your matter is urgent, please contact support@acme.com or call "
    "+44 20 7946 0000.\nKind regards,\nAnn Smith",
    "I am on annual leave until 3 March. I will be back in the office on Monday 4 March. Please "
    "contact Raj for anything urgent.",
    # QA pass 8's wordings (the rule was widened on them)
    "I am currently out of the office on sick leave. Please direct any queries to accounts@acme.example."
    "\n\nMany thanks,\nHelen",
    "Thanks for getting in touch. I'm out of the office today and tomorrow and will respond on "
    "Thursday. For urgent matters please contact the service desk on 0800 123 456.",
    "I am on a business trip until Friday with limited access to email. I will reply to your message "
    "on my return.\n\nBest,\nPriya Nair\nSenior Buyer\nMob: +91 98450 12345",
    "Dear sender,\n\nI am absent from the office until 15th of July and have no access to my mails. "
    "Your message will not be forwarded.\n\nWith kind regards,\nJan",
    # QA pass 9's wordings
    "Hello, I am out of office at the moment and back on 14th. In urgent case please you contact my "
    "colleague Mr. Hoffmann, hoffmann@kraus-gmbh.de. Thank you and best regards, Jürgen Kraus",
    "Please note I am out of the office until Wednesday. Your message has not been forwarded. I will "
    "respond on my return.",
    "I'm away at a conference this week with only occasional access to email. For urgent matters "
    "please contact help@brindle.com.",
    "Hi there, I'm off sick today. I'll pick up your email when I'm back. Best, Leo",
])
def test_an_auto_reply_is_recognised_by_its_text(text):
    assert out_of_office(text)


@pytest.mark.parametrize("text", [
    # an absence, and then a complaint (the review found these read as auto-replies)
    "I am on leave from tomorrow. Please contact Raj about the broken export, it has failed for "
    "three weeks and this is unacceptable.",
    "I will be away until Monday. This is the third time the invoice is wrong. Please contact our "
    "finance team",
    "I am out of the office next week, so please get back to you on the contract by Friday or we "
    "will cancel.",
    "I'm travelling with limited connectivity. Your team missed the deadline again. Please call me "
    "when I'm back.",
    # an absence and something else to say
    "I'm on leave until Monday. Please contact Raj. The new dashboard looks great by the way.",
    "I'm out of the office until Monday, but quickly: the totals look wrong. Please contact Raj.",
    "I'm on leave until Monday - can you please contact Raj?",
    "I am out of the office until Monday.",  # no referral: may be a person
    "Hi, I'm away until Tuesday 2 December. In the meantime the staging site is down, please call "
    "Rob on 0161 496 0000 when it's fixed.",
    "I'm on leave until Monday. Please contact Raj. Love the new logo!",
    "I'm on leave until Monday. Please contact Raj. Get back to me on the pricing when you can.",
])
def test_a_person_mentioning_an_absence_is_not_an_auto_reply(text):
    assert not out_of_office(text)
