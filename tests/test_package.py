"""The package's contract: a small public API, no heavy work at import, errors in one place."""

import subprocess
import sys

import frictionscan as fs
from frictionscan import errors
from frictionscan.schemas import MESSAGE_COLUMNS, SIGNALS, empty_messages, validate_messages


def test_import_does_not_load_spacy_or_sklearn():
    code = "import sys, frictionscan; print('spacy' in sys.modules, 'sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


def test_signals_are_the_six_named_in_the_spec():
    assert SIGNALS == (
        "frustration", "blame", "unmet_expectation", "apology", "commitment", "appreciation"
    )


def test_every_public_name_resolves():
    for name in fs.__all__:
        assert getattr(fs, name) is not None, name


def test_every_error_is_a_frictionscan_error_and_a_builtin():
    for name in errors.__all__:
        cls = getattr(errors, name)
        if issubclass(cls, Warning):
            continue
        assert issubclass(cls, errors.FrictionscanError)
        assert len(cls.__mro__) > 3, f"{name} should also inherit a builtin exception"


def test_empty_message_table_is_valid():
    df = validate_messages(empty_messages())
    assert list(df.columns) == list(MESSAGE_COLUMNS)
