"""A region's worth of data for the benchmarks: set-based SQL, not the ORM row by row.

    .venv/bin/python -m tests.benchmarks.region [--municipalities 25] [--schools 60] [--teachers 100000]
        [--big-school 2513] [--sessions 1.5] [--events 2022045] [--big-school-events 200000] [--keep]

Defaults are the region of the speed issue: 25 municipalities, 1,575 organizations (per municipality
an education department, 60 schools, 2 partners), about 100,500 people, 1.5 sessions a person and
2 million audit events, a teacher record per member but the system administrator (a tenth young specialists)
and about three consents per record, and the banks of mentors and mentees (about 30,000 entries: a mentor's
questionnaire for one in five experienced teachers, the requests of every young specialist, their statuses,
support and reviews); the demo school «Средняя школа №11» is the big one (2,513 members, 200,000
events), so the demo logins (README) sign in to it. Uses the database of the tests (DATABASE_URL,
DATABASE_OWNER_URL, TEST_DATABASE_ADMIN_URL; else an embedded PostgreSQL) and, unless --keep,
DROPS its schema first. The rows are written through a superuser connection (row-level security
does not apply to it); the schema comes from the real migrations and the demo data from the demo seed.
"""
from __future__ import annotations

import argparse
import contextlib
import time

from sqlalchemy import text

from tests.support import database

# Name parts for plausible Russian names (fictional people).
SURNAMES_M = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов",
              "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров",
              "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин"]
FIRST_M = ["Александр", "Дмитрий", "Максим", "Сергей", "Андрей", "Алексей", "Артём", "Илья", "Кирилл",
           "Михаил", "Никита", "Матвей", "Роман", "Егор", "Арсений", "Иван"]
FIRST_F = ["Анна", "Мария", "Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Светлана", "Екатерина",
           "Юлия", "Анастасия", "Дарья", "Людмила", "Галина", "Марина", "Виктория"]
PATRONYMIC_ROOTS = ["Александров", "Дмитриев", "Сергеев", "Андреев", "Алексеев", "Михайлов", "Иванов",
                    "Петров", "Николаев", "Викторов", "Олегов", "Юрьев"]

STEPS = []


def step(label: str):
    def wrap(func):
        STEPS.append((label, func))
        return func
    return wrap


def _array(values: list[str]) -> str:
    return "ARRAY[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


@step("municipalities")
def municipalities(conn, args) -> None:
    conn.execute(text("""
        INSERT INTO municipalities (id, name, slug, created_at)
        SELECT gen_random_uuid(), 'Муниципальный округ № ' || m, 'mun-' || lpad(m::text, 3, '0'), now()
        FROM generate_series(1, :n) m"""), {"n": args.municipalities - 1})


@step("organizations")
def organizations(conn, args) -> None:
    conn.execute(text("""
        CREATE TEMP TABLE gen_mun AS
        SELECT id, slug, row_number() OVER (ORDER BY slug) AS n FROM municipalities WHERE slug LIKE 'mun-%'"""))
    # The department, the schools and two partners of every generated municipality.
    conn.execute(text("""
        INSERT INTO organizations (id, municipality_id, kind, partner_kind, name, short_name, slug, is_active,
                                   created_at)
        SELECT gen_random_uuid(), m.id, 'municipal', NULL, 'Управление образования округа № ' || m.n,
               'Управление образования', m.slug || '-uo', true, now() FROM gen_mun m
        UNION ALL
        SELECT gen_random_uuid(), m.id, 'school', NULL,
               'Муниципальное бюджетное общеобразовательное учреждение «Средняя школа №' || s || '»',
               'МБОУ «Средняя школа №' || s || '»', m.slug || '-s' || s, true, now()
        FROM gen_mun m, generate_series(1, :schools) s
        UNION ALL
        SELECT gen_random_uuid(), m.id, 'partner', CASE p WHEN 1 THEN 'university' ELSE 'college' END,
               CASE p WHEN 1 THEN 'Педагогический университет ' ELSE 'Педагогический колледж ' END || m.n,
               CASE p WHEN 1 THEN 'Педуниверситет ' ELSE 'Педколледж ' END || m.n, m.slug || '-p' || p, true, now()
        FROM gen_mun m, generate_series(1, 2) p"""), {"schools": args.schools})
    # The demo municipality gets schools up to the same count (it has three of its own).
    conn.execute(text("""
        INSERT INTO organizations (id, municipality_id, kind, partner_kind, name, short_name, slug, is_active,
                                   created_at)
        SELECT gen_random_uuid(), m.id, 'school', NULL,
               'Муниципальное бюджетное общеобразовательное учреждение «Средняя школа №' || s || '»',
               'МБОУ «Средняя школа №' || s || '»', 'shchekino-s' || s, true, now()
        FROM municipalities m, generate_series(100, 99 + :more) s WHERE m.slug = 'shchekino'"""),
                 {"more": args.schools - 3})


@step("people and memberships")
def people(conn, args) -> None:
    schools = args.municipalities * args.schools - 1
    average = max((args.teachers - args.big_school) // schools, 8)
    # Members per school: deterministic, between 40% and 160% of the average; the big school apart.
    conn.execute(text("""
        CREATE TEMP TABLE gen_school AS
        SELECT o.id AS org_id, o.municipality_id, o.slug,
               CASE WHEN o.slug = 'school11' THEN :big - (SELECT count(*) FROM memberships mm WHERE mm.org_id = o.id)
                    ELSE greatest(6, (:avg * (0.4 + (abs(hashtext(o.slug)) % 1000) / 833.0))::int) END AS members,
               CASE WHEN o.slug = 'school11' THEN 5 ELSE 1 END AS first_k
        FROM organizations o WHERE o.kind = 'school' AND o.slug NOT IN ('school1', 'school5')"""),
                 {"big": args.big_school, "avg": average})
    conn.execute(text("""
        CREATE TEMP TABLE gen_people AS
        SELECT gen_random_uuid() AS user_id, s.org_id, s.municipality_id, s.slug, k,
               CASE k WHEN 1 THEN ARRAY['director'] WHEN 2 THEN ARRAY['curator'] WHEN 3 THEN ARRAY['school_admin']
                      WHEN 4 THEN ARRAY['methodist', 'teacher'] ELSE ARRAY['teacher'] END::varchar(32)[] AS roles
        FROM gen_school s, generate_series(s.first_k, s.first_k + s.members - 1) k"""))
    conn.execute(text("CREATE INDEX ON gen_people (org_id, k)"))
    password_hash = conn.execute(text(
        "SELECT password_hash FROM users WHERE email = 'mentor@school11.demo'")).scalar_one()
    conn.execute(text(f"""
        INSERT INTO users (id, email, full_name, password_hash, password_changed_at, is_platform_admin, is_active,
                           created_at)
        SELECT p.user_id, 't' || p.k || '@' || p.slug || '.region.test',
               CASE WHEN p.k % 2 = 0 THEN
                   ({_array(SURNAMES_M)})[1 + (p.k * 7 + abs(hashtext(p.slug))) % {len(SURNAMES_M)}] || 'а ' ||
                   ({_array(FIRST_F)})[1 + (p.k * 3) % {len(FIRST_F)}] || ' ' ||
                   ({_array(PATRONYMIC_ROOTS)})[1 + (p.k * 5) % {len(PATRONYMIC_ROOTS)}] || 'на'
               ELSE
                   ({_array(SURNAMES_M)})[1 + (p.k * 7 + abs(hashtext(p.slug))) % {len(SURNAMES_M)}] || ' ' ||
                   ({_array(FIRST_M)})[1 + (p.k * 3) % {len(FIRST_M)}] || ' ' ||
                   ({_array(PATRONYMIC_ROOTS)})[1 + (p.k * 5) % {len(PATRONYMIC_ROOTS)}] || 'ич'
               END,
               :hash, now(), false, true, now() - (p.k % 900) * interval '1 day'
        FROM gen_people p"""), {"hash": password_hash})
    conn.execute(text("""
        INSERT INTO memberships (id, municipality_id, org_id, user_id, roles, is_active, sort_name, created_at)
        SELECT gen_random_uuid(), p.municipality_id, p.org_id, p.user_id, p.roles, p.k % 50 <> 0,
               lower(replace(replace(u.full_name, 'ё', 'е'), 'Ё', 'Е')), now()
        FROM gen_people p JOIN users u ON u.id = p.user_id"""))
    # What the memberships' trigger keeps (skipped in this bulk load): each school's count of heads.
    conn.execute(text("""
        UPDATE organizations o SET active_heads = h.n
        FROM (SELECT org_id, count(*) AS n FROM memberships WHERE is_active AND 'director' = ANY(roles)
              GROUP BY org_id) h
        WHERE h.org_id = o.id AND o.kind = 'school'"""))


@step("sessions")
def sessions(conn, args) -> None:
    # One session a person, and a second one for a share of them: args.sessions a person on average.
    conn.execute(text("""
        INSERT INTO user_sessions (id, user_id, created_at, last_seen_at, revoked_at, ip, user_agent, current_org_id)
        SELECT encode(sha256((gen_random_uuid()::text)::bytea), 'hex'), p.user_id,
               now() - (p.k % 48) * interval '1 hour', now() - (p.k % 60) * interval '1 minute',
               CASE WHEN n = 2 THEN now() - interval '1 day' END, '10.' || (p.k % 250) || '.0.1',
               'Mozilla/5.0 (Windows NT 10.0; Win64; x64)', p.org_id
        FROM gen_people p, generate_series(1, 2) n
        WHERE n = 1 OR abs(hashtext(p.user_id::text)) % 100 < :second"""),
                 {"second": int(round((args.sessions - 1) * 100))})


@step("audit events")
def audit_events(conn, args) -> None:
    others = args.events - args.big_school_events
    total_members = conn.execute(text("SELECT sum(members) FROM gen_school WHERE slug <> 'school11'")).scalar_one()
    conn.execute(text("""
        INSERT INTO audit_events (at, municipality_id, org_id, actor_id, actor_name, object_name, action,
                                  object_type, object_id, ip, details)
        SELECT now() - ((g * 7919) % 31536000) * interval '1 second', s.municipality_id, s.org_id, p.user_id,
               'Сотрудник ' || p.k, 'Педагог ' || (g % 997),
               (ARRAY['view', 'invite', 'change_roles', 'deactivate', 'reactivate', 'accept_invitation'])[1 + g % 6],
               (ARRAY['membership', 'invitation', 'membership', 'membership', 'membership', 'membership'])[1 + g % 6],
               p.user_id::text, '10.0.0.' || (g % 250), '{}'
        FROM gen_school s
        CROSS JOIN LATERAL generate_series(1, CASE WHEN s.slug = 'school11' THEN :big
                                                   ELSE (s.members::bigint * :others / :total)::int END) g
        JOIN gen_people p ON p.org_id = s.org_id AND p.k = s.first_k + (g % s.members)"""),
                 {"big": args.big_school_events, "others": others, "total": total_members})


SUBJECTS = ["Русский язык", "Литература", "Математика", "Информатика", "История", "Обществознание",
            "Английский язык", "Биология", "Химия", "Физика", "География", "Начальные классы",
            "Физическая культура", "Музыка", "Технология"]


@step("teacher records")
def teacher_records(conn, args) -> None:
    # Every member but the system administrator is a teacher record of the school, linked to the account;
    # one in ten is a young specialist (under 35, up to 3 years of experience).
    conn.execute(text(f"""
        INSERT INTO teachers (id, municipality_id, org_id, user_id, last_name, first_name, middle_name, sort_name,
                              position, subjects, category, experience_since, hired_on, birth_date, email,
                              is_active, left_at, created_at, updated_at)
        SELECT gen_random_uuid(), p.municipality_id, p.org_id, p.user_id, split_part(u.full_name, ' ', 1),
               split_part(u.full_name, ' ', 2), split_part(u.full_name, ' ', 3),
               lower(replace(replace(u.full_name, 'ё', 'е'), 'Ё', 'Е')),
               CASE WHEN p.k = 1 THEN 'Директор' WHEN p.k = 2 THEN 'Заместитель директора' ELSE 'Учитель' END,
               ARRAY[({_array(SUBJECTS)})[1 + p.k % {len(SUBJECTS)}]]::varchar(100)[],
               (ARRAY['none', 'conformity', 'first', 'highest'])[1 + p.k % 4],
               CASE WHEN p.k % 10 = 0 THEN current_date - (p.k % 1000) * interval '1 day'
                    ELSE current_date - (6 + p.k % 30) * interval '1 year' END,
               current_date - (p.k % 3000) * interval '1 day',
               CASE WHEN p.k % 10 = 0 THEN current_date - (23 + p.k % 10) * interval '1 year'
                    ELSE current_date - (36 + p.k % 25) * interval '1 year' END,
               u.email, p.k % 50 <> 0, CASE WHEN p.k % 50 = 0 THEN now() END, now(), now()
        FROM gen_people p JOIN users u ON u.id = p.user_id
        WHERE p.k <> 3"""))


@step("consents")
def consents(conn, args) -> None:
    # Version 1 of every purpose's text in every school, then about three consents a teacher: processing
    # for nine in ten (one in forty of them withdrawn and destroyed), transfers to the department and to
    # a partner, dissemination for two in three, the mentor's consent for one in five, pair duties for half.
    conn.execute(text("""
        INSERT INTO consent_texts (id, municipality_id, org_id, purpose, version, title, body, created_at)
        SELECT gen_random_uuid(), s.municipality_id, s.org_id, p, 1, 'Согласие (' || p || ')',
               'Текст согласия, версия 1', now() - interval '1 year'
        FROM gen_school s, unnest(ARRAY['processing', 'transfer', 'dissemination', 'mentor_duty', 'pair_duty']) p
        ON CONFLICT DO NOTHING"""))
    conn.execute(text("""
        INSERT INTO consents (id, municipality_id, org_id, teacher_id, purpose, recipient, published_fields,
                              text_id, given_at, channel, client_ip, user_agent, withdrawn_at, withdrawal_channel,
                              destroy_due_on, destroyed_at)
        SELECT gen_random_uuid(), t.municipality_id, t.org_id, t.id, c.purpose, c.recipient,
               CASE WHEN c.purpose = 'dissemination' THEN ARRAY['full_name', 'position']::varchar(40)[]
                    ELSE '{}'::varchar(40)[] END,
               x.id, now() - (t.h % 300) * interval '1 day', 'in_app', '10.0.0.1', 'Mozilla/5.0',
               CASE WHEN w THEN now() - interval '40 days' END, CASE WHEN w THEN 'in_app' END,
               CASE WHEN w THEN current_date - 10 END, CASE WHEN w THEN now() - interval '10 days' END
        FROM (SELECT t.*, abs(hashtext(t.id::text)) AS h FROM teachers t
              -- the demo's teachers keep the consents the demo seed gave them
              WHERE NOT EXISTS (SELECT 1 FROM consents c WHERE c.teacher_id = t.id)) t
        CROSS JOIN LATERAL (VALUES ('processing', NULL, t.h % 10 <> 0),
                                   ('transfer', 'Управление образования', t.h % 2 = 0),
                                   ('transfer', 'Педагогический университет', t.h % 3 = 0),
                                   ('dissemination', NULL, t.h % 3 <> 2),
                                   ('mentor_duty', NULL, t.h % 5 = 0),
                                   ('pair_duty', NULL, t.h % 2 = 1)) c(purpose, recipient, wanted)
        CROSS JOIN LATERAL (SELECT c.purpose = 'processing' AND t.h % 40 = 1 AS w) ww
        JOIN consent_texts x ON x.org_id = t.org_id AND x.purpose = c.purpose AND x.version = 1
        WHERE c.wanted"""))


COMPETENCES = ["subject_content", "teaching_methods", "upbringing", "lesson_organisation", "psychological_support",
               "digital_environment", "parents", "contests_attestation"]
FORMS = ["traditional", "group", "virtual", "short_term", "reverse", "situational", "teacher_teacher"]
BANK_TABLES = ("mentor_entries", "mentee_entries", "bank_status_changes", "mentee_support", "bank_reviews",
               "bank_invitations")


@step("banks")
def banks(conn, args) -> None:
    # The banks of migration 0014 (issue 7), about 30,000 entries in all, on the ledger's hash h of the
    # teacher's id (the consents step's: processing stands for h % 10 <> 0 but the withdrawn h % 40 = 1,
    # the mentor's written consent for h % 5 = 0):
    # - mentor entries for one in five of the experienced teachers (h % 10 IN (3, 5)): questionnaire
    #   content (2 competences, the teacher's subject, 1-2 forms, capacity 1-4); h % 10 = 5 (with the
    #   mentor's consent) mostly approved under a basis and an order, h % 10 = 3 candidates or inactive;
    # - mentee entries for every young specialist (the rule's defaults: under 35, experience ≤ 3 years)
    #   and for new employees (h % 50 = 7), with requests by competence and the four statuses; the
    #   content of those without a standing processing consent destroyed (152-ФЗ ст. 21);
    # - a status change per entry, support for the supported mentees, a yearly review per school, and
    #   the questionnaires sent (answered by the entries, unanswered for h % 10 = 7).
    conn.execute(text("""
        CREATE TEMP TABLE gen_teacher AS
        SELECT t.id, t.municipality_id, t.org_id, t.user_id, t.subjects, t.is_active,
               abs(hashtext(t.id::text)::bigint) AS h,
               (t.birth_date > current_date - interval '35 years'
                AND t.experience_since >= current_date - interval '3 years') AS young
        FROM teachers t
        WHERE NOT EXISTS (SELECT 1 FROM mentor_entries e WHERE e.teacher_id = t.id)
          AND NOT EXISTS (SELECT 1 FROM mentee_entries e WHERE e.teacher_id = t.id)"""))
    conn.execute(text(f"""
        INSERT INTO mentor_entries (id, municipality_id, org_id, teacher_id, status, competences, subjects, topics,
                                    forms, capacity, load, availability, experience, filled_by, filled_by_id,
                                    submitted_at, updated_at, basis, agreement_content, agreement_from,
                                    agreement_form, pay_kind, pay_amount, job_description_ref, approved_at,
                                    approved_by_id, approval_order_ref)
        SELECT gen_random_uuid(), t.municipality_id, t.org_id, t.id, s.status,
               ARRAY[({_array(COMPETENCES)})[1 + t.h % 8], ({_array(COMPETENCES)})[1 + (t.h + 1 + (t.h / 8) % 7) % 8]]
                   ::varchar(40)[],
               t.subjects, 'Методика урока; работа с родителями',
               CASE WHEN t.h % 3 = 0 THEN ARRAY[({_array(FORMS)})[1 + t.h % 7]]
                    ELSE ARRAY['traditional', ({_array(FORMS)})[2 + t.h % 6]] END::varchar(40)[],
               c.capacity, CASE WHEN s.status = 'approved' THEN (t.h / 100) % (c.capacity + 1) ELSE 0 END,
               'Вторник и четверг после уроков', 'Стаж ' || (10 + t.h % 25) || ' лет, руководитель МО',
               CASE WHEN t.h % 4 = 0 THEN 'curator' ELSE 'self' END, t.user_id,
               now() - (t.h % 400) * interval '1 day', now() - (t.h % 100) * interval '1 day',
               b.basis,
               CASE WHEN b.basis = 'agreement' THEN 'Наставническая деятельность в течение учебного года' END,
               CASE WHEN b.basis = 'agreement' THEN current_date - (t.h % 200)::int END,
               CASE WHEN b.basis = 'agreement' THEN 'traditional' END,
               CASE WHEN b.basis = 'agreement' THEN CASE WHEN t.h % 3 = 0 THEN 'unpaid' ELSE 'amount' END END,
               CASE WHEN b.basis = 'agreement' AND t.h % 3 <> 0 THEN 3000 + (t.h % 5) * 500 END,
               CASE WHEN b.basis = 'job_description' THEN 'Должностная инструкция учителя, п. 3.' || (t.h % 9) END,
               CASE WHEN s.status = 'approved' THEN now() - (t.h % 300) * interval '1 day' END,
               CASE WHEN s.status = 'approved' THEN t.user_id END,
               CASE WHEN s.status = 'approved' THEN 'Приказ № ' || (t.h % 90) || '-о' END
        FROM gen_teacher t
        CROSS JOIN LATERAL (SELECT CASE WHEN NOT t.is_active THEN 'inactive'
                                        WHEN t.h % 10 = 5 AND (t.h / 10) % 3 <> 0 THEN 'approved'
                                        WHEN t.h % 10 = 3 AND (t.h / 10) % 4 = 0 THEN 'inactive'
                                        ELSE 'candidate' END AS status,
                                   1 + (t.h / 7) % 4 AS capacity) s
        CROSS JOIN LATERAL (SELECT CASE WHEN s.status = 'approved' OR (t.h % 10 = 5 AND (t.h / 10) % 2 = 0)
                                        THEN CASE WHEN t.h % 2 = 0 THEN 'agreement' ELSE 'job_description' END
                                   END AS basis) b
        CROSS JOIN LATERAL (SELECT s.capacity) c
        WHERE NOT t.young AND t.h % 10 IN (3, 5)"""))
    conn.execute(text(f"""
        INSERT INTO mentee_entries (id, municipality_id, org_id, teacher_id, status, category, difficulties,
                                    request_text, filled_by, filled_by_id, submitted_at, updated_at,
                                    content_destroyed_at)
        SELECT gen_random_uuid(), t.municipality_id, t.org_id, t.id,
               CASE WHEN NOT t.is_active THEN 'completed'
                    ELSE (ARRAY['needs_mentor', 'in_pair', 'in_pair', 'supported', 'completed'])[1 + (t.h / 10) % 5]
               END,
               CASE WHEN NOT d.destroyed THEN CASE WHEN t.young THEN 'young_specialist' ELSE 'new_employee' END END,
               CASE WHEN d.destroyed THEN '{{}}'::jsonb
                    ELSE jsonb_build_object(({_array(COMPETENCES)})[1 + t.h % 8], 'Трудно выстроить работу',
                                            ({_array(COMPETENCES)})[1 + (t.h / 8) % 8], 'Нужен совет коллеги') END,
               CASE WHEN NOT d.destroyed THEN 'Хочу научиться вести открытые уроки' END,
               CASE WHEN t.h % 3 = 0 THEN 'curator' ELSE 'self' END, t.user_id,
               now() - (t.h % 300) * interval '1 day', now() - (t.h % 60) * interval '1 day',
               CASE WHEN d.destroyed THEN now() - interval '10 days' END
        FROM gen_teacher t
        CROSS JOIN LATERAL (SELECT t.h % 10 = 0 OR t.h % 40 = 1 AS destroyed) d
        WHERE t.young OR t.h % 50 = 7"""))
    conn.execute(text("""
        INSERT INTO bank_status_changes (id, municipality_id, org_id, mentor_entry_id, old_status, new_status, at,
                                         by_id, reason)
        SELECT gen_random_uuid(), e.municipality_id, e.org_id, e.id, NULL, 'candidate', e.submitted_at,
               e.filled_by_id, NULL FROM mentor_entries e JOIN gen_teacher t ON t.id = e.teacher_id
        UNION ALL
        SELECT gen_random_uuid(), e.municipality_id, e.org_id, e.id, 'candidate', e.status,
               e.submitted_at + interval '5 days', e.filled_by_id, coalesce(e.approval_order_ref, 'Уволен')
        FROM mentor_entries e JOIN gen_teacher t ON t.id = e.teacher_id WHERE e.status <> 'candidate'"""))
    conn.execute(text("""
        INSERT INTO bank_status_changes (id, municipality_id, org_id, mentee_entry_id, old_status, new_status, at,
                                         by_id, reason)
        SELECT gen_random_uuid(), e.municipality_id, e.org_id, e.id, NULL, 'needs_mentor', e.submitted_at,
               e.filled_by_id, NULL FROM mentee_entries e JOIN gen_teacher t ON t.id = e.teacher_id
        UNION ALL
        SELECT gen_random_uuid(), e.municipality_id, e.org_id, e.id, 'needs_mentor', e.status,
               e.submitted_at + interval '7 days', e.filled_by_id, NULL
        FROM mentee_entries e JOIN gen_teacher t ON t.id = e.teacher_id WHERE e.status <> 'needs_mentor'"""))
    # The support of the waiting list: the supported ones now, and an ended consultation for one in three.
    conn.execute(text("""
        INSERT INTO mentee_support (id, municipality_id, org_id, mentee_entry_id, kind, description, starts_on,
                                    ends_on, created_at, created_by_id)
        SELECT gen_random_uuid(), e.municipality_id, e.org_id, e.id,
               (ARRAY['consultations', 'methodical_association', 'psychological', 'other'])[1 + t.h % 4],
               'Поддержка до назначения наставника', current_date - (t.h % 90)::int, NULL, now(), e.filled_by_id
        FROM mentee_entries e JOIN gen_teacher t ON t.id = e.teacher_id WHERE e.status = 'supported'
        UNION ALL
        SELECT gen_random_uuid(), e.municipality_id, e.org_id, e.id, 'consultations', NULL,
               current_date - 200 - (t.h % 90)::int, current_date - 120, now(), e.filled_by_id
        FROM mentee_entries e JOIN gen_teacher t ON t.id = e.teacher_id WHERE t.h % 3 = 0"""))
    conn.execute(text("""
        INSERT INTO bank_reviews (id, municipality_id, org_id, reviewed_at, reviewed_by_id, note)
        SELECT gen_random_uuid(), s.municipality_id, s.org_id, now() - y * interval '1 year' - interval '30 days',
               NULL::uuid, 'Банк наставляемых пересмотрен'
        FROM gen_school s, generate_series(0, 1) y"""))
    conn.execute(text("""
        INSERT INTO bank_invitations (id, municipality_id, org_id, teacher_id, bank, sent_at, sent_by_id, answered_at)
        SELECT gen_random_uuid(), e.municipality_id, e.org_id, e.teacher_id, 'mentor',
               e.submitted_at - interval '3 days', NULL::uuid, e.submitted_at
        FROM mentor_entries e JOIN gen_teacher t ON t.id = e.teacher_id
        UNION ALL
        SELECT gen_random_uuid(), e.municipality_id, e.org_id, e.teacher_id, 'mentee',
               e.submitted_at - interval '3 days', NULL, e.submitted_at
        FROM mentee_entries e JOIN gen_teacher t ON t.id = e.teacher_id
        UNION ALL
        SELECT gen_random_uuid(), t.municipality_id, t.org_id, t.id, 'mentor', now() - interval '5 days', NULL, NULL
        FROM gen_teacher t WHERE t.h % 10 = 7 AND t.is_active AND NOT t.young
        ON CONFLICT DO NOTHING"""))


PAIR_TABLES = ("pairs", "pair_participants", "pair_transitions")


@step("pairs")
def pairs(conn, args) -> None:
    # Pairs of migration 0016 (issue 8), about 30,000: per mentee entry, its current pair with one of
    # the school's approved mentors in turn (active for most, some proposed, agreed, consents complete,
    # declined or ended early) and one or two completed pairs of earlier years (two for seven in ten).
    # Each pair has its two participants and the transition into its state; an active or ended pair
    # carries an order's id (the orders themselves are generated with their feature).
    conn.execute(text("""
        CREATE TEMP TABLE gen_mentor AS
        SELECT org_id, teacher_id, row_number() OVER (PARTITION BY org_id ORDER BY teacher_id) - 1 AS n,
               count(*) OVER (PARTITION BY org_id) AS mentors
        FROM mentor_entries WHERE status = 'approved'"""))
    conn.execute(text("CREATE INDEX ON gen_mentor (org_id, n)"))
    conn.execute(text("""
        CREATE TEMP TABLE gen_pair AS
        SELECT gen_random_uuid() AS id, e.municipality_id, e.org_id, e.teacher_id AS mentee_id, m.teacher_id AS mentor_id,
               g, e.h,
               CASE WHEN g > 1 THEN 'completed'
                    ELSE (ARRAY['active', 'active', 'active', 'active', 'active', 'active', 'draft', 'agreed',
                                'consents_complete', 'declined', 'ended_early', 'active'])[1 + e.h % 12] END AS status,
               now() - (g * 300 + e.h % 200) * interval '1 day' AS created_at
        FROM (SELECT me.*, abs(hashtext(me.teacher_id::text)::bigint) AS h,
                     row_number() OVER (PARTITION BY me.org_id ORDER BY me.teacher_id) AS k
              FROM mentee_entries me) e
        CROSS JOIN LATERAL generate_series(1, CASE WHEN e.h % 10 < 7 THEN 3 ELSE 2 END) g
        JOIN gen_mentor m ON m.org_id = e.org_id AND m.n = (e.k + g) % m.mentors"""))
    conn.execute(text("""
        INSERT INTO pairs (id, municipality_id, org_id, kind, form_code, status, created_at, agreed_at,
                           consents_complete_at, order_id, activated_at, ended_at, end_reason)
        SELECT p.id, p.municipality_id, p.org_id, 'pair',
               (ARRAY['traditional', 'traditional', 'group', 'virtual', 'short_term', 'reverse'])[1 + p.h % 6],
               p.status, p.created_at,
               CASE WHEN p.status NOT IN ('draft', 'declined') THEN p.created_at + interval '5 days' END,
               CASE WHEN p.status IN ('consents_complete', 'active', 'completed', 'ended_early')
                    THEN p.created_at + interval '10 days' END,
               CASE WHEN p.status IN ('active', 'completed', 'ended_early') THEN gen_random_uuid() END,
               CASE WHEN p.status IN ('active', 'completed', 'ended_early') THEN p.created_at + interval '14 days' END,
               CASE WHEN p.status IN ('completed', 'ended_early') THEN p.created_at + interval '250 days' END,
               CASE p.status WHEN 'completed' THEN 'plan_completed' WHEN 'ended_early' THEN 'mutual' END
        FROM gen_pair p"""))
    conn.execute(text("""
        INSERT INTO pair_participants (id, municipality_id, org_id, pair_id, pair_org_id, teacher_id, role, response,
                                       responded_at, decline_reason, joined_at)
        SELECT gen_random_uuid(), p.municipality_id, p.org_id, p.id, p.org_id, x.teacher_id, x.role,
               CASE WHEN p.status = 'draft' THEN 'pending' WHEN p.status = 'declined' AND x.role = 'mentee'
                    THEN 'declined' ELSE 'accepted' END,
               CASE WHEN p.status <> 'draft' THEN p.created_at + interval '3 days' END,
               CASE WHEN p.status = 'declined' AND x.role = 'mentee' THEN 'Не совпадают предметы' END,
               p.created_at
        FROM gen_pair p CROSS JOIN LATERAL (VALUES (p.mentor_id, 'mentor'), (p.mentee_id, 'mentee')) x(teacher_id, role)
        WHERE x.teacher_id IS NOT NULL"""))
    conn.execute(text("""
        INSERT INTO pair_transitions (id, municipality_id, org_id, pair_id, from_status, to_status, at, reason)
        SELECT gen_random_uuid(), p.municipality_id, p.org_id, p.id, NULL, p.status, p.created_at, NULL
        FROM gen_pair p"""))


PROGRAMME_TABLES = ("programmes", "programme_activities", "programme_journal", "programme_revisions")
ACTIVITY_KINDS = ["lesson_visit", "open_lesson", "consultation", "joint_planning", "self_study", "seminar",
                  "contest", "course", "other"]
ACTIVITY_TITLES = ["Посещение урока наставника", "Открытый урок наставляемого", "Консультация по планированию",
                   "Совместная разработка урока", "Изучение методической литературы", "Семинар методического объединения",
                   "Подготовка к конкурсу", "Курсы повышения квалификации", "Анализ проведённого урока"]


@step("programmes")
def programmes(conn, args) -> None:
    # Programmes of migration 0018 (issue 8), one per active, completed or ended pair (~26,000): the active
    # ones started within the last four months, the others at their pair's activation; a term of 3 to 12
    # months (ck_programmes_term_min/max). About 12.5 plan activities each (~300,000): the past ones done
    # (one in five of an active programme's left planned: overdue), a few cancelled, the coming ones
    # planned or in progress; about 4 journal entries each (~100,000) within the programme's term up to
    # today; revision 1 (initial, approved) of every approved programme with its snapshot.
    conn.execute(text("""
        CREATE TEMP TABLE gen_programme AS
        SELECT gen_random_uuid() AS id, p.municipality_id, p.org_id, p.id AS pair_id, p.mentor_id, p.mentee_id, p.h,
               CASE WHEN p.status = 'active' THEN 'active' ELSE 'completed' END AS status,
               s.starts_on, (s.starts_on + (3 + p.h % 10) * interval '1 month' - interval '1 day')::date AS ends_on,
               pp.form_code, pp.ended_at
        FROM gen_pair p JOIN pairs pp ON pp.id = p.id
        CROSS JOIN LATERAL (SELECT CASE WHEN p.status = 'active' THEN current_date - (p.h % 120)::int
                                        ELSE pp.activated_at::date END AS starts_on) s
        WHERE p.status IN ('active', 'completed', 'ended_early')"""))
    conn.execute(text("""
        INSERT INTO programmes (id, municipality_id, org_id, pair_id, status, starts_on, ends_on, form_code, goals,
                                difficulties_note, strengths, directions, activity_forms, expected_results,
                                difficulties, created_at, approved_at, completed_at)
        SELECT g.id, g.municipality_id, g.org_id, g.pair_id, g.status, g.starts_on, g.ends_on, g.form_code,
               'Адаптация молодого специалиста в коллективе, развитие методической компетентности',
               'Трудности в планировании уроков и работе с родителями', 'Владение предметом, цифровые инструменты',
               'Методика урока; классное руководство', 'Посещение уроков, консультации, совместное планирование',
               'Самостоятельное проведение открытого урока', '["teaching_methods", "parents"]'::jsonb,
               g.starts_on - interval '3 days', g.starts_on - interval '1 day',
               CASE WHEN g.status = 'completed' THEN coalesce(g.ended_at, g.ends_on::timestamptz) END
        FROM gen_programme g"""))
    conn.execute(text(f"""
        INSERT INTO programme_activities (id, municipality_id, org_id, programme_id, title, kind, due_on,
                                          responsible_teacher_id, status, result, created_at, updated_at)
        SELECT gen_random_uuid(), g.municipality_id, g.org_id, g.id,
               ({_array(ACTIVITY_TITLES)})[1 + (g.h + i) % {len(ACTIVITY_TITLES)}],
               ({_array(ACTIVITY_KINDS)})[1 + (g.h + i) % {len(ACTIVITY_KINDS)}], a.due_on,
               CASE WHEN i % 2 = 0 THEN g.mentor_id ELSE g.mentee_id END,
               CASE WHEN (g.h + i) % 17 = 0 THEN 'cancelled'
                    WHEN a.due_on < current_date AND (g.status = 'completed' OR (g.h + i) % 5 <> 0) THEN 'done'
                    WHEN a.due_on < current_date THEN 'planned'
                    WHEN (g.h + i) % 4 = 0 THEN 'in_progress' ELSE 'planned' END,
               CASE WHEN a.due_on < current_date AND (g.h + i) % 5 <> 0 THEN 'Проведено, обсуждено с наставником'
                    ELSE '' END,
               g.starts_on - interval '2 days', now() - ((g.h + i) % 90) * interval '1 day'
        FROM gen_programme g
        CROSS JOIN LATERAL generate_series(1, 11 + (g.h % 4)::int) i
        CROSS JOIN LATERAL (SELECT g.starts_on + ((g.ends_on - g.starts_on) * i / (12 + g.h % 4))::int AS due_on) a"""))
    conn.execute(text("""
        INSERT INTO programme_journal (id, municipality_id, org_id, programme_id, met_on, minutes, topic, notes,
                                       written_at)
        SELECT gen_random_uuid(), g.municipality_id, g.org_id, g.id, m.met_on, 30 + 15 * ((g.h + i) % 5),
               'Встреча наставника и наставляемого № ' || i, 'Обсудили урок, наметили задачи на неделю',
               m.met_on + interval '18 hours'
        FROM gen_programme g
        CROSS JOIN LATERAL generate_series(1, 2 + (g.h % 5)::int) i
        CROSS JOIN LATERAL (SELECT g.starts_on + ((least(g.ends_on, current_date) - g.starts_on) * i
                                                  / (3 + g.h % 5))::int AS met_on) m"""))
    conn.execute(text("""
        INSERT INTO programme_revisions (id, municipality_id, org_id, programme_id, number, kind, status, snapshot,
                                         proposed_at, decided_at)
        SELECT gen_random_uuid(), p.municipality_id, p.org_id, p.id, 1, 'initial', 'approved',
               jsonb_build_object('starts_on', p.starts_on, 'ends_on', p.ends_on, 'form_code', p.form_code,
                                  'goals', p.goals, 'difficulties', p.difficulties,
                                  'difficulties_note', p.difficulties_note, 'strengths', p.strengths,
                                  'directions', p.directions, 'activity_forms', p.activity_forms,
                                  'expected_results', p.expected_results,
                                  'plan', coalesce(a.plan, '[]'::jsonb)),
               p.approved_at, p.approved_at
        FROM programmes p JOIN gen_programme g ON g.id = p.id
        LEFT JOIN (SELECT programme_id, jsonb_agg(jsonb_build_object('id', id, 'title', title, 'kind', kind,
                                                                     'due_on', due_on,
                                                                     'responsible_teacher_id', responsible_teacher_id,
                                                                     'cancelled', status = 'cancelled')
                                                  ORDER BY due_on, id) AS plan
                   FROM programme_activities GROUP BY programme_id) a ON a.programme_id = p.id"""))


ORDER_TABLES = ("orders", "order_people", "order_counters")


@step("orders")
def orders(conn, args) -> None:
    # Orders of migration 0020 (issue 8), about 60,000, signed and numbered per school and year as the
    # registry does (order_counters holds each school-year's last number): the order that activated each
    # pair (kind 'pairs', its id the pair's order_id), the completion or early end of each ended pair (its
    # end_order_id), and per school and year of the last three the regulations, the curator's appointment
    # and the mentor bank's approval; a few drafts per school for the director's queue (25 at school11).
    # Each names its people (the pair's two teachers; two of the school's mentors for the school-wide ones).
    # Inserted as the superuser with the triggers skipped (session_replication_role = replica): the freeze
    # of signed orders and their people (migration 0020) refuses changes, not this load.
    conn.execute(text("""
        UPDATE pairs SET end_order_id = gen_random_uuid()
        WHERE status IN ('completed', 'ended_early') AND id IN (SELECT id FROM gen_pair)"""))
    conn.execute(text("""
        CREATE TEMP TABLE gen_order AS
        SELECT pp.order_id AS id, p.municipality_id, p.org_id, 'pairs' AS kind, 'signed' AS status,
               pp.activated_at - interval '1 day' AS signed_at, p.mentor_id, p.mentee_id, p.id AS pair_id
        FROM gen_pair p JOIN pairs pp ON pp.id = p.id WHERE pp.order_id IS NOT NULL
        UNION ALL
        SELECT pp.end_order_id, p.municipality_id, p.org_id,
               CASE WHEN p.status = 'completed' THEN 'completion' ELSE 'early_end' END, 'signed', pp.ended_at,
               p.mentor_id, p.mentee_id, p.id
        FROM gen_pair p JOIN pairs pp ON pp.id = p.id WHERE pp.end_order_id IS NOT NULL
        UNION ALL
        SELECT gen_random_uuid(), s.municipality_id, s.org_id, k, 'signed',
               make_timestamptz(extract(year FROM now())::int - y, 9, 1 + (abs(hashtext(s.slug)) % 20), 10, 0, 0)
                   + kk.kn * interval '1 day',
               m1.teacher_id, m2.teacher_id, NULL::uuid
        FROM gen_school s
        CROSS JOIN generate_series(0, 2) y
        CROSS JOIN unnest(ARRAY['regulations', 'curator', 'mentor_bank']) WITH ORDINALITY AS kk(k, kn)
        LEFT JOIN gen_mentor m1 ON m1.org_id = s.org_id AND m1.n = 0
        LEFT JOIN gen_mentor m2 ON m2.org_id = s.org_id AND m2.n = 1
        UNION ALL
        SELECT gen_random_uuid(), s.municipality_id, s.org_id,
               (ARRAY['pairs', 'replace_mentor', 'extension', 'release'])[1 + d % 4], 'draft', NULL,
               m1.teacher_id, m2.teacher_id, NULL
        FROM gen_school s
        CROSS JOIN LATERAL generate_series(1, CASE WHEN s.slug = 'school11' THEN 25 ELSE 2 END) d
        LEFT JOIN gen_mentor m1 ON m1.org_id = s.org_id AND m1.n = d % greatest(m1.mentors, 1)
        LEFT JOIN gen_mentor m2 ON m2.org_id = s.org_id AND m2.n = (d + 1) % greatest(m2.mentors, 1)"""))
    # The numbers: per school and year in the order of signing, after what the demo already signed.
    conn.execute(text("""
        CREATE TEMP TABLE gen_numbered AS
        SELECT o.*, y.year,
               CASE WHEN o.status = 'signed' THEN coalesce(c.last_number, 0)
                   + row_number() OVER (PARTITION BY o.org_id, y.year, o.status ORDER BY o.signed_at, o.id) END AS seq
        FROM gen_order o
        CROSS JOIN LATERAL (SELECT extract(year FROM o.signed_at)::int AS year) y
        LEFT JOIN order_counters c ON c.org_id = o.org_id AND c.year = y.year"""))
    conn.execute(text("""
        INSERT INTO orders (id, municipality_id, org_id, kind, status, title, preamble, items, appendix, refs,
                            created_at, updated_at, year, seq, number, signed_on, signed_at, signed_by_name)
        SELECT o.id, o.municipality_id, o.org_id, o.kind, o.status,
               CASE o.kind WHEN 'pairs' THEN 'О закреплении наставнических пар'
                           WHEN 'completion' THEN 'О завершении персонализированной программы наставничества'
                           WHEN 'early_end' THEN 'О досрочном прекращении наставничества'
                           WHEN 'regulations' THEN 'Об утверждении Положения о системе наставничества'
                           WHEN 'curator' THEN 'О назначении куратора наставничества'
                           WHEN 'mentor_bank' THEN 'Об утверждении базы наставников'
                           WHEN 'replace_mentor' THEN 'О замене наставника'
                           WHEN 'extension' THEN 'О продлении срока программы наставничества'
                           ELSE 'Об освобождении от наставнической деятельности' END,
               'В соответствии с Положением о системе наставничества педагогических работников',
               jsonb_build_array(jsonb_build_object('lead', 'Утвердить', 'text', 'состав наставнических пар'),
                                 jsonb_build_object('lead', 'Контроль', 'text',
                                                    'исполнения настоящего приказа оставляю за собой.')),
               NULL,
               CASE WHEN o.pair_id IS NULL THEN '{}'::jsonb
                    WHEN o.kind = 'pairs' THEN jsonb_build_object('pairs', jsonb_build_array(o.pair_id))
                    ELSE jsonb_build_object('pair', o.pair_id) END,
               coalesce(o.signed_at, now()) - interval '2 days', coalesce(o.signed_at, now()) - interval '1 day',
               CASE WHEN o.status = 'signed' THEN o.year END, o.seq,
               CASE WHEN o.status = 'signed' THEN o.seq || ' – А' END, o.signed_at::date, o.signed_at,
               CASE WHEN o.status = 'signed' THEN 'Директор школы' END
        FROM gen_numbered o"""))
    conn.execute(text("""
        INSERT INTO order_counters (id, municipality_id, org_id, year, last_number)
        SELECT gen_random_uuid(), municipality_id, org_id, year, max(seq) FROM gen_numbered
        WHERE status = 'signed' GROUP BY municipality_id, org_id, year
        ON CONFLICT (org_id, year) DO UPDATE SET last_number = excluded.last_number"""))
    conn.execute(text("""
        INSERT INTO order_people (id, municipality_id, org_id, order_id, teacher_id, name, position, place)
        SELECT gen_random_uuid(), o.municipality_id, o.org_id, o.id, t.id,
               t.last_name || ' ' || t.first_name || coalesce(' ' || nullif(t.middle_name, ''), ''), t.position, x.place
        FROM gen_order o
        CROSS JOIN LATERAL (VALUES (o.mentor_id, 1), (o.mentee_id, 2)) x(teacher_id, place)
        JOIN teachers t ON t.id = x.teacher_id
        WHERE x.teacher_id IS NOT NULL AND (x.place = 1 OR o.mentee_id IS DISTINCT FROM o.mentor_id)"""))


class IndexesLater:
    """Drop a table's secondary indexes for a bulk insert and build them again afterwards (faster than
    maintaining them row by row); the definitions are read from the catalog, so new indexes follow."""

    def __init__(self, conn, table: str):
        self.conn, self.table = conn, table

    def __enter__(self):
        self.definitions = self.conn.execute(text(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i JOIN pg_class c ON c.relname = i.indexname "
            "JOIN pg_index x ON x.indexrelid = c.oid WHERE i.tablename = :t AND NOT x.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)"),
            {"t": self.table}).all()
        for name, _ in self.definitions:
            self.conn.execute(text(f'DROP INDEX "{name}"'))
        return self

    def __exit__(self, *exc):
        for _, definition in self.definitions:
            self.conn.execute(text(definition))


def _prepare(args):
    from app import create_app

    urls = database.db_urls()
    if not args.keep:
        with database._engine("DATABASE_OWNER_URL").connect() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    app = create_app({"APP_ENV": "testing", "DATABASE_URL": urls["DATABASE_URL"],
                      "DATABASE_OWNER_URL": urls["DATABASE_OWNER_URL"], "SECRET_KEY": "r" * 40})
    with app.app_context():
        from flask_migrate import upgrade

        from app.core.extensions import db
        from app.demo import seed

        upgrade()
        seed.seed()
        db.session.commit()
        db.session.remove()
    return app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--municipalities", type=int, default=25)
    parser.add_argument("--schools", type=int, default=60, help="schools per municipality")
    parser.add_argument("--teachers", type=int, default=100_500)
    parser.add_argument("--big-school", type=int, default=2_513, help="members of «Средняя школа №11»")
    parser.add_argument("--sessions", type=float, default=1.5, help="sessions per person (1 to 2)")
    parser.add_argument("--events", type=int, default=2_022_045)
    parser.add_argument("--big-school-events", type=int, default=200_000)
    parser.add_argument("--keep", action="store_true", help="do not drop the schema first")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    _prepare(args)
    print(f"schema and demo data: {time.perf_counter() - started:.1f} s")
    with database._engine("DATABASE_ADMIN_URL").connect() as conn:
        conn.execute(text("SET synchronous_commit = off"))
        conn.execute(text("SET maintenance_work_mem = '256MB'"))
        # The generated rows reference what was just generated: skip the foreign-key triggers (a
        # superuser's bulk load; the constraints stay and hold for everything the app writes).
        conn.execute(text("SET session_replication_role = replica"))
        for label, func in STEPS:
            began = time.perf_counter()
            with contextlib.ExitStack() as stack:
                for table in ("audit_events", "user_sessions", "teachers", "consents", *BANK_TABLES, *PAIR_TABLES,
                              *PROGRAMME_TABLES, *ORDER_TABLES):
                    stack.enter_context(IndexesLater(conn, table))
                func(conn, args)
            print(f"{label}: {time.perf_counter() - began:.1f} s")
        began = time.perf_counter()
        conn.execute(text("VACUUM (ANALYZE)"))
        print(f"vacuum analyze: {time.perf_counter() - began:.1f} s")
        counts = {table: conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                  for table in ("municipalities", "organizations", "users", "memberships", "user_sessions",
                                "audit_events", "teachers", "consents", *BANK_TABLES, *PAIR_TABLES,
                                *PROGRAMME_TABLES, *ORDER_TABLES)}
        big = conn.execute(text(
            "SELECT (SELECT count(*) FROM memberships m WHERE m.org_id = o.id), "
            "(SELECT count(*) FROM audit_events e WHERE e.org_id = o.id), "
            "(SELECT count(*) FROM teachers t WHERE t.org_id = o.id), "
            "(SELECT count(*) FROM mentor_entries t WHERE t.org_id = o.id), "
            "(SELECT count(*) FROM mentee_entries t WHERE t.org_id = o.id), "
            "(SELECT count(*) FROM pairs t WHERE t.org_id = o.id), "
            "(SELECT count(*) FROM programmes t WHERE t.org_id = o.id), "
            "(SELECT count(*) FROM programme_activities t WHERE t.org_id = o.id), "
            "(SELECT count(*) FROM orders t WHERE t.org_id = o.id) FROM organizations o "
            "WHERE o.slug = 'school11'")).one()
    print(", ".join(f"{table} {count:,}" for table, count in counts.items()))
    print(f"school11: {big[0]:,} members, {big[1]:,} audit events, {big[2]:,} teacher records, "
          f"{big[3]:,} mentor and {big[4]:,} mentee entries, {big[5]:,} pairs, {big[6]:,} programmes, "
          f"{big[7]:,} plan activities, {big[8]:,} orders")
    print(f"total {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
