"""An article page stays light on a phone: HTML, CSS and JS under 60 KB compressed, no script that
blocks rendering, photos responsive and sized."""

import gzip
import re

from django.contrib.staticfiles import finders

PAGE_BUDGET = 60 * 1024


def test_an_article_page_with_everything_weighs_under_60_kb_compressed(client, make_article, photo):
    neighbour = make_article(section="economy", headline="Соседняя заметка", lead_image=photo,
                             lead_image_caption="Фото", lead_image_credit="Ньюсдеск")  # fmt: skip
    body = [
        {"type": "paragraph", "value": "<p>" + "Текст заметки. " * 300 + "</p>"},
        {"type": "quote", "value": {"text": "Цитата.", "speaker": "Анна", "source": "мэр"}},
        {"type": "image", "value": {"image": photo.pk, "caption": "Цех", "credit": "Ньюсдеск"}},
        {"type": "crosslink", "value": {"article": neighbour.pk}},
    ]
    article = make_article(section="economy", headline="Длинная заметка", body=body,
                           lead_image=photo, lead_image_caption="Мэрия",
                           lead_image_credit="Ньюсдеск")  # fmt: skip
    html = client.get(article.get_url()).content
    assets = re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', html)
    assert assets, "the page links its stylesheet and script"
    weight = len(gzip.compress(html))
    for asset in assets:
        with open(finders.find(asset.decode()), "rb") as file:
            weight += len(gzip.compress(file.read()))
    assert weight <= PAGE_BUDGET, f"{weight / 1024:.1f} KB"

    text = html.decode()
    for script in re.findall(r"<script\b[^>]*\bsrc=[^>]*>", text):
        assert " defer" in script or " async" in script or 'type="module"' in script, script
    photos = re.findall(r"<img\b[^>]*>", text)
    assert photos
    for tag in photos:
        assert 'width="' in tag and 'height="' in tag, tag
    lead, *others = photos
    assert "srcset=" in lead and ".webp" in lead and 'fetchpriority="high"' in lead
    assert all('loading="lazy"' in tag for tag in others)
