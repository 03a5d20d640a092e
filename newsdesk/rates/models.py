"""Official exchange rates, stored as each bank publishes them: per provider, date and currency."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Rate(models.Model):
    provider = models.CharField(_("provider"), max_length=20)
    date = models.DateField(_("date"), help_text=_("The date the rate takes effect."))
    currency = models.CharField(_("currency"), max_length=3)
    # The value as published, in the provider's convention (see providers.Provider.convention).
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=10)

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "date", "currency"], name="rates_one_value_per_day"
            ),
        ]
        indexes = [models.Index(fields=["provider", "currency", "date"], name="rates_history_idx")]

    def __str__(self):
        return f"{self.provider} {self.date} {self.currency} {self.value}"


class FeedState(models.Model):
    """What the last fetch learnt: validators for conditional GET, and the last outcome."""

    provider = models.CharField(max_length=20)
    url = models.URLField(max_length=500)
    etag = models.CharField(max_length=200, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "url"], name="rates_one_state_per_feed")
        ]

    def __str__(self):
        return f"{self.provider} {self.url}"
