"""GOV.UK-worded validators, so every form says "Enter a title" the same way in both languages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import ValidationError
from wtforms.validators import Email, InputRequired, Length, StopValidation


class Required(InputRequired):
    """Like InputRequired, but blank-only text counts as empty and the message is GOV.UK style.

    Also avoids WTForms setting the HTML ``required`` flag: GOV.UK forms use ``novalidate`` and
    server-side messages, since browser bubbles are neither accessible nor translatable.
    """

    field_flags = {}

    def __init__(self, message) -> None:
        super().__init__(message=message)

    def __call__(self, form, field) -> None:
        data = field.data
        empty = data is None or (isinstance(data, str) and not data.strip()) or data in ([], ())
        if empty:
            field.errors[:] = []
            raise StopValidation(self.message)


class MaxLength(Length):
    def __init__(self, thing: str, maximum: int) -> None:
        super().__init__(
            max=maximum,
            message=_l("%(thing)s must be %(max)d characters or fewer", thing=thing, max=maximum),
        )


class EmailAddress(Email):
    def __init__(self) -> None:
        super().__init__(
            message=_l("Enter an email address in the correct format, like name@example.com"),
            check_deliverability=False,
        )


def strip_filter(value):
    return value.strip() if isinstance(value, str) else value


__all__ = ["EmailAddress", "MaxLength", "Required", "ValidationError", "strip_filter"]
