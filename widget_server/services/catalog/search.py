"""Text normalisation for search, as an Arabic or French speaker expects it.

Both the indexed text and the query go through normalise(): diacritics (tashkeel and
Latin accents) and tatweel are dropped, hamza forms of alef become bare alef, taa marbuta
becomes haa, alef maqsura becomes yaa, Arabic-Indic digits become ASCII, and Latin text
is case-folded.
"""

from __future__ import annotations

import re
import unicodedata

_LETTER_MAP = str.maketrans(
    {
        "\u0623": "\u0627",  # أ -> ا
        "\u0625": "\u0627",  # إ -> ا
        "\u0622": "\u0627",  # آ -> ا
        "\u0671": "\u0627",  # ٱ (wasla) -> ا
        "\u0629": "\u0647",  # ة -> ه
        "\u0649": "\u064a",  # ى -> ي
        "\u0624": "\u0648",  # ؤ -> و
        "\u0626": "\u064a",  # ئ -> ي
        "\u0640": None,  # tatweel
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian digits
    }
)
_SPACES = re.compile(r"\s+")
_LIKE_SPECIALS = str.maketrans({"\\": "\\\\", "%": "\\%", "_": "\\_"})


def normalise(text: str) -> str:
    text = text.translate(_LETTER_MAP)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # NFKD splits hamza and madda off their carrier; recompose what is left.
    return (
        _SPACES.sub(" ", unicodedata.normalize("NFC", stripped).translate(_LETTER_MAP))
        .casefold()
        .strip()
    )


def terms(query: str, limit: int = 8) -> list[str]:
    """The normalised words of a query, at most limit of them."""
    return [term for term in normalise(query).split(" ") if term][:limit]


def like_pattern(term: str) -> str:
    """A LIKE pattern matching term anywhere, with LIKE's wildcards escaped (ESCAPE '\\')."""
    return "%" + term.translate(_LIKE_SPECIALS) + "%"


def search_columns(name: str, email: str, skills: list[str], message: str) -> tuple[str, str]:
    """What a sign-up is found by: normalised text, and its skills as "|a|b|" tags."""
    normalised_skills = [normalise(skill) for skill in skills]
    text = normalise(" ".join([name, email, *skills, message]))
    tags = "|" + "|".join(normalised_skills) + "|" if normalised_skills else ""
    return text, tags
