"""Plot the benchmark's table: time and peak memory against export size (an SVG).

    make bench | tee bench.md        # or: python -m tests.benchmarks.bench --sizes 10,100,1000
    python -m tests.benchmarks.plot bench.md tests/benchmarks/performance.svg

Reads the Markdown table ``bench`` prints (or ``throughput``'s older native-only one) and draws
two log-log panels by hand (no plotting library to install): seconds per export size, and peak
memory per export size (RSS for the CLI, wasm heap for the Pyodide worker), one line per
contender that has both.
"""

from __future__ import annotations

import math
import sys
from collections import defaultdict
from pathlib import Path

WIDTH, HEIGHT, PAD = 420, 300, 48
COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf"]


def read_table(text: str) -> dict[str, list[tuple[float, float, float]]]:
    """``{contender: [(MB, seconds, peak MiB), ...]}`` from throughput's Markdown table."""
    series: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 14 and cells[0].endswith("MB") and cells[3] != "seconds":  # bench's table
            memory = cells[9] if cells[9] != "-" else cells[10]
            if memory != "-":
                size = float(cells[0].split()[0])
                series[f"{cells[1]}: {cells[2]}"].append((size, float(cells[3]), float(memory)))
            continue
        if len(cells) != 7 or not cells[0].endswith(")") or cells[3] in ("seconds", "---"):
            continue
        size = float(cells[0].split()[0])
        name = cells[1] if cells[2] == "-" else f"{cells[1]} ({cells[2]} path)"
        series[name].append((size, float(cells[3]), float(cells[6])))
    return dict(series)


def _panel(
    series: dict[str, list[tuple[float, float, float]]], column: int, title: str, left: float
) -> list[str]:
    points = [p for values in series.values() for p in values]
    xs = [p[0] for p in points]
    ys = [p[column] for p in points]
    x0, x1 = math.log10(min(xs)) - 0.1, math.log10(max(xs)) + 0.1
    y0, y1 = math.log10(min(ys)) - 0.2, math.log10(max(ys)) + 0.2

    def at(x: float, y: float) -> tuple[float, float]:
        px = left + PAD + (math.log10(x) - x0) / (x1 - x0) * (WIDTH - 2 * PAD)
        py = HEIGHT - PAD - (math.log10(y) - y0) / (y1 - y0) * (HEIGHT - 2 * PAD)
        return px, py

    out = [
        f'<text x="{left + WIDTH / 2}" y="20" text-anchor="middle" font-size="14">{title}</text>',
        f'<rect x="{left + PAD}" y="{PAD}" width="{WIDTH - 2 * PAD}" height="{HEIGHT - 2 * PAD}" '
        'fill="none" stroke="#999"/>',
    ]
    for exponent in range(math.ceil(y0), math.floor(y1) + 1):
        _, py = at(min(xs), 10**exponent)
        out.append(
            f'<text x="{left + PAD - 4}" y="{py + 4}" text-anchor="end" '
            f'font-size="10">{10**exponent:g}</text>'
        )
        out.append(f'<line x1="{left + PAD}" x2="{left + WIDTH - PAD}" y1="{py}" y2="{py}" stroke="#eee"/>')
    for size in sorted(set(xs)):
        px, _ = at(size, 10**y0)
        out.append(
            f'<text x="{px}" y="{HEIGHT - PAD + 14}" text-anchor="middle" font-size="10">{size:g} MB</text>'
        )
    for index, (_, values) in enumerate(sorted(series.items())):
        colour = COLOURS[index % len(COLOURS)]
        coords = " ".join("{:.1f},{:.1f}".format(*at(p[0], p[column])) for p in sorted(values))
        out.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for p in values:
            px, py = at(p[0], p[column])
            out.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{colour}"/>')
    return out


def svg(series: dict[str, list[tuple[float, float, float]]]) -> str:
    """Two panels side by side, a shared legend below."""
    legend_height = 18 * len(series) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * WIDTH}" height="{HEIGHT + legend_height}" '
        'font-family="sans-serif" style="background:#fff">',
        *_panel(series, 1, "seconds (log) against export size", 0),
        *_panel(series, 2, "peak RSS or wasm heap, MiB (log)", WIDTH),
    ]
    for index, name in enumerate(sorted(series)):
        colour = COLOURS[index % len(COLOURS)]
        y = HEIGHT + 14 + 18 * index
        parts.append(f'<rect x="{PAD}" y="{y - 9}" width="14" height="4" fill="{colour}"/>')
        parts.append(f'<text x="{PAD + 20}" y="{y - 4}" font-size="12">{name}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    """``plot TABLE.md OUT.svg``."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    series = read_table(Path(args[0]).read_text(encoding="utf-8"))
    if not series:
        print("no benchmark rows found", file=sys.stderr)
        return 1
    Path(args[1]).write_text(svg(series), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
