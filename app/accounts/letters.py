"""Letters of accounts whose recipient is decided at delivery (app/mail/services.py ``letter_builder``):
the request records a letter to an address; the delivery job calls the builder named on the row."""
from __future__ import annotations

from flask import current_app

from app.accounts import services
from app.core.links import external_url
from app.mail.services import Recipient, letter_builder


@letter_builder
def password_reset(address: str, context: dict) -> Recipient | None:
    """The reset link of the account with this address, made now (it is valid from the moment the
    letter leaves); nobody — an unknown or deactivated account — means no letter at all."""
    user = services.find_user_for_login(address)
    if user is None or not user.is_active:
        return None
    token = services._reset_serializer().dumps({"u": str(user.id), "p": services._password_fingerprint(user)})
    return Recipient(locale=user.locale, context={
        "full_name": user.full_name, "link": external_url("auth.reset_password", token=token),
        "minutes": current_app.config["PASSWORD_RESET_TTL_MINUTES"]})
