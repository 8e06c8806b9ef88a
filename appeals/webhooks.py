"""Outgoing webhook of appeal changes (filled in once the kernel's signed-webhook engine is known)."""


def emit(event) -> None:
    return None
