"""Synthetic TikTok data exports: realistic in shape, invented in every value.

Tests, benchmarks and the demo page need exports that look like the real thing (both key
generations, big watch histories, chats keyed by a friend's name, free text with e-mail
addresses in it) without anyone's real data ever entering the repository. This module
makes them from a seed alone, so a fixture is a one-line ``ExportSpec`` instead of a
checked-in file, and the same arguments always give byte-identical output.

Everything is driven by ``random.Random``, seeded per section, so leaving a section out
does not change the others. Big lists are streamed record by record: a 600 MB export is
written with a few hundred kilobytes of memory.

Invented values stay in reserved or fictional spaces where one exists: e-mail domains are
``example.com``/``.org``/``.net``, IP addresses come from the documentation ranges
(192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32), some phone numbers from
fictional ranges (UK 07700 900xxx, US 555-01xx).

Run ``python -m tiktok_export.synthetic --help`` for the command line.
"""

from __future__ import annotations

import argparse
import bisect
import calendar
import json
import os
import random
import re
import string
import sys
import time
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO, Final, Literal, Protocol, TypeAlias

__all__ = [
    "CANARY_PREFIX",
    "GENERATIONS",
    "SECTION_IDS",
    "SECTION_PATHS",
    "ExportSpec",
    "canary_values",
    "export_bytes",
    "main",
    "write_export_json",
    "write_export_zip",
    "write_other_platform_zip",
    "write_txt_export_zip",
]

CANARY_PREFIX: Final = "CANARY"
"""Marker in canary free text (``hello CANARY000007 world``); see :func:`canary_values`."""

YEARS: Final[tuple[str, ...]] = ("2021", "2023", "2024", "2025", "2026")
"""The real generations of TikTok's JSON, named by the year their layout was seen in."""

GENERATIONS: Final[tuple[str, ...]] = ("old", "new", *YEARS)
"""Every export generation the generator can write.

``old`` and ``new`` are the generator's first two layouts, kept byte for byte because
tests, benchmarks and the demo page were built on them: ``old`` is roughly 2021-2023
(``Activity`` group, ``user_data.json``), ``new`` roughly 2026 (``Your Activity``,
``Likes and Favorites``, ``Profile And Settings``). The years copy each real layout as the
evidence in ``tests/generations`` shows it (group, section and list keys, record field
spellings, value shapes and quirks), so they are the ones to use for new tests.
"""

SECTION_IDS: Final[tuple[str, ...]] = (
    "watch-history",
    "likes",
    "favorite-videos",
    "searches",
    "shares",
    "followers",
    "following",
    "hashtags",
    "login-history",
    "activity-summary",
    "ad-interests",
    "comments",
    "direct-messages",
    "profile",
    "off-tiktok-activity",
    "settings",
    "posted-videos",
    "income",
    "live-hosted",
    "shop",
    # Only in the real generations (YEARS):
    "status",
    "block-list",
    "location-reviews",
    "autofill",
    "purchases",
    "recent-location",
    "favorite-sounds",
    "favorite-effects",
    "favorite-hashtags",
    "favorite-collections",
    "favorite-comments",
    "favorite-locations",
    "favorite-drama",
    "favorite-movies",
    "favorite-playlists",
    "collections",
    "reposts",
    "ads-visit-history",
    "instant-form-ads",
    "ad-partners",
    "third-party-usage",
    "third-party-accounts",
    "donations",
    "fundraisers",
    "stickers",
    "mini-drama",
    "ai-moji",
    "ai-self-image",
    "profile-views",
    "deleted-posts",
    "stories",
    "group-chats",
    "tako-chats",
    "coin-purchases",
    "live-settings",
    "live-watch-history",
    "live-watch-settings",
    "live-comments",
)
"""Every section id (as the project's schema names them), in the order they are written."""

_Path = tuple[str, ...]

_FIRST_PATHS: Final[dict[str, dict[str, _Path | None]]] = {
    "watch-history": {
        "old": ("Activity", "Video Browsing History", "VideoList"),
        "new": ("Your Activity", "Watch History", "VideoList"),
    },
    "likes": {
        "old": ("Activity", "Like List", "ItemFavoriteList"),
        "new": ("Likes and Favorites", "Like List", "ItemFavoriteList"),
    },
    "favorite-videos": {
        "old": ("Activity", "Favorite Videos", "FavoriteVideoList"),
        "new": ("Likes and Favorites", "Favorite Videos", "FavoriteVideoList"),
    },
    "searches": {
        "old": ("Activity", "Search History", "SearchList"),
        "new": ("Your Activity", "Searches", "SearchList"),
    },
    "shares": {
        "old": ("Activity", "Share History", "ShareHistoryList"),
        "new": ("Your Activity", "Share History", "ShareHistoryList"),
    },
    "followers": {
        "old": ("Activity", "Follower List", "FansList"),
        "new": ("Profile And Settings", "Follower", "FansList"),
    },
    "following": {
        "old": ("Activity", "Following List", "Following"),
        "new": ("Profile And Settings", "Following", "Following"),
    },
    "hashtags": {
        "old": ("Activity", "Hashtag", "HashtagList"),
        "new": ("Your Activity", "Hashtag", "HashtagList"),
    },
    "login-history": {
        "old": ("Activity", "Login History", "LoginHistoryList"),
        "new": ("Your Activity", "Login History", "LoginHistoryList"),
    },
    "activity-summary": {
        "old": ("Activity", "Activity Summary", "ActivitySummaryMap"),
        "new": ("Your Activity", "Activity Summary", "ActivitySummaryMap"),
    },
    "ad-interests": {
        "old": None,
        "new": ("Your Activity", "Ad Interests", "AdInterestCategories"),
    },
    "comments": {
        "old": ("Comment", "Comments", "CommentsList"),
        "new": ("Comment", "Comments", "CommentsList"),
    },
    "direct-messages": {
        "old": ("Direct Messages", "Direct Messages", "ChatHistory"),
        "new": ("Direct Message", "Direct Messages", "ChatHistory"),
    },
    "profile": {
        "old": ("Profile", "Profile Information", "ProfileMap"),
        "new": ("Profile And Settings", "Profile Information", "ProfileMap"),
    },
    "off-tiktok-activity": {
        "old": None,
        "new": ("Profile And Settings", "Off TikTok Activity", "OffTikTokActivityDataList"),
    },
    "settings": {
        "old": ("App Settings", "Settings", "SettingsMap"),
        "new": ("Profile And Settings", "Settings", "SettingsMap"),
    },
    "posted-videos": {
        "old": ("Video", "Videos", "VideoList"),
        "new": ("Post", "Posts", "VideoList"),
    },
    "income": {
        "old": ("Income Plus Wallet Transactions", "Income Plus Wallet Transaction"),
        "new": ("Income+ Wallet", "Transaction History"),
    },
    "live-hosted": {"old": ("Tiktok Live", "Go Live History"), "new": ("TikTok Live", "Go Live History")},
    "shop": {"old": ("Tiktok Shopping", "Order History"), "new": ("TikTok Shop", "Order History")},
}

_A, _YA, _LF, _PS = "Activity", "Your Activity", "Likes and Favorites", "Profile And Settings"
_ADS, _APP, _DM = "Ads and data", "App Settings", "Direct Message"
_LIVE_OLD, _SHOP_OLD = "Tiktok Live", "Tiktok Shopping"

# Per section, its path in 2021, 2023, 2024, 2025 and 2026, as the evidence in
# tests/generations (and /work/research/generations.md, which cites the real files) shows.
# Written out here rather than read from the schema, so the generator stays a witness.
_YEAR_PATHS: Final[dict[str, tuple[_Path | None, _Path | None, _Path | None, _Path | None, _Path | None]]] = {
    "watch-history": (
        (_A, "Video Browsing History", "VideoList"),
        (_A, "Video Browsing History", "VideoList"),
        (_A, "Video Browsing History", "VideoList"),
        (_YA, "Watch History", "VideoList"),
        (_YA, "Watch History", "VideoList"),
    ),
    "likes": (
        (_A, "Like List", "ItemFavoriteList"),
        (_A, "Like List", "ItemFavoriteList"),
        (_A, "Like List", "ItemFavoriteList"),
        (_YA, "Like List", "ItemFavoriteList"),
        (_LF, "Like List", "ItemFavoriteList"),
    ),
    "favorite-videos": (
        (_A, "Favorite Videos", "FavoriteVideoList"),
        (_A, "Favorite Videos", "FavoriteVideoList"),
        (_A, "Favorite Videos", "FavoriteVideoList"),
        (_YA, "Favorite Videos", "FavoriteVideoList"),
        (_LF, "Favorite Videos", "FavoriteVideoList"),
    ),
    "searches": (
        # No 2021-22 source shows searches either way; the 2023 spelling is the best guess.
        (_A, "Search History", "SearchList"),
        (_A, "Search History", "SearchList"),
        (_A, "Search History", "SearchList"),
        (_YA, "Searches", "SearchList"),
        (_YA, "Searches", "SearchList"),
    ),
    "shares": (
        (_A, "Share History", "ShareHistoryList"),
        (_A, "Share History", "ShareHistoryList"),
        (_A, "Share History", "ShareHistoryList"),
        (_YA, "Share History", "ShareHistoryList"),
        (_YA, "Share History", "ShareHistoryList"),
    ),
    "followers": (
        (_A, "Follower List", "FansList"),
        (_A, "Follower List", "FansList"),
        (_A, "Follower List", "FansList"),
        (_YA, "Follower", "FansList"),
        (_PS, "Follower", "FansList"),
    ),
    "following": (
        (_A, "Following List", "Following"),
        (_A, "Following List", "Following"),
        (_A, "Following List", "Following"),
        (_YA, "Following", "Following"),
        (_PS, "Following", "Following"),
    ),
    "hashtags": (
        (_A, "Hashtag", "HashtagList"),
        (_A, "Hashtag", "HashtagList"),
        (_A, "Hashtag", "HashtagList"),
        (_YA, "Hashtag", "HashtagList"),
        (_YA, "Hashtag", "HashtagList"),
    ),
    "login-history": (
        (_A, "Login History", "LoginHistoryList"),
        (_A, "Login History", "LoginHistoryList"),
        (_A, "Login History", "LoginHistoryList"),
        (_YA, "Login History", "LoginHistoryList"),
        (_YA, "Login History", "LoginHistoryList"),
    ),
    "activity-summary": (
        None,
        None,
        (_A, "Activity Summary", "ActivitySummaryMap"),
        (_YA, "Activity Summary", "ActivitySummaryMap"),
        (_YA, "Activity Summary", "ActivitySummaryMap"),
    ),
    "ad-interests": (
        None,
        (_ADS, "Ad Interests", "AdInterestCategories"),
        (_ADS, "Ad Interests", "AdInterestCategories"),
        (_ADS, "Ad Interests", "AdInterestCategories"),
        (_YA, "Ad Interests", "AdInterestCategories"),
    ),
    "comments": (("Comment", "Comments", "CommentsList"),) * 5,
    "direct-messages": (
        ("Direct Messages", "Chat History", "ChatHistory"),
        ("Direct Messages", "Chat History", "ChatHistory"),
        ("Direct Messages", "Chat History", "ChatHistory"),
        (_DM, "Direct Messages", "ChatHistory"),
        (_DM, "Direct Messages", "ChatHistory"),
    ),
    "profile": (
        ("Profile", "Profile Information", "ProfileMap"),
        ("Profile", "Profile Information", "ProfileMap"),
        ("Profile", "Profile Information", "ProfileMap"),
        ("Profile", "Profile Info", "ProfileMap"),
        (_PS, "Profile Info", "ProfileMap"),
    ),
    "off-tiktok-activity": (
        None,
        None,
        (_ADS, "Off TikTok Activity", "OffTikTokActivityDataList"),
        (_ADS, "Off TikTok Activity", "OffTikTokActivityDataList"),
        (_YA, "Off TikTok Activity", "OffTikTokActivityDataList"),  # and an empty copy in _PS
    ),
    "settings": (
        None,  # no 2021-22 source shows a SettingsMap
        (_APP, "Settings", "SettingsMap"),
        (_APP, "Settings", "SettingsMap"),
        (_APP, "Settings", "SettingsMap"),
        (_PS, "Settings", "SettingsMap"),
    ),
    "posted-videos": (
        ("Video", "Videos", "VideoList"),
        ("Video", "Videos", "VideoList"),
        ("Video", "Videos", "VideoList"),
        ("Post", "Posts", "VideoList"),
        ("Post", "Posts", "VideoList"),
    ),
    "income": (
        None,
        None,
        ("Income Plus Wallet Transactions", "Income Plus Wallet Transaction"),
        ("Income Plus Wallet Transactions", "Transaction History"),
        ("Income+ Wallet", "Transaction History"),
    ),
    "live-hosted": (
        None,
        (_LIVE_OLD, "Go Live History"),
        (_LIVE_OLD, "Go Live History"),
        (_LIVE_OLD, "Go Live History"),
        ("TikTok Live", "Go Live History"),
    ),
    "shop": (
        None,
        (_SHOP_OLD, "Order History"),
        (_SHOP_OLD, "Order History"),
        ("TikTok Shop", "Order History"),
        ("TikTok Shop", "Order History"),
    ),
    "status": (
        (_A, "Status"),  # one object in 2021-22
        (_A, "Status", "Status List"),
        (_A, "Status", "Status List"),
        (_YA, "Status", "Status List"),
        (_YA, "Status", "Status List"),
    ),
    "block-list": (
        (_APP, "Block", "BlockList"),
        (_APP, "Block", "BlockList"),
        (_APP, "Block", "BlockList"),
        (_APP, "Block List", "BlockList"),
        (_PS, "Block List", "BlockList"),
    ),
    "location-reviews": (
        None,
        None,
        ("Poi Review", "POI Review", "ReviewsList"),
        ("Location Review", "Location Reviews", "ReviewsList"),
        ("Location Review", "Location Reviews", "ReviewsList"),
    ),
    "autofill": (
        None,
        ("Profile", "Auto Fill"),
        ("Profile", "Auto Fill"),
        ("Profile", "Autofill"),
        (_PS, "Autofill"),
    ),
    "purchases": (
        None,
        (_A, "Purchase History"),
        (_A, "Purchase History"),
        (_YA, "Purchases"),
        (_YA, "Purchases"),
    ),
    "recent-location": (
        None,
        None,
        (_A, "Most Recent Location Data", "LocationData"),
        (_YA, "Most Recent Location Data", "LocationData"),
        None,
    ),
    "favorite-sounds": (
        None,
        (_A, "Favorite Sounds", "FavoriteSoundList"),
        (_A, "Favorite Sounds", "FavoriteSoundList"),
        (_YA, "Favorite Sounds", "FavoriteSoundList"),
        (_LF, "Favorite Sounds", "FavoriteSoundList"),
    ),
    "favorite-effects": (
        None,
        (_A, "Favorite Effects", "FavoriteEffectsList"),
        (_A, "Favorite Effects", "FavoriteEffectsList"),
        (_YA, "Favorite Effects", "FavoriteEffectsList"),
        (_LF, "Favorite Effects", "FavoriteEffectsList"),
    ),
    "favorite-hashtags": (
        None,
        (_A, "Favorite Hashtags", "FavoriteHashtagList"),
        (_A, "Favorite Hashtags", "FavoriteHashtagList"),
        (_YA, "Favorite Hashtags", "FavoriteHashtagList"),
        (_LF, "Favorite Hashtags", "FavoriteHashtagList"),
    ),
    "favorite-collections": (
        None,
        None,
        None,
        (_YA, "Favorite Collection", "FavoriteCollectionList"),
        (_LF, "Favorite Collection", "FavoriteCollectionList"),
    ),
    "favorite-comments": (
        None,
        None,
        None,
        (_YA, "Favorite Comment", "FavoriteCommentList"),
        (_LF, "Favorite Comment", "FavoriteCommentList"),
    ),
    "favorite-locations": (
        None,
        None,
        None,
        (_YA, "Favorite Location", "FavoriteLocationList"),
        (_LF, "Favorite Location", "FavoriteLocationList"),
    ),
    "favorite-drama": (None, None, None, None, (_LF, "Favorite Drama")),
    "favorite-movies": (None, None, None, None, (_LF, "Favorite Movies and TV", "FavoriteMoviesAndTVList")),
    "favorite-playlists": (None, None, None, None, (_LF, "Favorite Playlists", "FavoritePlaylistList")),
    "collections": (None, None, None, (_YA, "Collection"), (_LF, "Collection")),
    "reposts": (None, None, None, None, (_YA, "Reposts", "RepostList")),
    "ads-visit-history": (None, None, None, None, (_YA, "Ads Visit History", "AdsVisitHistoryList")),
    "instant-form-ads": (
        None,
        None,
        (_ADS, "Instant Form Ads Responses", "ResponsesList"),
        (_ADS, "Instant Form Ads Responses", "ResponsesList"),
        (_YA, "Instant Form Ads Responses", "ResponsesList"),
    ),
    "ad-partners": (None, (_ADS, "Ads Based On Data Received From Partners"), None, None, None),
    "third-party-usage": (None, (_ADS, "Usage Data From Third-Party Apps And Websites"), None, None, None),
    "third-party-accounts": (None, None, None, (_APP, "UserThirdPlatformInformation"), None),
    "donations": (None, None, None, (_YA, "Donation", "DonationList"), (_YA, "Donation", "DonationList")),
    "fundraisers": (
        None,
        None,
        None,
        (_YA, "Fundraiser", "FundraiserList"),
        (_YA, "Fundraiser", "FundraiserList"),
    ),
    "stickers": (None, None, None, None, (_YA, "Stickers", "StickerList")),
    "mini-drama": (None, None, None, None, (_YA, "Mini Drama Watch History")),
    "ai-moji": (None, None, ("Profile", "AIMoji"), ("Profile", "AI-Moji"), (_PS, "AI-Moji")),
    "ai-self-image": (None, None, None, ("Profile", "AISelfImage"), (_PS, "AISelfImage")),
    "profile-views": (None, None, None, None, (_PS, "ProfileViews", "ProfileViewList")),
    "deleted-posts": (
        None,
        None,
        ("Video", "RecentlyDeletedPosts", "PostList"),
        ("Post", "Recently Deleted Posts", "PostList"),
        ("Post", "Recently Deleted Posts", "PostList"),
    ),
    "stories": (None, None, None, None, ("Post", "Story")),
    "group-chats": (None, None, None, None, (_DM, "Group Chat", "GroupChat")),
    "tako-chats": (None, None, None, None, (_DM, "Tako Chat History", "TakoChatHistoryList")),
    "coin-purchases": (
        None,
        None,
        None,
        None,
        ("Income+ Wallet", "Coin Purchase History", "CoinPurchaseHistoryList"),
    ),
    "live-settings": (
        None,
        (_LIVE_OLD, "Go Live Settings"),  # {} in 2023
        (_LIVE_OLD, "Go Live Settings", "SettingsMap"),
        (_LIVE_OLD, "Go Live Settings", "SettingsMap"),
        ("TikTok Live", "Go Live Settings", "SettingsMap"),
    ),
    "live-watch-history": (
        None,
        (_LIVE_OLD, "Watch Live History", "WatchLiveMap"),
        (_LIVE_OLD, "Watch Live History", "WatchLiveMap"),
        (_LIVE_OLD, "Watch Live History", "WatchLiveMap"),
        ("TikTok Live", "Watch Live History", "WatchLiveMap"),
    ),
    "live-watch-settings": (
        None,
        (_LIVE_OLD, "Watch Live Settings"),
        (_LIVE_OLD, "Watch Live Settings"),
        (_LIVE_OLD, "Watch Live Settings"),
        ("TikTok Live", "Watch Live Settings"),
    ),
    "live-comments": (None, None, None, (_LIVE_OLD, "Watch Live Comment"), None),
}

SECTION_PATHS: Final[dict[str, dict[str, _Path | None]]] = {
    section: {
        "old": _FIRST_PATHS.get(section, {}).get("old"),
        "new": _FIRST_PATHS.get(section, {}).get("new"),
        **dict(zip(YEARS, _YEAR_PATHS[section], strict=True)),
    }
    for section in SECTION_IDS
}
"""Where each section lives, per generation (``None``: that generation has no such section).

The last key is the one holding the section's list, map or value (for a few sections the
section's own object); this is the layout the project's schema expects, so tests can walk
an export with it.
"""

_JSON_MEMBER: Final[dict[str, str]] = {
    "new": "user_data_tiktok.json",
    "old": "user_data.json",
    "2021": "user_data.json",
    "2023": "user_data.json",
    "2024": "user_data_tiktok.json",
    "2025": "user_data_tiktok.json",
    "2026": "user_data_tiktok.json",
}

# Sections whose section object holds ``"App": 1`` (and, for follows, ``"IsFastLane": false``)
# beside the list, from 2024 on.
_APP_SIBLINGS: Final[dict[str, dict[str, object]]] = {
    "likes": {"App": 1},
    "favorite-videos": {"App": 1},
    "followers": {"App": 1, "IsFastLane": False},
    "following": {"App": 1, "IsFastLane": False},
    "block-list": {"App": 1},
    "settings": {"App": 1},
    "comments": {"App": 1},
    "profile": {"App": 1},
}

_SHOP_2023: Final = (
    "Communication History", "Current Payment Information", "Customer Support History",
    "Order Dispute History", "Product Browsing History", "Product Review History",
    "Return and Refund History", "Saved Address Information", "Shopping Cart List", "Vouchers",
)  # fmt: skip
_SHOP_LISTS: Final[dict[str, str]] = {
    "Communication History": "CommunicationHistories",
    "Communication With Shops": "CommunicationHistories",
    "Current Payment Information": "PayCard",
    "Customer Support History": "CustomerSupportHistories",
    "Order Dispute History": "OrderDisputeHistories",
    "Product Browsing History": "ProductBrowsingHistories",
    "Product Review History": "ProductReviewHistories",
    "Product Reviews": "ProductReviewHistories",
    "Return and Refund History": "ReturnAndRefundHistories",
    "Returns and Refunds History": "ReturnAndRefundHistories",
    "Saved Address Information": "SavedAddress",
    "Shopping Cart List": "ShoppingCart",
    "Vouchers": "Vouchers",
}
_SHOP_2025: Final = (
    "Communication With Shops", "Current Payment Information", "Customer Support History",
    "Order Dispute History", "Product Browsing History", "Product Reviews",
    "Returns and Refunds History", "Saved Address Information", "Shopping Cart List", "Vouchers",
)  # fmt: skip


def _companions(section: str, generation: str) -> tuple[tuple[_Path, object], ...]:
    """Parts TikTok writes beside a section that the schema counts as that same section.

    The shop's other sub-sections (all empty in every export seen) and, in 2026, the empty
    second copy of off-TikTok activity under ``Profile And Settings``.
    """
    if section == "shop" and generation in ("2023", "2024"):
        return tuple(
            ((_SHOP_OLD, name), {} if generation == "2023" else {_SHOP_LISTS[name]: None})
            for name in _SHOP_2023
        )
    if section == "shop" and generation in ("2025", "2026"):
        parts: list[tuple[_Path, object]] = [(("TikTok Shop", n), {_SHOP_LISTS[n]: None}) for n in _SHOP_2025]
        if generation == "2026":
            item = {"TikTokFavoriteItemResult": {"TikTokFavoriteItemList": None}}
            parts.append((("TikTok Shop", "TikTokFavoriteItem"), item))
        return tuple(parts)
    if section == "off-tiktok-activity" and generation == "2026":
        return (((_PS, "Off TikTok Activity"), {"OffTikTokActivityDataList": None}),)
    return ()


@dataclass(frozen=True)
class ExportSpec:
    """Everything that determines one synthetic export; equal specs give equal bytes.

    ``target_bytes`` is the approximate size of the JSON: watch history takes about 80% of
    it and the other lists scale with it. When ``sections`` leaves lists out, the budget is
    shared among the lists that remain, so a watch-history-only export still has about the
    requested size. ``empty_sections`` are always present (even if ``sections`` omits them),
    with a null, empty list or empty object as TikTok writes a switched-off feature.
    Sections that a generation does not have (``ad-interests`` and ``off-tiktok-activity``
    in the old one, ``tako-chats`` before 2026, every year-only section in old and new) are
    silently left out. The dates run back from ``now`` whatever the generation, so pass a
    ``now`` in the generation's years when the dates should match the layout too.
    """

    generation: str = "new"
    seed: int = 0
    target_bytes: int = 200_000
    sections: frozenset[str] | None = None
    canaries: bool = False
    hostile: bool = False
    empty_sections: frozenset[str] = field(default_factory=frozenset)
    now: str = "2026-11-01 12:00:00"

    def __post_init__(self) -> None:
        """Reject a spec that would silently produce something other than asked for."""
        if self.generation not in GENERATIONS:
            raise ValueError(f"generation must be one of {', '.join(GENERATIONS)}, not {self.generation!r}")
        if self.target_bytes < 0:
            raise ValueError("target_bytes must not be negative")
        unknown = sorted((self.sections or frozenset()) | self.empty_sections)
        unknown = [s for s in unknown if s not in SECTION_PATHS]
        if unknown:
            raise ValueError(f"unknown section ids: {', '.join(unknown)}")
        _parse_now(self.now)


# --------------------------------------------------------------------------------------
# Vocabulary. All invented; names are common first names and surnames combined at random.
# --------------------------------------------------------------------------------------

_FIRST = (
    "emma", "noah", "lotte", "daan", "sara", "milan", "julia", "sem", "anna", "finn",
    "zoe", "levi", "mila", "luuk", "nora", "bram", "yara", "jesse", "lina", "thijs",
    "amira", "omar", "sofia", "youssef", "mei", "kenji", "fenna", "ruben", "ilse", "tariq",
)  # fmt: skip
_LAST = (
    "devries", "jansen", "bakker", "visser", "smit", "meijer", "mulder", "bos", "vos",
    "peters", "hendriks", "dekker", "brouwer", "dijkstra", "kok", "jacobs", "elamrani",
    "nguyen", "yilmaz", "santos",
)  # fmt: skip
_ADJ = (
    "sunny", "lazy", "tiny", "cosmic", "salty", "happy", "sleepy", "golden", "wild",
    "quiet", "urban", "retro", "pixel", "mellow", "spicy", "frosty", "cozy", "neon",
)  # fmt: skip
_NOUN = (
    "mango", "panda", "bakes", "plants", "tacos", "otter", "cactus", "comet", "waffle",
    "fox", "noodle", "lemon", "biscuit", "koala", "maple", "frog", "cookie", "tulip",
)  # fmt: skip
_USER_SUFFIX = ("official", "nl", "daily", "tv", "xo", "life", "vibes", "eats")
_MAIL_DOMAINS = ("example.com", "example.org", "example.net", "mail.example.com")
_CITIES = (
    "Amsterdam", "Utrecht", "Rotterdam", "Groningen", "Eindhoven", "Nijmegen", "Leiden",
    "Antwerpen", "Gent", "Berlin", "Barcelona", "Lisbon", "London", "Paris",
)  # fmt: skip
_COUNTRY = {
    "Antwerpen": "Belgium", "Gent": "Belgium", "Berlin": "Germany", "Barcelona": "Spain",
    "Lisbon": "Portugal", "London": "United Kingdom", "Paris": "France",
}  # fmt: skip
_EMOJI = (
    "\U0001f602", "\U0001f62d", "\U0001f525", "\u2728", "\U0001f480", "\U0001f64f",
    "\u2764\ufe0f", "\U0001f60d", "\U0001f979", "\U0001f440", "\U0001f923", "\U0001f485",
    "\U0001f35d", "\u2615", "\U0001f431", "\U0001f436", "\U0001f389", "\U0001f44d\U0001f3fd",
    "\U0001f1f3\U0001f1f1", "\U0001faf6", "\U0001f633", "\U0001f92f", "\U0001f4af",
)  # fmt: skip
_THINGS = (
    "jacket", "lamp", "mug", "shoes", "sweater", "plant pot", "bag", "necklace", "rug",
    "headphones", "phone case", "earrings",
)  # fmt: skip
_FOODS = (
    "pasta", "banana bread", "iced latte", "ramen", "pancakes", "tacos", "brownies",
    "poke bowl", "shakshuka", "sourdough", "stroopwafels", "dumplings",
)  # fmt: skip
_TAGS = (
    "fyp", "foryou", "booktok", "cooking", "recipe", "catsoftiktok", "dogsoftiktok",
    "skincare", "gym", "fitness", "travel", "amsterdam", "nederland", "learnontiktok",
    "diy", "art", "dance", "funny", "comedy", "football", "gaming", "studytok", "plants",
    "fashion", "ootd", "makeup", "thrift", "coffee", "baking", "foodtok", "cleantok",
)  # fmt: skip
_SEARCHES = (
    "easy {food} recipe", "how to make {food} at home", "study with me 2 hours",
    "gym outfit ideas", "funny cat compilation", "best sunscreen for oily skin",
    "{city} hidden gems", "recept {food}", "airfryer recepten", "how to fold a fitted sheet",
    "nail art ideas", "football skills tutorial", "minecraft build ideas", "plant care tips",
    "budget travel europe", "night skincare routine", "outfit check", "slow dance tutorial",
    "puppy training tips", "ikea hack", "room makeover small", "exam stress tips",
    "vinted haul", "goedkope vakantie tips", "fietsen in de regen", "hoe leer je sneller",
    "beste friet {city}", "zomer outfit 2026", "fantasy book recommendations", "booktok",
    "what i eat in a day", "5 minute workout", "latte art", "thrift flip {thing}",
    "sourdough starter day 1", "learn spanish fast", "easy piano tutorial",
    "festival makeup", "cheap dinner ideas", "high protein meal prep", "camping hacks",
    "fix squeaky door", "flat bike tire repair", "rainy day aesthetic", "cozy games switch",
    "phone photography tips", "{thing} aesthetic", "{city} food spots", "#{tag}",
    "@{user}", "{food} {emoji}", "how to say no politely", "sleep routine tips",
)  # fmt: skip
_COMMENTS = (
    "this is so me {emoji}", "omg I need this", "where did you get that {thing}?",
    "@{user} look at this {emoji}", "tried this and it actually works!!",
    "the ending {emoji}", "part 2 please", "no way {emoji}", "recipe please {emoji}",
    "this made my day", "who else is watching this at {hour}am", "I'm crying {emoji}{emoji}",
    "underrated", "first", "ok but the {thing} {emoji}", "dit is zo herkenbaar {emoji}",
    "waar is dit?", "haha echt", "@{user} dit ben jij", "saving this for later",
    "bro really said {emoji}", "need the song name", "the cat at the end {emoji}",
    "made the {food} yesterday, 10/10", "{city} represent {emoji}", "why is this so true",
    "can't stop watching", "the way I screamed", "is this in {city}?", "same tbh",
)  # fmt: skip
_MESSAGES = (
    "hey!", "did you see this?", "hahaha", "omg {emoji}", "are you coming tonight?",
    "yes around 8", "ok see you there", "lol", "that's literally us", "send me the recipe pls",
    "wanna watch a movie saturday?", "kan niet vandaag sorry", "morgen?", "hahah dit",
    "{emoji}", "same", "wait what", "no way", "I'm so tired", "good luck with your exam!!",
    "thanks!!", "where are you?", "running late {emoji}", "this is so you",
    "we should go to {city} again", "I made {food} today", "dit moet je zien",
    "heb je de {thing} nog?", "{emoji}{emoji}{emoji}", "ok", "call me later?",
    "did you finish the assignment", "happy birthday!! {emoji}", "ik ben er bijna",
)  # fmt: skip
_BIOS = (
    "coffee {emoji} | cats | {city}", "just vibes {emoji}", "{city} \u00b7 books \u00b7 plants",
    "making {food} videos {emoji}", "student | {city} | dms open", "not a chef {emoji}",
    "daily outfits {emoji}", "{emoji} living my best life", "ig: {user}",
)  # fmt: skip
_TITLES = (
    "day in my life {emoji} #{tag} #fyp", "trying the viral {food} #{tag}",
    "pov: you forgot your {thing} again", "part 2 {emoji}", "{city} in 10 seconds #{tag}",
    "my {thing} collection #{tag}", "ok this actually worked #{tag} #foryou",
    "rate my {food} 1-10", "", "no caption needed {emoji}", "weekend in {city} {emoji}",
)  # fmt: skip
_SOUNDS = (
    "original sound", "Summer Nights (sped up)", "Lofi Rain Loop",
    "Midnight Drive - Neon Tapes", "Dance Floor Anthem - DJ Kiwi", "Coffee Shop Jazz",
    "Sunday Morning Piano",
)  # fmt: skip
_AD_CATEGORIES = (
    "Apparel & Accessories", "Beauty & Personal Care", "Food & Beverage", "Games",
    "Travel", "Education", "Home Improvement", "Pets", "Sports & Outdoor",
    "Tech & Electronics", "Financial Services", "Vehicles & Transportation",
    "News & Entertainment", "Baby, Kids & Maternity",
)  # fmt: skip
_OFF_SOURCES = (
    "Shopnova", "FitTrack Pro", "Bakkerij Online", "StreamBox", "QuickFood", "TravelMate",
    "PixelQuest Games", "ModeHuis", "BookNest", "GreenLeaf Plants", "Fietsplein",
)  # fmt: skip
_OFF_EVENTS = (
    "Launch", "ViewContent", "AddToCart", "Purchase", "CompleteRegistration", "Search",
    "InitiateCheckout", "AddPaymentInfo", "Subscribe",
)  # fmt: skip
_SHARE_METHODS = ("chat_merge", "copy", "whatsapp", "instagram_story", "sms", "more", "download")
_SHARED_CONTENT = ("video", "video", "video", "video", "profile", "sound", "live", "hashtag")
_DEVICES = (
    ("iPhone14,5", "iOS 17.5.1"), ("iPhone15,2", "iOS 18.1"), ("iPhone16,1", "iOS 18.6"),
    ("SM-S911B", "Android 14"), ("SM-A546B", "Android 14"), ("Pixel 8", "Android 15"),
    ("Pixel 7a", "Android 14"), ("22101316G", "Android 13"), ("CPH2451", "Android 13"),
)  # fmt: skip
_NETWORKS = ("Wi-Fi", "Wi-Fi", "Wi-Fi", "4G", "5G", "3G")
_CARRIERS = ("KPN", "Vodafone", "Odido", "Lebara", "Proximus", "Simyo", "")
_KEYWORD_FILTERS = ("spoilers", "diet", "horror", "politics", "prank", "asmr", "giveaway")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_CANARY_LEAD = ("hello", "note", "text", "msg", "hi", "see")
_CANARY_TAIL = ("world", "end", "here", "ok", "thanks", "bye")

_HOSTILE: Final[tuple[str, ...]] = (
    "<img src=x onerror=alert(1)>",
    '"><script>alert(1)</script>',
    "'><svg/onload=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "</textarea><script>alert(document.domain)</script>",
    '{{constructor.constructor("alert(1)")()}}',
    "${alert(1)}",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
)
"""Markup that must only ever be shown as text by the page (browser XSS tests look for it)."""

_EXOTIC: Final[tuple[str, ...]] = (
    # Arabic, then Hebrew
    "\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645 \U0001f44b",
    "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd",
    "abc \u202etxt.exe\u202c def",  # right-to-left override
    "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466 family",  # ZWJ sequence
    "Z\u0364\u0311\u0313a\u0324\u0354lgo",  # stacked combining marks
    "\U0001d573\U0001d58a\U0001d591\U0001d591\U0001d594",  # astral-plane letters
    "line\u2028separator",  # breaks naive JavaScript string literals
)
"""Emoji, right-to-left and combining text that layouts and escapers get wrong."""

# Share of each hour of the day (UTC) in activity: quiet at night, busy in the evening.
_HOUR_WEIGHTS = (
    3.0, 1.5, 0.8, 0.4, 0.3, 0.3, 0.6, 1.2, 1.5, 1.5, 1.6, 1.8,
    2.2, 2.0, 1.9, 2.1, 2.6, 3.2, 3.8, 4.5, 5.2, 5.6, 5.0, 4.2,
)  # fmt: skip
_HOUR_CUM: Final[tuple[float, ...]] = tuple(sum(_HOUR_WEIGHTS[:h]) / sum(_HOUR_WEIGHTS) for h in range(25))

_DAY = 86_400
_SPAN_DAYS = 730  # how far back dated lists go
_MIN_VIDEO_TS = 1_500_000_000  # keeps snowflake video ids at 19 digits

# List sections: share of the byte budget, fewest records, mean records per burst.
_LIST_WEIGHT: Final[dict[str, float]] = {
    "watch-history": 0.80,
    "likes": 0.06,
    "favorite-videos": 0.01,
    "searches": 0.025,
    "shares": 0.01,
    "followers": 0.008,
    "following": 0.012,
    "hashtags": 0.002,
    "login-history": 0.01,
    "comments": 0.015,
    "direct-messages": 0.04,
    "off-tiktok-activity": 0.006,
    "posted-videos": 0.002,
    # only in YEARS:
    "block-list": 0.001,
    "location-reviews": 0.001,
    "favorite-sounds": 0.002,
    "favorite-effects": 0.001,
    "reposts": 0.003,
}
_MIN_COUNT: Final[dict[str, int]] = {
    "watch-history": 5,
    "likes": 3,
    "favorite-videos": 2,
    "searches": 3,
    "shares": 2,
    "followers": 3,
    "following": 3,
    "hashtags": 2,
    "login-history": 3,
    "comments": 3,
    "direct-messages": 4,
    "off-tiktok-activity": 3,
    "posted-videos": 2,
    "block-list": 1,
    "location-reviews": 1,
    "favorite-sounds": 1,
    "favorite-effects": 1,
    "reposts": 2,
}
_BURST: Final[dict[str, int]] = {
    "watch-history": 25,
    "likes": 4,
    "searches": 3,
    "following": 2,
    "comments": 2,
    "direct-messages": 6,
    "off-tiktok-activity": 3,
}
_STRUCTURE_OVERHEAD = 6_000  # bytes of profile, settings and keys, roughly
_YEAR_OVERHEAD = 12_000  # the real layouts carry many more small sections
_SHARE_PLACEHOLDER: Final[dict[str, str]] = {
    "Date": "1969-12-31 23:59:59",
    "SharedContent": "video",
    "Link": "https://www.tiktok.com/",
    "Method": "repost",
}
"""The record 2025-26 exports list after the real shares (a zero timestamp shown in UTC-1 or so)."""
# Year sections written whole whose value is a list (so "switched off" is null, not {}).
_LIST_VALUED: Final = frozenset({
    "status", "favorite-hashtags", "favorite-collections", "favorite-comments", "favorite-locations",
    "favorite-movies", "favorite-playlists", "ads-visit-history", "instant-form-ads", "donations",
    "fundraisers", "stickers", "profile-views", "deleted-posts", "tako-chats", "coin-purchases",
})  # fmt: skip

_Rec: TypeAlias = dict[str, object]
_Make: TypeAlias = Callable[[int, int], _Rec]


# --------------------------------------------------------------------------------------
# Output tree and streaming writer
# --------------------------------------------------------------------------------------


@dataclass
class _Stream:
    """A JSON list produced lazily, one record at a time."""

    records: Iterator[_Rec]


@dataclass
class _Value:
    """A small JSON value written in one piece (profile map, settings, nulls)."""

    value: object


_Node: TypeAlias = "dict[str, _Node] | _Stream | _Value"


class _Writable(Protocol):
    def write(self, data: bytes, /) -> object: ...


class _Discard:
    """An output that forgets everything: used to replay a spec for its canary values."""

    def write(self, data: bytes, /) -> int:
        return len(data)


class _Sink:
    """Batches small string writes into ~64 KiB UTF-8 chunks (zip handles prefer few writes)."""

    def __init__(self, out: _Writable) -> None:
        self._out = out
        self._parts: list[str] = []
        self._size = 0

    def write(self, text: str) -> None:
        self._parts.append(text)
        self._size += len(text)
        if self._size >= 65_536:
            self.flush()

    def flush(self) -> None:
        if self._parts:
            self._out.write("".join(self._parts).encode("utf-8"))
            self._parts.clear()
            self._size = 0


_ENCODE: Final = json.JSONEncoder(ensure_ascii=False).encode
_ENCODE_INDENTED: Final = json.JSONEncoder(ensure_ascii=False, indent=2).encode
_INDENT = "  "


def _emit(sink: _Sink, node: _Node, depth: int) -> None:
    """Write ``node`` as indented JSON; streamed lists get one compact record per line."""
    if isinstance(node, _Stream):
        inner = "\n" + _INDENT * (depth + 1)
        first = True
        for record in node.records:
            sink.write(("[" if first else ",") + inner + _ENCODE(record))
            first = False
        sink.write("[]" if first else "\n" + _INDENT * depth + "]")
    elif isinstance(node, _Value):
        sink.write(_ENCODE_INDENTED(node.value).replace("\n", "\n" + _INDENT * depth))
    elif not node:
        sink.write("{}")
    else:
        inner = "\n" + _INDENT * (depth + 1)
        first = True
        for key, child in node.items():
            sink.write(("{" if first else ",") + inner + _ENCODE(key) + ": ")
            first = False
            _emit(sink, child, depth + 1)
        sink.write("\n" + _INDENT * depth + "}")


def _insert(tree: dict[str, _Node], path: _Path, node: _Node) -> None:
    here = tree
    for key in path[:-1]:
        child = here.setdefault(key, {})
        if not isinstance(child, dict):  # pragma: no cover - paths never overlap
            raise TypeError(f"path clash at {key!r}")
        here = child
    here[path[-1]] = node


# --------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------


def _parse_now(now: str) -> int:
    try:
        return calendar.timegm(time.strptime(now, "%Y-%m-%d %H:%M:%S"))
    except ValueError:
        raise ValueError(f"now must look like '2026-11-01 12:00:00', not {now!r}") from None


def _section_rng(seed: int, *parts: str) -> random.Random:
    """A generator of its own per section, so one section's size never shifts another's data."""
    # Not for security: synthetic data must be reproducible from the seed.
    return random.Random("/".join(("tiktok-export-synthetic", str(seed), *parts)))  # noqa: S311


_FORMATTER = string.Formatter()
_SLOTS_CACHE: dict[str, tuple[str, ...]] = {}


def _slots(template: str) -> tuple[str, ...]:
    slots = _SLOTS_CACHE.get(template)
    if slots is None:
        slots = tuple(name for _, name, _, _ in _FORMATTER.parse(template) if name)
        _SLOTS_CACHE[template] = slots
    return slots


def _plain_username(rng: random.Random) -> str:
    """A made-up handle in one of the shapes TikTok users pick."""
    pattern = rng.randrange(6)
    num = str(rng.randint(1, 999))
    if pattern == 0:
        return f"{rng.choice(_ADJ)}{rng.choice(_NOUN)}{num}"
    if pattern == 1:
        return f"{rng.choice(_FIRST)}.{rng.choice(_NOUN)}"
    if pattern == 2:
        return f"{rng.choice(_NOUN)}_{rng.choice(_ADJ)}{num}"
    if pattern == 3:
        return f"{rng.choice(_FIRST)}{rng.choice(_LAST)[:4]}{num}"
    if pattern == 4:
        return f"the.{rng.choice(_NOUN)}.{rng.choice(_USER_SUFFIX)}"
    return f"{rng.choice(_FIRST)}_{rng.choice(_LAST)}_{num}"


def _email(rng: random.Random) -> str:
    sep = rng.choice((".", "_", ""))
    num = rng.choice(("", "", str(rng.randint(1, 99))))
    return f"{rng.choice(_FIRST)}{sep}{rng.choice(_LAST)}{num}@{rng.choice(_MAIL_DOMAINS)}"


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _phone(rng: random.Random) -> str:
    pattern = rng.randrange(5)
    if pattern == 0:
        return f"+31 6 {_digits(rng, 4)} {_digits(rng, 4)}"
    if pattern == 1:
        return f"06-{_digits(rng, 8)}"
    if pattern == 2:
        return f"+316{_digits(rng, 8)}"
    if pattern == 3:
        return f"+44 7700 900{_digits(rng, 3)}"
    return f"+1 202-555-01{_digits(rng, 2)}"


def _url(rng: random.Random) -> str:
    slug = f"{rng.choice(_ADJ)}-{rng.choice(_NOUN)}"
    return rng.choice(
        (
            f"https://example.com/{slug}",
            f"www.example.org/shop/{slug}",
            f"https://{rng.choice(_NOUN)}.example.net/?ref={_digits(rng, 5)}",
        )
    )


def _city(rng: random.Random) -> str:
    return rng.choice(_CITIES)


def _fill(rng: random.Random, template: str, friends: Sequence[str]) -> str:
    """Fill ``{slot}`` placeholders of a text template with invented values."""
    slots = _slots(template)
    if not slots:
        return template
    values: dict[str, str] = {}
    for slot in slots:
        if slot == "emoji":
            values[slot] = rng.choice(_EMOJI)  # each use of {emoji} gets the same one
        elif slot == "user":
            values[slot] = rng.choice(friends)
        elif slot == "thing":
            values[slot] = rng.choice(_THINGS)
        elif slot == "food":
            values[slot] = rng.choice(_FOODS)
        elif slot == "city":
            values[slot] = _city(rng)
        elif slot == "tag":
            values[slot] = rng.choice(_TAGS)
        elif slot == "hour":
            values[slot] = str(rng.randint(1, 4))
    return template.format_map(values)


def _chat_key_shape(payload: str) -> Callable[[int], str]:
    """The canary chat key for canary number ``n`` (a function, as canaries are numbered late)."""

    def shape(n: int) -> str:
        return f"Chat History with canary_friend_{n:06d}{payload}:"

    return shape


def _pii_snippet(rng: random.Random, friends: Sequence[str]) -> str:
    """Something a scrubber should find in free text: an e-mail, phone, mention or URL."""
    kind = rng.randrange(4)
    if kind == 0:
        return rng.choice(("mail me at ", "my email is ", "", "contact: ")) + _email(rng)
    if kind == 1:
        return rng.choice(("call me ", "my number: ", "app me ", "")) + _phone(rng)
    if kind == 2:
        return "@" + rng.choice(friends)
    return rng.choice(("check ", "link: ", "")) + _url(rng)


# --------------------------------------------------------------------------------------
# The generator
# --------------------------------------------------------------------------------------

_TEXT_TEMPLATES: Final[dict[str, tuple[str, ...]]] = {
    "search": _SEARCHES,
    "comment": _COMMENTS,
    "message": _MESSAGES,
    "bio": _BIOS,
    "title": _TITLES,
}
_PII_RATE: Final[dict[str, float]] = {
    "search": 0.02,
    "comment": 0.04,
    "message": 0.06,
    "bio": 0.3,
    "title": 0.03,
}


class _Gen:
    """One export being made: section planning, record factories and canary bookkeeping."""

    def __init__(self, spec: ExportSpec, *, collect: bool = False) -> None:
        self.spec = spec
        self.new = spec.generation == "new"
        self.year = int(spec.generation) if spec.generation in YEARS else 0  # 0: old or new
        self.end = _parse_now(spec.now)
        self.collected: dict[str, set[str]] = {}
        self._counter = 0
        self._recording = collect  # only canary_values() keeps them: they grow with the export
        self._day_cache: dict[int, str] = {}
        owner = _section_rng(spec.seed, "owner")
        self.own_username = _plain_username(owner)
        self.friends = tuple(_plain_username(owner) for _ in range(60))
        wanted = frozenset(SECTION_IDS) if spec.sections is None else spec.sections
        wanted |= spec.empty_sections
        self.present = tuple(s for s in SECTION_IDS if s in wanted and SECTION_PATHS[s][spec.generation])
        self.counts: dict[str, int] = {}

    # -- canaries and hostile values ----------------------------------------------------

    def canary(self, path: str, shape: Callable[[int], str]) -> str:
        """A fresh canary value for ``path``, remembered for :func:`canary_values`."""
        self._counter += 1
        value = shape(self._counter)
        if self._recording:
            self.collected.setdefault(path, set()).add(value)
        return value

    def hostile(self, rng: random.Random, index: int) -> str | None:
        """A payload for this record, or None: the first records of a list always get one."""
        if not self.spec.hostile:
            return None
        if index < 2:
            return _HOSTILE[index]
        if index == 2:
            return rng.choice(_EXOTIC)
        if rng.random() < 0.05:
            return rng.choice(_HOSTILE + _EXOTIC)
        return None

    def text(self, rng: random.Random, path: str, kind: str, index: int) -> str:
        """Free text of one kind (search, comment, message, bio, title)."""
        payload = self.hostile(rng, index)
        if self.spec.canaries:
            lead, tail = rng.choice(_CANARY_LEAD), rng.choice(_CANARY_TAIL)
            extra = f" {payload}" if payload else ""
            return self.canary(path, lambda n: f"{lead} {CANARY_PREFIX}{n:06d} {tail}{extra}")
        text = _fill(rng, rng.choice(_TEXT_TEMPLATES[kind]), self.friends)
        if rng.random() < _PII_RATE[kind]:
            text = f"{text} {_pii_snippet(rng, self.friends)}".strip()
        if self.spec.hostile and rng.random() < 0.05:
            text = f"{text} {rng.choice(_EXOTIC)}"
        if payload:
            text = f"{text} {payload}" if rng.random() < 0.5 else payload
        return text

    def username(self, rng: random.Random, path: str, index: int, stem: str = "user") -> str:
        """Someone's handle; in canary mode unique per record."""
        payload = self.hostile(rng, index) if path != "profile.PlatformInfo[].UserName" else None
        extra = payload or ""
        if self.spec.canaries:
            return self.canary(path, lambda n: f"canary_{stem}_{n:06d}{extra}")
        name = rng.choice(self.friends) if rng.random() < 0.3 else _plain_username(rng)
        return f"{name}{extra}"

    # -- dates and ids --------------------------------------------------------------------

    def date(self, ts: int) -> str:
        """``YYYY-MM-DD HH:MM:SS`` in UTC, with the day part cached (it is hot)."""
        day, sec = divmod(ts, _DAY)
        prefix = self._day_cache.get(day)
        if prefix is None:
            prefix = time.strftime("%Y-%m-%d ", time.gmtime(day * _DAY))
            self._day_cache[day] = prefix
        hour, rest = divmod(sec, 3600)
        minute, second = divmod(rest, 60)
        return f"{prefix}{hour:02d}:{minute:02d}:{second:02d}"

    def _warp(self, moment: float, end: int) -> int:
        """Move a moment within its day so that evenings are busier than nights (monotone)."""
        day, frac = divmod(moment / _DAY, 1.0)
        hour = min(23, bisect.bisect_right(_HOUR_CUM, frac) - 1)
        width = _HOUR_CUM[hour + 1] - _HOUR_CUM[hour]
        sec = (hour + (frac - _HOUR_CUM[hour]) / width) * 3600
        return min(int(day) * _DAY + min(int(sec), _DAY - 1), end)

    def times(
        self,
        rng: random.Random,
        n: int,
        burst: int,
        end: int | None = None,
        span: int = 0,
        *,
        fresh: bool = False,
    ) -> Iterator[int]:
        """``n`` timestamps, newest first, within ``span`` seconds before ``end``.

        Bursts (sessions) start at sorted uniform moments drawn one after the other (order
        statistics, so no list is kept), warped to the day's rhythm; records within a
        burst are seconds to minutes apart and never cross into the next burst.
        """
        end = self.end if end is None else end
        span = span or _SPAN_DAYS * _DAY
        floor = end - span
        sessions = max(1, min(n, round(n / burst))) if n > 0 else 0
        remaining = n
        frac = 1.0
        if sessions:
            frac *= rng.random() ** (1.0 / sessions)
        start = self._warp(floor + frac * span, end)
        if fresh:  # the export was requested right after the app was last used
            start = max(start, end - int(rng.expovariate(1.0 / 7200)))
        while sessions > 0:
            sessions -= 1
            if sessions:
                frac *= rng.random() ** (1.0 / sessions)
                nxt = self._warp(floor + frac * span, end)
                count = int(remaining / (sessions + 1) * rng.uniform(0.2, 1.8))
                count = min(max(1, count), remaining - sessions)
            else:
                nxt, count = floor - 1, remaining
            remaining -= count
            lower = nxt + 1 if nxt < start else start
            moment = start
            for _ in range(count):
                yield moment
                moment = max(moment - 3 - int(rng.expovariate(0.05)), lower)
            start = nxt

    def video_id(self, rng: random.Random, seen_at: int) -> int:
        """A 19-digit id shaped like TikTok's (creation time in the top bits)."""
        posted = max(seen_at - int(rng.expovariate(1.0 / (4 * _DAY))), _MIN_VIDEO_TS)
        return (posted << 32) | rng.getrandbits(32)

    def link(self, video_id: int) -> str:
        if self.new:
            return f"https://www.tiktok.com/@/video/{video_id}/"
        return f"https://www.tiktokv.com/share/video/{video_id}/"

    # -- record factories -------------------------------------------------------------------

    def factory(self, section: str, rng: random.Random) -> _Make:
        """A function ``(timestamp, index) -> record`` for one list section."""
        makers: dict[str, Callable[[random.Random], _Make]] = {
            "watch-history": self._make_watch,
            "likes": self._make_like,
            "favorite-videos": self._make_favorite,
            "searches": self._make_search,
            "shares": self._make_share,
            "followers": self._make_follower,
            "following": self._make_following,
            "hashtags": self._make_hashtag,
            "login-history": self._make_login,
            "comments": self._make_comment,
            "direct-messages": self._make_message_factory,
            "off-tiktok-activity": self._make_off_tiktok,
            "posted-videos": self._make_posted,
            "block-list": self._make_blocked,
            "location-reviews": self._make_review,
            "favorite-sounds": self._make_sound,
            "favorite-effects": self._make_effect,
            "reposts": self._make_repost,
        }
        return makers[section](rng)

    def _make_blocked(self, rng: random.Random) -> _Make:
        def make(ts: int, index: int) -> _Rec:
            return {
                "Date": self.date(ts),
                "UserName": self.username(rng, "block-list.UserName", index, "blocked"),
            }

        return make

    def _make_review(self, rng: random.Random) -> _Make:
        def make(ts: int, index: int) -> _Rec:
            if self.spec.canaries:
                place = self.canary("location-reviews.PlaceName", lambda n: f"CANARY{n:06d} Cafe")
            else:
                kind = rng.choice(("Cafe", "Bar", "Park"))
                place = f"{rng.choice(_ADJ).title()} {rng.choice(_NOUN).title()} {kind}"
            return {
                "PlaceName": place,
                "Date": self.date(ts),
                "Rating": f"{rng.randint(1, 5)}/5",
                "Status": "All visible",
                "Likes": str(int(rng.paretovariate(1.5)) - 1),
                "ReviewText": ""
                if rng.random() < 0.3
                else self.text(rng, "location-reviews.ReviewText", "comment", index),
            }

        return make

    def _make_sound(self, rng: random.Random) -> _Make:
        def make(ts: int, _index: int) -> _Rec:
            sound = 7_000_000_000_000_000_000 + rng.getrandbits(60)
            return {"Date": self.date(ts), "Link": f"https://m.tiktok.com/h5/share/music/{sound}.html"}

        return make

    def _make_effect(self, rng: random.Random) -> _Make:
        def make(ts: int, _index: int) -> _Rec:
            effect = rng.randint(100_000, 9_999_999)
            return {
                "Date": self.date(ts),
                "EffectLink": f"https://m.tiktok.com/share/stickers/detail/{effect}.html",
            }

        return make

    def _make_repost(self, rng: random.Random) -> _Make:
        def make(ts: int, _index: int) -> _Rec:
            return {"Date": self.date(ts), "Link": self.link(self.video_id(rng, ts))}

        return make

    def _make_watch(self, rng: random.Random) -> _Make:
        recent: list[int] = []  # a small ring of ids, for re-watches

        link_key = "VideoLink" if self.year == 2021 else "Link"
        titled = self.year >= 2026  # 2026 watch records carry the video's title, often ""

        def make(ts: int, index: int) -> _Rec:
            vid = recent[rng.randrange(len(recent))] if recent and rng.random() < 0.03 else 0
            if not vid or vid >> 32 > ts:  # a re-watch, unless that video is newer than ts
                vid = self.video_id(rng, ts)
                if len(recent) < 256:
                    recent.append(vid)
                else:
                    recent[rng.randrange(256)] = vid
            record: _Rec = {"Date": self.date(ts), link_key: self.link(vid)}
            if titled:
                title = "" if rng.random() < 0.5 else self.text(rng, "watch-history.Title", "title", index)
                record["Title"] = title
            return record

        return make

    def _make_like(self, rng: random.Random) -> _Make:
        date_key, link_key = ("date", "link") if self.new or self.year >= 2024 else ("Date", "Link")
        link_key = "VideoLink" if self.year == 2021 else link_key

        def make(ts: int, _index: int) -> _Rec:
            return {date_key: self.date(ts), link_key: self.link(self.video_id(rng, ts))}

        return make

    def _make_favorite(self, rng: random.Random) -> _Make:
        link_key = "VideoLink" if self.year == 2021 else "Link"

        def make(ts: int, _index: int) -> _Rec:
            return {"Date": self.date(ts), link_key: self.link(self.video_id(rng, ts))}

        return make

    def _make_search(self, rng: random.Random) -> _Make:
        def make(ts: int, index: int) -> _Rec:
            term = self.text(rng, "searches.SearchTerm", "search", index)
            return {"Date": self.date(ts), "SearchTerm": term}

        return make

    def _make_share(self, rng: random.Random) -> _Make:
        def make(ts: int, index: int) -> _Rec:
            if self.spec.canaries:
                content = self.text(rng, "shares.SharedContent", "comment", index)
            else:
                content = rng.choice(_SHARED_CONTENT)
            return {
                "Date": self.date(ts),
                "SharedContent": content,
                "Link": self.link(self.video_id(rng, ts)),
                "Method": rng.choice(_SHARE_METHODS),
            }

        return make

    def _make_follower(self, rng: random.Random) -> _Make:
        def make(ts: int, index: int) -> _Rec:
            return {
                "Date": self.date(ts),
                "UserName": self.username(rng, "followers.UserName", index),
            }

        return make

    def _make_following(self, rng: random.Random) -> _Make:
        def make(ts: int, index: int) -> _Rec:
            return {
                "Date": self.date(ts),
                "UserName": self.username(rng, "following.UserName", index),
            }

        return make

    def _make_hashtag(self, rng: random.Random) -> _Make:
        order = list(_TAGS)
        rng.shuffle(order)

        def make(_ts: int, index: int) -> _Rec:
            tag = order[index % len(order)] + (str(index // len(order)) if index >= len(order) else "")
            if self.year:
                challenge = 1_600_000_000_000_000_000 + rng.getrandbits(58)
                return {
                    "HashtagName": tag,
                    "HashtagLink": f"https://www.tiktok.com/share/challenge/{challenge}/",
                }
            return {"HashtagName": tag, "HashtagLink": f"https://www.tiktok.com/tag/{tag}"}

        return make

    def _make_login(self, rng: random.Random) -> _Make:
        devices = rng.sample(_DEVICES, 2)
        ips = [self._plain_ip(rng) for _ in range(rng.randint(3, 12))]
        carrier = rng.choice(_CARRIERS)

        def make(ts: int, _index: int) -> _Rec:
            model, system = rng.choice(devices)
            network = rng.choice(_NETWORKS)
            ip = rng.choice(ips)
            if self.spec.canaries:
                ip = self.canary(
                    "login-history.IP",
                    lambda n: f"10.{77 + n // 65_536 % 100}.{n // 256 % 256}.{n % 256}",
                )
                model = self.canary("login-history.DeviceModel", lambda n: f"CANARY{n:06d} Pro")
                system = self.canary("login-history.DeviceSystem", lambda n: f"iOS 17.{n % 10} CANARY{n:06d}")
                return {
                    "Date": self.date(ts),
                    "IP": ip,
                    "DeviceModel": model,
                    "DeviceSystem": system,
                    "NetworkType": network,
                    "Carrier": self.canary("login-history.Carrier", lambda n: f"CANARY Telecom {n:06d}"),
                }
            return {
                "Date": self.date(ts),
                "IP": ip,
                "DeviceModel": model,
                "DeviceSystem": system,
                "NetworkType": network,
                "Carrier": carrier if network != "Wi-Fi" else rng.choice((carrier, "")),
            }

        return make

    @staticmethod
    def _plain_ip(rng: random.Random) -> str:
        if rng.random() < 0.25:
            return f"2001:db8:{rng.getrandbits(16):x}:{rng.getrandbits(16):x}::{rng.getrandbits(16):x}"
        net = rng.choice(("192.0.2", "198.51.100", "203.0.113"))
        return f"{net}.{rng.randint(1, 254)}"

    def _make_comment(self, rng: random.Random) -> _Make:
        if self.year:
            return self._make_year_comment(rng)

        def make(ts: int, index: int) -> _Rec:
            comment = self.text(rng, "comments.Comment", "comment", index)
            return {"Date": self.date(ts), "Comment": comment, "Photo": "N/A", "Url": "N/A"}

        return make

    def _make_year_comment(self, rng: random.Random) -> _Make:
        """``{Date, Comment}`` to 2023, lower-case keys from 2024, ``… UTC`` dates and post links in 2026."""
        year = self.year

        def make(ts: int, index: int) -> _Rec:
            if year <= 2023:
                return {
                    "Date": self.date(ts),
                    "Comment": self.text(rng, "comments.Comment", "comment", index),
                }
            comment = self.text(rng, "comments.comment", "comment", index)
            if year <= 2025:
                return {"date": self.date(ts), "comment": comment, "photo": "N/A", "url": ""}
            post = f"https://www.tiktok.com/@/video/{self.video_id(rng, ts)}/"
            return {
                "date": self.date(ts) + " UTC",
                "comment": comment,
                "photo": "",
                "video": "",
                "sticker": "",
                "originalPostUrl": post,
                "original post link": post,
            }

        return make

    def _make_message_factory(self, rng: random.Random) -> _Make:
        return self.make_message(rng, rng.choice(self.friends))

    def make_message(self, rng: random.Random, friend: str) -> _Make:
        def make(ts: int, index: int) -> _Rec:
            if self.spec.canaries:
                sender = self.username(rng, "direct-messages.From", index)
            else:
                sender = self.own_username if rng.random() < 0.5 else friend
            if not self.spec.canaries and rng.random() < 0.12:
                content = self.link(self.video_id(rng, ts))
            else:
                content = self.text(rng, "direct-messages.Content", "message", index)
            return {"Date": self.date(ts), "From": sender, "Content": content}

        return make

    def _make_off_tiktok(self, rng: random.Random) -> _Make:
        def make(ts: int, _index: int) -> _Rec:
            if self.spec.canaries:
                source = self.canary("off-tiktok-activity.Source", lambda n: f"CANARY{n:06d} Shop")
            else:
                source = rng.choice(_OFF_SOURCES)
            return {"TimeStamp": self.date(ts), "Source": source, "Event": rng.choice(_OFF_EVENTS)}

        return make

    def _make_posted(self, rng: random.Random) -> _Make:
        if self.year:
            return self._make_year_posted(rng)

        def make(ts: int, index: int) -> _Rec:
            if self.spec.canaries:
                location = self.canary("posted-videos.Location", lambda n: f"CANARY{n:06d} City, Netherlands")
            else:
                city = _city(rng)
                location = rng.choice((f"{city}, {_COUNTRY.get(city, 'Netherlands')}", ""))
            return {
                "Date": self.date(ts),
                "Link": self.link((ts << 32) | rng.getrandbits(32)),
                "Likes": str(int(rng.paretovariate(1.2) * 3) - 3),
                "Sound": rng.choice(_SOUNDS),
                "Title": self.text(rng, "posted-videos.Title", "title", index),
                "Location": location,
            }

        return make

    def _make_year_posted(self, rng: random.Random) -> _Make:
        """Own posts: three fields in 2021-23, a dozen from 2024, two more from 2025."""
        year = self.year
        cdn = "https://p16-sign-va.tiktokcdn.com/tos-maliva-p-0068"

        def yes_no(p_yes: float) -> str:
            return "Yes" if rng.random() < p_yes else "No"

        def make(ts: int, index: int) -> _Rec:
            vid = (ts << 32) | rng.getrandbits(32)
            likes = int(rng.paretovariate(1.2) * 3) - 3
            if year == 2021:
                return {"Date": self.date(ts), "VideoLink": self.link(vid), "Likes": likes}
            if year == 2023:
                return {"Date": self.date(ts), "Link": self.link(vid), "Likes": str(likes)}
            if self.spec.canaries:
                location = self.canary("posted-videos.Location", lambda n: f"CANARY{n:06d} City, Netherlands")
            else:
                city = _city(rng)
                location = rng.choice((f"{city}, {_COUNTRY.get(city, 'Netherlands')}", ""))
            record: _Rec = {
                "Date": self.date(ts),
                "Link": f"https://v16m-webapp.tiktokv.com/storage/v1/{rng.getrandbits(128):032x}",
                "Likes": str(likes),
                "WhoCanView": rng.choice(("Everyone", "Everyone", "Friends", "Only me")),
                "AllowComments": yes_no(0.9),
                "AllowStitches": yes_no(0.6),
                "AllowDuets": yes_no(0.6),
                "AllowStickers": yes_no(0.8),
                "AllowSharingToStory": yes_no(0.8),
                "ContentDisclosure": "",
                "AIGeneratedContent": "",
                "Sound": rng.choice(_SOUNDS),
                "Location": location,
                "Title": self.text(rng, "posted-videos.Title", "title", index),
                "AddYoursText": "N/A",
            }
            if year >= 2025:
                record["AlternateText"] = "N/A"
                record["CoverImage"] = f"{cdn}/{rng.getrandbits(128):032x}~tplv-cover.jpeg"
            return record

        return make

    # -- planning ---------------------------------------------------------------------------

    def _depth(self, section: str) -> int:
        path = SECTION_PATHS[section][self.spec.generation]
        assert path is not None
        return len(path) + (2 if section == "direct-messages" else 1)

    def _mean_record_bytes(self, section: str) -> float:
        """Average bytes per record line, measured on a throwaway sample."""
        saved = self._counter, self._recording
        self._recording = False  # sampling must neither record nor use up canary numbers
        rng = _section_rng(self.spec.seed, section, "sample")
        make = self.factory(section, rng)
        sizes = [len(_ENCODE(make(self.end - k * 977, k + 3)).encode("utf-8")) for k in range(48)]
        self._counter, self._recording = saved
        return sum(sizes) / len(sizes) + 2 * self._depth(section) + 2

    def plan(self) -> None:
        """Decide how many records each list gets, so the JSON lands near ``target_bytes``."""
        lists = [s for s in self.present if s in _LIST_WEIGHT and s not in self.spec.empty_sections]
        total = sum(_LIST_WEIGHT[s] for s in lists)
        overhead = _YEAR_OVERHEAD if self.year else _STRUCTURE_OVERHEAD
        budget = max(0, self.spec.target_bytes - overhead)
        for section in lists:
            share = budget * _LIST_WEIGHT[section] / total
            count = round(share / self._mean_record_bytes(section))
            self.counts[section] = max(_MIN_COUNT[section], count)

    # -- sections ---------------------------------------------------------------------------

    def build(self) -> dict[str, _Node]:
        """The whole export as a tree whose big lists are still unproduced generators."""
        self.plan()
        tree: dict[str, _Node] = {}
        for section in self.present:
            path = SECTION_PATHS[section][self.spec.generation]
            assert path is not None
            if self.year >= 2024 and section in _APP_SIBLINGS:
                for key, value in _APP_SIBLINGS[section].items():  # before the list, as TikTok writes
                    _insert(tree, (*path[:-1], key), _Value(value))
            _insert(tree, path, self.section(section))
            for where, value in _companions(section, self.spec.generation):
                _insert(tree, where, _Value(value))
        return tree

    def section(self, section: str) -> _Node:
        rng = _section_rng(self.spec.seed, section)
        if section in self.spec.empty_sections:
            return _Value(self._empty_value(section, rng))
        if section == "direct-messages":
            return self.chats(rng, self.counts[section])
        if section in _LIST_WEIGHT:
            return _Stream(self.records(section, rng, self.counts[section]))
        return _Value(self._object_section(section, rng))

    def records(self, section: str, rng: random.Random, n: int) -> Iterator[_Rec]:
        make = self.factory(section, rng)
        burst = _BURST.get(section, 1)
        fresh = section in ("watch-history", "likes", "searches")
        placeholders = n // 25 + 1 if section == "shares" and self.year >= 2025 and n > 1 else 0
        for index, ts in enumerate(self.times(rng, n - placeholders, burst, fresh=fresh)):
            yield make(ts, index)
        for _ in range(placeholders):  # 2025-26 list these after every real share
            yield dict(_SHARE_PLACEHOLDER)

    def _empty_value(self, section: str, rng: random.Random) -> object:
        """How TikTok writes a switched-off feature: null, or an empty list/object/string."""
        if section in _LIST_WEIGHT:
            return None if rng.random() < 0.5 else []
        if section == "ad-interests":
            return None if rng.random() < 0.5 else ""
        if section in ("direct-messages", "income", "live-hosted", "shop"):
            return None if rng.random() < 0.5 else {}
        if section in _LIST_VALUED:
            return None if rng.random() < 0.5 else []
        return {}

    def chats(self, rng: random.Random, n: int) -> dict[str, _Node]:
        """Conversations keyed ``"Chat History with <name>:"``, sizes skewed like real inboxes."""
        k = max(1, min(n, round(n**0.5), 400))
        weights = [1.0 / (j + 1) ** 1.1 for j in range(k)]
        total = sum(weights)
        counts = [max(1, int(n * w / total)) for w in weights]
        counts[0] = max(1, counts[0] + n - sum(counts))
        chats: dict[str, _Node] = {}
        for j, count in enumerate(counts):
            payload = self.hostile(rng, j) or ""
            if self.spec.canaries:
                key = self.canary("direct-messages.<chat key>", _chat_key_shape(payload))
                friend = key.removeprefix("Chat History with ").removesuffix(":")
            else:
                friend = _plain_username(rng) if j else rng.choice(self.friends)
                while f"Chat History with {friend}{payload}:" in chats:
                    friend += str(rng.randint(0, 9))
                friend += payload
                key = f"Chat History with {friend}:"
            chat_end = self.end - int(rng.expovariate(1.0 / (20 * _DAY)))
            chat_end = max(chat_end, self.end - _SPAN_DAYS * _DAY // 2)
            span = rng.randint(_DAY, _SPAN_DAYS * _DAY // 2)
            chat_rng = _section_rng(self.spec.seed, "direct-messages", str(j))
            chats[key] = _Stream(self._chat(chat_rng, friend, count, chat_end, span))
        return chats

    def _chat(self, rng: random.Random, friend: str, n: int, end: int, span: int) -> Iterator[_Rec]:
        make = self.make_message(rng, friend)
        for index, ts in enumerate(self.times(rng, n, _BURST["direct-messages"], end, span)):
            yield make(ts, index)

    def _object_section(self, section: str, rng: random.Random) -> object:
        if self.year:
            return self._year_object(section, rng)
        makers: dict[str, Callable[[random.Random], object]] = {
            "profile": self.profile,
            "settings": self.settings,
            "activity-summary": self.activity_summary,
            "ad-interests": lambda r: ", ".join(r.sample(_AD_CATEGORIES, r.randint(4, 10))),
            "live-hosted": lambda _r: {"GoLiveList": None},
            "shop": lambda _r: {"OrderHistories": {}},
        }
        maker = makers.get(section)
        return maker(rng) if maker else {}  # income: an empty object

    def profile(self, rng: random.Random) -> dict[str, object]:
        if self.spec.canaries:
            return self._canary_profile(rng)
        user = self.own_username + (self.hostile(rng, 0) or "")
        day, month = rng.randint(1, 28), rng.choice(_MONTHS)
        photo = f"{rng.getrandbits(128):032x}"
        return {
            "PlatformInfo": [
                {"Platform": "Instagram", "UserName": self.own_username.replace(".", "_")},
            ],
            "bioDescription": self.text(rng, "profile.bioDescription", "bio", 3),
            "birthDate": f"{day:02d}-{month}-{rng.randint(1990, 2009)}",
            "emailAddress": _email(rng),
            "likesReceived": str(rng.randint(0, 25_000)),
            "profilePhoto": (
                f"https://p16-sign-va.tiktokcdn.com/tos-maliva-avt-0068/{photo}~c5_720x720.jpeg"
            ),
            "profileVideo": rng.choice(("", "N/A")),
            "telephoneNumber": _phone(rng),
            "userName": user,
        }

    def _canary_profile(self, rng: random.Random) -> dict[str, object]:
        cdn = "https://p16-sign-va.tiktokcdn.com/tos-maliva-avt-0068"
        return {
            "PlatformInfo": [
                {
                    "Platform": platform,
                    "UserName": self.username(rng, "profile.PlatformInfo[].UserName", 9),
                }
                for platform in ("Instagram", "YouTube")
            ],
            "bioDescription": self.text(rng, "profile.bioDescription", "bio", 3),
            "birthDate": self.canary(
                "profile.birthDate",
                lambda n: f"{n % 28 + 1:02d}-{_MONTHS[n // 28 % 12]}-1901",
            ),
            "emailAddress": self.canary("profile.emailAddress", lambda n: f"canary{n:06d}@example.org"),
            "likesReceived": str(rng.randint(0, 25_000)),
            "profilePhoto": self.canary(
                "profile.profilePhoto", lambda n: f"{cdn}/CANARY{n:06d}~c5_720x720.jpeg"
            ),
            "profileVideo": self.canary("profile.profileVideo", lambda n: f"{cdn}/CANARY{n:06d}~video.mp4"),
            "telephoneNumber": self.canary(
                "profile.telephoneNumber",
                lambda n: f"+31 6 12{n // 10_000 % 100:02d} {n % 10_000:04d}",
            ),
            "userName": self.username(rng, "profile.userName", 0),
        }

    def settings(self, rng: random.Random) -> dict[str, object]:
        def on_off(p_on: float) -> str:
            return "On" if rng.random() < p_on else "Off"

        return {
            "Allow DownLoad": on_off(0.7),
            "Private Account": on_off(0.3),
            "Personalized Ads": on_off(0.6),
            "Suggest Your Account To Others": on_off(0.8),
            "Filter Comments": on_off(0.2),
            "Interface Language": rng.choice(("English", "Nederlands")),
            "Who Can Send You Direct Messages": rng.choice(("Everyone", "Friends", "No one")),
            "Who Can Post Comments": rng.choice(("Everyone", "Friends")),
            "Content Preferences": {
                "Keyword filters for videos in Following feed": rng.sample(
                    _KEYWORD_FILTERS, rng.randint(0, 2)
                ),
                "Keyword filters for videos in For You feed": rng.sample(_KEYWORD_FILTERS, rng.randint(0, 3)),
            },
        }

    def activity_summary(self, rng: random.Random) -> dict[str, object]:
        watched = self.counts.get("watch-history", rng.randint(100, 5000))
        to_end = int(watched * rng.uniform(0.2, 0.5))
        commented = self.counts.get("comments", rng.randint(0, 50))
        shared = self.counts.get("shares", rng.randint(0, 50))
        if self.new:
            return {
                "videosWatchedToTheEndSinceAccountRegistration": to_end,
                "commentVideoCount": str(commented),
                "sharedVideoCount": str(shared),
            }
        return {
            "videosWatchedToTheEndSinceAccountRegistration": to_end,
            "videosCommentedOnSinceAccountRegistration": commented,
            "videosSharedSinceAccountRegistration": shared,
        }

    # -- the real generations' small sections ---------------------------------------------------

    def _year_object(self, section: str, rng: random.Random) -> object:
        """A section written whole, shaped as the generation ``self.year`` writes it."""
        year = self.year
        fixed: dict[str, object] = {
            "income": {"TransactionsList": None},
            "live-hosted": {} if year == 2023 else {"GoLiveList": None},
            "shop": {} if year == 2023 else {"OrderHistories": None},
            "purchases": {} if year == 2023 else {
                "SendGifts": {"SendGifts": None},
                "BuyGifts": {"BuyGifts": None},
            },
            "recent-location": {"Date": "N/A", "GpsData": "N/A", "LastRegion": "N/A"},
            "favorite-hashtags": None if year <= 2024 else [],
            "favorite-comments": [],
            "favorite-locations": [],
            "favorite-movies": [],
            "favorite-playlists": [],
            "favorite-drama": {},
            "collections": {},
            "instant-form-ads": None,
            "third-party-usage": {},
            "third-party-accounts": {},
            "donations": None,
            "fundraisers": None,
            "stickers": None,
            "mini-drama": {},
            "ai-moji": {"CreateDate": "", "AIMojiList": None},
            "ai-self-image": {},
            "profile-views": None,
            "stories": {},
            "group-chats": {},
            "live-comments": {},
            "live-watch-settings": {} if year == 2023 else {
                "WatchLiveSettingsMap": {"app": "N/A", "web": "N/A"},
                "MostRecentModificationTimeInApp": "0",
                "MostRecentModificationTimeInWeb": "0",
            },
        }  # fmt: skip
        if section in fixed:
            return fixed[section]
        makers: dict[str, Callable[[random.Random], object]] = {
            "profile": self._year_profile,
            "settings": self._year_settings,
            "activity-summary": self._year_summary,
            "ad-interests": lambda r: " | ".join(r.sample(_AD_CATEGORIES, r.randint(2, 6))),
            "status": self._status,
            "autofill": self._autofill,
            "ad-partners": lambda r: {
                "DataPartnerList": r.choice(_OFF_SOURCES),
                "AdvertiserList": r.choice(_OFF_SOURCES),
            },
            "favorite-collections": self._favorite_collections,
            "ads-visit-history": self._ads_visited,
            "deleted-posts": self._deleted_posts,
            "tako-chats": self._tako_chats,
            "coin-purchases": self._coin_purchases,
            "live-settings": self._live_settings,
            "live-watch-history": self._live_watched,
        }
        return makers[section](rng)

    def _full_name(self, rng: random.Random, path: str) -> str:
        if self.spec.canaries:
            return self.canary(path, lambda n: f"Canary Name{n:06d}")
        return f"{rng.choice(_FIRST).title()} {rng.choice(_LAST).title()}"

    def _year_profile(self, rng: random.Random) -> dict[str, object]:
        """``ProfileMap``: nine keys to 2024; 2025 adds counts, links and ``aiSelf``, 2026 two more."""
        canaries, year = self.spec.canaries, self.year
        cdn = "https://p16-sign-va.tiktokcdn.com/tos-maliva-avt-0068"
        name = self._full_name(rng, "profile.PlatformInfo[].Name")
        if canaries:
            email = self.canary("profile.emailAddress", lambda n: f"canary{n:06d}@example.org")
            phone = self.canary(
                "profile.telephoneNumber", lambda n: f"+31 6 12{n // 10_000 % 100:02d} {n % 10_000:04d}"
            )
            birth = self.canary(
                "profile.birthDate", lambda n: f"{n % 28 + 1:02d}-{_MONTHS[n // 28 % 12]}-1901"
            )
            photo = self.canary("profile.profilePhoto", lambda n: f"{cdn}/CANARY{n:06d}~c5_720x720.jpeg")
            video = self.canary("profile.profileVideo", lambda n: f"{cdn}/CANARY{n:06d}~video.mp4")
            user = self.username(rng, "profile.userName", 0)
        else:
            display = f"{name.split()[0]} {rng.choice(_EMOJI)}" if rng.random() < 0.3 else name
            email = _email(rng)
            phone = _phone(rng) if rng.random() < 0.6 else "None"
            birth = f"{rng.randint(1, 28):02d}-{rng.choice(_MONTHS)}-{rng.randint(1990, 2009)}"
            photo = f"{cdn}/{rng.getrandbits(128):032x}~c5_720x720.jpeg"
            video = "None"
            ai_self = "" if rng.random() < 0.7 else f"{cdn}/{rng.getrandbits(128):032x}~aiself.jpeg"
            user = self.own_username + (self.hostile(rng, 0) or "")
        platform = {
            "Description": "",
            "Name": name,
            "Platform": rng.choice(("Facebook", "Instagram")),
            "Profile Photo": "",
        }
        profile: dict[str, object] = {
            "PlatformInfo": [platform],
            "bioDescription": self.text(rng, "profile.bioDescription", "bio", 3),
            "birthDate": birth,
            "emailAddress": email,
            "likesReceived": str(rng.randint(0, 25_000)),
            "profilePhoto": photo,
            "profileVideo": video,
            "telephoneNumber": phone,
            "userName": user,
        }
        if year >= 2025:
            if canaries:
                display = self.canary("profile.displayName", lambda n: f"Canary Display {n:06d}")
                ai_self = self.canary("profile.aiSelf", lambda n: f"{cdn}/CANARY{n:06d}~aiself.jpeg")
            profile |= {
                "aiSelf": ai_self,
                "displayName": display,
                "followerCount": self.counts.get("followers", rng.randint(0, 500)),
                "followingCount": self.counts.get("following", rng.randint(0, 500)),
                "inferredGender": rng.choice(("None", "None", "Female", "Male")),
                "instagramLink": "",
                "lemon8Link": "",
                "youtubeLink": "",
            }
        if year >= 2026:
            profile |= {"accountRegion": rng.choice(("NL", "BE", "GB", "DE")), "fundraiser": "N/A"}
        return dict(sorted(profile.items(), key=lambda item: (item[0] != "PlatformInfo", item[0].lower())))

    def _year_settings(self, rng: random.Random) -> dict[str, object]:
        """``SettingsMap`` with the keys each generation adds (odd casings exactly as TikTok's)."""
        year = self.year

        def pick(values: tuple[str, ...]) -> str:
            return rng.choice(values)

        def keywords(most: int) -> list[str] | None:
            chosen = rng.sample(_KEYWORD_FILTERS, rng.randint(0, most))
            return None if not chosen and year <= 2024 else chosen

        on_off = ("Enabled", "Disabled")
        settings: dict[str, object] = {}
        if year == 2023:
            settings["Ads Based on Data Received from Partners"] = pick(on_off)
        settings["Allow DownLoad"] = pick(("Everyone", "Friends", "No one"))
        settings["Allow Others to Find Me"] = pick(on_off)
        if year >= 2025:
            settings["Allow Reuse of Content"] = pick(("Everyone", "No one"))
        settings["App Language"] = pick(("English", "Nederlands"))
        if year >= 2026:
            settings["Autofill contact information"] = pick(on_off)
            settings["Autofill payment information"] = pick(on_off)
        settings["Content Preferences"] = {
            "Keyword filters for videos in Following feed": keywords(2),
            "Keyword filters for videos in For You feed": keywords(3),
            "Video Languages Preferences": None if year <= 2024 else [],
        }
        if year >= 2024:
            settings["Family Content Preferences"] = {}
        if year >= 2026:
            linked = self.username(rng, "settings.FamilyPairing[].LinkedAccountUsername", 9, "family")
            pairing = [{"FPAccountType": "N/A", "LinkedAccountUsername": linked}]
            settings["FamilyPairing"] = pairing if rng.random() < 0.3 or self.spec.canaries else []
        settings["Filter Comments"] = pick(on_off)
        settings["Interests"] = ""
        settings["Personalized Ads"] = pick(on_off)
        settings["Private Account"] = pick(on_off)
        settings["Push Notification"] = {
            "Desktop notification": "Default",
            "New Comments on My Video": pick(("Default", "Off")),
            "New Fans": pick(("Default", "Off")),
            "New Likes on My Video": pick(("Default", "Off")),
        }
        if year >= 2026:
            settings["ScreenTime"] = [
                {
                    "DailyScreenTimeLimit": pick(("N/A", "60 minutes")),
                    "DailyScreenTimeToggleStatus": pick(("Off", "On")),
                    "SleepHoursDuration": "N/A",
                    "SleepHoursToggleStatus": "Off",
                    "WeeklyScreenTimeUpdatesToggleStatus": "Off",
                }
            ]
        if year >= 2024:
            for target in ("Facebook friends", "contacts", "people who open or send links to you"):
                settings[f"Suggest your account to {target}"] = pick(("enabled", "disabled"))
        settings["Web Language"] = "N/A"
        settings["Who Can Duet With Me"] = pick(("Everyone", "Friends", "No one"))
        settings["Who Can Post Comments"] = pick(("Everyone", "Friends"))
        settings["Who Can Send Me Message"] = pick(("Everyone", "Friends", "No one"))
        settings["Who Can Stitch with your videos"] = pick(("Everyone", "Friends", "No one"))
        settings["Who Can View Videos I Liked"] = pick(("Myself", "Everyone"))
        if year >= 2026:
            settings["Who can see your following list::"] = pick(("Everyone", "Friends", "Only me"))
        return settings

    def _year_summary(self, rng: random.Random) -> dict[str, object]:
        watched = self.counts.get("watch-history", rng.randint(100, 5000))
        return {
            "note": "data may have delays of up to several days",
            "videosCommentedOnSinceAccountRegistration": self.counts.get("comments", rng.randint(0, 50)),
            "videosSharedSinceAccountRegistration": self.counts.get("shares", rng.randint(0, 50)),
            "videosWatchedToTheEndSinceAccountRegistration": int(watched * rng.uniform(0.2, 0.5)),
        }

    def _status(self, rng: random.Random) -> object:
        """Device status: one object in 2021, a ``Status List`` of records later (UID/DID from 2025)."""

        def uuid() -> str:
            value = f"{rng.getrandbits(128):032x}"
            return f"{value[:8]}-{value[8:12]}-4{value[13:16]}-8{value[17:20]}-{value[20:]}"

        if self.year == 2021:
            return {
                "Resolution": "1080x2000",
                "AppVersion": f"TikTok {rng.randint(19, 24)}.{rng.randint(0, 9)}.0",
                "Idfa": "None",
                "GAid": uuid(),
                "OpenUdid": f"{rng.getrandbits(64):016x}",
                "Clientudid": "",
            }
        records: list[dict[str, object]] = []
        for _ in range(rng.randint(1, 2)):
            apple = rng.random() < 0.5
            record: dict[str, object] = {
                "Resolution": rng.choice(("1170*2532", "1080*2400", "750*1334")),
                "App Version": f"{min(self.year - 1994, 43)}.{rng.randint(0, 9)}.0",
                "IDFA": uuid() if apple and rng.random() < 0.5 else "",
                "GAID": "" if apple else uuid(),
                "Android ID": "" if apple else f"{rng.getrandbits(64):016x}",
                "IDFV": uuid() if apple else "",
            }
            if self.year >= 2025:
                record["UID"] = rng.randint(10_000_000, 99_999_999)
                record["DID"] = str(7_000_000_000_000_000_000 + rng.getrandbits(58))
            record["Web ID"] = ""
            records.append(record)
        return records

    def _autofill(self, rng: random.Random) -> dict[str, object]:
        """Saved contact details; 2024's evidence has every field ``N/A``, so some users get that."""
        keys = (
            "PhoneNumber",
            "Email",
            "FirstName",
            "LastName",
            "Address",
            "ZipCode",
            "Unit",
            "City",
            "State",
            "Country",
        )
        if not self.spec.canaries and rng.random() < 0.4:
            return dict.fromkeys(keys, "N/A")
        city = _city(rng)
        if self.spec.canaries:
            phone = self.canary(
                "autofill.PhoneNumber", lambda n: f"+31 6 13{n // 10_000 % 100:02d} {n % 10_000:04d}"
            )
            email = self.canary("autofill.Email", lambda n: f"canary{n:06d}@example.net")
            first = self.canary("autofill.FirstName", lambda n: f"Canary{n:06d}")
            last = self.canary("autofill.LastName", lambda n: f"Canarylast{n:06d}")
            address = self.canary("autofill.Address", lambda n: f"{n % 200 + 1} Canary Street {n:06d}")
        else:
            phone, email = _phone(rng), _email(rng)
            first, last = rng.choice(_FIRST).title(), rng.choice(_LAST).title()
            address = f"{rng.choice(_NOUN).title()}straat {rng.randint(1, 200)}"
        return {
            "PhoneNumber": phone,
            "Email": email,
            "FirstName": first,
            "LastName": last,
            "Address": address,
            "ZipCode": f"{rng.randint(1000, 9999)} {''.join(rng.choices(string.ascii_uppercase, k=2))}",
            "Unit": "N/A",
            "City": city,
            "State": "N/A",
            "Country": _COUNTRY.get(city, "Netherlands"),
        }

    def _small_dates(self, rng: random.Random, most: int, least: int = 0) -> list[int]:
        """Dates for a short list written whole, newest first."""
        return list(self.times(rng, rng.randint(least, most), 1))

    def _favorite_collections(self, rng: random.Random) -> list[dict[str, object]]:
        if self.year < 2026:
            return []
        return [
            {"Date": self.date(ts), "FavoriteCollection": f"{rng.choice(_FOODS)} {rng.choice(_EMOJI)}"}
            for ts in self._small_dates(rng, 4)
        ]

    def _ads_visited(self, rng: random.Random) -> list[dict[str, object]]:
        return [
            {"CreateTime": self.date(ts), "AdTitle": f"{rng.choice(_OFF_SOURCES)} sale", "AdLink": _url(rng)}
            for ts in self._small_dates(rng, 5, 1)
        ]

    def _deleted_posts(self, rng: random.Random) -> list[dict[str, object]]:
        if self.year != 2024:
            return []
        posts: list[dict[str, object]] = []
        for index, ts in enumerate(self._small_dates(rng, 3)):
            vid = (ts << 32) | rng.getrandbits(32)
            posts.append(
                {
                    "Date": self.date(ts),
                    "DateDeleted": self.date(min(self.end, ts + rng.randint(_DAY, 30 * _DAY))),
                    "Link": f"https://www.tiktok.com/login/?redirect_url=https%3A%2F%2Fwww.tiktok.com%2Fvideo%2F{vid}",
                    "Likes": str(rng.randint(0, 40)),
                    "ContentDisclosure": "",
                    "AIGeneratedContent": "",
                    "Sound": rng.choice(_SOUNDS),
                    "Location": "",
                    "Title": self.text(rng, "deleted-posts.Title", "title", index + 3),
                    "AddYoursText": "N/A",
                }
            )
        return posts

    def _tako_chats(self, rng: random.Random) -> list[dict[str, object]]:
        chats: list[dict[str, object]] = []
        for index, ts in enumerate(self._small_dates(rng, 2)):
            title = self.text(rng, "tako-chats.Chat Title", "search", index + 3)
            messages = [
                {"Date": self.date(ts + k * 5) + " UTC", "Content": {}} for k in range(rng.randint(1, 4))
            ]
            chats.append({"Chat Title": title, "Messages": messages})
        return chats

    def _coin_purchases(self, rng: random.Random) -> list[dict[str, object]]:
        return [
            {"Date": self.date(ts), "Type": "Recharge", "CoinAmount": rng.choice((30, 70, 350, 700, 1400))}
            for ts in self._small_dates(rng, 4)
        ]

    def _live_settings(self, rng: random.Random) -> dict[str, object]:
        if self.year == 2023:
            return {}
        on_off = ("On", "Off")
        return {
            "Allow agencies to find and invite you": "N/A",
            "Allow others to invite you to co-host in LIVE": rng.choice(on_off),
            "Allow people to send and receive comments during your LIVE": "N/A",
            "Allow suggested LIVE hosts to invite you to co-host in LIVE": rng.choice(on_off),
            "Allow viewers to request to go LIVE with you": "N/A",
            "Allow viewers to see and send questions and answers in your LIVE": "N/A",
            "Allow viewers to send you gifts during your LIVE": "N/A",
            "Hide comments that contain the following keywords from your LIVE": [],
            "Hide potential spam or offensive comments from your LIVE": "N/A",
            "People you assigned to moderate your LIVE": [] if self.year == 2024 else None,
            "Show your username and gift information in features with ranking lists": rng.choice(on_off),
        }

    def _live_watched(self, rng: random.Random) -> dict[str, object]:
        """LIVEs watched, keyed by room id, each with the comments the user wrote there."""
        watched: dict[str, object] = {}
        for index, ts in enumerate(self._small_dates(rng, 6, 1)):
            comments: list[dict[str, object]] | None = None
            if rng.random() < 0.5:
                comments = []
                for k in range(rng.randint(1, 3)):
                    at = min(self.end, ts + 60 * (k + 1))
                    text = self.text(rng, "live-watch-history.CommentContent", "comment", index + k)
                    comments.append({"CommentTime": self.date(at), "CommentContent": text, "RawTime": at})
            host = "" if self.spec.canaries or rng.random() < 0.4 else _plain_username(rng)
            watched[str(7_100_000_000_000_000_000 + rng.getrandbits(58))] = {
                "Comments": comments,
                "Questions": None,
                "WatchTime": self.date(ts),
                "Link": f"https://www.tiktok.com/@{host}/live" if host else "",
            }
        return watched


def _run(spec: ExportSpec, out: _Writable, *, collect: bool = False) -> _Gen:
    gen = _Gen(spec, collect=collect)
    sink = _Sink(out)
    _emit(sink, gen.build(), 0)
    sink.write("\n")
    sink.flush()
    return gen


# --------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------


def write_export_json(spec: ExportSpec, out: BinaryIO) -> None:
    """Stream the export's JSON (UTF-8) to ``out``; memory stays flat at any size."""
    _run(spec, out)


def export_bytes(spec: ExportSpec) -> bytes:
    """The export's JSON as bytes: handy for small fixtures."""
    chunks: list[bytes] = []

    class _Collect:
        def write(self, data: bytes, /) -> int:
            chunks.append(data)
            return len(data)

    _run(spec, _Collect())
    return b"".join(chunks)


def canary_values(spec: ExportSpec) -> dict[str, set[str]]:
    """The exact canary values a ``canaries=True`` spec plants, per personal-field pattern.

    Keys are patterns such as ``"login-history.IP"``, ``"profile.PlatformInfo[].UserName"``
    and ``"direct-messages.<chat key>"`` (whose values are whole chat keys like
    ``"Chat History with canary_friend_000003:"``). Each value is unique to one record and
    appears in the JSON as a complete string. Values contain ``canary`` (any case) except
    where the field's type forbids it: ``profile.telephoneNumber`` (``+31 6 12xx xxxx``),
    ``login-history.IP`` (``10.77.x.y`` and up) and ``profile.birthDate`` (a day in 1901).
    A scrubbing test checks that none of them survives. The spec is replayed to compute
    this, so it costs one generation; without canaries the answer is empty.
    """
    if not spec.canaries:
        return {}
    return _run(spec, _Discard(), collect=True).collected


def _zip_info(name: str, date_time: tuple[int, int, int, int, int, int]) -> zipfile.ZipInfo:
    """A member header with everything fixed, so zips are byte-identical across runs."""
    info = zipfile.ZipInfo(name, date_time=date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = 0o644 << 16
    return info


def write_export_zip(spec: ExportSpec, out: BinaryIO, *, member_name: str | None = None) -> None:
    """Stream the export as TikTok delivers it: a zip with one deflated JSON member.

    The member is ``user_data_tiktok.json`` (new generation) or ``user_data.json`` (old)
    unless ``member_name`` says otherwise.
    """
    name = member_name or _JSON_MEMBER[spec.generation]
    stamp = time.gmtime(_parse_now(spec.now))
    date_time = (max(stamp.tm_year, 1980), stamp.tm_mon, stamp.tm_mday, stamp.tm_hour,
                 stamp.tm_min, stamp.tm_sec - stamp.tm_sec % 2)  # fmt: skip
    with (
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open(_zip_info(name, date_time), "w", force_zip64=True) as member,
    ):
        _run(spec, member)


_FIXED_ZIP_TIME = (2026, 11, 1, 12, 0, 0)

# (folder en, file en, folder nl, file nl, section). Names come from the format notes where
# known; the Dutch folders and the files the notes do not name in Dutch are our guesses.
_TXT_FILES: Final[tuple[tuple[str, str, str, str, str], ...]] = (
    ("Activity", "Watch History", "Activiteit", "Kijkgeschiedenis", "watch-history"),
    ("Activity", "Like List", "Activiteit", "Likelijst", "likes"),
    ("Activity", "Favorite Videos", "Activiteit", "Favoriete video's", "favorite-videos"),
    ("Activity", "Searches", "Activiteit", "Zoekopdrachten", "searches"),
    ("Activity", "Share History", "Activiteit", "Deelgeschiedenis", "shares"),
    ("Activity", "Follower", "Activiteit", "Volger", "followers"),
    ("Activity", "Following", "Activiteit", "Volgend", "following"),
    ("Activity", "Login History", "Activiteit", "Inloggeschiedenis", "login-history"),
    ("Activity", "Activity Summary", "Activiteit", "Activiteitsoverzicht", "activity-summary"),
    ("Comments", "Comments", "Reacties", "Reacties", "comments"),
    ("Direct Messages", "Direct Messages", "Directe berichten", "Directe berichten",
     "direct-messages"),
    ("App Settings", "Settings", "App-instellingen", "Instellingen", "settings"),
    ("Ads and data", "Off TikTok Activity", "Advertenties en gegevens",
     "Activiteit buiten TikTok", "off-tiktok-activity"),
)  # fmt: skip
_TXT_KEYS_EN: Final[dict[str, str]] = {
    "Date": "Date", "date": "Date", "Link": "Link", "link": "Link", "SearchTerm": "Search Term",
    "Comment": "Comment", "Photo": "Photo", "Url": "Url", "UserName": "Username", "IP": "IP",
    "DeviceModel": "Device Model", "DeviceSystem": "Device System",
    "NetworkType": "Network Type", "Carrier": "Carrier", "From": "From", "Content": "Content",
    "SharedContent": "Shared Content", "Method": "Method", "TimeStamp": "Date",
    "Source": "Source", "Event": "Event",
}  # fmt: skip
_TXT_KEYS_NL: Final[dict[str, str]] = {
    "Date": "Datum", "date": "Datum", "Link": "Link", "link": "Link", "SearchTerm": "Zoekterm",
    "Comment": "Reactie", "Photo": "Foto", "Url": "Url", "UserName": "Gebruikersnaam",
    "IP": "IP", "DeviceModel": "Apparaatmodel", "DeviceSystem": "Apparaatsysteem",
    "NetworkType": "Netwerktype", "Carrier": "Provider", "From": "Van", "Content": "Inhoud",
    "SharedContent": "Gedeelde inhoud", "Method": "Methode", "TimeStamp": "Datum",
    "Source": "Bron", "Event": "Gebeurtenis",
}  # fmt: skip
_TXT_EMPTY = "You have no data in this section"


def _txt_block(record: dict[str, object], keys: dict[str, str]) -> str:
    lines: list[str] = []
    for key, value in record.items():
        if isinstance(value, dict):
            lines.extend(f"{sub}: {', '.join(map(str, v)) if isinstance(v, list) else v}"
                         for sub, v in value.items())  # fmt: skip
        else:
            lines.append(f"{keys.get(key, key)}: {value}")
    return "\n".join(lines)


def _txt_section(gen: _Gen, section: str, keys: dict[str, str]) -> str:
    node = gen.section(section)
    if isinstance(node, _Stream):
        return "\n\n".join(_txt_block(dict(r), keys) for r in node.records)
    if isinstance(node, _Value):
        value = node.value
        return _txt_block(value, keys) if isinstance(value, dict) else str(value)
    parts = []
    for chat_key, chat in node.items():
        assert isinstance(chat, _Stream)
        blocks = "\n\n".join(_txt_block(dict(r), keys) for r in chat.records)
        parts.append(f"{chat_key}\n{blocks}")
    return "\n\n\n".join(parts)


def write_txt_export_zip(out: BinaryIO, *, language: Literal["en", "nl"] = "en", seed: int = 0) -> None:
    """Write TikTok's TXT delivery: folders of translated ``.txt`` files, no JSON.

    The checker must recognise this and ask for JSON instead, so only its look matters:
    ``Key: value`` blocks separated by blank lines, and a few files reading
    ``You have no data in this section``.
    """
    gen = _Gen(ExportSpec(generation="new", seed=seed, target_bytes=60_000))
    gen.plan()
    keys = _TXT_KEYS_NL if language == "nl" else _TXT_KEYS_EN
    empty = set(_section_rng(seed, "txt-empty").sample(range(len(_TXT_FILES)), 2))
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for number, (folder_en, file_en, folder_nl, file_nl, section) in enumerate(_TXT_FILES):
            folder, name = (folder_nl, file_nl) if language == "nl" else (folder_en, file_en)
            if number in empty or (section in _LIST_WEIGHT and section not in gen.counts):
                body = _TXT_EMPTY
            else:
                body = _txt_section(gen, section, keys)
            data = (body + "\n").encode("utf-8")
            archive.writestr(_zip_info(f"{folder}/{name}.txt", _FIXED_ZIP_TIME), data)


def write_other_platform_zip(out: BinaryIO, seed: int = 0) -> None:
    """Write an Instagram-like export: valid JSON, but nothing TikTok, to test rejection."""
    rng = _section_rng(seed, "other-platform")
    base = calendar.timegm(time.strptime("2026-11-01", "%Y-%m-%d"))

    user = _plain_username(rng)

    def stamp() -> int:
        return base - rng.randint(0, _SPAN_DAYS * _DAY)

    def entry(value: str, href: str = "") -> dict[str, object]:
        return {"href": href, "value": value, "timestamp": stamp()}

    def person() -> dict[str, object]:
        name = _plain_username(rng)
        link = f"https://www.instagram.com/{name}"
        return {"title": "", "media_list_data": [], "string_list_data": [entry(name, link)]}

    def people(n: int) -> list[object]:
        return [person() for _ in range(n)]

    def liked() -> dict[str, object]:
        post = f"https://www.instagram.com/p/{rng.getrandbits(40):x}/"
        return {"title": _plain_username(rng), "string_list_data": [entry("\U0001f44d", post)]}

    def commented() -> dict[str, object]:
        return {
            "string_map_data": {
                "Comment": {"value": _fill(rng, rng.choice(_COMMENTS), (user,))},
                "Media Owner": {"value": _plain_username(rng)},
                "Time": {"timestamp": stamp()},
            }
        }

    members: dict[str, object] = {
        "personal_information/personal_information.json": {
            "profile_user": [
                {
                    "media_map_data": {},
                    "string_map_data": {
                        "Email": entry(_email(rng)),
                        "Phone Number": entry(_phone(rng)),
                        "Username": entry(user),
                        "Name": entry(f"{rng.choice(_FIRST).title()} {rng.choice(_LAST).title()}"),
                        "Bio": entry(_fill(rng, rng.choice(_BIOS), (user,))),
                    },
                }
            ]
        },
        "your_instagram_activity/likes/liked_posts.json": {
            "likes_media_likes": [liked() for _ in range(rng.randint(10, 30))]
        },
        "your_instagram_activity/comments/post_comments_1.json": [
            commented() for _ in range(rng.randint(5, 15))
        ],
        "connections/followers_and_following/followers_1.json": people(rng.randint(5, 40)),
        "connections/followers_and_following/following.json": {
            "relationships_following": people(rng.randint(5, 40))
        },
    }
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            data = _ENCODE_INDENTED(content).encode("utf-8")
            archive.writestr(_zip_info(name, _FIXED_ZIP_TIME), data)


# --------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?)(i?)b?\s*$", re.IGNORECASE)


def _parse_size(text: str) -> int:
    """``5MB`` → 5 000 000, ``5MiB`` → 5 242 880, ``200000`` → 200 000."""
    match = _SIZE.match(text)
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (try 5MB, 500KB, 1GB)")
    number, unit, binary = match.groups()
    power = " kmg".index(unit.lower() or " ")
    return int(float(number) * (1024 if binary else 1000) ** power)


def _parse_ids(text: str) -> frozenset[str]:
    ids = frozenset(part.strip() for part in text.split(",") if part.strip())
    unknown = sorted(ids - set(SECTION_IDS))
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown section ids: {', '.join(unknown)}")
    return ids


def main(argv: Sequence[str] | None = None) -> int:
    """Write a synthetic export to a file or stdout (used by benchmarks and by hand)."""
    parser = argparse.ArgumentParser(
        prog="python -m tiktok_export.synthetic",
        description="Write a synthetic (invented, never real) TikTok data export.",
    )
    parser.add_argument(
        "--size",
        type=_parse_size,
        default=200_000,
        help="approximate JSON size, e.g. 5MB, 500KB, 1GiB (default 200KB)",
    )
    parser.add_argument(
        "--generation", choices=GENERATIONS, default="new", help="a year (2021-2026), or old/new"
    )
    parser.add_argument("--format", choices=("json", "zip", "txt", "other"), default="json",
                        help="json, zip (as TikTok delivers it), txt (TikTok's TXT zip) or "
                             "other (another platform's zip)")  # fmt: skip
    parser.add_argument("-o", "--output", default="-", help="file to write, - for stdout")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--canaries", action="store_true", help="plant canary personal values")
    parser.add_argument(
        "--canary-values",
        metavar="FILE",
        help="also write the planted canary values as JSON to FILE",
    )
    parser.add_argument("--hostile", action="store_true", help="add XSS payloads and odd text")
    parser.add_argument("--sections", type=_parse_ids, help="comma-separated section ids")
    parser.add_argument(
        "--empty-sections",
        type=_parse_ids,
        default=frozenset(),
        help="comma-separated section ids to write as switched off",
    )
    parser.add_argument("--now", default=ExportSpec.now, help="latest date in the export")
    parser.add_argument("--language", choices=("en", "nl"), default="en", help="for --format txt")
    args = parser.parse_args(argv)  # fmt: skip

    try:
        spec = ExportSpec(
            generation=args.generation,
            seed=args.seed,
            target_bytes=args.size,
            sections=args.sections,
            canaries=args.canaries,
            hostile=args.hostile,
            empty_sections=args.empty_sections,
            now=args.now,
        )
    except ValueError as error:
        parser.error(str(error))

    started = time.perf_counter()
    if args.output == "-":
        _write_format(args.format, spec, args.language, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    else:
        with open(args.output, "wb") as handle:
            _write_format(args.format, spec, args.language, handle)
        elapsed = time.perf_counter() - started
        size = f"{os.path.getsize(args.output):,} bytes" if os.path.isfile(args.output) else "it"
        print(f"wrote {size} to {args.output} in {elapsed:.1f} s", file=sys.stderr)
    if args.canary_values:
        found = canary_values(spec)
        listing = {path: sorted(values) for path, values in sorted(found.items())}
        with open(args.canary_values, "w", encoding="utf-8") as handle:
            json.dump(listing, handle, ensure_ascii=False, indent=2)
    return 0


def _write_format(kind: str, spec: ExportSpec, language: Literal["en", "nl"], out: BinaryIO) -> None:
    if kind == "json":
        write_export_json(spec, out)
    elif kind == "zip":
        write_export_zip(spec, out)
    elif kind == "txt":
        write_txt_export_zip(out, language=language, seed=spec.seed)
    else:
        write_other_platform_zip(out, seed=spec.seed)


if __name__ == "__main__":
    raise SystemExit(main())
