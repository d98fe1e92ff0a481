"""Build one small, fully invented TikTok JSON export per generation of the format.

Why this exists: TikTok changes the shape of "Download your data" without notice (group and
section names, list keys, record field spelling, how an empty section is written). The
validator and the redactor must recognise every generation, so the test suite needs one file
per generation whose *structure* is that of a real export while every *value* is invented.
The structures follow the skeletons in ``tests/generations/EVIDENCE.md`` (research note of
2026-11-25); each fixture folder's ``SOURCES.md`` says which public repository, path and
commit each part follows, and what no source confirms.

Why a script and not hand-written JSON: the files must stay byte-identical when rebuilt, so
any change to a fixture is a reviewed change to this script. Run it from the project root::

    python tests/generations/build.py

Invented values only: people are ``invented_*``, e-mails ``@example.org``, IPs come from the
documentation ranges 192.0.2.0/24, 198.51.100.0/24 and 203.0.113.0/24, phone numbers from the
Ofcom drama range ``+44 7700 900xxx``, video ids are ``7000000000000000NNN``.
"""

from __future__ import annotations

import calendar
import json
import sys
import time
from pathlib import Path
from typing import Any, Final, TypeAlias

JSONObject: TypeAlias = dict[str, Any]

HERE: Final = Path(__file__).resolve().parent

#: Fixture folder name -> folder. The first five are "All data" exports of one generation
#: each; the last two are custom selections (only some groups chosen), which real users send too.
GENERATION_DIRS: Final[dict[str, Path]] = {
    name: HERE / name
    for name in ("2021", "2023", "2024", "2025", "2026", "2025-custom-your-activity", "2026-custom-likes")
}

#: TikTok renamed the member of the zip in 2024; the older generations keep the old name.
FILE_NAMES: Final[dict[str, str]] = {
    name: "user_data.json" if name in {"2021", "2023"} else "user_data_tiktok.json"
    for name in GENERATION_DIRS
}

#: The Dec 2025 placeholder TikTok writes for reposts in Share History: not a real date.
PLACEHOLDER_DATE: Final = "1969-12-31 23:59:59"

SELF: Final = "invented_user"
FRIEND_1: Final = "invented_friend_1"
FRIEND_2: Final = "invented_friend_2"


# ----------------------------------------------------------------------------------------------
# Small value helpers (kept tiny so the per-generation builders read like the research skeletons)
# ----------------------------------------------------------------------------------------------


def video(n: int) -> str:
    """Share link of invented video ``7000000000000000NNN`` (the 19-digit id shape of real links)."""
    return f"https://www.tiktokv.com/share/video/7000000000000000{n:03d}/"


def post_url(n: int) -> str:
    """2026 comment link with an empty user (``/@/video/``), as the shared format doc shows it."""
    return f"https://www.tiktok.com/@/video/7000000000000000{n:03d}/"


def live_id(n: int) -> str:
    """19-digit LIVE room id, a *string* key of ``WatchLiveMap``."""
    return f"7100000000000000{n:03d}"


def epoch(date: str) -> int:
    """10-digit epoch number for a ``YYYY-MM-DD HH:MM:SS`` (UTC) date, as LIVE ``RawTime`` carries."""
    return calendar.timegm(time.strptime(date, "%Y-%m-%d %H:%M:%S"))


def records(keys: tuple[str, ...], *rows: tuple[Any, ...]) -> list[JSONObject]:
    """Records with the field order of the source: one tuple of values per record."""
    return [dict(zip(keys, row, strict=True)) for row in rows]


def alphabetical(document: JSONObject) -> JSONObject:
    """Sort group keys and the section keys inside each group, as every real file has them.

    Only these two levels are sorted: inside a section TikTok keeps its own order
    (``App`` before the list, ``SendGifts`` before ``BuyGifts``), so that order is written as-is.
    """
    return {
        group: {section: sections[section] for section in sorted(sections)}
        for group, sections in sorted(document.items())
    }


def chat_history(style: str) -> JSONObject:
    """Two invented conversations keyed ``"Chat History with <user>:"`` of ``{Date, From, Content}``.

    One message has ``From: ""`` (seen in real files); one carries an emoji, one a video link.
    ``style`` picks the era's dates; the first conversation is newest-first and the second
    oldest-first, because both orders occur in one real Nov 2025 file (BEY).
    """
    day = {
        "2021": "2022-02-14",
        "2023": "2023-06-10",
        "2024": "2024-12-05",
        "2025": "2025-11-20",
        "2026": "2026-03-21",
    }[style]
    keys = ("Date", "From", "Content")
    return {
        f"Chat History with {FRIEND_1}:": records(
            keys,
            (f"{day} 18:30:12", FRIEND_1, "see you at the invented park 🎉"),
            (f"{day} 18:29:50", SELF, video(41)),
            (f"{day} 18:29:02", "", "hello from an invented account"),
        ),
        f"Chat History with {FRIEND_2}:": records(
            keys,
            (f"{day} 09:00:00", SELF, "invented question about the homework"),
            (f"{day} 09:04:31", FRIEND_2, "invented answer, page 12"),
        ),
    }


def login_history(dates: tuple[str, ...], devices: tuple[tuple[str, str, str], ...]) -> list[JSONObject]:
    """Login records (oldest-first in every real file), documentation-range IPs, ``Carrier`` empty."""
    ips = ("192.0.2.10", "198.51.100.23", "203.0.113.7", "192.0.2.44")
    keys = ("Date", "IP", "DeviceModel", "DeviceSystem", "NetworkType", "Carrier")
    return records(keys, *((d, ips[i], *devices[i], "") for i, d in enumerate(dates)))


def go_live_settings(moderators: list[str] | None, ranking: str) -> JSONObject:
    """The 11 LIVE host settings of 2024-2026 (values ``"N/A"``/``"On"``/``"Off"``, one ``[]``)."""
    return {
        "SettingsMap": {
            "Allow agencies to find and invite you": "N/A",
            "Allow others to invite you to co-host in LIVE": "On",
            "Allow people to send and receive comments during your LIVE": "N/A",
            "Allow suggested LIVE hosts to invite you to co-host in LIVE": "On",
            "Allow viewers to request to go LIVE with you": "N/A",
            "Allow viewers to see and send questions and answers in your LIVE": "N/A",
            "Allow viewers to send you gifts during your LIVE": "N/A",
            "Hide comments that contain the following keywords from your LIVE": [],
            "Hide potential spam or offensive comments from your LIVE": "N/A",
            "People you assigned to moderate your LIVE": moderators,
            "Show your username and gift information in features with ranking lists": ranking,
        }
    }


def watch_live_map(entries: tuple[tuple[int, str, list[tuple[str, str]] | None, str], ...]) -> JSONObject:
    """``WatchLiveMap``: 19-digit id string -> ``{Comments, Questions, WatchTime, Link}``.

    Each entry is ``(id number, WatchTime, comments or None, Link)``; every comment gets a
    ``RawTime`` epoch *number* computed from its ``CommentTime``.
    """
    return {
        live_id(n): {
            "Comments": None
            if comments is None
            else [
                {"CommentTime": when, "CommentContent": text, "RawTime": epoch(when)}
                for when, text in comments
            ],
            "Questions": None,
            "WatchTime": watched,
            "Link": link,
        }
        for n, watched, comments, link in entries
    }


def watch_live_settings() -> JSONObject:
    """LIVE viewer settings of 2024-2026; the modification times are digit *strings*."""
    return {
        "WatchLiveSettingsMap": {"app": "N/A", "web": "N/A"},
        "MostRecentModificationTimeInApp": "0",
        "MostRecentModificationTimeInWeb": "0",
    }


def push_notification() -> JSONObject:
    """The ``Push Notification`` sub-map (note the lower-case ``Desktop notification``)."""
    return {
        "Desktop notification": "Default",
        "New Comments on My Video": "Default",
        "New Fans": "Default",
        "New Likes on My Video": "Default",
    }


def content_preferences(empty: list[str] | None) -> JSONObject:
    """Keyword and language filters: ``null`` in 2023-24 files, ``[]`` in Nov 2025 and 2026."""
    return {
        "Keyword filters for videos in Following feed": None if empty is None else list(empty),
        "Keyword filters for videos in For You feed": None if empty is None else list(empty),
        "Video Languages Preferences": None if empty is None else list(empty),
    }


def autofill() -> JSONObject:
    """Invented contact data in the ``Autofill`` field order, so the fixture holds personal data.

    Real 2024-2026 files seen had every field ``"N/A"``; the values are filled on purpose so the
    redactor has contact data to find (the 2023 skeleton shows free text there).
    """
    return {
        "PhoneNumber": "+44 7700 900123",
        "Email": f"{SELF}@example.org",
        "FirstName": "Invented",
        "LastName": "Person",
        "Address": "1 Invented Street",
        "ZipCode": "ZZ1 1ZZ",
        "Unit": "N/A",
        "City": "Inventedtown",
        "State": "N/A",
        "Country": "United Kingdom",
    }


def shop(names: dict[str, str], extra: JSONObject | None = None) -> JSONObject:
    """The TikTok Shop / Tiktok Shopping group with every list ``null`` (as in every source)."""
    lists = {
        "Communication History": "CommunicationHistories",
        "Current Payment Information": "PayCard",
        "Customer Support History": "CustomerSupportHistories",
        "Order Dispute History": "OrderDisputeHistories",
        "Order History": "OrderHistories",
        "Product Browsing History": "ProductBrowsingHistories",
        "Product Review History": "ProductReviewHistories",
        "Return and Refund History": "ReturnAndRefundHistories",
        "Saved Address Information": "SavedAddress",
        "Shopping Cart List": "ShoppingCart",
        "Vouchers": "Vouchers",
    }
    group: JSONObject = {names.get(section, section): {key: None} for section, key in lists.items()}
    group.update(extra or {})
    return group


SHOP_2025_NAMES: Final = {
    "Communication History": "Communication With Shops",
    "Product Review History": "Product Reviews",
    "Return and Refund History": "Returns and Refunds History",
}

STATUS_KEYS: Final = ("Resolution", "App Version", "IDFA", "GAID", "Android ID", "IDFV", "Web ID")
STATUS_KEYS_UID: Final = (
    "Resolution",
    "App Version",
    "IDFA",
    "GAID",
    "Android ID",
    "IDFV",
    "UID",
    "DID",
    "Web ID",
)
POST_KEYS_2024: Final = (
    "Date",
    "Link",
    "Likes",
    "WhoCanView",
    "AllowComments",
    "AllowStitches",
    "AllowDuets",
    "AllowStickers",
    "AllowSharingToStory",
    "ContentDisclosure",
    "AIGeneratedContent",
    "Sound",
    "Location",
    "Title",
    "AddYoursText",
)
SHARE_KEYS: Final = ("Date", "SharedContent", "Link", "Method")
PLACEHOLDER_SHARE: Final = (PLACEHOLDER_DATE, "video", "https://www.tiktok.com/", "repost")


def profile_photo(kind: str) -> str:
    """An invented TikTok CDN picture address (the real ones are signed ``p16-sign`` URLs)."""
    return f"https://p16-sign-va.tiktokcdn.com/invented-{kind}-0001.jpeg"


def platform_info() -> list[JSONObject]:
    """One linked platform, fields ``{Description, Name, Platform, Profile Photo}``."""
    return [{"Description": "", "Name": "Invented Person", "Platform": "Facebook", "Profile Photo": ""}]


# ----------------------------------------------------------------------------------------------
# The generations
# ----------------------------------------------------------------------------------------------


def g2021() -> JSONObject:
    """Late 2021 - 2022 ``user_data.json`` (DRK types + README, SAVE 2021, UNW 2022 excerpt).

    ``VideoLink`` instead of ``Link``; ``Status`` is ONE object, not a list; own-video ``Likes``
    is a JSON number (DRK's type; UNCONFIRMED). ``Comment``, ``Direct Messages`` and ``Profile``
    are UNCONFIRMED for 2021-22: they follow the note's best guess, the 2023 shapes.
    Settings (``SettingsMap``) is UNCONFIRMED for 2021 and the note gives no guess, so it is left out.
    """
    link = ("Date", "VideoLink")
    activity: JSONObject = {
        "Favorite Videos": {
            "FavoriteVideoList": records(
                link,
                ("2022-03-14 20:11:02", video(21)),
                ("2021-12-24 18:04:11", video(22)),
                ("2021-10-02 17:45:30", video(23)),
            )
        },
        "Follower List": {
            "FansList": records(
                ("Date", "UserName"),
                ("2022-02-01 09:12:44", "invented_fan_1"),
                ("2021-11-03 17:30:00", "invented_fan_2"),
            )
        },
        "Following List": {
            "Following": records(
                ("Date", "UserName"),
                ("2022-01-15 21:00:05", "invented_creator_1"),
                ("2021-10-20 12:00:00", "invented_creator_2"),
                ("2021-09-20 11:59:01", "invented_creator_3"),
            )
        },
        "Hashtag": {
            "HashtagList": records(
                ("HashtagName", "HashtagLink"),
                ("inventedtag", "https://www.tiktok.com/share/challenge/1600000000000000001/"),
                ("anotherinventedtag", "https://www.tiktok.com/share/challenge/1600000000000000002/"),
            )
        },
        # DRK's TypeScript types this list as Hashtag[] (a bug); the records are {Date, VideoLink}.
        "Like List": {
            "ItemFavoriteList": records(
                link,
                ("2022-04-10 22:41:09", video(11)),
                ("2022-01-02 13:00:00", video(12)),
                ("2021-11-30 08:15:45", video(13)),
                ("2021-09-21 19:02:33", video(14)),
            )
        },
        "Login History": {
            "LoginHistoryList": login_history(
                ("2021-09-20 11:50:00", "2021-12-24 18:00:02", "2022-04-11 21:00:00"),
                (
                    ("SM-A000", "Android 11", "Wi-Fi"),
                    ("SM-A000", "Android 11", "4G"),
                    ("SM-A000", "Android 12", "Wi-Fi"),
                ),
            )
        },
        "Share History": {
            "ShareHistoryList": records(
                SHARE_KEYS,
                ("2021-10-02 17:46:10", "video", video(31), "copy"),
                ("2022-03-14 20:12:00", "video", video(32), "whatsapp"),
            )
        },
        "Status": {
            "Resolution": "1080x2000",
            "AppVersion": "TikTok 22.0.0",
            "Idfa": "None",
            "GAid": "00000000-0000-4000-8000-000000000001",
            "OpenUdid": "0123456789abcdef",
            "Clientudid": "",
        },
        # Only the 2022 UNW excerpt shows this section; its list order is unknown (oldest-first here).
        "Video Browsing History": {
            "VideoList": records(
                link,
                ("2022-04-11 21:01:10", video(1)),
                ("2022-04-11 21:02:45", video(2)),
                ("2022-04-11 21:03:02", video(3)),
                ("2022-04-11 21:05:33", video(4)),
                ("2022-04-11 21:07:58", video(5)),
            )
        },
    }
    return alphabetical(
        {
            "Activity": activity,
            "App Settings": {
                "Block": {
                    "BlockList": records(
                        ("Date", "UserName"),
                        ("2022-02-20 10:00:00", "invented_blocked_1"),
                        ("2021-10-05 16:20:00", "invented_blocked_2"),
                    )
                }
            },
            # UNCONFIRMED for 2021-22: the 2023 shape {Date, Comment} (capitalised), per the note.
            "Comment": {
                "Comments": {
                    "CommentsList": records(
                        ("Date", "Comment"),
                        ("2022-03-01 19:00:00", "invented comment, so good"),
                        ("2021-11-11 11:11:11", "another invented comment"),
                    )
                }
            },
            # UNCONFIRMED for 2021-22: the 2023 path Chat History -> ChatHistory, per the note.
            "Direct Messages": {"Chat History": {"ChatHistory": chat_history("2021")}},
            # UNCONFIRMED for 2021-22: the 2023 Profile Information -> ProfileMap, per the note.
            "Profile": {
                "Profile Information": {
                    "ProfileMap": {
                        "PlatformInfo": platform_info(),
                        "bioDescription": "invented bio",
                        "birthDate": "01-Oct-1995",
                        "emailAddress": f"{SELF}@example.org",
                        "likesReceived": "42",
                        "profilePhoto": profile_photo("avatar"),
                        "profileVideo": "None",
                        "telephoneNumber": "None",
                        "userName": SELF,
                    }
                }
            },
            "Video": {
                "Videos": {
                    "VideoList": records(
                        ("Date", "VideoLink", "Likes"),
                        ("2022-01-30 17:00:00", video(61), 12),
                        ("2021-10-31 20:30:00", video(62), 3),
                    )
                }
            },
        }
    )


def g2023() -> JSONObject:
    """June 2023 ``user_data.json`` (BB genson schema of a real export, comment shape from WR).

    The quirk of this generation: many empty sections are ``{}`` with no list key at all
    (``Hashtag``, ``Search History``, ``Purchase History``, ``Video -> Videos``, every shop section).
    """
    link = ("Date", "Link")
    activity: JSONObject = {
        "Favorite Effects": {"FavoriteEffectsList": None},
        "Favorite Hashtags": {"FavoriteHashtagList": None},
        "Favorite Sounds": {"FavoriteSoundList": None},
        "Favorite Videos": {
            "FavoriteVideoList": records(
                link, ("2023-06-08 22:01:40", video(21)), ("2023-05-30 21:10:05", video(22))
            )
        },
        "Follower List": {
            "FansList": records(
                ("Date", "UserName"),
                ("2023-06-02 10:00:00", "invented_fan_1"),
                ("2023-05-01 10:00:00", "invented_fan_2"),
            )
        },
        "Following List": {"Following": None},
        "Hashtag": {},
        "Like List": {
            "ItemFavoriteList": records(
                link,
                ("2023-06-12 23:59:01", video(11)),
                ("2023-06-01 12:00:00", video(12)),
                ("2023-05-20 07:30:15", video(13)),
                ("2023-05-02 18:45:00", video(14)),
            )
        },
        "Login History": {
            "LoginHistoryList": login_history(
                ("2023-05-01 09:58:00", "2023-05-30 21:00:40", "2023-06-12 23:40:00"),
                (
                    ("iPhone12,1", "iOS 16.0", "Wi-Fi"),
                    ("iPhone12,1", "iOS 16.5", "4G"),
                    ("iPhone12,1", "iOS 16.5", "Wi-Fi"),
                ),
            )
        },
        "Purchase History": {},
        "Search History": {},
        "Share History": {
            "ShareHistoryList": records(
                SHARE_KEYS,
                ("2023-05-30 21:11:00", "video", video(31), "copy"),
                ("2023-06-08 22:02:12", "video", video(32), "copy"),
            )
        },
        "Status": {
            "Status List": records(
                STATUS_KEYS, ("1170*2532", "29.7.0", "", "", "", "00000000-0000-4000-8000-000000000002", "")
            )
        },
        "Video Browsing History": {
            "VideoList": records(
                link,
                ("2023-06-12 23:41:05", video(1)),
                ("2023-06-12 23:42:30", video(2)),
                ("2023-06-12 23:43:11", video(3)),
                ("2023-06-12 23:50:02", video(4)),
                ("2023-06-12 23:58:47", video(5)),
            )
        },
        # "Most Recent Location Data" and "Activity Summary" are UNCONFIRMED for June 2023: left out.
    }
    settings = {
        "Ads Based on Data Received from Partners": "Enabled",
        "Allow DownLoad": "Everyone",
        "Allow Others to Find Me": "Disabled",
        "App Language": "English",
        "Content Preferences": content_preferences(None),
        "Filter Comments": "Enabled",
        "Interests": "",
        "Personalized Ads": "Enabled",
        "Private Account": "Disabled",
        "Push Notification": push_notification(),
        "Web Language": "N/A",
        "Who Can Duet With Me": "Everyone",
        "Who Can Post Comments": "Everyone",
        "Who Can Send Me Message": "Friends",
        "Who Can Stitch with your videos": "Everyone",
        "Who Can View Videos I Liked": "Myself",
    }
    # Auto Fill field order as in the note; the 2023 values were free text (invented here).
    auto_fill = autofill()
    return alphabetical(
        {
            "Activity": activity,
            "Ads and data": {
                # A single string; the separator " | " is UNCONFIRMED (the note's guess).
                "Ad Interests": {"AdInterestCategories": "Cars | Travel"},
                "Ads Based On Data Received From Partners": {
                    "DataPartnerList": "Invented Data Partner Ltd",
                    "AdvertiserList": "Invented Advertiser Ltd",
                },
                "Usage Data From Third-Party Apps And Websites": {},
            },
            "App Settings": {"Block": {"BlockList": None}, "Settings": {"SettingsMap": settings}},
            # BB's file had null; when filled WR shows [{Date, Comment}] (capitalised).
            "Comment": {"Comments": {"CommentsList": None}},
            "Direct Messages": {"Chat History": {"ChatHistory": chat_history("2023")}},
            "Profile": {
                "Auto Fill": auto_fill,
                "Profile Information": {
                    "ProfileMap": {
                        "PlatformInfo": platform_info(),
                        "bioDescription": "invented bio",
                        # DD-Mon-YYYY is the 2024-25 layout; BB only says "string" (UNCONFIRMED for 2023).
                        "birthDate": "01-Oct-1995",
                        "emailAddress": f"{SELF}@example.org",
                        "likesReceived": "42",
                        "profilePhoto": profile_photo("avatar"),
                        "profileVideo": "None",
                        "telephoneNumber": "None",
                        "userName": SELF,
                    }
                },
            },
            "Tiktok Live": {
                "Go Live History": {},
                "Go Live Settings": {},
                # One room with Comments null (as in BB), one with comments in WR's 2023 shape.
                "Watch Live History": {
                    "WatchLiveMap": watch_live_map(
                        (
                            (
                                1,
                                "2023-05-28 20:00:00",
                                None,
                                "https://www.tiktok.com/@invented_creator_1/live",
                            ),
                            (
                                2,
                                "2023-06-04 21:10:00",
                                [("2023-06-04 21:12:30", "invented live comment")],
                                "https://www.tiktok.com/@invented_creator_2/live",
                            ),
                        )
                    )
                },
                "Watch Live Settings": {},
            },
            "Tiktok Shopping": {section: {} for section in shop({})},
            "Video": {"Videos": {}},
        }
    )


def g2024() -> JSONObject:
    """Nov/Dec 2024 ``user_data_tiktok.json`` (D3T real Dec 2024 export, D3S structures, ST DTOs).

    New here: lower-case likes ``{date, link}`` and comments ``{date, comment, photo, url}``,
    ``App: 1`` / ``IsFastLane: false`` beside lists, post records with the ``Allow*`` flags.
    """
    link = ("Date", "Link")
    activity: JSONObject = {
        "Activity Summary": {
            "ActivitySummaryMap": {
                "note": "data may have delays of up to several days",
                "videosCommentedOnSinceAccountRegistration": 3,
                "videosSharedSinceAccountRegistration": 1,
                "videosWatchedToTheEndSinceAccountRegistration": 10,
            }
        },
        "Favorite Effects": {"FavoriteEffectsList": None},
        "Favorite Hashtags": {"FavoriteHashtagList": None},
        "Favorite Sounds": {"FavoriteSoundList": None},
        "Favorite Videos": {
            "App": 1,
            "FavoriteVideoList": records(
                link, ("2024-12-02 10:15:00", video(21)), ("2024-11-18 19:40:12", video(22))
            ),
        },
        "Follower List": {
            "App": 1,
            "IsFastLane": False,
            "FansList": records(
                ("Date", "UserName"),
                ("2024-11-25 09:00:00", "invented_fan_1"),
                ("2024-11-02 14:31:00", "invented_fan_2"),
            ),
        },
        "Following List": {
            "App": 1,
            "IsFastLane": False,
            "Following": records(
                ("Date", "UserName"),
                ("2024-12-08 17:05:41", "invented_creator_1"),
                ("2024-11-20 08:00:00", "invented_creator_2"),
                ("2024-11-01 12:12:12", "invented_creator_3"),
            ),
        },
        "Hashtag": {
            "HashtagList": records(
                ("HashtagName", "HashtagLink"),
                ("inventedtag", "https://www.tiktok.com/share/challenge/1600000000000000001/"),
                ("anotherinventedtag", "https://www.tiktok.com/share/challenge/1600000000000000002/"),
            )
        },
        "Like List": {
            "App": 1,
            "ItemFavoriteList": records(
                ("date", "link"),
                ("2024-12-10 20:45:31", video(11)),
                ("2024-12-04 07:59:59", video(12)),
                ("2024-11-22 16:20:00", video(13)),
                ("2024-11-03 23:10:45", video(14)),
            ),
        },
        "Login History": {
            "LoginHistoryList": login_history(
                ("2024-11-01 11:58:30", "2024-11-20 07:55:00", "2024-12-10 20:30:00"),
                (
                    ("iPhone13,2", "iOS 17.0", "Wi-Fi"),
                    ("iPhone13,2", "iOS 17.0", "4G"),
                    ("iPhone13,2", "iOS 18.1", "Wi-Fi"),
                ),
            )
        },
        "Most Recent Location Data": {"LocationData": {"Date": "N/A", "GpsData": "N/A", "LastRegion": "N/A"}},
        "Purchase History": {"SendGifts": {"SendGifts": None}, "BuyGifts": {"BuyGifts": None}},
        "Search History": {
            "SearchList": records(
                ("Date", "SearchTerm"),
                ("2024-11-05 18:00:02", "invented recipe"),
                ("2024-11-21 21:14:09", "invented band 🎸"),
                ("2024-12-09 12:00:45", "invented_creator_1"),
            )
        },
        "Share History": {
            "ShareHistoryList": records(
                SHARE_KEYS,
                ("2024-11-18 19:41:00", "share_video", video(31), "chat_head"),
                ("2024-11-30 10:02:33", "share_video", video(32), "whatsapp"),
                ("2024-12-02 10:16:20", "share_video", video(33), "facebook"),
            )
        },
        "Status": {
            "Status List": records(
                STATUS_KEYS, ("1170*2532", "36.0.0", "", "", "", "00000000-0000-4000-8000-000000000003", "")
            )
        },
        # No App sibling here; oldest-first as in D3T.
        "Video Browsing History": {
            "VideoList": records(
                link,
                ("2024-12-10 20:31:02", video(1)),
                ("2024-12-10 20:32:40", video(2)),
                ("2024-12-10 20:35:18", video(3)),
                ("2024-12-10 20:40:00", video(4)),
                ("2024-12-10 20:44:51", video(5)),
            )
        },
    }
    settings = {
        "Allow DownLoad": "Everyone",
        "Allow Others to Find Me": "Disabled",
        "App Language": "English",
        "Content Preferences": content_preferences(None),
        "Family Content Preferences": {},
        "Filter Comments": "Enabled",
        "Interests": "",
        "Personalized Ads": "Enabled",
        "Private Account": "Disabled",
        "Push Notification": push_notification(),
        "Suggest your account to Facebook friends": "enabled",
        "Suggest your account to contacts": "enabled",
        "Suggest your account to people who open or send links to you": "enabled",
        "Web Language": "N/A",
        "Who Can Duet With Me": "Everyone",
        "Who Can Post Comments": "Everyone",
        "Who Can Send Me Message": "Everyone",
        "Who Can Stitch with your videos": "Everyone",
        "Who Can View Videos I Liked": "Myself",
    }
    deleted = (
        "Date",
        "DateDeleted",
        "Link",
        "Likes",
        "ContentDisclosure",
        "AIGeneratedContent",
        "Sound",
        "Location",
        "Title",
        "AddYoursText",
    )
    login_link = "https://www.tiktok.com/login/?redirect_url=https%3A%2F%2Fwww.tiktok.com%2F%40invented_user%2Fvideo%2F"
    return alphabetical(
        {
            "Activity": activity,
            "Ads and data": {
                "Ad Interests": {"AdInterestCategories": ""},
                "Instant Form Ads Responses": {"ResponsesList": None},
                "Off TikTok Activity": {"OffTikTokActivityDataList": None},
            },
            "App Settings": {
                "Block": {"App": 1, "BlockList": None},
                "Settings": {"App": 1, "SettingsMap": settings},
            },
            "Comment": {
                "Comments": {
                    "App": 1,
                    "CommentsList": records(
                        ("date", "comment", "photo", "url"),
                        ("2024-12-09 22:00:14", "invented comment, ha", "N/A", ""),
                        ("2024-12-01 10:00:00", "another invented comment", "N/A", ""),
                        ("2024-11-12 08:30:00", "@invented_friend_1 look", "N/A", ""),
                    ),
                }
            },
            # D3T had {} (no chats); filled per ST's Map<String, List<{Date, From, Content}>>.
            "Direct Messages": {"Chat History": {"ChatHistory": chat_history("2024")}},
            "Income Plus Wallet Transactions": {"Income Plus Wallet Transaction": {"TransactionsList": None}},
            "Poi Review": {
                "POI Review": {
                    "ReviewsList": records(
                        ("PlaceName", "Date", "Rating", "Status", "Likes", "ReviewText"),
                        ("Invented Café", "2024-11-30 12:00:00", "5/5", "All visible", "0", ""),
                        (
                            "Invented Museum",
                            "2024-11-09 15:45:00",
                            "4/5",
                            "All visible",
                            "2",
                            "invented review text",
                        ),
                    )
                }
            },
            "Profile": {
                "AIMoji": {"CreateDate": "", "AIMojiList": None},
                "Auto Fill": dict.fromkeys(autofill(), "N/A"),
                "Profile Information": {
                    "App": 1,
                    "ProfileMap": {
                        "PlatformInfo": platform_info(),
                        "bioDescription": "",
                        "birthDate": "01-Oct-1995",
                        "emailAddress": f"{SELF}@example.org",
                        "likesReceived": "42",
                        "profilePhoto": profile_photo("avatar"),
                        "profileVideo": "None",
                        "telephoneNumber": "None",
                        "userName": SELF,
                    },
                },
            },
            "Tiktok Live": {
                "Go Live History": {"GoLiveList": None},
                "Go Live Settings": go_live_settings([], "Off"),
                # D3T had {}; filled per ST's DTO (same shape as 2025).
                "Watch Live History": {
                    "WatchLiveMap": watch_live_map(
                        (
                            (
                                1,
                                "2024-11-29 20:58:00",
                                [("2024-11-29 21:00:00", "invented live comment")],
                                "https://www.tiktok.com/@invented_creator_1/live",
                            ),
                            (2, "2024-12-06 19:00:10", None, ""),
                        )
                    )
                },
                "Watch Live Settings": watch_live_settings(),
            },
            "Tiktok Shopping": shop({}),
            "Video": {
                "RecentlyDeletedPosts": {
                    "PostList": records(
                        deleted,
                        (
                            "2024-10-02 18:00:00",
                            "2024-11-15 09:00:00",
                            f"{login_link}7000000000000000071",
                            "3",
                            "",
                            "",
                            "original sound - invented_user",
                            "Inventedtown",
                            "",
                            "N/A",
                        ),
                        (
                            "2024-10-20 19:30:00",
                            "2024-12-01 08:10:00",
                            f"{login_link}7000000000000000072",
                            "0",
                            "",
                            "",
                            "original sound - invented_user",
                            "Inventedtown",
                            "",
                            "N/A",
                        ),
                    )
                },
                "Videos": {
                    "VideoList": records(
                        POST_KEYS_2024,
                        (
                            "2024-12-07 17:00:00",
                            "https://video-invented.tiktokv.com/storage/v1/invented-0061",
                            "12",
                            "Everyone",
                            "Yes",
                            "Yes",
                            "No",
                            "Yes",
                            "Yes",
                            "",
                            "",
                            "original sound - invented_user",
                            "",
                            "",
                            "N/A",
                        ),
                        (
                            "2024-11-16 12:30:00",
                            "https://video-invented.tiktokv.com/storage/v1/invented-0062",
                            "4",
                            "Friends",
                            "Yes",
                            "No",
                            "No",
                            "Yes",
                            "Yes",
                            "",
                            "",
                            "invented song - invented artist",
                            "",
                            "invented title",
                            "N/A",
                        ),
                    )
                },
            },
        }
    )


def settings_2025() -> JSONObject:
    """The Nov 2025 ``SettingsMap`` (BEY/EKO): 2024's keys plus ``Allow Reuse of Content``."""
    return {
        "Allow DownLoad": "Everyone",
        "Allow Others to Find Me": "Disabled",
        "Allow Reuse of Content": "Everyone",
        "App Language": "English",
        "Content Preferences": content_preferences([]),
        "Family Content Preferences": {},
        "Filter Comments": "Enabled",
        "Interests": "",
        "Personalized Ads": "Enabled",
        "Private Account": "Disabled",
        "Push Notification": push_notification(),
        "Suggest your account to Facebook friends": "enabled",
        "Suggest your account to contacts": "enabled",
        "Suggest your account to people who open or send links to you": "enabled",
        "Web Language": "N/A",
        "Who Can Duet With Me": "Everyone",
        "Who Can Post Comments": "Everyone",
        "Who Can Send Me Message": "Friends",
        "Who Can Stitch with your videos": "Everyone",
        "Who Can View Videos I Liked": "Myself",
    }


def status_2025(rows: tuple[tuple[str, str, str, int, str], ...]) -> JSONObject:
    """``Status List`` of Nov 2025 on: ``UID`` a JSON number, ``DID`` a 19-digit *string*.

    Each row is ``(Resolution, App Version, IDFA/IDFV uuid, UID, DID)``.
    """
    return {
        "Status List": records(
            STATUS_KEYS_UID,
            *((res, ver, uuid, "", "", uuid, uid, did, "") for res, ver, uuid, uid, did in rows),
        )
    }


def g2025() -> JSONObject:
    """Nov 2025 ``user_data_tiktok.json`` (BEY real full export, EKO schema; LAM/D3S for early 2025).

    Renames of 2025: ``Your Activity``, ``Direct Message -> Direct Messages``, ``Post``,
    ``TikTok Shop`` (but still ``Tiktok Live``), ``Location Review``, ``Profile Info``, ``Autofill``.
    """
    link = ("Date", "Link")
    your_activity: JSONObject = {
        # Present in EKO and D3S, ABSENT in BEY: kept, because the skeleton lists it.
        "Activity Summary": {
            "ActivitySummaryMap": {
                "note": "data may have delays of up to several days",
                "videosCommentedOnSinceAccountRegistration": 0,
                "videosSharedSinceAccountRegistration": 0,
                "videosWatchedToTheEndSinceAccountRegistration": 0,
            }
        },
        "Collection": {},
        "Donation": {"DonationList": None},
        "Favorite Collection": {"FavoriteCollectionList": []},
        "Favorite Comment": {"FavoriteCommentList": []},
        "Favorite Effects": {
            "FavoriteEffectsList": records(
                ("Date", "EffectLink"),
                ("2025-11-10 19:00:00", "https://m.tiktok.com/share/stickers/detail/100000001.html"),
                ("2025-10-01 08:30:00", "https://m.tiktok.com/share/stickers/detail/100000002.html"),
            )
        },
        "Favorite Hashtags": {"FavoriteHashtagList": []},
        "Favorite Location": {"FavoriteLocationList": []},
        "Favorite Sounds": {
            "FavoriteSoundList": records(
                link,
                ("2025-11-15 21:10:00", "https://m.tiktok.com/h5/share/music/200000001.html"),
                ("2025-09-12 17:45:20", "https://m.tiktok.com/h5/share/music/200000002.html"),
            )
        },
        "Favorite Videos": {
            "App": 1,
            "FavoriteVideoList": records(
                link,
                ("2025-11-27 23:01:00", video(21)),
                ("2025-11-03 18:22:10", video(22)),
                ("2025-09-30 07:00:00", video(23)),
            ),
        },
        "Follower": {
            "App": 1,
            "IsFastLane": False,
            "FansList": records(
                ("Date", "UserName"),
                ("2025-11-18 10:00:00", "invented_fan_1"),
                ("2025-10-05 13:14:15", "invented_fan_2"),
            ),
        },
        "Following": {
            "App": 1,
            "IsFastLane": False,
            "Following": records(
                ("Date", "UserName"),
                ("2025-11-25 20:00:00", "invented_creator_1"),
                ("2025-10-10 09:09:09", "invented_creator_2"),
                ("2025-09-02 16:00:00", "invented_creator_3"),
            ),
        },
        "Fundraiser": {"FundraiserList": None},
        "Hashtag": {
            "HashtagList": records(
                ("HashtagName", "HashtagLink"),
                ("inventedtag", "https://www.tiktok.com/share/challenge/1600000000000000001/"),
                ("anotherinventedtag", "https://www.tiktok.com/share/challenge/1600000000000000002/"),
            )
        },
        "Like List": {
            "App": 1,
            "ItemFavoriteList": records(
                ("date", "link"),
                ("2025-11-28 22:10:00", video(11)),
                ("2025-11-20 18:31:00", video(12)),
                ("2025-10-30 12:00:59", video(13)),
                ("2025-09-15 06:45:00", video(14)),
            ),
        },
        "Login History": {
            "LoginHistoryList": login_history(
                ("2025-09-01 19:50:00", "2025-10-14 07:30:00", "2025-11-20 18:20:00", "2025-11-28 21:55:10"),
                (
                    ("iPhone12,1", "iOS 18.1.1", "Wi-Fi"),
                    ("iPhone12,1", "iOS 18.1.1", "4G"),
                    ("iPhone12,1", "iOS 26.1", ""),
                    ("iPhone12,1", "iOS 26.1", "Wi-Fi"),
                ),
            )
        },
        "Most Recent Location Data": {"LocationData": {"Date": "N/A", "GpsData": "N/A", "LastRegion": "N/A"}},
        "Purchases": {"SendGifts": {"SendGifts": None}, "BuyGifts": {"BuyGifts": None}},
        # Newest-first, as in BEY (other files are oldest-first).
        "Searches": {
            "SearchList": records(
                ("Date", "SearchTerm"),
                ("2025-11-28 21:58:00", "invented dance 💃"),
                ("2025-11-02 20:59:30", "invented recipe"),
                ("2025-10-01 08:01:00", "invented_creator_2"),
            )
        },
        # The 1969 repost placeholder is seen in TIN (Dec 2025), not reported for BEY: added per the brief.
        "Share History": {
            "ShareHistoryList": records(
                SHARE_KEYS,
                ("2025-09-30 07:01:10", "share_video", video(31), "chat_head"),
                (
                    "2025-11-03 18:23:00",
                    "share_video",
                    "https://www.tiktok.com/@invented_creator_1/video/7000000000000000032",
                    "copy",
                ),
                PLACEHOLDER_SHARE,
            )
        },
        "Status": status_2025(
            (
                (
                    "750*1334",
                    "42.0.0",
                    "00000000-0000-4000-8000-000000000004",
                    12345678,
                    "7000000000000009001",
                ),
                (
                    "1170*2532",
                    "42.3.0",
                    "00000000-0000-4000-8000-000000000005",
                    12345678,
                    "7000000000000009002",
                ),
            )
        ),
        # Newest-first, as in BEY. No Title field before 2026.
        "Watch History": {
            "VideoList": records(
                link,
                ("2025-11-28 22:09:41", video(1)),
                ("2025-11-28 22:08:02", video(2)),
                ("2025-11-28 22:05:30", video(3)),
                ("2025-11-28 22:01:13", video(4)),
                ("2025-11-28 21:59:00", video(5)),
            )
        },
    }
    post_keys = (*POST_KEYS_2024, "AlternateText", "CoverImage")
    return alphabetical(
        {
            "Ads and data": {
                # Present in LAM, D3S and EKO; ABSENT in BEY: kept, because the skeleton lists it.
                "Ad Interests": {"AdInterestCategories": ""},
                "Instant Form Ads Responses": {"ResponsesList": None},
                "Off TikTok Activity": {
                    "OffTikTokActivityDataList": records(
                        ("TimeStamp", "Source", "Event"),
                        ("2025-10-01 08:00:00", "invented-shop.example", "ViewContent"),
                        ("2025-10-01 08:02:41", "invented-shop.example", "AddToCart"),
                        ("2025-11-12 19:30:00", "1234567890123456", "CompletePayment"),
                    )
                },
            },
            "App Settings": {
                "Block List": {
                    "App": 1,
                    "BlockList": records(
                        ("Date", "UserName"),
                        ("2025-11-05 22:00:00", "invented_blocked_1"),
                        ("2025-09-20 10:10:10", "invented_blocked_2"),
                    ),
                },
                "Settings": {"App": 1, "SettingsMap": settings_2025()},
                "UserThirdPlatformInformation": {},
            },
            "Comment": {
                "Comments": {
                    "App": 1,
                    "CommentsList": records(
                        ("date", "comment", "photo", "url"),
                        ("2025-11-26 21:00:00", "invented comment, wow", "N/A", ""),
                        ("2025-11-02 21:00:00", "another invented comment", "N/A", ""),
                        ("2025-09-14 12:34:56", "@invented_friend_2 this one", "N/A", ""),
                    ),
                }
            },
            "Direct Message": {"Direct Messages": {"ChatHistory": chat_history("2025")}},
            "Income Plus Wallet Transactions": {"Transaction History": {"TransactionsList": None}},
            "Location Review": {"Location Reviews": {"ReviewsList": None}},
            "Post": {
                "Posts": {
                    "VideoList": records(
                        post_keys,
                        (
                            "2025-11-21 17:00:00",
                            "https://video-invented.tiktokv.com/storage/v1/invented-0061",
                            "12",
                            "Everyone",
                            "Yes",
                            "No",
                            "No",
                            "Yes",
                            "Yes",
                            "",
                            "",
                            "original sound - invented_user",
                            "",
                            "N/A",
                            "N/A",
                            "N/A",
                            profile_photo("cover"),
                        ),
                        (
                            "2025-10-03 19:15:00",
                            "https://video-invented.tiktokv.com/storage/v1/invented-0062",
                            "0",
                            "Only You",
                            "Yes",
                            "Yes",
                            "Yes",
                            "Yes",
                            "No",
                            "",
                            "",
                            "invented song - invented artist",
                            "Inventedtown",
                            "invented title",
                            "N/A",
                            "invented alt text",
                            profile_photo("cover"),
                        ),
                    )
                },
                "Recently Deleted Posts": {"PostList": []},
            },
            "Profile": {
                "AI-Moji": {"CreateDate": "", "AIMojiList": None},
                "AISelfImage": {},
                "Autofill": autofill(),
                "Profile Info": {
                    "App": 1,
                    "ProfileMap": {
                        "PlatformInfo": platform_info(),
                        "aiSelf": profile_photo("aiself"),
                        "bioDescription": "",
                        "birthDate": "01-Oct-1995",
                        "displayName": "Invented Person",
                        "emailAddress": f"{SELF}@example.org",
                        "followerCount": 40,
                        "followingCount": 90,
                        "inferredGender": "None",
                        "instagramLink": "",
                        "lemon8Link": "",
                        "likesReceived": "42",
                        "profilePhoto": profile_photo("avatar"),
                        "profileVideo": "None",
                        "telephoneNumber": "None",
                        "userName": SELF,
                        "youtubeLink": "",
                    },
                },
            },
            "TikTok Shop": shop(SHOP_2025_NAMES),
            "Tiktok Live": {
                "Go Live History": {"GoLiveList": None},
                "Go Live Settings": go_live_settings(None, "On"),
                "Watch Live Comment": {},
                "Watch Live History": {
                    "WatchLiveMap": watch_live_map(
                        (
                            (
                                1,
                                "2025-09-01 19:58:00",
                                [
                                    ("2025-09-01 20:00:00", ""),
                                    ("2025-09-01 20:03:12", "invented live comment, hi"),
                                ],
                                "",
                            ),
                            (2, "2025-11-09 21:30:00", None, ""),
                        )
                    )
                },
                "Watch Live Settings": watch_live_settings(),
            },
            "Your Activity": your_activity,
        }
    )


def g2026() -> JSONObject:
    """2026 ``user_data_tiktok.json`` (PAN structure of a real 2026 export, POR, SAVE PR #26).

    ``Likes and Favorites`` and ``Profile And Settings`` are new groups; comments gain
    ``video``, ``sticker``, ``originalPostUrl`` and ``"original post link"`` with `` UTC`` dates;
    watch history gains ``Title``; ``Off TikTok Activity`` appears twice.
    """
    link = ("Date", "Link")
    settings: JSONObject = {
        "Allow DownLoad": "Everyone",
        "Allow Others to Find Me": "Disabled",
        "Allow Reuse of Content": "Everyone",
        "App Language": "English",
        "Autofill contact information": "Enabled",
        "Autofill payment information": "Disabled",
        "Content Preferences": content_preferences([]),
        "Family Content Preferences": {},
        # PAN shows "N/A" values; an invented linked account is put in on purpose, because real
        # files may name ANOTHER person here. The FPAccountType values are UNCONFIRMED.
        "FamilyPairing": [{"FPAccountType": "N/A", "LinkedAccountUsername": "invented_family_1"}],
        "Filter Comments": "Enabled",
        "Interests": "",
        "Personalized Ads": "Enabled",
        "Private Account": "Disabled",
        "Push Notification": push_notification(),
        "ScreenTime": [
            {
                "DailyScreenTimeLimit": "N/A",
                "DailyScreenTimeToggleStatus": "Off",
                "SleepHoursDuration": "N/A",
                "SleepHoursToggleStatus": "Off",
                "WeeklyScreenTimeUpdatesToggleStatus": "Off",
            }
        ],
        "Suggest your account to Facebook friends": "enabled",
        "Suggest your account to contacts": "enabled",
        "Suggest your account to people who open or send links to you": "enabled",
        "Web Language": "N/A",
        "Who Can Duet With Me": "Everyone",
        "Who Can Post Comments": "Everyone",
        "Who Can Send Me Message": "Friends",
        "Who Can Stitch with your videos": "Everyone",
        "Who Can View Videos I Liked": "Myself",
        "Who can see your following list::": "Everyone",
    }
    return alphabetical(
        {
            "Comment": {
                "Comments": {
                    "App": 1,
                    "CommentsList": records(
                        (
                            "date",
                            "comment",
                            "photo",
                            "video",
                            "sticker",
                            "originalPostUrl",
                            "original post link",
                        ),
                        (
                            "2026-04-11 20:05:00 UTC",
                            "invented comment, love it",
                            "",
                            "",
                            "",
                            post_url(51),
                            post_url(51),
                        ),
                        (
                            "2026-03-09 14:22:05 UTC",
                            "another invented comment",
                            "",
                            "",
                            "",
                            post_url(52),
                            post_url(52),
                        ),
                        (
                            "2026-01-20 08:00:00 UTC",
                            "@invented_friend_1 same",
                            "",
                            "",
                            "",
                            post_url(53),
                            post_url(53),
                        ),
                    ),
                }
            },
            "Direct Message": {
                # PAN had {}; filled with the G2025 shape, per the brief.
                "Direct Messages": {"ChatHistory": chat_history("2026")},
                "Group Chat": {"GroupChat": {}},
                # Content is an object whose keys no source shows (PAN: "UnverifiedObject"): left {}.
                "Tako Chat History": {
                    "TakoChatHistoryList": [
                        {
                            "Chat Title": "Invented question about a recipe",
                            "Messages": [
                                {"Date": "2026-03-02 09:00:00 UTC", "Content": {}},
                                {"Date": "2026-03-02 09:00:05 UTC", "Content": {}},
                            ],
                        }
                    ]
                },
            },
            "Income+ Wallet": {
                "Coin Purchase History": {
                    "CoinPurchaseHistoryList": records(
                        ("Date", "Type", "CoinAmount"),
                        ("2026-02-01 12:00:00", "Recharge", 70),
                        ("2026-03-15 18:30:00", "Recharge", 350),
                    )
                },
                "Transaction History": {"TransactionsList": None},
            },
            "Likes and Favorites": likes_and_favorites_2026(full=True),
            "Location Review": {"Location Reviews": {"ReviewsList": None}},
            "Post": {"Posts": {"VideoList": None}, "Recently Deleted Posts": {"PostList": []}, "Story": {}},
            "Profile And Settings": {
                "AI-Moji": {"CreateDate": "", "AIMojiList": None},
                "AISelfImage": {},
                "Autofill": autofill(),
                "Block List": {"App": 1, "BlockList": None},
                "Follower": {"App": 1, "IsFastLane": False, "FansList": []},
                "Following": {
                    "App": 1,
                    "IsFastLane": False,
                    "Following": records(
                        ("Date", "UserName"),
                        ("2026-04-01 18:00:00", "invented_creator_1"),
                        ("2026-02-14 14:14:14", "invented_creator_2"),
                        ("2026-01-05 10:00:00", "invented_creator_3"),
                    ),
                },
                "Off TikTok Activity": {"OffTikTokActivityDataList": None},
                "Profile Info": {
                    "App": 1,
                    "ProfileMap": {
                        "PlatformInfo": [
                            {
                                "Description": "",
                                "Name": "Invented Person",
                                "Platform": "Instagram",
                                "Profile Photo": "",
                            }
                        ],
                        "accountRegion": "GB",
                        "aiSelf": profile_photo("aiself"),
                        "bioDescription": "",
                        "birthDate": "01-Oct-1995",
                        "displayName": "Invented Person",
                        "emailAddress": f"{SELF}@example.org",
                        "followerCount": 0,
                        "followingCount": 100,
                        "fundraiser": "N/A",
                        "inferredGender": "None",
                        "instagramLink": "",
                        "lemon8Link": "",
                        "likesReceived": "None",
                        "profilePhoto": profile_photo("avatar"),
                        "profileVideo": "None",
                        "telephoneNumber": "None",
                        "userName": SELF,
                        "youtubeLink": "",
                    },
                },
                "ProfileViews": {"ProfileViewList": None},
                "Settings": {"App": 1, "SettingsMap": settings},
            },
            "TikTok Live": {
                "Go Live History": {"GoLiveList": None},
                "Go Live Settings": go_live_settings(None, "Off"),
                "Watch Live History": {
                    "WatchLiveMap": watch_live_map(
                        (
                            (
                                1,
                                "2026-01-01 00:00:00",
                                [("2026-01-01 00:02:00", "invented happy new year")],
                                "https://www.tiktok.com/@invented_creator_1/live",
                            ),
                            (2, "2026-02-20 21:00:00", [("2026-02-20 21:05:30", "")], ""),
                        )
                    )
                },
                "Watch Live Settings": watch_live_settings(),
            },
            "TikTok Shop": shop(
                SHOP_2025_NAMES,
                {"TikTokFavoriteItem": {"TikTokFavoriteItemResult": {"TikTokFavoriteItemList": None}}},
            ),
            "Your Activity": {
                "Activity Summary": {
                    "ActivitySummaryMap": {
                        "note": "data may have delays of up to several days",
                        "videosCommentedOnSinceAccountRegistration": 3,
                        "videosSharedSinceAccountRegistration": 2,
                        "videosWatchedToTheEndSinceAccountRegistration": 25,
                    }
                },
                # Filled form UNCONFIRMED: "" as in every source.
                "Ad Interests": {"AdInterestCategories": ""},
                "Ads Visit History": {
                    "AdsVisitHistoryList": records(
                        ("CreateTime", "AdTitle", "AdLink"),
                        ("2026-04-01 10:00:00", "Invented Shoes Sale", "https://invented-shop.example/shoes"),
                        ("2026-02-11 19:12:00", "Invented Language App", "https://invented-app.example/"),
                    )
                },
                "Donation": {"DonationList": None},
                "Fundraiser": {"FundraiserList": None},
                "Hashtag": {"HashtagList": None},
                # Filled form UNCONFIRMED: null as in every source.
                "Instant Form Ads Responses": {"ResponsesList": None},
                "Login History": {
                    "LoginHistoryList": login_history(
                        ("2026-01-01 00:00:00", "2026-02-20 20:55:00", "2026-04-11 20:00:00"),
                        (
                            ("Pixel 8", "Android 16", "Wi-Fi"),
                            ("Pixel 8", "Android 16", "4G"),
                            ("Pixel 8", "Android 16", "Wi-Fi"),
                        ),
                    )
                },
                "Mini Drama Watch History": {},
                "Off TikTok Activity": {"OffTikTokActivityDataList": None},
                "Purchases": {"SendGifts": {"SendGifts": None}, "BuyGifts": {"BuyGifts": None}},
                "Reposts": {
                    "RepostList": records(
                        link,
                        ("2026-04-10 19:00:00", video(81)),
                        ("2026-03-01 12:30:00", video(82)),
                        ("2026-01-15 22:22:22", video(83)),
                    )
                },
                "Searches": {
                    "SearchList": records(
                        ("Date", "SearchTerm"),
                        ("2026-04-11 19:58:00", "invented hike 🎿"),
                        ("2026-03-09 14:20:00", "invented recipe"),
                        ("2026-01-02 09:00:00", "invented_creator_3"),
                    )
                },
                # PAN had null here; two shares and the 1969 repost placeholder (seen in Dec 2025),
                # per the brief.
                "Share History": {
                    "ShareHistoryList": records(
                        SHARE_KEYS,
                        ("2026-02-14 14:20:00", "share_video", video(31), "chat_head"),
                        ("2026-04-10 19:01:00", "share_video", video(32), "copy"),
                        PLACEHOLDER_SHARE,
                    )
                },
                "Status": status_2025(
                    (
                        (
                            "1080*2400",
                            "43.1.0",
                            "00000000-0000-4000-8000-000000000006",
                            87654321,
                            "7000000000000009003",
                        ),
                    )
                ),
                "Stickers": {"StickerList": None},
                # Title is new in 2026 and often "".
                "Watch History": {
                    "VideoList": records(
                        ("Date", "Link", "Title"),
                        ("2026-04-11 20:01:05", video(1), ""),
                        ("2026-04-11 20:02:40", video(2), "invented video title"),
                        ("2026-04-11 20:03:33", video(3), ""),
                        ("2026-04-11 20:06:10", video(4), "another invented title #inventedtag"),
                        ("2026-04-11 20:09:59", video(5), ""),
                    )
                },
            },
        }
    )


def likes_and_favorites_2026(*, full: bool) -> JSONObject:
    """``Likes and Favorites`` of 2026, newest-first; ``full=False`` gives POR's (Apr 2026) sections.

    PAN alone has ``Favorite Drama``, ``Favorite Movies and TV`` and ``Favorite Playlists``, and
    filled effects and sounds; POR has ``null`` effects and sounds.
    """
    link = ("Date", "Link")
    group: JSONObject = {
        "Collection": {},
        "Favorite Collection": {
            "FavoriteCollectionList": records(
                ("Date", "FavoriteCollection"),
                ("2026-04-05 21:00:00", "Invented recipes"),
                ("2026-02-01 10:30:00", "Invented travel ideas"),
            )
        },
        "Favorite Comment": {"FavoriteCommentList": []},
        "Favorite Effects": {
            "FavoriteEffectsList": records(
                ("Date", "EffectLink"),
                ("2026-03-30 18:00:00", "https://m.tiktok.com/share/stickers/detail/100000003.html"),
                ("2026-01-12 11:11:00", "https://m.tiktok.com/share/stickers/detail/100000004.html"),
            )
            if full
            else None
        },
        "Favorite Hashtags": {"FavoriteHashtagList": []},
        "Favorite Location": {"FavoriteLocationList": []},
        "Favorite Sounds": {
            "FavoriteSoundList": records(
                link,
                ("2026-04-03 08:00:00", "https://m.tiktok.com/h5/share/music/200000003.html"),
                ("2026-02-22 20:20:20", "https://m.tiktok.com/h5/share/music/200000004.html"),
            )
            if full
            else None
        },
        "Favorite Videos": {
            "App": 1,
            "FavoriteVideoList": records(
                link,
                ("2026-04-02 16:40:09", video(21)),
                ("2026-03-18 22:00:00", video(22)),
                ("2026-01-07 07:07:07", video(23)),
            ),
        },
        "Like List": {
            "App": 1,
            "ItemFavoriteList": records(
                ("date", "link"),
                ("2026-04-11 20:09:50", video(11)),
                ("2026-04-11 20:02:41", video(12)),
                ("2026-03-28 17:45:00", video(13)),
                ("2026-02-03 06:30:15", video(14)),
            ),
        },
    }
    if full:
        group |= {
            "Favorite Drama": {},
            "Favorite Movies and TV": {"FavoriteMoviesAndTVList": []},
            "Favorite Playlists": {"FavoritePlaylistList": []},
        }
    return group


def g2025_custom_your_activity() -> JSONObject:
    """Dec 2025 custom selection holding only ``Your Activity`` (TIN @6c7722c).

    Its 12 sections, incl. ``Ad Interests``, ``Instant Form Ads Responses`` and ``Off TikTok
    Activity`` moved in from ``Ads and data``. Quirks from TIN: oldest-first watch history with
    one inversion, 1969 repost placeholders at the end of Share History (methods ``repost``,
    ``chat_head``, ``copy``), ``NetworkType: "mobile"``, a status record with ``UID: 0, DID: ""``.
    TIN's values for Hashtag, Ad Interests and Activity Summary are not given by the note: the
    Nov 2025 shapes are used.
    """
    link = ("Date", "Link")
    placeholders = [
        (PLACEHOLDER_DATE, "video", "https://www.tiktok.com/", method)
        for method in ("repost", "chat_head", "copy")
    ]
    return alphabetical(
        {
            "Your Activity": {
                "Activity Summary": {
                    "ActivitySummaryMap": {
                        "note": "data may have delays of up to several days",
                        "videosCommentedOnSinceAccountRegistration": 1,
                        "videosSharedSinceAccountRegistration": 2,
                        "videosWatchedToTheEndSinceAccountRegistration": 40,
                    }
                },
                "Ad Interests": {"AdInterestCategories": ""},
                "Hashtag": {
                    "HashtagList": records(
                        ("HashtagName", "HashtagLink"),
                        ("inventedtag", "https://www.tiktok.com/share/challenge/1600000000000000001/"),
                        ("anotherinventedtag", "https://www.tiktok.com/share/challenge/1600000000000000002/"),
                    )
                },
                "Instant Form Ads Responses": {"ResponsesList": None},
                "Login History": {
                    "LoginHistoryList": login_history(
                        ("2025-11-30 07:00:00", "2025-12-01 18:30:00", "2025-12-03 21:45:00"),
                        (
                            ("SM-S911B", "Android 15", "Wi-Fi"),
                            ("SM-S911B", "Android 15", "mobile"),
                            ("SM-S911B", "Android 16", "Wi-Fi"),
                        ),
                    )
                },
                "Most Recent Location Data": {
                    "LocationData": {"Date": "N/A", "GpsData": "N/A", "LastRegion": "N/A"}
                },
                "Off TikTok Activity": {
                    "OffTikTokActivityDataList": records(
                        ("TimeStamp", "Source", "Event"),
                        ("2025-11-29 10:00:00", "invented-shop.example", "ViewContent"),
                        ("2025-12-02 12:15:30", "9876543210987654", "Search"),
                    )
                },
                "Purchases": {"SendGifts": {"SendGifts": None}, "BuyGifts": {"BuyGifts": None}},
                "Searches": {
                    "SearchList": records(
                        ("Date", "SearchTerm"),
                        ("2025-11-30 07:05:00", "invented song 🎶"),
                        ("2025-12-01 18:31:10", "invented workout"),
                        ("2025-12-03 21:46:00", "invented_creator_1"),
                    )
                },
                "Share History": {
                    "ShareHistoryList": records(
                        SHARE_KEYS,
                        ("2025-12-01 18:40:00", "share_video", video(31), "chat_head"),
                        (
                            "2025-12-03 21:50:00",
                            "share_video",
                            "https://www.tiktok.com/foryou?lang=en",
                            "more",
                        ),
                        *placeholders,
                    )
                },
                "Status": status_2025(
                    (
                        (
                            "1080*2340",
                            "42.5.0",
                            "00000000-0000-4000-8000-000000000007",
                            7000000000000008001,
                            "7000000000000009004",
                        ),
                        ("1080*2340", "42.6.0", "00000000-0000-4000-8000-000000000008", 0, ""),
                    )
                ),
                # Oldest-first with one inversion (records 3 and 4), as TIN has.
                "Watch History": {
                    "VideoList": records(
                        link,
                        ("2025-12-03 21:46:30", video(1)),
                        ("2025-12-03 21:47:12", video(2)),
                        ("2025-12-03 21:49:40", video(3)),
                        ("2025-12-03 21:48:05", video(4)),
                        ("2025-12-03 21:52:20", video(5)),
                    )
                },
            }
        }
    )


def g2026_custom_likes() -> JSONObject:
    """Apr 2026 custom selection holding only ``Likes and Favorites`` (POR @2ab51fa)."""
    return alphabetical({"Likes and Favorites": likes_and_favorites_2026(full=False)})


BUILDERS: Final = {
    "2021": g2021,
    "2023": g2023,
    "2024": g2024,
    "2025": g2025,
    "2026": g2026,
    "2025-custom-your-activity": g2025_custom_your_activity,
    "2026-custom-likes": g2026_custom_likes,
}


# ----------------------------------------------------------------------------------------------
# SOURCES.md texts (citations copied from the research note)
# ----------------------------------------------------------------------------------------------

SOURCE_TABLE: Final = {
    "DRK": "drkblog/tiktok-userdata @3454e3e (2021-22): `src/tiktok-userdata.ts`, `src/statistics.ts`, "
    "README",
    "SAVE": "samirelanduk/tiktok-save: c933e98 / ee4921e (Jun-Aug 2021), 942e6d8 (Nov 2024), PR #24 3641ad0 "
    "(Jan 2026), PR #26 fde926f (Apr 2026); issue #25 (2026-01-10)",
    "UNW": 'a "tiktokunwrapped" guide in the code index (id 33156407482, repository not named): '
    "a pasted 2022 `VideoList` excerpt",
    "BB": "byteBOOSTgit/tiktokdata @c2110e3 (2023-06-15): `tiktok_data_schema.json` (genson schema of a "
    "real export)",
    "WR": "vantezzen/wrapped: `src/lib/types.ts` @75015b9 (2023-05-19) and main; PR #10 (8cf4ed8, "
    "a61cfa5, Mar 2025)",
    "D3T": "d3i-infra/data-donation-task @dc56c69 (refs/pull/41): "
    "`pytests/public_testfiles/user_data_tiktok.json` "
    "(real Dec 2024 export, anonymised)",
    "D3S": "d3i-infra/data-donation-task refs/pull/37/head b7fa0ed (and refs/pull/36 @7bc2e5b): "
    "`structure_donations/Processed_structure_donations/TikTok/Input/*.json` and `Input_test/*.json`",
    "ST": "ibicza/statsTT_test @da5b94b: `src/main/java/com/ibicza/statsTT/DTO/ttjson/*.java` (DTOs of "
    "a late-2024 export)",
    "LAM": "LamineLSU/Privacy-Cost-of-Fun @2ed307e (2025-04-11): `user_data_tiktok.json` (real, nearly "
    "empty)",
    "BEY": "beyzaacesur/tiktok-chronotypes-analysis @de04084 (2025-11-30): `user_data_tiktok.json` "
    "(real Nov 2025, full)",
    "EKO": "EKO-GITHUB/ttwrapped @da13d9b (2025-11-27): `src/types/TikTok_Data_Schema.ts` (zod schema, "
    "Nov 2025)",
    "TIN": "iamTinMan67/TikTok-Video-Collector @6c7722c (2025-12-04): `user_data_tiktok.json` (only "
    "`Your Activity`)",
    "POR": "porter7678/tiktok-shuffler @2ab51fa (2026-04-26): `user_data_tiktok.json` (only `Likes and "
    "Favorites`)",
    "PAN": "lagayayuya/PanoptiCool @5b9d026 (2026-07-17): `docs/tiktok-export-schema.md` "
    "(+ `web/src/engine/validate.ts`, `panopticool/populators.py`)",
}

SOURCES: Final[dict[str, tuple[str, list[tuple[str, str]], list[str]]]] = {
    "2021": (
        "Late 2021 - 2022 export, `user_data.json`. Evidence is thin: DRK types only `Activity`, `Video` and "
        "`App Settings`.",
        [
            (
                "`Activity` sections `Follower List`, `Following List`, `Hashtag`, `Like List`, `Login "
                "History`, "
                "`Share History`, `Status` (one object)",
                "DRK",
            ),
            ("`Activity -> Favorite Videos -> FavoriteVideoList`; `Link` vs `VideoLink`", "SAVE"),
            ("`Activity -> Video Browsing History -> VideoList` of `{Date, VideoLink}`, date layout", "UNW"),
            ("`App Settings -> Block -> BlockList`", "DRK"),
            ("`Video -> Videos -> VideoList` of `{Date, VideoLink, Likes}`", "DRK"),
            ("`Comment`, `Direct Messages`, `Profile` (best guess: the 2023 shapes)", "BB"),
        ],
        [
            "`Comment -> Comments -> CommentsList` of `{Date, Comment}`: no 2021-22 source; the 2023 "
            "shape (WR).",
            "`Direct Messages -> Chat History -> ChatHistory`: no 2021-22 source; the 2023 shape.",
            "`Profile -> Profile Information -> ProfileMap` and its fields: no 2021-22 source; the 2023 "
            "shape. "
            "The `birthDate` layout `01-Oct-1995` is the 2024-25 one.",
            "Own-video `Likes` as a JSON number (DRK's type) rather than a digit string.",
            "`App Settings -> Settings -> SettingsMap`: no source and no guess, so it is left out.",
            "Other `Activity` sections (Search History, Favorite Sounds/Effects/Hashtags, Purchase History, "
            "Most Recent Location Data): not shown for 2021-22, left out.",
            "The order of `Video Browsing History` (oldest-first here) and the `Method` value `whatsapp` "
            "(seen in 2024).",
        ],
    ),
    "2023": (
        "June 2023 export, `user_data.json`. In BB's genson output `null` means the value was `null` and an "
        "object with no properties means `{}`.",
        [
            ("Every group, section and key; the `{}` empty sections; `Status List` records", "BB"),
            (
                "Filled `CommentsList` shape `{Date, Comment}` (BB's own file had `null`, kept `null` here)",
                "WR",
            ),
            ("Filled `WatchLiveMap` comments `{CommentTime, CommentContent, RawTime}`", "WR"),
        ],
        [
            "`Most Recent Location Data` and `Activity Summary`: absent from BB, left out.",
            "The inner list keys of the `{}` sections (none are written, as in BB).",
            "`AdInterestCategories` separator ` | `.",
            "`birthDate` layout `DD-Mon-YYYY` (BB only says string).",
            "The one filled LIVE comment follows WR's 2023 types, not BB's file.",
        ],
    ),
    "2024": (
        "Nov/Dec 2024 export, `user_data_tiktok.json`. 11 top-level groups.",
        [
            ("Every group, section, list key and record field; `App`/`IsFastLane`; list orders", "D3T"),
            ("Cross-check of the same keys in five more exports (`Personalized Ads` missing in some)", "D3S"),
            (
                "Filled `ChatHistory` (`Map<String, List<{Date, From, Content}>>`) and `WatchLiveMap` shapes",
                "ST",
            ),
        ],
        [
            "`ChatHistory` and `WatchLiveMap` were `{}` in D3T; both are filled here (shapes from ST) so the "
            "fixture holds messages and LIVE comments.",
            '`Auto Fill` stays all `"N/A"`, as in D3T.',
        ],
    ),
    "2025": (
        "Nov 2025 export, `user_data_tiktok.json` (the full Nov 2025 shape). 11 top-level groups; "
        "`TikTok Shop` "
        "but still `Tiktok Live`.",
        [
            (
                "Every group, section and key; `[Nov25]` additions; list orders (watch history and searches "
                "newest-first)",
                "BEY",
            ),
            ("The same, as a schema; `Activity Summary`, `Ad Interests`; shop records", "EKO"),
            ("Early-2025 renames (`Your Activity`, `Profile Info`, `Watch History`)", "WR"),
            ("Early-2025 empties (`null` lists, `Content Preferences` `null`)", "LAM"),
            ("`Activity Summary` and `Most Recent Location Data` under `Your Activity`", "D3S"),
            ("The 1969 repost placeholder in Share History", "TIN"),
        ],
        [
            "`Ad Interests` and `Activity Summary` are ABSENT in BEY but present in EKO/D3S/LAM; kept here.",
            "The 1969 share placeholder is reported for TIN (Dec 2025), not for BEY; added per the brief.",
            '`Autofill` holds invented contact data; every real file seen had all `"N/A"`.',
            "`Location Review` filled shape (not seen filled in 2025): left `null`.",
        ],
    ),
    "2026": (
        "2026 export, `user_data_tiktok.json`. 10 top-level groups; no `Ads and data`, `App Settings` or "
        "`Profile`.",
        [
            (
                "Every group, section and key; 25-key `SettingsMap`; comment fields; Tako chat; `Title` in "
                "watch history; empties",
                "PAN",
            ),
            ("`Likes and Favorites` (sections, `{date, link}`, newest-first)", "POR"),
            (
                "Likes and favourites moved out of `Your Activity` around January 2026 (issue #25, PR #26)",
                "SAVE",
            ),
            ("The 1969 repost placeholder in Share History", "TIN"),
        ],
        [
            "PAN strips values: every value shape here beyond PAN's types is a guess.",
            "Tako `Messages[].Content` is an object whose keys no source shows: written `{}`.",
            "`Group Chat -> GroupChat` filled shape: unknown, written `{}`.",
            "The comment link shape `https://www.tiktok.com/@/video/<id>/` comes from the shared doc, "
            "not PAN.",
            "`ChatHistory` was `{}` in PAN; filled with the 2025 shape here.",
            "`ShareHistoryList` was `null` in PAN; filled with two shares and the 1969 placeholder (seen "
            "in Dec 2025) per the brief.",
            '`FamilyPairing.LinkedAccountUsername` holds an invented account (PAN shows `"N/A"`); '
            "`FPAccountType` values are unknown.",
            "`Ad Interests` and `Instant Form Ads Responses` filled forms: unknown, left empty.",
            '`Autofill` holds invented contact data (PAN shows `"N/A"`).',
            "Values of `Autofill contact information`/`Autofill payment information`, "
            "`CoinPurchaseHistoryList` "
            "`Type`.",
        ],
    ),
    "2025-custom-your-activity": (
        "Dec 2025 custom selection: only the `Your Activity` group, with the ad sections moved into it.",
        [
            (
                "The 12 sections; share placeholders (methods `repost`, `chat_head`, `copy`); `NetworkType` "
                '`mobile`; `UID` 0 / `DID` ""; watch history oldest-first with one inversion',
                "TIN",
            ),
            ("Record shapes of the sections whose TIN values the note does not give", "BEY"),
        ],
        [
            "Whether TIN is a custom selection or a trimmed file.",
            "TIN's `Hashtag`, `Ad Interests` and `Activity Summary` values: the Nov 2025 shapes are used.",
        ],
    ),
    "2026-custom-likes": (
        "Apr 2026 custom selection: only the `Likes and Favorites` group.",
        [
            (
                "Sections (no `Favorite Drama`, `Favorite Movies and TV`, `Favorite Playlists`); effects and "
                "sounds `null`; newest-first likes, favourites and collections",
                "POR",
            ),
            ("Section and list key names", "PAN"),
        ],
        [],
    ),
}


def sources_markdown(name: str) -> str:
    """SOURCES.md of one fixture: what each part follows, and what no source confirms."""
    intro, parts, unconfirmed = SOURCES[name]
    lines = [
        f"# Fixture `{name}/{FILE_NAMES[name]}`: sources",
        "",
        "Generated by `tests/generations/build.py`; do not edit by hand. Every value is invented; only the",
        "structure follows the sources, as summarised in the research note `tests/generations/EVIDENCE.md`",
        "(2026-11-25).",
        "",
        intro,
        "",
        "## What follows which source",
        "",
        "| part | source |",
        "|---|---|",
        *(f"| {part} | {tag} |" for part, tag in parts),
        "",
        "## Sources",
        "",
        *(f"- **{tag}**: {SOURCE_TABLE[tag]}" for tag in sorted({tag for _, tag in parts})),
        "",
        "## UNCONFIRMED (a guess, or a departure from the source)",
        "",
        *([f"- {item}" for item in unconfirmed] or ["- Nothing beyond the invented values."]),
        "",
    ]
    return "\n".join(lines)


# ----------------------------------------------------------------------------------------------
# Expected counts
# ----------------------------------------------------------------------------------------------

DATE_FIELDS: Final = ("Date", "date", "TimeStamp", "CreateTime", "WatchTime", "CommentTime", "browsing_date")
#: Objects keyed by a user or id rather than by a fixed name: counted like lists.
KEYED_MAPS: Final = frozenset({"ChatHistory", "GroupChat", "WatchLiveMap"})


def _record_date(record: Any) -> str | None:
    """The record's own date without a `` UTC`` suffix, or None (placeholders and non-records)."""
    if not isinstance(record, dict):
        return None
    for field in DATE_FIELDS:
        value = record.get(field)
        if isinstance(value, str) and value[:4].isdigit():
            return None if value == PLACEHOLDER_DATE else value.removesuffix(" UTC")
    return None


def _summary(kind: str, items: list[Any]) -> JSONObject:
    """Count, 1969-placeholder count and the real-date range of one list or keyed map."""
    dates = [d for d in map(_record_date, items) if d is not None]
    placeholders = sum(1 for item in items if isinstance(item, dict) and item.get("Date") == PLACEHOLDER_DATE)
    summary: JSONObject = {"kind": kind, "count": len(items)}
    if placeholders:
        summary["placeholders"] = placeholders
    summary["min_date"] = min(dates) if dates else None
    summary["max_date"] = max(dates) if dates else None
    return summary


def _walk(node: Any, path: str, out: JSONObject) -> None:
    """Record every list and keyed map under ``path`` (``null`` lists are not lists: not recorded)."""
    if isinstance(node, dict):
        for key, value in node.items():
            child = f"{path}/{key}" if path else key
            if isinstance(value, list):
                out[child] = _summary("list", value)
            elif isinstance(value, dict) and key in KEYED_MAPS:
                out[child] = _summary("map", list(value.values()))
            _walk(value, child, out)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            _walk(item, f"{path}/{index}", out)


def expected_counts() -> JSONObject:
    """Per fixture folder: every list/keyed map path -> count and date range, for checking the tool."""
    result: JSONObject = {}
    for name in GENERATION_DIRS:
        paths: JSONObject = {}
        _walk(fixture(name), "", paths)
        result[name] = {"file": FILE_NAMES[name], "lists": paths}
    return result


# ----------------------------------------------------------------------------------------------
# Public API and entry point
# ----------------------------------------------------------------------------------------------


def render(document: JSONObject) -> str:
    """Serialise like TikTok: 2-space indent, raw UTF-8 (emoji as-is), ``/`` unescaped."""
    return json.dumps(document, indent=2, ensure_ascii=False)


def fixture(generation: str) -> JSONObject:
    """The parsed document of one fixture (equal to ``json.loads`` of the committed file).

    Built in memory, so tests need not read the files; ``generation`` is a key of
    ``GENERATION_DIRS`` (e.g. ``"2025"`` or ``"2026-custom-likes"``).
    """
    document: JSONObject = json.loads(render(BUILDERS[generation]()))
    return document


def fixture_path(generation: str) -> Path:
    """Where the committed JSON file of ``generation`` lives."""
    return GENERATION_DIRS[generation] / FILE_NAMES[generation]


def main() -> int:
    """Write every fixture, its SOURCES.md and ``expected_counts.json`` (deterministically)."""
    for name, folder in GENERATION_DIRS.items():
        folder.mkdir(parents=True, exist_ok=True)
        fixture_path(name).write_text(render(BUILDERS[name]()), encoding="utf-8", newline="\n")
        (folder / "SOURCES.md").write_text(sources_markdown(name), encoding="utf-8", newline="\n")
    (HERE / "expected_counts.json").write_text(
        json.dumps(expected_counts(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
