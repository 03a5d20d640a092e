"""What authors may not read in the back office (wired up in newsdesk.core.wagtail_hooks and
newsdesk/urls.py):

- the admin API's list of documents: only for users who may choose, add or change documents
  (editors; authors attach none: docs/editors.md);
- the site history, which names every change to every article, photo and page, who made it and
  when: for editors and administrators only. Wagtail shows it to anyone in the back office and
  offers no setting or permission for it, so the project's URLs put this view in front of its
  own; others are told so (403).
"""

import logging

from django.template.response import TemplateResponse
from django.urls import path
from django.views.decorators.cache import never_cache
from rest_framework.permissions import BasePermission
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.documents.permissions import permission_policy as document_permission_policy

logger = logging.getLogger(__name__)

# The Editors group's power (setup_site) that authors lack.
SITE_HISTORY_PERMISSION = "news.publish_article"


def may_read_site_history(user) -> bool:
    return user.is_superuser or user.has_perm(SITE_HISTORY_PERMISSION)


def site_history_view(results_only: bool):
    wagtail_view = LogEntriesView.as_view(results_only=results_only)

    # Wagtail's admin URLs are wrapped the same way (wagtail.admin.urls).
    @never_cache
    @require_admin_access
    def site_history(request):
        if not may_read_site_history(request.user):
            logger.warning("site history refused to %s: not an editor", request.user.get_username())
            return TemplateResponse(request, "core/site_history_forbidden.html", status=403)
        return wagtail_view(request)

    return site_history


site_history_urlpatterns = [
    path("admin/reports/site-history/", site_history_view(results_only=False)),
    path("admin/reports/site-history/results/", site_history_view(results_only=True)),
]


class MayUseDocuments(BasePermission):
    def has_permission(self, request, view):
        return document_permission_policy.user_has_any_permission(
            request.user, ["choose", "add", "change"]
        )


class DocumentsAPIViewSet(DocumentsAdminAPIViewSet):
    """Wagtail's admin API for documents, for users who may use documents (403 for others)."""

    permission_classes = [MayUseDocuments]
