# PostgreSQL extensions live in the public schema, which every tenant's search_path includes.
from django.contrib.postgres.operations import BtreeGistExtension, TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [TrigramExtension(), BtreeGistExtension()]
