"""The ``accounts`` blueprint; the view modules add their routes to it."""
from flask import Blueprint

bp = Blueprint("accounts", __name__)
