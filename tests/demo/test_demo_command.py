"""The demo command's own options (the demo it loads by default is tested in test_demo.py)."""

import pytest
from django.core.management import call_command

from newsdesk.news.models import Article


@pytest.mark.django_db
def test_demo_command_adds_articles_in_bulk_with_a_progress_bar(capsys):
    call_command("demo", articles=50, verbosity=1)
    assert Article.objects.count() >= 50
    assert "50/50" in capsys.readouterr().err
