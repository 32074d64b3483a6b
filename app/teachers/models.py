"""Teacher records of a school and the municipality's rule of the young specialist (DESIGN.md §4)."""
from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import (ARRAY, Boolean, CheckConstraint, Date, DateTime, Enum, ForeignKey, ForeignKeyConstraint,
                        Index, Integer, String, Uuid, event, text)
from sqlalchemy.orm import Mapped, mapped_column

from app.core.extensions import db
from app.core.models import IdMixin, OrgOwned, TimestampMixin, utcnow
from tenants.orm import when_set
from tenants.scope import TenantScope, TenantScopeMissing


class Category(str, enum.Enum):
    """The qualification category of a pedagogical worker."""

    none = "none"                # без категории
    conformity = "conformity"    # соответствие занимаемой должности
    first = "first"              # первая
    highest = "highest"          # высшая


class Teacher(IdMixin, TimestampMixin, OrgOwned, db.Model):
    """One person working in one school, known to the school before (or without) any account: the
    registry of Положение 3.4. A teacher who left stays (``is_active`` False since ``left_at``); the app
    never deletes a record. Each participant of a later pair is a teacher record of its own school, so a
    pair across schools joins records of several organizations (DESIGN.md §2)."""

    __tablename__ = "teachers"
    __table_args__ = (
        ForeignKeyConstraint(["org_id", "municipality_id"], ["organizations.id", "organizations.municipality_id"],
                             name="fk_teachers_org_municipality"),
        # Target of the composite foreign keys of the rows about a teacher (consents, bank entries).
        db.UniqueConstraint("id", "org_id", name="uq_teachers_id_org"),
        CheckConstraint("(left_at IS NULL) = is_active", name="ck_teachers_left"),
        # The registry's order and its keyset pages: active first, then by name.
        Index("ix_teachers_org_order", "org_id", text("(NOT is_active)"), "sort_name", "id"),
        # One record per account and per e-mail in a school; the import matches on the e-mail first.
        Index("uq_teachers_org_user", "org_id", "user_id", unique=True, postgresql_where=text("user_id IS NOT NULL")),
        Index("uq_teachers_org_email", "org_id", text("lower(email)"), unique=True,
              postgresql_where=text("email IS NOT NULL")),
        # The import's second key: full name and birth date.
        Index("ix_teachers_org_name_birth", "org_id", "sort_name", "birth_date"),
    )

    user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    last_name: Mapped[str] = mapped_column(String(100))
    first_name: Mapped[str] = mapped_column(String(100))
    middle_name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    # name_key of the full name (lower case, ё as е, compared byte-wise): the registry's order.
    sort_name: Mapped[str] = mapped_column(String(310, collation="C"))
    position: Mapped[str | None] = mapped_column(String(200), nullable=True)
    subjects: Mapped[list[str]] = mapped_column(ARRAY(String(100)), default=list)
    category: Mapped[Category] = mapped_column(Enum(Category, name="qualification_category", native_enum=False,
                                                    length=20), default=Category.none)
    # Pedagogical experience as the date it started (a number of years given on a form or in a file is
    # turned into a date on entry, so the figure stays true as years pass).
    experience_since: Mapped[date | None] = mapped_column(Date, nullable=True)
    hired_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(40), nullable=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    left_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.middle_name) if part)

    @property
    def short_name(self) -> str:
        """«Шишкина Е.А.»: how a document names a person after the first mention."""
        initials = "".join(f"{part[0]}." for part in (self.first_name, self.middle_name) if part)
        return f"{self.last_name}\u00a0{initials}" if initials else self.last_name


def teacher_name_key(last_name: str, first_name: str, middle_name: str | None) -> str:
    """The registry's sort key: the same rule as the staff list's (app/orgs/models.py name_key)."""
    full = " ".join(part for part in (last_name, first_name, middle_name) if part)
    return full.replace("ё", "е").replace("Ё", "Е").lower()


@event.listens_for(Teacher, "before_insert")
@event.listens_for(Teacher, "before_update")
def _sort_name(mapper, connection, teacher: Teacher) -> None:
    teacher.sort_name = teacher_name_key(teacher.last_name, teacher.first_name, teacher.middle_name)


class MentoringRules(db.Model):
    """A municipality's settings of the mentoring cycle; the young-specialist rule first (DESIGN.md §4:
    under 35 and 0–3 years of pedagogical experience by default). A municipality without a row uses the
    defaults. Written by the education department only (the RLS policy checks the organization's kind)."""

    __tablename__ = "mentoring_rules"

    municipality_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("municipalities.id"), primary_key=True)
    young_max_age: Mapped[int] = mapped_column(Integer, default=35)
    young_max_experience_years: Mapped[int] = mapped_column(Integer, default=3)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)

    __table_args__ = (
        CheckConstraint("young_max_age BETWEEN 18 AND 70", name="ck_mentoring_rules_age"),
        CheckConstraint("young_max_experience_years BETWEEN 0 AND 15", name="ck_mentoring_rules_experience"),
    )

    @classmethod
    def __tenant_criteria__(cls, scope: TenantScope):
        return when_set((scope.municipality_id, lambda municipality: cls.municipality_id == municipality))

    @staticmethod
    def __tenant_stamp__(obj: "MentoringRules", scope: TenantScope) -> None:
        if scope.municipality_id is None or obj.municipality_id not in (None, scope.municipality_id):
            raise TenantScopeMissing("the mentoring rules are written inside the current municipality only")
        obj.municipality_id = scope.municipality_id
