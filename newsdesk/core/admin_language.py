"""The back office in each editor's language, whichever language the process served first.

Wagtail 7.4 and wagtail-localize 1.14 build parts of the admin once per process: the menus, the
chooser widgets of the forms and blocks, the viewsets' breadcrumbs, a few class attributes. Where
such a part turns a translatable string into text (`gettext` instead of `gettext_lazy`, or `%`
on a lazy string) it keeps the language active at that moment, the server's default at import
or the first editor's, and shows it to everyone after («Выбрать article» on an English screen,
"Choose" on a Russian one). Each correction below is the smallest change that makes that string
lazy again, or builds the part once per language; applied at start-up (CoreConfig.ready) and
worth proposing to Wagtail. tests/core/test_back_office_language.py renders the screens in both
languages, in both orders, on a fresh server.

The message ids are Wagtail's own, asked through `wagtail_message()` rather than `gettext_lazy()` so that
`makemessages` leaves them to Wagtail's catalogues, which translate them.
"""

from django.utils import translation
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy

# Wagtail's message ids, formatted with a model's name.
CHOOSE_OBJECT = "Choose %(object)s"
CHOOSE_ANOTHER_OBJECT = "Choose another %(object)s"
EDIT_OBJECT = "Edit this %(object)s"


def wagtail_message(message_id: str) -> str:
    """A message of Wagtail's catalogues, translated when shown."""
    return gettext_lazy(message_id)


def interpolated(message_id: str, **values) -> str:
    """`gettext(message_id) % values`, translated when shown rather than when made (values may
    be lazy too: a model's verbose name)."""
    return lazy(lambda: gettext(message_id) % {k: str(v) for k, v in values.items()}, str)()


def apply() -> None:
    from wagtail.admin.menu import Menu

    if getattr(Menu, "_newsdesk_per_language", False):
        return
    menus_per_language(Menu)
    lazy_chooser_widget_texts()
    lazy_chooser_viewset_texts()
    lazy_snippet_breadcrumbs()
    lazy_workflow_comment_label()


def menus_per_language(Menu) -> None:
    """Menus keep the items their hooks return, made once: wagtail-localize's "Translations"
    (`gettext` in the hook) and Wagtail's "What's new in Wagtail 7.4" (`%` on a lazy string) were
    in the first editor's language for all. The items are now made once per language."""
    build = Menu.registered_menu_items.func

    def registered_menu_items(self):
        per_language = self.__dict__.setdefault("_items_per_language", {})
        language = translation.get_language()
        if language not in per_language:
            per_language[language] = build(self)
        return per_language[language]

    Menu.registered_menu_items = property(registered_menu_items)
    Menu._newsdesk_per_language = True


def lazy_chooser_widget_texts() -> None:
    """A snippet chooser formats "Choose %(object)s" when it is made, and a page chooser for one
    page type appends " (Section)" to "Choose a page": both made with the form class or the
    StreamField block, once per process."""
    from wagtail.admin.widgets.chooser import AdminPageChooser
    from wagtail.snippets.widgets import AdminSnippetChooser

    snippet_init = AdminSnippetChooser.__init__

    def snippet_chooser_init(self, model, **kwargs):
        snippet_init(self, model, **kwargs)
        name = self.model._meta.verbose_name
        self.choose_one_text = interpolated(CHOOSE_OBJECT, object=name)
        self.choose_another_text = interpolated(CHOOSE_ANOTHER_OBJECT, object=name)
        self.link_to_chosen_text = interpolated(EDIT_OBJECT, object=name)

    AdminSnippetChooser.__init__ = snippet_chooser_init

    page_init = AdminPageChooser.__init__

    def page_chooser_init(self, *args, **kwargs):
        page_init(self, *args, **kwargs)
        if self.choose_one_text != AdminPageChooser.choose_one_text:
            choose, model = AdminPageChooser.choose_one_text, self.model
            self.choose_one_text = lazy(
                lambda: f"{choose} ({capfirst(model._meta.verbose_name)})", str
            )()

    AdminPageChooser.__init__ = page_chooser_init


def lazy_chooser_viewset_texts() -> None:
    """ChooserViewSet's labels are `gettext` at import: the chooser modals' title ("Choose") and
    their "Search" tab were in the server's default language for everyone."""
    from wagtail.admin.viewsets.chooser import ChooserViewSet

    ChooserViewSet.choose_one_text = wagtail_message("Choose")
    ChooserViewSet.choose_another_text = wagtail_message("Choose another")
    ChooserViewSet.edit_item_text = wagtail_message("Edit")
    ChooserViewSet.search_tab_label = wagtail_message("Search")
    ChooserViewSet.create_action_label = wagtail_message("Create")


def lazy_snippet_breadcrumbs() -> None:
    """SnippetViewSet hands its breadcrumbs ("Home") to its views when the URLs are built, with
    `gettext`."""
    from django.conf import settings
    from django.urls import reverse_lazy
    from wagtail.snippets.views.snippets import SnippetViewSet

    def breadcrumbs_items(self):
        items = [{"url": reverse_lazy("wagtailadmin_home"), "label": wagtail_message("Home")}]
        if (
            getattr(settings, "WAGTAILSNIPPETS_MENU_SHOW_ALL", False)
            or not self.get_menu_item_is_registered()
        ):
            items.append(
                {"url": reverse_lazy("wagtailsnippets:index"), "label": wagtail_message("Snippets")}
            )
        return items

    SnippetViewSet.breadcrumbs_items = property(breadcrumbs_items)


def lazy_workflow_comment_label() -> None:
    """The comment field of the review dialogs (approve or request changes with a comment) is
    labelled with `gettext` at import."""
    from wagtail.forms import TaskStateCommentForm

    TaskStateCommentForm.base_fields["comment"].label = wagtail_message("Comment")
