"""Tests for newsframe.actors.presentation: the co-occurrence network drawing."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from actors_fixtures import MENTIONS  # noqa: E402
from newsframe.actors import cooccurrence, draw_network  # noqa: E402


def test_draw_network_filters_by_weight():
    edges = cooccurrence(MENTIONS)
    fig, ax = plt.subplots()
    assert sorted(draw_network(edges, ax=ax, min_weight=2).nodes) == ["China", "Russia"]
    assert draw_network(edges, ax=ax, min_weight=5).number_of_nodes() == 0
    assert sorted(draw_network(edges, ax=ax, max_nodes=2).nodes) == ["China", "Russia"]
    plt.close(fig)
