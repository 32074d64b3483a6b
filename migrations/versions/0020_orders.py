"""orders (приказы): the numbered registry per school and year, drafts, signed orders frozen, acknowledgements

- ``order_settings``: a school's number format (the seed's «13 – А»: ``{n} – А``).
- ``order_counters``: one row per school and year; a signing takes the next number under the row's lock
  (INSERT … ON CONFLICT DO UPDATE … RETURNING), in the signing's transaction: no gaps, no duplicates.
- ``orders``: the text (title, preamble, items, appendix), what it references (``refs``), the number and
  the date once signed. A signed order is never changed: a trigger refuses an UPDATE or DELETE of a signed
  order for every role (the seed's order as the model; Положение 3.2, 3.3, 6.2: «утверждаются приказом»).
- ``order_people``: each person the order names (the «С приказом ознакомлены» lines); frozen with the order.
- ``order_acknowledgements``: a person's acknowledgement, append-only, with its time.
- ``order_scans``: the scan of the paper original of a signed order, append-only.
Every table under forced row-level security, owned by one organization.

Revision ID: 0020_orders
Revises: 0019_petitions
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from tenants.policies import org_owned

revision = "0020_orders"
down_revision = "0019_petitions"
branch_labels = None
depends_on = None

KINDS = ("'regulations', 'curator', 'mentor_bank', 'pairs', 'replace_mentor', 'extension', 'release', "
         "'completion', 'early_end'")
TABLES = ("order_settings", "order_counters", "orders", "order_people", "order_acknowledgements", "order_scans")


def _owned():
    return [sa.Column("id", sa.Uuid(), primary_key=True),
            sa.Column("municipality_id", sa.Uuid(), sa.ForeignKey("municipalities.id"), nullable=False),
            sa.Column("org_id", sa.Uuid(), sa.ForeignKey("organizations.id"), nullable=False)]


def _of_org(table: str):
    return sa.ForeignKeyConstraint(["org_id", "municipality_id"], ["organizations.id", "organizations.municipality_id"],
                                   name=f"fk_{table}_org_municipality")


def _of_order(table: str):
    return sa.ForeignKeyConstraint(["order_id", "org_id"], ["orders.id", "orders.org_id"], name=f"fk_{table}_order")


def upgrade():
    op.create_table(
        "order_settings", *_owned(),
        sa.Column("number_format", sa.String(40), nullable=False, server_default="{n} – А"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("updated_by_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=True),
        _of_org("order_settings"),
        sa.UniqueConstraint("org_id", name="uq_order_settings_org"),
        sa.CheckConstraint("position('{n}' in number_format) > 0", name="ck_order_settings_format"),
    )
    op.create_table(
        "order_counters", *_owned(),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        _of_org("order_counters"),
        sa.UniqueConstraint("org_id", "year", name="uq_order_counters_org_year"),
        sa.CheckConstraint("last_number > 0", name="ck_order_counters_positive"),
    )
    op.create_table(
        "orders", *_owned(),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("status", sa.String(10), nullable=False, server_default="draft"),
        sa.Column("title", sa.String(1000), nullable=False),
        sa.Column("preamble", sa.Text(), nullable=False),
        sa.Column("items", postgresql.JSONB(), nullable=False),
        sa.Column("appendix", sa.Text(), nullable=True),
        sa.Column("refs", postgresql.JSONB(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("created_by_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("seq", sa.Integer(), nullable=True),
        sa.Column("number", sa.String(60), nullable=True),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("signed_by_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("signed_by_name", sa.String(310), nullable=True),
        _of_org("orders"),
        sa.UniqueConstraint("id", "org_id", name="uq_orders_id_org"),
        sa.UniqueConstraint("org_id", "year", "seq", name="uq_orders_org_year_seq"),
        sa.CheckConstraint(f"kind IN ({KINDS})", name="ck_orders_kind"),
        sa.CheckConstraint("status IN ('draft', 'signed')", name="ck_orders_status"),
        sa.CheckConstraint("(status = 'signed') = (seq IS NOT NULL AND number IS NOT NULL AND signed_on IS NOT NULL "
                           "AND signed_at IS NOT NULL AND year IS NOT NULL)", name="ck_orders_signed"),
    )
    # The registry: newest first, by status; the director's queue is the drafts.
    op.execute("CREATE INDEX ix_orders_org_created ON orders (org_id, created_at, id)")
    op.execute("CREATE INDEX ix_orders_org_status_created ON orders (org_id, status, created_at, id)")
    op.create_table(
        "order_people", *_owned(),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("teacher_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(310), nullable=False),
        sa.Column("position", sa.String(200), nullable=True),
        sa.Column("place", sa.Integer(), nullable=False),
        _of_org("order_people"), _of_order("order_people"),
        sa.ForeignKeyConstraint(["teacher_id", "org_id"], ["teachers.id", "teachers.org_id"],
                                name="fk_order_people_teacher"),
        sa.UniqueConstraint("org_id", "order_id", "teacher_id", name="uq_order_people_person"),
    )
    # A person's orders to acknowledge.
    op.execute("CREATE INDEX ix_order_people_teacher ON order_people (org_id, teacher_id, order_id)")
    op.create_table(
        "order_acknowledgements", *_owned(),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("teacher_id", sa.Uuid(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("by_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=True),
        _of_org("order_acknowledgements"), _of_order("order_acknowledgements"),
        sa.ForeignKeyConstraint(["org_id", "order_id", "teacher_id"],
                                ["order_people.org_id", "order_people.order_id", "order_people.teacher_id"],
                                name="fk_order_acknowledgements_person"),
        sa.UniqueConstraint("org_id", "order_id", "teacher_id", name="uq_order_acknowledgements_person"),
    )
    op.create_table(
        "order_scans", *_owned(),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("media_type", sa.String(40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("uploaded_by_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=True),
        _of_org("order_scans"), _of_order("order_scans"),
    )
    op.execute("CREATE INDEX ix_order_scans_order ON order_scans (org_id, order_id, uploaded_at)")

    # A signed order is never edited, only changed by a new order: refused by the database for every role.
    op.execute("""
        CREATE FUNCTION orders_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF OLD.status = 'signed' THEN
                RAISE EXCEPTION 'a signed order is frozen' USING ERRCODE = 'check_violation';
            END IF;
            RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END $$""")
    op.execute("CREATE TRIGGER orders_frozen BEFORE UPDATE OR DELETE ON orders FOR EACH ROW "
               "EXECUTE FUNCTION orders_frozen()")
    op.execute("""
        CREATE FUNCTION order_people_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            target uuid := CASE WHEN TG_OP = 'INSERT' THEN NEW.order_id ELSE OLD.order_id END;
        BEGIN
            IF EXISTS (SELECT 1 FROM orders WHERE id = target AND status = 'signed') THEN
                RAISE EXCEPTION 'the people of a signed order are frozen' USING ERRCODE = 'check_violation';
            END IF;
            RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END $$""")
    op.execute("CREATE TRIGGER order_people_frozen BEFORE INSERT OR UPDATE OR DELETE ON order_people "
               "FOR EACH ROW EXECUTE FUNCTION order_people_frozen()")

    for table in TABLES:
        for statement in org_owned(table):
            op.execute(statement)


def downgrade():
    for table in reversed(TABLES):
        op.drop_table(table)
    op.execute("DROP FUNCTION orders_frozen()")
    op.execute("DROP FUNCTION order_people_frozen()")
