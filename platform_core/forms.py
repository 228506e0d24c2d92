"""The base form every page uses: CSRF (Flask-WTF) and Unicode NFC on every text input."""
from flask_wtf import FlaskForm

from platform_core.database import nfc


def _strip_nfc(value):
    value = nfc(value)
    return value.strip() if isinstance(value, str) else value


class BaseForm(FlaskForm):
    """Subclass this instead of FlaskForm: text arrives stripped and in NFC (TCVN 6909:2001)."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = list(unbound_field.kwargs.get("filters", ()))
            if unbound_field.field_class.__name__ not in {"PasswordField", "FileField", "MultipleFileField"}:
                filters.append(_strip_nfc)
            else:
                filters.append(nfc)
            return unbound_field.bind(form=form, filters=filters, **options)
