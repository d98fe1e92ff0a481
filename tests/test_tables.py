"""``tiktok-export tables``: typed tables per section from a folder of uploads, and the report.

Counts are checked against an independent source (``tiktok-export summary --json`` of each
upload), column names and types against the schema, and the bad-input rows against files
broken on purpose. The Dask path runs on a ``LocalCluster`` and must give the same tables.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from tiktok_export.schema_model import export_model
from tiktok_export.synthetic import ExportSpec, write_export_json
from tiktok_export.tables import PLACEHOLDER_DATES, _arrow_column, describe_tables, snake_case, table_layouts

from .conftest import REPO, run_cli
from .uploads import GENERATIONS, make_study, write_upload


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four uploads of every generation the generator knows."""
    folder = tmp_path_factory.mktemp("study")
    make_study(folder, 4, 80_000)
    return folder


@pytest.fixture(scope="module")
def tabulated(study: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The study's tables, made once by the real command on two processes."""
    out = tmp_path_factory.mktemp("tables") / "out"
    done = run_cli("tables", study, "-o", out, "--workers", "2")
    assert done.code == 0, done
    return out


def _table(out: Path, section: str) -> pa.Table:
    return pq.read_table(out / section)


def _receipt_hash(upload: Path) -> str:
    receipt = json.loads(Path(f"{upload}.receipt.json").read_text("utf-8"))
    return str(receipt["output"]["sha256"])


def test_counts_match_the_summary_of_each_upload(study: Path, tabulated: Path) -> None:
    """Per upload and section, the table's rows equal the records ``summary --json`` counts."""
    for upload in sorted(study.glob("p*.json")):
        if upload.name.endswith(".receipt.json"):
            continue
        done = run_cli("summary", upload, "--json")
        expected = {s["id"]: s["records"] for s in json.loads(done.stdout)["summary"]["sections"]}
        upload_id = _receipt_hash(upload)
        for section in table_layouts():
            if not (tabulated / section).is_dir():
                continue
            table = _table(tabulated, section)
            rows = pc.sum(pc.equal(table["upload"], upload_id)).as_py() or 0
            assert rows == expected.get(section, 0), (upload.name, section)


def test_columns_are_named_and_typed_from_the_schema(tabulated: Path) -> None:
    """Every described field is a column named after its canonical name; dates are timestamps."""
    layouts = table_layouts()
    for described in export_model().fields:
        layout = layouts.get(described.section)
        if layout is None or described.name in ("$key", "*") or layout.value_column:
            continue
        matching = [c for c in layout.columns if described.name in c.fields]
        if not matching:
            continue  # a field inside a list of objects, kept whole in its list's column
        assert matching[0].name in (
            snake_case(described.canonical),
            snake_case(described.canonical) + "_field",
        )
        if described.fmt == "date-time":
            assert matching[0].kind == "timestamp"
    watch = _table(tabulated, "watch-history")
    assert watch.schema.field("upload").type == pa.string()
    assert pa.types.is_timestamp(watch.schema.field("date").type)  # Parquet stores seconds as ms
    assert watch.num_rows > 0
    assert watch["date"].null_count == 0


def test_every_part_of_a_table_has_the_same_schema(tabulated: Path) -> None:
    """Parts written by different workers and uploads read as one dataset (DuckDB, pandas, Spark)."""
    for section in table_layouts():
        schemas = {str(pq.read_schema(part)) for part in (tabulated / section).glob("*.parquet")}
        assert len(schemas) == 1, section


def test_uploads_table_has_one_row_per_upload(study: Path, tabulated: Path) -> None:
    """The ``uploads`` table: receipt hash, policy, tool, counts and date ranges per upload."""
    uploads = pq.read_table(tabulated / "uploads.parquet").to_pylist()
    names = sorted(p.name for p in study.glob("p*.json") if not p.name.endswith(".receipt.json"))
    assert sorted(u["file"] for u in uploads) == names
    for row in uploads:
        assert row["ok"] is True
        assert row["upload"] == _receipt_hash(study / row["file"])
        assert row["policy_id"] == "tiktok-export-default"
        assert row["records"] == sum(json.loads(row["section_records"]).values())
        assert row["first"] <= row["last"]
        assert row["generation"]
    assert len({u["generation"] for u in uploads}) == min(len(GENERATIONS), 4)


def test_spellings_of_a_field_land_in_one_column(tmp_path: Path) -> None:
    """A record using another spelling (``x-field``) fills the same column; a placeholder date is null."""
    spelled = next(
        f
        for f in export_model().fields
        if f.section == "watch-history" and f.name != f.canonical and f.fmt != "date-time"
    )
    date_field = next(
        f for f in export_model().fields if f.section == "watch-history" and f.fmt == "date-time"
    )
    buffer = tmp_path / "raw.json"
    with buffer.open("wb") as handle:
        write_export_json(ExportSpec(seed=5, target_bytes=60_000), handle)
    document: dict[str, Any] = json.loads(buffer.read_text("utf-8"))
    videos = _find_list(document, date_field.canonical)
    videos[0] = {
        date_field.canonical: videos[0][date_field.canonical],
        spelled.name: "https://example.com/v/1",
    }
    videos[1][date_field.canonical] = sorted(PLACEHOLDER_DATES)[0]
    folder = tmp_path / "uploads"
    folder.mkdir()
    write_upload(folder, "spelled.json", document)
    out = tmp_path / "out"
    assert run_cli("tables", folder, "-o", out, "--sections", "watch-history").code == 0
    table = _table(out, "watch-history")
    column = snake_case(spelled.canonical)
    assert table[column].to_pylist()[0] == "https://example.com/v/1"
    assert table[column].null_count == 0
    assert table[snake_case(date_field.canonical)].null_count == 1
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "uploads.parquet", "watch-history"]


def _find_list(document: Any, date_key: str) -> list[dict[str, Any]]:
    """The watch history's list, found by shape (the longest list of dated objects)."""
    best: list[dict[str, Any]] = []
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            if node and all(isinstance(x, dict) and date_key in x for x in node) and len(node) > len(best):
                best = node
            stack.extend(node)
    return best


def _lists_of_objects(document: Any) -> list[list[dict[str, Any]]]:
    """Every list of three or more objects in a document."""
    found = []
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            if len(node) >= 3 and all(isinstance(x, dict) for x in node):
                found.append(node)
            stack.extend(node)
    return found


def test_dates_utc_suffix_placeholder_and_junk() -> None:
    """TikTok's `` UTC`` form parses, its placeholder date and non-dates are null."""
    values = ["2026-01-02 03:04:05 UTC", "1969-12-31 23:59:59", "N/A", None, 5, "2024-05-06 07:08:09"]
    array = _arrow_column(values, "timestamp", pa.timestamp("s"))
    assert [v.isoformat(sep=" ") if v else None for v in array.to_pylist()] == [
        "2026-01-02 03:04:05",
        None,
        None,
        None,
        None,
        "2024-05-06 07:08:09",
    ]


def test_bad_input_becomes_rows_and_leaves_no_half_tables(study: Path, tmp_path: Path) -> None:
    """A corrupt upload, a non-export, a changed file and an orphan are rows with reasons."""
    folder = tmp_path / "uploads"
    shutil.copytree(study, folder)
    corrupt = folder / "p00001.json"
    data = corrupt.read_bytes()[: len(corrupt.read_bytes()) // 2]
    corrupt.write_bytes(data)
    _rewrite_receipt(corrupt)
    other = folder / "other.json"
    other.write_text('{"platform": "elsewhere", "items": [1, 2, 3]}', "utf-8")
    shutil.copy(folder / "p00000.json.receipt.json", folder / "other.json.receipt.json")
    _rewrite_receipt(other)
    changed = folder / "p00002.json"
    changed.write_bytes(changed.read_bytes() + b" ")
    (folder / "orphan.json").write_text("{}", "utf-8")

    out = tmp_path / "out"
    done = run_cli("tables", folder, "-o", out, "--json")
    assert done.code == 1, done
    failed = {row["file"]: row["code"] for row in json.loads(done.stdout)["failed"]}
    assert failed == {
        "p00001.json": "truncated",
        "other.json": "not-tiktok",
        "p00002.json": "receipt-mismatch",
        "orphan.json": "no-receipt",
    }
    uploads = pq.read_table(out / "uploads.parquet").to_pylist()
    assert {u["file"]: u["ok"] for u in uploads}["p00000.json"] is True
    for row in uploads:
        assert row["ok"] or row["message"], row
    kept = {u["upload"] for u in uploads if u["ok"]}
    watch = _table(out, "watch-history")
    assert set(watch["upload"].to_pylist()) == kept
    leftovers = [p for p in out.rglob("*") if p.name.startswith(".")]
    assert leftovers == []


@pytest.mark.parametrize("how", ["truncated", "a bug"])
def test_an_upload_that_breaks_midway_leaves_none_of_its_rows_in_its_shared_parts(
    study: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """Uploads of a job share one part per section; one that fails after some of its rows were
    written (tiny row groups here) is taken out by writing the job again: every other upload's
    rows are all there, exactly as in a folder without the broken one, and none of its rows."""
    from tiktok_export import tables

    folder = tmp_path / "uploads"
    shutil.copytree(study, folder)
    names = sorted(p.name for p in folder.glob("p*.json") if not p.name.endswith(".receipt.json"))
    broken = folder / names[len(names) // 2]  # neither the first nor the last of its job
    broken_id = _receipt_hash(broken)
    if how == "truncated":
        data = broken.read_bytes()
        broken.write_bytes(data[: len(data) * 3 // 4])
        _rewrite_receipt(broken)
        broken_id = _receipt_hash(broken)
    else:
        write_records = tables._write_records

        def failing(upload: str, *args: Any) -> None:
            write_records(upload, *args)
            if Path(upload).name == broken.name:
                raise RuntimeError("planted after every row of the upload was written")

        monkeypatch.setattr(tables, "_write_records", failing)
    monkeypatch.setattr(tables, "BATCH_ROWS", 5)
    monkeypatch.setattr(tables, "JOBS_PER_WORKER", 1)  # one job: every upload shares its parts
    closes: list[bool] = []

    def noted(keep: bool) -> None:  # close is called with ``keep=`` as a keyword
        closes.append(keep)

    _spy(monkeypatch, tables._PartFiles, "close", noted)
    result = tables.build_tables([folder], tmp_path / "out", workers=1, report=False)
    rows = {row["file"]: row for row in result.uploads}
    assert rows[broken.name]["code"] == ("truncated" if how == "truncated" else "internal-error")
    assert sum(not keep for keep in closes) == 1  # the broken upload's job, written once more

    clean = tmp_path / "clean"
    shutil.copytree(folder, clean)
    (clean / broken.name).unlink()
    Path(f"{clean / broken.name}.receipt.json").unlink()
    monkeypatch.setattr(tables, "_write_records", tables._write_records)
    expected = tables.build_tables([clean], tmp_path / "expected", workers=1, report=False)
    assert all(row["ok"] for row in expected.uploads)
    assert result.tables == expected.tables
    watch = tmp_path / "out" / "watch-history"
    assert len(list(watch.glob("*.parquet"))) == 1  # the uploads did share their parts
    for section in table_layouts():
        if not (tmp_path / "expected" / section).is_dir():
            continue
        mine = _table(tmp_path / "out", section)
        assert broken_id not in set(mine["upload"].to_pylist()), section
        sort = [("upload", "ascending")]
        assert mine.sort_by(sort).equals(_table(tmp_path / "expected", section).sort_by(sort)), section
    assert [p for p in (tmp_path / "out").rglob("*") if p.name.startswith(".")] == []


def _spy(monkeypatch: pytest.MonkeyPatch, owner: type, name: str, note: Callable[..., object]) -> None:
    """Wrap the method ``owner.name`` so that each call's arguments (after ``self``) are handed
    to ``note`` first, as they were passed; the method still runs and returns as before."""
    original = getattr(owner, name)

    def spied(self: Any, *args: Any, **kwargs: Any) -> Any:
        note(*args, **kwargs)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(owner, name, spied)


def _rewrite_receipt(upload: Path) -> None:
    """A receipt that matches the file as it now is (so only the contents are wrong)."""
    import hashlib

    receipt_path = Path(f"{upload}.receipt.json")
    receipt = json.loads(receipt_path.read_text("utf-8"))
    data = upload.read_bytes()
    receipt["output"] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    receipt_path.write_text(json.dumps(receipt), "utf-8")


def test_csv_is_one_file_per_section_with_one_header(study: Path, tmp_path: Path) -> None:
    """``--format csv``: one CSV per section, rows of all uploads, the same columns as Parquet."""
    out = tmp_path / "csv"
    done = run_cli(
        "tables", study, "-o", out, "--format", "csv", "--sections", "watch-history", "--sections", "likes"
    )
    assert done.code == 0, done
    assert sorted(p.name for p in out.iterdir()) == [
        "likes.csv",
        "report.html",
        "uploads.csv",
        "watch-history.csv",
    ]
    table = pacsv.read_csv(out / "watch-history.csv")
    layout = table_layouts()["watch-history"]
    assert table.column_names == layout.names
    summed = 0
    for upload in study.glob("p*.json"):
        if not upload.name.endswith(".receipt.json"):
            done = run_cli("summary", upload, "--json")
            sections = json.loads(done.stdout)["summary"]["sections"]
            summed += next(s["records"] for s in sections if s["id"] == "watch-history")
    assert table.num_rows == summed


def test_dask_local_cluster_gives_the_same_tables(study: Path, tabulated: Path, tmp_path: Path) -> None:
    """``--dask local`` runs the same per-upload function on a LocalCluster: identical tables."""
    out = tmp_path / "dask"
    done = run_cli("tables", study, "-o", out, "--dask", "local", "--workers", "2")
    assert done.code == 0, done
    for section in table_layouts():
        if (tabulated / section).is_dir():
            mine = _table(out, section).sort_by([("upload", "ascending")])
            pool = _table(tabulated, section).sort_by([("upload", "ascending")])
            assert mine.equals(pool), section


def test_report_is_self_contained(tabulated: Path) -> None:
    """``report.html`` embeds its plots as SVG and loads nothing: no script, link or src."""
    page = (tabulated / "report.html").read_text("utf-8")
    assert page.count("<svg") >= 3
    for needle in ("<script", "<link", "src=", "<img", "@import", "<iframe"):
        assert needle not in page, needle
    assert re.search(r"url\((?!#)", page) is None  # only the SVGs' own clip paths
    assert "Records per section" in page


def test_unknown_section_is_a_usage_error(study: Path, tmp_path: Path) -> None:
    """``--sections`` with an id that has no table exits 2 and names it."""
    done = run_cli("tables", study, "-o", tmp_path / "out", "--sections", "no-such-section")
    assert done.code == 2
    assert "no-such-section" in done.stderr
    assert "Traceback" not in done.stderr


def test_readme_documents_every_table_and_the_commands() -> None:
    """The README's table list is the one the schema gives today, and both commands are in it."""
    readme = (REPO / "README.md").read_text("utf-8")
    block = readme.split("<!-- tables:begin -->\n", 1)[1].split("\n<!-- tables:end -->", 1)[0]
    assert block == describe_tables(), "run `python -m tiktok_export.tables` and paste it into the README"
    assert "tiktok-export tables" in readme
    assert "tiktok-export verify FOLDER" in readme
    for command in ("tables", "verify"):
        done = run_cli(command, "--help")
        assert done.code == 0, done
        assert "Example" in done.stdout


def test_fast_path_gives_the_same_tables_as_the_walker(
    study: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typed batches (msgspec) and the walker's records make identical tables, row for row.

    Small windows and row groups make many batches and cut them across row groups; a record
    the typed decode refuses (a key the schema does not know) in the middle of the watch
    history hands the rest of that list back to the walker, so one row group mixes both.
    """
    from tiktok_export import fastpath, tables

    date_field = next(
        f for f in export_model().fields if f.section == "watch-history" and f.fmt == "date-time"
    )
    folder = tmp_path / "uploads"
    shutil.copytree(study, folder)
    mixed = write_upload(folder, "mixed.json", generation="new", seed=11, target_bytes=120_000)
    # planted after redaction (the redactor would drop the key): the upload as a file may hold it
    document: dict[str, Any] = json.loads(mixed.read_text("utf-8"))
    videos = _find_list(document, date_field.canonical)
    assert len(videos) > 40
    videos[len(videos) // 2 + 1][date_field.canonical] += " UTC"
    for records in _lists_of_objects(document):  # every list goes back to the walker midway
        records[len(records) // 2]["NotInTheSchema"] = "x"
    mixed.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    _rewrite_receipt(mixed)

    monkeypatch.setattr(tables, "BATCH_ROWS", 7)
    monkeypatch.setattr(fastpath, "WINDOW", 64)  # about a record per batch
    typed: list[int] = []
    _spy(monkeypatch, tables._TypedLists, "batch", lambda fast, structs, *_: typed.append(len(structs)))
    handed_back: list[int] = []
    _spy(monkeypatch, tables._TypedLists, "hand_back", handed_back.append)
    made: dict[bool, Path] = {}
    for enabled in (True, False):
        monkeypatch.setattr(fastpath, "ENABLED", enabled)
        made[enabled] = tmp_path / f"fast-{enabled}"
        result = tables.build_tables([folder], made[enabled], workers=1, report=False)
        assert all(row["ok"] for row in result.uploads)
        if enabled:  # most records came typed, and the walker still had some to hand over
            assert 0.5 * sum(result.tables.values()) < sum(typed) < sum(result.tables.values())
            assert any(done > 0 for done in handed_back)  # a list went back to the walker midway
    uploads = [pq.read_table(made[enabled] / "uploads.parquet") for enabled in (True, False)]
    assert uploads[0].equals(uploads[1])
    for section in table_layouts():
        parts = sorted(p.name for p in (made[False] / section).glob("*.parquet"))
        assert sorted(p.name for p in (made[True] / section).glob("*.parquet")) == parts, section
        for part in parts:
            fast = pq.ParquetFile(made[True] / section / part)
            slow = pq.ParquetFile(made[False] / section / part)
            assert fast.read().equals(slow.read()), (section, part)
            sizes = [fast.metadata.row_group(i).num_rows for i in range(fast.num_row_groups)]
            assert sizes == [slow.metadata.row_group(i).num_rows for i in range(slow.num_row_groups)]
