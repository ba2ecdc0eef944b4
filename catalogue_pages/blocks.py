"""StreamField blocks editors use around the register sections (never in place of them)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class CalloutBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False)
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link"])

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "catalogue_pages/blocks/callout.html"


class FaqItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"))
    answer = blocks.RichTextBlock(
        label=_("Answer"), features=["bold", "italic", "link", "ol", "ul"]
    )


class StepBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Step"))
    text = blocks.RichTextBlock(
        label=_("Text"), required=False, features=["bold", "italic", "link"]
    )


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"), help_text=_("Describe the image for people who cannot see it.")
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False)

    class Meta:
        icon = "image"
        template = "catalogue_pages/blocks/image.html"


class EditorialStreamBlock(blocks.StreamBlock):
    rich_text = blocks.RichTextBlock(
        label=_("Text"), features=["h2", "h3", "bold", "italic", "link", "ol", "ul"]
    )
    callout = CalloutBlock()
    faq = blocks.ListBlock(
        FaqItemBlock(),
        label=_("Frequently asked questions"),
        template="catalogue_pages/blocks/faq.html",
    )
    steps = blocks.ListBlock(
        StepBlock(), label=_("Steps"), template="catalogue_pages/blocks/steps.html"
    )
    image = ImageBlock()
    embed = EmbedBlock(label=_("Embedded media"))


#: Blocks made only of text: empty when none of their text fields holds any.
TEXT_BLOCKS = frozenset({"rich_text", "callout", "faq", "steps"})


def has_content(child: Any) -> bool:
    """False for an editorial block an editor added but never filled in.

    Wagtail saves drafts — by hand and by its autosave, which keeps an abandoned edit as the
    page's draft — without checking required fields, so a draft (and its preview) can hold a
    callout with neither heading nor text. Such a block renders nothing: no empty ``<aside>``,
    no "Good to know" heading or table-of-contents entry for it."""
    if child.block_type in TEXT_BLOCKS:
        texts = child.block.get_searchable_content(child.value)
        return any(str(text).strip() for text in texts)
    return bool(child.value)
