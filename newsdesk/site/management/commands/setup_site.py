"""`newsdesk setup_site`: what every installation needs, created once (idempotent).

- a Wagtail locale per configured language;
- the groups *Authors* (write, submit for review) and *Editors* (review, publish, unpublish,
  translate, edit pages, tags and settings, attach documents);
- the "Article review" workflow: Editors approve what Authors submit;
- the site skeleton: a home page and an "All news" index per edition, linked as translations.
"""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowContentType,
    WorkflowTask,
)

from newsdesk.news.models import Article, HomePage, NewsIndexPage

AUTHOR_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "news.add_article",
    "news.change_article",
    "news.view_article",
    "news.add_author",
    "news.change_author",
    "news.view_author",
]
EDITOR_PERMISSIONS = AUTHOR_PERMISSIONS + [
    "news.delete_article",
    "news.publish_article",
    "news.lock_article",
    "news.unlock_article",
    "news.delete_author",
    # Each edition's tags and the links between their translations (news.tags)
    "news.add_tag",
    "news.change_tag",
    "news.delete_tag",
    "news.view_tag",
    "core.change_sitesettings",
    "wagtail_localize.submit_translation",
    "wagtailredirects.add_redirect",
    "wagtailredirects.change_redirect",
    "wagtailredirects.delete_redirect",
]
AUTHOR_IMAGE_PERMISSIONS = ["add_image", "choose_image"]
EDITOR_IMAGE_PERMISSIONS = ["add_image", "change_image", "choose_image", "delete_image"]
# Documents (court rulings, reports as PDF: docs/editors.md) are the editors'; authors get none.
# Stated here, and taken from authors who had them, rather than left to the permissions
# Wagtail's migrations give its default "Editors" group.
AUTHOR_DOCUMENT_PERMISSIONS = []
EDITOR_DOCUMENT_PERMISSIONS = [
    "add_document",
    "change_document",
    "choose_document",
    "delete_document",
]
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]

HOME_TITLES = {"ru": "Ньюсдеск", "en": "Newsdesk"}


def news_index_title(language_code: str) -> str:
    """The "All news" title in the edition's language: every edition has an interface
    translation (settings refuse a language without one), so a third edition gets its own."""
    with translation.override(language_code):
        return gettext("All news")


def permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


class Command(BaseCommand):
    help = (
        "Create locales, newsroom groups, the review workflow and the site skeleton (idempotent)."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        locales = self.ensure_locales()
        authors, editors = self.ensure_groups()
        self.ensure_workflow(editors)
        homes = self.ensure_site(locales)
        for home in homes:
            for codename in EDITOR_PAGE_PERMISSIONS:
                GroupPagePermission.objects.get_or_create(
                    group=editors,
                    page=home,
                    permission=Permission.objects.get(
                        content_type__app_label="wagtailcore", codename=codename
                    ),
                )
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(
                    "Site set up: " + ", ".join(locale.language_code for locale in locales)
                )
            )

    def ensure_locales(self):
        return [
            Locale.objects.get_or_create(language_code=code)[0]
            for code, _name in settings.LANGUAGES
        ]

    def ensure_groups(self):
        authors, _ = Group.objects.get_or_create(name="Authors")
        editors, _ = Group.objects.get_or_create(name="Editors")
        authors.permissions.add(*[permission(p) for p in AUTHOR_PERMISSIONS])
        editors.permissions.add(*[permission(p) for p in EDITOR_PERMISSIONS])
        root_collection = Collection.get_first_root_node()
        for group, app_label, codenames in (
            (authors, "wagtailimages", AUTHOR_IMAGE_PERMISSIONS),
            (editors, "wagtailimages", EDITOR_IMAGE_PERMISSIONS),
            (authors, "wagtaildocs", AUTHOR_DOCUMENT_PERMISSIONS),
            (editors, "wagtaildocs", EDITOR_DOCUMENT_PERMISSIONS),
        ):
            for codename in codenames:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=Permission.objects.get(
                        content_type__app_label=app_label, codename=codename
                    ),
                )
        GroupCollectionPermission.objects.filter(
            group=authors, permission__content_type__app_label="wagtaildocs"
        ).exclude(permission__codename__in=AUTHOR_DOCUMENT_PERMISSIONS).delete()
        return authors, editors

    def ensure_workflow(self, editors):
        workflow, _ = Workflow.objects.get_or_create(name="Article review")
        task = GroupApprovalTask.objects.filter(name="Editors' approval").first()
        if task is None:
            task = GroupApprovalTask.objects.create(name="Editors' approval")
        task.groups.add(editors)
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
        WorkflowContentType.objects.update_or_create(
            content_type=ContentType.objects.get_for_model(Article), defaults={"workflow": workflow}
        )

    def ensure_site(self, locales):
        root = Page.get_first_root_node()
        default_locale = locales[0]
        home = HomePage.objects.filter(locale=default_locale).first()
        if home is None:
            # Wagtail's initial migration leaves a "Welcome" page as the site root: replace it.
            Page.objects.filter(
                depth=2, content_type__model="page", content_type__app_label="wagtailcore"
            ).delete()
            home = root.add_child(
                instance=HomePage(
                    title=HOME_TITLES.get(default_locale.language_code, "Newsdesk"),
                    slug="home",
                    locale=default_locale,
                )
            )
            home.save_revision().publish()
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={
                "hostname": "localhost",
                "port": 80,
                "root_page": home,
                "site_name": settings.WAGTAIL_SITE_NAME,
            },
        )
        news_index = NewsIndexPage.objects.child_of(home).first()
        if news_index is None:
            news_index = home.add_child(
                instance=NewsIndexPage(
                    title=news_index_title(default_locale.language_code),
                    slug="news",
                    locale=default_locale,
                )
            )
            news_index.save_revision().publish()
        homes = [home]
        for locale in locales[1:]:
            translated_home = home.get_translation_or_none(locale)
            if translated_home is None:
                translated_home = home.copy_for_translation(locale)
                translated_home.title = HOME_TITLES.get(locale.language_code, "Newsdesk")
                translated_home.save_revision().publish()
            homes.append(translated_home)
            if news_index.get_translation_or_none(locale) is None:
                translated_index = news_index.copy_for_translation(locale)
                translated_index.title = news_index_title(locale.language_code)
                translated_index.save_revision().publish()
        return homes
