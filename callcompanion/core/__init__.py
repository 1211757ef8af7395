"""The Qt-free core: the call and its timer, call types, tickets, settings, templates.

Nothing in this package imports Qt or touches the network; tests drive it with a fake clock.
"""
