"""Search finds submissions (CORE-21) only in the units where the user holds a workflow permission of the
report type, and only for regimes active for the user."""
import pytest
from fixtures_dashboard.support import PLUGINS
from flask import url_for

from platform_core.plugins import activation
from platform_core.workflow.models import Submission


@pytest.fixture
def app_overrides():
    return dict(PLUGINS)


def ensure_workflow(app):
    """The report types and the submission page, when the workflow part does not provide them (yet)."""
    if "report_types" not in app.extensions:
        from platform_core.workflow import registry

        registry.init_app(app)
    if "workflow.detail" not in app.view_functions:
        app.add_url_rule("/workflow/<int:submission_id>", "workflow.detail", lambda submission_id: "")


@pytest.fixture
def world(app, db, make_unit, make_user):
    ensure_workflow(app)
    bo = make_unit("BO", "Bộ Thử nghiệm", type_code="ministry")
    na = make_unit("SNA", "Sở Nghệ An", parent=bo)
    ht = make_unit("SHT", "Sở Hà Tĩnh", parent=bo)
    activation.enable("pcdash")
    ours, theirs = (Submission(report_type_key="pcdash.monthly", plugin_key="pcdash", unit_id=unit.id,
                               title=title, period_key="2026-10", data={})
                    for unit, title in ((na, "Báo cáo tháng Nghệ An"), (ht, "Báo cáo tháng Hà Tĩnh")))
    db.session.add_all([ours, theirs])
    db.session.commit()
    with app.test_request_context():
        link = url_for("workflow.detail", submission_id=ours.id)
    return {
        "link": link,
        "reporter": make_user("nhaplieu", unit=na, role="pcdash.reporter"),
        "officer": make_user("canbo", unit=na, role="officer"),
        "admin": make_user("quantri", admin=True),
    }


def find(client, query):
    return client.get("/search", query_string={"q": query}).get_data(as_text=True)


@pytest.mark.req("CORE-21")
def test_reporter_finds_their_units_submissions_only(client, login_as, world):
    login_as(world["reporter"])
    page = find(client, "bao cao thang")
    assert "Báo cáo tháng Nghệ An" in page and f'href="{world["link"]}"' in page
    assert "Báo cáo tháng Hà Tĩnh" not in page


@pytest.mark.req("CORE-21")
def test_without_a_workflow_permission_no_submission_is_found(client, login_as, world):
    login_as(world["officer"])
    assert "Báo cáo tháng" not in find(client, "bao cao thang")
    login_as(world["admin"])
    page = find(client, "bao cao thang")
    assert "Báo cáo tháng Nghệ An" in page and "Báo cáo tháng Hà Tĩnh" in page


@pytest.mark.req("CORE-21")
def test_submissions_of_an_inactive_regime_are_not_found(client, db, login_as, world):
    activation.disable("pcdash")
    db.session.commit()
    login_as(world["reporter"])
    assert "Báo cáo tháng Nghệ An" not in find(client, "bao cao thang")


@pytest.mark.req("CORE-21")
def test_submissions_are_found_only_where_their_regime_is_active(client, db, login_as, world):
    from platform_core.units.models import Unit

    activation.disable("pcdash")
    activation.enable("pcdash", unit=db.session.query(Unit).filter_by(code="SNA").one())
    db.session.commit()
    login_as(world["admin"])
    page = find(client, "bao cao thang")
    assert "Báo cáo tháng Nghệ An" in page and "Báo cáo tháng Hà Tĩnh" not in page
