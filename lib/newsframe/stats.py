"""Statistics shared by the analyses: the log-likelihood ratio G², written once."""

from __future__ import annotations

import numpy as np


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
