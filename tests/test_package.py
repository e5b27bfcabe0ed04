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


def test_every_docstring_example_in_the_package_runs(tmp_path, monkeypatch):
    """Public functions carry runnable examples; this keeps them true (the ingest tests run theirs
    too, with more checks)."""
    import doctest
    import importlib
    import pkgutil

    import frictionscan

    monkeypatch.chdir(tmp_path)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    names = [m.name for m in pkgutil.walk_packages(frictionscan.__path__, "frictionscan.")]
    for name in ["frictionscan", *names]:
        if name.endswith("__main__"):
            continue
        for test in doctest.DocTestFinder().find(importlib.import_module(name)):
            runner.run(test, out=lambda _: None)
    assert runner.failures == 0, f"{runner.failures} failing docstring examples; run pytest --doctest-modules src"
    assert runner.tries > 80
