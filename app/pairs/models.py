"""Pairs and groups, their participants and the history of their states (Положение 2.3, 6, 7.1).

A pair belongs to the school that formed it; each participant carries their own organization and
teacher record, so a pair across schools or with a partner's mentor (DESIGN.md §2, §5) adds the
organizations that take part without rewriting these tables."""
from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import (Date, DateTime, Enum, ForeignKey, ForeignKeyConstraint, Index, String, Uuid,
                        text)
from sqlalchemy.orm import Mapped, mapped_column

from app.core.extensions import db
from app.core.models import IdMixin, OrgOwned, utcnow


def _enum(kind, name: str, length: int = 20):
    return Enum(kind, name=name, native_enum=False, length=length, create_constraint=False)


class PairKind(str, enum.Enum):
    pair = "pair"    # one mentor, one mentee
    group = "group"  # one mentor, several mentees (Положение 2.3 «наставничество в группе»)


class PairStatus(str, enum.Enum):
    """The lifecycle (issue 8; Положение 6.1, 6.2, 3.3, 7.1)."""

    draft = "draft"                          # proposed by the curator; the participants are asked
    declined = "declined"                    # a participant declined (Положение 1.3.5): kept, not proposed again
    agreed = "agreed"                        # every participant accepted (Положение 6.2: «на добровольной основе»)
    consents_complete = "consents_complete"  # the pair-duties consents and the mentor's written consent stand
    active = "active"                        # its order is signed (Положение 6.2: «утверждаются приказом»)
    completed = "completed"                  # the plan fulfilled (Положение 7.1)
    ended_early = "ended_early"              # ended before its term with a reason of Положение 7.1


OPEN_STATUSES = (PairStatus.draft, PairStatus.agreed, PairStatus.consents_complete, PairStatus.active)
ENDED_STATUSES = (PairStatus.declined, PairStatus.completed, PairStatus.ended_early)


class EndReason(str, enum.Enum):
    """Положение 7.1: why a programme ends."""

    plan_completed = "plan_completed"              # the plan fulfilled in full
    mentor_initiative = "mentor_initiative"        # the mentor's initiative, for valid reasons
    mentee_initiative = "mentee_initiative"        # the mentee's initiative, for valid reasons
    mutual = "mutual"                              # both sides' decision, for valid reasons
    curator_improper = "curator_improper"          # the curator's: improper execution of the programme
    curator_force_majeure = "curator_force_majeure"  # the curator's: force majeure


class ParticipantRole(str, enum.Enum):
    mentor = "mentor"
    mentee = "mentee"


class Response(str, enum.Enum):
    """A participant's answer to the proposal (Положение 1.3.5, 6.1: voluntariness)."""

    pending = "pending"
    accepted = "accepted"
    declined = "declined"


class Pair(IdMixin, OrgOwned, db.Model):
    __tablename__ = "pairs"
    __table_args__ = (
        ForeignKeyConstraint(["org_id", "municipality_id"], ["organizations.id", "organizations.municipality_id"],
                             name="fk_pairs_org_municipality"),
        db.UniqueConstraint("id", "org_id", name="uq_pairs_id_org"),
        # The school's list of pairs: open first, newest first.
        Index("ix_pairs_org_status_created", "org_id", "status", "created_at", "id"),
        # The unfiltered list, newest first (0017_pairs_rules).
        Index("ix_pairs_org_created", "org_id", "created_at", "id"),
    )

    kind: Mapped[PairKind] = mapped_column(_enum(PairKind, "pair_kind", 10))
    # A code of the forms dictionary (app/banks/dictionary.py; Положение 2.3).
    form_code: Mapped[str] = mapped_column(String(40))
    status: Mapped[PairStatus] = mapped_column(_enum(PairStatus, "pair_status"), default=PairStatus.draft)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    agreed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    consents_complete_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # The order that approved the pair (app/orders); the pair is active only once it is signed.
    order_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    activated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    end_reason: Mapped[EndReason | None] = mapped_column(_enum(EndReason, "pair_end_reason", 30), nullable=True)
    end_note: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    end_order_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)


class PairParticipant(IdMixin, OrgOwned, db.Model):
    """A mentor or a mentee of a pair, with their own organization and teacher record. A replaced mentor
    keeps their row (``left_at``): the pair's history is never rewritten."""

    __tablename__ = "pair_participants"
    __table_args__ = (
        ForeignKeyConstraint(["org_id", "municipality_id"], ["organizations.id", "organizations.municipality_id"],
                             name="fk_pair_participants_org_municipality"),
        ForeignKeyConstraint(["teacher_id", "org_id"], ["teachers.id", "teachers.org_id"],
                             name="fk_pair_participants_teacher"),
        ForeignKeyConstraint(["pair_id", "pair_org_id"], ["pairs.id", "pairs.org_id"], name="fk_pair_participants_pair"),
        # One current mentor per pair; nobody twice in the same pair at once.
        Index("uq_pair_participants_mentor", "pair_id", unique=True,
              postgresql_where=text("role = 'mentor' AND left_at IS NULL")),
        Index("uq_pair_participants_person", "pair_id", "teacher_id", unique=True,
              postgresql_where=text("left_at IS NULL")),
        # A person's pairs (their own pages; one active one-to-one pair per mentee).
        Index("ix_pair_participants_teacher", "org_id", "teacher_id", "role"),
        # A page of pairs reads its participants in one statement (0017_pairs_rules).
        Index("ix_pair_participants_pair", "org_id", "pair_id"),
    )

    pair_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    # The school that owns the pair (equal to org_id within one school; a network pair differs).
    pair_org_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    teacher_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    role: Mapped[ParticipantRole] = mapped_column(_enum(ParticipantRole, "pair_participant_role", 10))
    response: Mapped[Response] = mapped_column(_enum(Response, "pair_response", 10), default=Response.pending)
    responded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    decline_reason: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    # An answer given on paper: the day the statement was signed and who recorded it (0021_paper_answers).
    paper_answer_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    paper_answer_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    left_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class PairTransition(IdMixin, OrgOwned, db.Model):
    """Who moved a pair from one state to another, when and why. Append-only."""

    __tablename__ = "pair_transitions"
    __table_args__ = (
        ForeignKeyConstraint(["pair_id", "org_id"], ["pairs.id", "pairs.org_id"], name="fk_pair_transitions_pair"),
        Index("ix_pair_transitions_pair", "org_id", "pair_id", "at"),
    )

    pair_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    from_status: Mapped[str | None] = mapped_column(String(20), nullable=True)
    to_status: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    reason: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    # The order under which it happened (activation, end, a replaced mentor; 0017_pairs_rules).
    order_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
