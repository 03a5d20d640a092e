"""After a publish, a process learns what it bumped from the bump's record, once, instead of
reading every cached page's versions again (core.dependencies.unchanged). Bumps are recorded on
Redis, where a bump's counters move together and one bump at a time.

A change made straight to a counter, without `any` and without a record, stands in below for
"the versions were read": only a read of the versions can see it."""

import os
import threading

import pytest

from newsdesk.core import dependencies
from newsdesk.core.cache import ResilientRedisCache
from tests.components import require


@pytest.fixture
def records(db):
    if not dependencies.records_kept():
        if os.environ.get("NEWSDESK_POSTGRES_RUN_FOLLOWS"):  # `make test`'s SQLite run
            pytest.skip("checked with Redis, in the run that follows this one")
        require("Redis", False, "set REDIS_URL=redis://… to check the bumps' records")


def built(*names):
    """What a page built now from `names` records, as the page cache records it."""
    dependencies.bump_now(names)
    read = dependencies.versions([*names, dependencies.EPOCH, dependencies.ANY], memo=False)
    started = read.pop(dependencies.ANY)
    return read, [started]


def changed_behind_its_back(name):
    dependencies.cache.incr(dependencies.PREFIX + name)


def test_other_stories_publishing_leave_a_page_current_without_reading_its_versions(records):
    built_from, checked = built("article:1")
    for other in range(2, 6):
        dependencies.bump_now([f"article:{other}", dependencies.edition("ru")])
    changed_behind_its_back("article:1")
    assert dependencies.current(built_from, checked)
    assert checked[0] == dependencies.version(dependencies.ANY)


def test_a_publish_of_the_page_itself_is_seen(records):
    built_from, checked = built("article:1")
    dependencies.bump_now(["article:2"])
    dependencies.bump_now(["article:1", dependencies.edition("ru")])
    dependencies.bump_now(["article:3"])
    assert not dependencies.current(built_from, checked)


def test_a_process_learns_another_nodes_bumps_from_their_records(records):
    built_from, checked = built("article:1", dependencies.edition("en"))
    dependencies.bump_now(["article:2", dependencies.edition("ru")])
    dependencies.forget()  # as a process that made none of these bumps
    changed_behind_its_back("article:1")
    assert dependencies.current(built_from, checked)
    dependencies.bump_now([dependencies.edition("en")])
    dependencies.forget()
    assert not dependencies.current(built_from, checked)


def test_bumps_made_at_once_each_get_their_own_version_and_record(records):
    made = []

    def editor(number):
        for bump in range(20):
            made.append(dependencies.bump_now([f"article:{number}-{bump}"]))

    editors = [threading.Thread(target=editor, args=(number,)) for number in range(4)]
    for thread in editors:
        thread.start()
    for thread in editors:
        thread.join()
    assert len(set(made)) == 80
    recorded = dependencies.cache.get_many([dependencies._slot(number) for number in made])
    names = [recorded[dependencies._slot(number)] for number in made]
    assert sorted(name for _number, (name,) in names) == sorted(
        f"article:{number}-{bump}" for number in range(4) for bump in range(20)
    )
    assert all(number == recorded[dependencies._slot(number)][0] for number in made)


def test_bumps_are_recorded_only_where_a_bumps_counters_move_in_one_step(db):
    """On Redis (a script); not in the file-based cache of a site without Redis, whose pages read
    their versions after any bump."""
    built_from, checked = built("article:1")
    number = dependencies.bump_now(["article:2"])
    record = dependencies.cache.get(dependencies._slot(number))
    if dependencies.records_kept():
        assert isinstance(dependencies.cache, ResilientRedisCache)
        assert record == (number, ["article:2"])
    else:
        assert record is None
    assert dependencies.current(built_from, checked)
    dependencies.bump_now(["article:1"])
    assert not dependencies.current(built_from, checked)


def test_a_missing_record_means_the_versions_are_read(records):
    built_from, checked = built("article:1")
    dependencies.bump_now(["article:2"])
    changed_behind_its_back("article:1")
    dependencies.cache.delete(
        dependencies._slot(dependencies.version(dependencies.ANY, memo=False))
    )
    dependencies.forget()
    assert not dependencies.current(built_from, checked)


def test_a_page_checked_long_ago_has_its_versions_read(records):
    built_from, checked = built("article:1")
    for _bump in range(dependencies.LOG_SPAN + 1):
        dependencies.bump_now(["article:2"])
    changed_behind_its_back("article:1")
    assert not dependencies.current(built_from, checked)


def test_a_page_that_declared_nothing_goes_stale_with_any_bump(records):
    started = dependencies.version(dependencies.ANY, memo=False)
    built_from = {dependencies.ANY: started}
    checked = [started]
    dependencies.bump_now(["article:2"])
    assert not dependencies.current(built_from, checked)


def test_records_take_a_bounded_number_of_keys_that_are_never_counters_redis_must_keep(records):
    number = dependencies.bump_now(["article:7"])
    assert dependencies.cache.get(dependencies._slot(number)) == (number, ["article:7"])
    for _bump in range(dependencies.LOG_SLOTS + 2):
        dependencies.bump_now(["article:8"])
    keys = dependencies.cache.keys(dependencies.LOG_PREFIX + "*")
    assert len(keys) == dependencies.LOG_SLOTS
    for key in keys:
        assert not key.startswith(dependencies.PREFIX)
        assert 0 < dependencies.cache.ttl(key) <= dependencies.LOG_SECONDS


def test_a_record_overwritten_by_a_later_bump_is_not_taken_for_its_own(records):
    built_from, checked = built("article:1")
    dependencies.bump_now(["article:2"])
    number = dependencies.version(dependencies.ANY)
    # The slot as a bump LOG_SLOTS later leaves it (another node, far ahead of this one).
    dependencies.cache.set(dependencies._slot(number), (number + dependencies.LOG_SLOTS, []))
    dependencies.forget()
    changed_behind_its_back("article:1")
    assert not dependencies.current(built_from, checked)
