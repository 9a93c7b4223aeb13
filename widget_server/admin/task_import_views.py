"""Importing tasks from a CSV file, and the template file to start from."""

from __future__ import annotations

import csv
import io

from flask import flash, redirect, render_template, request, url_for
from flask_babel import ngettext
from werkzeug.wrappers import Response

from widget_server import db
from widget_server.admin.blueprint import bp
from widget_server.admin.guard import current_membership, current_organization, require_role
from widget_server.models import Role
from widget_server.services.catalog.task_fields import CSV_COLUMNS
from widget_server.services.catalog.task_import import ImportRefused, import_tasks
from widget_server.web.error_texts import field_message

MAX_FILE_BYTES = 2 * 1024 * 1024


@bp.get("/tasks/import")
@require_role(Role.EDITOR)
def task_import() -> str:
    """The upload form, with the columns a file may have."""
    return render_template("admin/task_import.html", columns=CSV_COLUMNS, problems=None)


@bp.post("/tasks/import")
@require_role(Role.EDITOR)
def task_import_submit() -> Response | tuple[str, int]:
    """Import every row, or none of them and say what is wrong in each bad row."""
    upload = request.files.get("file")
    data = upload.read() if upload else b""
    try:
        created = import_tasks(
            db.session(), current_organization(), data, user_id=current_membership().user_id
        )
    except ImportRefused as refused:
        problems = [
            {"row": p.row, "column": p.column, "message": field_message(p.problem)}
            for p in refused.problems
        ]
        return render_template(
            "admin/task_import.html", columns=CSV_COLUMNS, problems=problems
        ), 422
    count = len(created)
    flash(
        ngettext("%(num)s task was imported.", "%(num)s tasks were imported.", count),
        "info",
    )
    return redirect(url_for("admin.task_list"), 303)


task_import_submit.max_content_length = MAX_FILE_BYTES  # type: ignore[attr-defined]


@bp.get("/tasks/import/template.csv")
@require_role(Role.EDITOR)
def task_import_template() -> Response:
    """A CSV file with the header row and one example task, in UTF-8 with a byte order mark."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    example = {
        "status": "draft", "category": "translation", "hours_per_week": "3",
        "commitment": "ongoing", "skills": "Arabic, English", "languages": "ar, en",
        "timezone": current_organization().timezone, "default_locale": "en",
        "title_en": "Translate our newsletter", "summary_en": "Monthly, from home.",
        "title_ar": "ترجمة نشرتنا الإخبارية",
    }  # fmt: skip
    writer.writerow([example.get(column, "") for column in CSV_COLUMNS])
    return Response(
        "\ufeff" + out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="tasks-template.csv"'},
    )
