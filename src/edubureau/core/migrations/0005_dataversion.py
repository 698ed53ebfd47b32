"""The data version of the pages' cached figures (``core.pagecache``): a counter the database itself moves
on every write to the tables those figures read, in the writing transaction, whatever wrote (a service, a
bulk import, ``QuerySet.update``, the admin, SQL). The triggers on those tables are (re)made after every
migrate (``core.pagecache.install_triggers``): SQLite drops a table's triggers when a migration rebuilds it."""

from django.db import migrations, models

# PostgreSQL: a statement trigger on each counted table (core.pagecache.install_triggers, run after every
# migrate) notes, once per transaction, that the pages' data changed (a row in core_dataversion_pending); a
# deferred constraint trigger on that row moves the counter at COMMIT. The counter's row lock is so held
# for the commit only: writers do not queue behind each other's whole transaction, and no other lock is
# taken after it (no deadlock through the counter). eb_pages_version(), which core.pagecache reads, makes the
# pending move at once inside a transaction that wrote, so that it reads its own writes.
PG_SETUP = """
CREATE TABLE core_dataversion_pending (name varchar(40) NOT NULL);
CREATE FUNCTION eb_pages_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('edubureau.pages_touched', true), '') <> '1' THEN
    PERFORM set_config('edubureau.pages_touched', '1', true);
    INSERT INTO core_dataversion_pending (name) VALUES (TG_ARGV[0]);
  END IF;
  RETURN NULL;
END $$;
CREATE FUNCTION eb_pages_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE core_dataversion SET version = version + 1 WHERE name = NEW.name;
  DELETE FROM core_dataversion_pending WHERE ctid = NEW.ctid;
  PERFORM set_config('edubureau.pages_touched', '', true);
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER eb_pages_bump AFTER INSERT ON core_dataversion_pending
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION eb_pages_bump();
CREATE FUNCTION eb_pages_version(counter varchar) RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('edubureau.pages_touched', true) = '1' THEN
    SET CONSTRAINTS eb_pages_bump IMMEDIATE;
  END IF;
  RETURN (SELECT version FROM core_dataversion WHERE name = counter);
END $$;
"""
PG_TEARDOWN = (
    "DROP FUNCTION eb_pages_version(varchar); DROP TABLE core_dataversion_pending;"
    " DROP FUNCTION eb_pages_bump(); DROP FUNCTION eb_pages_touch() CASCADE;"
)


def install(apps, schema_editor):
    schema_editor.execute("INSERT INTO core_dataversion (name, version) VALUES ('pages', 0)")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_SETUP)


def uninstall(apps, schema_editor):
    from edubureau.core.pagecache import drop_triggers

    drop_triggers(schema_editor.connection)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_TEARDOWN)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_job_result_file"),
    ]

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                ("name", models.CharField(max_length=40, primary_key=True, serialize=False, verbose_name="name")),
                ("version", models.BigIntegerField(default=0, verbose_name="version")),
            ],
            options={"verbose_name": "data version", "verbose_name_plural": "data versions"},
        ),
        migrations.RunPython(install, uninstall),
    ]
