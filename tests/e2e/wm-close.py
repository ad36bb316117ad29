#!/usr/bin/env python3
"""Asks the app's window to close the way a window manager does when the user clicks its close
button: an ICCCM WM_DELETE_WINDOW client message to the top-level window of the given process.
Closing through WebDriver would end the session without asking the app anything.

Usage: wm-close.py PID   (exit 1 when no such window exists)
"""
import sys

from Xlib import X, display
from Xlib.protocol import event


def windows(d, root):
    pid_atom = d.intern_atom("_NET_WM_PID")
    stack = [root]
    while stack:
        w = stack.pop()
        try:
            prop = w.get_full_property(pid_atom, X.AnyPropertyType)
            stack.extend(w.query_tree().children)
        except Exception:  # the window went away while we looked
            continue
        if prop and prop.value and int(prop.value[0]) == int(sys.argv[1]):
            yield w


def main():
    d = display.Display()
    protocols = d.intern_atom("WM_PROTOCOLS")
    delete = d.intern_atom("WM_DELETE_WINDOW")
    sent = 0
    for w in windows(d, d.screen().root):
        supported = w.get_wm_protocols() or []
        if delete not in supported:
            continue
        w.send_event(
            event.ClientMessage(window=w, client_type=protocols, data=(32, [delete, X.CurrentTime, 0, 0, 0])),
            event_mask=X.NoEventMask,
        )
        sent += 1
    d.flush()
    return 0 if sent else 1


if __name__ == "__main__":
    sys.exit(main())
