from wagtail import hooks

from newsdesk.core.back_office import DocumentsAPIViewSet, may_read_site_history


# After Wagtail's own registration (order 0) of the same endpoint, which this replaces.
@hooks.register("construct_admin_api", order=1)
def documents_api_for_document_users(router):
    router.register_endpoint("documents", DocumentsAPIViewSet)


@hooks.register("construct_reports_menu")
def site_history_for_editors(request, menu_items):
    if not may_read_site_history(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "site-history"]
