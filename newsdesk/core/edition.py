"""An edition as every page of it sees it (the site chrome): its name, menu, sections by id,
page addresses and translations, footer links and the rendered footer.

Built from the edition's pages by the site composition (newsdesk.site.chrome) and kept per epoch
by core.context_processors, in the cache as this frozen value: one cache read a page, no
queries."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class Section:
    """A live section of the edition (in the menu or not): articles name theirs from here."""

    pk: int
    title: str
    url: str
    slug: str
    in_menu: bool


@dataclass(frozen=True)
class AggregatorLink:
    kind: str
    label: str
    url: str


@dataclass(frozen=True)
class Route:
    """A live tree page by its address (site.views.serve_page): its model, its id, and whether
    it routes addresses below its own (RoutablePageMixin)."""

    model_label: str
    pk: int
    routable: bool


@dataclass(frozen=True)
class Edition:
    language_code: str
    home_url: str
    # When it must be built again whatever happens (its footer's year is the clock's).
    expires_at: float = 0.0
    # None: the edition has no live home page (or, with `fallback`, the database did not answer).
    locale_id: int | None = None
    site_name: str = ""
    strapline: str = ""
    menu: tuple[Link, ...] = ()
    info_pages: tuple[Link, ...] = ()
    aggregators: tuple[AggregatorLink, ...] = ()
    sections: dict[int, Section] = field(default_factory=dict)  # tree order
    all_news_url: str = ""
    all_news_title: str = ""
    routes: dict[str, Route] = field(default_factory=dict)
    translations: dict[str, str] = field(default_factory=dict)  # translation key -> address
    restricted: bool = False  # some page has view restrictions (Wagtail's page privacy)
    footer_html: str = ""
    fallback: bool = False  # built without the database: shown, never kept

    def section_with_slug(self, slug: str) -> Section | None:
        return next((each for each in self.sections.values() if each.slug == slug), None)

    def menu_sections(self) -> list[Section]:
        return [each for each in self.sections.values() if each.in_menu]
