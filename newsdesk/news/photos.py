"""Photos keep their own caption and credit (issue 16): an article saved with a lead photo, a
caption and a credit leaves them with the photo, and the next article that chooses the photo
starts with them (filled in on the page as soon as the photo is chosen, static news/photo-details.js,
and on save when left empty), so a reused photo needs no retyping. Each article keeps its own
copy, edited there: a photo's details changing never reaches a published article."""

from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from newsdesk.news.models import PhotoDetails


def details_of(image_id):
    return PhotoDetails.objects.filter(image_id=image_id).first() if image_id else None


def fill_from_photo(cleaned) -> None:
    """The chosen lead photo's caption and credit where the form left them empty."""
    image = cleaned.get("lead_image")
    details = details_of(getattr(image, "pk", None))
    if details is None:
        return
    for field, value in (
        ("lead_image_caption", details.caption),
        ("lead_image_credit", details.credit),
    ):
        if not (cleaned.get(field) or "").strip() and value:
            cleaned[field] = value


def remember(article) -> None:
    """Keeps the article's caption and credit as its lead photo's own."""
    caption, credit = article.lead_image_caption.strip(), article.lead_image_credit.strip()
    if article.lead_image_id and caption and credit:
        PhotoDetails.objects.update_or_create(
            image_id=article.lead_image_id, defaults={"caption": caption, "credit": credit}
        )


@require_GET
def photo_details(request, image_id):
    """The article form's script asks for a chosen photo's caption and credit."""
    details = details_of(image_id)
    if details is None:
        raise Http404("no details kept for this photo")
    return JsonResponse({"caption": details.caption, "credit": details.credit})
