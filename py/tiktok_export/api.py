"""The entry points the CLI and the browser page call: check, redact, verify, records.

Each takes a pick (a path, or a seekable binary file-like such as the browser's
``File.slice`` adapter) and returns a :class:`~tiktok_export.pipeline.Result`. They are
thin: recognition lives in ``source``, the single pass in ``pipeline``.

>>> import io
>>> check(io.BytesIO(b"[1, 2]"), name="user_data_tiktok.json").findings[0].code
'not-tiktok'
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from typing import Any, BinaryIO

from .conformance import Violation, scan_upload
from .findings import Finding
from .pipeline import Progress, RedactOptions, Result, run
from .policy import ChoiceError, Choices, Policy, PolicyError
from .reader import CheckedReader
from .record_index import RecordIndex
from .records import PER_PAGE
from .records import browse as _browse
from .schema_model import UNKNOWN_CATEGORY, export_model
from .source import open_export
from .writer import ByteSink

Pick = str | os.PathLike[str] | BinaryIO


def check(
    pick: Pick,
    *,
    name: str | None = None,
    progress: Progress | None = None,
    now: str | None = None,
    policy: Policy | None = None,
    index: RecordIndex | None = None,
) -> Result:
    """Validate and summarise a pick, without writing anything.

    With a study's ``policy``, an export lacking one of its ``required_sections`` is refused.
    An empty ``index`` (:class:`~tiktok_export.record_index.RecordIndex`) is filled on the way
    when the file is usable; pass it to :func:`records` for the same file to page without
    streaming.
    """
    required = policy.required_sections if policy is not None else ()
    with open_export(pick, name=name) as opened:
        return run(opened, progress=progress, now=now, required=required, index=index)


def redact(
    pick: Pick,
    output: ByteSink,
    *,
    policy: Policy | None = None,
    choices: Choices | None = None,
    pseudonym_key: bytes | None = None,
    name: str | None = None,
    progress: Progress | None = None,
    now: str | None = None,
    key_is_random: bool = False,
    hash_output: bool = True,
) -> Result:
    """Validate, summarise and write the redacted export to ``output``; the receipt is on the result.

    ``output`` may hold a partial file when the result is not ``ok``: callers discard it.
    ``hash_output=False`` leaves the receipt's output hash to the caller (:func:`complete_receipt`).
    """
    policy = policy or Policy.default()
    choices = choices or Choices()
    choices.check(policy)
    options = RedactOptions(policy, choices, pseudonym_key, key_is_random)
    with open_export(pick, name=name) as opened:
        return run(opened, redact=options, output=output, progress=progress, now=now, hash_output=hash_output)


_redact_export = redact  # check_file's ``redact`` flag shadows the function's name


def records(
    pick: Pick,
    *,
    policy: Policy | None = None,
    choices: Choices | None = None,
    pseudonym_key: bytes | None = None,
    section: str | None = None,
    query: str = "",
    page: int = 0,
    per_page: int = PER_PAGE,
    total: int | None = None,
    order: str | None = None,
    places: int | None = None,
    name: str | None = None,
    index: RecordIndex | None = None,
) -> dict[str, Any]:
    """A page of records as they will be shared (see :mod:`~tiktok_export.records`).

    ``index``: the file's record index from :func:`check` of the same file; a page without a
    search then reads only its own bytes. Without one (the CLI's one-shot ``records``) each
    request streams the export."""
    with open_export(pick, name=name) as opened:
        if opened.source is None:
            return {"ok": False, "error": {"code": "not-readable", "message": "the file is not an export"}}
        return _browse(
            opened,
            policy=policy or Policy.default(),
            choices=choices,
            pseudonym_key=pseudonym_key,
            section=section,
            query=query,
            page=page,
            per_page=per_page,
            total=total,
            order=order,
            places=places,
            index=index,
        )


class _HashingSink:
    """A write-only sink that discards bytes; verify needs the pass, not a second copy."""

    def write(self, data: bytes) -> int:
        return len(data)


def _file_digest(pick: Pick) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    if isinstance(pick, str | os.PathLike):
        with open(pick, "rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
        return digest.hexdigest(), size
    start = pick.tell()
    while chunk := pick.read(1 << 20):
        digest.update(chunk)
        size += len(chunk)
    pick.seek(start)
    return digest.hexdigest(), size


def verify(pick: Pick, receipt: Any, *, name: str | None = None, now: str | None = None) -> Result:
    """For the researcher receiving an upload: does the file match its receipt and policy?

    Checks that the SHA-256 and size match, that the file is a valid export, that running
    the receipt's own policy and choices over it again changes nothing (every transform is
    idempotent, so any change means something the policy removes is there), and, not
    trusting the redactor, that every value a rule reaches is in a form the rule allows
    (:mod:`~tiktok_export.conformance`).
    """
    file = name or (
        os.path.basename(os.fspath(pick)) if isinstance(pick, str | os.PathLike) else "redacted.json"
    )
    try:
        expected = receipt["output"]["sha256"]
        expected_size = receipt["output"]["bytes"]
        policy = Policy.from_document(receipt["policy"]["document"])
        raw_choices = receipt.get("choices", {})
        # Single records and words are counted in the receipt, never named: they are gone
        # from the upload, so re-running the section and date choices is the whole check.
        choices = Choices(
            frozenset(raw_choices.get("drop_sections", [])),
            tuple((str(a), str(b)) for a, b in raw_choices.get("drop_dates", [])),
        )
    except (KeyError, TypeError, ValueError) as problem:
        detail = (
            problem.message
            if isinstance(problem, PolicyError)
            else "it lacks the output hash, size or policy"
        )
        return Result(file, None, [Finding.make("receipt-invalid", file=file, detail=detail)], None)
    if policy.sha256 != receipt["policy"].get("sha256"):
        return Result(
            file,
            None,
            [Finding.make("receipt-invalid", file=file, detail="its policy does not match the policy hash")],
            None,
        )
    digest, size = _file_digest(pick)
    if digest != expected or size != expected_size:
        return Result(
            file, None, [Finding.make("receipt-mismatch", file=file, detail="SHA-256 differs")], None
        )
    with open_export(pick, name=name) as opened:
        result = run(
            opened,
            redact=RedactOptions(policy, choices),
            output=_HashingSink(),
            now=now,
        )
        source = opened.source
        violations = Counter[Violation]()
        if result.ok and source is not None:
            # The independent check: the form of every value a rule reaches, no redactor involved.
            stream = source.open()
            try:
                violations = scan_upload(CheckedReader(stream, source.size), policy, choices)
            finally:
                if source.owns_streams:
                    stream.close()
    # Both checks may find the same place: report each place and action once, with the larger count.
    leftovers: dict[tuple[str, str], int] = {}
    for row in (result.receipt or {}).get("changes", []):
        leftovers[(row["path"], row["action"])] = row["count"]
    for violation, count in violations.items():
        where = (violation.pattern, violation.action)
        leftovers[where] = max(count, leftovers.get(where, 0))
    for (path, action), count in sorted(leftovers.items(), reverse=True):
        result.findings.insert(
            0,
            Finding.make(
                "not-redacted", file=result.export_file or file, path=path, action=action, count=count
            ),
        )
    result.receipt = None
    return result


def check_file(
    fileobj: BinaryIO,
    name: str,
    *,
    progress: Progress | None = None,
    redact: bool = False,
    policy: dict[str, Any] | None = None,
    drop_sections: list[str] | None = None,
    drop_dates: list[list[str]] | None = None,
    pseudonym_key: bytes | None = None,
    output: ByteSink | None = None,
    now: str | None = None,
    drop_records: list[list[Any]] | None = None,
    drop_matching: list[list[Any]] | None = None,
    view: dict[str, Any] | None = None,
    key_is_random: bool = False,
    index: RecordIndex | None = None,
    hash_output: bool = True,
) -> dict[str, Any]:
    """Plain data in, plain data out: the one call the browser worker makes.

    Returns the same dictionary the CLI prints with ``--json``. Problems with the study's
    policy or the participant's choices come back as ``{"ok": false, "error": {...}}``
    rather than as exceptions, so the page can show them.

    With ``view`` (``{section, query, page, per_page, total, order, places}``) it answers the
    records view instead: a page of records as they will be shared. ``key_is_random``: the
    caller made ``pseudonym_key`` at random for this file (see ``RedactOptions``). ``index``:
    a check fills it (usable once the file proved fine), a records view reads through it; the
    caller keeps it per file (the worker does, for the file picked last). ``hash_output=False``:
    the caller hashes the output itself and completes the receipt (:func:`complete_receipt`).
    """
    try:
        chosen = Policy.from_document(policy) if policy is not None else Policy.default()
        choices = Choices(
            frozenset(drop_sections or ()),
            tuple((str(a), str(b)) for a, b in (drop_dates or ())),
            frozenset((str(s), _index(i)) for s, i in (drop_records or ())),
            tuple((None if s is None else str(s), str(w)) for s, w in (drop_matching or ())),
        )
        choices.check(chosen)
    except PolicyError as problem:
        return {
            "ok": False,
            "error": {"code": "bad-policy", "path": problem.path, "message": problem.message},
        }
    except ChoiceError as problem:
        return {"ok": False, "error": {"code": "bad-choice", "path": "$", "message": str(problem)}}
    if view is not None:
        return records(
            fileobj,
            name=name,
            policy=chosen,
            choices=choices,
            pseudonym_key=pseudonym_key,
            section=view.get("section"),
            query=str(view.get("query") or ""),
            page=_index(view.get("page") or 0),
            per_page=_index(view.get("per_page") or PER_PAGE),
            total=view.get("total"),
            order=view.get("order"),
            places=_index(view["places"]) if view.get("places") is not None else None,
            index=index,
        )
    if not redact or output is None:
        checked = check(fileobj, name=name, progress=progress, now=now, policy=chosen, index=index).to_dict()
        checked["plan"] = policy_plan(chosen)
        return checked
    result = _redact_export(
        fileobj,
        output,
        policy=chosen,
        choices=choices,
        pseudonym_key=pseudonym_key,
        name=name,
        progress=progress,
        now=now,
        key_is_random=key_is_random,
        hash_output=hash_output,
    )
    return result.to_dict()


_SHA256_HEX = re.compile(r"[0-9a-f]{64}")


def complete_receipt(checked: dict[str, Any], sha256: str) -> dict[str, Any]:
    """``check_file``'s answer with the output's SHA-256 in its receipt, for a caller that ran it
    with ``hash_output=False`` and hashed the output's bytes itself (the page hashes them in a
    worker of its own while Python redacts: a second core instead of a third of the time).

    Only a receipt still waiting for its hash takes one, and only a SHA-256 in hex: a receipt
    that already has one, or a malformed digest, is a bug in the caller, not something to
    paper over."""
    receipt = checked.get("receipt")
    if receipt is None:
        return checked  # not ok, or nothing written: no receipt to complete
    if receipt["output"]["sha256"] is not None:
        raise ValueError("the receipt already has its output's hash")
    if not _SHA256_HEX.fullmatch(sha256):
        raise ValueError("not a SHA-256 in lower-case hex")
    receipt["output"]["sha256"] = sha256
    return checked


def _index(value: Any) -> int:
    """A whole number from the page (JavaScript numbers arrive as floats)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise ChoiceError("a record position must be a whole number")
    return int(value)


def policy_plan(policy: Policy) -> dict[str, Any]:
    """What a policy does, per section, for the page's preview (no export needed).

    For each section: whether the policy removes it whole, whether the participant may
    remove it, and the effective action on each personal field. The page shows this
    instead of re-deriving it, so policy logic lives only here.
    """
    model = export_model()
    sections: dict[str, Any] = {}
    for section_id, section in model.sections.items():
        removed = policy.section_action(section_id) is not None
        if section.category is not None:  # undescribed contents: kept or dropped whole
            removed = removed or policy.effective_action(section_id, "*", section.category).action == "drop"
        sections[section_id] = {
            "title": section.title,
            "removed_by_policy": removed,
            "may_drop": policy.may_drop(section_id) and not removed,
            "fields": [],
        }
    for section_id, field_name, category in model.personal_fields():
        decision = policy.effective_action(section_id, field_name, category)
        sections[section_id]["fields"].append(
            {"field": field_name, "category": category, "action": decision.action, "rule": decision.rule}
        )
    return {
        "policy": {
            "id": policy.id,
            "title": policy.document.get("title", policy.id),
            "sha256": policy.sha256,
        },
        "sections": sections,
        # What happens to the parts the schema does not know (the drift report's rows).
        "unknown": "keep" if policy.categories.get(UNKNOWN_CATEGORY, "keep") == "keep" else "drop",
    }
