"""The participant page (site/index.html) in Debian's Chromium, end to end.

A generated export is picked the way a participant picks it; the page's numbers must be the
core's, wrong picks must say the right thing, the redacted download must be byte-identical to
the CLI's, hostile text must stay text, every step must pass axe and work by keyboard alone and
on a 375 px phone, and no request may leave 127.0.0.1.

The page's DOM contract (see site/app/main.mjs and render.mjs):
``body[data-step|data-phase|data-worker]``, rows ``[data-section-id][data-records][data-first]
[data-last]`` in ``#preview``, error boxes ``.finding[data-code]``, choices
``#choices li[data-choice]`` with ``input[name=drop-section][value=<id>]``, receipt rows
``#changes tr.change[data-section-id][data-action][data-rule][data-count]``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tiktok_export import api, synthetic
from tiktok_export.findings import CATALOGUE

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Dialog, FileChooser, FilePayload, Page, Route

    from .conftest import Recorder, Site

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
I18N = REPO / "site" / "i18n"
EN: dict[str, Any] = json.loads((I18N / "en.json").read_text(encoding="utf-8"))
NL: dict[str, Any] = json.loads((I18N / "nl.json").read_text(encoding="utf-8"))

READY_TIMEOUT_MS = 90_000
JOB_TIMEOUT_MS = 180_000
KEY = "00112233445566778899aabbccddeeff"
HOSTILE_NAME = "<img src=x onerror=window.__xss=1;alert(1)>.json"
CATEGORIES = ("contact", "identifier", "location", "device", "free-text", "other-people", "payment",
              "activity", "none", "unknown")  # fmt: skip
ACTIONS = ("keep", "drop", "pseudonymise", "scrub", "coarsen")
STUDY_POLICY: dict[str, Any] = json.loads(
    (Path(__file__).resolve().parents[2] / "site/examples/policies/example-study.json").read_text("utf-8")
)
"""The example policy the site ships: direct messages removed whole, some sections locked."""


# ---------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------


def write_zip(path: Path, spec: synthetic.ExportSpec) -> Path:
    with path.open("wb") as handle:
        synthetic.write_export_zip(spec, handle)
    return path


def write_json(path: Path, spec: synthetic.ExportSpec) -> Path:
    with path.open("wb") as handle:
        synthetic.write_export_json(spec, handle)
    return path


def open_page(page: Page, site: Site, fragment: str = "", query: str = "") -> None:
    """Load the page and wait until Python is ready in its worker."""
    page.goto(f"{site.url}index.html{query}{'#' + fragment if fragment else ''}")
    page.locator("body[data-worker=ready][data-phase=idle]").wait_for(
        state="attached", timeout=READY_TIMEOUT_MS
    )


def wait_phase(page: Page, *phases: str, timeout: int = JOB_TIMEOUT_MS) -> str:
    selector = ", ".join(f"body[data-phase={p}]" for p in phases)
    page.locator(selector).wait_for(state="attached", timeout=timeout)
    return str(page.evaluate("document.body.dataset.phase"))


def check_file(page: Page, pick: Path | FilePayload) -> str:
    """Pick a file and wait for the verdict; returns usable or unusable."""
    page.set_input_files("#file-input", pick)
    return wait_phase(page, "usable", "unusable")


def redact_through_page(page: Page, drop: list[str]) -> None:
    page.click("#continue")
    wait_phase(page, "choosing")
    for section in drop:
        page.check(f"input[name=drop-section][value={section}]")
    page.click("#create")
    wait_phase(page, "done")


def download(page: Page, button: str, target: Path) -> Path:
    with page.expect_download() as info:
        page.click(button)
    info.value.save_as(target)
    assert info.value.suggested_filename == target.name
    return target


def assert_clean(recorder: Recorder) -> None:
    """No request left 127.0.0.1 and nothing was logged as an error (CSP violations are)."""
    assert recorder.foreign == []
    assert recorder.console_errors == []


def english(key: str, **params: Any) -> str:
    node: Any = EN
    for part in key.split("."):
        node = node[part]
    text = str(node)
    for name, value in params.items():
        text = text.replace("{" + name + "}", f"{value:,}" if isinstance(value, int) else str(value))
    return text


def cli_redact(source: Path, out: Path, *args: str) -> Path:
    run = subprocess.run(
        [sys.executable, "-m", "tiktok_export", "redact", str(source), "-o", str(out), "--json", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return out


def keys_of(tree: Any, prefix: str = "") -> set[str]:
    if not isinstance(tree, dict):
        return {prefix}
    found: set[str] = set()
    for key, value in tree.items():
        found |= keys_of(value, f"{prefix}/{key}")
    return found


PLACEHOLDER = re.compile(r"\{([A-Za-z_][\w-]*)\}")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Serious and critical axe-core violations on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]

    results = Axe().run(page)
    violations: list[dict[str, Any]] = results.response["violations"]
    return [v for v in violations if v.get("impact") in {"serious", "critical"}]


def summarise(violations: list[dict[str, Any]]) -> list[str]:
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in violations]


@pytest.fixture(scope="module")
def small_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_zip(tmp_path_factory.mktemp("page") / "TikTok_Data.zip", synthetic.ExportSpec(seed=7))


@pytest.fixture(scope="module")
def big_json(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 60 MB: 20 s of work in the page, plenty of time to look at and cancel."""
    spec = synthetic.ExportSpec(seed=11, target_bytes=60_000_000)
    return write_json(tmp_path_factory.mktemp("big") / "user_data_tiktok.json", spec)


@pytest.fixture
def phone(chromium: Browser, recorder: Recorder) -> Iterator[Page]:
    """A 375 x 740 phone-sized page with the request recorder."""
    context: BrowserContext = chromium.new_context(viewport={"width": 375, "height": 740}, has_touch=True)
    context.route("**/*", recorder.route)
    page = context.new_page()
    page.on("console", lambda m: recorder.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: recorder.console_errors.append(str(error)))
    yield page
    context.close()


def serve_policy(page: Page, site: Site, document: dict[str, Any], path: str = "test-policy.json") -> None:
    """Answer a same-origin policy URL for this page only (the built site ships none)."""
    page.route(
        f"{site.origin}/{path}",
        lambda route: route.fulfill(status=200, content_type="application/json", body=json.dumps(document)),
    )


# ---------------------------------------------------------------------------------------
# The right file: the page shows the core's numbers
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "generation"),
    [("zip", "new"), ("json", "old")],
)
def test_a_valid_export_shows_the_cores_summary(
    recorded_page: Page, recorder: Recorder, site: Site, tmp_path: Path, kind: str, generation: str
) -> None:
    """Records and first/last dates per section on the page equal `tiktok-export summary --json`."""
    spec = synthetic.ExportSpec(seed=3, generation=generation, target_bytes=150_000)
    pick = (write_zip if kind == "zip" else write_json)(tmp_path / f"export.{kind}", spec)
    expected = api.check(pick).to_dict()["summary"]
    open_page(recorded_page, site)

    assert check_file(recorded_page, pick) == "usable"

    assert recorded_page.locator("#verdict[data-ok=true]").is_visible()
    assert recorded_page.locator("#result-title").text_content() == english("result.okTitle")
    shown = recorded_page.eval_on_selector_all(
        "#preview [data-section-id]",
        "els => els.map(e => ({id: e.dataset.sectionId, records: Number(e.dataset.records),"
        " first: e.dataset.first || null, last: e.dataset.last || null}))",
    )
    assert shown
    assert len(shown) == len(expected["sections"])
    by_id = {row["id"]: row for row in shown}
    for section in expected["sections"]:
        assert by_id[section["id"]] == {
            "id": section["id"],
            "records": section["records"],
            "first": section["first"],
            "last": section["last"],
        }
    # The visible numbers are the same numbers, formatted for people.
    for section in expected["sections"]:
        if section["records"]:
            cell = recorded_page.locator(f"#sections tr[data-section-id='{section['id']}'] .cell-records")
            assert cell.text_content() == f"{section['records']:,}"
    assert_clean(recorder)


# ---------------------------------------------------------------------------------------
# Wrong picks: the right message each
# ---------------------------------------------------------------------------------------


def _txt_zip(path: Path) -> Path:
    with path.open("wb") as handle:
        synthetic.write_txt_export_zip(handle)
    return path


def _other_zip(path: Path) -> Path:
    with path.open("wb") as handle:
        synthetic.write_other_platform_zip(handle)
    return path


def _truncated(path: Path) -> Path:
    data = synthetic.export_bytes(synthetic.ExportSpec(seed=5, target_bytes=30_000))
    path.write_bytes(data[: len(data) // 2])
    return path


def _empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


@pytest.mark.parametrize(
    ("make", "name", "code"),
    [
        (_txt_zip, "TikTok_Data_TXT.zip", "txt-export"),
        (_truncated, "user_data_tiktok.json", "truncated"),
        (_other_zip, "instagram-export.zip", "not-tiktok"),
        (_empty, "empty.json", "empty-file"),
    ],
)
def test_a_wrong_pick_gets_its_own_plain_message(
    recorded_page: Page, recorder: Recorder, site: Site, tmp_path: Path, make: Any, name: str, code: str
) -> None:
    """TXT export, cut-off JSON, another platform's zip, an empty file: each its own clear box."""
    pick: Path = make(tmp_path / name)
    finding = next(f for f in api.check(pick).to_dict()["findings"] if f["severity"] == "error")
    assert finding["code"] == code
    open_page(recorded_page, site)

    assert check_file(recorded_page, pick) == "unusable"

    box = recorded_page.locator(f"#findings .finding[data-code='{code}']")
    assert box.is_visible()
    assert recorded_page.locator("#findings .finding").count() == 1
    assert box.locator("h3").text_content() == english(f"findings.{code}.title")
    params = {**finding.get("params", {}), "line": finding["line"], "column": finding["column"]}
    assert box.locator(".finding-message").text_content() == english(f"findings.{code}.message", **params)
    assert english(f"findings.{code}.next") in (box.text_content() or "")
    assert recorded_page.locator("#continue").is_hidden()
    assert recorded_page.locator("#preview").is_hidden()
    text = recorded_page.locator("main").inner_text()
    assert "Traceback" not in text
    assert "Error:" not in text
    # Another file can be picked straight away.
    recorded_page.click("#again-result")
    wait_phase(recorded_page, "idle")
    assert_clean(recorder)


def test_a_file_picked_while_the_page_is_still_starting_is_checked(
    recorded_page: Page, recorder: Recorder, site: Site, small_zip: Path
) -> None:
    """The file input is in the page before its script listens to it (the language file and the
    policy load first): a pick made then is checked once the page is up, not lost with its
    change event (a quick participant, or a slow start as under a loaded CI machine)."""
    held: list[Route] = []
    # The start waits for the language file: held until the file is picked. (A lambda: Playwright
    # cannot take a bound builtin as a handler.)
    recorded_page.route(f"{site.origin}/i18n/en.json", lambda route: held.append(route))  # noqa: PLW0108
    recorded_page.goto(f"{site.url}index.html")
    while not held:
        recorded_page.wait_for_timeout(50)
    assert recorded_page.evaluate("document.body.dataset.phase") != "idle"
    recorded_page.set_input_files("#file-input", small_zip)
    held[0].fallback()  # on to the recorder's own handler, which serves it from 127.0.0.1
    assert wait_phase(recorded_page, "usable", "unusable") == "usable"
    assert recorded_page.locator("#preview").is_visible()
    assert_clean(recorder)


def test_a_missing_study_policy_blocks_the_pick(recorded_page: Page, recorder: Recorder, site: Site) -> None:
    """A policy URL that does not load never falls back to the default policy: nothing can be picked."""
    recorded_page.goto(f"{site.url}index.html#policy=no-such-policy.json")
    recorded_page.locator("body[data-phase=idle]").wait_for(state="attached", timeout=READY_TIMEOUT_MS)

    assert recorded_page.locator("#fatal .finding[data-code=policy-load]").is_visible()
    assert recorded_page.locator("#file-input").is_disabled()
    assert recorder.foreign == []
    # The 404 of the missing policy is the one expected console error.
    assert recorder.console_errors
    assert all("404" in error for error in recorder.console_errors)


# ---------------------------------------------------------------------------------------
# Redaction: byte-identical to the CLI
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("study_policy", [False, True], ids=["default-policy", "study-policy"])
def test_the_redacted_download_is_byte_identical_to_the_cli(
    recorded_page: Page, recorder: Recorder, site: Site, tmp_path: Path, small_zip: Path, study_policy: bool
) -> None:
    """With a fixed key and one section removed, download and receipt equal `tiktok-export redact`'s."""
    log_start = len(site.log)
    fragment = f"pseudonym-key={KEY}"
    cli_args = ["--pseudonym-key", KEY, "--drop", "searches"]
    if study_policy:
        serve_policy(recorded_page, site, STUDY_POLICY)
        fragment += "&policy=test-policy.json"
        policy_file = tmp_path / "policy.json"
        policy_file.write_text(json.dumps(STUDY_POLICY), encoding="utf-8")
        cli_args += ["--policy", str(policy_file)]
    open_page(recorded_page, site, fragment)
    assert check_file(recorded_page, small_zip) == "usable"

    if study_policy:  # the plan from the core drives what is locked and what may be removed
        assert (
            recorded_page.locator("#sections tr[data-section-id=direct-messages][data-policy=locked]").count()
            == 1
        )
        recorded_page.click("#continue")
        choice = recorded_page.locator("#choices li[data-section-id=direct-messages]")
        assert choice.get_attribute("data-choice") == "locked"
        assert choice.locator("input").count() == 0
        assert english("choices.locked") in (choice.text_content() or "")
        watch = recorded_page.locator("#choices li[data-section-id=watch-history]")
        assert watch.get_attribute("data-choice") == "kept"
        assert "Direct messages" in (
            recorded_page.locator("#share-summary .removed-line").text_content() or ""
        )
        recorded_page.click("#back")
        wait_phase(recorded_page, "usable")
    redact_through_page(recorded_page, ["searches"])

    page_file = download(recorded_page, "#download", tmp_path / "user_data_tiktok.redacted.json")
    page_receipt = download(
        recorded_page, "#download-receipt", tmp_path / "user_data_tiktok.redacted.receipt.json"
    )
    cli_file = cli_redact(small_zip, tmp_path / "cli.json", *cli_args)
    cli_receipt = tmp_path / "cli.json.receipt.json"

    assert page_file.read_bytes() == cli_file.read_bytes()
    assert page_receipt.read_bytes() == cli_receipt.read_bytes()
    receipt = json.loads(cli_receipt.read_text(encoding="utf-8"))
    assert receipt["choices"]["drop_sections"] == ["searches"]
    rows = recorded_page.eval_on_selector_all(
        "#changes tr.change",
        "els => els.map(e => [e.dataset.sectionId, e.dataset.action, e.dataset.rule,"
        " Number(e.dataset.count)])",
    )
    expected_rows = [[c["section"], c["action"], c["rule"], c["count"]] for c in receipt["changes"]]
    assert sorted(rows) == sorted(expected_rows)
    # The output's hash came from the hasher worker beside Python: the server served its script
    # and library (a worker's worker is not routed by Playwright, so the server's log tells).
    served = "".join(site.log[log_start:])
    assert '"GET /worker/hasher.js ' in served
    assert '"GET /hash-wasm/sha256.umd.min.js ' in served
    assert_clean(recorder)


FAKE_DIGEST = "ab" * 32
_ANSWER_AT_END = (
    "const parts = []; postMessage({ ready: true }); onmessage = ({ data }) => {"
    ' if (data === "end") postMessage(%s); else parts.push(data); };'
)
STAND_IN_HASHERS = {
    # A hasher that answers: its made-up digest must be what the receipt carries, and the Blob
    # it made of the chunks is the file handed over.
    "answers": _ANSWER_AT_END % f'{{ sha256: "{FAKE_DIGEST}", output: new Blob(parts) }}',
    # One whose hashing failed: Python hashes the Blob.
    "answers-without-a-digest": _ANSWER_AT_END % "{ sha256: null, output: new Blob(parts) }",
    # Hashers that lose the chunks (a digest without the Blob, or an error): Python redacts
    # again on its own, and its own digest is in the receipt.
    "loses-the-output": _ANSWER_AT_END % f'{{ sha256: "{FAKE_DIGEST}" }}',
    "reports-an-error": _ANSWER_AT_END % "{ error: true }",
    # Hashers that never start: Python works alone from the start.
    "throws": 'throw new Error("a hasher that cannot start");',
}


def _client_with_hasher(route: Route, hasher: str) -> None:
    """site/worker/client.mjs with its hasher swapped: a stand-in made from a blob: URL (a nested
    worker's own requests bypass Playwright's routing, so the hasher's URL is what changes)."""
    original = route.fetch().text()
    line = next(line for line in original.splitlines() if line.startswith("const HASHER_URL = "))
    if hasher == "missing":
        swapped = 'const HASHER_URL = new URL("./no-such-hasher.js", import.meta.url).href;'
    else:
        code = json.dumps(STAND_IN_HASHERS[hasher])
        blob = f'new Blob([{code}], {{ type: "text/javascript" }})'
        swapped = f"const HASHER_URL = URL.createObjectURL({blob});"
    route.fulfill(status=200, content_type="text/javascript", body=original.replace(line, swapped))


@pytest.mark.parametrize("hasher", [*STAND_IN_HASHERS, "missing"])
def test_the_receipt_carries_the_hasher_workers_digest_or_pythons_when_it_fails(
    recorded_context: BrowserContext,
    recorded_page: Page,
    recorder: Recorder,
    site: Site,
    tmp_path: Path,
    small_zip: Path,
    hasher: str,
) -> None:
    """The redacted output is made into a Blob and hashed in a worker beside Python's
    (site/worker/hasher.js). A stand-in hasher's Blob is the file handed over and its made-up
    digest ends up in the receipt, so both are what the hasher answered; a hasher that answers
    no digest, loses the output, reports an error, throws or is not there leaves Python to do
    what it did not: the file and receipt are then still exactly the CLI's."""
    recorded_context.route("**/worker/client.mjs", lambda route: _client_with_hasher(route, hasher))
    open_page(recorded_page, site, f"pseudonym-key={KEY}")
    assert check_file(recorded_page, small_zip) == "usable"
    redact_through_page(recorded_page, [])
    page_file = download(recorded_page, "#download", tmp_path / "user_data_tiktok.redacted.json")
    page_receipt = download(
        recorded_page, "#download-receipt", tmp_path / "user_data_tiktok.redacted.receipt.json"
    )
    cli_file = cli_redact(small_zip, tmp_path / "cli.json", "--pseudonym-key", KEY)
    cli_receipt = json.loads((tmp_path / "cli.json.receipt.json").read_text(encoding="utf-8"))
    receipt = json.loads(page_receipt.read_text(encoding="utf-8"))
    assert page_file.read_bytes() == cli_file.read_bytes()
    if hasher == "answers":
        assert receipt["output"]["sha256"] == FAKE_DIGEST
        receipt["output"]["sha256"] = cli_receipt["output"]["sha256"]
    assert receipt == cli_receipt
    assert recorder.foreign == []


def test_a_participant_date_range_reaches_the_core(
    recorded_page: Page, recorder: Recorder, site: Site, tmp_path: Path, small_zip: Path
) -> None:
    """The optional date range gives the same file as the CLI's --drop-dates."""
    open_page(recorded_page, site, f"pseudonym-key={KEY}")
    assert check_file(recorded_page, small_zip) == "usable"
    recorded_page.click("#continue")
    recorded_page.fill("#drop-from", "2025-06-01")
    recorded_page.fill("#drop-to", "2025-03-01")
    recorded_page.click("#create")
    assert recorded_page.locator("#dates-error").text_content() == english("choices.dates.order")
    assert recorded_page.evaluate("document.body.dataset.phase") == "choosing"
    recorded_page.fill("#drop-to", "2025-08-31")
    assert "1 Jun 2025" in (recorded_page.locator("#share-summary").text_content() or "")
    recorded_page.click("#create")
    wait_phase(recorded_page, "done")

    page_file = download(recorded_page, "#download", tmp_path / "user_data_tiktok.redacted.json")
    cli_file = cli_redact(
        small_zip, tmp_path / "cli.json", "--pseudonym-key", KEY, "--drop-dates", "2025-06-01..2025-08-31"
    )
    assert page_file.read_bytes() == cli_file.read_bytes()
    assert recorded_page.locator("#changes tr.change[data-rule='choices.drop_dates']").count() > 0
    assert_clean(recorder)


# ---------------------------------------------------------------------------------------
# Hostile strings
# ---------------------------------------------------------------------------------------


def test_hostile_strings_are_shown_as_text_and_run_nothing(
    recorded_page: Page, recorder: Recorder, site: Site
) -> None:
    """XSS payloads in messages, usernames, search terms and the file's name stay inert text."""
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    recorded_page.on("dialog", on_dialog)
    body = synthetic.export_bytes(synthetic.ExportSpec(seed=13, hostile=True, target_bytes=120_000))
    assert b"<img src=x onerror=alert(1)>" in body
    open_page(recorded_page, site)

    pick: FilePayload = {"name": HOSTILE_NAME, "mimeType": "application/json", "buffer": body}
    assert check_file(recorded_page, pick) == "usable"
    assert HOSTILE_NAME in (recorded_page.locator("#result-file").text_content() or "")
    for details in recorded_page.locator("#sections details").all():
        details.locator("summary").click()
    # The records view: hostile values as rows, as search results, and typed as a search.
    recorded_page.click("#sections [data-open-records=searches]")
    recorded_page.locator("#records-view[aria-busy=false] #records-body tr").first.wait_for()
    for text in ("onerror", HOSTILE_NAME):
        recorded_page.fill("#records-query", text)
        recorded_page.press("#records-query", "Enter")
        recorded_page.wait_for_function(
            "() => document.getElementById('records-view').getAttribute('aria-busy') === 'false'"
        )
    recorded_page.click("#records-back")
    wait_phase(recorded_page, "usable")
    redact_through_page(recorded_page, ["searches"])
    # And once more as an unusable file, whose name shows in the progress line.
    recorded_page.click("#again")
    broken: FilePayload = {
        "name": HOSTILE_NAME,
        "mimeType": "application/json",
        "buffer": body[: len(body) // 3],
    }
    assert check_file(recorded_page, broken) == "unusable"

    assert dialogs == []
    assert recorded_page.locator("img").count() == 0
    assert recorded_page.locator("img[src=x]").count() == 0
    assert recorded_page.evaluate("window.__xss === undefined")
    assert_clean(recorder)


# ---------------------------------------------------------------------------------------
# Accessibility, keyboard, phone
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_step_passes_axe(
    chromium: Browser, recorder: Recorder, site: Site, tmp_path: Path, small_zip: Path, scheme: str
) -> None:
    """axe-core finds no serious or critical violation at start, result, choices, done and on an error."""
    context = chromium.new_context(color_scheme=scheme)  # type: ignore[arg-type]
    context.route("**/*", recorder.route)
    page = context.new_page()
    try:
        open_page(page, site)
        page.click(".howto summary")
        found = {"start": axe_violations(page)}
        check_file(page, small_zip)
        page.click("#sections tr[data-section-id=login-history] summary")
        page.click("#empty-sections summary")
        found["result"] = axe_violations(page)
        page.click("#continue")
        page.check("input[name=drop-section][value=searches]")
        found["choices"] = axe_violations(page)
        page.click("#create")
        wait_phase(page, "done")
        found["done"] = axe_violations(page)
        page.click("#again")
        check_file(page, _truncated(tmp_path / "cut.json"))
        found["error"] = axe_violations(page)
    finally:
        context.close()
    assert {step: summarise(v) for step, v in found.items() if v} == {}
    assert recorder.foreign == []


def focused(page: Page) -> str:
    return str(page.evaluate("document.activeElement?.id || document.activeElement?.tagName || ''"))


def tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching ``selector`` has focus."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}; stuck at {focused(page)}")


def test_the_whole_flow_works_by_keyboard_alone(
    recorded_page: Page, recorder: Recorder, site: Site, tmp_path: Path, small_zip: Path
) -> None:
    """Tab, Enter and Space get from the file button to the download, with a visible focus ring."""
    choosers: list[FileChooser] = []

    def on_chooser(chooser: FileChooser) -> None:  # registered early: interception is then on
        choosers.append(chooser)
        chooser.set_files(small_zip)

    recorded_page.on("filechooser", on_chooser)
    open_page(recorded_page, site, f"pseudonym-key={KEY}")
    tab_to(recorded_page, "#file-input")
    ring = recorded_page.evaluate(
        "getComputedStyle(document.querySelector('label[for=file-input]')).outlineStyle"
    )
    assert ring == "solid", "the focused file input shows no focus ring on its label"
    recorded_page.keyboard.press("Enter")  # opens the picker (intercepted: see on_chooser above)
    recorded_page.wait_for_function("() => document.body.dataset.phase !== 'idle'", timeout=30_000)
    wait_phase(recorded_page, "usable")

    tab_to(recorded_page, "#sections tr[data-section-id=searches] summary")
    recorded_page.keyboard.press("Enter")
    assert (
        recorded_page.locator("#sections tr[data-section-id=searches] details").get_attribute("open")
        is not None
    )
    tab_to(recorded_page, "#continue")
    recorded_page.keyboard.press("Enter")
    wait_phase(recorded_page, "choosing")
    tab_to(recorded_page, "input[name=drop-section][value=searches]")
    recorded_page.keyboard.press("Space")
    assert recorded_page.locator("input[value=searches]").is_checked()
    tab_to(recorded_page, "#create")
    recorded_page.keyboard.press("Enter")
    wait_phase(recorded_page, "done")
    tab_to(recorded_page, "#download")
    with recorded_page.expect_download() as info:
        recorded_page.keyboard.press("Enter")
    info.value.save_as(tmp_path / "keyboard.json")
    cli_file = cli_redact(small_zip, tmp_path / "cli.json", "--pseudonym-key", KEY, "--drop", "searches")
    assert (tmp_path / "keyboard.json").read_bytes() == cli_file.read_bytes()
    tab_to(recorded_page, "#again")
    recorded_page.keyboard.press("Enter")
    wait_phase(recorded_page, "idle")
    assert_clean(recorder)


def test_a_file_dropped_on_the_page_is_checked(
    recorded_page: Page, recorder: Recorder, site: Site, small_zip: Path
) -> None:
    """Drag and drop onto the drop zone works like the file button."""
    open_page(recorded_page, site)
    recorded_page.evaluate(
        """(bytes) => {
          const file = new File([new Uint8Array(bytes)], "TikTok_Data.zip", { type: "application/zip" });
          const data = new DataTransfer();
          data.items.add(file);
          const zone = document.getElementById("dropzone");
          for (const type of ["dragenter", "dragover", "drop"]) {
            zone.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
          }
        }""",
        list(small_zip.read_bytes()),
    )
    assert wait_phase(recorded_page, "usable") == "usable"
    assert recorded_page.locator("#result-file").text_content() == "Your file: TikTok_Data.zip"
    assert_clean(recorder)


def test_nothing_scrolls_sideways_on_a_375_px_phone(
    phone: Page, recorder: Recorder, site: Site, tmp_path: Path, small_zip: Path
) -> None:
    """At 375 x 740 the page is never wider than the screen, at any step, even with a long file name."""
    widths: dict[str, int] = {}

    def measure(step: str) -> None:
        widths[step] = int(phone.evaluate("document.documentElement.scrollWidth"))

    open_page(phone, site)
    phone.click(".howto summary")
    measure("start")
    check_file(phone, small_zip)
    for details in phone.locator("#sections details").all():
        details.locator("summary").click()
    measure("result")
    phone.click("#continue")
    phone.fill("#drop-from", "2025-01-01")
    phone.fill("#drop-to", "2025-02-01")
    measure("choices")
    phone.click("#create")
    wait_phase(phone, "done")
    measure("done")
    phone.click("#again")
    long_name = "TikTok_Data_" + "x" * 120 + ".json"
    not_tiktok: FilePayload = {
        "name": long_name,
        "mimeType": "application/json",
        "buffer": b'{"not": "tiktok"}',
    }
    check_file(phone, not_tiktok)
    measure("error")

    assert {step: width for step, width in widths.items() if width > 375} == {}
    assert_clean(recorder)


# ---------------------------------------------------------------------------------------
# Progress and Cancel
# ---------------------------------------------------------------------------------------


def test_cancel_during_a_large_file_returns_to_the_start(
    recorded_page: Page, recorder: Recorder, site: Site, big_json: Path, small_zip: Path
) -> None:
    """A 60 MB export shows MB and records as it goes; Cancel stops it and the next file still works."""
    open_page(recorded_page, site)
    recorded_page.set_input_files("#file-input", big_json)
    wait_phase(recorded_page, "checking")
    text = recorded_page.locator("#progress-text")
    pattern = re.compile(r"^Read \d+\.\d of 60\.\d MB · [\d,]+ records checked$")
    recorded_page.wait_for_function(
        "() => /records checked$/.test(document.getElementById('progress-text').textContent)", timeout=60_000
    )
    assert pattern.match(text.text_content() or ""), text.text_content()
    value = recorded_page.evaluate("document.getElementById('progress').value")
    assert 0 < value < 1
    assert axe_violations(recorded_page) == []

    recorded_page.click("#cancel")
    wait_phase(recorded_page, "idle", timeout=10_000)
    assert recorded_page.locator("#start-note").text_content() == english("start.cancelled")

    assert check_file(recorded_page, small_zip) == "usable"
    assert_clean(recorder)


def test_a_file_picked_while_python_starts_waits_with_getting_ready(
    recorded_context: BrowserContext, recorder: Recorder, site: Site, small_zip: Path
) -> None:
    """Before Python is loaded the page says "Getting ready…", then checks the file once it is."""
    held: list[Route] = []

    def hold(route: Route) -> None:  # keep the core's bundle back until the test lets it go
        held.append(route)

    recorded_context.route(f"{site.origin}/py/app.zip", hold)
    page = recorded_context.new_page()
    page.goto(f"{site.url}index.html")
    wait_phase(page, "idle", timeout=READY_TIMEOUT_MS)
    assert page.evaluate("document.body.dataset.worker") == "starting"
    assert page.locator("#worker-status").text_content() == english("start.starting")

    page.set_input_files("#file-input", small_zip)
    wait_phase(page, "checking")
    assert page.locator("#progress-text").text_content() == english("progress.starting")
    assert page.locator("#progress").get_attribute("value") is None  # indeterminate
    for _ in range(READY_TIMEOUT_MS // 100):  # PyScript asks for the bundles once Pyodide is up
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the worker never asked for py/app.zip"
    assert page.evaluate("document.body.dataset.phase") == "checking"  # still waiting, not failed
    for route in held:
        route.fallback()

    assert wait_phase(page, "usable", "unusable") == "usable"
    assert recorder.foreign == []


def test_python_that_cannot_start_gets_a_plain_message(
    recorded_context: BrowserContext, recorder: Recorder, site: Site
) -> None:
    """If the worker cannot load Python, the participant reads what to do, not an exception."""
    recorded_context.route(f"{site.origin}/py/app.zip", lambda route: route.fulfill(status=404, body="gone"))
    page = recorded_context.new_page()
    page.goto(f"{site.url}index.html")
    page.locator("body[data-worker=failed]").wait_for(state="attached", timeout=READY_TIMEOUT_MS)

    box = page.locator("#fatal .finding[data-code=start-failed]")
    assert box.is_visible()
    assert box.locator("h3").text_content() == english("findings.start-failed.title")
    assert page.locator("#file-input").is_disabled()
    assert "HTTP" not in page.locator("main").inner_text()
    assert recorder.foreign == []


def test_a_file_changed_while_reading_gives_a_friendly_message(
    recorded_page: Page, recorder: Recorder, site: Site, tmp_path: Path, big_json: Path
) -> None:
    """A pick that becomes unreadable half-way (moved, changed) shows a plain box, never a traceback."""
    pick = tmp_path / "user_data_tiktok.json"
    pick.write_bytes(big_json.read_bytes())
    open_page(recorded_page, site)
    recorded_page.set_input_files("#file-input", pick)
    recorded_page.wait_for_function(
        "() => /records checked$/.test(document.getElementById('progress-text').textContent)", timeout=60_000
    )
    pick.write_bytes(b"{}")  # the browser's snapshot of the file no longer matches

    assert wait_phase(recorded_page, "unusable") == "unusable"
    codes = recorded_page.eval_on_selector_all("#findings .finding", "els => els.map(e => e.dataset.code)")
    assert codes in (["job-error"], ["unreadable"])
    text = recorded_page.locator("main").inner_text()
    for leak in ("Traceback", "JsException", "NotReadableError", "Error:"):
        assert leak not in text
    assert recorder.foreign == []


# ---------------------------------------------------------------------------------------
# Languages
# ---------------------------------------------------------------------------------------


def test_the_language_files_cover_every_code_category_action_and_section() -> None:
    """en.json and nl.json have the same keys and a text for every finding code, category, action, section."""
    schema = json.loads((REPO / "schemas" / "tiktok-export.schema.json").read_text(encoding="utf-8"))
    section_ids: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "x-section" in node:
                section_ids.add(node["x-section"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    assert section_ids
    assert keys_of(EN) == keys_of(NL)
    for dictionary in (EN, NL):
        for code, (_, template) in CATALOGUE.items():
            entry = dictionary["findings"][code]
            assert all(entry[part] for part in ("title", "message", "next")), code
            allowed = set(PLACEHOLDER.findall(template)) | {"line", "column", "count"}
            assert set(PLACEHOLDER.findall(entry["message"])) <= allowed, code
        assert set(CATEGORIES) <= set(dictionary["categories"])
        assert set(ACTIONS) <= set(dictionary["actions"])
        for section in section_ids:
            assert dictionary["sections"][section]["title"], section
            assert set(dictionary["sections"][section]["count"]) == {"one", "other"}, section


def test_dutch_with_a_language_switch_and_english_for_missing_keys(
    recorded_page: Page, recorder: Recorder, site: Site, tmp_path: Path
) -> None:
    """#lang=nl shows Dutch, the switcher goes to English, a key missing in Dutch shows English."""
    partial = json.loads(json.dumps(NL))
    del partial["start"]["choose"]
    del partial["findings"]["txt-export"]["title"]
    recorded_page.route(
        f"{site.origin}/i18n/nl.json",
        lambda route: route.fulfill(status=200, content_type="application/json", body=json.dumps(partial)),
    )
    open_page(recorded_page, site, "lang=nl")

    assert recorded_page.evaluate("document.documentElement.lang") == "nl"
    assert recorded_page.locator("h1").text_content() == NL["page"]["heading"]
    assert recorded_page.locator("label[for=file-input]").inner_text().strip() == EN["start"]["choose"]
    txt = tmp_path / "TikTok_Data.zip"
    check_file(recorded_page, _txt_zip(txt))
    box = recorded_page.locator(".finding[data-code=txt-export]")
    assert box.locator("h3").text_content() == EN["findings"]["txt-export"]["title"]
    assert box.locator(".finding-message").text_content() == NL["findings"]["txt-export"]["message"]

    recorded_page.click("#lang-switch button[data-lang=en]")
    assert recorded_page.evaluate("document.documentElement.lang") == "en"
    assert recorded_page.locator("h1").text_content() == EN["page"]["heading"]
    assert box.locator(".finding-message").text_content() == EN["findings"]["txt-export"]["message"]
    assert "lang=en" in recorded_page.url
    assert_clean(recorder)


# ---------------------------------------------------------------------------------------
# Sample and embedding
# ---------------------------------------------------------------------------------------


def test_the_sample_link_checks_a_synthetic_export_and_can_be_hidden(
    recorded_page: Page, recorder: Recorder, site: Site
) -> None:
    """The sample link runs the served synthetic export through the page; ?sample=0 hides it."""
    open_page(recorded_page, site)
    recorded_page.click("#sample-link")
    wait_phase(recorded_page, "usable")
    assert recorded_page.locator("#preview [data-section-id=watch-history]").count() == 1

    open_page(recorded_page, site, query="?sample=0")
    assert recorded_page.locator("#sample-link").is_hidden()
    assert_clean(recorder)


PARENT_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>survey</title></head>
<body><h1>Survey</h1><iframe id="tool" title="tool" src="%s"></iframe><script>
window.messages = [];
window.addEventListener("message", (event) => {
  if (event.source !== document.getElementById("tool").contentWindow) return;
  window.messages.push({origin: event.origin, data: event.data});
});
</script></body></html>"""


def test_embedded_it_reports_findings_and_sends_the_file_only_on_click(
    recorded_page: Page, recorder: Recorder, site: Site, tmp_path: Path, small_zip: Path
) -> None:
    """In an iframe: heights, the core's findings for a bad pick, the File only after "Send to the survey"."""
    tool = f"{site.url}index.html#embed=1&origin={site.origin}"
    recorded_page.route(
        f"{site.origin}/__survey__.html",
        lambda route: route.fulfill(status=200, content_type="text/html", body=PARENT_PAGE % tool),
    )
    recorded_page.goto(f"{site.origin}/__survey__.html")
    frame = recorded_page.frame_locator("#tool")
    frame.locator("body[data-worker=ready][data-phase=idle]").wait_for(
        state="attached", timeout=READY_TIMEOUT_MS
    )
    assert frame.locator("#sample-link").is_hidden()
    assert frame.locator("#embed-cancel").is_visible()

    def messages() -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = recorded_page.evaluate(
            "window.messages.map(m => ({origin: m.origin, type: m.data.type, height: m.data.height}))"
        )
        assert {m["origin"] for m in found} <= {site.origin}
        return found

    def types() -> list[str]:
        return [m["type"] for m in messages() if m["type"] != "tiktok-export:height"]

    # The survey sets an attribute late: embed.js changes only the fragment (no reload).
    recorded_page.evaluate(
        "(key) => { const tool = document.getElementById('tool'); tool.src += '&pseudonym-key=' + key; }",
        KEY,
    )
    heights = [m["height"] for m in messages() if m["type"] == "tiktok-export:height"]
    assert heights
    assert all(isinstance(h, int) and h > 0 for h in heights)

    # An unusable file: the survey hears of it (the core's value-free findings, nothing else).
    frame.locator("#file-input").set_input_files(_empty(tmp_path / "empty.json"))
    frame.locator("body[data-phase=unusable]").wait_for(state="attached", timeout=JOB_TIMEOUT_MS)
    recorded_page.wait_for_function("window.messages.some(m => m.data.type === 'tiktok-export:findings')")
    posted = recorded_page.evaluate(
        "window.messages.find(m => m.data.type === 'tiktok-export:findings').data"
    )
    expected = api.check(tmp_path / "empty.json").to_dict()
    assert posted["findings"] == expected["findings"]
    assert posted["summary"] is None  # no counts or dates of the contents without a click

    # A usable file, redacted: nothing until "Send to the survey", then the File and the core's dicts.
    frame.locator("#again-result").click()
    frame.locator("#file-input").set_input_files(small_zip)
    frame.locator("body[data-phase=usable]").wait_for(state="attached", timeout=JOB_TIMEOUT_MS)
    frame.locator("#continue").click()
    frame.locator("input[name=drop-section][value=searches]").check()
    frame.locator("#create").click()
    frame.locator("body[data-phase=done]").wait_for(state="attached", timeout=JOB_TIMEOUT_MS)
    assert types() == ["tiktok-export:findings"]
    assert frame.locator("#send").is_visible()
    assert "primary" not in (frame.locator("#download").get_attribute("class") or "")
    frame.locator("#send").click()
    recorded_page.wait_for_function("window.messages.some(m => m.data.type === 'tiktok-export:ready')")
    ready = recorded_page.evaluate(
        """async () => {
          const data = window.messages.find(m => m.data.type === 'tiktok-export:ready').data;
          return {isFile: data.file instanceof File, name: data.file.name, type: data.file.type,
                  text: await data.file.text(), receipt: data.receipt, summary: data.summary,
                  findings: data.findings};
        }"""
    )
    cli_file = cli_redact(small_zip, tmp_path / "cli.json", "--pseudonym-key", KEY, "--drop", "searches")
    assert ready["isFile"] is True
    assert ready["name"] == "user_data_tiktok.redacted.json"
    assert ready["type"] == "application/json"
    assert ready["text"].encode("utf-8") == cli_file.read_bytes()
    assert ready["receipt"] == json.loads((tmp_path / "cli.json.receipt.json").read_text(encoding="utf-8"))
    core = api.check(small_zip).to_dict()
    assert ready["summary"] == core["summary"]
    assert ready["findings"] == core["findings"]

    frame.locator("#embed-cancel").click()
    recorded_page.wait_for_function("window.messages.some(m => m.data.type === 'tiktok-export:cancel')")
    assert types() == ["tiktok-export:findings", "tiktok-export:ready", "tiktok-export:cancel"]
    assert recorder.foreign == []
    assert recorder.console_errors == []
