"""Errors raised when user-supplied Spack text cannot be understood.

Both errors subclass :class:`ValueError` so callers that only care about "bad input" can
catch one type, while the GraphQL layer can read the structured attributes to point the user
at the exact problem.
"""

from __future__ import annotations

__all__ = ["SpecSyntaxError", "UnknownTargetError"]


class SpecSyntaxError(ValueError):
    """A spec string (or a piece of one) that does not follow Spack's spec syntax.

    Attributes:
        message: What was expected or what is wrong, without position information.
        token: The offending text as it appears in the input; empty at end of input.
        column: 1-based column of ``token`` in the original input string.
    """

    def __init__(self, message: str, token: str, column: int) -> None:
        self.message = message
        self.token = token
        self.column = column
        # Keep the constructor arguments as ``args`` so the error pickles and copies.
        super().__init__(message, token, column)

    def __str__(self) -> str:
        if self.token:
            return f"unexpected token {self.token!r} at column {self.column}: {self.message}"
        return f"{self.message} (at column {self.column})"

    def __repr__(self) -> str:
        return f"SpecSyntaxError({self.message!r}, {self.token!r}, {self.column!r})"


class UnknownTargetError(ValueError):
    """A microarchitecture name that archspec does not know.

    Attributes:
        name: The name as the user gave it.
        suggestions: Known names close to ``name``, best first (possibly empty).
    """

    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name = name
        self.suggestions = list(suggestions)
        super().__init__(name, self.suggestions)

    def __str__(self) -> str:
        text = f"unknown microarchitecture {self.name!r}"
        if self.suggestions:
            text += f"; did you mean: {', '.join(self.suggestions)}?"
        return text

    def __repr__(self) -> str:
        return f"UnknownTargetError({self.name!r}, {self.suggestions!r})"
