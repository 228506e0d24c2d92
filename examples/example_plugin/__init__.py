"""The example plugin: implements every hook of ``platform_core/plugins/hookspecs.py`` in the smallest
way that works, so plugin authors can copy its shape and the core can test the contract end to end.

It is not bundled: tests load it under the key ``example`` (see tests/test_example_plugin.py), and an
installable package would advertise it through the ``platform_core.plugins`` entry-point group.
"""
import click

from platform_core import FieldSpec, JobSpec, MenuItem, Permission, PluginInfo, ReportType, RoleSpec, hookimpl

KEY = "example"


@hookimpl
def register_plugin(app):
    return PluginInfo(key=KEY, title="Plugin mẫu", version="1.0.0", regulation="(không có — plugin mẫu)",
                      description="Minh hoạ mọi hook của nền tảng.")


@hookimpl
def register_permissions(app):
    return [Permission("example.note.view", "Xem ghi chú mẫu"), Permission("example.note.edit", "Sửa ghi chú mẫu")]


@hookimpl
def register_roles(app):
    return [RoleSpec("example.editor", "Người sửa ghi chú mẫu", ("example.note.view", "example.note.edit"))]


@hookimpl
def register_blueprints(app):
    from examples.example_plugin.views import bp

    return [bp]


@hookimpl
def menu_items(user):
    return [MenuItem("Ghi chú mẫu", "example.index", "example.note.view", order=90)]


@hookimpl
def register_obligation_rules(app):
    from platform_core.obligations.rules import Periodic

    # ND 09 monthly window (15th of the previous month to the 14th), due on the 20th of the month.
    return [Periodic("example.monthly", "Báo cáo tháng mẫu", "month", due_day=20)]


@hookimpl
def register_report_types(app):
    return [ReportType("example.monthly_report", "Báo cáo tháng mẫu",
                       (FieldSpec("notes", "Số ghi chú", "int", "ghi chú"),
                        FieldSpec("remarks", "Nhận xét", "text", aggregate="none")),
                       enter_permission="example.note.edit", approve_permission="example.note.edit",
                       send_permission="example.note.edit", rule_keys=("example.monthly",))]


@hookimpl
def configured_report_types(app):
    from examples.example_plugin.services import checklist_report_type

    return checklist_report_type()


@hookimpl
def search(query, user):
    from examples.example_plugin.services import find_notes

    return find_notes(query, user)


@hookimpl
def published_figures(app):
    from examples.example_plugin.services import note_count

    return [{"title": "Ghi chú mẫu", "rows": [("Số ghi chú", note_count())], "source": "Plugin mẫu"}]


@hookimpl
def register_jobs(app):
    return [JobSpec("example.count_notes", "examples.example_plugin.services:note_count", "interval",
                    {"hours": 1}, title="Đếm ghi chú mẫu")]


@hookimpl
def register_commands(cli):
    @cli.group(KEY)
    def group():
        """Lệnh của plugin mẫu."""

    @group.command("count")
    def count():
        from examples.example_plugin.services import note_count

        click.echo(note_count())


@hookimpl
def seed_demo(session):
    from examples.example_plugin.services import ensure_welcome_note

    ensure_welcome_note(session)
    return ["  (plugin mẫu) một ghi chú chào mừng"]
