"""Wagtail's image filters, parsed once per spec.

`wagtail.images.models.Filter` parses its spec ("fill-480x270|format-webp") into operation
objects the first time an instance is used, and Wagtail's image template tags make a new
instance for every photo they render: tens of microseconds a photo, milliseconds on a listing
of fifty teasers. What a spec parses to depends only on the spec and the operations registered
at start-up, and operations keep no state while they run, so the parsed list is shared by spec.
A small patch applied at start-up (CoreConfig.ready); worth proposing to Wagtail.
"""

from django.utils.functional import cached_property

_parsed: dict[str, list] = {}
# Wagtail's own parser (Filter.operations before the patch): what the shared lists must equal.
wagtail_parse = None


def share_parsed_operations() -> None:
    global wagtail_parse
    from wagtail.images.models import Filter

    if getattr(Filter, "_newsdesk_shared_operations", False):
        return
    parse = wagtail_parse = Filter.operations.func

    def operations(self):
        parsed = _parsed.get(self.spec)
        if parsed is None:
            parsed = _parsed[self.spec] = parse(self)
        return parsed

    shared = cached_property(operations)
    shared.__set_name__(Filter, "operations")
    Filter.operations = shared
    Filter._newsdesk_shared_operations = True
