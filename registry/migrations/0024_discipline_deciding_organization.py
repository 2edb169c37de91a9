# The deciding party organization of a discipline record is named for what it is: `decided_by`
# holds a user everywhere else in the registry (and is shown through |person).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0023_committee_posts_cascade"),
    ]

    operations = [
        migrations.RenameField(model_name="discipline", old_name="decided_by", new_name="deciding_organization"),
        migrations.RenameField(
            model_name="historicaldiscipline", old_name="decided_by", new_name="deciding_organization"
        ),
    ]
