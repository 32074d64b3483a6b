"""What orgs tells the features above it, which it must not import (.importlinter: teachers -> orgs):
they subscribe in their ``init_app``.

``member_joined``: a person accepted an invitation and is now an active member; sent inside the
organization's scope (the receivers write there, in the same transaction), with ``org_id``,
``user_id`` and ``email`` (the invitation's address, normalized)."""
from blinker import Namespace

_signals = Namespace()

member_joined = _signals.signal("member-joined")
