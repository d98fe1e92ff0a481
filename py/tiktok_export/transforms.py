"""The value transformations a policy can ask for: pseudonymise, scrub, coarsen.

Each transform is idempotent (applying it to its own output changes nothing), which is
what lets ``verify`` re-run a policy over a redacted file and expect zero changes.

>>> scrub("mail me at a.b@example.org or +31 6 1234 5678, see https://x.example/p @friend")
'mail me at [email] or [phone], see [url] [mention]'
>>> coarsen_ip("192.0.2.77")
'192.0.2.0/24'
>>> coarsen_date("2024-05-17 13:45:10", "month")
'2024-05-01 00:00:00'
>>> coarsen_date("2026-05-14 21:05:00 UTC", "day")
'2026-05-14 00:00:00 UTC'
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import re
from collections.abc import Callable
from itertools import repeat

PSEUDONYM_PREFIX = "user-"
_PSEUDONYM = re.compile(r"^user-[a-z2-7]{16}$")
_PSEUDONYM_CONTEXT = b"tiktok-export/pseudonym/v1\x00"

_URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"']+")
_EMAIL = re.compile(r"(?i)[a-z0-9._%+\-]+@[a-z0-9.\-]+\.[a-z]{2,}")
_MENTION = re.compile(r"(?<![\w@])@[A-Za-z0-9_.]{2,30}")
_PHONE = re.compile(r"(?<![\w+])\+?\d[\d \-().]{5,}\d(?!\w)")
# What every pattern above needs somewhere in the text: a text without any of these is left as
# it is by all four, so one search settles most texts (most have no link, address or number).
_MAY_HOLD_CONTACT = re.compile(r"(?i)https?://|www\.|@|\d")
_DATE_TIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2}) \d{2}:\d{2}:\d{2}( UTC)?$")


def pseudonymise(value: str, key: bytes) -> str:
    """A stable stand-in for ``value`` under ``key``; already-pseudonymised values pass."""
    if _PSEUDONYM.match(value):
        return value
    digest = hmac.new(key, _PSEUDONYM_CONTEXT + value.encode("utf-8"), hashlib.sha256).digest()
    return PSEUDONYM_PREFIX + base64.b32encode(digest[:10]).decode("ascii").lower()


_BASE32 = "abcdefghijklmnopqrstuvwxyz234567"  # RFC 4648's alphabet, lower case
_BASE32_PAIRS = [a + b for a in _BASE32 for b in _BASE32]


def _keyed_hmac_sha256(key: bytes) -> Callable[[list[bytes]], list[bytes]]:
    """HMAC-SHA256 under ``key`` of the pseudonym context followed by each message, for a list
    of messages, by the quickest means of this runtime.

    CPython 3.14 (and Pyodide 314, whose ``hmac`` functions are Python around it) has it as one
    C call, ``_hmac.compute_sha256``. Older CPythons have OpenSSL's, which sets up a context per
    call (about 5 µs); there the two SHA-256 states the key determines (RFC 2104) are made once
    and copied per message, at about a third of the cost (a keyed ``hmac`` object's ``copy()``
    is Python around the same, at about twice this). Both give ``hmac.new``'s digest (the
    doctest of :class:`Pseudonymiser` and the tests in ``tests/test_fastpath.py`` compare them)."""
    try:
        from _hmac import compute_sha256  # type: ignore[import-not-found]  # CPython >= 3.14
    except ImportError:
        compute_sha256 = None
    if compute_sha256 is not None:
        context = _PSEUDONYM_CONTEXT
        return lambda messages: [compute_sha256(key, context + message) for message in messages]
    size = hashlib.sha256().block_size
    block = (key if len(key) <= size else hashlib.sha256(key).digest()).ljust(size, b"\0")
    inner = hashlib.sha256(bytes(byte ^ 0x36 for byte in block))
    inner.update(_PSEUDONYM_CONTEXT)
    outer = hashlib.sha256(bytes(byte ^ 0x5C for byte in block))

    def digests(messages: list[bytes]) -> list[bytes]:
        found = []
        for message in messages:
            first = inner.copy()
            first.update(message)
            second = outer.copy()
            second.update(first.digest())
            found.append(second.digest())
        return found

    return digests


class Pseudonymiser:
    """:func:`pseudonymise` under one key, for many values at once (:meth:`many`): HMAC-SHA256
    by the runtime's quickest means (:func:`_keyed_hmac_sha256`), and the 80 bits spelled in
    base32 by table a column at a time (``base64`` is Python code, one value at a time); the
    results are the same strings.

    >>> Pseudonymiser(b"k").many(["jane", "user-aaaaaaaaaaaaaaaa"]) == [
    ...     pseudonymise("jane", b"k"), "user-aaaaaaaaaaaaaaaa"]
    True
    >>> Pseudonymiser(b"k" * 65)("jane") == pseudonymise("jane", b"k" * 65)  # a key over a block
    True
    """

    def __init__(self, key: bytes) -> None:
        self._digests = _keyed_hmac_sha256(key)

    def __call__(self, value: str) -> str:
        return self.many([value])[0]

    def many(self, values: list[str]) -> list[str]:
        """Each value's pseudonym, in order (a value that is one already stays as it is)."""
        digests = self._digests([value.encode("utf-8") for value in values])
        bits = [int.from_bytes(digest[:10], "big") for digest in digests]
        pairs = _BASE32_PAIRS
        spelled = list(map("".join, zip(
            repeat(PSEUDONYM_PREFIX, len(bits)),
            [pairs[each >> 70] for each in bits],
            [pairs[(each >> 60) & 1023] for each in bits],
            [pairs[(each >> 50) & 1023] for each in bits],
            [pairs[(each >> 40) & 1023] for each in bits],
            [pairs[(each >> 30) & 1023] for each in bits],
            [pairs[(each >> 20) & 1023] for each in bits],
            [pairs[(each >> 10) & 1023] for each in bits],
            [pairs[each & 1023] for each in bits],
            strict=True,
        )))  # fmt: skip
        match = _PSEUDONYM.match
        return [
            value if value[:5] == PSEUDONYM_PREFIX and match(value) else pseudonym
            for value, pseudonym in zip(values, spelled, strict=True)
        ]


def _phone_or_text(match: re.Match[str]) -> str:
    digits = sum(character.isdigit() for character in match.group())
    return "[phone]" if digits >= 7 else match.group()


def scrub(text: str) -> str:
    """Replace contact details and mentions inside free text by typed placeholders."""
    if _MAY_HOLD_CONTACT.search(text) is None:
        return text
    text = _URL.sub("[url]", text)
    text = _EMAIL.sub("[email]", text)
    text = _MENTION.sub("[mention]", text)
    return _PHONE.sub(_phone_or_text, text)


def coarsen_ip(value: str) -> str | None:
    """The network an address belongs to (/24 or /48), or None when it is not an address."""
    text = value.strip()
    try:
        if "/" in text:
            return str(ipaddress.ip_network(text, strict=False))
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def coarsen_date(value: str, unit: str) -> str | None:
    """A timestamp cut to the day or month, still in TikTok's form; None when not a date."""
    match = _DATE_TIME.match(value)
    if match is None:
        return None
    year, month, day, suffix = match.groups()
    if unit == "month":
        day = "01"
    return f"{year}-{month}-{day} 00:00:00{suffix or ''}"
