"""Messages not in English: the English model cannot read them, so their scores are unknown, not 0."""

from __future__ import annotations

import csv
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import frictionscan as fs
from frictionscan.detect.language import languages
from frictionscan.errors import InvalidOptionError
from frictionscan.schemas import SIGNALS

GERMAN = "Hiermit kündigen wir den Vertrag zum 31. März, wir sind mit dem Service sehr unzufrieden."
FRENCH = "C'est très décevant, nous attendons toujours la facture corrigée depuis trois semaines."
SPANISH = "Seguimos esperando la respuesta, es la tercera vez que escribo sobre este pedido."
ENGLISH = "We're sorry, that's on us. I'll send the corrected invoice by Friday."


def _score(texts, **kw):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = fs.score(pd.DataFrame({"text": texts}), **kw)
    return out, [w for w in caught if issubclass(w.category, fs.LanguageWarning)]


def test_a_message_in_another_language_gets_unknown_scores_and_its_language_not_zeros():
    out, warned = _score([ENGLISH, GERMAN, FRENCH, SPANISH])
    assert out["language"].tolist() == ["en", "de", "fr", "es"]
    assert out.loc[1:, list(SIGNALS)].isna().all().all()
    assert out.loc[1:, [f"{s}_flag" for s in SIGNALS]].isna().all().all()
    assert out.loc[1:, "evidence"].map(len).eq(0).all() and out.loc[1:, "commitment_due"].isna().all()
    assert len(warned) == 1
    assert "3 of 4 ok messages are not in English (de 1, fr 1, es 1)" in str(warned[0].message)


def test_english_rows_score_exactly_as_they_would_alone():
    alone, _ = _score([ENGLISH])
    mixed, _ = _score([GERMAN, ENGLISH])
    np.testing.assert_allclose(mixed.loc[1, list(SIGNALS)].to_numpy(float), alone.loc[0, list(SIGNALS)].to_numpy(float))


def test_english_mail_never_warns():
    out, warned = _score([ENGLISH, "Thanks!", "ok", "Invoice 4411 attached, PO 7781 pending.", "ref GALA-MAR-BK"])
    assert set(out["language"]) == {"en"} and not warned


def test_doubt_means_english_short_courtesies_in_other_languages_are_still_scored():
    # too few words to tell: scored (as the English model reads them) rather than hidden
    assert languages(["Danke, passt so.", "Parfait, merci !", "np", "Thx."]) == ["en"] * 4


def test_every_hard_case_specification_sentence_is_read_as_english():
    path = Path(__file__).parent / "hard_cases.tsv"
    with path.open(encoding="utf-8") as fh:
        texts = [row["text"] for row in csv.DictReader(fh, delimiter="\t")]
    assert len(texts) > 50
    assert [t for t, la in zip(texts, languages(texts), strict=True) if la != "en"] == []


def test_scripts_without_spaces_are_recognised():
    assert languages(["請求書の修正版をまだ待っています。至急ご確認ください。"]) == ["ja"]


def test_rows_that_are_not_ok_or_not_text_have_no_language_and_keep_their_contract():
    df = pd.DataFrame({"text": [GERMAN, None, 42, ENGLISH], "status": ["error", "ok", "ok", "ok"]})
    out = fs.score(df)
    assert out["language"].isna().tolist() == [True, True, True, False]
    assert out["language"].dtype == "string"
    assert out.loc[[1, 2], list(SIGNALS)].eq(0.0).all().all()  # missing text scores as no signal, as before
    assert out.loc[0, list(SIGNALS)].isna().all()


def test_score_sentences_gives_no_rows_for_a_message_it_cannot_read_and_says_so():
    with pytest.warns(fs.LanguageWarning, match="score_sentences: 1 of 2"):
        s = fs.score_sentences(pd.DataFrame({"text": [GERMAN, ENGLISH]}))
    assert set(s["message_position"]) == {1}


def test_the_parallel_path_gives_the_same_language_column_and_warns_once():
    texts = [ENGLISH, GERMAN] * 40
    one, w1 = _score(texts, batch_size=8)
    two, w2 = _score(texts, batch_size=8, n_process=2)
    pd.testing.assert_frame_equal(one, two)
    assert len(w1) == len(w2) == 1 and "40 of 80" in str(w2[0].message)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["the", "invoice", "is", "still", "late", "please", "send", "it", "by",
                                 "Friday", "we", "are", "waiting", "thanks", "for", "your", "help",
                                 "again", "order", "team"]), min_size=1, max_size=30))
def test_property_text_made_of_english_words_is_always_english(words):
    assert languages([" ".join(words)]) == ["en"]


def _account_frame():
    rows = [("m1", "2026-01-05 09:00", "inbound", GERMAN), ("m2", "2026-01-05 11:00", "outbound", ENGLISH)]
    df = pd.DataFrame([{"message_id": m, "thread_id": "t", "relationship": "Kessler <GmbH>", "direction": d,
                        "timestamp": ts, "text": t, "status": "ok", "sender": "x@k.test"} for m, ts, d, t in rows])
    df["timestamp"] = pd.to_datetime(df["timestamp"], utc=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", fs.LanguageWarning)
        return fs.score(df)


def test_health_and_commitments_say_when_an_account_rests_on_mail_the_model_could_not_read(tmp_path):
    scored = _account_frame()
    path = tmp_path / "scored.parquet"
    scored.to_parquet(path)  # scored once, read back later: the warning must still come
    again = pd.read_parquet(path)
    with pytest.warns(fs.LanguageWarning, match="health: 1 of the 2 messages it uses are not in English \\(de 1\\)"):
        fs.health(again)
    with pytest.warns(fs.LanguageWarning, match="commitments: 1 of the 2 messages it uses"):
        fs.commitments(again)


def test_the_report_names_the_unread_messages_per_account_escaped():
    from frictionscan.report import html_report

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        page = html_report(_account_frame(), plots=False)
    assert "1 message is not in English</b> (de 1; by account: Kessler &lt;GmbH&gt; 1)" in page
    assert sum(issubclass(w.category, fs.LanguageWarning) for w in caught) == 1  # health's, not twice


def test_score_sentences_warning_does_not_point_to_a_column_it_lacks():
    with pytest.warns(fs.LanguageWarning) as caught:
        s = fs.score_sentences(pd.DataFrame({"text": [FRENCH, ENGLISH]}))
    assert "language" not in s.columns
    assert "have no sentence rows here (fs.score's 'language' column says which)" in str(caught[0].message)


@pytest.mark.parametrize("text", [
    "Hamamatsu Shizuoka Tanaka Seiki invoice dispute Osaka Nagoya.",  # names do not make it Shona
    "We cannot log in. Nós não conseguimos entrar. No podemos entrar.",  # the English part is scored
    "Kind regards, Jean-Pierre Lefèvre, Directeur Général, Hôtellerie Lumière SAS",
    "Kraftwerk Süd Anlage Nord: Störung again, Schichtleiter Müller furious.",
    "Still no report. Unacceptable.\n\nCordiali saluti\nAndrea Bianchi\nDirettore Commerciale\nFerramenta Bianchi S.r.l.",
    "Invoice wrong again!\n\nPozdrawiam serdecznie\nKrzysztof Wiśniewski\nKierownik Działu Zakupów",
    "We're cancelling.\n\nAtenciosamente,\nJoana Silva\nDiretora Financeira\nLisboa Hotéis S.A.",
    "Thanks, fixed now.\n\nAtentamente,\nPablo Rojas\nJefe de Operaciones\nAndes Minería S.A.",
])
def test_english_with_names_mixed_languages_or_a_foreign_signature_is_english(text):
    """QA12v #1 (high): each of these was marked as another language and lost its scores."""
    assert languages([text]) == ["en"]


@pytest.mark.parametrize(("text", "lang"), [
    ("We wachten nog steeds op de levering van vorige week.", "nl"),
    ("Hallo Jonas, der Export ist schon wieder fehlgeschlagen und niemand hat uns informiert.", "de"),
    ("Olá Jonas, o relatório ainda não chegou. Precisamos dele até sexta-feira.", "pt"),
])
def test_mail_in_another_language_is_still_found(text, lang):
    assert languages([text]) == [lang]


def test_a_model_that_reads_other_languages_scores_them_with_languages_none():
    """Review 9 #3: a model of your own trained on German must be able to score German."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", fs.LanguageWarning)  # nothing to warn about
        out = fs.score(pd.DataFrame({"text": [GERMAN, ENGLISH]}), languages=None)
    assert out["language"].tolist() == ["de", "en"]
    assert out[list(SIGNALS)].notna().all().all()
    from frictionscan.detect.language import unread

    assert unread(out).empty  # health and the report do not call read rows unread
    both, warned = _score([GERMAN, FRENCH], languages=["en", "de"])
    assert both.loc[0, list(SIGNALS)].notna().all() and both.loc[1, list(SIGNALS)].isna().all()
    assert "(fr 1)" in str(warned[0].message)
    with pytest.raises(fs.FrictionscanError, match="list of two-letter ISO 639-1 codes"):
        fs.score(pd.DataFrame({"text": [ENGLISH]}), languages="en")


def test_the_report_names_the_right_account_when_the_index_repeats():
    from frictionscan.report import html_report

    a, b = _account_frame(), _account_frame()
    b["relationship"] = "Acme"
    b["language"] = "en"
    b[list(SIGNALS)] = 0.1
    with pytest.warns(fs.LanguageWarning):
        page = html_report(pd.concat([b.iloc[[0]], a.iloc[[0]]]), plots=False)
    assert "by account: Kessler &lt;GmbH&gt; 1" in page and "Acme 1" not in page


def test_a_row_left_out_is_not_also_counted_as_unread_in_the_command_summary():
    from frictionscan.cli import _left_out_line

    df = _account_frame()
    df.loc[0, "relationship"] = None  # the German row is left out: no account
    line = _left_out_line(df)
    assert "1 no relationship" in line and "not in English" not in line


@pytest.mark.parametrize("bad", [["english"], [], 5, ["en", 3], "en"])
def test_languages_must_be_iso_codes(bad):
    """QA13v N2: ['english'] and [] were accepted and made every message NaN."""
    with pytest.raises(fs.FrictionscanError, match="ISO 639-1"):
        fs.score(pd.DataFrame({"text": [ENGLISH]}), languages=bad)


@pytest.mark.parametrize("codes", [["xx"], ["eng"], ["en", "zz"]])
def test_a_code_that_names_no_language_is_refused(codes):
    with pytest.raises(InvalidOptionError, match="ISO 639-1"):
        fs.score(pd.DataFrame({"text": ["Still waiting on the export."]}), languages=codes)
