"""``tiktok-export verify FOLDER|FILES…``: pairing by name and by hash, one line per upload, totals."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tiktok_export.batch_verify import pair_uploads

from .conftest import run_cli
from .uploads import make_study


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three good uploads with receipts named as ``tiktok-export redact`` names them."""
    folder = tmp_path_factory.mktemp("study")
    make_study(folder, 3, 60_000)
    return folder


def _copy(study: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "uploads"
    shutil.copytree(study, folder)
    return folder


def test_a_folder_of_good_uploads_verifies(study: Path) -> None:
    """Every upload gets a line, the totals follow, and the exit code is 0."""
    done = run_cli("verify", study, "--workers", "2")
    assert done.code == 0, done
    lines = done.stdout.splitlines()
    assert [line.split()[:2] for line in lines[:3]] == [
        ["ok", "p00000.json"],
        ["ok", "p00001.json"],
        ["ok", "p00002.json"],
    ]
    assert lines[-1] == "3 uploads: 3 ok, 0 failed"


def test_json_names_each_upload_by_its_receipt_hash(study: Path) -> None:
    """``--json`` gives one row per upload whose id is the receipt's output hash, and the totals."""
    done = run_cli("verify", study, "--json")
    assert done.code == 0, done
    printed = json.loads(done.stdout)
    assert printed["ok"] is True
    assert printed["totals"] == {"uploads": 3, "ok": 3, "failed": 0}
    for row in printed["uploads"]:
        receipt = json.loads((study / row["receipt"]).read_text("utf-8"))
        assert row["upload"] == receipt["output"]["sha256"]
        assert row["codes"] == []


def test_problems_are_reported_by_name(study: Path, tmp_path: Path) -> None:
    """Orphans both ways, a duplicate, a renamed receipt (paired by hash) and a changed upload."""
    folder = _copy(study, tmp_path)
    # a receipt renamed by a survey platform: found by the output hash
    (folder / "p00000.json.receipt.json").rename(folder / "participant-17.receipt.json")
    # the same upload twice
    shutil.copy(folder / "p00001.json", folder / "z-again.json")
    shutil.copy(folder / "p00001.json.receipt.json", folder / "z-again.json.receipt.json")
    # one byte changed after the receipt was written
    data = bytearray((folder / "p00002.json").read_bytes())
    data[-2] = ord(" ") if data[-2] != ord(" ") else ord("\n")
    (folder / "p00002.json").write_bytes(bytes(data))
    # an upload without a receipt, and a receipt without an upload
    shutil.copy(folder / "p00001.json", folder / "lonely.json")
    (folder / "lonely.json").write_bytes((folder / "lonely.json").read_bytes() + b"\n")
    shutil.copy(folder / "p00001.json.receipt.json", folder / "gone.json.receipt.json")
    receipt = json.loads((folder / "gone.json.receipt.json").read_text("utf-8"))
    receipt["output"]["sha256"] = "0" * 64
    (folder / "gone.json.receipt.json").write_text(json.dumps(receipt), "utf-8")
    (folder / "broken.receipt.json").write_text("{not json", "utf-8")

    done = run_cli("verify", folder, "--json")
    assert done.code == 1, done
    rows = {row["file"] or row["receipt"]: row for row in json.loads(done.stdout)["uploads"]}
    assert rows["p00000.json"]["ok"]
    assert rows["p00000.json"]["receipt"] == "participant-17.receipt.json"
    assert rows["p00001.json"]["ok"]
    assert rows["z-again.json"]["code"] == "duplicate"
    assert "p00001.json" in rows["z-again.json"]["message"]
    assert rows["p00002.json"]["code"] == "receipt-mismatch"
    assert rows["lonely.json"]["code"] == "no-receipt"
    assert rows["gone.json.receipt.json"]["code"] == "no-upload"
    assert rows["broken.receipt.json"]["code"] == "receipt-invalid"

    text = run_cli("verify", folder)
    assert text.code == 1
    assert "FAILED lonely.json  no-receipt" in text.stdout
    assert text.stdout.splitlines()[-1].startswith("7 uploads: 2 ok, 5 failed")


def test_files_and_folders_mix(study: Path) -> None:
    """Files named one by one pair just like a folder's contents."""
    files = sorted(study.glob("p0000[01]*"))
    assert len(files) == 4
    done = run_cli("verify", *files)
    assert done.code == 0, done
    assert done.stdout.splitlines()[-1] == "2 uploads: 2 ok, 0 failed"


def test_the_one_pair_form_still_prints_findings(study: Path) -> None:
    """``verify REDACTED RECEIPT`` keeps its detailed result, whatever the receipt is called."""
    done = run_cli("verify", study / "p00000.json", study / "p00000.json.receipt.json", "--json")
    assert done.code == 0, done
    assert json.loads(done.stdout)["file"] == "p00000.json"


def test_a_missing_or_unlistable_folder_is_a_row(tmp_path: Path) -> None:
    """A path that vanished, or a folder that cannot be listed, becomes a row naming it."""
    rows = [pair.row() for pair in pair_uploads([tmp_path / "vanished"])]
    assert [(row["file"], row["code"]) for row in rows] == [("vanished", "unreadable")]
    if os.geteuid() == 0:
        return  # root lists any folder: the unlistable case cannot be made here
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        rows = [pair.row() for pair in pair_uploads([locked])]
    finally:
        locked.chmod(0o755)
    assert [row["code"] for row in rows] == ["unreadable"]
