"""The records view (site/app/records.mjs) in Debian's Chromium: read, search and thin out.

Oracles are the CLI and the downloaded file, never the page's own code: the rows a section
shows equal ``tiktok-export records`` for the same file and key (and, with the page's own random
key, the records of the file it then writes); removing rows and a word on the page gives the
file ``tiktok-export redact --drop-record … --drop-matching …`` writes, byte for byte; a planted
canary the policy removes cannot be found. Hostile values stay text, the embedding survey hears
no record or word, no request leaves 127.0.0.1, axe finds nothing, and a 375 px phone gets cards.

DOM contract: ``body[data-phase=browsing]``; ``#records-view[aria-busy]``; rows ``#records-body
tr[data-section-id][data-index][data-removed]`` with ``input[name=share-record]`` and values in
``td.cell-value[data-field] .value`` (columns) or ``dl.record-fields div[data-field] dd``;
``#records-status[data-count]`` (the live region); ``#records-remove-word``; ``#search-all``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tiktok_export import api, synthetic

from ..test_records import records_at
from .test_page import (
    KEY,
    PARENT_PAGE,
    READY_TIMEOUT_MS,
    assert_clean,
    axe_violations,
    check_file,
    cli_redact,
    download,
    english,
    open_page,
    summarise,
    wait_phase,
    write_json,
    write_zip,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Dialog, FilePayload, Frame, FrameLocator, Page

    from .conftest import Recorder, Site

pytestmark = pytest.mark.browser

VALUES_JS = """els => els.map(tr => {
  const fields = {};
  for (const cell of tr.querySelectorAll('td.cell-value[data-field]')) {
    if (!('missing' in cell.dataset)) fields[cell.dataset.field] = cell.querySelector('.value').textContent;
  }
  for (const item of tr.querySelectorAll('dl.record-fields > div[data-field]')) {
    fields[item.dataset.field] = item.querySelector('dd').textContent;
  }
  return {section: tr.dataset.sectionId, index: Number(tr.dataset.index), removed: tr.dataset.removed || null,
          shared: tr.querySelector('input[name=share-record]').checked, fields};
})"""


def shown_rows(page: Page | Frame) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = page.eval_on_selector_all("#records-body tr", VALUES_JS)
    return rows


def text_of(value: Any) -> str:
    """A value as the page writes it (records.mjs valueText, English)."""
    if isinstance(value, str):
        return value or english("records.emptyValue")
    if value is None:
        return english("records.noValue")
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def expected_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "section": row["section"],
            "index": row["index"],
            "removed": row["removed"],
            "shared": row["removed"] is None,
            "fields": {key: text_of(value) for key, value in row["record"].items()},
        }
        for row in rows
    ]


def cli_records(source: Path, *args: str) -> dict[str, Any]:
    run = subprocess.run(
        [sys.executable, "-m", "tiktok_export", "records", str(source), "--json", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    answer: dict[str, Any] = json.loads(run.stdout)
    return answer


def settled(page: Page | Frame) -> None:
    """The view is open and its newest answer is drawn."""
    page.locator("body[data-phase=browsing] #records-view[aria-busy=false]").wait_for(
        state="attached", timeout=60_000
    )


def open_records(page: Page, section: str, where: str = "#sections") -> None:
    page.click(f"{where} [data-open-records='{section}']")
    settled(page)


def search(page: Page | Frame, text: str) -> None:
    """Type into the view's search box and wait for the answer to that very text."""
    page.fill("#records-query", text)
    page.press("#records-query", "Enter")
    page.wait_for_function(
        "(q) => document.getElementById('records-view').getAttribute('aria-busy') === 'false'"
        " && document.getElementById('records-query').value === q"
        " && document.getElementById('records-status').dataset.count !== ''",
        arg=text,
        timeout=60_000,
    )
    settled(page)


def count(page: Page | Frame) -> int:
    return int(page.locator("#records-status").get_attribute("data-count") or "-1")


@pytest.fixture
def phone(chromium: Browser, recorder: Recorder) -> Iterator[Page]:
    """A 375 x 740 phone-sized page with the request recorder (as in test_page.py)."""
    context = chromium.new_context(viewport={"width": 375, "height": 740}, has_touch=True)
    context.route("**/*", recorder.route)
    page = context.new_page()
    page.on("console", lambda m: recorder.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: recorder.console_errors.append(str(error)))
    yield page
    context.close()


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_zip(tmp_path_factory.mktemp("records") / "TikTok_Data.zip", synthetic.ExportSpec(seed=7))


# ---------------------------------------------------------------------------------------
# The rows are what will be shared
# ---------------------------------------------------------------------------------------


def test_rows_equal_the_clis_records_for_the_same_key(
    recorded_page: Page, recorder: Recorder, site: Site, sample: Path
) -> None:
    """Page 1 and 2 of a large section, a pseudonymised one and a scrubbed one: `tiktok-export records`."""
    open_page(recorded_page, site, f"pseudonym-key={KEY}")
    assert check_file(recorded_page, sample) == "usable"
    open_records(recorded_page, "watch-history")
    assert recorded_page.evaluate("document.activeElement.id") == "records-title"
    cli = cli_records(sample, "--section", "watch-history", "--pseudonym-key", KEY)
    assert len(shown_rows(recorded_page)) == 50
    assert shown_rows(recorded_page) == expected_rows(cli["rows"])
    assert count(recorded_page) == cli["count"]
    status = recorded_page.locator("#records-status").text_content() or ""
    assert f"{cli['count']:,} records" in status
    assert "newest first" in status
    assert recorded_page.locator("#records-previous").is_disabled()

    recorded_page.click("#records-next")
    recorded_page.wait_for_function("() => document.querySelector('#records-body tr').dataset.index !== '0'")
    settled(recorded_page)
    second = cli_records(sample, "--section", "watch-history", "--page", "2", "--pseudonym-key", KEY)
    assert shown_rows(recorded_page) == expected_rows(second["rows"])
    assert recorded_page.evaluate("document.activeElement.id") == "records-next"
    recorded_page.click("#records-back")
    wait_phase(recorded_page, "usable")
    opener = "#sections [data-open-records='watch-history']"
    assert recorded_page.evaluate("(s) => document.activeElement.matches(s)", opener)

    for section in ("followers", "direct-messages", "profile"):
        open_records(recorded_page, section)
        cli = cli_records(sample, "--section", section, "--pseudonym-key", KEY)
        assert shown_rows(recorded_page) == expected_rows(cli["rows"]), section
        recorded_page.click("#records-back")
        wait_phase(recorded_page, "usable")
    assert_clean(recorder)


def test_the_pages_own_random_key_shows_the_pseudonyms_the_file_gets(
    recorded_page: Page, recorder: Recorder, site: Site, tmp_path: Path, sample: Path
) -> None:
    """No key in the URL: the worker's random key for this file serves rows and redaction alike."""
    open_page(recorded_page, site)
    assert check_file(recorded_page, sample) == "usable"
    recorded_page.click("#continue")
    open_records(recorded_page, "followers", "#choices")
    rows = shown_rows(recorded_page)
    assert rows
    recorded_page.click("#records-back")
    wait_phase(recorded_page, "choosing")
    recorded_page.click("#create")
    wait_phase(recorded_page, "done")
    page_file = download(recorded_page, "#download", tmp_path / "user_data_tiktok.redacted.json")
    receipt = json.loads(
        download(
            recorded_page, "#download-receipt", tmp_path / "user_data_tiktok.redacted.receipt.json"
        ).read_text(encoding="utf-8")
    )
    assert receipt["pseudonym_key"] == "random-per-export"
    summary = {s["id"]: s for s in api.check(sample).to_dict()["summary"]["sections"]}
    shared = records_at(json.loads(page_file.read_text(encoding="utf-8")), summary["followers"]["paths"])
    assert [row["fields"] for row in rows] == [
        {key: text_of(value) for key, value in shared[row["index"]].items()} for row in rows
    ]
    # And not the pseudonyms of some other key: a run with a known key differs.
    other = cli_records(sample, "--section", "followers", "--pseudonym-key", KEY)
    assert [row["fields"] for row in rows] != expected_rows(other["rows"])[: len(rows)]
    assert_clean(recorder)


_INDEXED_JS = """
async ([key]) => {
  const { ExportWorker } = await import("./worker/client.mjs");
  const worker = new ExportWorker();
  await worker.ready;
  const file = document.getElementById("index-file").files[0];
  const { result: check } = await worker.check(file, { file_id: "one" });
  const watch = check.summary.sections.find((s) => s.id === "watch-history");
  const last = Math.floor((watch.records - 1) / 50);
  const view = { section: "watch-history", page: last, total: watch.records, order: watch.order,
                 places: watch.paths.length };
  const pseudonym_key = Uint8Array.from(key.match(/../g), (pair) => Number.parseInt(pair, 16));
  const ask = (more) => worker.records(file, { pseudonym_key, view, ...more });
  const indexed = await ask({ file_id: "one" });
  const streamed = await ask({});
  const kept = await ask({ file_id: "one" });  // a request naming no file left the index alone
  const other = await ask({ file_id: "two" });  // another file named: the index is dropped
  const dropped = await ask({ file_id: "one" });
  worker.terminate();
  return { size: file.size, last, indexed, streamed, kept, other, dropped };
}
"""


def test_a_deep_page_reads_only_its_bytes_through_the_index_of_the_check(
    recorded_page: Page, recorder: Recorder, site: Site, tmp_path: Path
) -> None:
    """The worker's check notes where the records lie; the oldest page of watch history then
    reads a few MB of a 12 MB ``File``, not the file up to the page, and equals the streamed page
    and the CLI's. Naming another file drops the index (the page streams again)."""
    spec = synthetic.ExportSpec(seed=7, target_bytes=12_000_000)
    source = write_json(tmp_path / "user_data_tiktok.json", spec)
    open_page(recorded_page, site)
    recorded_page.evaluate(
        "() => { const i = document.createElement('input'); i.type = 'file'; i.id = 'index-file';"
        " i.hidden = true; document.body.append(i); }"
    )
    recorded_page.set_input_files("#index-file", str(source))
    found = recorded_page.evaluate(_INDEXED_JS, [KEY])
    size = found["size"]
    answers = ("indexed", "streamed", "kept", "other", "dropped")
    read = {name: found[name].pop("file_bytes_read") for name in answers}
    assert read["indexed"] < size / 2 < read["streamed"]  # small slices: the head and the page's
    assert read["kept"] == read["indexed"]
    assert read["other"] > size / 2
    assert read["dropped"] > size / 2
    assert found["indexed"] == found["streamed"] == found["kept"] == found["other"] == found["dropped"]
    oldest = str(found["last"] + 1)  # the CLI counts pages from 1
    cli = cli_records(source, "--section", "watch-history", "--page", oldest, "--pseudonym-key", KEY)
    rows = [
        {key: value for key, value in row.items() if key != "record_json"}
        | {"record": json.loads(row["record_json"])}
        for row in found["indexed"]["rows"]
    ]
    assert rows == cli["rows"]
    assert len(rows) > 0
    assert_clean(recorder)


# ---------------------------------------------------------------------------------------
# Removing records and words: the CLI's file, counted in the receipt
# ---------------------------------------------------------------------------------------


def test_three_rows_and_a_word_give_the_clis_file_and_receipt(
    recorded_page: Page, recorder: Recorder, site: Site, tmp_path: Path, sample: Path
) -> None:
    """Untick three searches (and one put back), remove every record with a word: CLI bytes, counts only."""
    cli = cli_records(sample, "--section", "searches", "--pseudonym-key", KEY, "--per-page", "500")
    terms = {row["index"]: row["record"]["SearchTerm"] for row in cli["rows"]}
    word = next(
        term.split()[0]
        for index, term in sorted(terms.items())
        if index > 10 and len(term.split()[0]) > 4 and sum(term.split()[0] in t for t in terms.values()) < 5
    )
    with_word = {i for i, term in terms.items() if word.casefold() in term.casefold()}
    picked = [i for i in (1, 4, 6, 9) if i not in with_word][:3]
    assert len(picked) == 3

    open_page(recorded_page, site, f"pseudonym-key={KEY}")
    assert check_file(recorded_page, sample) == "usable"
    open_records(recorded_page, "searches")
    for index in [*picked, 12]:
        recorded_page.uncheck(f"#records-body tr[data-index='{index}'] input[name=share-record]")
    recorded_page.check("#records-body tr[data-index='12'] input[name=share-record]")  # put back
    for index in picked:
        row = recorded_page.locator(f"#records-body tr[data-index='{index}']")
        assert row.get_attribute("data-removed") == "record"
        assert row.locator(".cell-status").text_content() == english("records.removed.record")
    assert recorded_page.locator("#records-body tr[data-index='12']").get_attribute("data-removed") == ""

    search(recorded_page, word.upper())
    assert count(recorded_page) == len(with_word)
    assert {row["index"] for row in shown_rows(recorded_page)} == with_word
    button = recorded_page.locator("#records-remove-word")
    assert word.upper() in (button.text_content() or "")
    button.click()
    recorded_page.wait_for_function(
        "() => document.querySelectorAll('#records-body tr[data-removed=word]').length > 0", timeout=60_000
    )
    settled(recorded_page)
    assert {row["removed"] for row in shown_rows(recorded_page)} == {"word"}
    assert recorded_page.locator("#records-words-list li").count() == 1
    assert button.is_hidden()

    recorded_page.click("#records-back")
    wait_phase(recorded_page, "usable")
    recorded_page.click("#continue")
    summary = recorded_page.locator("#share-summary")
    assert "3 records you unticked" in (summary.text_content() or "")
    assert "1 word you chose" in (summary.text_content() or "")
    recorded_page.click("#create")
    wait_phase(recorded_page, "done")

    page_file = download(recorded_page, "#download", tmp_path / "user_data_tiktok.redacted.json")
    page_receipt = download(
        recorded_page, "#download-receipt", tmp_path / "user_data_tiktok.redacted.receipt.json"
    )
    args = ["--pseudonym-key", KEY, *(f"--drop-record=searches:{i}" for i in picked)]
    cli_file = cli_redact(sample, tmp_path / "cli.json", *args, f"--drop-matching=searches:{word.upper()}")
    assert page_file.read_bytes() == cli_file.read_bytes()
    assert page_receipt.read_bytes() == (tmp_path / "cli.json.receipt.json").read_bytes()
    receipt = json.loads(page_receipt.read_text(encoding="utf-8"))
    assert receipt["choices"]["drop_records"] == {"searches": 3}
    assert receipt["choices"]["drop_matching"] == ["searches"]
    assert word.casefold() not in page_receipt.read_text(encoding="utf-8").casefold()
    by_rule = {c["rule"]: c["count"] for c in receipt["changes"] if c["rule"].startswith("choices.")}
    assert by_rule == {"choices.drop_records": 3, "choices.drop_matching": len(with_word)}
    assert recorded_page.locator(
        "#changes tr.change[data-rule='choices.drop_records'][data-count='3']"
    ).is_visible()
    done = recorded_page.locator("#done-picked").text_content() or ""
    assert "3 records one by one" in done
    assert f"{len(with_word)} record" in done
    assert word.casefold() not in recorded_page.locator("#step-done").inner_text().casefold()
    assert_clean(recorder)


# ---------------------------------------------------------------------------------------
# Search
# ---------------------------------------------------------------------------------------


def test_a_canary_the_policy_removes_cannot_be_found(
    recorded_page: Page, recorder: Recorder, site: Site, tmp_path: Path
) -> None:
    """Searching everywhere for planted values: those the redacted file lacks find nothing."""
    spec = synthetic.ExportSpec(seed=9, canaries=True, target_bytes=200_000)
    pick = write_zip(tmp_path / "canaries.zip", spec)
    shared = cli_redact(pick, tmp_path / "cli.json", "--pseudonym-key", KEY).read_text(encoding="utf-8")
    canaries = synthetic.canary_values(spec)
    gone = [
        sorted(values)[0]
        for pattern, values in sorted(canaries.items())
        if pattern in ("login-history.IP", "profile.emailAddress", "followers.UserName", "comments.Comment")
        and values
    ]
    gone = [value for value in gone if value.casefold() not in shared.casefold()]
    assert len(gone) >= 3, gone

    open_page(recorded_page, site, f"pseudonym-key={KEY}")
    assert check_file(recorded_page, pick) == "usable"
    recorded_page.click("#continue")
    recorded_page.fill("#search-all-query", "canary")
    recorded_page.press("#search-all-query", "Enter")
    settled(recorded_page)
    assert recorded_page.locator("#records-title").text_content() == english("records.searchAllTitle")
    everything = cli_records(pick, "--search", "canary", "--pseudonym-key", KEY)
    assert count(recorded_page) == everything["count"]
    assert shown_rows(recorded_page) == expected_rows(everything["rows"])
    for value in gone:
        search(recorded_page, value)
        assert count(recorded_page) == 0, "a removed canary was found"
        assert recorded_page.locator("#records-status").text_content() == english("records.foundNone")
        assert recorded_page.locator("#records-table").is_hidden()
        assert recorded_page.locator("#records-remove-word").is_hidden()
    assert_clean(recorder)


def test_typing_fast_shows_only_the_newest_search(
    recorded_page: Page, recorder: Recorder, site: Site, sample: Path
) -> None:
    """Each keystroke supersedes the last: the count and rows belong to the final text."""
    open_page(recorded_page, site, f"pseudonym-key={KEY}")
    assert check_file(recorded_page, sample) == "usable"
    open_records(recorded_page, "watch-history")
    recorded_page.locator("#records-query").press_sequentially("video/77", delay=15)
    recorded_page.wait_for_function(
        "() => document.getElementById('records-status').dataset.count !== '1492'", timeout=60_000
    )
    settled(recorded_page)
    recorded_page.wait_for_timeout(800)  # any stale answer would arrive in this time
    settled(recorded_page)
    cli = cli_records(sample, "--section", "watch-history", "--search", "video/77", "--pseudonym-key", KEY)
    assert count(recorded_page) == cli["count"]
    assert shown_rows(recorded_page) == expected_rows(cli["rows"])
    assert_clean(recorder)


# ---------------------------------------------------------------------------------------
# Hostile values, the survey, the network
# ---------------------------------------------------------------------------------------


def test_hostile_values_in_rows_search_results_and_words_stay_text(
    recorded_page: Page, recorder: Recorder, site: Site
) -> None:
    """XSS payloads in records, in a search across sections and as a removed word run nothing."""
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    recorded_page.on("dialog", on_dialog)
    body = synthetic.export_bytes(synthetic.ExportSpec(seed=13, hostile=True, target_bytes=120_000))
    pick: FilePayload = {"name": "user_data_tiktok.json", "mimeType": "application/json", "buffer": body}
    open_page(recorded_page, site)
    assert check_file(recorded_page, pick) == "usable"
    recorded_page.click("#continue")
    recorded_page.fill("#search-all-query", "onerror")
    recorded_page.press("#search-all-query", "Enter")
    settled(recorded_page)
    assert count(recorded_page) > 0
    assert "onerror" in recorded_page.locator("#records-body").inner_text()
    payload = "<img src=x onerror=window.__xss=1;alert(1)>"
    search(recorded_page, payload)
    if count(recorded_page):
        recorded_page.click("#records-remove-word")
        recorded_page.locator("#records-words-list li").wait_for()
        assert payload in recorded_page.locator("#records-words-list").inner_text()
    recorded_page.click("#records-back")
    wait_phase(recorded_page, "choosing")
    for section in ("searches", "comments"):
        open_records(recorded_page, section, "#choices")
        recorded_page.click("#records-back")
        wait_phase(recorded_page, "choosing")

    assert dialogs == []
    assert recorded_page.locator("img").count() == 0
    assert recorded_page.evaluate("window.__xss === undefined")
    assert_clean(recorder)


def test_the_survey_hears_no_record_or_word_and_nothing_leaves_the_machine(
    recorded_page: Page, recorder: Recorder, site: Site, tmp_path: Path, sample: Path
) -> None:
    """Embedded: after browsing, searching and removing, every message to the survey is word-free."""
    tool = f"{site.url}index.html#embed=1&origin={site.origin}&pseudonym-key={KEY}"
    recorded_page.route(
        f"{site.origin}/__survey__.html",
        lambda route: route.fulfill(status=200, content_type="text/html", body=PARENT_PAGE % tool),
    )
    recorded_page.goto(f"{site.origin}/__survey__.html")
    frame: FrameLocator = recorded_page.frame_locator("#tool")
    frame.locator("body[data-worker=ready][data-phase=idle]").wait_for(
        state="attached", timeout=READY_TIMEOUT_MS
    )
    frame.locator("#file-input").set_input_files(sample)
    frame.locator("body[data-phase=usable]").wait_for(state="attached", timeout=READY_TIMEOUT_MS)
    frame.locator("#continue").click()
    word = "Zxqvbird"  # typed by the participant; also a word no record holds
    frame.locator("#search-all-query").fill("recipe")
    frame.locator("#search-all-query").press("Enter")
    inner = recorded_page.frames[1]
    settled(inner)
    seen = [row["fields"] for row in shown_rows(inner)]
    assert seen
    frame.locator("#records-body input[name=share-record]").first.uncheck()
    frame.locator("#records-remove-word").click()
    search(inner, word)
    frame.locator("#records-back").click()
    frame.locator("#create").click()
    frame.locator("body[data-phase=done]").wait_for(state="attached", timeout=READY_TIMEOUT_MS)
    frame.locator("#send").click()
    recorded_page.wait_for_function("window.messages.some(m => m.data.type === 'tiktok-export:ready')")
    posted = recorded_page.evaluate(
        "window.messages.map(m => ({type: m.data.type, receipt: m.data.receipt ?? null,"
        " summary: m.data.summary ?? null, findings: m.data.findings ?? null}))"
    )
    text = json.dumps(posted, ensure_ascii=False).casefold()
    assert "recipe" not in text
    assert word.casefold() not in text
    for fields in seen:
        for value in fields.values():
            if len(value) > 8 and not value[:4].isdigit():  # dates and short values may recur anywhere
                assert value.casefold() not in text
    for url in recorder.local:
        assert "recipe" not in url.casefold()
        assert word.casefold() not in url.casefold()
    assert recorder.foreign == []
    assert recorder.console_errors == []


# ---------------------------------------------------------------------------------------
# Everyone: axe, keyboard, phone, Dutch
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_records_view_passes_axe(
    chromium: Browser, recorder: Recorder, site: Site, sample: Path, scheme: str
) -> None:
    """A section with a removed row, a search across sections with a removed word: no violation."""
    context = chromium.new_context(color_scheme=scheme)  # type: ignore[arg-type]
    context.route("**/*", recorder.route)
    page = context.new_page()
    try:
        open_page(page, site)
        check_file(page, sample)
        page.click("#continue")
        page.check("input[name=drop-section][value=comments]")
        page.fill("#drop-from", "2026-01-01")
        page.fill("#drop-to", "2026-03-01")
        open_records(page, "searches", "#choices")
        page.locator("#records-body input[name=share-record]").nth(1).uncheck()
        found = {"section": axe_violations(page)}
        page.click("#records-back")
        page.fill("#search-all-query", "the")
        page.press("#search-all-query", "Enter")
        settled(page)
        page.click("#records-remove-word")
        page.locator("#records-words-list li").wait_for()
        settled(page)
        found["search"] = axe_violations(page)
    finally:
        context.close()
    assert {where: summarise(v) for where, v in found.items() if v} == {}
    assert recorder.foreign == []


def test_the_records_view_by_keyboard_alone(
    recorded_page: Page, recorder: Recorder, site: Site, sample: Path
) -> None:
    """Enter opens a section's records with focus on its heading; Space unticks; Escape goes back."""
    from .test_page import tab_to

    open_page(recorded_page, site, f"pseudonym-key={KEY}")
    assert check_file(recorded_page, sample) == "usable"
    opener = "#sections [data-open-records='searches']"
    tab_to(recorded_page, opener)
    recorded_page.keyboard.press("Enter")
    settled(recorded_page)
    assert recorded_page.evaluate("document.activeElement.id") == "records-title"
    tab_to(recorded_page, "#records-body input[name=share-record]")
    recorded_page.keyboard.press("Space")
    first = recorded_page.locator("#records-body tr").first
    assert first.get_attribute("data-removed") == "record"
    ring = recorded_page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert ring == "solid"
    recorded_page.keyboard.press("Escape")
    wait_phase(recorded_page, "usable")
    assert recorded_page.evaluate("(s) => document.activeElement.matches(s)", opener)
    assert_clean(recorder)


def test_the_records_view_on_a_phone_is_a_list_in_dutch(
    phone: Page, recorder: Recorder, site: Site, tmp_path: Path, sample: Path
) -> None:
    """At 375 px the rows are cards no wider than the screen, with each value labelled; Dutch texts."""
    from .test_page import NL

    open_page(phone, site, f"pseudonym-key={KEY}&lang=nl")
    check_file(phone, sample)
    phone.click("#continue")
    open_records(phone, "watch-history", "#choices")
    assert phone.locator("#records-title").text_content() == NL["records"]["title"].replace(
        "{section}", NL["sections"]["watch-history"]["title"]
    )
    widths = {"section": int(phone.evaluate("document.documentElement.scrollWidth"))}
    row = phone.locator("#records-body tr").first
    assert phone.evaluate("(el) => getComputedStyle(el).display", row.element_handle()) != "table-row"
    assert phone.locator("#records-table thead").bounding_box()["height"] <= 1  # type: ignore[index]
    label = phone.evaluate(
        "getComputedStyle(document.querySelector('#records-body td.cell-value'), '::before').content"
    )
    assert label.strip('"') == NL["fields"].get("Date", "Date")  # each value says which field it is
    phone.locator("#records-body tr").first.screenshot(path=str(tmp_path / "phone-row.png"))
    phone.click("#records-back")
    phone.fill("#search-all-query", "https://www.tiktok.com/@/video/7" + "1" * 60)
    phone.press("#search-all-query", "Enter")
    settled(phone)
    phone.fill("#records-query", "a")
    phone.press("#records-query", "Enter")
    phone.wait_for_function(
        "() => document.getElementById('records-status').dataset.count > '0'", timeout=60_000
    )
    settled(phone)
    widths["search"] = int(phone.evaluate("document.documentElement.scrollWidth"))
    assert {where: width for where, width in widths.items() if width > 375} == {}
    assert_clean(recorder)
