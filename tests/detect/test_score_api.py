"""The public scoring API: shape, dtypes, pass-through of error rows, evidence, presets."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import frictionscan as fs
from frictionscan.detect.score import score, score_sentences
from frictionscan.errors import ColumnsError, InvalidOptionError
from frictionscan.schemas import SIGNALS, messages_frame

EMAIL = (
    "Hi Priya,\n\nWe are still waiting on the revised timeline you promised last week. "
    "This is getting really frustrating!! Sorry, that's on us for not chasing sooner. "
    "I'll send the signed copy by Friday noon.\n\nThanks,\nMarta"
)


def _table():
    return messages_frame([
        {"message_id": "a@x", "text": EMAIL, "status": "ok", "timestamp": "2026-03-02T09:00:00Z"},
        {"message_id": "b@x", "text": None, "status": "error", "error": "undecodable body"},
        {"message_id": "c@x", "text": "Thanks so much for the quick fix!", "status": "ok"},
        {"message_id": "d@x", "text": "dup", "status": "duplicate"},
        {"message_id": "e@x", "text": "", "status": "ok"},
    ])


def test_score_adds_one_float_column_per_signal_plus_flags_evidence_and_due(model):
    out = score(_table(), model=model)
    for s in SIGNALS:
        assert out[s].dtype == np.float64
        assert str(out[f"{s}_flag"].dtype) == "boolean"
    assert str(out["commitment_due"].dtype) == "datetime64[ns, UTC]"
    assert out["evidence"].map(lambda v: isinstance(v, list)).all()


def test_score_keeps_rows_index_and_input_columns_and_does_not_mutate_input(model):
    df = _table()
    df.index = [10, 11, 12, 13, 14]
    before = df.copy()
    out = score(df, model=model)
    assert list(out.index) == [10, 11, 12, 13, 14]
    assert list(out.columns[: len(df.columns)]) == list(df.columns)
    pd.testing.assert_frame_equal(df, before)


def test_rows_whose_status_is_not_ok_pass_through_with_nan_scores(model):
    out = score(_table(), model=model)
    bad = out["status"] != "ok"
    assert bad.sum() == 2
    assert out.loc[bad, list(SIGNALS)].isna().all().all()
    assert out.loc[bad, [f"{s}_flag" for s in SIGNALS]].isna().all().all()
    assert (out.loc[bad, "evidence"].map(len) == 0).all()
    assert out.loc[bad, "commitment_due"].isna().all()


def test_empty_text_scores_zero_without_evidence(model):
    out = score(_table(), model=model)
    row = out[out["message_id"] == "e@x"].iloc[0]
    assert all(row[s] == 0.0 for s in SIGNALS)
    assert row["evidence"] == []


def test_a_mixed_email_flags_its_friction_and_repair_with_evidence_sentences(model):
    out = score(_table(), model=model).iloc[0]
    assert out["unmet_expectation_flag"] and out["apology_flag"] and out["commitment_flag"]
    ev: dict[str, list[str]] = {}
    for e in out["evidence"]:
        ev.setdefault(e["signal"], []).append(e["text"])
    assert any("still waiting" in t for t in ev["unmet_expectation"])
    assert ev["commitment"] == ["I'll send the signed copy by Friday noon."]
    assert "appreciation" not in ev  # the "Thanks," sign-off is not appreciation


def test_commitment_due_is_resolved_against_the_message_timestamp(model):
    out = score(_table(), model=model).iloc[0]
    # Monday 2 March 2026, "by Friday noon" -> Friday 6 March 12:00 UTC
    assert out["commitment_due"] == pd.Timestamp("2026-03-06 12:00", tz="UTC")


def test_plain_text_frame_without_status_or_timestamp_works(model):
    out = score(pd.DataFrame({"text": ["I'll send it by Friday.", "ok"]}), model=model)
    assert out[list(SIGNALS)].notna().all().all()
    assert out["commitment_due"].isna().all()  # no anchor -> no date for a relative expression


def test_empty_frame_gives_empty_scored_frame(model):
    out = score(pd.DataFrame({"text": pd.Series([], dtype="string")}), model=model)
    assert len(out) == 0 and set(SIGNALS) <= set(out.columns)


def test_probabilities_do_not_depend_on_sensitivity_and_strict_flags_are_a_subset_of_loose(model):
    df = _table()
    outs = {p: score(df, model=model, sensitivity=p) for p in ("loose", "balanced", "strict")}
    for s in SIGNALS:
        np.testing.assert_array_equal(outs["loose"][s].to_numpy(), outs["strict"][s].to_numpy())
        strict = outs["strict"][f"{s}_flag"].fillna(False).to_numpy(bool)
        loose = outs["loose"][f"{s}_flag"].fillna(False).to_numpy(bool)
        assert not (strict & ~loose).any()


def test_misuse_raises_errors_that_say_what_to_do(model):
    with pytest.raises(ColumnsError, match="text"):
        score(pd.DataFrame({"body": ["x"]}), model=model)
    with pytest.raises(InvalidOptionError, match="balanced"):
        score(pd.DataFrame({"text": ["x"]}), model=model, sensitivity="medium")
    with pytest.raises(InvalidOptionError):
        score(["not a frame"], model=model)


@pytest.mark.parametrize("bad", [["a plain list of texts"], "one text", pd.Series(["a series"]), None])
def test_score_sentences_refuses_what_score_refuses_with_the_same_clear_error(model, bad):
    with pytest.raises(InvalidOptionError, match="DataFrame with a 'text' column") as sentences_err:
        fs.score_sentences(bad, model=model)
    with pytest.raises(InvalidOptionError) as score_err:
        fs.score(bad, model=model)
    assert str(sentences_err.value).split(" expects")[1] == str(score_err.value).split(" expects")[1]


@pytest.mark.parametrize("bad", [0, -1, 2.5, None, True])
@pytest.mark.parametrize("option", ["batch_size", "n_process"])
def test_a_batch_size_or_process_count_that_is_not_a_positive_integer_is_refused(model, bad, option):
    # batch_size=0 used to score every message 0.0 and -1 to drop the last one, silently
    df = pd.DataFrame({"text": ["Sorry, our fault.", "x"]})
    with pytest.raises(InvalidOptionError, match=f"{option} must be a positive integer"):
        score(df, model=model, **{option: bad})
    if option == "batch_size":
        with pytest.raises(InvalidOptionError, match="batch_size must be a positive integer"):
            score_sentences(df, model=model, batch_size=bad)


def test_public_names_resolve_to_this_module():
    assert fs.score is score and fs.score_sentences is score_sentences


def test_score_sentences_gives_one_row_per_sentence_with_offsets(model):
    df = _table()
    out = score_sentences(df, model=model)
    first = out[out["message_index"] == 0]
    assert list(first["sentence_index"]) == list(range(len(first)))
    for _, r in first.iterrows():
        assert EMAIL[r["start"] : r["end"]] == r["sentence"]
    assert set(out["message_id"]) == {"a@x", "c@x"}  # error/duplicate/empty rows give no sentences
    assert ((out[list(SIGNALS)] >= 0) & (out[list(SIGNALS)] <= 1)).all().all()


def test_message_probability_is_the_max_over_its_sentences(model):
    df = _table()
    sent = score_sentences(df, model=model)
    msg = score(df, model=model)
    for s in SIGNALS:
        assert sent.groupby("message_index")[s].max().loc[0] == pytest.approx(msg.loc[0, s])


def test_parallel_scoring_gives_the_same_result(model):
    df = pd.DataFrame({"text": [EMAIL, "Thanks so much!", "Still broken."] * 30})
    a = score(df, model=model, batch_size=8)
    b = score(df, model=model, batch_size=8, n_process=2)
    pd.testing.assert_frame_equal(a, b)


_text = st.lists(
    st.sampled_from([*"abcXYZ .!?\n\t…'\"", "sorry", " thanks ", "still waiting", "😠", "é", "İ", "by Friday"]),
    max_size=50,
).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(_text, min_size=1, max_size=4))
def test_evidence_offsets_slice_back_exactly_and_probabilities_stay_in_unit_interval(model, texts):
    out = score(pd.DataFrame({"text": texts}), model=model, sensitivity="loose")
    assert len(out) == len(texts)
    for text, (_, row) in zip(texts, out.iterrows(), strict=False):
        if "language" in out.columns and row["language"] not in ("en", None) and not pd.isna(row["language"]):
            # a text read as another language ("a a a a" is Romanian to the identifier) is not
            # scored: NaN probabilities and no evidence, by design
            assert all(pd.isna(row[s]) for s in SIGNALS) and len(row["evidence"]) == 0
            continue
        for s in SIGNALS:
            assert 0.0 <= row[s] <= 1.0
        for e in row["evidence"]:
            assert text[e["start"] : e["end"]] == e["text"]
            assert e["signal"] in SIGNALS and 0.0 <= e["proba"] <= 1.0


def test_duplicate_index_labels_and_non_string_text_do_not_break_a_batch(model):
    df = pd.DataFrame({"text": ["Sorry, that is on us.", 42, None, "Thanks so much!"]}, index=[5, 5, 7, 7])
    out = score(df, model=model)
    assert len(out) == 4 and list(out.index) == [5, 5, 7, 7]
    assert out.iloc[0]["apology_flag"] and out.iloc[3]["appreciation_flag"]
    assert out.iloc[1][list(SIGNALS)].eq(0.0).all() and out.iloc[1]["evidence"] == []


def test_commitment_due_equals_resolving_the_first_dated_commitment_evidence_sentence(model):
    """The batch due-date path gives what match_due gives on the message's commitment evidence."""
    from frictionscan.detect.dates import resolve_due

    texts = [
        "We will deliver it by 2026-03-04T15:00+05:30, I promise.",  # stated offset
        "I'll get it done within 48 hours.",  # exact anchor + 48h, anchor has sub-second digits
        "We'll look into it. I will send the plan tomorrow at 5pm.",
        "I'll send the signed copy by Friday noon.",
        "I'll send the signed copy by Friday noon.",
    ]
    stamps = pd.Series([pd.Timestamp("2026-03-02 09:00:00.123456789", tz="UTC")] * 4 + [pd.NaT], dtype="datetime64[ns, UTC]")
    out = score(pd.DataFrame({"text": texts, "timestamp": stamps}), model=model, sensitivity="loose")
    for i, row in out.iterrows():
        ev = [e["text"] for e in row["evidence"] if e["signal"] == "commitment"]
        anchor = None if pd.isna(stamps[i]) else stamps[i]
        dues = [d for d in (resolve_due(s, anchor) for s in ev) if not pd.isna(d)]
        expected = dues[0] if dues else pd.NaT
        assert (pd.isna(row["commitment_due"]) and pd.isna(expected)) or row["commitment_due"] == expected, i
    assert out.loc[0, "commitment_due"] == pd.Timestamp("2026-03-04 09:30", tz="UTC")
    assert pd.isna(out.loc[4, "commitment_due"])  # no anchor for "by Friday"


@pytest.mark.parametrize("zone", ["Asia/Tokyo", "America/Los_Angeles", "UTC"])
def test_commitment_due_reads_days_in_the_timestamps_own_zone_as_resolve_due_does(model, zone):
    from frictionscan.detect.dates import resolve_due

    texts = ["We will ship the fix tomorrow.", "I will send it by end of day.",
             "I will send an update by Wednesday, 17:00 CET."]
    stamp = pd.Timestamp("2026-11-24 08:00", tz=zone)  # Tuesday morning where it was written
    out = score(pd.DataFrame({"text": texts, "timestamp": [stamp] * 3}), model=model)
    assert [out["commitment_due"][i] for i in range(3)] == [resolve_due(t, stamp) for t in texts]
    if zone == "Asia/Tokyo":  # "tomorrow" is Wednesday 17:00 in Tokyo, not Tuesday 17:00 UTC
        assert out["commitment_due"][0] == pd.Timestamp("2026-11-25 08:00", tz="UTC")
    assert out["commitment_due"][2] == pd.Timestamp("2026-11-25 16:00", tz="UTC")  # 17:00 in Berlin


def test_evidence_is_sorted_by_start_then_signal_order(model):
    out = score(pd.DataFrame({"text": [EMAIL, "Sorry, that's on us. Thanks so much! I'll fix it by Friday."]}), model=model,
                sensitivity="loose")
    for ev in out["evidence"]:
        keys = [(e["start"], SIGNALS.index(e["signal"])) for e in ev]
        assert keys == sorted(keys) and len(set(keys)) == len(keys)


def test_a_promised_date_outside_the_representable_range_gives_nat_not_a_crashed_batch(model):
    # "by 1600-01-01" resolves to a real date, but one no datetime64[ns] column can hold
    df = pd.DataFrame({
        "text": ["I will fix it by 1600-01-01.", "I will send the signed contract by Friday."],
        "timestamp": pd.Timestamp("2026-01-05 09:00", tz="UTC"),
    })
    out = fs.score(df, model=model)
    assert len(out) == 2
    assert pd.isna(out["commitment_due"].iloc[0])
    assert out["commitment_due"].iloc[1] == pd.Timestamp("2026-01-09 17:00", tz="UTC")


def test_a_commitment_is_never_due_before_the_message_that_makes_it(model):
    df = pd.DataFrame({"text": ["I will send you the export by Jan 2.", "I will send you the export by Jan 20."],
                       "timestamp": pd.to_datetime(["2025-01-10 09:00", "2025-01-10 09:00"], utc=True)})
    due = score(df, model=model)["commitment_due"]
    assert pd.isna(due[0])  # was 2025-01-02: "overdue" a day after the promise
    assert str(due[1].date()) == "2025-01-20"


def test_numeric_timestamps_are_refused_with_the_conversion_to_use(model):
    # 1736150400 would be read as nanoseconds: "by Friday noon" due on 1970-01-02
    df = pd.DataFrame({"text": ["I will send it by Friday noon."], "timestamp": [1736150400]})
    with pytest.raises(InvalidOptionError, match="unit='s'"):
        score(df, model=model)
    with pytest.raises(InvalidOptionError, match="unit='s'"):
        fs.health(df.assign(direction="outbound", relationship="acme", **dict.fromkeys(SIGNALS, 0.1)), "W")
    empty = df.assign(timestamp=float("nan"))  # an all-empty column is fine: no due dates
    assert pd.isna(score(empty, model=model)["commitment_due"][0])


def test_sentences_keep_the_position_of_their_message_when_the_index_repeats(model):
    df = pd.DataFrame({"text": ["Sorry. Thanks!", "This is frustrating."]}, index=[7, 7])
    s = fs.score_sentences(df, model=model)
    assert s["message_index"].tolist() == [7, 7, 7]
    assert s["message_position"].tolist() == [0, 0, 1]


def test_a_lone_surrogate_in_the_text_is_kept_not_a_crash(model):
    # broken decoding upstream can leave "\ud800" in a str; Arrow-backed strings cannot hold it
    df = pd.DataFrame({"text": pd.Series(["\ud800 sorry, we messed up. Thanks!"], dtype=object),
                       "message_id": pd.Series(["m\ud800"], dtype=object)})
    s = fs.score_sentences(df, model=model)
    assert s["sentence"].tolist()[0] == "\ud800 sorry, we messed up."
    assert s["message_id"].tolist() == ["m\ud800"] * 2
    assert fs.score(df, model=model)["apology"].iloc[0] > 0.5


def test_bytes_text_is_decoded_and_other_objects_score_as_no_signal(model):
    df = pd.DataFrame({"text": pd.Series([b"We're sorry, that's on us.", None, 42], dtype=object)})
    out = fs.score(df, model=model)
    assert out["apology"].iloc[0] > 0.5 and bool(out["apology_flag"].iloc[0])
    assert out["evidence"].iloc[0][0]["text"] == "We're sorry, that's on us."
    assert (out[list(SIGNALS)].iloc[1:] == 0.0).all().all()


def test_status_is_read_whatever_its_case(model):
    # a status column typed by hand or exported by another tool: "OK" is ok, not an error row
    df = pd.DataFrame({"text": ["Sorry, that's on us.", "Sorry, that's on us."], "status": [" OK", "Error"]})
    out = fs.score(df, model=model)
    assert out["apology"].iloc[0] > 0.5 and pd.isna(out["apology"].iloc[1])


def test_commitment_due_reads_days_as_the_sender_saw_them_from_utc_offset(model):
    # Friday 16:30 in California is Saturday 00:30 UTC: "by Sat" is the next morning's Saturday,
    # not a week later, and "tomorrow" is Saturday, not Sunday
    ts = pd.Timestamp("2025-03-08 00:30", tz="UTC")
    df = pd.DataFrame({"text": ["I will have it fixed by Sat.", "We will ship it tomorrow.",
                                "I will call you at 11."],
                       "timestamp": [ts, ts, pd.Timestamp("2025-03-07 08:00", tz="UTC")],
                       "utc_offset": pd.array([-480, -480, 60], dtype="Int64")})
    due = fs.score(df, model=model)["commitment_due"].tolist()
    assert due == [pd.Timestamp("2025-03-09 01:00", tz="UTC"),  # Saturday 17:00 in California
                   pd.Timestamp("2025-03-09 01:00", tz="UTC"),
                   pd.Timestamp("2025-03-07 10:00", tz="UTC")]  # 11:00 at +01:00


# ---- dayfirst: the order of numeric due dates (QA10v A: a UK client's "by 6/3" was due 3 June) ----

def _uk_promise(text: str = "I'll send the reset link by 6/3.") -> pd.DataFrame:
    return messages_frame([{"message_id": "uk@x", "text": text, "status": "ok",
                            "timestamp": "2026-03-02T09:00:00Z"}])


@pytest.mark.parametrize(("dayfirst", "due"), [(True, "2026-03-06"), (False, "2026-06-03")])
def test_dayfirst_reads_an_ambiguous_numeric_due_date_day_first_and_the_default_month_first(
        model, dayfirst, due):
    out = score(_uk_promise(), model=model, dayfirst=dayfirst)
    assert str(out.loc[0, "commitment_due"].date()) == due
    if not dayfirst:  # the default is unchanged
        assert out.loc[0, "commitment_due"] == score(_uk_promise(), model=model).loc[0, "commitment_due"]


@pytest.mark.parametrize("dayfirst", [True, False])
def test_a_numeric_due_date_part_above_12_decides_the_order_whatever_dayfirst_says(model, dayfirst):
    out = score(_uk_promise("I'll send the reset link by 16/3."), model=model, dayfirst=dayfirst)
    assert str(out.loc[0, "commitment_due"].date()) == "2026-03-16"


@pytest.mark.parametrize("text", ["Will do. Draft guide by 6/3.", "We meet on 6/3. I'll be on site that morning."])
def test_dayfirst_reaches_a_due_date_stated_beside_the_commitment(model, text):
    out = score(_uk_promise(text), model=model, dayfirst=True)
    assert str(out.loc[0, "commitment_due"].date()) == "2026-03-06"


def test_dayfirst_reaches_due_dates_in_a_stated_zone(model):
    out = score(_uk_promise("I'll send the reset link by 17:00 CET on 6/3."), model=model, dayfirst=True)
    assert out.loc[0, "commitment_due"] == pd.Timestamp("2026-03-06 16:00", tz="UTC")


def test_parallel_scoring_reads_due_dates_with_the_same_dayfirst(model):
    df = pd.concat([_uk_promise()] * 40, ignore_index=True)
    one = score(df, model=model, batch_size=8, dayfirst=True)
    two = score(df, model=model, batch_size=8, n_process=2, dayfirst=True)
    pd.testing.assert_frame_equal(one, two)
    assert (two["commitment_due"].dt.strftime("%Y-%m-%d") == "2026-03-06").all()


@pytest.mark.parametrize("bad", ["yes", 1, "True"])
def test_a_dayfirst_that_is_not_a_bool_is_refused_with_what_it_means(model, bad):
    with pytest.raises(InvalidOptionError, match=r"dayfirst must be True, False or None.*6 March"):
        score(_uk_promise(), model=model, dayfirst=bad)


def test_dayfirst_none_is_what_read_takes_for_let_the_file_decide_and_reads_month_first(model):
    """Review of the eighth session: fs.read's default dayfirst=None raised here, though the docs
    say to pass score the same choice as read."""
    due = score(_uk_promise(), model=model, dayfirst=None)["commitment_due"]
    assert due.dt.strftime("%Y-%m-%d").tolist() == ["2026-06-03"]


def test_a_column_of_datetimes_that_each_keep_their_offset_resolves_tomorrow_in_the_senders_day():
    """email.utils.parsedate_to_datetime per row gives an object column of aware datetimes in
    different zones; "tomorrow by 10am" is the sender's tomorrow, as with a tz-aware column."""
    from email.utils import parsedate_to_datetime

    text = "I'll send the corrected file tomorrow by 10am."
    dates = ["Fri, 07 Mar 2025 16:30:00 -0800", "Mon, 10 Mar 2025 08:15:00 +0900"]
    strings = ["2025-03-07 16:30:00-08:00", "2025-03-10 08:15:00+09:00"]
    for stamps in (pd.Series([parsedate_to_datetime(d) for d in dates], dtype=object),
                   pd.Series(strings, dtype=object), pd.Series(strings, dtype="string"), pd.Series(strings)):
        out = fs.score(pd.DataFrame({"text": [text, text], "timestamp": stamps}))
        assert out["commitment_due"].tolist() == [pd.Timestamp("2025-03-08 18:00", tz="UTC"),
                                                   pd.Timestamp("2025-03-11 01:00", tz="UTC")]


def test_a_model_object_of_another_kind_is_refused_with_what_to_do_not_a_numpy_error():
    """QA13 D9 follow-up: load_model refused a foreign classifier file, but fs.score(model=obj)
    with the object itself failed deep in numpy with a broadcast error."""
    from sklearn.dummy import DummyClassifier

    from frictionscan.errors import ModelIntegrityError

    other = DummyClassifier().fit([[0], [1]], [0, 1])
    with pytest.raises(ModelIntegrityError, match=r"not a frictionscan signal model.*custom_model"):
        score(pd.DataFrame({"text": ["Still waiting."]}), model=other)


def test_timestamp_strings_in_several_formats_each_anchor_their_own_due_date():
    """Review 9 #5: ISO, ISO with an offset and RFC 2822 in one column gave due dates for the
    first format only (the others parsed as NaT, silently)."""
    col = ["2026-01-14 21:19", "2026-01-14T21:19:00-05:00", "Wed, 14 Jan 2026 21:19:00 -0500"]
    out = fs.score(pd.DataFrame({"text": ["I'll send it tomorrow."] * 3, "timestamp": col}))
    assert out["commitment_due"].tolist() == [pd.Timestamp("2026-01-15 17:00", tz="UTC"),
                                               pd.Timestamp("2026-01-15 22:00", tz="UTC"),
                                               pd.Timestamp("2026-01-15 22:00", tz="UTC")]


def test_an_unfitted_signal_model_is_named_as_not_fitted():
    """QA13v N4: an unfitted SignalModel was called 'not a frictionscan signal model'."""
    from frictionscan.errors import NotFittedError

    with pytest.raises(NotFittedError, match="not fitted yet: call its fit"):
        score(pd.DataFrame({"text": ["Still waiting."]}), model=fs.SignalModel())
