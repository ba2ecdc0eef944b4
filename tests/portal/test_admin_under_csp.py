"""The Wagtail admin still works under its Content-Security-Policy, in a real browser.

Headless Debian Chromium (Playwright) against the live server: the page editor loads its
StreamField, the image chooser opens and lists images, and the live preview renders — with
no CSP violation reported by the browser, on the admin or on the previewed public page.
"""

from __future__ import annotations

import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import Collection

from tests.factories import ServicePageFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("wagtail_root"),
]


def _image() -> Image:
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (29, 79, 145)).save(buffer, "PNG")
    return Image.objects.create(
        title="Karoga krāsas", file=ImageFile(io.BytesIO(buffer.getvalue()), name="krasa.png")
    )


@pytest.fixture
def editor_page(settings, tmp_path):
    from catalogue_pages.site_tree import ensure_site_tree

    settings.MEDIA_ROOT = tmp_path / "media"
    if not Collection.objects.exists():  # a transactional flush removed the root collection
        Collection.add_root(name="Root")
    ensure_site_tree()
    image = _image()
    page = ServicePageFactory(
        title="Pases izsniegšana",
        slug="pases-izsniegsana",
        body=[
            ("rich_text", "<p>Ievads redaktoram.</p>"),
            ("image", {"image": image, "alt_text": "Karogs", "caption": ""}),
        ],
    )
    UserFactory(username="chief", is_superuser=True, is_staff=True)
    return page


def test_editor_image_chooser_and_preview_work_under_the_admin_policy(
    browser, live_server, editor_page
):
    context = browser.new_context()
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "pw")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")

    response = page.goto(f"{live_server.url}/admin/pages/{editor_page.pk}/edit/")
    assert "frame-ancestors 'self'" in response.headers["content-security-policy"]
    # The StreamField is built by JavaScript: its blocks exist only if the scripts ran.
    page.wait_for_selector("[data-contentpath='body'] [data-streamfield-child]")
    assert page.locator("text=Ievads redaktoram.").count() >= 1

    # Image chooser: the modal loads its listing over fetch and shows our image.
    page.locator(".image-chooser .w-dropdown__toggle").first.click()
    page.locator("[data-chooser-action-choose]:visible").first.click()
    page.wait_for_selector(".modal-dialog")
    page.wait_for_selector(".modal-dialog :text('Karoga krāsas')")
    page.locator(".modal-dialog a:has-text('Karoga krāsas')").first.click()  # choose it
    page.wait_for_selector(".modal-dialog", state="detached")

    # Live preview in the side panel: an iframe of the public page.
    page.locator("[data-side-panel-toggle='preview']").click()
    # Wagtail swaps the iframe when the preview refreshes, so locate it afresh.
    preview = page.frame_locator("iframe#w-preview-iframe")
    preview.locator("h1:has-text('Pases izsniegšana')").wait_for()
    assert preview.locator("text=Ievads redaktoram.").count() >= 1
    assert violations == []
    context.close()
