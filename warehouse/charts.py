"""Charts as inline SVG strings: pure functions from labels and numbers to markup, so the dashboard is one
file that opens offline and needs no JavaScript library.

Every data mark carries class="mark" and a <title> (the browser's tooltip); the <svg> carries
data-marks with how many marks it holds, so a test can compare that with what the browser laid out.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from html import escape

# Tableau 10: distinct hues that stay apart for the colour-blind, in a fixed order so a series keeps its colour.
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac")
FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"'
CHAR_WIDTH = 7.0  # average width of a 12px sans-serif character (DejaVu Sans is wide), to lay out labels without measuring text
# A tooltip is read at a glance; bounded so that one mark cannot carry a corpus's worth of text into the file.
TOOLTIP_CHARS = 300


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def nice_step(top: float, ticks: int = 5) -> float:
    """A round tick step (1, 2 or 5 times a power of ten) that covers `top` in about `ticks` steps."""
    if top <= 0:
        return 1.0
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def shorten(label: str, max_chars: int) -> str:
    return label if len(label) <= max_chars else label[: max_chars - 1].rstrip() + "…"


def readable(code: str) -> str:
    """A vocabulary code as a label: `economic_impact` -> `Economic impact`; names already written for people stay."""
    words = code.replace("_", " ")
    return words[:1].upper() + words[1:] if words.islower() else words


def _tooltip(text: str) -> str:
    return f"<title>{escape(shorten(text, TOOLTIP_CHARS))}</title>"


def _svg(width: float, height: float, n_marks: int, name: str, body: list[str]) -> str:
    return (
        f'<svg class="chart" data-chart="{escape(name)}" data-marks="{n_marks}" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" role="img" {FONT} font-size="12">'
        + "".join(body) + "</svg>"
    )


def _empty(name: str, width: float, message: str) -> str:
    return _svg(width, 60, 0, name, [f'<text x="{width / 2:.0f}" y="34" text-anchor="middle" fill="#666">{escape(message)}</text>'])


def _legend(names: Sequence[str], width: float, y: float) -> tuple[list[str], float]:
    """Swatches and names (as readable labels) in rows that wrap at `width`; returns the markup and the height it takes."""
    out, x, row_h = [], 0.0, 18
    for i, name in enumerate(names):
        item_w = 16 + len(readable(name)) * CHAR_WIDTH + 14
        if x > 0 and x + item_w > width:
            x, y = 0.0, y + row_h
        out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="11" height="11" fill="{colour(i)}"/>'
                   f'<text x="{x + 16:.1f}" y="{y + 10:.1f}">{escape(readable(name))}</text>')
        x += item_w
    return out, (y + row_h) if names else y


def stacked_columns(
    name: str,
    categories: Sequence[str],
    series: dict[str, Sequence[float]],
    fmt: Callable[[float], str],
    width: float = 640,
    height: float = 300,
) -> str:
    """One column per category (a year), split by series (a type); `series` maps each name to one value per category."""
    totals = [sum(vals[i] for vals in series.values()) for i in range(len(categories))]
    if not categories or max(totals, default=0) <= 0:
        return _empty(name, width, "no data")
    legend, legend_h = _legend(list(series), width - 70, 0)
    left, right, top, bottom = 64, 8, legend_h + 12, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    step = nice_step(max(totals))
    y_max = step * math.ceil(max(totals) / step)
    y = lambda v: top + plot_h - v / y_max * plot_h
    body = [f'<g transform="translate({left},0)">', *legend, "</g>"]
    for k in range(int(round(y_max / step)) + 1):
        v = k * step
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#e3e3e3"/>'
                    f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" fill="#555">{escape(fmt(v))}</text>')
    slot = plot_w / len(categories)
    bar_w = max(2.0, slot * 0.72)
    label_every = max(1, math.ceil(max(len(c) for c in categories) * CHAR_WIDTH * 1.4 / slot))
    n_marks = 0
    for i, category in enumerate(categories):
        x = left + i * slot + (slot - bar_w) / 2
        base = 0.0
        for s, (series_name, vals) in enumerate(series.items()):
            v = vals[i]
            if v <= 0:
                continue
            body.append(f'<rect class="mark" x="{x:.1f}" y="{y(base + v):.1f}" width="{bar_w:.1f}" height="{max(1.0, y(base) - y(base + v)):.1f}" '
                        f'fill="{colour(s)}">{_tooltip(f"{category} · {readable(series_name)}: {fmt(v)}")}</rect>')
            base += v
            n_marks += 1
        if i % label_every == 0:
            body.append(f'<text x="{x + bar_w / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle" fill="#555">{escape(category)}</text>')
    body.append(f'<line x1="{left}" x2="{width - right}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="#888"/>')
    return _svg(width, height, n_marks, name, body)


def horizontal_bars(
    name: str,
    labels: Sequence[str],
    values: Sequence[float],
    fmt: Callable[[float], str],
    groups: Sequence[str] | None = None,
    tooltips: Sequence[str] | None = None,
    width: float = 640,
    log_scale: bool = False,
) -> str:
    """One bar per label, longest first as given; `groups` colours the bars and adds a legend.

    With log_scale the length is log10(1 + value), so 4 visits and 500,000 people both stay visible."""
    if not labels:
        return _empty(name, width, "no data")
    group_names = list(dict.fromkeys(groups)) if groups else []
    legend, legend_h = _legend(group_names, width, 0)
    label_w, value_w, row_h = 270, 70, 24
    label_chars = int((label_w - 12) / CHAR_WIDTH)
    top = legend_h + (8 if group_names else 0)
    height = top + row_h * len(labels) + 6
    bar_space = width - label_w - value_w
    scale = (lambda v: math.log10(1 + max(v, 0))) if log_scale else (lambda v: max(v, 0))
    top_value = max(scale(v) for v in values) or 1.0
    body = [*legend]
    for i, (label, v) in enumerate(zip(labels, values)):
        y = top + i * row_h
        fill = colour(group_names.index(groups[i])) if groups else colour(0)
        bar = max(2.0, scale(v) / top_value * bar_space)
        tip = tooltips[i] if tooltips else f"{label}: {fmt(v)}"
        body.append(f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" fill="#222">{escape(shorten(label, label_chars))}{_tooltip(label)}</text>'
                    f'<rect class="mark" x="{label_w}" y="{y + 4}" width="{bar:.1f}" height="{row_h - 8}" fill="{fill}">{_tooltip(tip)}</rect>'
                    f'<text x="{label_w + bar + 6:.1f}" y="{y + 16}" fill="#555">{escape(fmt(v))}</text>')
    return _svg(width, height, len(labels), name, body)
