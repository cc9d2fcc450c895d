"""Your own scorer: a classifier trained on your hand-coded sentences, saved and loaded safely.

``train_scorer`` fits a class-balanced logistic regression on TF-IDF word n-grams plus splines of the
four lexicon scores (TextBlob, VADER, AFINN, news), and measures it by cross-validated macro-F1 with a
bootstrap interval. Labels that name a target in each sentence (``target_start``, ``target_end``)
train a target-aware scorer, which also reads the target's clause and the sentiment words near it.
The result, a :class:`TrainedScorer`, goes wherever a scorer name does
(``score_sentences(..., scorers=[model])``, ``validate(labels, scorers=[..., model])``).
``save_scorer`` / ``load_scorer`` (``newsframe.sentiment.scorer_files``) keep it in a skops file with
its training metadata.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from newsframe.errors import ConfigError, LabelsError
from newsframe.sentiment.encoder import Encoder, embed, load_encoder
from newsframe.sentiment.targeted import SPAN_COLUMNS, WINDOW_COLUMNS, check_spans, no_spans, target_features

CLASSES = ("neg", "neutral", "pos")
# The lexicon scores every trained scorer uses as features, beside the TF-IDF n-grams.
FEATURE_SCORERS = ("textblob", "vader", "afinn", "news")
# The optional columns of a labels table that give the target's character span in each text.
TARGET_COLUMNS = SPAN_COLUMNS
# The lexicon scores enter the model as B-splines of this many knots, weighted this much against the n-grams.
SPLINE_KNOTS, LEXICON_WEIGHT = 5, 0.3
# A sentence encoder's embeddings (optional), of unit length, weigh this much against the n-grams.
ENCODER_WEIGHT = 1.5
_VERSIONS = ("newsframe", "scikit-learn", "skops", "numpy", "pandas", "vaderSentiment", "textblob", "afinn")


@dataclass(frozen=True)
class TrainedScorer:
    """A trained scorer: its ``name`` (the column it adds), the scikit-learn ``pipeline`` and its ``metadata``.

    Its score of a text is ``P(pos) - P(neg)`` in [-1, 1], like the lexicon scorers' main columns;
    its label is the most probable class.
    """

    name: str
    pipeline: Any = field(repr=False)
    metadata: dict = field(default_factory=dict, repr=False)
    encoder: Encoder | None = field(default=None, repr=False, compare=False)

    @property
    def targeted(self) -> bool:
        """Whether it was trained on labels with target spans (and reads them: :meth:`score`'s ``targets``)."""
        return bool(self.metadata.get("targeted", False))

    def score(
        self,
        texts: pd.Series | list[str | None],
        *,
        targets: pd.DataFrame | None = None,
        n_jobs: int | None = None,
    ) -> pd.DataFrame:
        """``<name>`` (``P(pos) - P(neg)``) and ``<name>_label`` of each text, indexed like ``texts``.

        Missing texts get NaN and NA. A target-aware scorer reads ``targets`` (``target_start``,
        ``target_end`` per text, in the order of ``texts``); without them (as in ``score_texts``)
        each text is read as having no target: its clause is the whole text. A target-free scorer
        does not read ``targets``.
        """
        texts = texts if isinstance(texts, pd.Series) else pd.Series(texts, dtype=object)
        present = texts.notna().to_numpy()
        out = pd.DataFrame(
            {self.name: np.nan, f"{self.name}_label": pd.array([pd.NA] * len(texts), dtype="string")},
            index=texts.index,
        )
        if present.any():
            spans = None
            if self.targeted:
                spans = no_spans(len(texts)) if targets is None else check_spans(targets, texts, "targets")
                spans = spans[present].reset_index(drop=True)
            chosen = features(texts[present], targets=spans, n_jobs=n_jobs, encoder=self.reader())
            probabilities = self.pipeline.predict_proba(chosen)
            classes = list(self.pipeline.classes_)
            p = {c: probabilities[:, classes.index(c)] if c in classes else 0.0 for c in CLASSES}
            out.loc[present, self.name] = p["pos"] - p["neg"]
            out.loc[present, f"{self.name}_label"] = np.asarray(classes, dtype=object)[probabilities.argmax(axis=1)]
        return out

    def reader(self) -> Encoder | None:
        """The encoder it reads texts with, if it was trained with one: its own, else loaded from the
        folder its metadata names (``ConfigError`` when missing, or when the files there differ)."""
        recorded = self.metadata.get("encoder")
        if self.encoder is not None or not recorded:
            return self.encoder
        return load_encoder(recorded["source"], digest=recorded["digest"])


def features(
    texts: pd.Series,
    *,
    targets: pd.DataFrame | None = None,
    n_jobs: int | None = None,
    encoder: Encoder | None = None,
) -> pd.DataFrame:
    """The inputs of a trained scorer: ``text`` and every column of the four lexicon scorers.

    With ``targets`` (``target_start``, ``target_end``, one row per text in order; NA for none),
    also those of a target-aware scorer (``newsframe.sentiment.targeted.target_features``):
    ``masked``, ``clause``, the lexicon scores of the clause (``clause_polarity``, ...) and the
    window sums of sentiment words around the target. With an ``encoder``, also its embeddings of
    each text (``newsframe.sentiment.encoder.embed``: with targets, of the text with its target
    marked and of the words around the target).

    >>> features(pd.Series(["A good deal."])).columns.tolist()[:3]
    ['text', 'polarity', 'subjectivity']
    >>> spans = pd.DataFrame({"target_start": [7], "target_end": [12]})
    >>> features(pd.Series(["Praise Smith; fear all."]), targets=spans).loc[0, ["masked", "clause"]].tolist()
    ['Praise _target_; fear all.', 'Praise Smith']
    """
    from newsframe.sentiment.scoring import score_texts

    texts = texts.astype(str).reset_index(drop=True)
    scores = score_texts(texts, scorers=FEATURE_SCORERS, n_jobs=n_jobs, progress=False)
    parts = [texts.rename("text").to_frame(), scores]
    if targets is not None:
        around = target_features(texts, targets["target_start"].reset_index(drop=True), targets["target_end"])
        clause = score_texts(around["clause"], scorers=FEATURE_SCORERS, n_jobs=n_jobs, progress=False)
        parts += [around, clause.add_prefix("clause_")]
    if encoder is not None:
        parts.append(embed(texts, encoder, targets=targets))
    return pd.concat(parts, axis=1)


def train_scorer(
    labels: pd.DataFrame | str | Path,
    *,
    name: str = "my_scorer",
    folds: int = 5,
    n_boot: int = 1000,
    seed: int = 0,
    n_jobs: int | None = None,
    encoder: str | Path | Encoder | None = None,
) -> TrainedScorer:
    """Train a scorer on hand-coded sentences and measure it by cross-validation.

    ``labels`` is a labels CSV or the table of ``newsframe.validation.read_labels`` (``text``,
    ``label`` of ``neg`` / ``neutral`` / ``pos``). The model: TF-IDF of word 1- and 2-grams plus the
    lexicon scores, each standardised and spread over a quadratic B-spline basis (weighted
    ``LEXICON_WEIGHT`` against the n-grams), then a logistic regression with class-balanced weights. Labels
    with ``target_start`` and ``target_end`` columns (the character span of the person or thing
    the label is about, in each text; NA where there is none) train a target-aware scorer: TF-IDF
    of the text with the target masked (n-grams in two texts or more), the lexicon scores of the
    text and of the target's clause, and the sentiment words near the target
    (``features``); ``metadata["targeted"]`` says which. Its
    ``metadata`` holds ``n``, ``classes`` (with counts), ``cv_macro_f1`` (``folds``-fold stratified
    cross-validation, the predictions of all folds pooled) with ``cv_interval`` (95% bootstrap of
    those predictions, ``n_boot`` resamples) and ``cv_predicted`` (those predictions, in the order
    of the labels), ``labels_file_sha256`` (of the file, when given one), ``labels_sha256`` (of the
    texts and labels, :func:`labels_digest`), library versions and the date.
    ``encoder`` (a sentence-transformers model folder, optional: ``newsframe.sentiment.encoder``)
    adds the model's embeddings of each text (with a target: of the text with its target marked and
    of the words around the target; ``encoder.embed``), weighted ``ENCODER_WEIGHT``;
    ``metadata["encoder"]`` names the folder and a digest of its files.
    Raises ``LabelsError`` with fewer than two classes or a class with fewer than ``folds`` texts.

    >>> labels = pd.DataFrame({"text": ["A great win.", "A good deal.", "Awful news.", "A terrible loss.",
    ...                                 "He spoke.", "They met."] * 2, "label": ["pos", "pos", "neg", "neg",
    ...                                 "neutral", "neutral"] * 2})
    >>> model = train_scorer(labels, folds=2, n_boot=50)
    >>> model.metadata["n"], model.metadata["classes"]
    (12, {'neg': 4, 'neutral': 4, 'pos': 4})
    >>> model.score(["What a great deal."])["my_scorer_label"].tolist()
    ['pos']
    """
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from threadpoolctl import threadpool_limits

    if not name.isidentifier():
        raise ConfigError(f"a scorer name must be a Python identifier (it becomes a column); got {name!r}")
    table, source, file_digest = _labels_table(labels)
    counts = table["label"].value_counts()
    if len(counts) < 2 or counts.min() < folds:
        raise LabelsError(
            source,
            f"training needs at least two classes with {folds} or more texts each (folds={folds}); "
            f"found {dict(counts.sort_index())}",
        )
    targeted = set(TARGET_COLUMNS) <= set(table.columns)
    spans = table[list(TARGET_COLUMNS)] if targeted else None
    reader = load_encoder(encoder) if isinstance(encoder, str | Path) else encoder
    x = features(table["text"], targets=spans, n_jobs=n_jobs, encoder=reader)
    y = table["label"].to_numpy(dtype=object)
    embedding = [c for c in x.columns if c.startswith("embedding_")]
    cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    # A few hundred texts: one BLAS thread is faster than many fighting over a busy machine's cores.
    with threadpool_limits(limits=1):
        predicted = cross_val_predict(_pipeline(targeted=targeted, embedding=embedding), x, y, cv=cv)
        pipeline = _pipeline(targeted=targeted, embedding=embedding).fit(x, y)
    low, high = bootstrap_macro_f1(y, predicted, n_boot=n_boot, seed=seed)
    metadata = {
        "name": name,
        "n": int(len(table)),
        "classes": {str(c): int(counts.get(c, 0)) for c in sorted(counts.index)},
        "cv_folds": folds,
        "cv_macro_f1": macro_f1_score(y, predicted),
        "cv_interval": [low, high],
        "n_boot": n_boot,
        "seed": seed,
        "features": (
            f"tf-idf word 1-2-grams of the text with its target masked + splines of the scores of "
            f"{', '.join(FEATURE_SCORERS)} on the text and on the target's clause and of the sentiment words near "
            "the target"
            if targeted
            else f"tf-idf word 1-2-grams + splines of the scores of {', '.join(FEATURE_SCORERS)}"
        )
        + (
            " + the encoder's embeddings of the text"
            + (" with its target marked and of the words around it" if targeted else "")
            if reader
            else ""
        ),
        "encoder": {"source": reader.source, "digest": reader.digest} if reader else None,
        "targeted": targeted,
        "targets": int(spans["target_start"].notna().sum()) if spans is not None else 0,
        # Kept so that validation on these same labels can show these out-of-fold predictions.
        "cv_predicted": [str(p) for p in predicted],
        "labels_source": source,
        "labels_file_sha256": file_digest,
        "labels_sha256": labels_digest(table),
        "versions": _versions(),
        "trained": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    return TrainedScorer(name=name, pipeline=pipeline, metadata=metadata, encoder=reader)


def shortfall(labels: pd.DataFrame, *, folds: int = 5, minimum: int = 30) -> str:
    """Why ``labels`` cannot train a scorer yet, in a sentence; ``""`` when they can.

    Training needs ``minimum`` labelled texts, two classes or more and ``folds`` texts in each.

    >>> shortfall(pd.DataFrame({"text": ["Good.", "Bad."], "label": ["pos", "neg"]}), minimum=10)
    '2 labelled texts: label at least 10 (and at least 5 of each kind you use) to train a scorer.'
    """
    counts = labels["label"].value_counts() if "label" in labels else pd.Series(dtype="int64")
    if len(labels) >= minimum and len(counts) >= 2 and counts.min() >= folds:
        return ""
    found = ", ".join(f"{count} {label}" for label, count in counts.sort_index().items())
    return (
        f"{len(labels):,} labelled texts{f' ({found})' if len(labels) >= minimum else ''}: label at least "
        f"{minimum} (and at least {folds} of each kind you use) to train a scorer."
    )


def with_scorer(
    articles: pd.DataFrame, sentences: pd.DataFrame, scores: pd.DataFrame, scorer: str | TrainedScorer
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Scored sentences and article scores with ``scorer``'s columns added where they lack them.

    The store keeps TextBlob and VADER only; this puts any other scorer (a trained one, ``news``,
    ``afinn``) on top of the stored tables, as ``score_sentences`` and ``score_articles`` would
    give it, so a notebook can take its ``scorer`` from a parameter. Tables that already hold the
    scorer's main column come back as they are.

    >>> arts = pd.DataFrame({"article_id": ["a"], "title": ["Talks fail"], "text": ["A good deal."]})
    >>> from newsframe.sentiment import score_articles, score_sentences
    >>> from newsframe.text import split_sentences
    >>> stored = score_sentences(split_sentences(arts))
    >>> sentences, scores = with_scorer(arts, stored, score_articles(arts, sentences=stored), "news")
    >>> round(float(scores.loc[0, "news"]), 3), "title_news" in scores
    (0.526, True)
    """
    from newsframe.sentiment.scoring import score_articles, score_column, score_sentences

    column = score_column(scorer)
    if column not in sentences:
        sentences = score_sentences(sentences, scorers=[scorer])
    if column not in scores:
        added = score_articles(articles, sentences=sentences, scorers=[scorer]).drop(columns="n_sentences")
        scores = scores.merge(added, on="article_id", how="left")
    return sentences, scores


def macro_f1_score(truth: np.ndarray, predicted: np.ndarray) -> float:
    """Macro-F1 over the classes in truth or predictions (scikit-learn's, ``zero_division=0``).

    >>> macro_f1_score(np.array(["pos", "neg", "neg"]), np.array(["pos", "neg", "pos"]))
    0.6666666666666666
    """
    from sklearn.metrics import f1_score

    return float(f1_score(truth, predicted, average="macro", zero_division=0))


def bootstrap_macro_f1(
    truth: np.ndarray, predicted: np.ndarray, *, n_boot: int = 1000, confidence: float = 0.95, seed: int = 0
) -> tuple[float, float]:
    """Percentile bootstrap interval of macro-F1: ``(truth, predicted)`` pairs resampled ``n_boot`` times.

    >>> truth = np.array(["pos", "neg", "neutral"] * 20)
    >>> bootstrap_macro_f1(truth, truth, n_boot=100)
    (1.0, 1.0)
    """
    truth, predicted = np.asarray(truth, dtype=object), np.asarray(predicted, dtype=object)
    if len(truth) < 2 or n_boot < 1:
        return (math.nan, math.nan)
    classes, codes = np.unique(np.concatenate([truth, predicted]), return_inverse=True)
    k, n = len(classes), len(truth)
    pairs = codes[:n] * k + codes[n:]
    draws = np.random.default_rng(seed).integers(0, n, size=(n_boot, n))
    cells = np.stack([np.bincount(pairs[row], minlength=k * k) for row in draws]).reshape(n_boot, k, k)
    tp = np.diagonal(cells, axis1=1, axis2=2)
    true_n, predicted_n = cells.sum(axis=2), cells.sum(axis=1)
    f1 = np.divide(2 * tp, true_n + predicted_n, out=np.zeros(tp.shape), where=(true_n + predicted_n) > 0)
    # Each resample counts only the classes present in it, as macro_f1_score does.
    present = (true_n + predicted_n) > 0
    scores = f1.sum(axis=1) / present.sum(axis=1)
    alpha = (1 - confidence) / 2
    return (float(np.quantile(scores, alpha)), float(np.quantile(scores, 1 - alpha)))


def _pipeline(*, targeted: bool = False, embedding: list[str] | None = None) -> Any:
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import SplineTransformer, StandardScaler

    from newsframe.sentiment.scoring import SCORE_COLUMNS

    lexicon = [c for s in FEATURE_SCORERS for c in SCORE_COLUMNS[s]]
    # Each standardised score becomes a quadratic B-spline basis (a score near 0 and a strong one can point
    # to different classes, which one weight per score cannot say), weighted 0.3 against the n-grams. Both
    # were chosen by cross-validation on other draws than the reported ones (docs/sentiment.md, "How well it does").
    scores = Pipeline([("scale", StandardScaler()), ("spline", SplineTransformer(n_knots=SPLINE_KNOTS, degree=2))])
    weights = {"ngrams": 1.0, "lexicons": LEXICON_WEIGHT}
    if targeted:
        # min_df=2 and the window sums were chosen the same way.
        ngrams = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
        numbers = [*lexicon, *(f"clause_{c}" for c in lexicon), *WINDOW_COLUMNS]
        parts = [("ngrams", ngrams, "masked"), ("lexicons", scores, numbers)]
    else:
        ngrams = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
        parts = [("ngrams", ngrams, "text"), ("lexicons", scores, lexicon)]
    if embedding:
        parts.append(("encoder", "passthrough", embedding))  # unit-length embeddings (encoder.embed)
        weights["encoder"] = ENCODER_WEIGHT
    columns = ColumnTransformer(parts, transformer_weights=weights)
    return Pipeline([("features", columns), ("classifier", LogisticRegression(class_weight="balanced", max_iter=2000))])


def labels_digest(labels: pd.DataFrame) -> str:
    """SHA-256 of the ``text`` and ``label`` columns as CSV: the same labels give the same digest.

    >>> labels_digest(pd.DataFrame({"text": ["A"], "label": ["pos"]}))[:12]
    'e9dea6b60d22'
    """
    return hashlib.sha256(labels[["text", "label"]].astype(str).to_csv(index=False).encode()).hexdigest()


def _labels_table(labels: pd.DataFrame | str | Path) -> tuple[pd.DataFrame, str, str | None]:
    """The texts and labels to train on, where they came from and the SHA-256 of the file."""
    from newsframe.validation import read_labels

    if isinstance(labels, str | Path):
        table, source = read_labels(labels), str(labels)
        digest: str | None = hashlib.sha256(Path(labels).read_bytes()).hexdigest()
        table = table.assign(**_targets_of_file(labels, len(table)))
    else:
        table, source = labels, "a table"
        if not {"text", "label"} <= set(table.columns):
            raise LabelsError(source, f"needs 'text' and 'label' columns; found {list(table.columns)}")
        bad = sorted(set(table["label"].dropna()) - set(CLASSES))
        bad += ["<missing>"] if table["label"].isna().any() else []
        if bad:
            raise LabelsError(source, f"label must be one of {', '.join(CLASSES)}; found {bad}")
        digest = None
    if "label" not in table:
        raise LabelsError(source, "training needs a 'label' column (neg / neutral / pos)")
    found = [c for c in TARGET_COLUMNS if c in table]
    if len(found) == 1:
        raise LabelsError(source, f"target spans need both {' and '.join(TARGET_COLUMNS)}; found only {found[0]}")
    table = table.reset_index(drop=True)
    if found:
        spans = check_spans(table[list(TARGET_COLUMNS)], table["text"], source)
        return pd.concat([table[["text", "label"]], spans], axis=1), source, digest
    return table[["text", "label"]], source, digest


def _targets_of_file(path: str | Path, rows: int) -> dict[str, pd.Series]:
    """The target columns of a labels CSV, for the rows ``read_labels`` keeps (those not labelled skip)."""
    from newsframe.validation import SKIP

    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    raw.columns = [str(c).strip().lower() for c in raw.columns]
    present = [c for c in TARGET_COLUMNS if c in raw]
    if not present or "label" not in raw:
        return {}
    kept = raw[~raw["label"].str.strip().str.lower().eq(SKIP)]
    assert len(kept) == rows  # the rows read_labels kept, in order
    return {c: kept[c].str.strip().replace("", None).reset_index(drop=True) for c in present}


def _versions() -> dict[str, str]:
    versions = {}
    for package in _VERSIONS:
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return versions
