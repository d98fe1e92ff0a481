"""The synthetic export generator: shape, size, determinism, canaries, hostile text, streaming."""

from __future__ import annotations

import io
import json
import re
import tracemalloc
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import pytest

from tiktok_export import api
from tiktok_export.schema_model import export_model
from tiktok_export.synthetic import (
    CANARY_PREFIX,
    GENERATIONS,
    SECTION_IDS,
    SECTION_PATHS,
    YEARS,
    ExportSpec,
    canary_values,
    export_bytes,
    main,
    write_export_json,
    write_export_zip,
    write_other_platform_zip,
    write_txt_export_zip,
)

from .generations.build import fixture_path

# The paths as the lead specified them, written out again so a slip in the module shows.
EXPECTED_PATHS: dict[str, tuple[tuple[str, ...] | None, tuple[str, ...] | None]] = {
    "watch-history": (
        ("Activity", "Video Browsing History", "VideoList"),
        ("Your Activity", "Watch History", "VideoList"),
    ),
    "likes": (
        ("Activity", "Like List", "ItemFavoriteList"),
        ("Likes and Favorites", "Like List", "ItemFavoriteList"),
    ),
    "favorite-videos": (
        ("Activity", "Favorite Videos", "FavoriteVideoList"),
        ("Likes and Favorites", "Favorite Videos", "FavoriteVideoList"),
    ),
    "searches": (
        ("Activity", "Search History", "SearchList"),
        ("Your Activity", "Searches", "SearchList"),
    ),
    "shares": (
        ("Activity", "Share History", "ShareHistoryList"),
        ("Your Activity", "Share History", "ShareHistoryList"),
    ),
    "followers": (
        ("Activity", "Follower List", "FansList"),
        ("Profile And Settings", "Follower", "FansList"),
    ),
    "following": (
        ("Activity", "Following List", "Following"),
        ("Profile And Settings", "Following", "Following"),
    ),
    "hashtags": (
        ("Activity", "Hashtag", "HashtagList"),
        ("Your Activity", "Hashtag", "HashtagList"),
    ),
    "login-history": (
        ("Activity", "Login History", "LoginHistoryList"),
        ("Your Activity", "Login History", "LoginHistoryList"),
    ),
    "activity-summary": (
        ("Activity", "Activity Summary", "ActivitySummaryMap"),
        ("Your Activity", "Activity Summary", "ActivitySummaryMap"),
    ),
    "ad-interests": (None, ("Your Activity", "Ad Interests", "AdInterestCategories")),
    "comments": (
        ("Comment", "Comments", "CommentsList"),
        ("Comment", "Comments", "CommentsList"),
    ),
    "direct-messages": (
        ("Direct Messages", "Direct Messages", "ChatHistory"),
        ("Direct Message", "Direct Messages", "ChatHistory"),
    ),
    "profile": (
        ("Profile", "Profile Information", "ProfileMap"),
        ("Profile And Settings", "Profile Information", "ProfileMap"),
    ),
    "off-tiktok-activity": (
        None,
        ("Profile And Settings", "Off TikTok Activity", "OffTikTokActivityDataList"),
    ),
    "settings": (
        ("App Settings", "Settings", "SettingsMap"),
        ("Profile And Settings", "Settings", "SettingsMap"),
    ),
    "posted-videos": (("Video", "Videos", "VideoList"), ("Post", "Posts", "VideoList")),
    "income": (
        ("Income Plus Wallet Transactions", "Income Plus Wallet Transaction"),
        ("Income+ Wallet", "Transaction History"),
    ),
    "live-hosted": (("Tiktok Live", "Go Live History"), ("TikTok Live", "Go Live History")),
    "shop": (("Tiktok Shopping", "Order History"), ("TikTok Shop", "Order History")),
}

LIST_FIELDS: dict[str, set[str]] = {
    "watch-history": {"Date", "Link"},
    "favorite-videos": {"Date", "Link"},
    "searches": {"Date", "SearchTerm"},
    "shares": {"Date", "SharedContent", "Link", "Method"},
    "followers": {"Date", "UserName"},
    "following": {"Date", "UserName"},
    "hashtags": {"HashtagName", "HashtagLink"},
    "login-history": {"Date", "IP", "DeviceModel", "DeviceSystem", "NetworkType", "Carrier"},
    "comments": {"Date", "Comment", "Photo", "Url"},
    "off-tiktok-activity": {"TimeStamp", "Source", "Event"},
    "posted-videos": {"Date", "Link", "Likes", "Sound", "Title", "Location"},
}

PROFILE_KEYS = {
    "userName",
    "bioDescription",
    "birthDate",
    "emailAddress",
    "telephoneNumber",
    "likesReceived",
    "profilePhoto",
    "profileVideo",
    "PlatformInfo",
}

CANARY_PATTERNS = {
    "profile.emailAddress",
    "profile.telephoneNumber",
    "profile.userName",
    "profile.birthDate",
    "profile.bioDescription",
    "profile.profilePhoto",
    "profile.profileVideo",
    "profile.PlatformInfo[].UserName",
    "login-history.IP",
    "login-history.Carrier",
    "login-history.DeviceModel",
    "login-history.DeviceSystem",
    "followers.UserName",
    "following.UserName",
    "direct-messages.From",
    "direct-messages.<chat key>",
    "direct-messages.Content",
    "comments.Comment",
    "searches.SearchTerm",
    "posted-videos.Title",
    "posted-videos.Location",
    "shares.SharedContent",
    "off-tiktok-activity.Source",
}
# Fields whose type leaves no room for the word "canary"; their canaries have fixed shapes.
SHAPED_CANARIES = {
    "profile.telephoneNumber": re.compile(r"^\+31 6 12\d\d \d{4}$"),
    "login-history.IP": re.compile(r"^10\.\d+\.\d+\.\d+$"),
    "profile.birthDate": re.compile(r"^\d\d-[A-Z][a-z]{2}-1901$"),
}

DATE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")
LINK = {
    "old": re.compile(r"^https://www\.tiktokv\.com/share/video/\d{19}/$"),
    "new": re.compile(r"^https://www\.tiktok\.com/@/video/\d{19}/$"),
}
DATED_LISTS = (
    "watch-history",
    "likes",
    "favorite-videos",
    "searches",
    "shares",
    "followers",
    "following",
    "login-history",
    "comments",
    "off-tiktok-activity",
    "posted-videos",
)
NOW = "2026-11-01 12:00:00"
TWO_YEARS_BEFORE = "2024-10-31 00:00:00"


def at(doc: Any, path: tuple[str, ...]) -> Any:
    """The value at ``path`` in ``doc``, failing with the missing key."""
    for key in path:
        assert isinstance(doc, dict), f"not an object above {key!r}"
        assert key in doc, f"missing {key!r} on the way to {path}"
        doc = doc[key]
    return doc


def path_of(section: str, generation: Literal["old", "new"]) -> tuple[str, ...] | None:
    return EXPECTED_PATHS[section][0 if generation == "old" else 1]


def load(spec: ExportSpec) -> Any:
    return json.loads(export_bytes(spec))


def dated(doc: Any, generation: Literal["old", "new"]) -> Iterator[tuple[str, list[str]]]:
    """Each dated list's dates, in file order."""
    for section in DATED_LISTS:
        path = path_of(section, generation)
        if path is None:
            continue
        records = at(doc, path)
        key = "date" if section == "likes" and generation == "new" else "Date"
        key = "TimeStamp" if section == "off-tiktok-activity" else key
        yield section, [r[key] for r in records]


class CountingSink(io.BytesIO):
    """A write-only stream that keeps nothing but the byte count."""

    def __init__(self) -> None:
        super().__init__()
        self.size = 0

    def write(self, data: Any, /) -> int:
        size = len(data)
        self.size += size
        return size


# --- determinism --------------------------------------------------------------------------


@pytest.mark.parametrize("generation", ["old", "new"])
def test_same_spec_gives_identical_bytes(generation: Literal["old", "new"]) -> None:
    """Two runs of one spec give byte-identical JSON and zip files."""
    spec = ExportSpec(generation=generation, seed=7, canaries=True, hostile=True)
    assert export_bytes(spec) == export_bytes(spec)
    first, second = io.BytesIO(), io.BytesIO()
    write_export_zip(spec, first)
    write_export_zip(spec, second)
    assert first.getvalue() == second.getvalue()


def test_other_zips_are_deterministic() -> None:
    """The TXT and other-platform zips are byte-identical for the same seed."""
    outputs = []
    for _ in range(2):
        txt, other = io.BytesIO(), io.BytesIO()
        write_txt_export_zip(txt, language="nl", seed=3)
        write_other_platform_zip(other, seed=3)
        outputs.append((txt.getvalue(), other.getvalue()))
    assert outputs[0] == outputs[1]


def test_seed_changes_the_content() -> None:
    """A different seed gives a different export."""
    assert export_bytes(ExportSpec(seed=1)) != export_bytes(ExportSpec(seed=2))


def test_leaving_a_section_out_keeps_the_others_unchanged() -> None:
    """Each section has its own random stream, so dropping one does not reshuffle another."""
    everything = load(ExportSpec(seed=4))
    wanted = frozenset(SECTION_IDS) - {"profile", "settings", "shop", "activity-summary"}
    fewer = load(ExportSpec(seed=4, sections=wanted))
    assert "Profile Information" not in fewer["Profile And Settings"]
    for section in ("watch-history", "searches", "comments", "direct-messages", "followers"):
        path = path_of(section, "new")
        assert path is not None
        assert at(everything, path) == at(fewer, path), section


# --- shape --------------------------------------------------------------------------------


def test_section_paths_table_is_the_agreed_one() -> None:
    """The public path table says exactly what the schema expects, for every section."""
    assert set(SECTION_PATHS) == set(SECTION_IDS) == set(export_model().sections)
    assert set(EXPECTED_PATHS) <= set(SECTION_IDS)
    for section, (old, new) in EXPECTED_PATHS.items():
        assert (SECTION_PATHS[section]["old"], SECTION_PATHS[section]["new"]) == (old, new), section
    for section, paths in SECTION_PATHS.items():
        assert set(paths) == set(GENERATIONS), section
        if section not in EXPECTED_PATHS:
            assert paths["old"] is None, section  # old and new stay as they were
            assert paths["new"] is None, section


@pytest.mark.parametrize("generation", ["old", "new"])
def test_every_section_is_at_its_path(generation: Literal["old", "new"]) -> None:
    """Both generations parse as JSON and hold every section at its agreed path."""
    doc = load(ExportSpec(generation=generation))
    tops = {"old": "Activity", "new": "Your Activity"}
    assert tops[generation] in doc
    assert tops["new" if generation == "old" else "old"] not in doc
    for section, fields in LIST_FIELDS.items():
        path = path_of(section, generation)
        if path is None:
            continue
        records = at(doc, path)
        assert isinstance(records, list), section
        assert records, section
        for record in records:
            assert set(record) == fields, section
            assert all(isinstance(v, str) for v in record.values()), section
    likes = at(doc, path_of("likes", generation) or ())
    assert {frozenset(r) for r in likes} == {
        frozenset({"date", "link"} if generation == "new" else {"Date", "Link"})
    }
    chats = at(doc, path_of("direct-messages", generation) or ())
    assert chats
    assert all(re.fullmatch(r"Chat History with .+:", key) for key in chats)
    for messages in chats.values():
        assert messages
        assert all(set(m) == {"Date", "From", "Content"} for m in messages)
    profile = at(doc, path_of("profile", generation) or ())
    assert set(profile) == PROFILE_KEYS
    assert re.fullmatch(r"\d\d-[A-Z][a-z]{2}-\d{4}", profile["birthDate"])
    assert all(set(p) == {"Platform", "UserName"} for p in profile["PlatformInfo"])
    settings = at(doc, path_of("settings", generation) or ())
    assert {"Allow DownLoad", "Private Account", "Content Preferences"} <= set(settings)
    assert set(settings["Content Preferences"]) == {
        "Keyword filters for videos in Following feed",
        "Keyword filters for videos in For You feed",
    }
    assert at(doc, path_of("income", generation) or ()) in ({}, None)
    assert at(doc, path_of("live-hosted", generation) or ()) == {"GoLiveList": None}
    assert at(doc, path_of("shop", generation) or ()) == {"OrderHistories": {}}
    for record in at(doc, path_of("comments", generation) or ()):
        assert (record["Photo"], record["Url"]) == ("N/A", "N/A")
    for record in at(doc, path_of("posted-videos", generation) or ()):
        assert record["Likes"].isdigit()


def test_activity_summary_types_differ_by_generation() -> None:
    """Old summaries hold three ints; new ones add comment and share counts as numeric strings."""
    old = at(load(ExportSpec(generation="old")), path_of("activity-summary", "old") or ())
    assert set(old) == {
        "videosWatchedToTheEndSinceAccountRegistration",
        "videosCommentedOnSinceAccountRegistration",
        "videosSharedSinceAccountRegistration",
    }
    assert all(isinstance(v, int) for v in old.values())
    new_doc = load(ExportSpec(generation="new"))
    new = at(new_doc, path_of("activity-summary", "new") or ())
    assert set(new) == {
        "videosWatchedToTheEndSinceAccountRegistration",
        "commentVideoCount",
        "sharedVideoCount",
    }
    assert new["commentVideoCount"].isdigit()
    assert new["sharedVideoCount"].isdigit()
    interests = at(new_doc, path_of("ad-interests", "new") or ())
    assert isinstance(interests, str)
    assert "," in interests


@pytest.mark.parametrize("generation", ["old", "new"])
def test_dates_and_links_have_tiktoks_formats(generation: Literal["old", "new"]) -> None:
    """Every date is ``YYYY-MM-DD HH:MM:SS`` and every video link has the generation's form."""
    doc = load(ExportSpec(generation=generation, seed=5))
    for section, dates in dated(doc, generation):
        assert all(DATE.match(d) for d in dates), section
    for section in ("watch-history", "favorite-videos", "shares", "posted-videos"):
        for record in at(doc, path_of(section, generation) or ()):
            assert LINK[generation].match(record["Link"]), record
    for record in at(doc, path_of("likes", generation) or ()):
        assert LINK[generation].match(record.get("link") or record["Link"])


@pytest.mark.parametrize("generation", ["old", "new"])
def test_lists_are_newest_first_within_two_years(generation: Literal["old", "new"]) -> None:
    """Dated lists and each chat run newest first, from ``now`` back at most about two years."""
    doc = load(ExportSpec(generation=generation, target_bytes=400_000, now=NOW))
    for section, dates in dated(doc, generation):
        assert dates == sorted(dates, reverse=True), section
        assert dates[0] <= NOW, section
        assert dates[-1] >= TWO_YEARS_BEFORE, section
    for key, messages in at(doc, path_of("direct-messages", generation) or ()).items():
        dates = [m["Date"] for m in messages]
        assert dates == sorted(dates, reverse=True), key
        assert TWO_YEARS_BEFORE <= dates[-1] <= dates[0] <= NOW
    newest_watch = at(doc, path_of("watch-history", generation) or ())[0]["Date"]
    assert newest_watch.startswith("2026-11-01")


def test_free_text_holds_things_to_scrub() -> None:
    """Without canaries, free text still carries invented e-mails, phones, mentions and URLs."""
    text = export_bytes(ExportSpec(target_bytes=1_000_000)).decode("utf-8")
    assert re.search(r"[a-z0-9._]+@(mail\.)?example\.(com|org|net)", text)
    assert re.search(r"(\+31 ?6|06-|\+44 7700|\+1 202-555)", text)
    assert re.search(r'"(Comment|Content|SearchTerm)": "[^"]*@[a-z]', text)
    assert "example.org/shop/" in text or "https://example.com/" in text
    assert CANARY_PREFIX not in text


# --- size ---------------------------------------------------------------------------------


@pytest.mark.parametrize("generation", ["old", "new"])
@pytest.mark.parametrize("target", [1_000_000, 10_000_000])
def test_size_knob_is_within_a_quarter(generation: Literal["old", "new"], target: int) -> None:
    """The JSON comes out within 25% of ``target_bytes``, with watch history about 80% of it."""
    spec = ExportSpec(generation=generation, target_bytes=target)
    data = export_bytes(spec)
    assert 0.75 * target <= len(data) <= 1.25 * target
    doc = json.loads(data)
    watch = at(doc, path_of("watch-history", generation) or ())
    watch_bytes = len(json.dumps(watch, ensure_ascii=False).encode("utf-8"))
    assert 0.65 <= watch_bytes / len(data) <= 0.9


def test_size_knob_holds_for_a_single_section() -> None:
    """A watch-history-only export still lands near the requested size."""
    data = export_bytes(ExportSpec(target_bytes=1_000_000, sections=frozenset({"watch-history"})))
    assert 750_000 <= len(data) <= 1_250_000
    assert list(json.loads(data)) == ["Your Activity"]


# --- sections -----------------------------------------------------------------------------


def test_sections_selects_what_is_written() -> None:
    """Only the requested sections appear."""
    doc = load(ExportSpec(sections=frozenset({"searches", "profile", "shop"})))
    assert set(doc) == {"Your Activity", "Profile And Settings", "TikTok Shop"}
    assert set(doc["Your Activity"]) == {"Searches"}
    assert set(doc["Profile And Settings"]) == {"Profile Information"}


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_empty_sections_are_present_but_empty(seed: int) -> None:
    """Switched-off sections are written as null or an empty list, object or string."""
    empty = frozenset({"watch-history", "direct-messages", "profile", "ad-interests", "income"})
    doc = load(ExportSpec(seed=seed, empty_sections=empty))
    for section in empty:
        assert at(doc, path_of(section, "new") or ()) in (None, [], {}, ""), section
    assert at(doc, path_of("likes", "new") or ())


def test_old_generation_has_no_new_only_sections() -> None:
    """Ad interests and off-TikTok activity exist only in the new generation."""
    text = export_bytes(ExportSpec(generation="old"))
    assert b"Ad Interests" not in text
    assert b"Off TikTok Activity" not in text


def test_unknown_section_is_rejected() -> None:
    """A misspelt section id is an error, not a silently smaller export."""
    with pytest.raises(ValueError, match="unknown section"):
        ExportSpec(sections=frozenset({"watch-histroy"}))
    with pytest.raises(ValueError, match="unknown section"):
        ExportSpec(empty_sections=frozenset({"nope"}))


# --- zips ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("generation", "member"), [("new", "user_data_tiktok.json"), ("old", "user_data.json")]
)
def test_zip_holds_one_deflated_json_member(generation: Literal["old", "new"], member: str) -> None:
    """The zip holds TikTok's member name for the generation, deflated, equal to the JSON."""
    spec = ExportSpec(generation=generation, seed=2)
    buffer = io.BytesIO()
    write_export_zip(spec, buffer)
    with zipfile.ZipFile(buffer) as archive:
        assert archive.namelist() == [member]
        info = archive.getinfo(member)
        assert info.compress_type == zipfile.ZIP_DEFLATED
        assert archive.read(member) == export_bytes(spec)


def test_zip_member_name_can_be_chosen() -> None:
    """``member_name`` overrides the usual name."""
    buffer = io.BytesIO()
    write_export_zip(ExportSpec(target_bytes=20_000), buffer, member_name="data/export.json")
    with zipfile.ZipFile(buffer) as archive:
        assert archive.namelist() == ["data/export.json"]


@pytest.mark.parametrize(
    ("language", "names"),
    [
        ("en", {"Activity/Watch History.txt", "Activity/Like List.txt", "Activity/Searches.txt"}),
        ("nl", {"Activiteit/Kijkgeschiedenis.txt", "Activiteit/Likelijst.txt"}),
    ],
)
def test_txt_zip_has_only_txt_members(language: Literal["en", "nl"], names: set[str]) -> None:
    """The TXT export is a zip of translated ``.txt`` files of ``Key: value`` blocks, no JSON."""
    buffer = io.BytesIO()
    write_txt_export_zip(buffer, language=language)
    with zipfile.ZipFile(buffer) as archive:
        members = archive.namelist()
        assert members
        assert all(name.endswith(".txt") for name in members)
        assert names <= set(members)
        texts = [archive.read(name).decode("utf-8") for name in members]
    assert any(t.strip() == "You have no data in this section" for t in texts)
    blocks = [t for t in texts if "no data" not in t]
    assert blocks
    for text in blocks:
        first_block = text.strip().split("\n\n")[0]
        lines = [line for line in first_block.splitlines() if not line.startswith("Chat History")]
        assert all(re.match(r"^[^:\n]+: ", line) for line in lines), first_block


def test_other_platform_zip_is_json_without_tiktok() -> None:
    """The other-platform zip holds valid JSON and no TikTok export member."""
    buffer = io.BytesIO()
    write_other_platform_zip(buffer, seed=1)
    with zipfile.ZipFile(buffer) as archive:
        members = archive.namelist()
        assert "personal_information/personal_information.json" in members
        assert "your_instagram_activity/likes/liked_posts.json" in members
        assert not {"user_data.json", "user_data_tiktok.json"} & {Path(m).name for m in members}
        for name in members:
            json.loads(archive.read(name))


# --- canaries and hostile text ------------------------------------------------------------


@pytest.mark.parametrize("hostile", [False, True])
@pytest.mark.parametrize("generation", ["old", "new"])
def test_canary_values_are_all_planted(generation: Literal["old", "new"], hostile: bool) -> None:
    """Every personal field holds a unique canary, and every listed canary is in the bytes."""
    spec = ExportSpec(generation=generation, canaries=True, hostile=hostile, seed=11)
    found = canary_values(spec)
    expected = CANARY_PATTERNS - ({"off-tiktok-activity.Source"} if generation == "old" else set())
    assert set(found) == expected
    text = export_bytes(spec).decode("utf-8")
    every: list[str] = []
    for pattern, values in found.items():
        assert values, pattern
        every.extend(values)
        for value in values:
            assert json.dumps(value, ensure_ascii=False) in text, (pattern, value)
            shape = SHAPED_CANARIES.get(pattern)
            if shape:
                assert shape.match(value), (pattern, value)
            else:
                assert "canary" in value.lower(), (pattern, value)
        if pattern.endswith((".SearchTerm", ".Comment", ".Content", ".Title")):
            assert all(CANARY_PREFIX in v for v in values), pattern
    assert len(every) == len(set(every))
    chats = at(json.loads(text), path_of("direct-messages", generation) or ())
    assert set(chats) == found["direct-messages.<chat key>"]


def test_canary_mode_covers_every_personal_value() -> None:
    """In canary mode the personal fields of every record hold a planted value, none left over."""
    spec = ExportSpec(canaries=True, target_bytes=300_000, seed=3)
    found = canary_values(spec)
    doc = load(spec)
    fields = {
        "followers": ["UserName"],
        "following": ["UserName"],
        "searches": ["SearchTerm"],
        "comments": ["Comment"],
        "shares": ["SharedContent"],
        "posted-videos": ["Title", "Location"],
        "off-tiktok-activity": ["Source"],
        "login-history": ["IP", "Carrier", "DeviceModel", "DeviceSystem"],
    }
    for section, names in fields.items():
        for record in at(doc, path_of(section, "new") or ()):
            for name in names:
                assert record[name] in found[f"{section}.{name}"], (section, name)
    for messages in at(doc, path_of("direct-messages", "new") or ()).values():
        for message in messages:
            assert message["From"] in found["direct-messages.From"]
            assert message["Content"] in found["direct-messages.Content"]


def test_canary_values_empty_without_canaries() -> None:
    """Without canaries nothing is planted and nothing is reported."""
    assert canary_values(ExportSpec()) == {}


def test_hostile_text_reaches_the_displayed_fields() -> None:
    """Hostile mode puts markup into searches, names, comments, messages and chat keys."""
    doc = load(ExportSpec(hostile=True))
    payload = "<img src=x onerror=alert(1)>"
    script = '"><script>alert(1)</script>'
    for section, name in (
        ("searches", "SearchTerm"),
        ("comments", "Comment"),
        ("followers", "UserName"),
        ("following", "UserName"),
    ):
        values = [r[name] for r in at(doc, path_of(section, "new") or ())]
        assert any(payload in v for v in values), section
        assert any(script in v for v in values), section
    chats = at(doc, path_of("direct-messages", "new") or ())
    assert any(payload in key for key in chats)
    contents = [m["Content"] for messages in chats.values() for m in messages]
    assert any(payload in c for c in contents)
    text = json.dumps(doc, ensure_ascii=False)
    assert re.search("[\u0590-\u05ff\u0600-\u06ff]", text)  # right-to-left script
    assert "<script>" not in export_bytes(ExportSpec()).decode("utf-8")


# --- command line and streaming -----------------------------------------------------------


def test_command_line_writes_a_zip(tmp_path: Path) -> None:
    """``python -m tiktok_export.synthetic --size 1MB --format zip`` writes a usable zip."""
    out = tmp_path / "out.zip"
    listing = tmp_path / "canaries.json"
    code = main(
        [
            "--size",
            "1MB",
            "--generation",
            "old",
            "--format",
            "zip",
            "-o",
            str(out),
            "--canaries",
            "--seed",
            "4",
            "--canary-values",
            str(listing),
        ]
    )
    assert code == 0
    with zipfile.ZipFile(out) as archive:
        assert archive.namelist() == ["user_data.json"]
        data = archive.read("user_data.json")
    assert 750_000 <= len(data) <= 1_250_000
    assert "Activity" in json.loads(data)
    planted = json.loads(listing.read_text(encoding="utf-8"))
    assert "login-history.IP" in planted


def test_command_line_rejects_a_bad_size(capsys: pytest.CaptureFixture[str]) -> None:
    """A size the parser cannot read is a usage error."""
    with pytest.raises(SystemExit) as stopped:
        main(["--size", "lots", "-o", "unused.json"])
    assert stopped.value.code == 2
    assert "not a size" in capsys.readouterr().err


@pytest.mark.slow
def test_writing_50_mb_keeps_memory_flat() -> None:
    """A 50 MB export streams out with a tracemalloc peak under 20 MB."""
    sink = CountingSink()
    tracemalloc.start()
    try:
        write_export_json(ExportSpec(target_bytes=50_000_000), sink)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert sink.size >= 37_500_000
    assert peak < 20_000_000


# --- the real generations (2021-2026) -----------------------------------------------------

FIXTURE_NOW = {"2021": "2022-04-12 12:00:00", "2023": "2023-06-13 12:00:00", "2024": "2024-12-11 12:00:00",
               "2025": "2025-11-29 12:00:00", "2026": "2026-04-12 12:00:00"}  # fmt: skip


def written_count(doc: Any, section: str, generation: str) -> int | None:
    """How many records the generator wrote for a section, where that is plain to count."""
    value = at(doc, SECTION_PATHS[section][generation] or ())
    if section == "direct-messages":
        return sum(len(chat) for chat in value.values())
    if section == "live-watch-history":
        return len(value)
    if isinstance(value, list):
        return len(value)
    return None


@pytest.mark.parametrize("size", [30_000, 2_000_000])
@pytest.mark.parametrize("generation", YEARS)
def test_each_year_is_a_clean_export_shaped_like_its_evidence(generation: str, size: int) -> None:
    """Checked like an upload: no error, nothing unknown, every section counted, the fixture's groups."""
    spec = ExportSpec(generation=generation, seed=21, target_bytes=size, now=FIXTURE_NOW[generation])
    data = export_bytes(spec)
    assert 0.7 * size <= len(data) <= 1.3 * size or size < 100_000
    result = api.check(io.BytesIO(data), name=fixture_path(generation).name, now=FIXTURE_NOW[generation])
    bad = [
        (f.code, f.message)
        for f in result.findings
        if f.severity.value == "error"
        or f.code in ("unknown-section", "unknown-field")
        or "unknown" in f.code
    ]
    assert not bad
    doc = json.loads(data)
    assert result.summary is not None
    summary = {entry["id"]: entry for entry in result.summary["sections"]}
    for section, paths in SECTION_PATHS.items():
        if paths[generation] is None:
            assert section not in summary, section
            continue
        assert section in summary, section
        assert summary[section]["known"], section
        count = written_count(doc, section, generation)
        if count is not None:
            assert summary[section]["records"] == count, section
    evidence = json.loads(fixture_path(generation).read_text("utf-8"))
    assert set(doc) == set(evidence)


@pytest.mark.parametrize("generation", YEARS)
def test_each_year_holds_the_evidence_sections(generation: str) -> None:
    """Every group/section pair of the evidence fixture is written, and no other."""
    doc = load(ExportSpec(generation=generation, seed=2))
    evidence = json.loads(fixture_path(generation).read_text("utf-8"))
    pairs = {(group, key) for group, body in evidence.items() for key in body}
    written = {(group, key) for group, body in doc.items() for key in body}
    guessed = (
        {("Activity", "Search History")} if generation == "2021" else set()
    )  # unseen in 2021-22, not ruled out
    assert pairs == written - guessed


@pytest.mark.parametrize("generation", YEARS)
def test_each_year_is_deterministic_and_zips_under_its_member_name(generation: str) -> None:
    """Same spec, same bytes; the zip member is the name that generation's file had."""
    spec = ExportSpec(generation=generation, seed=5, canaries=True, hostile=True, target_bytes=60_000)
    assert export_bytes(spec) == export_bytes(spec)
    buffer = io.BytesIO()
    write_export_zip(spec, buffer)
    with zipfile.ZipFile(buffer) as archive:
        assert archive.namelist() == [fixture_path(generation).name]
        assert archive.read(fixture_path(generation).name) == export_bytes(spec)


def test_record_spellings_follow_each_year() -> None:
    """The field spellings and value shapes that tell the generations apart."""
    docs = {g: load(ExportSpec(generation=g, seed=4, target_bytes=100_000)) for g in YEARS}

    def records(generation: str, section: str) -> list[Any]:
        value = at(docs[generation], SECTION_PATHS[section][generation] or ())
        assert isinstance(value, list), (generation, section)
        assert value, (generation, section)
        return value

    assert {frozenset(r) for r in records("2021", "likes")} == {frozenset({"Date", "VideoLink"})}
    assert {frozenset(r) for r in records("2021", "watch-history")} == {frozenset({"Date", "VideoLink"})}
    assert {frozenset(r) for r in records("2023", "likes")} == {frozenset({"Date", "Link"})}
    for year in ("2024", "2025", "2026"):
        assert {frozenset(r) for r in records(year, "likes")} == {frozenset({"date", "link"})}
    assert isinstance(at(docs["2021"], ("Activity", "Status")), dict)
    assert isinstance(records("2023", "status")[0]["App Version"], str)
    assert {"UID", "DID"} <= set(records("2025", "status")[0])
    assert isinstance(records("2021", "posted-videos")[0]["Likes"], int)
    assert isinstance(records("2023", "posted-videos")[0]["Likes"], str)
    assert {frozenset(r) for r in records("2023", "comments")} == {frozenset({"Date", "Comment"})}
    assert all(set(r) == {"date", "comment", "photo", "url"} for r in records("2024", "comments"))
    assert all(DATE.match(r["date"][:-4]) and r["date"].endswith(" UTC") for r in records("2026", "comments"))
    assert all(set(r) == {"Date", "Link", "Title"} for r in records("2026", "watch-history"))
    assert all(DATE.match(r["Date"]) for r in records("2026", "watch-history"))
    for year in ("2024", "2025", "2026"):
        for section in (
            "likes",
            "favorite-videos",
            "followers",
            "following",
            "comments",
            "profile",
            "settings",
        ):
            holder = at(docs[year], (SECTION_PATHS[section][year] or ())[:-1])
            assert holder["App"] == 1, (year, section)
        follows = at(docs[year], (SECTION_PATHS["followers"][year] or ())[:-1])
        assert follows["IsFastLane"] is False
    assert "App" not in at(docs["2023"], ("Activity", "Like List"))
    for year in ("2021", "2023", "2024"):
        assert at(docs[year], ("Direct Messages", "Chat History", "ChatHistory"))
    for year in ("2025", "2026"):
        assert at(docs[year], ("Direct Message", "Direct Messages", "ChatHistory"))
    assert records("2025", "followers") == at(docs["2025"], ("Your Activity", "Follower", "FansList"))
    assert at(docs["2026"], ("Profile And Settings", "Follower", "FansList"))
    assert at(docs["2024"], ("Ads and data", "Off TikTok Activity", "OffTikTokActivityDataList"))
    assert at(docs["2026"], ("Your Activity", "Off TikTok Activity", "OffTikTokActivityDataList"))
    assert at(docs["2024"], ("Profile", "Profile Information", "ProfileMap"))
    assert at(docs["2025"], ("Profile", "Profile Info", "ProfileMap"))["followerCount"] == len(
        records("2025", "followers")
    )


@pytest.mark.parametrize("generation", ["2025", "2026"])
def test_share_placeholders_close_the_list(generation: str) -> None:
    """2025-26 share histories end with 1969 placeholder records, after every real share."""
    shares = at(load(ExportSpec(generation=generation, seed=6)), SECTION_PATHS["shares"][generation] or ())
    placeholder = {"Date": "1969-12-31 23:59:59", "SharedContent": "video", "Link": "https://www.tiktok.com/",
                   "Method": "repost"}  # fmt: skip
    kinds = [r == placeholder for r in shares]
    assert kinds[0] is False
    assert kinds[-1] is True
    assert kinds == sorted(kinds)  # no real share after a placeholder


@pytest.mark.parametrize("generation", YEARS)
def test_each_year_plants_unique_canaries(generation: str) -> None:
    """Canary mode works in every year: each planted value is in the bytes, unique, and named ``canary``."""
    spec = ExportSpec(generation=generation, canaries=True, seed=12, target_bytes=80_000)
    found = canary_values(spec)
    assert {
        "profile.emailAddress",
        "login-history.IP",
        "direct-messages.Content",
        "block-list.UserName",
    } <= set(found)
    text = export_bytes(spec).decode("utf-8")
    every = [value for values in found.values() for value in values]
    assert len(every) == len(set(every))
    for pattern, values in found.items():
        for value in values:
            assert json.dumps(value, ensure_ascii=False) in text, (pattern, value)
            assert "canary" in value.lower() or pattern in SHAPED_CANARIES or "Phone" in pattern, (
                pattern,
                value,
            )


@pytest.mark.parametrize("generation", YEARS)
def test_sections_and_empty_sections_work_in_each_year(generation: str) -> None:
    """Selecting sections keeps only their groups; switched-off ones are present but empty."""
    wanted = frozenset({"watch-history", "comments", "status"})
    doc = load(ExportSpec(generation=generation, sections=wanted, empty_sections=frozenset({"block-list"})))
    groups = {(SECTION_PATHS[s][generation] or ("?",))[0] for s in wanted | {"block-list"}}
    assert set(doc) == groups
    assert at(doc, SECTION_PATHS["block-list"][generation] or ()) in (None, [])
    assert at(doc, SECTION_PATHS["watch-history"][generation] or ())


def test_sample_command_writes_every_generation(tmp_path: Path) -> None:
    """``tiktok-export sample --generation 2024`` (and every other name) writes that layout."""
    from click.testing import CliRunner

    from tiktok_export.cli import main as cli

    runner = CliRunner()
    for generation in GENERATIONS:
        out = tmp_path / f"{generation}.json"
        args = ["sample", "-o", str(out), "--size", "40KB", "--format", "json", "--generation", generation]
        outcome = runner.invoke(cli, args)
        assert outcome.exit_code == 0, outcome.output
        assert json.loads(out.read_bytes()) == load(ExportSpec(generation=generation, target_bytes=40 * 1024))


@pytest.mark.slow
def test_a_year_streams_with_flat_memory() -> None:
    """The 2026 layout streams like the others: 6 MB out, tracemalloc peak under 4 MB."""
    sink = CountingSink()
    tracemalloc.start()
    try:
        write_export_json(ExportSpec(generation="2026", target_bytes=6_000_000), sink)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert sink.size > 4_500_000
    assert peak < 4_000_000
