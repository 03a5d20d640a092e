import pytest


@pytest.fixture
def desk_editor(client):
    """The test client logged in as a member of Editors, whose back office is in English."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from wagtail.users.models import UserProfile

    user = get_user_model().objects.create_user(username="desk", password="correct-horse-9")
    user.groups.add(Group.objects.get(name="Editors"))
    UserProfile.objects.create(user=user, preferred_language="en")  # messages read in English
    client.force_login(user)
    return user


@pytest.fixture
def desk_day(make_article, site):
    """A morning's desk: stories live, a breaking one by a named author, a draft, one in review,
    one returned with changes requested, one scheduled."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from newsdesk.news.models import Article, ArticleAuthor
    from tests.back_office import user_in

    author = site["ru"].authors[0]

    def unpublished(headline):
        article = make_article(headline=headline, live=False)
        Article.objects.filter(pk=article.pk).update(published_at=None)
        article.refresh_from_db()
        return article

    old = make_article(
        headline="Старая новость о парке",
        published_at=timezone.now() - datetime.timedelta(days=10),
    )
    breaking = make_article(headline="Срочно: в Казани открыли мост", is_breaking=True)
    ArticleAuthor.objects.create(article=breaking, author=author)
    draft = unpublished("Черновик о музее")
    draft.save_revision()
    review = unpublished("Заметка на проверке")
    review.save_revision()
    review.get_default_workflow().start(review, user_in("Authors", username="writer"))
    returned = unpublished("Возвращённая заметка")
    returned.save_revision()
    state = returned.get_default_workflow().start(
        returned, get_user_model().objects.get(username="writer")
    )
    editor = user_in("Editors", username="chief")
    state.current_task_state.task.specific.on_action(
        state.current_task_state, editor, "reject", comment="Уточните цифры."
    )
    scheduled = unpublished("Новость по расписанию")
    scheduled.go_live_at = timezone.now() + datetime.timedelta(hours=3)
    scheduled.save_revision().publish()
    return {
        "old": old,
        "breaking": breaking,
        "draft": draft,
        "review": review,
        "returned": returned,
        "scheduled": scheduled,
        "author": author,
    }
