"""The TOTP second factor (RFC 6238 through pyotp), with a replay guard."""
from __future__ import annotations

import pyotp
import segno

from app.accounts import sealed
from app.accounts.models import User
from app.core.models import utcnow

ISSUER = "Nastavnik"


def new_secret() -> str:
    return pyotp.random_base32()


def grouped(secret: str) -> str:
    """The key as a person types it by hand: groups of four characters («ABCD EFGH …»)."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(uri: str, title: str | None = None) -> str:
    """An inline SVG of the QR code: no script, no external request (fits the CSP). No width and
    height but a viewBox of the whole symbol (quiet zone included), so the stylesheet scales it whole
    to any width (``.qr svg``) instead of showing its top-left part."""
    return segno.make(uri, error="m").svg_inline(scale=5, dark="#1b1f24", light="#ffffff", omitsize=True,
                                                 svgclass="qr-code", title=title)


def _matching_step(secret: str, code: str) -> int | None:
    code = (code or "").strip().replace(" ", "")
    if not code.isdigit() or len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now = utcnow()
    for offset in (-1, 0, 1):  # one step of clock drift either way
        at = now.timestamp() + offset * totp.interval
        if totp.at(at) == code:
            return int(at // totp.interval)
    return None


def verify(user: User, code: str, secret: str | None = None) -> bool:
    """Check a code against the user's secret (or a secret being enrolled); a code is used once."""
    secret = secret or sealed.unseal(user.totp_secret)
    if not secret:
        return False
    step = _matching_step(secret, code)
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        return False
    user.totp_last_step = step
    return True


def enable(user: User, secret: str) -> None:
    user.totp_secret = sealed.seal(secret)
    user.totp_enabled_at = utcnow()


def disable(user: User) -> None:
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
