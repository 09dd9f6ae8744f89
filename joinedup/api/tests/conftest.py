"""Fixtures the API tests share with the apps they expose."""

from joinedup.governance.tests.conftest import jlg  # noqa: F401
from joinedup.meetings.tests.conftest import (  # noqa: F401
    board_meeting,
    elm,
    held_board,
    jlg_meeting,
    media_root,
)
