"""The drawings of the report charts, with matplotlib (imported only when a chart is drawn).

Deterministic output, so that two runs on the same data give the same bytes: the Agg/SVG backends
only (no display), one font (DejaVu Sans, shipped with matplotlib) at fixed sizes, text drawn as
paths (the chart looks the same in every browser and in the PDF), a fixed ``svg.hashsalt`` for
element ids, and no date in the SVG metadata. Nothing is computed here that the table does not
hold: a chart lays out its rows (sums of a column over rows, to size a band or a node, are the
only arithmetic).
"""

from __future__ import annotations

import io
import textwrap
from collections import defaultdict
from collections.abc import Callable

import matplotlib

matplotlib.use("Agg")

from matplotlib.backends.backend_svg import FigureCanvasSVG  # noqa: E402
from matplotlib.colors import LinearSegmentedColormap  # noqa: E402
from matplotlib.figure import Figure as MplFigure  # noqa: E402
from matplotlib.patches import PathPatch, Rectangle  # noqa: E402
from matplotlib.path import Path as MplPath  # noqa: E402

from wsis_graph.analysis.findings import Table  # noqa: E402
from wsis_graph.reports.labels import natural_key, short  # noqa: E402

_RC = {
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.labelsize": 8,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "svg.hashsalt": "wsis-graph",
    "svg.fonttype": "path",
    "axes.spines.top": False,
    "axes.spines.right": False,
}

#: Colours, chosen to survive greyscale printing and colour-blind readers: the Okabe–Ito palette
#: (distinguishable under the common colour-vision deficiencies), a sequential map whose lightness
#: falls steadily (it reads in grey), and hatching wherever a colour alone would carry meaning
#: (facilitation roles, the "no home" and "no facilitator" nodes); every node and bar is also labelled.
_OKABE_ITO = {"orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
              "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "black": "#000000"}
_BLUES = LinearSegmentedColormap.from_list("wsis-blues", ["#f7fbff", "#9ecae1", "#2b6cb0", "#08306b"])
_ROLE_COLOURS = {"lead": _OKABE_ITO["blue"], "co_facilitator": _OKABE_ITO["sky"], "partner": _OKABE_ITO["orange"]}
_ROLE_HATCHES = {"lead": "", "co_facilitator": "////", "partner": "...."}
_PALETTE = [_OKABE_ITO[c] for c in ("blue", "orange", "green", "purple", "sky", "vermillion", "yellow")]
_GAP = _OKABE_ITO["vermillion"]
_GAP_HATCH = "xxxx"

WIDTH = 7.0  # inches: the text width of an A4 page with 16 mm margins


def _svg(fig: MplFigure, source: str = "") -> str:
    if source:  # a figure-level label, so that the constrained layout keeps room for it under the axes
        fig.supxlabel("\n".join(textwrap.wrap(source, 150)), x=0.0, ha="left", fontsize=6, color="#444444")
    FigureCanvasSVG(fig)
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "wsis-graph"})
    return buffer.getvalue()


def _figure(height: float, width: float = WIDTH) -> MplFigure:
    return MplFigure(figsize=(width, max(height, 1.6)), layout="constrained")


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _rc(draw: Callable[..., str | None]) -> Callable[..., str | None]:
    def wrapped(table: Table, source: str = "") -> str | None:
        with matplotlib.rc_context(_RC):
            return draw(table, source)

    wrapped.__doc__ = draw.__doc__
    wrapped.__name__ = draw.__name__
    return wrapped


def _matrix(ax, rows: list[str], cols: list[str], values: dict[tuple[str, str], float], *, col_rotation: int = 0) -> object:
    grid = [[values.get((r, c), 0) for c in cols] for r in rows]
    top = max([max(row) for row in grid] + [1])
    image = ax.imshow(grid, cmap=_BLUES, vmin=0, vmax=top, aspect="auto", interpolation="nearest")
    ax.set_xticks(range(len(cols)), cols, rotation=col_rotation, ha="right" if col_rotation else "center")
    ax.set_yticks(range(len(rows)), rows)
    ax.set_xticks([x - 0.5 for x in range(1, len(cols))], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, len(rows))], minor=True)
    ax.grid(which="minor", color="white", linewidth=0.8)
    ax.tick_params(which="minor", length=0)
    ax.tick_params(which="major", length=0)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    if len(rows) * len(cols) <= 1000:
        for i, row in enumerate(grid):
            for j, value in enumerate(row):
                if value:
                    colour = "white" if value > top * 0.55 else "#1a1a1a"
                    ax.text(j, i, f"{value:g}", ha="center", va="center", fontsize=6.5, color=colour)
    return image


@_rc
def action_line_goal_heatmap(table: Table, source: str = "") -> str | None:
    """Action Line × SDG goal: how many links each Action Line has to each goal (and its targets)."""
    rows = table.dicts()
    if not rows:
        return None
    values: dict[tuple[str, str], float] = defaultdict(float)
    for r in rows:
        values[(short(r["action_line"]), short(r["goal"]))] += r["links"] or 0
    lines = sorted({a for a, _ in values}, key=natural_key)
    goals = sorted({g for _, g in values}, key=natural_key)
    fig = _figure(0.24 * len(lines) + 1.1)
    ax = fig.add_subplot()
    image = _matrix(ax, lines, goals, values)
    ax.xaxis.set_ticks_position("top")
    ax.set_xlabel("SDG goal")
    ax.xaxis.set_label_position("top")
    ax.set_ylabel("WSIS Action Line")
    fig.colorbar(image, ax=ax, shrink=0.6, pad=0.01, label="links (number in each cell)")
    return _svg(fig, source)


@_rc
def goal_coverage_bars(table: Table, source: str = "") -> str | None:
    """Per SDG goal, the share of its targets that at least one Action Line serves."""
    rows = sorted(table.dicts(), key=lambda r: natural_key(r["goal"]))
    if not rows:
        return None
    percent = max((r["share"] or 0) for r in rows) > 1
    fig = _figure(0.22 * len(rows) + 0.8)
    ax = fig.add_subplot()
    names = [f"{short(r['goal'])}  {_clip(r.get('label') or '', 44)}" for r in rows]
    shares = [(r["share"] or 0) / (100 if percent else 1) * 100 for r in rows]
    y = range(len(rows))
    ax.barh(y, [100] * len(rows), color="#eeeeee", height=0.7)
    ax.barh(y, shares, color=_OKABE_ITO["blue"], height=0.7)
    for i, r in enumerate(rows):
        ax.text(101, i, f"{r['served']}/{r['targets']} targets", va="center", fontsize=6.5)
        if not shares[i]:
            ax.text(1, i, "none", va="center", ha="left", fontsize=6.5, color=_GAP, fontweight="bold")
    ax.set_yticks(list(y), names)
    ax.invert_yaxis()
    ax.set_xlim(0, 118)
    ax.set_xticks([0, 25, 50, 75, 100], ["0 %", "25 %", "50 %", "75 %", "100 %"])
    ax.set_xlabel("share of the goal's targets served by at least one Action Line")
    ax.set_ylabel("SDG goal")
    ax.tick_params(axis="y", length=0)
    return _svg(fig, source)


@_rc
def entity_load_bars(table: Table, source: str = "", top: int = 30) -> str | None:
    """Per entity, the Action Lines it facilitates as lead, co-facilitator and partner."""
    rows = table.dicts()
    if not rows:
        return None
    rows = sorted(rows, key=lambda r: (-(r["action_lines"] or 0), short(r["entity"])))[:top]
    fig = _figure(0.2 * len(rows) + 0.9)
    ax = fig.add_subplot()
    names = [_clip(f"{short(r['entity'])} · {r['label']}" if r.get("label") and r["label"] != short(r["entity"]) else short(r["entity"]), 52) for r in rows]
    left = [0] * len(rows)
    for column, label in (("lead", "lead"), ("co_facilitator", "co-facilitator"), ("partner", "partner")):
        widths = [r.get(column) or 0 for r in rows]
        ax.barh(range(len(rows)), widths, left=left, color=_ROLE_COLOURS[column], height=0.7, label=label,
                hatch=_ROLE_HATCHES[column], edgecolor="white", linewidth=0.4)
        left = [a + b for a, b in zip(left, widths)]
    ax.set_yticks(range(len(rows)), names)
    ax.invert_yaxis()
    ax.set_xlabel("Action Lines facilitated (by role)")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_ylabel("entity (acronym · name)")
    ax.legend(loc="lower right", frameon=False, fontsize=7, title="role", title_fontsize=7)
    ax.tick_params(axis="y", length=0)
    return _svg(fig, source)


@_rc
def rights_heatmap(table: Table, source: str = "") -> str | None:
    """Action Line or GDC commitment × rights provision: the links between them.

    Rows are the subjects (Action Lines first, then GDC commitments, a rule between the two),
    columns the provisions that the table names.
    """
    rows = [r for r in table.dicts() if r["subject"] is not None and r["provision"] is not None]
    if not rows:
        return None
    values: dict[tuple[str, str], float] = defaultdict(float)
    kind_of: dict[str, str] = {}
    for r in rows:
        subject = short(r["subject"])
        kind_of[subject] = r.get("subject_type") or ""
        values[(subject, short(r["provision"]))] += r["links"] or 0
    subjects = sorted(kind_of, key=lambda s: (kind_of[s] != "ActionLine", kind_of[s], natural_key(s)))
    provisions = sorted({p for _, p in values}, key=natural_key)
    fig = _figure(0.22 * len(subjects) + 1.3)
    ax = fig.add_subplot()
    image = _matrix(ax, subjects, provisions, values, col_rotation=90)
    ax.set_xlabel("rights provision")
    ax.xaxis.set_label_position("top")
    fig.colorbar(image, ax=ax, shrink=0.4, pad=0.01, label="links (number in each cell)")
    ax.xaxis.set_ticks_position("top")
    ax.tick_params(axis="x", labelrotation=90)
    for label in ax.get_xticklabels():
        label.set_horizontalalignment("center")
    boundary = sum(1 for s in subjects if kind_of[s] == "ActionLine")
    if 0 < boundary < len(subjects):
        ax.axhline(boundary - 0.5, color="#0d2b4f", linewidth=1.2)
    ax.set_ylabel("Action Lines" + (" (above the rule), GDC commitments (below)" if 0 < boundary < len(subjects) else ""))
    return _svg(fig, source)


def _band(ax, x0: float, x1: float, y0: tuple[float, float], y1: tuple[float, float], colour: str, alpha: float,
          hatch: str | None = None) -> None:
    """A filled band from the span y0 at x0 to the span y1 at x1, with curved edges."""
    mid = (x0 + x1) / 2
    verts = [
        (x0, y0[0]), (mid, y0[0]), (mid, y1[0]), (x1, y1[0]),
        (x1, y1[1]), (mid, y1[1]), (mid, y0[1]), (x0, y0[1]), (x0, y0[0]),
    ]
    codes = [MplPath.MOVETO, MplPath.CURVE4, MplPath.CURVE4, MplPath.CURVE4,
             MplPath.LINETO, MplPath.CURVE4, MplPath.CURVE4, MplPath.CURVE4, MplPath.CLOSEPOLY]
    ax.add_patch(PathPatch(MplPath(verts, codes), facecolor=colour, edgecolor=colour if hatch else "none", alpha=alpha,
                           hatch=hatch, linewidth=0))


@_rc
def objective_flow(table: Table, source: str = "") -> str | None:
    """GDC objective → Action Line → facilitating entity, band widths in commitments.

    Three layers of nodes; a node's height is the number of commitments flowing through it (a
    commitment with several Action Lines is split over them, see
    :func:`wsis_graph.analysis.gdc_flow.commitment_flow`). A row with no Action Line is a commitment with
    no home: it flows into the hatched node "no home" of the middle layer and no further. A row with
    an Action Line but no entity flows into the hatched node "no facilitator". An objective whose
    rows weigh nothing (no commitment in the graph) is drawn as a thin mark with "(0)".
    """
    rows = [r for r in table.dicts() if r.get("objective") or r.get("action_line")]
    if not rows or not any((r.get("commitments") or 0) > 0 for r in rows):
        return None
    no_home, no_entity = "no home", "no facilitator"
    for r in rows:
        r["objective"] = short(r["objective"]) if r.get("objective") else "no objective"
        r["action_line"] = short(r["action_line"]) if r.get("action_line") else no_home
        r["entity"] = short(r["entity"]) if r.get("entity") else (None if r["action_line"] == no_home else no_entity)
        r["commitments"] = r.get("commitments") or 0
    left: dict[tuple[str, str], float] = defaultdict(float)
    right: dict[tuple[str, str], float] = defaultdict(float)
    for r in rows:
        left[(r["objective"], r["action_line"])] += r["commitments"]
        if r["entity"] is not None:
            right[(r["action_line"], r["entity"])] += r["commitments"]
    totals: list[dict[str, float]] = [defaultdict(float), defaultdict(float), defaultdict(float)]
    for (o, a), v in left.items():
        totals[0][o] += v
        totals[1][a] += v
    for (a, e), v in right.items():
        totals[2][e] += v
    order = [
        sorted(totals[0], key=natural_key),
        sorted(totals[1], key=lambda a: (a == no_home, natural_key(a))),
        sorted(totals[2], key=lambda e: (e == no_entity, -totals[2][e], natural_key(e))),
    ]
    gaps = {no_home, no_entity}
    count = max(len(o) for o in order)
    scale_total = max(sum(t.values()) for t in totals)
    # Vertical layout: every layer spans the same height; gaps between nodes are fixed.
    height_in = max(3.0, 0.24 * count + 1.2)
    gap = 0.6 * scale_total / max(count, 1)
    span = scale_total + gap * (count - 1)
    positions: list[dict[str, tuple[float, float]]] = []
    for layer, names in enumerate(order):
        used = sum(totals[layer][n] for n in names) + gap * (len(names) - 1)
        y = (span - used) / 2
        placed = {}
        for n in names:
            placed[n] = (y, y + totals[layer][n])
            y += totals[layer][n] + gap
        positions.append(placed)
    colours = {o: _PALETTE[i % len(_PALETTE)] for i, o in enumerate(order[0])}
    fig = _figure(height_in)
    ax = fig.add_subplot()
    xs, node_w = (0.0, 1.0, 2.0), 0.05
    cursor_out = [{n: positions[layer][n][0] for n in order[layer]} for layer in range(3)]
    cursor_in = [{n: positions[layer][n][0] for n in order[layer]} for layer in range(3)]
    # Objective → Action Line bands, coloured by objective.
    for o in order[0]:
        for a in order[1]:
            v = left.get((o, a))
            if not v:
                continue
            s, t = cursor_out[0][o], cursor_in[1][a]
            _band(ax, xs[0] + node_w, xs[1], (s, s + v), (t, t + v), colours[o], 0.45)
            cursor_out[0][o] += v
            cursor_in[1][a] += v
    # Action Line → entity bands, grey; hatched towards "no facilitator".
    for a in order[1]:
        for e in order[2]:
            v = right.get((a, e))
            if not v:
                continue
            s, t = cursor_out[1][a], cursor_in[2][e]
            _band(ax, xs[1] + node_w, xs[2], (s, s + v), (t, t + v), _GAP if e in gaps else "#8c8c8c", 0.35,
                  hatch=_GAP_HATCH if e in gaps else None)
            cursor_out[1][a] += v
            cursor_in[2][e] += v
    for layer, names in enumerate(order):
        for n in names:
            y0, y1 = positions[layer][n]
            gap_node = layer > 0 and n in gaps
            colour = colours.get(n, "#333333") if layer == 0 else (_GAP if gap_node else "#333333")
            if y1 - y0 > 0:
                ax.add_patch(Rectangle((xs[layer], y0), node_w, y1 - y0, facecolor=colour, edgecolor="black" if gap_node else "none",
                                       linewidth=0.5, hatch=_GAP_HATCH if gap_node else None))
            else:
                ax.plot([xs[layer], xs[layer] + node_w], [y0, y0], color=colour, linewidth=1.2)
            value = totals[layer][n]
            label = f"{_clip(n, 26)} ({value:.0f})" if abs(value - round(value)) < 1e-9 else f"{_clip(n, 26)} ({value:.2f})"
            style = {"fontweight": "bold", "color": _GAP} if gap_node else {}
            if layer == 2:
                ax.text(xs[layer] + node_w + 0.03, (y0 + y1) / 2, label, va="center", ha="left", fontsize=6.5, **style)
            else:
                ax.text(xs[layer] - 0.03, (y0 + y1) / 2, label, va="center", ha="right", fontsize=6.5,
                        bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.85}, **style)
    for x, title in zip(xs, ("GDC objective (commitments)", "WSIS Action Line (commitments)", "Facilitating entity (commitments)")):
        ax.text(x + node_w / 2, -gap * 1.2, title, ha="center", va="bottom", fontsize=8, fontweight="bold")
    ax.set_xlim(-0.45, 2.6)
    ax.set_ylim(span + gap * 0.5, -gap * 2.2)
    ax.axis("off")
    return _svg(fig, source)
