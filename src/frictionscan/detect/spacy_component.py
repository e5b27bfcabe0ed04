"""spaCy pipeline component ``frictionscan_signals``: the same model, the spaCy way.

Importing this module registers the factory (so does loading a saved pipeline, through the
``spacy_factories`` entry point). Add it to any pipeline; a blank English one is enough. Without
sentence boundaries it splits with :mod:`frictionscan.segment` and scores the exact sentence
characters, so its values equal :func:`frictionscan.score`'s whatever the tokenizer. With a
``sentencizer`` or parser earlier in the pipeline it scores *those* sentences, and values can
differ: spaCy's sentencizer does not break at line breaks, so a greeting line ("Hi Dana,") and the
sentence under it become one sentence::

    >>> import spacy
    >>> import frictionscan.detect.spacy_component  # registers the factory
    >>> nlp = spacy.blank("en")
    >>> _ = nlp.add_pipe("frictionscan_signals")            # doctest: +SKIP
    >>> doc = nlp("Still waiting on the invoice. Sorry, that's on us.")  # doctest: +SKIP
    >>> round(doc._.frictionscan["apology"], 2) > 0.5        # doctest: +SKIP
    True
    >>> [(s.label_, s.text) for s in doc.spans["frictionscan"]]  # doctest: +SKIP
    [('unmet_expectation', 'Still waiting on the invoice.'), ('apology', "Sorry, that's on us.")]

It sets:

* ``doc._.frictionscan`` -- ``{signal: probability}`` for the whole doc (max over sentences, as
  :func:`frictionscan.score`); all NaN (unknown) for a doc clearly not in English, as
  :func:`frictionscan.score` gives such a message;
* ``doc._.frictionscan_language`` -- the doc's language (``"en"``, or the ISO 639-1 code of the
  language it is clearly written in: see :mod:`frictionscan.detect.language`);
* ``doc._.frictionscan_due`` -- the due date :func:`frictionscan.score` gives as ``commitment_due``
  for the doc's text with ``doc._.frictionscan_timestamp`` (which you set: a datetime or a date
  string, read in its own offset) as its timestamp; a UTC ``Timestamp`` or None. Worked out when
  read. Without a timestamp only dates naming their day and year resolve; "by Friday" gives None;
* ``span._.frictionscan`` -- ``{signal: probability}`` on every sentence span (``doc.sents`` when
  sentence boundaries are set, and on each evidence span);
* ``doc.spans[spans_key]`` -- evidence: one span per (sentence, signal) whose probability reaches the
  sensitivity threshold, labelled with the signal name; the group's ``attrs`` record the
  sensitivity and thresholds. A sentence's span is its exact characters when they fall on token
  boundaries, else the smallest token span around it, unless that reaches into another sentence
  (a tokenizer that keeps "fix!\\nBut" as one token): then the tokens wholly inside the sentence,
  and no span when there are none. Its probabilities are those of the exact sentence either way.

**Models and trust.** A model file is a pickle, and unpickling can run any code, so the component
unpickles only a file whose sha256 is trusted: the shipped model, the model in
``$FRICTIONSCAN_MODELS`` (your folder), a hash listed in ``$FRICTIONSCAN_TRUSTED_MODELS``
(comma-separated), or one trusted in this process with :func:`trust_model`,
:meth:`SignalsComponent.use_model` or by saving it here. Anything else -- a ``model_path`` in a
config.cfg you were sent, a swapped file inside a pipeline folder -- is refused with
:class:`~frictionscan.errors.ModelIntegrityError` before it is read as a model.

``nlp.to_disk`` writes ``<pipeline>/frictionscan_signals/model.json`` (which model, its sha256) and,
for your own model, a copy of it (``model.joblib``), so the folder loads from any working
directory. A pipeline saved with the shipped model keeps referring to the installed one: when
that one differs (a frictionscan upgrade), loading warns that the scores can differ.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tempfile
import warnings
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..errors import (
    FrictionscanError,
    FrictionscanWarning,
    InvalidOptionError,
    LanguageWarning,
    ModelIntegrityError,
    ModelNotFoundError,
)
from ..schemas import SIGNALS
from ..segment import split_sentences
from .language import languages
from .persist import MODEL_FILE, SHIPPED_MODEL_SHA256, check_model, read_manifest, sha256_file
from .score import MODEL_TIERS, _check_dayfirst, _check_languages, _due_dates, _model, _thresholds

__all__ = ["ENV_TRUSTED", "SHIPPED_MODEL_SHA256", "SignalsComponent", "trust_model"]

#: environment variable listing trusted model sha256s (comma- or space-separated)
ENV_TRUSTED = "FRICTIONSCAN_TRUSTED_MODELS"
#: sha256s of model files trusted in this process (trust_model, use_model, files saved here)
_TRUSTED: set[str] = set()
_HEX64 = re.compile(r"[0-9a-f]{64}")
_OWN_FILE = "model.joblib"
_INFO_FILE = "model.json"
_NAN = float("nan")
_DUE_KEY = "frictionscan_due_input"

if not Doc.has_extension("frictionscan"):
    Doc.set_extension("frictionscan", default=None)
if not Doc.has_extension("frictionscan_language"):
    Doc.set_extension("frictionscan_language", default=None)
if not Doc.has_extension("frictionscan_timestamp"):
    Doc.set_extension("frictionscan_timestamp", default=None)
if not Doc.has_extension("frictionscan_due"):
    Doc.set_extension("frictionscan_due", getter=lambda doc: _due_of(doc))
if not Span.has_extension("frictionscan"):
    Span.set_extension("frictionscan", default=None)


def trust_model(model: str | os.PathLike) -> str:
    """Trust a model file in this process, by path (its bytes are hashed) or by its sha256.

    Only files with a trusted sha256 are unpickled by the component; returns the sha256.

    >>> trust_model("a3deb85cf23db09c527fef32b57387621becf8e3cb4f37d2639fb551b4b97194")[:12]
    'a3deb85cf23d'
    """
    if isinstance(model, str) and _HEX64.fullmatch(model.strip().lower()) and not Path(model).exists():
        digest = model.strip().lower()
    else:
        path = Path(model)
        _check_file(path)
        digest = sha256_file(path)
    _TRUSTED.add(digest)
    return digest


def _is_trusted(digest: str) -> bool:
    if digest == SHIPPED_MODEL_SHA256 or digest in _TRUSTED:
        return True
    listed = {h.lower() for h in re.split(r"[\s,;]+", os.environ.get(ENV_TRUSTED, "")) if h}
    if digest in listed:
        return True
    return bool(os.environ.get("FRICTIONSCAN_MODELS")) and digest == _default_sha()


def _default_sha(tier: str = "fast") -> str | None:
    """sha256 of the default model of ``tier`` (the shipped one, or ``$FRICTIONSCAN_MODELS``'s), per
    its manifest: the linear model's file, or for the accurate tier its encoder file's."""
    from .encoder import ENCODER_FILE

    try:
        entry = read_manifest().get("files", {}).get(ENCODER_FILE if tier == "accurate" else MODEL_FILE)
    except (FrictionscanError, OSError):
        return None
    return entry.get("sha256") if isinstance(entry, dict) else None


def _check_file(path: Path) -> None:
    if str(path) in ("", "."):
        raise ModelNotFoundError(
            "the model path is empty. Name a model file (.joblib), or leave model_path out (null in "
            "config.cfg) for the default model: $FRICTIONSCAN_MODELS if set, else the shipped one.")
    if path.is_dir():
        raise ModelNotFoundError(
            f"model file {str(path)!r} is a folder, not a model file: name the .joblib file inside it "
            f"(a folder written by frictionscan.detect.persist.save_model holds {MODEL_FILE}), or set "
            "FRICTIONSCAN_MODELS to that folder to make its model the default.")
    if not path.is_file():
        raise ModelNotFoundError(
            f"model file {str(path)!r} does not exist (a relative path is read from the current "
            f"directory, {os.getcwd()!r}). Check the path.")


def _load_trusted(path: Path, expected: str | None) -> tuple[Any, str]:
    """Unpickle ``path`` only when its bytes hash to ``expected`` (if given) and to a trusted sha256;
    the very bytes hashed are the ones unpickled."""
    _check_file(path)
    blob = path.read_bytes()
    digest = hashlib.sha256(blob).hexdigest()
    if expected is not None and digest != expected:
        raise ModelIntegrityError(
            f"model file {str(path)!r} has sha256 {digest}, but the pipeline recorded {expected} when it was "
            "saved: the file was changed or swapped, and it is refused without loading it. Get the pipeline "
            "again from whoever made it, or save it again from a model you trust.")
    if not _is_trusted(digest):
        raise ModelIntegrityError(
            f"frictionscan_signals: the model file {str(path)!r} (sha256 {digest}) is not trusted, so it is "
            "refused without loading it: a model file is a pickle, and unpickling a file can run any code, "
            "so a pipeline folder or config.cfg from someone else must not choose one. If you trust this "
            f"file, say so before loading: trust_model({str(path)!r}) or trust_model('{digest}') from "
            f"frictionscan.detect.spacy_component, or {ENV_TRUSTED}={digest} in the environment "
            "(several hashes: comma-separated).")
    try:
        model = joblib.load(io.BytesIO(blob))
    except Exception as exc:  # truncated, corrupted or not a joblib file at all
        raise ModelIntegrityError(
            f"cannot load {str(path)!r} as a model ({type(exc).__name__}: {exc}); the file is corrupted or is "
            "not a model written by frictionscan") from exc
    return check_model(model, f"{str(path)!r} holds a {type(model).__name__}"), digest


@Language.factory(
    "frictionscan_signals",
    assigns=["doc._.frictionscan", "doc._.frictionscan_language", "doc._.frictionscan_due", "span._.frictionscan",
             "doc.spans"],
    default_config={"spans_key": "frictionscan", "sensitivity": "balanced", "model_path": None, "dayfirst": False,
                    "languages": ["en"], "tier": "fast"},
)
def make_signals_component(
    nlp: Language, name: str, spans_key: str, sensitivity: str, model_path: str | None, dayfirst: bool,
    languages: list[str] | None = ("en",), tier: str = "fast",
) -> SignalsComponent:
    """Factory: ``nlp.add_pipe("frictionscan_signals", config={"sensitivity": "strict"})``;
    ``config={"tier": "accurate"}`` scores with the accurate tier."""
    return SignalsComponent(nlp, name, spans_key=spans_key, sensitivity=sensitivity, model_path=model_path,
                            dayfirst=dayfirst, languages=languages, tier=tier)


class SignalsComponent:
    """Sets signal probabilities on Doc/Span extensions and evidence as a span group.

    Parameters
    ----------
    nlp : Language
    name : str
    spans_key : str, default "frictionscan"
        Key of the evidence span group in ``doc.spans``.
    sensitivity : {"loose", "balanced", "strict"}
        Thresholds used for the evidence spans (probabilities are the same whatever the preset).
    model_path : str, optional
        A model file whose sha256 is trusted (see :func:`trust_model`); default the shipped,
        hash-checked model. Read when the component is first used (a saved pipeline reads the copy
        in its own folder instead).
    model : SignalModel or path, optional
        Your own model (wins over ``model_path``): see :meth:`use_model`.
    dayfirst : bool, default False
        How numeric due dates read ("by 6/3"), as in :func:`frictionscan.score`.
    languages : list of str or None, default ["en"]
        The languages the model reads, as in :func:`frictionscan.score`: a doc clearly in another
        one gets NaN and no evidence; None scores every doc (a model of your own for other
        languages).
    tier : {"fast", "accurate"}, default "fast"
        The shipped model to use when no model of your own is given, as :func:`frictionscan.score`'s
        ``model``. A saved pipeline records the tier (and its sha256), never a copy of it.

    Attributes
    ----------
    model_sha256 : str or None
        sha256 of your own model's file (None for the default model until ``to_disk``).
    """

    def __init__(
        self,
        nlp: Language,
        name: str = "frictionscan_signals",
        *,
        spans_key: str = "frictionscan",
        sensitivity: str = "balanced",
        model_path: str | None = None,
        model: Any = None,
        dayfirst: bool = False,
        languages: Any = ("en",),
        tier: str = "fast",
    ) -> None:
        _thresholds(None, sensitivity)  # an unknown preset fails here, not at the first doc
        if tier not in MODEL_TIERS:
            raise InvalidOptionError(f"tier must be one of {list(MODEL_TIERS)}; got {tier!r}.")
        self.tier = tier
        self.dayfirst = _check_dayfirst(dayfirst)
        self.languages = _check_languages(languages)  # None: every language
        self.name = name
        self.spans_key = spans_key
        self.sensitivity = sensitivity
        self.model_path = None if model_path is None else str(model_path)
        #: the signal model in use (None until the first doc, or until a saved pipeline is loaded)
        self.model: Any = None
        self.model_sha256: str | None = None
        self._default: Any = None
        self._source: Path | None = None
        self._thr: tuple[Any, np.ndarray] | None = None
        if model is not None:
            self.use_model(model)

    # -- the model ---------------------------------------------------------------------------
    # (``model`` is a plain attribute, never a loading property: spaCy's protocol checks call
    # hasattr(component, "model") while building a pipeline, before from_disk supplies its model)
    def _load(self) -> Any:
        """The signal model, loaded on first need (``model_path``'s, trust-checked, or the default)."""
        if self.model is None:
            if self.model_path is not None:
                path = Path(self.model_path)
                self._set_own(*_load_trusted(path, None), source=path)
            else:
                self.model = self._default = _model(self.tier)
        return self.model

    @property
    def _own(self) -> bool:
        return self.model is not None and self.model is not self._default

    @property
    def thresholds(self) -> np.ndarray:
        model = self._load()
        if self._thr is None or self._thr[0] is not model:
            self._thr = (model, _thresholds(model, self.sensitivity))
        return self._thr[1]

    def use_model(self, model: Any) -> None:
        """Score with your own model: a fitted ``SignalModel`` (or an object that passes
        :func:`~frictionscan.detect.persist.check_model`), or a path to a model file, which this
        call trusts (your code chose it). ``nlp.to_disk`` then saves a copy with the pipeline."""
        if isinstance(model, (str, os.PathLike)):
            path = Path(model)
            digest = trust_model(path)
            self._set_own(*_load_trusted(path, digest), source=path)
        else:  # a classifier of another kind is refused here, not deep in numpy at the first doc
            self._set_own(check_model(model, f"use_model was given a {type(model).__name__}"), None, source=None)

    def _set_own(self, model: Any, digest: str | None, source: Path | None) -> None:
        self.model, self.model_sha256, self._source = model, digest, source

    def __getstate__(self) -> dict:
        self._load()  # a pickled pipeline (nlp.pipe with n_process > 1) carries the loaded model
        return self.__dict__

    # -- saving and loading ------------------------------------------------------------------
    def to_disk(self, path: str | os.PathLike, *, exclude: Any = ()) -> None:
        """Write ``model.json`` (which model, its sha256) and, for your own model, ``model.joblib``."""
        from .. import __version__

        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        model = self._load()
        info: dict[str, Any] = {"frictionscan": __version__}
        if self._own:
            target, tmp = path / _OWN_FILE, path / (_OWN_FILE + ".tmp")
            blob = None
            if self._source is not None and self.model_sha256 is not None and self._source.is_file():
                blob = self._source.read_bytes()
                if hashlib.sha256(blob).hexdigest() != self.model_sha256:
                    blob = None  # the file changed since it was loaded: save the model in use
            if blob is not None:
                tmp.write_bytes(blob)
            else:
                joblib.dump(model, tmp, compress=("zlib", 6))
            tmp.replace(target)
            digest = sha256_file(target)
            _TRUSTED.add(digest)  # written here, from a model this process trusted
            self.model_sha256, self._source = digest, target
            info.update(model="own", file=_OWN_FILE, sha256=digest)
        else:
            info.update(model="default", tier=self.tier, sha256=_default_sha(self.tier))
        (path / _INFO_FILE).write_text(json.dumps(info, indent=2) + "\n", "utf-8")

    def to_bytes(self, *, exclude: Any = ()) -> bytes:
        """What :meth:`to_disk` writes, as bytes (``nlp.to_bytes``): your own model travels with
        them, so ``from_bytes`` gives the same scores (before, the shipped model silently took its
        place)."""
        import srsly

        kept = (self.model_sha256, self._source)
        with tempfile.TemporaryDirectory() as d:
            self.to_disk(d)
            files = {p.name: p.read_bytes() for p in Path(d).iterdir() if p.name in (_INFO_FILE, _OWN_FILE)}
        self.model_sha256, self._source = kept
        return srsly.msgpack_dumps(files)

    def from_bytes(self, data: bytes, *, exclude: Any = ()) -> SignalsComponent:
        """The inverse of :meth:`to_bytes`, with :meth:`from_disk`'s checks: a model in the bytes is
        unpickled only when its sha256 is the one recorded and is trusted."""
        import srsly

        files = srsly.msgpack_loads(data)
        with tempfile.TemporaryDirectory() as d:
            for name in (_INFO_FILE, _OWN_FILE):
                if isinstance(files, dict) and isinstance(files.get(name), bytes):
                    (Path(d) / name).write_bytes(files[name])
            self.from_disk(d)
            if self._own:
                self._source = None  # the temporary copy is gone; to_disk saves the model in use
        return self

    def from_disk(self, path: str | os.PathLike, *, exclude: Any = ()) -> SignalsComponent:
        """Load the model the pipeline was saved with (its own copy, hash- and trust-checked before
        unpickling), or the default one, warning when that is not the model it was saved with."""
        path = Path(path)
        info_path = path / _INFO_FILE
        if not info_path.is_file():  # saved by an older frictionscan: as configured
            self._load()  # a refused or missing model fails at load, not at the first doc
            return self
        info = _read_info(info_path)
        if info["model"] == "own":
            target = path / _OWN_FILE
            self._set_own(*_load_trusted(target, info["sha256"]), source=target)
            return self
        self._load()  # the default, or a model_path given when loading (trust-checked)
        saved, now = info.get("sha256"), _default_sha(self.tier)
        if not self._own and saved and now and saved != now:
            warnings.warn(FrictionscanWarning(
                f"{self.name}: this pipeline was saved with the model {saved[:12]}… (sha256 {saved}), but "
                f"the model in use now is {now}: its scores can differ from when it was saved (a "
                "frictionscan upgrade ships a retrained model). To fix a pipeline's scores across upgrades, "
                f"give it its own model file before saving (nlp.get_pipe({self.name!r}).use_model(path)) and "
                "trust that file's sha256 where you load it."), stacklevel=2)
        return self

    # -- scoring -----------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        others = self._annotate([doc])
        if others:
            _warn_language(others[0], stacklevel=3)
        return doc

    def pipe(self, stream, batch_size: int = 256):
        """Score docs in batches; a LanguageWarning is given once per call, at the first doc not
        in English (``doc._.frictionscan_language`` says which docs)."""
        warned = False
        batch: list[Doc] = []
        for doc in stream:
            batch.append(doc)
            if len(batch) >= batch_size:
                others = self._annotate(batch)
                if others and not warned:
                    warned = True
                    _warn_language(others[0], stacklevel=2, once=True)
                yield from batch
                batch = []
        if batch:
            others = self._annotate(batch)
            if others and not warned:
                _warn_language(others[0], stacklevel=2, once=True)
            yield from batch

    def _sentences(self, doc: Doc, text: str) -> list[tuple[Span | None, int, int]]:
        """(span, start, end) per sentence: the characters ``text[start:end]`` are scored; span None
        when no token span fits inside the sentence."""
        if doc.has_annotation("SENT_START"):
            return [(s, s.start_char, s.end_char) for s in doc.sents if s.text.strip()]
        return [(_token_span(doc, text, s, e), s, e) for s, e in split_sentences(text)]

    def _annotate(self, docs: list[Doc]) -> list[str]:
        """Annotate ``docs`` in place; returns the languages of the docs not in English."""
        texts = [d.text for d in docs]  # (doc.text joins every token: once per doc)
        langs = languages(texts)
        read = [self.languages is None or la in self.languages for la in langs]
        per_doc = [self._sentences(d, t) if r else [] for d, t, r in zip(docs, texts, read, strict=True)]
        flat = [t[s:e] for t, sents in zip(texts, per_doc, strict=True) for _, s, e in sents]
        proba = self._load().predict_proba(flat) if flat else np.zeros((0, len(SIGNALS)))
        thr = self.thresholds
        others: list[str] = []
        i = 0
        for doc, sents, la, r in zip(docs, per_doc, langs, read, strict=True):
            p = proba[i : i + len(sents)]
            i += len(sents)
            doc._.frictionscan_language = la
            if not r:
                others.append(str(la))
                doc._.frictionscan = dict.fromkeys(SIGNALS, _NAN)  # unknown, as fs.score
            else:
                doc._.frictionscan = {s: float(p[:, j].max()) if len(p) else 0.0 for j, s in enumerate(SIGNALS)}
            evidence = []
            for (span, _s, _e), row in zip(sents, p, strict=True):
                if span is None:
                    continue
                span._.frictionscan = {s: float(row[j]) for j, s in enumerate(SIGNALS)}
                for j, sig in enumerate(SIGNALS):
                    if row[j] >= thr[j]:
                        evidence.append(Span(doc, span.start, span.end, label=sig))
            doc.spans[self.spans_key] = evidence  # replaces any earlier group under this key
            doc.spans[self.spans_key].attrs["sensitivity"] = self.sensitivity
            doc.spans[self.spans_key].attrs["thresholds"] = dict(zip(SIGNALS, map(float, thr), strict=True))
        self._keep_due_input(docs, per_doc, proba, thr)
        return others

    def _keep_due_input(self, docs: list[Doc], per_doc: list, proba: np.ndarray, thr: np.ndarray) -> None:
        """Keep what ``doc._.frictionscan_due`` needs (which sentences are commitment evidence) in
        ``doc.user_data``; the date is resolved only when read (it costs ~50 µs a
        commitment sentence, which a pipeline that never reads it should not pay)."""
        cj = SIGNALS.index("commitment")
        rows = np.flatnonzero(proba[:, cj] >= thr[cj]).tolist() if len(proba) else []
        owner = np.repeat(np.arange(len(docs)), [len(x) for x in per_doc])[rows].tolist() if rows else []
        first = np.cumsum([0] + [len(x) for x in per_doc]).tolist()
        hits: dict[int, list[int]] = {}
        for r, k in zip(rows, owner, strict=True):
            hits.setdefault(k, []).append(r - first[k])
        for k, doc in enumerate(docs):
            if k in hits:  # (a doc not in English has no sentences, so no hits)
                doc.user_data[_DUE_KEY] = {"commitment": hits[k], "dayfirst": self.dayfirst}
            elif _DUE_KEY in doc.user_data:
                del doc.user_data[_DUE_KEY]


def _due_of(doc: Doc) -> pd.Timestamp | None:
    """``doc._.frictionscan_due``: what :func:`frictionscan.score` gives as ``commitment_due`` for
    the doc's text with ``doc._.frictionscan_timestamp`` as its timestamp (UTC, or None)."""
    kept = doc.user_data.get(_DUE_KEY)
    if not kept:
        return None
    ts = doc._.frictionscan_timestamp
    if isinstance(ts, (int, float, np.number)) and not isinstance(ts, bool) and not pd.isna(ts):
        raise InvalidOptionError(
            f"doc._.frictionscan_timestamp is a number ({ts!r}), which would read as nanoseconds since "
            "1970; set a datetime or a date string instead, e.g. pd.Timestamp(seconds, unit='s', tz='UTC') "
            "for Unix seconds.")
    text = doc.text
    spans = ([(s.start_char, s.end_char) for s in doc.sents if s.text.strip()] if doc.has_annotation("SENT_START")
             else split_sentences(text))  # the sentences the component scored, in the same order
    # one row, its timestamp as the object it is: read in its own offset, as fs.score reads a
    # column of datetimes (or strings) that each state their own
    frame = pd.DataFrame({"text": [text]})
    if ts is not None:
        frame["timestamp"] = pd.Series([ts], dtype=object)
    due = _due_dates(frame, [text], spans, np.zeros(len(spans), dtype=np.int64),
                     np.asarray(kept["commitment"], dtype=np.int64), 1, bool(kept["dayfirst"]))[0][0]
    return None if np.isnat(due) else pd.Timestamp(due, tz="UTC")


def _token_span(doc: Doc, text: str, s: int, e: int) -> Span | None:
    """The token span for sentence characters ``[s, e)``: exact when they fall on token
    boundaries; else the smallest covering span if it grows over whitespace only; else the tokens
    wholly inside (a token that runs into the next sentence is left out); None if there are none."""
    span = doc.char_span(s, e)
    if span is not None and len(span):
        return span
    wide = doc.char_span(s, e, alignment_mode="expand")
    if wide is None or not len(wide):
        return None
    if not text[wide.start_char : s].strip() and not text[e : wide.end_char].strip():
        return wide
    narrow = doc.char_span(s, e, alignment_mode="contract")
    return narrow if narrow is not None and len(narrow) else None


def _read_info(path: Path) -> dict:
    def broken(why: str) -> ModelIntegrityError:
        return ModelIntegrityError(
            f"{str(path)!r} is broken ({why}); nothing was loaded. Save the pipeline again with nlp.to_disk.")

    try:
        info = json.loads(path.read_text("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise broken(f"not JSON: {exc}") from None
    if not isinstance(info, dict) or info.get("model") not in ("own", "default"):
        raise broken("'model' should be \"own\" or \"default\"")
    sha = info.get("sha256")
    if (info["model"] == "own" or sha is not None) and not (isinstance(sha, str) and _HEX64.fullmatch(sha)):
        raise broken("'sha256' should be 64 lower-case hex digits")
    return info


def _warn_language(lang: str, *, stacklevel: int, once: bool = False) -> None:
    also = " (said once per nlp.pipe call)" if once else ""
    warnings.warn(LanguageWarning(
        f"frictionscan_signals: a doc is not in English ({lang}){also}. The signal model reads English only, "
        "so its doc._.frictionscan values are NaN (unknown), not 0, and it has no evidence spans; "
        "doc._.frictionscan_language says which language each doc is in. Translate such texts to English "
        "first to score them."), stacklevel=stacklevel + 1)
