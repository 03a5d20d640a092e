"""The live translations of a page, looked up once per page object: the language switcher and the
hreflang links of the same request both need them."""


def live_translations(page) -> list:
    if not hasattr(page, "_live_translations"):
        page._live_translations = list(page.get_translations().live().select_related("locale"))
    return page._live_translations
