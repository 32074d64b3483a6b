"""Pagination arguments of list pages."""
from __future__ import annotations

from flask import request


def page_arg() -> int:
    return max(request.args.get("page", 1, type=int) or 1, 1)
