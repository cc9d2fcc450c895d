"""Shared statistics: G², the Benjamini–Hochberg correction and the (cluster) bootstrap interval of a mean."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import chi2_contingency, false_discovery_control

from newsframe import stats
from newsframe.errors import ConfigError
from newsframe.stats import bootstrap_mean_ci, fdr_bh, g2_2x2


def test_g2_2x2_matches_scipy():
    for a, b, n1, n2 in [(10, 5, 100, 100), (1, 40, 300, 90), (0, 7, 50, 60)]:
        expected = chi2_contingency(np.array([[a, n1 - a], [b, n2 - b]]), correction=False, lambda_="log-likelihood")
        assert g2_2x2(np.array([a]), np.array([b]), np.array([n1]), np.array([n2]))[0] == pytest.approx(expected[0])


# --- Benjamini–Hochberg --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("p", "expected"),
    [
        ([], []),
        ([0.5], [0.5]),
        ([0.01, 0.04, 0.03, 0.2], [0.04, 0.16 / 3, 0.16 / 3, 0.2]),  # by hand: p * m / rank, then min from above
        ([0.01, 0.01, 0.01], [0.01, 0.01, 0.01]),
        ([0.9, 0.8], [0.9, 0.9]),
        ([0.6, 0.9, 1.0], [1.0, 1.0, 1.0]),
    ],
    ids=["none", "one", "hand", "ties", "monotone", "large"],
)
def test_fdr_bh_by_hand(p, expected):
    assert fdr_bh(p).tolist() == pytest.approx(expected)


def test_fdr_bh_equals_scipy():
    p = np.random.default_rng(0).uniform(0, 0.2, 500) ** 2
    np.testing.assert_allclose(fdr_bh(p), false_discovery_control(p, method="bh"))


def test_fdr_bh_leaves_nan_out_of_the_count():
    q = fdr_bh([0.01, np.nan, 0.02])
    assert np.isnan(q[1])
    assert q[[0, 2]].tolist() == pytest.approx([0.02, 0.02])  # two tests, not three


# --- bootstrap interval of a mean ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "groups", "expected"),
    [
        ([], None, (np.nan, np.nan)),
        ([0.3], None, (0.3, 0.3)),  # one row: every resample is that row
        ([0.4, 0.4, 0.4], None, (0.4, 0.4)),
        ([0.1, 0.5, 0.9], ["a", "a", "a"], (0.5, 0.5)),  # one group: the interval collapses to the mean
        ([0.0, 1.0, 0.0, 1.0], ["a", "a", "b", "b"], (0.5, 0.5)),  # identical groups: nothing varies between them
        ([0.0, 1.0], None, (0.0, 1.0)),  # means 0, 0.5, 1 with chances 1/4, 1/2, 1/4: the 95% interval is [0, 1]
        ([0.0, 1.0], ["a", "b"], (0.0, 1.0)),  # one row per group: the same as rows
    ],
    ids=["empty", "one-row", "equal-rows", "one-group", "identical-groups", "two-rows", "two-groups"],
)
def test_bootstrap_by_hand(values, groups, expected):
    low, high = bootstrap_mean_ci(values, groups=groups, n_boot=500, seed=7)
    np.testing.assert_allclose([low, high], expected)


def test_group_resamples_are_means_of_all_their_rows():
    # groups a = (0, 0, 0) and b = (1): resampling {a, a}, {a, b}, {b, b} (chances 1/4, 1/2, 1/4)
    # gives 0, 1/4 (the mean of the four rows, not 1/2 the mean of the two group means) and 1
    values, groups = [0.0, 0.0, 0.0, 1.0], ["a", "a", "a", "b"]
    low, high = bootstrap_mean_ci(values, groups=groups, n_boot=2000, confidence=0.4, seed=1)
    assert (low, high) == (0.25, 0.25)  # the 30% and 70% quantiles both fall on {a, b}


def test_clustered_data_give_a_wider_interval_than_independent_rows():
    rng = np.random.default_rng(2)
    article_means = rng.normal(0, 0.3, 30)
    values = np.repeat(article_means, 10) + rng.normal(0, 0.05, 300)  # 10 near-identical sentences per article
    groups = np.repeat(np.arange(30), 10)
    rows = np.subtract(*bootstrap_mean_ci(values)[::-1])
    clustered = np.subtract(*bootstrap_mean_ci(values, groups=groups)[::-1])
    assert clustered > 2 * rows  # about sqrt(10) times as wide


def test_bootstrap_is_reproducible_with_its_seed():
    values = np.random.default_rng(4).normal(size=40)
    groups = np.repeat(np.arange(8), 5)
    first = bootstrap_mean_ci(values, groups=groups, seed=11)
    assert bootstrap_mean_ci(values, groups=groups, seed=11) == first
    assert bootstrap_mean_ci(values, groups=groups, seed=[11, 3]) != first
    assert bootstrap_mean_ci(values, groups=groups, seed=12) != first


def test_rows_bootstrap_is_the_classic_one():
    values = np.array([0.0, 0.3, 0.9, -0.5])
    rng = np.random.default_rng([5, 9])
    means = values[rng.integers(0, 4, size=(300, 4))].mean(axis=1)
    assert bootstrap_mean_ci(values, n_boot=300, seed=[5, 9]) == tuple(np.quantile(means, [0.025, 0.975]))


def test_bootstrap_in_blocks_draws_the_same_numbers(monkeypatch):
    values = np.random.default_rng(6).normal(size=50)
    groups = np.repeat(np.arange(25), 2)
    whole = bootstrap_mean_ci(values, groups=groups, n_boot=400, seed=3)
    monkeypatch.setattr(stats, "_MAX_DRAWS", 7 * 25)  # blocks of 7 resamples
    assert bootstrap_mean_ci(values, groups=groups, n_boot=400, seed=3) == whole


@pytest.mark.parametrize("confidence", [0, 1, 1.5, -0.1])
def test_bootstrap_rejects_bad_confidence(confidence):
    with pytest.raises(ConfigError, match="confidence"):
        bootstrap_mean_ci([0.1, 0.2], confidence=confidence)


def test_wider_confidence_wider_interval():
    values = np.random.default_rng(8).normal(size=60)
    (low90, high90), (low99, high99) = (bootstrap_mean_ci(values, confidence=c) for c in (0.90, 0.99))
    assert low99 < low90 < values.mean() < high90 < high99
