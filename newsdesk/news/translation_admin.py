"""The back office's part in keeping the editions in step (news.translation says what and why):

- the translation editor tells the editor how much text is not translated yet when it opens, and
  refuses "Publish" until it is all translated (wagtail-localize published the rest in the
  source's language and warned afterwards);
- "Sync translated snippets" brings the desk's flags to every translation and, with "Publish
  immediately", publishes only the translations that are whole, saying which it held back;
- Tags: each edition's own, with the tag each translates;
- the article list says which translations need an update.

Imported by news.wagtail_hooks.
"""

import contextlib
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.models import TranslatableMixin
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_localize.views import update_translations

from newsdesk.news import translation as editions
from newsdesk.news.tags import Tag, TagForm

logger = logging.getLogger(__name__)


@hooks.register("before_edit_snippet", order=-1)  # before wagtail-localize's translation editor
def publish_only_whole_translations(request, instance):
    if not isinstance(instance, TranslatableMixin):
        return None
    translation = editions.enabled_translation(instance)
    if translation is None:
        return None
    missing = editions.untranslated(translation)
    language = translation.target_locale.get_display_name()
    if request.method == "POST" and request.POST.get("action") == "publish":
        if missing:
            logger.warning(
                "publication of %s %s refused: %s pieces of text not translated",
                type(instance).__name__,
                instance.pk,
                missing,
            )
            # The count follows on the editor, which tells it on opening (below).
            messages.error(
                request,
                _(
                    "“%(title)s” cannot be published in %(language)s yet: translate the rest "
                    "of its text first."
                )
                % {"title": instance, "language": language},
            )
            return redirect(request.path)
        return None
    if request.method == "GET":
        if missing:
            messages.warning(request, editions.untranslated_message(missing, language))
        left_out = editions.tags_left_out(translation)
        if left_out:
            messages.warning(
                request,
                _(
                    "Tags without a version in this edition are left out: %(tags)s. Give them "
                    "one under Tags (“Translation of”), then publish again."
                )
                % {"tags": ", ".join(left_out)},
            )
    return None


class UpdateTranslationsView(update_translations.UpdateTranslationsView):
    """wagtail-localize's "Sync translated snippets", where the desk's flags follow the source
    and "Publish immediately" holds back a translation that is not whole."""

    def form_valid(self, form):
        publish = form.cleaned_data.get("publish_translations")
        form.cleaned_data["publish_translations"] = False
        with transaction.atomic():
            response = super().form_valid(form)  # the source's text and segments, synced
            source = self.object.get_source_instance()
            if all(hasattr(source, flag) for flag in editions.DESK_FLAGS):
                editions.follow_desk_flags(source)
            if publish:
                self.publish_whole_translations()
        return response

    def publish_whole_translations(self):
        for translation in self.object.translations.filter(enabled=True).select_related(
            "target_locale"
        ):
            language = translation.target_locale.get_display_name()
            missing = editions.untranslated(translation)
            if missing:
                messages.warning(
                    self.request,
                    _("The %(language)s version was synced but not published.")
                    % {"language": language}
                    + " "
                    + editions.untranslated_message(missing, language),
                )
                continue
            with contextlib.suppress(ValidationError):  # as wagtail-localize's own view
                translation.save_target(user=self.request.user, publish=True)


@hooks.register("register_admin_urls", order=-1)  # ahead of wagtail-localize's own address
def sync_translations_url():
    return [
        path(
            "localize/update/<int:translation_source_id>/",
            UpdateTranslationsView.as_view(),
            name="newsdesk_update_translations",
        )
    ]


def update_state_column():
    return Column(
        "needs_update",
        label=gettext_lazy("Translation"),
        accessor=editions.update_state_label,
    )


class TagViewSet(SnippetViewSet):
    model = Tag
    icon = "tag"
    menu_label = gettext_lazy("Tags")
    menu_order = 12
    add_to_admin_menu = True
    list_display = ["name", "slug", "locale"]
    search_fields = ["name"]
    search_backend_name = None  # the database's own match on names: tags are not indexed
    edit_handler = ObjectList(
        [FieldPanel("name"), FieldPanel("slug"), FieldPanel("translation_of")],
        base_form_class=TagForm,
    )


@hooks.register("construct_snippet_listing_buttons")
def no_machine_copies_of_tags(buttons, snippet, user, *args, **kwargs):
    """A tag's translation is a tag of the other edition named by an editor ("Translation
    of"): wagtail-localize's "Translate" made a copy named in the source's language at once."""
    if isinstance(snippet, Tag):
        buttons[:] = [button for button in buttons if "/localize/" not in (button.url or "")]
