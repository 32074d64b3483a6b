"""What pairs tells the features above it, which it must not import (.importlinter: programmes ->
pairs): they subscribe in their ``init_app``.

``pair_ended``: a pair or group completed or ended early (Положение 7.1); sent inside the school's
scope, in the transaction that ended it (the receivers write there), with ``pair_id`` and ``reason``
(an ``EndReason``)."""
from blinker import Namespace

_signals = Namespace()

pair_ended = _signals.signal("pair-ended")
