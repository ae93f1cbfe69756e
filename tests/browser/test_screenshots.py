"""Screenshots of the main family pages on a phone and a desktop, for people to look at.

They land in test-artifacts/screenshots/, which git ignores.
"""

from pathlib import Path

import pytest

from tests.browser.pages import LANGUAGES, PAGES, open_page

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
SIZES = {"phone": (390, 844), "desktop": (1280, 800)}
# A PNG of a rendered page is far larger than this; a blank one is not.
SMALLEST_PLAUSIBLE_PNG = 5_000


@pytest.mark.parametrize("size", list(SIZES))
def test_screenshots_of_start_results_and_fiche_pages_are_saved(new_context, size):
    width, height = SIZES[size]
    page = new_context(viewport={"width": width, "height": height}).new_page()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name in ("start", "results", "fiche"):
        for lang in LANGUAGES:
            target = SCREENSHOTS / f"{name}-{lang}-{size}-{width}x{height}.png"
            target.unlink(missing_ok=True)
            open_page(page, PAGES[name](lang))

            page.screenshot(path=str(target), full_page=True)

            assert target.stat().st_size > SMALLEST_PLAUSIBLE_PNG, f"{target} looks blank"
