"""Problems found in a file a person handed in, located the way that person looks for them.

Pure Python, shared by every importer (bodies, catalogs): one shape for "row N, column 列名: what is
wrong", and one exception that carries every problem at once, because a person fixing a spreadsheet
wants the whole list, not one error per attempt.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as a person would look for it."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class InputError(Exception):
    """The input cannot be used; `problems` says every reason found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def fail(message: str, row: int | None = None, column: str | None = None) -> InputError:
    return InputError([Problem(row, column, message)])
