"""Back-office helpers for tests: users in the editorial groups, the article form as the admin
posts it, and the article list's address."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield
from wagtail.users.models import UserProfile


def user_in(group_name, username=None):
    user = get_user_model().objects.create_user(
        username=username or group_name.lower(), password="correct-horse-9"
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


def article_form(site, photo, **overrides):
    ru = site["ru"]
    data = {
        "headline": "Мэрия открыла новый парк",
        "lead": "Парк площадью десять гектаров открылся на окраине города.",
        "lead_image": photo.pk,
        "lead_image_caption": "Новый парк",
        "lead_image_credit": "Ньюсдеск",
        "body": streamfield(
            [
                ("paragraph", rich_text("<p>В парке высадили сотни деревьев.</p>")),
                (
                    "quote",
                    {"text": "Это подарок городу.", "speaker": "Анна Морозова", "source": "мэр"},
                ),
            ]
        ),
        "slug": "",
        "section": ru.sections["society"].pk,
        "dateline": "Казань",
        "tags": "парки",
        "article_authors": inline_formset([{"author": ru.authors[0].pk}]),
        "published_at": "",
        "go_live_at": "",
        "expire_at": "",
        "change_kind": "update",
        "change_note": "",
    }
    data.update(overrides)
    return nested_form_data(data)


LISTING = "/admin/snippets/news/article/"


def in_english(user):
    """The user, with the back office in English."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


def publish_edit(client, site, photo, article, **fields):
    """Publish an edit of `article` through the admin's edit form, as an editor would."""
    response = client.post(
        f"/admin/snippets/news/article/edit/{article.pk}/",
        {**article_form(site, photo, **fields), "action-publish": "publish"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    return article
