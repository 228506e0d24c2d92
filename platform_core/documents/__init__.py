"""Official documents: the Nghị định 30/2020 layout, PDF/DOCX/XLSX/CSV of submissions, background exports.

``render`` is the entry point for other parts (``render_html_document``, ``to_pdf``, ``render_submission``);
``fonts`` names the shipped font files; ``views`` serves the export pages.
"""


def init_app(app):
    from platform_core.documents.views import bp

    app.register_blueprint(bp)
