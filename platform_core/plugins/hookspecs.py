"""The plugin contract: every hook a plugin may implement, in one place.

A plugin is a module (or package ``__init__``) whose functions are decorated with
``platform_core.hookimpl`` and named after the hooks below. Only ``register_plugin`` is required.

How results combine: unless a hook says otherwise, the core calls every *loaded* plugin and
collects the results into one list, which it orders itself (by plugin key, then by the ordering
fields of the returned objects). Never rely on the order plugins load in. Everything a plugin
registers is named with its key: permissions and roles ``<key>.*``, blueprint name ``<key>``
mounted at ``/p/<key>/``, templates under ``templates/<key>/``, tables ``<key>_*``.

Hooks that produce things for users (blueprints, menus) are gated by *activation*: an
administrator activates a plugin for the whole deployment or for unit subtrees at runtime
(``flask plugins enable KEY [--unit CODE]``). A plugin that is loaded but not active answers 404
on its URLs and contributes no menu items.
"""
from platform_core.plugins.markers import hookspec


@hookspec
def register_plugin(app):
    """Declare who the plugin is. Required, exactly once per plugin.

    :param app: the Flask application being built.
    :returns: a :class:`platform_core.PluginInfo` whose ``key`` equals the plugin's registered name.

    Example::

        @hookimpl
        def register_plugin(app):
            return PluginInfo(key="it_reporting", title="Báo cáo CNTT", version="0.1.0",
                              regulation="QĐ 1676/QĐ-BTNMT ngày 12/8/2014", accounts_per_unit=2)
    """


@hookspec
def register_blueprints(app):
    """Web pages of the plugin.

    :returns: a list of :class:`flask.Blueprint`. Each blueprint's name must be the plugin key or
        start with ``<key>.``; the core mounts it under ``/p/<key>`` and answers 404 while the plugin
        is inactive for the requesting user.

    Example::

        @hookimpl
        def register_blueprints(app):
            from plugins.it_reporting.views import bp
            return [bp]
    """


@hookspec
def register_permissions(app):
    """Permissions the plugin checks.

    :returns: a list of :class:`platform_core.Permission`, names ``<key>.<action>``. Two plugins
        declaring the same name is a start-up error.

    Example::

        @hookimpl
        def register_permissions(app):
            return [Permission("it_reporting.report.edit", "Nhập, sửa báo cáo CNTT")]
    """


@hookspec
def register_roles(app):
    """Default roles the plugin offers to unit administrators.

    :returns: a list of :class:`platform_core.RoleSpec` with keys ``<key>.<role>``; their permissions
        must be declared (by this plugin or the core). ``flask db upgrade`` and ``flask roles sync``
        store them; an administrator grants them through memberships.

    Example::

        @hookimpl
        def register_roles(app):
            return [RoleSpec("it_reporting.reporter", "Cán bộ báo cáo CNTT",
                             ("it_reporting.report.view", "it_reporting.report.edit"))]
    """


@hookspec
def menu_items(user):
    """Navigation entries for ``user`` (a signed-in :class:`platform_core.accounts.models.User`).

    :returns: a list of :class:`platform_core.MenuItem`. The core drops items whose permission the user
        lacks and items of inactive plugins, and orders the rest by ``(section, order, label)``.

    Example::

        @hookimpl
        def menu_items(user):
            return [MenuItem("Báo cáo CNTT", "it_reporting.index", "it_reporting.report.view")]
    """


@hookspec
def register_obligation_rules(app):
    """Deadlines the plugin's regime imposes, as rules the core turns into obligations.

    :returns: a list of rule objects from :mod:`platform_core.obligations.rules` — ``FixedYearly``
        (a date every year), ``Periodic`` (a cut-off window and a deadline per period), ``EventRelative``
        (N calendar or working days after an event the plugin reports with
        ``obligations.service.open_for_event``) or ``AdHoc`` (a due date set per request). Keys start
        with ``<key>.``. A rule with an impossible date (31/02) stops start-up, naming the plugin.
        The core generates, stores and reminds; obligations of an inactive plugin are not generated.

    Example::

        @hookimpl
        def register_obligation_rules(app):
            return [FixedYearly("it_reporting.half_year", "Báo cáo 6 tháng", month=6, day=15,
                                period=("calendar_half", 1), unit_types=("department",))]
    """


@hookspec
def register_jobs(app):
    """Scheduled jobs of the plugin.

    :returns: a list of :class:`platform_core.JobSpec` with keys ``<key>.<job>``. The core scheduler runs
        each one exactly once per due time across all processes and hosts, records every run, and skips
        the jobs of a plugin that is not active anywhere. Ids of jobs no longer declared are removed.

    Example::

        @hookimpl
        def register_jobs(app):
            return [JobSpec("email_governance.lock_idle", "plugins.email_governance.jobs:lock_idle",
                            "cron", {"hour": 2}, title="Khoá hộp thư không sử dụng 6 tháng")]
    """


@hookspec
def register_report_types(app):
    """Reports the regime asks units to hand in, with their fields and workflow permissions.

    :returns: a list of :class:`platform_core.ReportType` with keys ``<key>.<report>``. The core gives
        each one data entry, the workflow (draft → submitted → returned/resubmitted → approved → signed →
        sent), consolidation of child units, and PDF/DOCX/XLSX/CSV documents.

    Example::

        @hookimpl
        def register_report_types(app):
            return [ReportType("ktxh.socio_economic", "Báo cáo kinh tế - xã hội tháng",
                               (FieldSpec("revenue", "Thu ngân sách", "decimal", "triệu đồng"),),
                               enter_permission="ktxh.report.enter",
                               approve_permission="ktxh.report.approve",
                               send_permission="ktxh.report.send",
                               consolidate_permission="ktxh.report.consolidate",
                               requires_signature=True)]
    """


@hookspec
def configured_report_types(app):
    """Report types kept as data, which an administrator builds in the browser (a province's regime
    builder), next to those declared in code by ``register_report_types``.

    Called at most once per application context (a request, a job, a command) and only for loaded
    plugins; the result is kept for the rest of the context, so a plugin that saves a report type calls
    ``platform_core.workflow.registry.forget_configured()``. Keys must start with ``<key>.`` and never
    reuse a declared key; a configured report type that fails the checks of ``register_report_types`` is
    logged and left out rather than stopping the site. Its ``rule_keys`` may name rules that are not
    registered: a plugin creates the obligations of its configured regimes itself
    (``obligations.service.generate_for_units``, ``create_ad_hoc``).

    :returns: a list of :class:`platform_core.ReportType`; return ``[]`` when the plugin's tables are not
        migrated yet.

    Example::

        @hookimpl
        def configured_report_types(app):
            return [version.report_type() for version in current_regime_versions()]
    """


@hookspec
def search(query, user):
    """Records of the plugin matching ``query`` (already NFC, stripped) that ``user`` may see.

    :returns: a list of :class:`platform_core.SearchHit`. The plugin must filter by the user's permissions
        itself (``platform_core.access.scope_query``); the core merges and orders the hits of every active
        plugin.

    Example::

        @hookimpl
        def search(query, user):
            stmt = scope_query(select(Project).where(Project.name.ilike(f"%{query}%")), Project.unit_id,
                               user, "it_reporting.report.view")
            return [SearchHit(p.name, url_for("it_reporting.project", id=p.id)) for p in db.session.scalars(stmt)]
    """


@hookspec
def published_figures(app):
    """Figures the regime publishes on the public dashboard (no sign-in needed).

    :returns: a list of dicts ``{"title": str, "rows": [(label, value)], "source": str}``, computed from
        data units have completed; called on every view of the public page.
    """


@hookspec
def register_commands(cli):
    """Add CLI commands.

    :param cli: the ``flask`` click group; add a group named after the plugin key.
    :returns: nothing.

    Example::

        @hookimpl
        def register_commands(cli):
            @cli.group("it_reporting")
            def group(): ...
    """


@hookspec
def seed_demo(session):
    """Create the plugin's demo data; called by ``flask demo seed`` after the core's units and users.

    Must be idempotent: running it twice creates nothing new.

    :param session: the SQLAlchemy session; the core commits after every plugin.
    :returns: nothing, or a list of lines to print (for instance demo log-ins).
    """
