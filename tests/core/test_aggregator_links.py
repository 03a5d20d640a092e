"""The footer's profiles on aggregators and social networks (Settings → Outlet settings): each
edition shows its own, in its own language."""

import importlib

import pytest
from wagtail.models import Locale, Site


@pytest.mark.django_db
def test_each_edition_shows_its_own_profile_labels_and_service_names_in_its_language(
    client, both_editions
):
    english = client.get("/en/").content.decode()
    russian = client.get("/ru/").content.decode()
    assert "Our channel" in english and "Наш канал" not in english
    assert "Наш канал" in russian and "Our channel" not in russian
    assert "Dzen</a>" in english and "Дзен</a>" in russian


@pytest.mark.django_db
def test_a_profile_label_of_its_own_needs_the_edition_it_is_written_for(site):
    from django.core.exceptions import ValidationError

    from newsdesk.core.models import AggregatorLink, SiteSettings

    outlet = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    link = AggregatorLink(
        settings=outlet, kind="telegram", label="Наш канал", url="https://t.me/newsdesk"
    )
    with pytest.raises(ValidationError) as refused:
        link.full_clean()
    assert "locale" in refused.value.message_dict
    link.locale = Locale.objects.get(language_code="ru")
    link.full_clean()


@pytest.mark.django_db
def test_existing_labels_move_to_the_edition_of_their_language_and_the_others_keep_the_link(
    site,
):
    """The data migration, run over links as the previous release left them (no edition)."""
    from django.apps import apps

    from newsdesk.core.models import AggregatorLink, SiteSettings

    migration = importlib.import_module("newsdesk.core.migrations.0002_aggregator_link_edition")
    outlet = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    for kind, label, url in [
        ("telegram", "Наш канал", "https://t.me/a"),
        ("x", "Our feed on X", "https://x.com/a"),
        ("dzen", "", "https://dzen.ru/a"),
    ]:
        AggregatorLink.objects.create(settings=outlet, kind=kind, label=label, url=url)

    migration.give_labels_an_edition(apps, None)

    links = {
        (link.url, link.locale.language_code if link.locale else None): link.label
        for link in AggregatorLink.objects.select_related("locale")
    }
    assert links == {
        ("https://t.me/a", "ru"): "Наш канал",
        ("https://t.me/a", "en"): "",
        ("https://x.com/a", "en"): "Our feed on X",
        ("https://x.com/a", "ru"): "",
        ("https://dzen.ru/a", None): "",
    }
