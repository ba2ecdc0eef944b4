"""The shared test browser survives Chromium going away under a test: the next context is
opened in a browser launched again (tests/plugins/browser.py), so one crash fails at most the
test it happened in, never the rest of the module."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_a_browser_gone_under_a_test_is_launched_again(browser):
    browser.close()  # as if Chromium had crashed
    assert not browser.is_connected()
    context = browser.new_context()
    page = context.new_page()
    page.set_content("<p>Pakalpojumi</p>")
    assert page.text_content("p") == "Pakalpojumi"
    context.close()
    page = browser.new_page()  # the other way in, on the browser launched again
    page.set_content("<p>Iestādes</p>")
    assert page.text_content("p") == "Iestādes"
    page.close()
