"""Activity over time in the page: the charts draw the core's counts, shade the removed dates,
and say in words (and in a table) what they show."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tiktok_export import api, synthetic

from .test_page import check_file, open_page, write_zip

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from .conftest import Recorder, Site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def export_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_zip(tmp_path_factory.mktemp("timeline") / "TikTok_Data.zip", synthetic.ExportSpec(seed=7))


def _bars(page: Page, selector: str) -> list[tuple[str, int]]:
    found: list[Any] = page.eval_on_selector_all(
        f"{selector} rect.chart-bar", "bars => bars.map(b => [b.dataset.period, Number(b.dataset.records)])"
    )
    return [(period, records) for period, records in found]


def test_the_charts_draw_the_summarys_counts(
    recorded_page: Page, recorder: Recorder, site: Site, export_zip: Path
) -> None:
    summary = api.check(export_zip).to_dict()["summary"]
    open_page(recorded_page, site)
    assert check_file(recorded_page, export_zip) == "usable"
    overview = [(p["period"], p["records"]) for p in summary["totals"]["timeline"]]
    assert len(overview) > 3
    assert _bars(recorded_page, "#timeline-overview") == overview
    unit = summary["totals"]["timeline_unit"]
    assert recorded_page.locator(f"#timeline-overview figure[data-unit={unit}]").count() == 1
    for section in summary["sections"]:
        if section["timeline"] and section["records"]:
            row = f"#sections tr[data-section-id='{section['id']}']"
            expected = [(p["period"], p["records"]) for p in section["timeline"]]
            assert _bars(recorded_page, row) == expected, section["id"]
    # The text alternative names the total; the table lists every period.
    title = recorded_page.locator("#timeline-overview svg title").first.text_content() or ""
    total = sum(records for _, records in overview)
    assert f"{total:,}" in title
    recorded_page.click("#timeline-overview .chart-details summary")
    assert recorded_page.locator("#timeline-overview .chart-table tbody tr").count() == len(overview)
    assert recorder.foreign == []


def test_the_removed_date_range_is_shaded(recorded_page: Page, site: Site, export_zip: Path) -> None:
    summary = api.check(export_zip).to_dict()["summary"]
    months = [p["period"] for p in summary["totals"]["timeline"]]
    assert summary["totals"]["timeline_unit"] == "month"
    open_page(recorded_page, site)
    check_file(recorded_page, export_zip)
    recorded_page.click("#continue")
    assert recorded_page.locator("#choices-timeline rect.chart-removed").count() == 0
    start, end = months[2], months[4]
    recorded_page.fill("#drop-from", f"{start}-10")
    recorded_page.fill("#drop-to", f"{end}-03")
    shaded = recorded_page.eval_on_selector_all(
        "#choices-timeline rect.chart-bar.is-removed", "bars => bars.map(b => b.dataset.period)"
    )
    assert shaded == months[2:5]
    assert recorded_page.locator("#choices-timeline rect.chart-removed").count() == 3
    assert recorded_page.locator("#choices-timeline .chart-legend").is_visible()
