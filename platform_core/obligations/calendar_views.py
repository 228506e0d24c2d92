"""The holiday page (*Lịch nghỉ*): the year's public holidays and make-up days from the national calendar,
the administrators' overrides, and the form to add or delete one (permission ``core.calendar.manage``).

The obligations blueprint owns the URLs: it calls :func:`register` with itself, so the page is
``obligations.holidays`` at ``/obligations/holidays``.
"""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from platform_core.access.service import permission_required
from platform_core.core_hooks import CALENDAR_MANAGE
from platform_core.extensions import db
from platform_core.obligations import calendar
from platform_core.obligations.calendar_forms import KIND_LABELS, ConfirmForm, OverrideForm
from platform_core.obligations.models import CalendarOverride
from platform_core.timeutil import format_date, local_today

WEEKDAYS = (_l("Thứ Hai"), _l("Thứ Ba"), _l("Thứ Tư"), _l("Thứ Năm"), _l("Thứ Sáu"), _l("Thứ Bảy"),
            _l("Chủ nhật"))
HOLIDAY_LANGUAGES = {"vi": "vi", "en": "en_US"}


def _year_arg() -> int:
    """The year asked for in ``?year=``, this year by default; 404 for anything else."""
    text = request.args.get("year", "")
    if not text:
        return local_today().year
    if not text.isdigit() or not 1900 <= int(text) <= 2999:
        abort(404)
    return int(text)


@permission_required(CALENDAR_MANAGE)
def holidays():
    """GET lists the year; POST adds an override and returns to its year."""
    year = _year_arg()
    form = OverrideForm()
    if form.validate_on_submit():
        try:
            row = calendar.add_override(form.day.date, form.kind.data, form.name.data, by=current_user)
        except calendar.OverrideError as exc:
            form.day.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Đã thêm điều chỉnh ngày %(day)s: %(kind)s.", day=format_date(row.day),
                    kind=KIND_LABELS[row.kind]), "success")
            return redirect(url_for(".holidays", year=row.day.year))
    language = HOLIDAY_LANGUAGES.get(str(get_locale() or "vi"), "vi")
    this_year = local_today().year
    return render_template(
        "obligations/holidays.html", year=year, form=form, weekdays=WEEKDAYS, kind_labels=KIND_LABELS,
        national=calendar.national_holidays(year, language), make_up=sorted(calendar.make_up_days(year)),
        overrides=calendar.overrides_of_year(year), years=sorted({*range(this_year - 2, this_year + 3), year}),
    )


@permission_required(CALENDAR_MANAGE)
def holidays_delete(override_id: int):
    """GET asks for confirmation; POST deletes."""
    row = db.get_or_404(CalendarOverride, override_id)
    form = ConfirmForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        year = row.day.year
        flash(_("Đã xoá điều chỉnh ngày %(day)s.", day=format_date(row.day)), "success")
        calendar.delete_override(row)
        db.session.commit()
        return redirect(url_for(".holidays", year=year))
    return render_template("obligations/holidays_delete.html", row=row, form=form, weekdays=WEEKDAYS,
                           kind_labels=KIND_LABELS)


def register(bp) -> None:
    """Add the holiday pages to ``bp`` (the obligations blueprint): endpoints ``holidays`` and
    ``holidays_delete``."""
    bp.add_url_rule("/holidays", "holidays", holidays, methods=["GET", "POST"])
    bp.add_url_rule("/holidays/<int:override_id>/delete", "holidays_delete", holidays_delete,
                    methods=["GET", "POST"])
