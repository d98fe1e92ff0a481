"""The preview lists the parts of a file the tool does not know yet, named as TikTok wrote them,
and says what the study's policy does with them; a chat name never shows."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from .test_page import check_file, open_page

if TYPE_CHECKING:
    from playwright.sync_api import FilePayload, Page

    from .conftest import Recorder, Site

pytestmark = pytest.mark.browser

FIXTURE = "tests/generations/2026/user_data_tiktok.json"


def test_unknown_parts_are_listed_by_name_and_said_to_be_removed(
    recorded_page: Page, recorder: Recorder, site: Site
) -> None:
    """A new section and a new record field are named in the preview; a chat's name never is."""
    from .conftest import REPO

    document = json.loads((REPO / FIXTURE).read_text("utf-8"))
    document["Your Activity"]["Brand New Section"] = {"NewList": []}
    document["Likes and Favorites"]["Like List"]["ItemFavoriteList"][0]["newField"] = "x"
    chats = document["Direct Message"]["Direct Messages"]["ChatHistory"]
    chats["Chat History with someone.private:"] = [{"Date": "2026-01-01 00:00:00", "From": "", "Content": ""}]
    pick: FilePayload = {
        "name": "user_data_tiktok.json",
        "mimeType": "application/json",
        "buffer": json.dumps(document).encode(),
    }
    open_page(recorded_page, site)
    assert check_file(recorded_page, pick) == "usable"
    drift = recorded_page.locator("#drift")
    assert drift.is_visible()
    drift.locator("summary").click()
    items = drift.locator("li").all_text_contents()
    assert any(item.startswith("Brand New Section") for item in items), items
    assert any(item.startswith("newField") for item in items), items
    assert "remove" in (recorded_page.locator("#drift-note").text_content() or "")
    assert "someone.private" not in (recorded_page.locator("#preview").text_content() or "")
    assert recorder.foreign == []
