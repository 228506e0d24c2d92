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


DATE_HINT = {"placeholder": "dd/mm/yyyy"}


def valid_date(form, field):
    """WTForms validator for a text field holding a date as officers type it (dd/mm/yyyy)."""
    from flask_babel import lazy_gettext as _l
    from wtforms.validators import ValidationError

    from platform_core.timeutil import parse_date

    if field.data:
        try:
            parse_date(field.data)
        except ValueError:
            raise ValidationError(_l("Ngày không hợp lệ: nhập ngày có thật theo dạng dd/mm/yyyy, "
                                     "ví dụ 25/12/2025.")) from None
