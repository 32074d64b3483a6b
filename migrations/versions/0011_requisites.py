"""the school's requisites, as its documents print them; only the school itself writes them

- ``organizations``: address, locality («г. Щёкино Тульской области», under the date line of the
  seed's order), INN and OGRN (digits, checked by the service; a CHECK keeps the format), phone,
  e-mail, the documents' font and size (10..16 pt; Times New Roman 14 when unset). All nullable.
- ``organizations_update_in_scope``: a RESTRICTIVE policy on UPDATE. The directory's policy let an
  organization's scope update every organization of its municipality; now an organization's scope
  updates its own row, or, for an education department, the organizations of its municipality (the
  founder edits names and archives). Scopes without an organization (provisioning, a person's own)
  are held to the policy as before.
- ``organizations_requisites_own_scope``: the requisites of a row change only in that organization's
  own scope (its director or school admin, app/orgs/requisites.py), never the department's nor
  another school's; a trigger, since a policy cannot tell which columns an UPDATE changes.
- The app role's UPDATE on organizations is limited to the columns the app writes
  (tenants/provisioning.py UPDATABLE_COLUMNS): never id, municipality, kind or slug.

Revision ID: 0011_requisites
Revises: 0010_teachers
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

from tenants.policies import CURRENT_ORG

revision = "0011_requisites"
down_revision = "0010_teachers"
branch_labels = None
depends_on = None

REQUISITES = ("address", "locality", "inn", "ogrn", "phone", "email", "document_font", "document_font_size")

# The municipality whose education department is the current organization (one primary-key lookup),
# NULL in any other scope. A PL/pgSQL function: a subquery on organizations inside a policy of
# organizations would recurse; the function's own query is planned apart, under the SELECT policy.
DEPARTMENT_MUNICIPALITY = f"""
CREATE FUNCTION department_scope_municipality() RETURNS uuid
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (SELECT d.municipality_id FROM organizations d WHERE d.id = {CURRENT_ORG} AND d.kind = 'municipal');
END
$$
"""
UPDATE_IN_SCOPE = (f"CASE WHEN {CURRENT_ORG} IS NULL THEN true "
                   f"ELSE id = {CURRENT_ORG} OR municipality_id = department_scope_municipality() END")

REQUISITES_OWN_SCOPE = f"""
CREATE FUNCTION organizations_requisites_own_scope() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id IS DISTINCT FROM {CURRENT_ORG} THEN
    RAISE EXCEPTION 'the requisites of an organization change only in its own scope'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$
"""


def upgrade():
    op.add_column("organizations", sa.Column("address", sa.String(500), nullable=True))
    op.add_column("organizations", sa.Column("locality", sa.String(200), nullable=True))
    op.add_column("organizations", sa.Column("inn", sa.String(10), nullable=True))
    op.add_column("organizations", sa.Column("ogrn", sa.String(13), nullable=True))
    op.add_column("organizations", sa.Column("phone", sa.String(50), nullable=True))
    op.add_column("organizations", sa.Column("email", sa.String(254), nullable=True))
    op.add_column("organizations", sa.Column("document_font", sa.String(100), nullable=True))
    op.add_column("organizations", sa.Column("document_font_size", sa.SmallInteger(), nullable=True))
    op.create_check_constraint("ck_organizations_inn", "organizations", "inn ~ '^[0-9]{10}$'")
    op.create_check_constraint("ck_organizations_ogrn", "organizations", "ogrn ~ '^[0-9]{13}$'")
    op.create_check_constraint("ck_organizations_document_font_size", "organizations",
                               "document_font_size BETWEEN 10 AND 16")
    op.execute(DEPARTMENT_MUNICIPALITY)
    op.execute("REVOKE ALL ON FUNCTION department_scope_municipality() FROM PUBLIC")
    op.execute(f"CREATE POLICY organizations_update_in_scope ON organizations AS RESTRICTIVE FOR UPDATE "
               f"USING ({UPDATE_IN_SCOPE}) WITH CHECK ({UPDATE_IN_SCOPE})")
    op.execute(REQUISITES_OWN_SCOPE)
    changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in REQUISITES)
    op.execute(f"CREATE TRIGGER organizations_requisites_own_scope BEFORE UPDATE OF {', '.join(REQUISITES)} "
               f"ON organizations FOR EACH ROW WHEN ({changed}) "
               "EXECUTE FUNCTION organizations_requisites_own_scope()")


def downgrade():
    op.execute("DROP TRIGGER organizations_requisites_own_scope ON organizations")
    op.execute("DROP FUNCTION organizations_requisites_own_scope()")
    op.execute("DROP POLICY organizations_update_in_scope ON organizations")
    op.execute("DROP FUNCTION department_scope_municipality()")
    for name in ("document_font_size", "ogrn", "inn"):
        op.drop_constraint(f"ck_organizations_{name}", "organizations", type_="check")
    for column in reversed(REQUISITES):
        op.drop_column("organizations", column)
