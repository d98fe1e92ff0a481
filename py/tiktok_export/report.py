"""``OUT/report.html``: a first look at the study, as one self-contained page.

Built from the ``uploads`` rows alone (never from records), so it costs nothing next to
the tables: per-section counts across uploads, the spread of records per participant and
of date ranges, the generations seen, every upload that failed and why, and the format
drift the receipts report. Plots are drawn with matplotlib and embedded as inline SVG;
the page has no script, no external asset and no network request, so it opens from a
disk, an e-mail attachment or an archive alike. Everything printed is escaped.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5rem 0}td,th{padding:.2rem .6rem;border-bottom:1px solid #eee;
text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}.bad{color:#a00}
figure{margin:1rem 0}svg{max-width:100%;height:auto}
"""


def _svg(figure: Any) -> str:
    """A matplotlib figure as inline SVG markup (text drawn as paths: no font needed)."""
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]], numeric: Sequence[int] = ()) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            text = f"{cell:,}" if isinstance(cell, int) and not isinstance(cell, bool) else str(cell)
            css = ' class="n"' if i in numeric else ""
            cells.append(f"<td{css}>{html.escape(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _figure(width: float = 7.5, height: float = 3.2) -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.fonttype"] = "path"
    return plt.subplots(figsize=(width, height))


def _section_plot(totals: Mapping[str, int], titles: Mapping[str, str]) -> str:
    shown = [(titles.get(s, s), n) for s, n in sorted(totals.items(), key=lambda item: item[1]) if n]
    if not shown:
        return ""
    figure, axes = _figure(height=0.3 * len(shown) + 1)
    axes.barh([t for t, _ in shown], [n for _, n in shown], color="#3b6ea5")
    axes.set_xlabel("records across all uploads")
    axes.set_xscale("log")
    return _svg(figure)


def _records_plot(per_upload: Sequence[int]) -> str:
    if not per_upload:
        return ""
    figure, axes = _figure()
    axes.hist(per_upload, bins=min(40, max(5, len(per_upload) // 5)), color="#3b6ea5")
    axes.set_xlabel("records per upload")
    axes.set_ylabel("uploads")
    return _svg(figure)


def _dates_plot(spans: Sequence[tuple[dt.datetime, dt.datetime]]) -> str:
    if not spans:
        return ""
    ordered = sorted(spans)
    step = max(1, len(ordered) // 400)  # at most ~400 lines: the picture, not every pixel
    shown = ordered[::step]
    figure, axes = _figure(height=3.6)
    axes.hlines(range(len(shown)), [a for a, _ in shown], [b for _, b in shown], color="#3b6ea5", lw=1)
    axes.set_ylabel("uploads (by first date)")
    axes.set_yticks([])
    axes.set_xlabel("date range of each upload's records")
    figure.autofmt_xdate()
    return _svg(figure)


def _drift_names(drift: Any) -> list[str]:
    """The names a receipt's drift report lists, whatever its exact shape."""
    items = drift.get("items", drift) if isinstance(drift, dict) else drift
    if isinstance(items, dict):
        return [str(k) for k in items]
    if not isinstance(items, list):
        return []
    names = []
    for item in items:
        if isinstance(item, dict):
            names.append(str(item.get("name") or item.get("key") or json.dumps(item, sort_keys=True)))
        else:
            names.append(str(item))
    return names


def write_report(
    path: Path,
    uploads: Sequence[Mapping[str, Any]],
    tables: Mapping[str, int],
    layouts: Mapping[str, Any],
    *,
    tool_version: str,
) -> None:
    """Write the study report for ``uploads`` (the rows of the ``uploads`` table)."""
    titles = {section: layout.title for section, layout in layouts.items()}
    good = [u for u in uploads if u["ok"]]
    failed = [u for u in uploads if not u["ok"]]
    present: Counter[str] = Counter()
    for upload in good:
        present.update(json.loads(upload["section_records"] or "{}").keys())
    spans = [(u["first"], u["last"]) for u in good if u["first"] is not None and u["last"] is not None]
    generations = Counter(u["generation"] or "unknown" for u in good)
    drift: Counter[str] = Counter()
    for upload in good:
        if upload["drift"]:
            drift.update(set(_drift_names(json.loads(upload["drift"]))))
    parts = [
        "<!doctype html><html lang=en><head><meta charset=utf-8>",
        '<meta name=viewport content="width=device-width, initial-scale=1">',
        "<title>TikTok export study report</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>TikTok export study report</h1>",
        f"<p>{len(uploads):,} uploads found: <b>{len(good):,} tabulated</b>, "
        f'<b class="{"bad" if failed else ""}">{len(failed):,} failed</b>. '
        f"{sum(tables.values()):,} records in {sum(1 for n in tables.values() if n)} tables. "
        f"Made by tiktok-export {html.escape(tool_version)}.</p>",
        "<h2>Records per section</h2>",
        _table(
            ["Section", "Table", "Records", "Uploads with records"],
            [[titles.get(s, s), s, n, present[s]] for s, n in tables.items()],
            numeric=(2, 3),
        ),
        f"<figure>{_section_plot(tables, titles)}</figure>",
        "<h2>Records per participant</h2>",
        f"<figure>{_records_plot([u['records'] or 0 for u in good])}</figure>",
        "<h2>Date ranges</h2>",
        f"<figure>{_dates_plot(spans)}</figure>",
        "<h2>Generations seen</h2>",
        _table(["Generation (or top-level layout)", "Uploads"], generations.most_common(), numeric=(1,)),
        "<h2>Failed uploads</h2>",
        _table(
            ["File", "Receipt", "Code", "Why"],
            [[u["file"] or "-", u["receipt"] or "-", u["code"] or "-", u["message"] or ""] for u in failed],
        )
        if failed
        else "<p>None: every upload matched its receipt and could be read.</p>",
        "<h2>Format drift</h2>",
        _table(["Unknown part (as TikTok names it)", "Uploads"], drift.most_common(), numeric=(1,))
        if drift
        else "<p>No receipt reports parts of the export that the schema does not know.</p>",
        "</body></html>",
    ]
    path.write_text("\n".join(parts), "utf-8")
