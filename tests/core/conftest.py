"""The language tests run over an article in each edition (the page cache tests read the shared
`newsroom` and rate files: tests/fixtures)."""

from pathlib import Path

import pytest
from wagtail.models import Locale, Site


@pytest.fixture
def both_editions(make_article, settings):
    from newsdesk.core.models import AggregatorLink, SiteSettings
    from newsdesk.rates import pipeline

    # With the ticker too: its names, markers and "as of" must follow the page's language.
    pipeline.ingest(
        (Path(__file__).parent.parent / "data" / "rates" / "cbr-daily-2025-05-27.xml").read_bytes()
    )
    russian = make_article(
        language="ru", headline="Дума приняла бюджет", lead="Расходы растут.", section="economy"
    )
    russian.tags.add("бюджет")
    russian.save()
    # A translation: each article page links to the other edition's (the language switcher).
    article = make_article(
        language="en",
        headline="Council passes the budget",
        lead="Spending rises.",
        section="economy",
        translation_key=russian.translation_key,
    )
    article.tags.add("budget")
    article.save()
    # The footer's profiles: service names (translated per edition) and a label of each
    # edition's own.
    outlet = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    for kind in [AggregatorLink.Kind.GOOGLE_NEWS, AggregatorLink.Kind.DZEN]:
        AggregatorLink.objects.create(settings=outlet, kind=kind, url=f"https://{kind}.example/")
    for language, label in [("ru", "Наш канал"), ("en", "Our channel")]:
        AggregatorLink.objects.create(
            settings=outlet,
            kind=AggregatorLink.Kind.TELEGRAM,
            label=label,
            locale=Locale.objects.get(language_code=language),
            url=f"https://t.me/newsdesk_{language}",
        )
    return {"en": article, "ru": russian}
