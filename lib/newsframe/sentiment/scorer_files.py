"""A trained scorer in a skops file: saved with its metadata, loaded only when every type it holds
is trusted (never unpickled), and named by its path wherever a scorer name goes (``-p scorer``)."""

from __future__ import annotations

from pathlib import Path

from newsframe.errors import ConfigError
from newsframe.files import atomic_path
from newsframe.sentiment.training import TrainedScorer

SUFFIX = ".skops"
# Types a SplineTransformer holds that skops does not trust by default: scipy's B-spline and the array
# constructor it is rebuilt with. load_scorer accepts these and nothing else beyond skops's defaults.
_TRUSTED = ("scipy.interpolate._bsplines.BSpline", "scipy._lib.array_api_compat.numpy._aliases.asarray")


def save_scorer(model: TrainedScorer, path: str | Path) -> Path:
    """Write ``model`` and its metadata to a skops file (``.skops`` added when missing); returns the path."""
    import skops.io

    path = Path(path)
    path = path if path.suffix == SUFFIX else path.with_name(path.name + SUFFIX)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as partial:
        skops.io.dump({"name": model.name, "pipeline": model.pipeline, "metadata": model.metadata}, partial)
    return path


def load_scorer(path: str | Path) -> TrainedScorer:
    """Read a scorer written by :func:`save_scorer`.

    Only skops files are read, and only when every type they hold is one skops trusts by default
    (scikit-learn, numpy, builtins) or scipy's B-spline of a ``SplineTransformer`` (``_TRUSTED``);
    otherwise ``ConfigError`` names the untrusted types, and nothing in the file is run. Pickle and
    joblib files are refused: loading one runs whatever code it contains.
    """
    import skops.io

    path = Path(path)
    if path.suffix != SUFFIX:
        raise ConfigError(
            f"{path}: not a skops file ({SUFFIX}); newsframe does not load pickle or joblib files, which can run any "
            "code when loaded. Train the scorer again, or convert a model you trust with skops.io.dump"
        )
    if not path.is_file():
        raise ConfigError(f"{path}: no such scorer file")
    try:
        named = skops.io.get_untrusted_types(file=path)
    except Exception as error:  # a broken or foreign zip file: skops raises several kinds
        raise ConfigError(f"{path}: cannot be read as a skops file: {error}") from None
    untrusted = [t for t in named if t not in _TRUSTED]
    if untrusted:
        raise ConfigError(
            f"{path}: refused, it holds types that are not trusted by default: {', '.join(untrusted)}. If you trust "
            "the file's origin, inspect it with skops.io.get_untrusted_types and load it with skops.io.load yourself"
        )
    content = skops.io.load(path, trusted=named)
    if not isinstance(content, dict) or not {"name", "pipeline", "metadata"} <= set(content):
        raise ConfigError(f"{path}: a skops file, but not a newsframe scorer (save one with save_scorer)")
    return TrainedScorer(name=content["name"], pipeline=content["pipeline"], metadata=content["metadata"])


def resolve_scorer(value: str | Path | TrainedScorer) -> str | TrainedScorer:
    """A scorer from how a user names it: a built-in name as it is, a path to a ``.skops`` file loaded.

    This is what ``-p scorer`` of a report may hold: ``textblob`` or ``reports/labels/labels.skops``
    (relative to the repository root, as notebooks take paths).

    >>> resolve_scorer("news")
    'news'
    """
    from newsframe.config import corpus_path
    from newsframe.sentiment.scoring import ALL_SCORERS

    if isinstance(value, TrainedScorer) or value in ALL_SCORERS:
        return value
    if str(value).endswith(SUFFIX):
        return load_scorer(corpus_path(value))
    raise ConfigError(
        f"scorer {str(value)!r} is neither one of {', '.join(ALL_SCORERS)} nor a trained scorer file ({SUFFIX})"
    )
