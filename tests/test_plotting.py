"""Figure conventions: newsframe.plotting (labels that do not overlap; label and corpus_label are doctested)."""

from __future__ import annotations

import itertools

import matplotlib.pyplot as plt
import networkx as nx
import pytest
from matplotlib.text import Text

from newsframe.plotting import marker_radius, place_labels

NAMES = [
    "United States", "United Kingdom", "European Union", "Vladimir Putin", "Xi Jinping", "Federal Reserve",
    "Gordon Brown", "Tony Blair", "South Africa", "New Zealand", "Democratic Party", "Republican Party",
    "IMF", "G7", "GATT", "China", "Japan", "France", "Germany", "Italy", "Canada", "Brazil", "India", "Iran",
]  # fmt: skip


def label_boxes(ax):
    renderer = ax.figure.canvas.get_renderer()
    for text in ax.texts:
        text.update_positions(renderer)
    return {text.get_text(): Text.get_window_extent(text, renderer) for text in ax.texts}


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_network_labels_never_overlap_and_stay_inside(seed):
    # on these graphs networkx's own centred labels overlap (1 to 4 pairs each)
    graph = nx.gnm_random_graph(len(NAMES), 60, seed=seed)
    graph = nx.relabel_nodes(graph, dict(enumerate(NAMES)))
    layout = nx.spring_layout(graph, seed=seed)
    fig, ax = plt.subplots(figsize=(6, 4.5))
    sizes = {name: 100 + 40 * graph.degree(name) for name in graph.nodes}
    nx.draw_networkx_nodes(graph, layout, ax=ax, node_size=[sizes[n] for n in graph.nodes])
    order = sorted(graph.nodes, key=lambda n: -graph.degree(n))
    left_out = place_labels(ax, {n: tuple(layout[n]) for n in order}, radii={n: marker_radius(sizes[n]) for n in order})
    boxes = label_boxes(ax)
    assert sorted([*boxes, *left_out]) == sorted(NAMES)  # every label drawn once or reported left out
    assert len(boxes) >= len(NAMES) // 2
    assert not [(a, b) for (a, ba), (b, bb) in itertools.combinations(boxes.items(), 2) if ba.overlaps(bb)]
    frame = ax.get_window_extent(ax.figure.canvas.get_renderer())
    assert all(frame.x0 <= b.x0 and b.x1 <= frame.x1 and frame.y0 <= b.y0 and b.y1 <= frame.y1 for b in boxes.values())
    plt.close(fig)


def test_labels_that_cannot_fit_are_left_out_and_returned_most_important_kept():
    fig, ax = plt.subplots(figsize=(2, 2))
    points = {name: (0.001 * i, 0.0) for i, name in enumerate(NAMES)}  # all on one spot
    ax.scatter([0, 1], [0, 1])
    left_out = place_labels(ax, points)
    drawn = [text.get_text() for text in ax.texts]
    assert drawn[0] == NAMES[0] and left_out
    assert sorted([*drawn, *left_out]) == sorted(NAMES)
    plt.close(fig)


def test_a_label_sits_beside_its_point_not_on_it():
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.scatter([0, 1], [0, 1], s=400)
    place_labels(ax, {"China": (0.0, 0.0), "Russia": (1.0, 1.0)}, radii={"China": marker_radius(400)})
    china = label_boxes(ax)["China"]
    x, y = ax.transData.transform((0.0, 0.0))
    radius = marker_radius(400) * fig.dpi / 72
    assert not china.overlaps(china.from_bounds(x - radius, y - radius, 2 * radius, 2 * radius))
    plt.close(fig)
