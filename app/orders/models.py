"""The director's orders (приказы; the seed's order № 13 – А as the model): the registry, the people each
order names, their acknowledgements, the scans of signed originals (migration 0017_orders)."""
from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import Date, DateTime, Enum, ForeignKey, ForeignKeyConstraint, Integer, LargeBinary, String, Text, Uuid
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, deferred, mapped_column

from app.core.extensions import db
from app.core.models import IdMixin, OrgOwned, utcnow

DEFAULT_NUMBER_FORMAT = "{n} – А"  # the seed's «№ 13 – А»


def _enum(kind, name: str, length: int = 20):
    return Enum(kind, name=name, native_enum=False, length=length, create_constraint=False)


class OrderKind(str, enum.Enum):
    regulations = "regulations"        # the Положение and the roadmap (the seed's order itself)
    curator = "curator"                # appointment of the curator (the seed's item 3; Положение 3.5)
    mentor_bank = "mentor_bank"        # approval of the mentor bank: appointment of mentors (Положение 3.2)
    pairs = "pairs"                    # assignment of pairs and groups (Положение 3.3, 6.2)
    replace_mentor = "replace_mentor"  # replacement of the mentor
    extension = "extension"            # extension of a programme's term
    release = "release"                # release of a mentor from the duties (Положение 4.1)
    completion = "completion"          # completion of the programme (Положение 7.1)
    early_end = "early_end"            # early end with a reason of Положение 7.1


class OrderStatus(str, enum.Enum):
    draft = "draft"
    signed = "signed"


class OrderSettings(IdMixin, OrgOwned, db.Model):
    __tablename__ = "order_settings"

    number_format: Mapped[str] = mapped_column(String(40), default=DEFAULT_NUMBER_FORMAT)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)


class OrderCounter(IdMixin, OrgOwned, db.Model):
    __tablename__ = "order_counters"
    __table_args__ = (db.UniqueConstraint("org_id", "year", name="uq_order_counters_org_year"),)

    year: Mapped[int] = mapped_column(Integer)
    last_number: Mapped[int] = mapped_column(Integer)


class Order(IdMixin, OrgOwned, db.Model):
    __tablename__ = "orders"
    __table_args__ = (
        db.UniqueConstraint("id", "org_id", name="uq_orders_id_org"),
        db.UniqueConstraint("org_id", "year", "seq", name="uq_orders_org_year_seq"),
    )

    kind: Mapped[OrderKind] = mapped_column(_enum(OrderKind, "order_kind"))
    status: Mapped[OrderStatus] = mapped_column(_enum(OrderStatus, "order_status", 10), default=OrderStatus.draft)
    title: Mapped[str] = mapped_column(String(1000))
    preamble: Mapped[str] = mapped_column(Text)
    # [{"lead": "Утвердить", "text": "…"}]: the numbered items, the lead word in bold.
    items: Mapped[list] = mapped_column(JSONB)
    appendix: Mapped[str | None] = mapped_column(Text, nullable=True)
    # What the order acts on: {"mentor_entries": [...], "pairs": [...], "pair": ..., "teacher": ...}.
    refs: Mapped[dict] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    seq: Mapped[int | None] = mapped_column(Integer, nullable=True)
    number: Mapped[str | None] = mapped_column(String(60), nullable=True)
    signed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    signed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    signed_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    signed_by_name: Mapped[str | None] = mapped_column(String(310), nullable=True)

    @property
    def is_signed(self) -> bool:
        return self.status == OrderStatus.signed


class OrderPerson(IdMixin, OrgOwned, db.Model):
    """A person the order names: a line of «С приказом ознакомлены:»."""

    __tablename__ = "order_people"
    __table_args__ = (
        ForeignKeyConstraint(["order_id", "org_id"], ["orders.id", "orders.org_id"], name="fk_order_people_order"),
        ForeignKeyConstraint(["teacher_id", "org_id"], ["teachers.id", "teachers.org_id"],
                             name="fk_order_people_teacher"),
        db.UniqueConstraint("org_id", "order_id", "teacher_id", name="uq_order_people_person"),
    )

    order_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    teacher_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    name: Mapped[str] = mapped_column(String(310))
    position: Mapped[str | None] = mapped_column(String(200), nullable=True)
    place: Mapped[int] = mapped_column(Integer)


class Acknowledgement(IdMixin, OrgOwned, db.Model):
    """A person's acknowledgement of a signed order, in the app, with its time. Append-only."""

    __tablename__ = "order_acknowledgements"
    __table_args__ = (
        ForeignKeyConstraint(["order_id", "org_id"], ["orders.id", "orders.org_id"],
                             name="fk_order_acknowledgements_order"),
        db.UniqueConstraint("org_id", "order_id", "teacher_id", name="uq_order_acknowledgements_person"),
    )

    order_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    teacher_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)


class OrderScan(IdMixin, OrgOwned, db.Model):
    """The scan of a signed order's paper original. Append-only."""

    __tablename__ = "order_scans"
    __table_args__ = (
        ForeignKeyConstraint(["order_id", "org_id"], ["orders.id", "orders.org_id"], name="fk_order_scans_order"),
    )

    order_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    uploaded_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
