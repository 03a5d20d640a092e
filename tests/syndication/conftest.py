import datetime

import pytest
from django.utils import timezone


@pytest.fixture
def newsroom(make_article, photo, site):
    """A small archive with everything feeds and sitemaps show: photos, quotes, inline photos,
    cross-links, tags, authors, extra sections, a translation, a draft."""
    now = timezone.now()
    older = make_article(
        section="economy",
        headline="Завод увеличил выпуск",
        published_at=now - datetime.timedelta(days=40),
    )
    body = [
        {
            "type": "paragraph",
            "value": f'<p>Первый абзац <a linktype="article" id="{older.pk}">со ссылкой</a>.</p>',
        },
        {
            "type": "quote",
            "value": {"text": "Мы довольны.", "speaker": "Анна Морозова", "source": "мэр"},
        },
        {"type": "image", "value": {"image": photo.pk, "caption": "Цех", "credit": "Ньюсдеск"}},
        {"type": "crosslink", "value": {"article": older.pk}},
    ]
    article = make_article(
        section="economy", headline="Бюджет города вырос", lead="Расходы выросли на 5%.", body=body,
        lead_image=photo, lead_image_caption="Здание мэрии", lead_image_credit="Денис Котов / Ньюсдеск",
        published_at=now - datetime.timedelta(hours=2),
    )  # fmt: skip
    article.tags.add("бюджет")
    article.also_in.add(site["ru"].sections["regions"])
    article.save()
    from newsdesk.news.models import ArticleAuthor

    ArticleAuthor.objects.create(article=article, author=site["ru"].authors[0])
    english = make_article(
        language="en", section="economy", headline="City budget grows", lead="Spending is up 5%.",
        translation_key=article.translation_key, lead_image=photo, lead_image_caption="City hall",
        lead_image_credit="Denis Kotov / Newsdesk", published_at=now - datetime.timedelta(hours=1),
    )  # fmt: skip
    draft = make_article(section="economy", headline="Черновик не для чтения", live=False)
    return {"article": article, "older": older, "english": english, "draft": draft}
