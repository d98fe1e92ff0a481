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
import functools
import hashlib
import hmac
import ipaddress
import re
from collections.abc import Callable

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


def _hmac_sha256() -> Callable[[bytes, bytes], bytes]:
    """HMAC-SHA256 as one C call: CPython 3.14's ``_hmac.compute_sha256`` where it exists (as in
    Pyodide 314, whose ``hmac.digest`` is a Python function around it), else ``hmac.digest``."""
    try:
        from _hmac import compute_sha256  # type: ignore[import-not-found]  # CPython >= 3.14
    except ImportError:
        return functools.partial(hmac.digest, digest="sha256")
    return compute_sha256  # type: ignore[no-any-return]


_HMAC_SHA256 = _hmac_sha256()


class Pseudonymiser:
    """:func:`pseudonymise` under one key, for many values: one C call of HMAC-SHA256 per value
    (in Pyodide 314 an ``hmac`` object's methods, even copying a keyed one, are Python code),
    and the 80 bits spelled in base32 by table (``base64`` is Python code); the result is the
    same string.

    >>> Pseudonymiser(b"k")("jane") == pseudonymise("jane", b"k")
    True
    """

    def __init__(self, key: bytes) -> None:
        self._key = key

    def __call__(self, value: str) -> str:
        if value[:5] == PSEUDONYM_PREFIX and _PSEUDONYM.match(value):
            return value
        bits = int.from_bytes(_HMAC_SHA256(self._key, _PSEUDONYM_CONTEXT + value.encode("utf-8"))[:10], "big")
        pairs = _BASE32_PAIRS
        return "".join((
            PSEUDONYM_PREFIX,
            pairs[bits >> 70],
            pairs[(bits >> 60) & 1023],
            pairs[(bits >> 50) & 1023],
            pairs[(bits >> 40) & 1023],
            pairs[(bits >> 30) & 1023],
            pairs[(bits >> 20) & 1023],
            pairs[(bits >> 10) & 1023],
            pairs[bits & 1023],
        ))  # fmt: skip


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
