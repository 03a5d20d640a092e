"""StreamField blocks of an article body: one template per block in news/blocks/."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

# The editor's rich text toolbar: enough for news copy, nothing that breaks the layout.
PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul", "superscript", "subscript"]


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quotation"))
    speaker = blocks.CharBlock(required=False, max_length=200, label=_("Who is quoted"))
    source = blocks.CharBlock(
        required=False,
        max_length=200,
        label=_("Role or source"),
        help_text=_("e.g. minister of finance"),
    )

    class Meta:
        icon = "openquote"
        label = _("Quotation")
        template = "news/blocks/quote.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Photo"))
    caption = blocks.CharBlock(max_length=300, label=_("Caption"))
    credit = blocks.CharBlock(max_length=120, label=_("Photo credit"))

    class Meta:
        icon = "image"
        label = _("Photo")
        template = "news/blocks/image.html"


class CrossLinkBlock(blocks.StructBlock):
    """`(see "…")`: a link to an earlier article, stored by id so a slug change never breaks it."""

    article = SnippetChooserBlock("news.Article", label=_("Article"))

    class Meta:
        icon = "link"
        label = _("See also")
        template = "news/blocks/crosslink.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=PARAGRAPH_FEATURES, label=_("Paragraph"))
    quote = QuoteBlock()
    image = ImageBlock()
    crosslink = CrossLinkBlock()
    embed = EmbedBlock(label=_("Embedded media"), icon="media")
