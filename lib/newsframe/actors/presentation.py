"""Show actor tables: the co-occurrence network on matplotlib axes, and mentions highlighted in HTML."""

from __future__ import annotations

import html
from typing import Any

import numpy as np
import pandas as pd

from newsframe.plotting import marker_radius, place_labels


def draw_network(edges: pd.DataFrame, *, ax, min_weight: int = 1, max_nodes: int | None = 30, seed: int = 0) -> Any:
    """Draw a co-occurrence edge table as a network on ``ax``: node size by weighted degree, edge width by weight.

    Takes ``source``, ``target``, ``weight`` (``cooccurrence``); keeps edges with ``weight >=
    min_weight`` among the ``max_nodes`` actors with the largest weighted degree; the layout is
    networkx's spring layout with a fixed ``seed``. Labels never overlap (``newsframe.plotting.place_labels``,
    the most connected actors first); the names of any left unlabelled are in ``graph.graph["unlabelled"]``.
    Returns the networkx graph drawn (empty when no edge passes ``min_weight``).

    >>> import matplotlib.pyplot as plt
    >>> edges = pd.DataFrame({"source": ["China"], "target": ["Russia"], "weight": [3]})
    >>> sorted(draw_network(edges, ax=plt.subplots()[1]).nodes)
    ['China', 'Russia']
    """
    import networkx as nx

    kept = edges[edges["weight"] >= min_weight]
    graph = nx.from_pandas_edgelist(kept, "source", "target", edge_attr="weight")
    if max_nodes is not None and graph.number_of_nodes() > max_nodes:
        strongest = sorted(graph.degree(weight="weight"), key=lambda pair: (-pair[1], pair[0]))[:max_nodes]
        keep = {name for name, _ in strongest}
        # rebuilt from the edge table (not graph.subgraph(set)): the node order, and so the seeded layout,
        # is the same in every run; an actor left without an edge drops out
        kept = kept[kept["source"].isin(keep) & kept["target"].isin(keep)]
        graph = nx.from_pandas_edgelist(kept, "source", "target", edge_attr="weight")
    if graph.number_of_edges() == 0:
        ax.text(
            0.5, 0.5, f"no pair co-occurs at least {min_weight} times", ha="center", va="center", transform=ax.transAxes
        )
        ax.set_axis_off()
        return graph
    layout = nx.spring_layout(graph, weight="weight", seed=seed, k=2 / np.sqrt(graph.number_of_nodes()))
    strength = dict(graph.degree(weight="weight"))
    top = max(strength.values())
    widths = [graph[a][b]["weight"] for a, b in graph.edges]
    sizes = {n: 100 + 900 * strength[n] / top for n in graph.nodes}
    nx.draw_networkx_edges(graph, layout, ax=ax, width=[0.5 + 4 * w / max(widths) for w in widths], alpha=0.4)
    nx.draw_networkx_nodes(
        graph, layout, ax=ax, node_size=[sizes[n] for n in graph.nodes], node_color="tab:blue", alpha=0.7
    )
    order = sorted(graph.nodes, key=lambda n: (-strength[n], n))
    graph.graph["unlabelled"] = place_labels(
        ax, {n: tuple(layout[n]) for n in order}, radii={n: marker_radius(sizes[n]) for n in order}
    )
    ax.set_xticks([])
    ax.set_yticks([])
    return graph


def highlight_html(text: str, mentions: pd.DataFrame) -> str:
    """``text`` as HTML with each mention wrapped in ``<mark>``; the text is escaped first, piece by piece.

    Takes one title or body and the mentions that point into it (``start``, ``end``, ``actor``,
    ``type``); returns an HTML string safe to display whatever the article contains.

    >>> ments = pd.DataFrame({"start": [0], "end": [2], "actor": ["Xi Jinping"], "type": ["person"]})
    >>> highlight_html("Xi <b>met</b> Putin", ments)
    '<mark title="Xi Jinping (person)">Xi</mark> &lt;b&gt;met&lt;/b&gt; Putin'
    """
    pieces, at = [], 0
    for row in mentions.sort_values("start").itertuples():
        if row.start < at:
            continue
        label = html.escape(f"{row.actor} ({row.type})", quote=True)
        marked = html.escape(text[row.start : row.end])
        pieces += [html.escape(text[at : row.start]), f'<mark title="{label}">{marked}</mark>']
        at = row.end
    pieces.append(html.escape(text[at:]))
    return "".join(pieces)
