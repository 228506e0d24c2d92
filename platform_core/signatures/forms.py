"""Forms of the signature pages. Passphrases are PasswordFields: never sent back to the browser and never
stripped (a passphrase may end with a space)."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from platform_core.forms import BaseForm


class CredentialForm(BaseForm):
    label = StringField(_l("Tên gợi nhớ"),
                        validators=[Optional(), Length(max=120, message=_l("Tối đa %(max)d ký tự."))],
                        render_kw={"placeholder": _l("Ví dụ: Chứng thư ký số cá nhân 2026")})
    file = FileField(_l("Tệp chứng thư số (.p12, .pfx)"), validators=[
        FileRequired(_l("Hãy chọn tệp chứng thư số.")),
        FileAllowed(["p12", "pfx"], _l("Chỉ nhận tệp .p12 hoặc .pfx.")),
    ])
    passphrase = PasswordField(_l("Mật khẩu của tệp chứng thư"), validators=[Optional()],
                               render_kw={"autocomplete": "off"})


class SignForm(BaseForm):
    credential = SelectField(_l("Chứng thư số"), coerce=int,
                             validators=[DataRequired(_l("Hãy chọn chứng thư số để ký."))])
    passphrase = PasswordField(_l("Mật khẩu của chứng thư"), validators=[Optional()],
                               render_kw={"autocomplete": "off"})


class VerifyForm(BaseForm):
    file = FileField(_l("Tệp PDF cần kiểm tra"), validators=[FileRequired(_l("Hãy chọn tệp PDF."))])


class RevokeForm(BaseForm):
    """Only the CSRF token."""
