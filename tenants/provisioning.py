"""Database roles and grants for a deployment (DESIGN.md §2, §6).

The owner role owns the schema and runs migrations; the app role owns nothing, is not superuser and
has no BYPASSRLS, so every query of the web and the workers passes through row-level security.
"""
from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

# Tables the app may read and append to but never change: the audit trail (152-ФЗ ст. 19).
APPEND_ONLY_TABLES = ("audit_events",
                      # What a person signed stays what they read; a scan is the proof of a paper consent.
                      "consent_texts", "consent_scans",
                      # The act of destruction is the proof of it (152-ФЗ ст. 21 ч. 5).
                      "consent_destruction_acts",
                      # The banks' status history and the yearly reviews (Положение 3.4) are kept as written.
                      "bank_status_changes", "bank_reviews",
                      # A pair's history (who, when, why) is kept as written.
                      "pair_transitions",
                      # An activity's evidence and the pair's journal of meetings are kept as written.
                      "programme_evidence", "programme_journal",
                      # A petition's steps (who, when, why) are kept as written (Положение 4.1, 5.1).
                      "petition_events",
                      # A person's acknowledgement of an order and the scan of a signed original stay as written.
                      "order_acknowledgements", "order_scans")
# Tables that hold identities or privileges: the app role updates only the columns the app changes
# (DESIGN.md §2). A person's platform-admin flag and a session's owner are not among them.
UPDATABLE_COLUMNS = {
    "users": ("email", "password_hash", "password_changed_at", "locale", "totp_secret", "totp_enabled_at",
              "totp_last_step", "last_org_id"),
    "user_sessions": ("last_seen_at", "revoked_at", "second_factor_at", "current_org_id"),
    "recovery_codes": ("used_at",),
    # An organization's id, municipality, kind and slug never change; active_heads is kept by the
    # memberships trigger (run as the app role); the requisites by the school itself (0011_requisites).
    "organizations": ("name", "short_name", "partner_kind", "is_active", "archived_at", "verified_at",
                      "active_heads", "address", "locality", "inn", "ogrn", "phone", "email", "document_font",
                      "document_font_size"),
    # A consent changes only by its withdrawal and the destruction that follows (152-ФЗ ст. 21).
    "consents": ("withdrawn_at", "withdrawn_by_id", "withdrawal_channel", "withdrawal_ip", "withdrawal_scan_id",
                 "destroy_due_on", "destroyed_at"),
    # An uploaded staff file stays what was uploaded; its mapping, state and progress change, and the
    # file itself is cleared (set NULL) once the import has run.
    "teacher_imports": ("content", "mapping", "revision", "status", "only_valid", "total_rows", "error_rows",
                        "to_create", "to_update", "processed", "created_count", "updated_count", "skipped_count",
                        "report", "run_notes", "attempts", "last_error", "confirmed_at", "confirmed_by_id",
                        "started_at", "finished_at", "progress_at"),
    # A municipality's dictionary entry keeps its code and name (questionnaires refer to it); it is retired.
    "bank_dictionary_entries": ("is_active", "deactivated_at"),
    # A programme's pair never changes; its fields change in a draft and by approved revisions (Положение 7.2).
    "programmes": ("status", "starts_on", "ends_on", "form_code", "goals", "difficulties", "difficulties_note",
                   "strengths", "directions", "activity_forms", "expected_results", "extended_by_id", "approved_at",
                   "approved_by_id", "completed_at", "end_proposed_for", "end_proposed_at"),
    "programme_activities": ("title", "kind", "due_on", "responsible_teacher_id", "status", "result", "updated_at",
                             "updated_by_id"),
    # A revision's snapshot is never rewritten: only the steps of the agreement are filled in.
    "programme_revisions": ("status", "confirmed_at", "confirmed_by_id", "decided_at", "decided_by_id",
                            "decision_note"),
    # A petition keeps what was filed (pair, kind, who, reason, the notice's day); only its steps are
    # written: the curator's review, the director's decision, the order that executed it.
    "petitions": ("status", "reviewed_at", "reviewed_by_id", "review_note", "proposed_mentor_id", "decided_at",
                  "decided_by_id", "decision_reason", "order_id", "executed_at"),
    # The counter only moves forward; a school's number format changes.
    "order_counters": ("last_number",),
    "order_settings": ("number_format", "updated_at", "updated_by_id"),
}
# Rows the app never deletes: people (never deleted), sessions (purged by purge_user_sessions), teacher
# records (a teacher who left stays in history), the consent ledger, the municipality's rules, the staff
# files imported into the registry (what was imported, by whom, stays on record).
NO_DELETE_TABLES = ("users", "user_sessions", "teachers", "consents", "mentoring_rules", "teacher_imports",
                    # Bank entries lose their content in place (152-ФЗ ст. 21), never the row; the
                    # dictionaries' entries are deactivated; support and questionnaires sent stay in history.
                    "mentor_entries", "mentee_entries", "bank_dictionary_entries", "mentee_support",
                    "bank_invitations",
                    # A pair and its participants stay after they end (a replaced mentor keeps their row).
                    "pairs", "pair_participants",
                    # A programme, its plan and its revisions stay (a dropped activity is cancelled).
                    "programmes", "programme_activities", "programme_revisions",
                    # A petition is never deleted (Положение 4.1, 5.1): refused or executed, it stays.
                    "petitions",
                    # An order stays in the registry (a signed one is frozen by its trigger, 0017_orders).
                    "orders", "order_counters", "order_settings")
# The named paths written as functions (migrations 0006_accounts, 0008_speed).
FUNCTIONS = ("session_by_token_hash(text)", "session_of_token(text)", "purge_user_sessions(timestamptz)",
             "teacher_imports_due(integer,integer)")


def _ident(conn: Connection, name: str) -> str:
    return conn.execute(text("SELECT quote_ident(:n)"), {"n": name}).scalar_one()


def create_roles(conn: Connection, owner: str, app_role: str, database: str) -> None:
    """Idempotently create both login roles and hand the database to the owner (run as a superuser)."""
    for role, attrs in ((owner, "LOGIN NOSUPERUSER NOCREATEROLE NOBYPASSRLS"),
                        (app_role, "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOINHERIT")):
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
        verb = "ALTER" if exists else "CREATE"
        conn.execute(text(f"{verb} ROLE {_ident(conn, role)} WITH {attrs}"))
    has_db = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": database}).first()
    if not has_db:
        conn.execute(text(f"CREATE DATABASE {_ident(conn, database)} OWNER {_ident(conn, owner)}"))
    else:
        conn.execute(text(f"ALTER DATABASE {_ident(conn, database)} OWNER TO {_ident(conn, owner)}"))
    conn.execute(text(f"REVOKE ALL ON DATABASE {_ident(conn, database)} FROM PUBLIC"))
    conn.execute(text(f"GRANT CONNECT, TEMPORARY ON DATABASE {_ident(conn, database)} TO {_ident(conn, app_role)}"))


def _normalized(signature: str) -> str:
    # regprocedure spells "timestamp with time zone" where the list says "timestamptz".
    return signature.replace("timestamp with time zone", "timestamptz").replace(" ", "")


def apply_grants(conn: Connection, app_role: str) -> None:
    """Grants of the app role on what the migrations created; run after every upgrade."""
    role = _ident(conn, app_role)
    conn.execute(text("REVOKE CREATE ON SCHEMA public FROM PUBLIC"))
    conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {role}"))
    conn.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}"))
    conn.execute(text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"))
    present = set(conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars())
    if "alembic_version" in present:
        conn.execute(text(f"REVOKE ALL ON alembic_version FROM {role}"))
        conn.execute(text(f"GRANT SELECT ON alembic_version TO {role}"))
    for table in APPEND_ONLY_TABLES:
        if table in present:
            conn.execute(text(f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM {role}"))
    for table, columns in UPDATABLE_COLUMNS.items():
        if table in present:
            conn.execute(text(f"REVOKE UPDATE ON {table} FROM {role}"))
            existing = set(conn.execute(text(  # a downgrade may have removed some
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
                "AND table_name = :t"), {"t": table}).scalars())
            granted = [c for c in columns if c in existing]
            if granted:
                conn.execute(text(f"GRANT UPDATE ({', '.join(granted)}) ON {table} TO {role}"))
    for table in NO_DELETE_TABLES:
        if table in present:
            conn.execute(text(f"REVOKE DELETE ON {table} FROM {role}"))
    functions = set(conn.execute(text(
        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = 'public'")).scalars())
    for function in FUNCTIONS:
        if _normalized(function) in {_normalized(f) for f in functions}:
            conn.execute(text(f"GRANT EXECUTE ON FUNCTION {function} TO {role}"))
    conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}"))
    # The narrow paths written as SECURITY DEFINER functions (the outbox's, 0003_outbox): revoked from
    # PUBLIC by their migration, executable by the app role only.
    conn.execute(text(f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO {role}"))
