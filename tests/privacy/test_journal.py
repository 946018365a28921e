"""The privacy journal (privacy.journal) on storage every app machine shares: one
object per entry, never overwritten, read back in the order written."""

from corpsite.settings.base import object_storage
from privacy.journal import journal_append, journal_append_safely, journal_entries


def test_entries_are_new_objects_read_back_in_order(s3_bucket):
    for number in range(3):
        journal_append({"kind": "erasure", "reference": f"ER-{number}", "email_hmac": "ab"})
    journal_append({"kind": "erasure", "reference": "ER-0", "email_hmac": "ab"})  # same again
    keys = s3_bucket.keys("privacy-journal/entries/")
    assert len(keys) == 4 and all(key.endswith(".json") for key in keys)
    assert [e["reference"] for e in journal_entries()] == ["ER-0", "ER-1", "ER-2", "ER-0"]


def test_a_journal_shared_between_machines_is_read_by_each(s3_bucket, settings):
    """Two app machines: two storage instances on the same bucket see one journal."""
    journal_append({"kind": "unsubscribe", "email_hmac": "cd"})
    settings.STORAGES = {**settings.STORAGES}  # another machine: new storage instances
    journal_append({"kind": "erasure", "reference": "ER-9", "email_hmac": "ef"})
    assert [e["kind"] for e in journal_entries()] == ["unsubscribe", "erasure"]


def test_object_storage_out_of_reach_is_reported_not_raised(s3_bucket, settings, caplog):
    settings.STORAGES = {
        **settings.STORAGES,
        # A closed port: nothing listens there.
        "journal": object_storage(
            bucket=s3_bucket.name, location="privacy-journal", endpoint_url="http://127.0.0.1:9"
        ),
    }
    assert journal_append_safely({"kind": "erasure", "reference": "ER-1"}) is False
    assert "Could not write the privacy journal (erasure)" in caplog.text
    assert s3_bucket.keys("privacy-journal/") == []


def test_without_a_storage_the_journal_is_the_local_file(settings):
    settings.PRIVACY_JOURNAL_STORAGE = ""
    journal_append({"kind": "erasure", "reference": "ER-5"})
    assert '"reference": "ER-5"' in settings.PRIVACY_JOURNAL.read_text()
