"""roles and organizations, second pass (issue 5): archive, heads, natural order, partner kind check

- organizations.archived_at: an archived organization stays (is_active False since then), and a CHECK
  keeps the two columns in step;
- organizations.active_heads: how many active members hold the head role (director, partner
  coordinator, municipal officer) — an aggregate without personal data, kept by a trigger on
  memberships, so municipal staff know whether a school needs a head without seeing its staff. The
  trigger runs as the writing role under row-level security: memberships are written only in their
  organization's scope (their RLS check), where it sees all of that organization's memberships. It locks
  the organization's row first, so concurrent changes are counted one after the other, and refuses an
  update that takes away an organization's last active head (DESIGN.md §1; the services refuse first,
  in Russian, with the head rows locked);
- organizations.sort_key: the natural order of short names («№1, №5, №11»), computed by an immutable SQL
  function (lower case by an explicit table, ё as е, digit runs padded to 12 digits), stored, with
  COLLATE "C" so the order is the same on every server; the embedded PostgreSQL has no ICU, so an ICU
  collation ('ru-u-kn-true') would not do. Indexed with the tenant first for keyset pagination;
- CHECK: a partner kind only on partner organizations;
- invitations.inviter_name / inviter_org_name: who invited, as the invitation page names them.

Revision ID: 0003_roles
Revises: 0002
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa

revision = "0003_roles"
down_revision = "0002"
branch_labels = None
depends_on = None

HEAD_ROLES = "ARRAY['director', 'partner_coordinator', 'municipal_officer']::varchar[]"

_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯё"
_LOWER = "abcdefghijklmnopqrstuvwxyzабвгдеежзийклмнопрстуфхцчшщъыьэюяе"

NATURAL_SORT_KEY = f"""
CREATE FUNCTION natural_sort_key(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(string_agg(CASE WHEN part ~ '^[0-9]' THEN lpad(part, greatest(length(part), 12), '0')
                                  ELSE part END, '' ORDER BY ord), '')
  FROM regexp_matches(translate(value, '{_UPPER}', '{_LOWER}'), '[0-9]+|[^0-9]+', 'g')
       WITH ORDINALITY AS found(match, ord),
       LATERAL (SELECT found.match[1] AS part) AS p
$$
"""

COUNT_HEADS = f"""
CREATE FUNCTION memberships_count_heads() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  target uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.org_id ELSE NEW.org_id END;
  heads integer;
BEGIN
  -- One change of an organization's memberships at a time: a concurrent one waits here, then counts
  -- what was committed (without it two heads leaving at once would each count the other). NO KEY:
  -- inserts referencing the organization (their foreign key checks) are not blocked.
  PERFORM 1 FROM organizations WHERE id = target FOR NO KEY UPDATE;
  SELECT count(*) INTO heads FROM memberships m
   WHERE m.org_id = target AND m.is_active AND m.roles && {HEAD_ROLES};
  IF TG_OP = 'UPDATE' AND heads = 0 AND OLD.is_active AND OLD.roles && {HEAD_ROLES} THEN
    RAISE EXCEPTION 'an organization keeps at least one active head'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_organizations_keep_a_head';
  END IF;
  UPDATE organizations SET active_heads = heads WHERE id = target AND active_heads IS DISTINCT FROM heads;
  RETURN NULL;
END
$$
"""


def upgrade():
    op.add_column("organizations", sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("organizations", sa.Column("active_heads", sa.Integer(), server_default="0", nullable=False))
    op.add_column("invitations", sa.Column("inviter_name", sa.String(length=200), nullable=True))
    op.add_column("invitations", sa.Column("inviter_org_name", sa.String(length=120), nullable=True))
    op.execute(NATURAL_SORT_KEY)
    op.execute('ALTER TABLE organizations ADD COLUMN sort_key text COLLATE "C" '
               "GENERATED ALWAYS AS (natural_sort_key(short_name)) STORED")
    op.create_index("ix_organizations_municipality_sort", "organizations",
                    ["municipality_id", "kind", "sort_key", "id"])
    # Existing rows: the owner is held to the forced policies like everyone, so it reads them with the
    # forcing lifted inside this transaction only (DDL is transactional: nobody sees the gap).
    for table in ("organizations", "memberships"):
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
    op.execute("UPDATE organizations SET archived_at = created_at WHERE NOT is_active AND archived_at IS NULL")
    op.execute(f"UPDATE organizations o SET active_heads = (SELECT count(*) FROM memberships m "
               f"WHERE m.org_id = o.id AND m.is_active AND m.roles && {HEAD_ROLES})")
    for table in ("organizations", "memberships"):
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.create_check_constraint("ck_organizations_partner_kind", "organizations",
                               "partner_kind IS NULL OR kind = 'partner'")
    op.create_check_constraint("ck_organizations_archived", "organizations", "(archived_at IS NULL) = is_active")
    op.execute(COUNT_HEADS)
    op.execute("CREATE TRIGGER memberships_count_heads AFTER INSERT OR DELETE OR UPDATE OF roles, is_active "
               "ON memberships FOR EACH ROW EXECUTE FUNCTION memberships_count_heads()")


def downgrade():
    op.execute("DROP TRIGGER memberships_count_heads ON memberships")
    op.execute("DROP FUNCTION memberships_count_heads()")
    op.drop_constraint("ck_organizations_archived", "organizations", type_="check")
    op.drop_constraint("ck_organizations_partner_kind", "organizations", type_="check")
    op.drop_index("ix_organizations_municipality_sort", table_name="organizations")
    op.drop_column("organizations", "sort_key")
    op.execute("DROP FUNCTION natural_sort_key(text)")
    op.drop_column("invitations", "inviter_org_name")
    op.drop_column("invitations", "inviter_name")
    op.drop_column("organizations", "active_heads")
    op.drop_column("organizations", "archived_at")
