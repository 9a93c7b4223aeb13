"""Random public identifiers: nothing about a row's age or count leaks through its id."""

import secrets
import string

BASE62 = string.digits + string.ascii_letters


def random_base62(length: int) -> str:
    return "".join(secrets.choice(BASE62) for _ in range(length))


def new_public_id(prefix: str) -> str:
    """An id like tsk_4Xq9..., 14 base62 characters (~83 bits) after the prefix."""
    return f"{prefix}_{random_base62(14)}"
