"""The site around the news: information pages and the outlet's settings."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Locale, Orderable, Page

from newsdesk.core.wagtail_internals.site_paths import SiteRootPathsMixin


class InfoPage(SiteRootPathsMixin, Page):
    """About, contacts, advertising, editorial policy, privacy: linked from the footer."""

    body = RichTextField(
        _("text"), features=["h2", "h3", "bold", "italic", "link", "ol", "ul", "hr"]
    )

    content_panels = Page.content_panels + [FieldPanel("body")]
    parent_page_types = ["news.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("information page")
        verbose_name_plural = _("information pages")


@register_setting(icon="site")
class SiteSettings(ClusterableModel, BaseSiteSetting):
    panels = [InlinePanel("aggregator_links", label=_("Aggregator and social profiles"))]

    class Meta:
        verbose_name = _("outlet settings")


class AggregatorLink(Orderable):
    class Kind(models.TextChoices):
        GOOGLE_NEWS = "google_news", _("Google News")
        DZEN = "dzen", _("Dzen")
        YANDEX_NEWS = "yandex_news", _("Yandex News")
        TELEGRAM = "telegram", _("Telegram")
        VK = "vk", _("VK")
        X = "x", _("X (Twitter)")
        OTHER = "other", _("other")

    settings = ParentalKey(SiteSettings, related_name="aggregator_links", on_delete=models.CASCADE)
    kind = models.CharField(_("service"), max_length=20, choices=Kind.choices)
    # A profile often exists per language (an English channel beside the Russian one), and a
    # label is written in one language: a link with a label belongs to one edition.
    locale = models.ForeignKey(
        Locale,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("edition"),
        help_text=_("Leave empty to show the link in every edition."),
    )
    label = models.CharField(
        _("label"),
        max_length=60,
        blank=True,
        help_text=_(
            "Defaults to the service name in the edition's language. A label of your own is "
            "shown as written: choose the edition whose language it is in."
        ),
    )
    url = models.URLField(_("address"))

    panels = [FieldPanel("kind"), FieldPanel("locale"), FieldPanel("label"), FieldPanel("url")]

    def __str__(self):
        return str(self.display_label)

    @property
    def display_label(self):
        return self.label or self.get_kind_display()

    def clean(self):
        super().clean()
        if self.label and self.locale_id is None:
            raise ValidationError(
                {
                    "locale": _(
                        "A label of your own is in one language: choose the edition it is for, "
                        "or leave the label empty to show the service name in each edition's "
                        "language."
                    )
                }
            )
