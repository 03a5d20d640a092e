"""After a publish, a process learns what it bumped from the bump's record, once, instead of
reading every cached page's versions again (core.dependencies.bumped).

A change made straight to a counter, without `any` and without a record, stands in below for
"the versions were read": only a read of the versions can see it."""

from newsdesk.core import dependencies


def built(*names):
    """What a page built now from `names` records, as the page cache records it."""
    dependencies.bump_now(names)
    read = dependencies.versions([*names, dependencies.EPOCH, dependencies.ANY], memo=False)
    started = read.pop(dependencies.ANY)
    return read, [started]


def changed_behind_its_back(name):
    dependencies.cache.incr(dependencies.PREFIX + name)


def test_other_stories_publishing_leave_a_page_current_without_reading_its_versions(db):
    built_from, checked = built("article:1")
    for other in range(2, 6):
        dependencies.bump_now([f"article:{other}", dependencies.edition("ru")])
    changed_behind_its_back("article:1")
    assert dependencies.current(built_from, checked)
    assert checked[0] == dependencies.version(dependencies.ANY)


def test_a_publish_of_the_page_itself_is_seen(db):
    built_from, checked = built("article:1")
    dependencies.bump_now(["article:2"])
    dependencies.bump_now(["article:1", dependencies.edition("ru")])
    dependencies.bump_now(["article:3"])
    assert not dependencies.current(built_from, checked)


def test_a_bump_on_another_node_is_learnt_from_its_record(db):
    built_from, checked = built("article:1", dependencies.edition("en"))
    dependencies.bump_now([dependencies.edition("en")])
    dependencies.forget()  # as a process that made none of these bumps
    assert not dependencies.current(built_from, checked)


def test_a_missing_record_means_the_versions_are_read(db):
    built_from, checked = built("article:1")
    dependencies.bump_now(["article:2"])
    changed_behind_its_back("article:1")
    dependencies.cache.delete(
        dependencies._slot(dependencies.version(dependencies.ANY, memo=False))
    )
    dependencies.forget()
    assert not dependencies.current(built_from, checked)


def test_a_page_checked_long_ago_has_its_versions_read(db):
    built_from, checked = built("article:1")
    for _bump in range(dependencies.LOG_SPAN + 1):
        dependencies.bump_now(["article:2"])
    changed_behind_its_back("article:1")
    assert not dependencies.current(built_from, checked)


def test_a_page_that_declared_nothing_goes_stale_with_any_bump(db):
    started = dependencies.version(dependencies.ANY, memo=False)
    built_from = {dependencies.ANY: started}
    checked = [started]
    dependencies.bump_now(["article:2"])
    assert not dependencies.current(built_from, checked)


def test_records_take_a_bounded_number_of_keys_that_are_never_counters_redis_must_keep(db):
    dependencies.bump_now(["article:7"])
    number = dependencies.version(dependencies.ANY)
    assert dependencies.cache.get(dependencies._slot(number)) == (number, ["article:7"])
    # However many bumps follow, they take LOG_SLOTS keys, outside the counters' prefix.
    keys = {dependencies._slot(number + later) for later in range(5 * dependencies.LOG_SLOTS)}
    assert len(keys) == dependencies.LOG_SLOTS
    assert not any(key.startswith(dependencies.PREFIX) for key in keys)


def test_a_record_overwritten_by_a_later_bump_is_not_taken_for_its_own(db):
    built_from, checked = built("article:1")
    dependencies.bump_now(["article:2"])
    number = dependencies.version(dependencies.ANY)
    # The slot as a bump LOG_SLOTS later leaves it (another node, far ahead of this one).
    dependencies.cache.set(dependencies._slot(number), (number + dependencies.LOG_SLOTS, []))
    dependencies.forget()
    changed_behind_its_back("article:1")
    assert not dependencies.current(built_from, checked)
