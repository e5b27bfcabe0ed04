"""The training/evaluation data loader: how authored files become fit / calib / test rows.

The held-out numbers in the closing notes are only honest if evaluation-only files never reach
``fit`` or ``calib`` and the ordinary split is a pure function of the text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from frictionscan.detect.data import (
    AUTHORED_GROUPS,
    EVAL_ONLY_GROUPS,
    HELD_BACK_GROUPS,
    load_authored,
    shared_data_dir,
)
from frictionscan.errors import InvalidOptionError, SourceNotFoundError
from frictionscan.schemas import SIGNALS

HEADER = "text\t" + "\t".join(SIGNALS) + "\tchannel\n"


def _write(path, texts):
    rows = "".join(f"{t}\t1\t0\t0\t0\t0\t0\temail\n" for t in texts)
    path.write_text(HEADER + rows, encoding="utf-8")


@pytest.fixture
def sentences():
    return [f"Sentence number {i} about the quarterly invoice run." for i in range(200)]


def test_every_file_of_an_evaluation_only_group_is_all_test(tmp_path, sentences):
    for group in EVAL_ONLY_GROUPS:
        name = sorted(AUTHORED_GROUPS[group])[0]
        _write(tmp_path / name, [f"{group}: {t}" for t in sentences])
    df = load_authored(tmp_path / "authored_*.tsv")
    assert len(df) == len(EVAL_ONLY_GROUPS) * len(sentences)
    assert set(df["split"]) == {"test"}
    assert set(df["group"]) == set(EVAL_ONLY_GROUPS)


def test_an_ordinary_file_is_split_about_70_10_20_by_text_alone(tmp_path, sentences):
    _write(tmp_path / "authored_new_topic.tsv", sentences)
    first = load_authored(tmp_path / "authored_*.tsv")
    assert set(first["group"]) == {"original"}
    share = first["split"].value_counts(normalize=True)
    assert 0.55 < share["fit"] < 0.85 and 0.02 < share["calib"] < 0.2 and 0.1 < share["test"] < 0.3
    # the same sentence lands in the same split wherever it sits in the file
    _write(tmp_path / "authored_new_topic.tsv", list(reversed(sentences)))
    again = load_authored(tmp_path / "authored_*.tsv").set_index("text")["split"]
    assert again.loc[first["text"]].tolist() == first["split"].tolist()


def test_an_unregistered_writing_round_file_is_refused_not_trained_on(tmp_path, sentences):
    """A new blind round dropped into data/training/ before it is registered would otherwise be
    split 70/10/20 like any file and trained on: the loader stops instead and says what to do."""
    _write(tmp_path / "authored_r99_client.tsv", sentences)
    with pytest.raises(InvalidOptionError, match="AUTHORED_GROUPS"):
        load_authored(tmp_path / "authored_*.tsv")
    # a file that only starts with the same letters is an ordinary file
    (tmp_path / "authored_r99_client.tsv").unlink()
    _write(tmp_path / "authored_rework_notes.tsv", sentences)
    assert set(load_authored(tmp_path / "authored_*.tsv")["group"]) == {"original"}


def test_a_sentence_in_two_files_is_kept_once_with_the_first_files_labels(tmp_path):
    _write(tmp_path / "authored_a.tsv", ["We are still waiting on the revised plan."])
    (tmp_path / "authored_b.tsv").write_text(
        HEADER + "We are still waiting on the revised plan.\t0\t0\t1\t0\t0\t0\temail\n", encoding="utf-8"
    )
    df = load_authored(tmp_path / "authored_*.tsv")
    assert len(df) == 1
    assert df.loc[0, "file"] == "authored_a.tsv" and df.loc[0, "frustration"] == 1.0


def test_a_missing_shared_folder_says_what_to_pass(tmp_path):
    with pytest.raises(SourceNotFoundError, match="--shared"):
        shared_data_dir(tmp_path)


def _agreement_script():
    """``data/training/agreement.py`` loaded as a fresh module (so a test may patch it)."""
    import importlib.util

    from frictionscan.paths import project_root

    script = project_root() / "data" / "training" / "agreement.py"
    spec = importlib.util.spec_from_file_location("agreement", script)
    agreement = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(agreement)
    return agreement


def test_the_second_annotations_still_match_the_sentences_they_label():
    """``data/training/agreement.py`` ties each second label to its sentence by sha1; an edit to an
    evaluation-only file must be caught here, not misalign the agreement figures."""
    agreement = _agreement_script()
    script = Path(agreement.__file__)
    pairs = agreement.load_pairs()
    # a group is registered before its writers start, so one with no file yet has nothing to pair
    written = {g for g in EVAL_ONLY_GROUPS if any((script.parent / n).exists() for n in AUTHORED_GROUPS[g])}
    assert written <= set(pairs["set"])
    n_eval_only = sum(len(agreement._read(script.parent / name)) for g in written for name in AUTHORED_GROUPS[g])
    assert pairs["set"].isin(written).sum() == n_eval_only  # every evaluation-only sentence has a second label
    for s in SIGNALS:
        assert set(pairs["A_" + s]) <= {0, 1} and set(pairs["B_" + s]) <= {0, 1}


@pytest.mark.parametrize("argv, code", [(["--help"], 0), (["--nomodel"], 2), (["extra"], 2)])
def test_the_agreement_script_scores_nothing_on_arguments_it_does_not_take(argv, code, monkeypatch):
    """A blind set must stay unscored: ``--help`` or a typo of ``--no-model`` once ran the model on
    every evaluation-only sentence. Now they stop before anything is loaded."""
    agreement = _agreement_script()

    def no_scoring(*args, **kwargs):
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(agreement, "load_model", no_scoring)
    monkeypatch.setattr(agreement, "load_pairs", no_scoring)
    with pytest.raises(SystemExit) as stop:
        agreement.main(argv)
    assert stop.value.code == code


def test_a_held_back_file_keeps_its_test_rows_but_trains_nothing(tmp_path, sentences, monkeypatch):
    """A training batch no shipped model was trained on must not change what the train command
    builds: its would-be fit and calib rows are marked held_back, and its test rows are the same
    sentences they would be once it is trained on."""
    import frictionscan.detect.data as data

    group = "informal"  # held back until the twelfth session's model trained on it
    monkeypatch.setattr(data, "HELD_BACK_GROUPS", HELD_BACK_GROUPS | {group})
    name = sorted(AUTHORED_GROUPS[group])[0]
    _write(tmp_path / name, sentences)
    held = load_authored(tmp_path / "authored_*.tsv")
    assert set(held["split"]) == {"held_back", "test"}
    (tmp_path / name).rename(tmp_path / "authored_plain_copy.tsv")
    plain = load_authored(tmp_path / "authored_*.tsv").set_index("text")["split"]
    assert (plain.loc[held["text"]].eq("test").to_numpy() == held["split"].eq("test").to_numpy()).all()


def test_agreement_without_the_model_scores_nothing(capsys):
    """``agreement.py --no-model`` gives the annotators' agreement on a blind set that no model may
    see yet: the model is never loaded."""
    agreement = _agreement_script()

    def refuse(*args, **kwargs):
        raise AssertionError("the model was loaded")

    agreement.load_model = refuse
    agreement.score_texts = refuse
    agreement.main(["--no-model"])
    out = capsys.readouterr().out
    assert "F1 B vs A" in out and "kappa" in out and "model" not in out


def _adjudicate(folder: Path, name: str, texts: list[str], labels: list[int]) -> None:
    import hashlib

    rows = "".join(
        f"{i}\t{hashlib.sha1(t.encode()).hexdigest()[:12]}\t" + "\t".join(["0"] * 2 + [str(y)] + ["0"] * 3)
        + "\tunmet_expectation\n" for i, (t, y) in enumerate(zip(texts, labels, strict=True), 1))
    (folder / "adjudicated").mkdir(exist_ok=True)
    (folder / "adjudicated" / name).write_text(
        "id\ttext_sha1\t" + "\t".join(SIGNALS) + "\tdisputed\n" + rows, encoding="utf-8")


def test_an_evaluation_only_set_is_scored_against_its_adjudicated_gold_only_when_asked(tmp_path, sentences):
    blind = sorted(AUTHORED_GROUPS[sorted(EVAL_ONLY_GROUPS)[-1]])[0]
    texts = sentences[:4]
    _write(tmp_path / blind, texts)  # the writer: frustration on every row
    _write(tmp_path / "authored_new_topic.tsv", sentences[4:])
    _adjudicate(tmp_path, blind, texts, [1, 0, 1, 0])  # the gold: unmet expectation on two
    _adjudicate(tmp_path, "authored_new_topic.tsv", sentences[4:], [1] * 196)  # training data: never
    writer = load_authored(tmp_path / "authored_*.tsv")
    gold = load_authored(tmp_path / "authored_*.tsv", gold="adjudicated")
    assert set(writer["gold"]) == {"writer"}
    blind_rows = gold["file"].eq(blind)
    assert gold.loc[blind_rows, "gold"].eq("adjudicated").all()
    assert gold.loc[blind_rows, "unmet_expectation"].tolist() == [1, 0, 1, 0]
    assert gold.loc[blind_rows, "frustration"].eq(0).all()
    # the training file keeps its writer's labels, adjudicated or not
    assert gold.loc[~blind_rows].drop(columns="gold").equals(writer.loc[~blind_rows].drop(columns="gold"))


def test_adjudicated_labels_that_no_longer_match_their_sentences_are_refused(tmp_path, sentences):
    blind = sorted(AUTHORED_GROUPS[sorted(EVAL_ONLY_GROUPS)[-1]])[0]
    _write(tmp_path / blind, sentences[:3])
    _adjudicate(tmp_path, blind, [sentences[0], "an edited sentence", sentences[2]], [0, 0, 0])
    with pytest.raises(InvalidOptionError, match="edited after adjudication"):
        load_authored(tmp_path / "authored_*.tsv", gold="adjudicated")
    with pytest.raises(InvalidOptionError, match="writer, adjudicated"):
        load_authored(tmp_path / "authored_*.tsv", gold="second")
