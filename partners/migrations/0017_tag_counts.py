from django.db import migrations

import partners.tag_counts


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0016_list_count_indexes"),
    ]

    operations = [
        # On PostgreSQL, the table of the tag filter's counts and the triggers that keep it
        # current (partners/tag_counts.py); other databases count from the partners.
        migrations.RunPython(partners.tag_counts.install, partners.tag_counts.remove),
    ]
