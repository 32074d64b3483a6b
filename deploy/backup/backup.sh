#!/usr/bin/env bash
# Logical backup of the Nastavnik database: pg_dump custom format (-Fc), one timestamped file per run,
# files older than BACKUP_RETENTION_DAYS removed after a successful dump. Exits non-zero on any failure.
#
# The connection comes from the standard libpq variables (nothing secret on the command line):
#   PGHOST, PGPORT (direct to PostgreSQL, never through PgBouncer), PGDATABASE (default nastavnik),
#   PGUSER (default nastavnik_backup), PGPASSWORD or PGPASSFILE.
# The role must bypass row-level security: every table FORCEs RLS, so pg_dump as the owner role fails
# ("query would be affected by row-level security policy"). Use nastavnik_backup from
# deploy/postgres/roles.sql (BYPASSRLS + pg_read_all_data) or the postgres superuser over the local socket.
#   BACKUP_DIR             where dumps go (default /var/backups/nastavnik)
#   BACKUP_RETENTION_DAYS  keep dumps this many days (default 14)
#
# Nightly from /etc/cron.d/nastavnik-backup, with the variables in a root-only file:
#   30 2 * * * root set -a; . /etc/nastavnik/backup.env; /opt/nastavnik/deploy/backup/backup.sh
# Copy BACKUP_DIR off the machine (to storage that is also in the Russian Federation).
set -Eeuo pipefail
umask 077

export PGDATABASE="${PGDATABASE:-nastavnik}"
export PGUSER="${PGUSER:-nastavnik_backup}"
BACKUP_DIR="${BACKUP_DIR:-/var/backups/nastavnik}"
BACKUP_RETENTION_DAYS="${BACKUP_RETENTION_DAYS:-14}"

log() { printf '%s backup: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
trap 'log "FAILED (line $LINENO)"' ERR

if ! [[ "$BACKUP_RETENTION_DAYS" =~ ^[1-9][0-9]*$ ]]; then
    log "BACKUP_RETENTION_DAYS must be a positive integer, got '$BACKUP_RETENTION_DAYS'"
    exit 2
fi

mkdir -p "$BACKUP_DIR"
target="$BACKUP_DIR/${PGDATABASE}-$(date -u +%Y%m%dT%H%M%SZ).dump"
partial="$target.partial"
trap 'rm -f "$partial"' EXIT

log "dumping $PGDATABASE as $PGUSER to $target"
pg_dump --format=custom --no-password --file="$partial"
pg_restore --list "$partial" >/dev/null   # the archive is complete and readable
mv "$partial" "$target"
(cd "$BACKUP_DIR" && sha256sum "$(basename "$target")" > "$(basename "$target").sha256")

# Retention only after a successful dump, so a failing job never eats the last good backups.
find "$BACKUP_DIR" -maxdepth 1 -type f \( -name "${PGDATABASE}-*.dump" -o -name "${PGDATABASE}-*.dump.sha256" \) \
    -mtime +"$((BACKUP_RETENTION_DAYS - 1))" -print -delete | sed 's/^/removed /' >&2
log "done: $(du -h "$target" | cut -f1)"
