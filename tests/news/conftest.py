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
