"""The education department's page of the municipality's dictionaries: competences and forms of
mentoring added beside the built-ins, retired and brought back."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.banks import bp, dictionary
from app.banks.forms import DictionaryForm
from app.banks.models import DictionaryKind
from app.core.forms import EmptyForm
from app.core.http import parse_id
from app.core.uow import attempt


@bp.route("/dictionary", methods=["GET", "POST"])
def dictionaries(org_slug: str):
    form = DictionaryForm()
    if form.validate_on_submit() and attempt(form, dictionary.add_entry, DictionaryKind(form.kind.data),
                                             form.title.data):
        flash(_("The entry is added."), "info")
        return redirect(url_for("banks.dictionaries", org_slug=org_slug))
    words = dictionary.load()
    status = 400 if request.method == "POST" else 200
    return render_template("banks/dictionary.html", form=form, action=EmptyForm(),
                           competences=words.items(DictionaryKind.competence, active_only=False),
                           forms=words.items(DictionaryKind.form, active_only=False)), status


def _set_active(org_slug: str, entry_id: str, active: bool):
    entry = dictionary.get_entry(parse_id(entry_id))
    if entry is None:
        abort(404)
    if EmptyForm().validate_on_submit():
        attempt(None, dictionary.set_active, entry, active)
    return redirect(url_for("banks.dictionaries", org_slug=org_slug))


@bp.post("/dictionary/<entry_id>/deactivate")
def dictionary_deactivate(org_slug: str, entry_id: str):
    return _set_active(org_slug, entry_id, False)


@bp.post("/dictionary/<entry_id>/reactivate")
def dictionary_reactivate(org_slug: str, entry_id: str):
    return _set_active(org_slug, entry_id, True)
