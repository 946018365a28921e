"""Fill the search names of the people already known, from their submissions."""

import unicodedata

from django.db import migrations


def normalize_name(text):  # frozen copy of privacy.models.normalize_name
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def backfill(apps, schema_editor):
    Person = apps.get_model("privacy", "Person")
    Submission = apps.get_model("forms", "Submission")
    names: dict[int, set[str]] = {}
    rows = Submission.objects.exclude(person=None).values_list("person_id", "answers")
    for person_id, answers in rows.iterator(chunk_size=2000):
        words = names.setdefault(person_id, set())
        for key in ("first_name", "last_name"):
            words.update(normalize_name(str((answers or {}).get(key) or "")).split())
    for person_id, words in names.items():
        if words:
            Person.objects.filter(pk=person_id).update(name_key=" ".join(sorted(words)))


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0012_person_name_key"),
        ("forms", "0007_newsletter_send_failed"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
