"""The real ``tiktok-export`` command: exit codes, ``--json`` shape, redaction, verification."""

from __future__ import annotations

import json
import re
import resource
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tiktok_export import cli

from .conftest import CLI, REPO, run_cli

KEY = "00112233445566778899aabbccddeeff"
COMMANDS = tuple(cli.main.commands)  # every command the CLI has, so a new one cannot go undocumented


def _records(document: dict[str, Any]) -> int:
    return len(document["Your Activity"]["Watch History"]["VideoList"])


def test_help_lists_every_command_with_examples() -> None:
    """``--help`` names every command and each command's help shows an example."""
    top = run_cli("--help")
    assert top.code == 0
    for command in COMMANDS:
        assert command in top.stdout
    for command in COMMANDS:
        if command == "fields":
            continue  # one line of output, no arguments
        done = run_cli(command, "--help")
        assert done.code == 0, done
        assert "Example" in done.stdout, done


def test_readme_documents_every_command() -> None:
    """Every CLI command appears in the README's usage section."""
    readme = (REPO / "README.md").read_text("utf-8")
    for command in COMMANDS:
        assert f"tiktok-export {command}" in readme, command


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    """A path that does not exist exits 2 with a message, not a traceback."""
    done = run_cli("validate", tmp_path / "nope.zip")
    assert done.code == 2
    assert "does not exist" in done.stderr
    assert "Traceback" not in done.stderr


def test_summary_json_matches_an_independent_count(export_file: Any) -> None:
    """``summary --json`` counts the records and dates that json.load finds in the same file."""
    path = export_file("json", seed=21, target_bytes=300_000)
    document = json.loads(path.read_bytes())
    done = run_cli("summary", path, "--json")
    assert done.code == 0, done
    printed = json.loads(done.stdout)
    sections = {s["id"]: s for s in printed["summary"]["sections"]}
    watch = sections["watch-history"]
    videos = document["Your Activity"]["Watch History"]["VideoList"]
    assert watch["records"] == _records(document)
    assert watch["first"] == min(v["Date"] for v in videos)
    assert watch["last"] == max(v["Date"] for v in videos)
    for finding in printed["findings"]:
        assert set(finding) >= {"code", "severity", "path", "message"}


def test_redact_is_byte_identical_with_a_fixed_key(export_file: Any, tmp_path: Path) -> None:
    """Same input, policy, choices and key give the same bytes; the receipt records the hash."""
    path = export_file("zip", seed=22, target_bytes=200_000)
    outputs = []
    for name in ("a.json", "b.json"):
        out = tmp_path / name
        done = run_cli("redact", path, "-o", out, "--pseudonym-key", KEY, "--drop", "searches")
        assert done.code == 0, done
        outputs.append(out.read_bytes())
        receipt = json.loads((tmp_path / f"{name}.receipt.json").read_text())
        assert receipt["pseudonym_key"] == "provided"
        assert KEY not in json.dumps(receipt)
    assert outputs[0] == outputs[1]
    assert "Searches" not in json.loads(outputs[0])["Your Activity"]


def test_random_key_by_default_changes_pseudonyms(export_file: Any, tmp_path: Path) -> None:
    """Without --pseudonym-key each run makes a fresh key: pseudonyms differ between runs."""
    path = export_file("json", seed=23, target_bytes=100_000)
    texts = []
    for name in ("a.json", "b.json"):
        assert run_cli("redact", path, "-o", tmp_path / name).code == 0
        texts.append((tmp_path / name).read_text())
        receipt = json.loads((tmp_path / f"{name}.receipt.json").read_text())
        assert receipt["pseudonym_key"] == "random-per-export"
    pseudonyms = [set(re.findall(r"user-[a-z2-7]{16}", text)) for text in texts]
    assert pseudonyms[0]
    assert pseudonyms[1]
    assert not pseudonyms[0] & pseudonyms[1]


def test_drop_dates_removes_records_in_range(export_file: Any, tmp_path: Path) -> None:
    """--drop-dates removes exactly the dated records inside the range, and the receipt counts them."""
    path = export_file("json", seed=24, target_bytes=150_000)
    document = json.loads(path.read_bytes())
    videos = document["Your Activity"]["Watch History"]["VideoList"]
    inside = sum(1 for v in videos if "2025-06-01" <= v["Date"][:10] <= "2025-06-30")
    assert inside > 0
    out = tmp_path / "out.json"
    done = run_cli("redact", path, "-o", out, "--drop-dates", "2025-06-01..2025-06-30", "--json")
    assert done.code == 0, done
    kept = json.loads(out.read_bytes())["Your Activity"]["Watch History"]["VideoList"]
    assert len(kept) == len(videos) - inside
    assert not any("2025-06-01" <= v["Date"][:10] <= "2025-06-30" for v in kept)
    rows = json.loads(done.stdout)["receipt"]["changes"]
    assert any(r["rule"] == "choices.drop_dates" and r["count"] >= inside for r in rows)


def test_file_with_errors_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    """Redacting a broken file exits 1 and leaves no partial output behind."""
    broken = tmp_path / "user_data_tiktok.json"
    broken.write_text('{"Your Activity": {"Watch History": {"VideoList": [', "utf-8")
    out = tmp_path / "out.json"
    done = run_cli("redact", broken, "-o", out)
    assert done.code == 1, done
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["user_data_tiktok.json"]


def test_a_full_disk_exits_2_with_its_own_finding_and_writes_nothing(
    export_file: Any, tmp_path: Path
) -> None:
    """The output's disk full (here: a file-size limit on the command's process, which makes
    every write past 300 KB fail as a full disk does) is said as such, not as an unreadable
    input or a traceback; exit 2, and neither a partial output nor a receipt is left."""
    path = export_file("json", seed=29, target_bytes=1_000_000)
    out = tmp_path / "out.json"
    limit = 300_000
    done = subprocess.run(
        [*CLI, "redact", str(path), "-o", str(out), "--json"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit)),
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    findings = json.loads(done.stdout)["findings"]
    assert [(f["code"], f["params"]) for f in findings] == [
        ("output-unwritable", {"detail": "File too large"})
    ]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("policy", "where"),
    [
        ({"id": "x", "categories": {"contact": "burn"}}, "$['categories']['contact']"),
        (
            {"id": "x", "categories": {}, "sections": {"no-such-section": "drop"}},
            "$['sections']['no-such-section']",
        ),
        (
            {"id": "x", "categories": {}, "fields": {"profile.userName": "coarsen"}},
            "$['fields']['profile.userName']",
        ),
        ({"categories": {}}, "$"),
    ],
)
def test_bad_policy_is_a_usage_error_with_its_path(
    policy: dict[str, Any], where: str, tmp_path: Path, export_file: Any
) -> None:
    """A policy that breaks its schema exits 2 and names the place in the policy."""
    policy_path = tmp_path / "policy.json"
    policy_path.write_text(json.dumps(policy))
    done = run_cli(
        "redact",
        export_file("json", seed=25, target_bytes=50_000),
        "-o",
        tmp_path / "o.json",
        "--policy",
        policy_path,
    )
    assert done.code == 2, done
    assert where in done.stderr, done


def test_unknown_drop_section_is_a_usage_error(export_file: Any, tmp_path: Path) -> None:
    """--drop with a section id that does not exist exits 2."""
    done = run_cli(
        "redact",
        export_file("json", seed=26, target_bytes=50_000),
        "-o",
        tmp_path / "o.json",
        "--drop",
        "nonsense",
    )
    assert done.code == 2, done
    assert "nonsense" in done.stderr, done


def test_verify_accepts_a_fresh_redaction_and_rejects_a_changed_one(export_file: Any, tmp_path: Path) -> None:
    """verify exits 0 for the file the receipt describes and 1 once a byte has changed."""
    out = tmp_path / "out.json"
    assert run_cli("redact", export_file("zip", seed=27, target_bytes=100_000), "-o", out).code == 0
    receipt = tmp_path / "out.json.receipt.json"
    assert run_cli("verify", out, receipt).code == 0
    data = bytearray(out.read_bytes())
    data[-3] = ord(" ") if data[-3] != ord(" ") else ord("\n")
    out.write_bytes(bytes(data))
    done = run_cli("verify", out, receipt, "--json")
    assert done.code == 1
    assert json.loads(done.stdout)["findings"][0]["code"] == "receipt-mismatch"


def test_sample_writes_a_usable_export(tmp_path: Path) -> None:
    """``sample`` makes a synthetic export that validates cleanly."""
    out = tmp_path / "sample.zip"
    assert run_cli("sample", "-o", out, "--size", "300KB").code == 0
    assert run_cli("validate", out).code == 0


def test_drift_counts_unknown_names_over_receipts(tmp_path: Path) -> None:
    """``drift`` over a folder of receipts says in how many uploads each unknown name appears."""
    source = json.loads((REPO / "tests/generations/2026/user_data_tiktok.json").read_text("utf-8"))
    for index, extra in enumerate(("Reposts Two", "Reposts Two", "Something Else")):
        document = json.loads(json.dumps(source))
        document["Your Activity"][extra] = {"List": []}
        upload = tmp_path / f"u{index}.json"
        upload.write_text(json.dumps(document), "utf-8")
        assert run_cli("redact", upload, "-o", tmp_path / f"r{index}.json").code == 0
    done = run_cli("drift", tmp_path, "--json")
    assert done.code == 0, done
    report = json.loads(done.stdout)
    assert report["receipts"] == 3
    by_key = {row["key"]: row["uploads"] for row in report["drift"]}
    assert by_key == {"Reposts Two": 2, "Something Else": 1}


def test_validate_with_a_policy_checks_its_required_sections(tmp_path: Path) -> None:
    """``validate --policy`` refuses an export without a section the study requires."""
    policy = tmp_path / "p.json"
    policy.write_text(json.dumps({"id": "p", "categories": {}, "required_sections": ["watch-history"]}))
    likes_only = REPO / "tests/generations/2026-custom-likes/user_data_tiktok.json"
    done = run_cli("validate", likes_only, "--policy", policy, "--json")
    assert done.code == 1
    codes = [f["code"] for f in json.loads(done.stdout)["findings"]]
    assert "required-section-missing" in codes
