"""The plugin's one blueprint, mounted by the core under /p/provincial_reports/; page modules add routes."""
from flask import Blueprint

bp = Blueprint("provincial_reports", __name__, template_folder="templates")
