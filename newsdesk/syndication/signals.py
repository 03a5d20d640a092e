"""WebSub: tell the hub which feeds changed when an article is published or unpublished."""

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import published, unpublished

from newsdesk.core.addresses import absolute
from newsdesk.news.models import Article
from newsdesk.syndication.feeds import feed_path
from newsdesk.syndication.tasks import ping_hub


def feed_urls_for(article):
    language = article.locale.language_code
    scopes = [(None, None), ("section", article.section.slug)]
    scopes += [("section", page.slug) for page in article.also_in.all()]
    scopes += [("tag", tag.slug) for tag in article.tags.all()]
    formats = ["rss", "atom", "json"]
    urls = [
        absolute(feed_path(language, fmt, kind, slug)) for kind, slug in scopes for fmt in formats
    ]
    return urls + [absolute(feed_path(language, "yandex"))]


@receiver(published, sender=Article)
@receiver(unpublished, sender=Article)
def ping_websub_hub(sender, instance, **kwargs):
    if not settings.WEBSUB_HUB_URL:
        return
    urls = feed_urls_for(instance)
    # After the commit, so the hub's fetch sees the new state; as a task, so no editor waits.
    transaction.on_commit(lambda: ping_hub.enqueue(urls))
