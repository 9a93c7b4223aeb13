"""Column types the models share."""

import enum

from sqlalchemy import Enum


def str_enum(cls: type[enum.StrEnum]) -> Enum:
    """A string enum stored as its values in a short VARCHAR: no database type to migrate."""
    return Enum(cls, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])
