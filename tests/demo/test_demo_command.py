"""The demo command's own options (the demo it loads by default is tested in test_demo.py)."""

import pytest
from django.core.management import call_command

from newsdesk.news.models import Article


@pytest.mark.django_db
def test_demo_command_adds_articles_in_bulk_with_a_progress_bar(capsys):
    before = Article.objects.count()
    call_command("demo", articles=50, verbosity=1)
    added = Article.objects.count() - before
    # Fifty stories, each published in one or both editions: fifty translation keys.
    assert Article.objects.values("translation_key").distinct().count() == 50
    assert 50 <= added <= 100
    output = capsys.readouterr()
    assert "50/50" in output.err
    assert f"Inserted {added} articles from 50 stories." in output.out
