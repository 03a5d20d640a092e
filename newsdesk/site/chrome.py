"""What the site chrome holds (core.context_processors keeps it per edition and epoch): the
edition's name, menu, sections by id, page addresses and translations, footer links and the
rendered footer, read from the edition's pages in one go."""

from dataclasses import replace

from django.db.models import Q
from django.template.loader import render_to_string
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Locale, PageViewRestriction, Site

from newsdesk.core import context_processors
from newsdesk.core.addresses import home_path
from newsdesk.core.edition import AggregatorLink, Edition, Link, Route, Section
from newsdesk.core.models import InfoPage, SiteSettings
from newsdesk.news.models import HomePage, NewsIndexPage, SectionPage


def build_chrome_in_language(language_code: str) -> Edition:
    edition = Edition(
        language_code=language_code,
        home_url=home_path(language_code),
        expires_at=context_processors.next_new_year(),
    )
    locale = Locale.objects.filter(language_code=language_code).first()
    home = HomePage.objects.live().filter(locale=locale).first() if locale else None
    if home is None:
        return edition
    # Private pages (Wagtail's page privacy) stay out of the menu and footer, as out of sitemaps.
    children = home.get_children().live().public()
    news_index = NewsIndexPage.objects.child_of(home).live().first()
    edition = replace(
        edition,
        locale_id=locale.pk,
        site_name=home.title,
        strapline=home.strapline,
        menu=tuple(Link(page.title, page.url) for page in children.in_menu().not_type(InfoPage)),
        # Every section by id (menu or not): an article's extra sections are named from here.
        sections={
            page.pk: Section(page.pk, page.title, page.url, page.slug, page.show_in_menus)
            for page in SectionPage.objects.child_of(home).live()
        },
        all_news_url=news_index.url if news_index else "",
        all_news_title=news_index.title if news_index else "",
        info_pages=tuple(Link(page.title, page.url) for page in children.type(InfoPage)),
    )
    # The edition's pages by address, for site.views.serve_page: Wagtail's tree walk costs
    # five queries a request; the tree changes only with a publish (which bumps the epoch).
    routes, translations = {}, {}
    for page in home.get_descendants(inclusive=True).live():
        if page.specific_class is None:
            continue
        routes[page.url] = Route(
            page.specific_class._meta.label_lower,
            page.pk,
            issubclass(page.specific_class, RoutablePageMixin),
        )
        # The other editions find this page's translation here (language switcher, hreflang).
        translations[str(page.translation_key)] = page.url
    aggregators = ()
    site = Site.objects.filter(is_default_site=True).first()
    if site:
        site_settings = SiteSettings.for_site(site)
        links = site_settings.aggregator_links.filter(Q(locale=None) | Q(locale=locale))
        aggregators = tuple(
            AggregatorLink(link.kind, str(link.display_label), link.url) for link in links
        )
    edition = replace(
        edition,
        routes=routes,
        translations=translations,
        restricted=PageViewRestriction.objects.exists(),
        aggregators=aggregators,
    )
    # The footer every page repeats, rendered once per edition and epoch instead of on each page;
    # its year is the clock's, so it is built again at the new year.
    footer_html = render_to_string("core/includes/footer.html", {"chrome": edition})
    return replace(edition, footer_html=footer_html)
