"""Statistics shared by the analyses, written once: the log-likelihood ratio G², the
Benjamini–Hochberg correction for many tests, and the bootstrap interval of a mean."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from newsframe.errors import ConfigError

SIGNIFICANT = 0.05  # q-value (p corrected for the terms tested) below which a result counts
_MAX_DRAWS = 4_000_000  # bootstrap indices drawn at once (32 MB)


def g2(observed: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """Dunning's log-likelihood G² = 2 Σ O ln(O / E) over the cells of axis 0 (empty cells add 0).

    ``observed`` and ``expected`` have one row per cell of the contingency table (four for a
    2x2 table) and one column per comparison. Never negative (rounding is clipped at 0).

    >>> round(float(g2(np.array([[10.0], [90.0], [5.0], [95.0]]), np.array([[7.5], [92.5], [7.5], [92.5]]))[0]), 4)
    1.8341
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        cells = np.where(observed > 0, observed * np.log(observed / expected), 0.0)
    return np.maximum(2 * cells.sum(axis=0), 0.0)


def chi2_sf_1df(statistic: np.ndarray | float) -> np.ndarray:
    """p-value of a chi-square (or G²) statistic with one degree of freedom: ``erfc(sqrt(x / 2))``.

    Equals ``scipy.stats.chi2.sf(x, 1)`` without importing scipy.stats (a second of every
    notebook kernel's start). NaN stays NaN.

    >>> chi2_sf_1df(np.array([0.0, 3.841459, 10.827566])).round(4).tolist()
    [1.0, 0.05, 0.001]
    """
    values = np.asarray(statistic, dtype="float64")
    erfc = np.frompyfunc(math.erfc, 1, 1)
    return np.asarray(erfc(np.sqrt(np.maximum(values, 0.0) / 2.0)), dtype="float64").reshape(values.shape)


def g2_2x2(a: np.ndarray, b: np.ndarray, n1: np.ndarray, n2: np.ndarray) -> np.ndarray:
    """G² of the 2x2 table of an item counted ``a`` times in ``n1`` and ``b`` times in ``n2``,
    against everything else (as quanteda's keyness and collocation statistics, no Yates' correction).

    >>> round(float(g2_2x2(np.array([10.0]), np.array([5.0]), np.array([100.0]), np.array([100.0]))[0]), 4)
    1.8341
    """
    a, b, n1, n2 = (np.asarray(x, dtype="float64") for x in (a, b, n1, n2))
    total, item = n1 + n2, a + b
    observed = np.stack([a, n1 - a, b, n2 - b])
    expected = np.stack([n1 * item, n1 * (total - item), n2 * item, n2 * (total - item)]) / total
    return g2(observed, expected)


def fdr_bh(p_values: np.ndarray | Sequence[float]) -> np.ndarray:
    """Benjamini–Hochberg q-values: each p-value corrected for the number of tests (false discovery rate).

    A term with ``q < 0.05`` is significant with at most 5% of such terms expected to be false
    discoveries among all those tested. NaN p-values stay NaN and are not counted as tests.
    Equal to ``scipy.stats.false_discovery_control(p, method="bh")`` on the p-values present.

    >>> fdr_bh([0.01, 0.04, 0.03, 0.2]).round(3).tolist()
    [0.04, 0.053, 0.053, 0.2]
    """
    p = np.asarray(p_values, dtype="float64")
    q = np.full(p.shape, np.nan)
    present = ~np.isnan(p)
    m = int(present.sum())
    if m:
        order = np.argsort(p[present], kind="stable")
        scaled = p[present][order] * m / np.arange(1, m + 1)
        monotone = np.minimum.accumulate(scaled[::-1])[::-1]  # q_i = min over j >= i
        ranked = np.empty(m)
        ranked[order] = np.minimum(monotone, 1.0)
        q[present] = ranked
    return q


def bootstrap_mean_ci(
    values: np.ndarray | Sequence[float] | pd.Series,
    *,
    groups: np.ndarray | Sequence | pd.Series | None = None,
    n_boot: int = 1000,
    confidence: float = 0.95,
    seed: int | Sequence[int] = 0,
) -> tuple[float, float]:
    """Percentile bootstrap interval ``(low, high)`` of the mean of ``values``.

    With ``groups`` (e.g. the article of each sentence) whole groups are resampled with
    replacement and each resample's statistic is the mean of all the rows it holds (a cluster
    bootstrap: the sentences of one article are not independent, so the article is the unit).
    Without, rows are resampled. With one group (or row) every resample is the same and the
    interval collapses to the mean; callers wanting an interval of between-article variation
    require two articles or more. ``(nan, nan)`` without values. ``seed`` (an int or a sequence
    of ints, as numpy's ``default_rng`` takes) makes the result reproducible.

    >>> bootstrap_mean_ci([0.0, 1.0], n_boot=500, seed=7)
    (0.0, 1.0)
    >>> bootstrap_mean_ci([0.1, 0.3, 0.2, 0.2], groups=["a", "a", "b", "b"])  # both articles average 0.2
    (0.2, 0.2)
    """
    if not 0 < confidence < 1:
        raise ConfigError(f"confidence must lie between 0 and 1; got {confidence!r}")
    means = _bootstrap_means(values, groups=groups, n_boot=n_boot, seed=seed)
    if means is None:
        return (np.nan, np.nan)
    alpha = (1 - confidence) / 2
    low, high = np.quantile(means, [alpha, 1 - alpha])
    return (float(low), float(high))


def bootstrap_difference_ci(
    values: np.ndarray | Sequence[float] | pd.Series,
    other: np.ndarray | Sequence[float] | pd.Series,
    *,
    n_boot: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
) -> tuple[float, float]:
    """Percentile bootstrap interval ``(low, high)`` of ``mean(values) - mean(other)``, the two
    samples resampled independently (e.g. article scores of the latest period and of the periods
    before). A difference is significant at this level when the interval excludes 0.

    >>> low, high = bootstrap_difference_ci([0.5, 0.6, 0.7, 0.6], [0.1, 0.0, 0.2, 0.1])
    >>> 0 < low < high
    True
    """
    if not 0 < confidence < 1:
        raise ConfigError(f"confidence must lie between 0 and 1; got {confidence!r}")
    first = _bootstrap_means(values, groups=None, n_boot=n_boot, seed=[seed, 0])
    second = _bootstrap_means(other, groups=None, n_boot=n_boot, seed=[seed, 1])
    if first is None or second is None:
        return (np.nan, np.nan)
    alpha = (1 - confidence) / 2
    low, high = np.quantile(first - second, [alpha, 1 - alpha])
    return (float(low), float(high))


def _bootstrap_means(values, *, groups, n_boot: int, seed: int | Sequence[int]) -> np.ndarray | None:
    """The means of ``n_boot`` resamples (of rows, or of whole ``groups``); None without values."""
    v = np.asarray(values, dtype="float64")
    if len(v) == 0:
        return None
    if groups is None:
        sums, sizes = v, np.ones(len(v))
    else:
        codes, _ = pd.factorize(np.asarray(groups), use_na_sentinel=False)
        sums, sizes = np.bincount(codes, weights=v), np.bincount(codes).astype("float64")
    rng = np.random.default_rng(seed)
    k = len(sums)
    # In blocks of resamples so that a group-rich input never needs a huge index array; the
    # draws are the same numbers as in one block (the generator's stream continues).
    step = max(1, _MAX_DRAWS // k)
    means = np.empty(n_boot)
    for first in range(0, n_boot, step):
        idx = rng.integers(0, k, size=(min(step, n_boot - first), k))
        means[first : first + len(idx)] = sums[idx].sum(axis=1) / sizes[idx].sum(axis=1)
    return means
