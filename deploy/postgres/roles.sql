-- Nastavnik: PostgreSQL roles and database, the SQL equivalent of
--   flask --app app db-roles create --admin-url postgresql://postgres@HOST/postgres \
--       --database nastavnik --owner nastavnik_owner --app-role nastavnik_app
-- (tenants/provisioning.py) for DBAs who prefer SQL. PostgreSQL >= 15, hosted in the Russian Federation.
--
-- Run once as a superuser:  psql -v ON_ERROR_STOP=1 -U postgres -d postgres -f roles.sql
-- then set the passwords interactively (psql sends them hashed, nothing lands in a history file):
--   \password nastavnik_owner
--   \password nastavnik_app
--
-- Grants on tables are NOT here: `flask --app app db upgrade` runs the migrations as the owner and then
-- grants the app role SELECT/INSERT/UPDATE/DELETE on the tables, SELECT/INSERT only on audit_events
-- (append-only), and usage of the sequences. It re-applies them after every upgrade.

-- The owner: owns the schema and runs migrations. The tables FORCE row-level security, so even the owner
-- is held to the policies.
CREATE ROLE nastavnik_owner LOGIN NOSUPERUSER NOCREATEROLE NOBYPASSRLS;

-- The app role used by the web and the workers: owns nothing, cannot bypass RLS, inherits nothing.
CREATE ROLE nastavnik_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOINHERIT;

CREATE DATABASE nastavnik OWNER nastavnik_owner;
REVOKE ALL ON DATABASE nastavnik FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE nastavnik TO nastavnik_app;

-- Optional, not created by `db-roles create`: the role of deploy/backup/backup.sh. pg_dump must read
-- every row, and FORCE ROW LEVEL SECURITY makes the owner see none without a tenant scope, so the
-- backup role bypasses RLS and may only read (pg_read_all_data). Keep its password off the app hosts.
CREATE ROLE nastavnik_backup LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE BYPASSRLS;
GRANT pg_read_all_data TO nastavnik_backup;
GRANT CONNECT ON DATABASE nastavnik TO nastavnik_backup;
--   \password nastavnik_backup
