"""What the programmes' pages and files say (found walking the demo): the overdue count once, a
revision's reason and decision on their own labelled lines, the difficulties one per line, the term an
extension may reach, the name of the Положение (1.2) in the documents, the curator on the DOCX, the
names downloads are saved under, and a word after each thing done."""
from __future__ import annotations

import io
import re
from datetime import date, timedelta

from tests.pairs.helpers import tr
from tests.programmes.helpers import add_programme, add_revision, scalar, world_pair
from tests.support.http import post
from tests.support.mentoring import add_pair


def test_the_list_shows_the_overdue_count_once(app, world, clients):
    pair_id, _, _ = world_pair(app, world)
    today = date.today()
    add_programme(app, world.orgs["A"], pair_id, starts_on=today - timedelta(days=60),
                  ends_on=today + timedelta(days=200), activities=[("Просроченное", today - timedelta(days=1), "planned")])
    listing = clients("a_curator").get("/school-a/programmes/").get_data(as_text=True)
    cell = re.search(r'<td data-label="[^"]*">([^\n]*?<span class="overdue">[^<]*</span>)</td>', listing).group(1)
    assert cell.startswith('<span class="overdue">1 '), cell


def test_a_declined_revision_shows_the_reason_and_the_note_apart(app, world, clients, inspector):
    pair_id, mentor, _ = world_pair(app, world)
    programme_id, _ = add_programme(app, world.orgs["A"], pair_id)
    revision_id = add_revision(app, world.orgs["A"], programme_id, proposed_by_teacher_id=mentor,
                               reason="Нужно время на подготовку к ВПР.")
    page = f"/school-a/programmes/revisions/{revision_id}"
    curator = clients("a_curator")
    assert post(curator, f"{page}/reject", {"note": "Больше года — слишком долго."}, token_from=page
                ).status_code == 302
    html = curator.get(page).get_data(as_text=True)
    assert re.search(r'<dd class="prewrap" data-reason="1">Нужно время на подготовку к ВПР\.</dd>', html)
    assert re.search(r'<dd class="prewrap" data-decision-note="1">Больше года — слишком долго\.</dd>', html)
    assert ".." not in html.replace("...", "")


def test_the_comparison_puts_each_difficulty_on_its_own_line(app, world, clients, inspector):
    pair_id, _, _ = world_pair(app, world)
    programme_id, _ = add_programme(app, world.orgs["A"], pair_id, status="draft")
    from sqlalchemy import text

    with inspector.begin() as conn:
        conn.execute(text("""UPDATE programmes SET difficulties = '[{"code": "teaching_methods", "text": "Не успеваю за урок."}, {"code": "parents", "text": "Трудно говорить с родителями."}]'"""))
    show = f"/school-a/programmes/{programme_id}"
    curator = clients("a_curator")
    assert post(curator, f"{show}/approve", {"confirm": "yes"}, token_from=show).status_code == 302
    revision_id = scalar(inspector, "SELECT id FROM programme_revisions")
    html = curator.get(f"/school-a/programmes/revisions/{revision_id}").get_data(as_text=True)
    assert "Не успеваю за урок.\n" in html and "Трудно говорить с родителями." in html and ".;" not in html


def test_the_extension_says_how_far_the_term_may_go(app, world, clients):
    """terms.py, our rule under Положение 7.2: extended, at most two years from the start."""
    pair_id, _, _ = world_pair(app, world)
    programme_id, _ = add_programme(app, world.orgs["A"], pair_id, starts_on=date(2026, 9, 1))
    html = clients("a_teacher").get(f"/school-a/programmes/{programme_id}/revisions").get_data(as_text=True)
    hint = re.search(r'<p class="hint" id="ends_on-hint">([^<]*)</p>', html).group(1)
    assert "31.08.2028" in hint and "7.2" in hint


def test_the_docx_names_the_programme_as_the_polozhenie_and_its_curator(app, world, clients):
    from docx import Document

    pair_id, _, _ = world_pair(app, world)
    programme_id, _ = add_programme(app, world.orgs["A"], pair_id, status="draft")
    path = f"/school-a/programmes/{programme_id}/programme.docx"

    def signature_of(client) -> str:
        response = client.get(path)
        assert response.status_code == 200
        disposition = response.headers["Content-Disposition"]
        name = f"programma-person-{date.today().isoformat()}.docx"  # the mentee's surname, in Latin letters
        assert f"filename={name};" in disposition and f"filename*=UTF-8''{name}" in disposition
        document = Document(io.BytesIO(response.data))
        assert document.core_properties.title == "Персонализированная программа наставничества"
        # The signature block: position — signature — name on the first row (app/documents Signer).
        line = next(t.rows[0] for t in document.tables if t.rows[0].cells[0].text == "куратор")
        return line.cells[-1].text

    # A draft: the school's curator; approved: the person who approved it (here the methodist, 3.5).
    assert signature_of(clients("a_director")) == "Person a_curator"
    methodist = clients("a_methodist")
    show = f"/school-a/programmes/{programme_id}"
    assert post(methodist, f"{show}/approve", {"confirm": "yes"}, token_from=show).status_code == 302
    assert signature_of(clients("a_director")) == "Person a_methodist"


def test_the_export_is_named_by_the_school_and_the_day(app, world, clients):
    from openpyxl import load_workbook

    response = clients("a_curator").get("/school-a/programmes/export.xlsx")
    name = f"programmes-school-a-{date.today().isoformat()}.xlsx"
    assert f"filename={name};" in response.headers["Content-Disposition"]
    values = [cell.value for row in load_workbook(io.BytesIO(response.data)).active.iter_rows() for cell in row]
    assert "Персонализированные программы наставничества" in values


def test_file_names_are_latin_letters_only():
    from app.programmes import files

    assert files.latin("Щербакова-Юрьева") == "shcherbakova-iureva"
    assert files.latin("Ёлкин Д'Артаньян") == "elkin-d-artanian"
    assert files.latin("!!!") == ""


def test_each_thing_done_is_acknowledged(app, world, clients):
    """A word after an activity is planned, its progress marked and a meeting recorded."""
    pair_id, mentor_id, mentee_id = world_pair(app, world)
    draft_id, _ = add_programme(app, world.orgs["A"], pair_id, status="draft", activities=())
    show = f"/school-a/programmes/{draft_id}"
    curator = clients("a_curator")
    assert post(curator, f"{show}/activities", {"title": "Открытый урок", "kind": "open_lesson",
                                                "due_on": "2026-10-15"}, token_from=show).status_code == 302
    assert tr(app, "The activity has been added to the plan.") in curator.get(show).get_data(as_text=True)

    other_pair = add_pair(app, world.orgs["A"], mentor_id, [mentee_id])
    programme_id, (activity_id,) = add_programme(app, world.orgs["A"], other_pair)
    page = f"/school-a/programmes/{programme_id}"
    mentor = clients("a_teacher")
    mark = f"/school-a/programmes/activities/{activity_id}"
    assert post(mentor, mark, {"status": "done", "result": "Посетила"}, token_from=mark).status_code == 302
    assert tr(app, "The progress of the activity has been saved.") in mentor.get(page).get_data(as_text=True)
    journal = f"{page}/journal"
    assert post(mentor, journal, {"met_on": date.today().isoformat(), "minutes": "40", "topic": "Разбор урока"},
                token_from=journal).status_code == 302
    assert tr(app, "The meeting has been recorded in the journal.") in mentor.get(journal).get_data(as_text=True)
