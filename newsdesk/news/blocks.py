"""StreamField blocks of an article body: one template per block in news/blocks/."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from newsdesk.news import references

# The editor's rich text toolbar: enough for news copy, nothing that breaks the layout.
# "article-link": a link to an earlier story by id, which survives its slug changing (news.rich_text).
PARAGRAPH_FEATURES = [
    "bold",
    "italic",
    "link",
    "article-link",
    "ol",
    "ul",
    "superscript",
    "subscript",
]


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


class ArticleChooserBlock(SnippetChooserBlock):
    """Chooses an article; on the article page, reads it from the page's one lookup of every
    article the body refers to (news.references) instead of a query of its own."""

    def __init__(self, **kwargs):
        super().__init__("news.Article", **kwargs)

    def bulk_to_python(self, values):
        hits = [references.known(value) for value in values]
        if values and all(hit for hit, _article in hits):
            return [article for _hit, article in hits]
        return super().bulk_to_python(values)

    def deconstruct(self):
        path, _args, kwargs = super().deconstruct()
        return path, (), kwargs

    # wagtail-localize: the chosen story is neither text to translate nor an object to translate
    # along with the article ("Translate" made an untranslated draft of every story a "See
    # also" named). The copy keeps the source's choice; Article.save takes it into the copy's
    # edition, or drops it (news.translation).
    def get_translatable_segments(self, value):
        return []

    def restore_translated_segments(self, value, segments):
        return value


class CrossLinkBlock(blocks.StructBlock):
    """`(see "…")`: a link to an earlier article, stored by id so a slug change never breaks it."""

    article = ArticleChooserBlock(label=_("Article"))

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
