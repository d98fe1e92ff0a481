"""The ``tiktok-export`` command: the same core as the page, for researchers.

Commands parse their arguments, call :mod:`tiktok_export.api`, and hand the result to a
reporter (text for people, ``--json`` for scripts). Exit codes: 0 the file is fine,
1 the file has errors, 2 usage error, unreadable input or unwritable output.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

import click

from . import __version__, api
from .findings import Severity
from .pipeline import Progress, Result
from .policy import ChoiceError, Choices, Policy, PolicyError
from .schema_model import export_model

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2

_SEVERITY_MARK = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}


@contextmanager
def _progress_bar(enabled: bool, label: str) -> Iterator[Progress | None]:
    """A terminal progress bar over bytes read, or nothing when not on a terminal."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=1, label=label, file=sys.stderr, show_percent=True) as bar:

        def update(done: int, total: int, records: int) -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)
            bar.label = f"{label} ({records:,} records)"

        yield update


def _print_findings(result: Result) -> None:
    verdict = "ready" if result.ok else "cannot be used as it is"
    click.echo(f"{result.file}: {verdict}")
    for finding in result.findings:
        count = f" (\u00d7{finding.count})" if finding.count > 1 else ""
        click.echo(f"  {_SEVERITY_MARK[finding.severity]:<7} {finding.code}{count}  {finding.location}")
        click.echo(f"          {finding.message}")


def _print_summary(result: Result) -> None:
    summary = result.summary
    if summary is None:
        return
    rows = [("Section", "Records", "First", "Last", "Personal data", "Share")]
    for section in summary["sections"]:
        personal = [c for c in section["categories"] if c not in ("activity", "none")]
        rows.append(
            (
                section["title"],
                f"{section['records']:,}",
                (section["first"] or "-")[:10],
                (section["last"] or "-")[:10],
                ", ".join(personal) or "-",
                f"{section['share'] * 100:.1f}%",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    totals = summary["totals"]
    click.echo(
        f"\n{totals['records']:,} records in {totals['sections']} sections, "
        f"{(totals['first'] or '-')[:10]} to {(totals['last'] or '-')[:10]}"
    )


def _emit(result: Result, as_json: bool, with_summary: bool) -> None:
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    _print_findings(result)
    if with_summary and result.summary is not None:
        click.echo()
        _print_summary(result)


def _exit_code(result: Result) -> int:
    if any(f.code in ("unreadable", "output-unwritable") for f in result.findings):
        return EXIT_USAGE  # not the file's fault: the machine could not read or write it
    return EXIT_OK if result.ok else EXIT_ERRORS


_FILE = click.Path(exists=True, dir_okay=False, readable=True, path_type=Path)
_JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print the machine-readable result.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tiktok-export")
def main() -> None:
    """Check, preview and redact a TikTok data export before it is shared with a study.

    \b
    Examples:
      tiktok-export validate user_data_tiktok.json
      tiktok-export summary TikTok_Data.zip --json
      tiktok-export redact TikTok_Data.zip -o redacted.json --drop direct-messages
      tiktok-export verify redacted.json redacted.json.receipt.json
      tiktok-export sample -o sample.zip --size 5MB

    Exit codes: 0 fine, 1 the file has errors, 2 usage error, unreadable input or unwritable output.
    """


@main.command()
@click.argument("file", type=_FILE)
@click.option(
    "--policy", "policy_path", type=_FILE, help="A study's policy: its required_sections must hold records."
)
@_JSON_OPTION
def validate(file: Path, policy_path: Path | None, as_json: bool) -> None:
    """Say whether FILE (the .zip from TikTok or the .json inside) can be used.

    \b
    Examples:
      tiktok-export validate TikTok_Data.zip
      tiktok-export validate user_data_tiktok.json --json | jq '.findings[].code'
      tiktok-export validate TikTok_Data.zip --policy my-study.json
    """
    try:
        policy = Policy.load(policy_path) if policy_path else None
    except PolicyError as problem:
        raise click.UsageError(f"policy {policy_path}: {problem}") from None
    with _progress_bar(not as_json, "Checking") as progress:
        result = api.check(file, progress=progress, policy=policy)
    _emit(result, as_json, with_summary=False)
    sys.exit(_exit_code(result))


@main.command()
@click.argument("file", type=_FILE)
@_JSON_OPTION
def summary(file: Path, as_json: bool) -> None:
    """Show what FILE holds: sections, records, date range, personal data.

    \b
    Examples:
      tiktok-export summary TikTok_Data.zip
      tiktok-export summary user_data_tiktok.json --json | jq '.summary.sections[] | {id, records}'
    """
    with _progress_bar(not as_json, "Reading") as progress:
        result = api.check(file, progress=progress)
    _emit(result, as_json, with_summary=True)
    sys.exit(_exit_code(result))


def _parse_dates(ranges: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    pairs = []
    for text in ranges:
        start, sep, end = text.partition("..")
        if not sep:
            raise click.BadParameter(f"'{text}' is not FROM..TO", param_hint="--drop-dates")
        pairs.append((start.strip(), end.strip()))
    return tuple(pairs)


def _parse_records(texts: tuple[str, ...]) -> frozenset[tuple[str, int]]:
    records = set()
    for text in texts:
        section, sep, index = text.rpartition(":")
        if not sep or not section or not index.isdigit():
            raise click.BadParameter(f"'{text}' is not SECTION:INDEX", param_hint="--drop-record")
        records.add((section, int(index)))
    return frozenset(records)


def _parse_matching(texts: tuple[str, ...]) -> tuple[tuple[str | None, str], ...]:
    """``TEXT`` everywhere, or ``SECTION:TEXT`` when the part before the colon is a section id."""
    known = export_model().sections
    matching: list[tuple[str | None, str]] = []
    for text in texts:
        section, sep, word = text.partition(":")
        matching.append((section, word) if sep and section in known else (None, text))
    return tuple(matching)


def _choices(
    policy: Policy,
    drop_sections: tuple[str, ...],
    drop_dates: tuple[str, ...],
    drop_records: tuple[str, ...],
    drop_matching: tuple[str, ...],
) -> Choices:
    """The participant's choices as the page makes them, from the command line."""
    try:
        choices = Choices(
            frozenset(drop_sections),
            _parse_dates(drop_dates),
            _parse_records(drop_records),
            _parse_matching(drop_matching),
        )
        choices.check(policy)
    except ChoiceError as problem:
        raise click.UsageError(str(problem)) from None
    return choices


def _load_policy(policy_path: Path | None) -> Policy:
    try:
        return Policy.load(policy_path) if policy_path else Policy.default()
    except PolicyError as problem:
        raise click.UsageError(f"policy {policy_path}: {problem}") from None


def _choice_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The participant's choices, shared by ``redact`` and ``records``."""
    options = [
        click.option(
            "--drop",
            "drop_sections",
            multiple=True,
            metavar="SECTION",
            help="Also remove this section (id as in `summary --json`); repeatable.",
        ),
        click.option(
            "--drop-dates",
            "drop_dates",
            multiple=True,
            metavar="FROM..TO",
            help="Also remove records dated in this range (YYYY-MM-DD..YYYY-MM-DD); repeatable.",
        ),
        click.option(
            "--drop-record",
            "drop_records",
            multiple=True,
            metavar="SECTION:INDEX",
            help="Also remove one record: its section id and its position in the section (from 0, "
            "as `records` shows it); repeatable.",
        ),
        click.option(
            "--drop-matching",
            "drop_matching",
            multiple=True,
            metavar="TEXT|SECTION:TEXT",
            help="Also remove every record whose shared form contains TEXT (any case), everywhere "
            "or in one section; repeatable.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _parse_key(text: str | None) -> bytes | None:
    if text is None:
        return None
    try:
        key = bytes.fromhex(text)
    except ValueError:
        raise click.BadParameter("must be hexadecimal", param_hint="--pseudonym-key") from None
    if len(key) < 16:
        raise click.BadParameter("must be at least 16 bytes (32 hex digits)", param_hint="--pseudonym-key")
    return key


@contextmanager
def _atomic_output(path: Path) -> Iterator[tuple[BinaryIO, list[bool]]]:
    """Write to a temporary file beside ``path``; keep it only if the caller marks success."""
    directory = path.resolve().parent
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed and renamed below
        dir=directory, prefix=".tiktok-export-", suffix=".part", delete=False
    )
    success = [False]
    try:
        yield handle, success  # type: ignore[misc]
    finally:
        handle.close()
        if success[0]:
            os.replace(handle.name, path)
        else:
            os.unlink(handle.name)


@main.command()
@click.argument("file", type=_FILE)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to write the redacted export (JSON).",
)
@click.option(
    "--policy",
    "policy_path",
    type=_FILE,
    help="Redaction policy (JSON); default: the conservative built-in one.",
)
@_choice_options
@click.option(
    "--receipt",
    "receipt_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the receipt (default: OUTPUT.receipt.json).",
)
@click.option(
    "--pseudonym-key",
    "key_hex",
    metavar="HEX",
    help="Fixed pseudonym key for reproducible runs; default: a fresh random key per export, never stored.",
)
@_JSON_OPTION
def redact(
    file: Path,
    output: Path,
    policy_path: Path | None,
    drop_sections: tuple[str, ...],
    drop_dates: tuple[str, ...],
    drop_records: tuple[str, ...],
    drop_matching: tuple[str, ...],
    receipt_path: Path | None,
    key_hex: str | None,
    as_json: bool,
) -> None:
    """Write a redacted copy of FILE and a receipt of what was removed.

    \b
    Examples:
      tiktok-export redact TikTok_Data.zip -o redacted.json
      tiktok-export redact TikTok_Data.zip -o out.json --policy study.json --drop searches
      tiktok-export redact export.json -o out.json --drop-dates 2024-01-01..2024-01-31
      tiktok-export redact export.json -o out.json --drop-record searches:12 --drop-matching Amsterdam
    """
    policy = _load_policy(policy_path)
    choices = _choices(policy, drop_sections, drop_dates, drop_records, drop_matching)
    key = _parse_key(key_hex)
    receipt_path = receipt_path or output.with_name(output.name + ".receipt.json")
    with _atomic_output(output) as (handle, success), _progress_bar(not as_json, "Redacting") as progress:
        result = api.redact(
            file, handle, policy=policy, choices=choices, pseudonym_key=key, progress=progress
        )
        success[0] = result.ok
    if result.ok and result.receipt is not None:
        receipt_path.write_text(json.dumps(result.receipt, indent=2, ensure_ascii=False) + "\n", "utf-8")
    _emit(result, as_json, with_summary=False)
    if not as_json and result.ok and result.receipt is not None:
        _print_changes(result.receipt, output, receipt_path)
    sys.exit(_exit_code(result))


def _print_changes(receipt: dict[str, Any], output: Path, receipt_path: Path) -> None:
    click.echo(f"\nWrote {output} ({receipt['output']['bytes']:,} bytes) and {receipt_path}.")
    changes = receipt["changes"]
    if not changes:
        click.echo("Nothing needed to be removed.")
        return
    click.echo("Removed or transformed:")
    for row in changes:
        click.echo(f"  {row['action']:<12} {row['count']:>8,}  {row['path']}  ({row['rule']})")


@main.command(name="records")
@click.argument("file", type=_FILE)
@click.option("--section", metavar="SECTION", help="Section id as in `summary --json`.")
@click.option(
    "--search", "query", default="", metavar="TEXT", help="Only records whose shared form holds TEXT."
)
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True, help="Page, from 1.")
@click.option("--per-page", type=click.IntRange(min=1, max=500), default=50, show_default=True)
@click.option(
    "--policy", "policy_path", type=_FILE, help="Redaction policy (JSON); default: the built-in one."
)
@_choice_options
@click.option("--pseudonym-key", "key_hex", metavar="HEX", help="The key the redaction will use.")
@_JSON_OPTION
def records_command(
    file: Path,
    section: str | None,
    query: str,
    page: int,
    per_page: int,
    policy_path: Path | None,
    drop_sections: tuple[str, ...],
    drop_dates: tuple[str, ...],
    drop_records: tuple[str, ...],
    drop_matching: tuple[str, ...],
    key_hex: str | None,
    as_json: bool,
) -> None:
    """Show FILE's records as they will be shared, newest first, a page at a time.

    Each row is marked when the choices remove it. The INDEX shown is what
    `redact --drop-record SECTION:INDEX` takes. Without --pseudonym-key, pseudonyms are
    made with a fresh key and differ from any other run.

    \b
    Examples:
      tiktok-export records export.zip --section searches
      tiktok-export records export.zip --search amsterdam --json
    """
    policy = _load_policy(policy_path)
    choices = _choices(policy, drop_sections, drop_dates, drop_records, drop_matching)
    if section is None and not query.strip():
        raise click.UsageError("give a --section, a --search word, or both")
    total = order = places = None
    if section is not None:  # the section's size, order and places: its newest page, an early stop
        checked = api.check(file)
        found = next((s for s in (checked.summary or {}).get("sections", []) if s["id"] == section), None)
        if found is not None:
            total, order, places = found["records"], found["order"], len(found["paths"])
    answer = api.records(
        file,
        policy=policy,
        choices=choices,
        pseudonym_key=_parse_key(key_hex),
        section=section,
        query=query,
        page=page - 1,
        per_page=per_page,
        total=total,
        order=order,
        places=places,
    )
    if as_json:
        click.echo(json.dumps(answer, indent=2, ensure_ascii=False))
    elif not answer["ok"]:
        click.echo(f"error: {answer.get('error', {}).get('message', 'the file could not be read')}", err=True)
    else:
        count = answer["count"]
        pages = answer["pages"] or "?"
        click.echo(f"{count if count is not None else '?'} record(s); page {page} of {pages}")
        for row in answer["rows"]:
            mark = f"  [removed: {row['removed']}]" if row["removed"] else ""
            record = json.dumps(row["record"], ensure_ascii=False)
            click.echo(f"{row['section']}:{row['index']}{mark}  {record}")
    sys.exit(EXIT_OK if answer["ok"] else EXIT_ERRORS)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@_JSON_OPTION
@click.option("--workers", type=click.IntRange(min=1), help="Processes to use (default: all cores).")
def verify(paths: tuple[Path, ...], as_json: bool, workers: int | None) -> None:
    """Check uploads against their receipts: one REDACTED RECEIPT pair, or FOLDERs and FILEs.

    Each upload's hash and size must match its receipt, the file must be a valid export,
    and nothing the receipt's policy removes may be present. Given folders or several
    files, uploads are paired with receipts by name (X.json + X.json.receipt.json or
    X.receipt.json) or by the receipt's output hash; prints one line per upload and the
    totals. Uploads without a receipt, receipts without an upload and duplicates are
    reported by name. Exit 1 if any upload fails.

    \b
    Examples:
      tiktok-export verify upload.json upload.json.receipt.json
      tiktok-export verify uploads/
      tiktok-export verify uploads/ --json | jq '.uploads[] | select(.ok | not)'
    """
    if len(paths) == 2 and all(p.is_file() for p in paths) and _is_receipt_pair(*paths):
        _verify_one(*paths, as_json)  # exits
        return
    from . import batch_verify
    from .fanout import run_map

    pairs = batch_verify.pair_uploads(paths)
    with _byte_bar(not as_json, "Verifying") as progress:
        rows = run_map(
            batch_verify.verify_pair,
            pairs,
            [p.size if p.problem is None else 0 for p in pairs],
            on_error=_failed_row,
            workers=workers,
            progress=progress,
        )
    totals = batch_verify.totals(rows)
    if as_json:
        click.echo(json.dumps({"ok": totals["failed"] == 0, "uploads": rows, "totals": totals}, indent=2))
    else:
        for row in rows:
            mark = "ok    " if row["ok"] else "FAILED"
            why = "" if row["ok"] else f"  {row['code']}: {row['message']}"
            click.echo(f"{mark} {row['file'] or row['receipt']}{why}")
        extra = ", ".join(f"{k} {v}" for k, v in totals.items() if k not in ("uploads", "ok", "failed"))
        click.echo(
            f"\n{totals['uploads']} uploads: {totals['ok']} ok, {totals['failed']} failed"
            + (f" ({extra})" if extra else "")
        )
    sys.exit(EXIT_OK if totals["failed"] == 0 else EXIT_ERRORS)


def _is_receipt_pair(first: Path, second: Path) -> bool:
    """The one-pair form ``verify REDACTED RECEIPT``: the second file is a receipt, however named."""
    if first.name.endswith(".receipt.json"):
        return False
    if second.name.endswith(".receipt.json"):
        return True
    if second.stat().st_size > 16 * 1024**2:  # receipts are small; this is another upload
        return False
    try:
        document = json.loads(second.read_bytes())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return True  # _verify_one says it is not a receipt
    return isinstance(document, dict) and "output" in document and "policy" in document


def _verify_one(redacted: Path, receipt: Path, as_json: bool) -> None:
    try:
        document = json.loads(receipt.read_text("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise click.UsageError(f"{receipt} is not a JSON receipt") from None
    result = api.verify(redacted, document)
    _emit(result, as_json, with_summary=False)
    sys.exit(_exit_code(result))


def _failed_row(pair: Any, kind: str) -> dict[str, Any]:
    row: dict[str, Any] = pair.row()
    row.update(ok=False, code="internal-error", message=f"The tool failed on this upload ({kind}).")
    return row


@contextmanager
def _byte_bar(enabled: bool, label: str) -> Iterator[Callable[[int, int], None] | None]:
    """One terminal progress bar over the bytes of all uploads, or nothing off a terminal."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=1, label=label, file=sys.stderr, show_percent=True) as bar:

        def update(done: int, total: int) -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        yield update


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for the tables.",
)
@click.option("--format", "fmt", type=click.Choice(["parquet", "csv"]), default="parquet", show_default=True)
@click.option(
    "--sections", "sections", multiple=True, metavar="SECTION", help="Only these sections (ids); repeatable."
)
@click.option("--workers", type=click.IntRange(min=1), help="Processes to use (default: all cores).")
@click.option(
    "--dask",
    "dask",
    metavar="SCHEDULER|local",
    help="Run on a Dask cluster (scheduler address, or 'local' for a LocalCluster); needs the dask extra.",
)
@_JSON_OPTION
def tables(
    paths: tuple[Path, ...],
    output: Path,
    fmt: str,
    sections: tuple[str, ...],
    workers: int | None,
    dask: str | None,
    as_json: bool,
) -> None:
    """Turn FOLDERs/FILEs of uploads and receipts into one table per section, plus a report.

    Writes OUTPUT/<section>/<upload>.parquet (one dataset per section) or OUTPUT/<section>.csv,
    OUTPUT/uploads.* (one row per upload, with why one failed) and OUTPUT/report.html.
    Exit 1 if any upload could not be tabulated.

    \b
    Examples:
      tiktok-export tables uploads/ -o study/
      tiktok-export tables uploads/ -o study/ --format csv --sections watch-history --sections likes
      tiktok-export tables uploads/ -o study/ --dask tcp://scheduler:8786
    """
    # Looked up, not imported: the imports happen where they are used (some beside the work).
    if importlib.util.find_spec("matplotlib") is None or importlib.util.find_spec("pyarrow") is None:
        raise click.UsageError(  # pragma: no cover - the extra is missing
            "tables needs the tables extra: pip install 'tiktok-export[tables]'"
        )
    from . import tables as tables_module

    tables_module.own_process()  # this process exits after the tables: pyarrow needs no pandas here
    if dask is not None:
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise click.UsageError("--dask needs the dask extra: pip install 'tiktok-export[dask]'") from None
    try:
        with _byte_bar(not as_json, "Tabulating") as progress:
            result = tables_module.build_tables(
                paths,
                output,
                fmt=fmt,
                sections=sections or None,
                workers=workers,
                dask=dask,
                progress=progress,
            )
    except ValueError as problem:
        raise click.UsageError(str(problem)) from None
    failed = [row for row in result.uploads if not row["ok"]]
    if as_json:
        summary = {
            "ok": not failed,
            "out": str(result.out),
            "tables": result.tables,
            "uploads": len(result.uploads),
            "failed": [{k: row[k] for k in ("file", "receipt", "code", "message")} for row in failed],
        }
        click.echo(json.dumps(summary, indent=2, default=str))
    else:
        for section, rows in result.tables.items():
            click.echo(f"  {section:<24} {rows:>12,} rows")
        for row in failed:
            click.echo(f"FAILED {row['file'] or row['receipt']}  {row['code']}: {row['message']}")
        click.echo(
            f"\n{len(result.uploads) - len(failed)} of {len(result.uploads)} uploads tabulated into {output}"
            f" (report: {output / 'report.html'})"
        )
    sys.exit(EXIT_OK if not failed else EXIT_ERRORS)


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--size", default="1MB", show_default=True, help="Approximate size, e.g. 500KB, 100MB.")
@click.option(
    "--generation",
    type=click.Choice(["2021", "2023", "2024", "2025", "2026", "old", "new"]),
    default="new",
    show_default=True,
    help="Layout of TikTok's JSON to copy: a year, or old/new (the first two layouts, kept for scripts).",
)
@click.option("--format", "fmt", type=click.Choice(["zip", "json"]), default="zip", show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
def sample(output: Path, size: str, generation: str, fmt: str, seed: int) -> None:
    """Write a synthetic TikTok export (invented data) to try the tool with.

    \b
    Example:
      tiktok-export sample -o sample.zip --size 5MB
    """
    from .synthetic import ExportSpec, write_export_json, write_export_zip

    spec = ExportSpec(generation=generation, seed=seed, target_bytes=_parse_size(size))
    with output.open("wb") as handle:
        (write_export_zip if fmt == "zip" else write_export_json)(spec, handle)
    click.echo(f"Wrote {output}")


def _parse_size(text: str) -> int:
    units = {"KB": 1024, "MB": 1024**2, "GB": 1024**3, "B": 1}
    cleaned = text.strip().upper()
    for unit, factor in units.items():
        if cleaned.endswith(unit):
            try:
                return int(float(cleaned[: -len(unit)]) * factor)
            except ValueError:
                break
    try:
        return int(cleaned)
    except ValueError:
        raise click.BadParameter(f"'{text}' is not a size like 5MB", param_hint="--size") from None


@main.command(name="fields")
@click.option(
    "--policy", "policy_path", type=_FILE, help="Show this policy's actions instead of the default's."
)
def fields_command(policy_path: Path | None) -> None:
    """List every personal field the schema knows and what the policy does with it."""
    from .schema_model import export_model

    policy = Policy.load(policy_path) if policy_path else Policy.default()
    click.echo(f"Policy: {policy.id}")
    for section_id, name, category in export_model().personal_fields():
        decision = policy.effective_action(section_id, name, category)
        click.echo(f"  {section_id + '.' + name:<45} {category:<13} {decision.action:<12} ({decision.rule})")
    reach = policy.rule_reach()
    if reach:
        click.echo("Field rules, and every spelling of the field each one reaches:")
    for rule, places in reach.items():
        click.echo(f"  fields.{rule} = {policy.fields[rule]}: {', '.join(places) or 'reaches no field'}")


@main.command(name="drift")
@click.argument("receipts", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@_JSON_OPTION
def drift_command(receipts: tuple[Path, ...], as_json: bool) -> None:
    """Count the parts of TikTok's format this tool did not know, over a study's receipts.

    RECEIPTS are receipt files or folders holding them (``*.receipt.json``). Each unknown
    key is counted once per upload it appears in, so a study sees from its first uploads
    that TikTok added, say, "Reposts", and how common it is.

    \b
    Examples:
      tiktok-export drift uploads/
      tiktok-export drift uploads/*.receipt.json --json
    """
    from .drift import tally

    files = sorted(
        {found for path in receipts for found in (path.rglob("*.receipt.json") if path.is_dir() else [path])}
    )
    reports: list[list[dict[str, Any]]] = []
    unreadable = 0
    for path in files:
        try:
            receipt = json.loads(path.read_text("utf-8"))
            report = receipt.get("drift", [])
        except (OSError, UnicodeDecodeError, ValueError, AttributeError):
            unreadable += 1
            continue
        reports.append(report if isinstance(report, list) else [])
    rows = tally(reports)
    if as_json:
        click.echo(json.dumps({"receipts": len(reports), "unreadable": unreadable, "drift": rows}, indent=2))
        return
    click.echo(f"{len(reports)} receipt(s) read, {unreadable} unreadable.")
    if not rows:
        click.echo("No unknown parts: every upload matched the schema.")
    for row in rows:
        click.echo(
            f"  {row['uploads']:>6} upload(s)  {row['kind']:<8} {row['parent']} -> {row['key']}"
            f"  ({row['occurrences']} time(s))"
        )
